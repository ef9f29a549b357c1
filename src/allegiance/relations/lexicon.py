"""The relation trigger lexicon: rules as data, loaded from YAML.

The shipped lexicon (``lexicon.yaml`` beside this module) maps verbs, nouns,
adjectives and multi-word phrases to a :class:`~allegiance.model.RelationType`
(the sign follows from the type) and says where the counterpart of the
relation is found (direct object, which prepositions). It also lists the
polarity, modality and time markers the extractor reads.

Examples
--------
>>> lex = load_lexicon()
>>> rule = lex.verbs["ally"][0]
>>> rule.type.value, rule.preps["with"].value
('ally', 'ally')
>>> lex.verbs["vote"][0].preps["against"].sign
<Sign.NEGATIVE: -1>
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, TypeVar

import yaml

from allegiance.errors import ConfigError
from allegiance.model import RelationType, Sign

__all__ = [
    "DEFAULT_LEXICON_PATH",
    "Lexicon",
    "Modifiers",
    "PhraseRule",
    "TriggerRule",
    "derived",
    "lexicon_from_dict",
    "load_lexicon",
    "parse_lexicon",
]

DEFAULT_LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")

class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml parses ~5x faster when present
    """YAML 1.2 booleans only: bare on/off/yes/no stay words (prepositions, negations)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))

_DEFAULT_WEIGHT = {"verb": 0.8, "noun": 0.7, "adj": 0.7, "phrase": 0.75, "joint": 0.75, "tie": 0.7}


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One single-word trigger (a row of the lexicon).

    Examples
    --------
    >>> r = TriggerRule("back", "verb", RelationType.SUPPORT, object=True)
    >>> r.directed
    True
    """

    lemma: str
    pos: str
    type: RelationType
    object: bool = False
    preps: Mapping[str, RelationType] = field(default_factory=dict)
    requires_any: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    symmetric: bool | None = None
    role: bool = False
    reverse: bool = False
    weight: float = 0.75
    negated: RelationType | None = None  # what the word negated states ("has not recognised Y": oppose)
    partner_kinds: tuple[str, ...] = ()  # partners must be actors of these kinds ("left the EU", not "left Paris")

    @property
    def directed(self) -> bool:
        """True for one-way acts; symmetric wording gives undirected relations."""
        sym = self.type.symmetric if self.symmetric is None else self.symmetric
        return not sym

    def type_for(self, prep: str | None) -> RelationType:
        """The relation type when the counterpart comes through ``prep``."""
        if prep is not None and prep in self.preps:
            return self.preps[prep]
        return self.type


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """A multi-word trigger matched on the lower-cased surface ("at odds")."""

    words: tuple[str, ...]
    type: RelationType
    preps: Mapping[str, RelationType] = field(default_factory=dict)
    partner: str = "prep"
    symmetric: bool | None = None
    weight: float = 0.75

    @property
    def directed(self) -> bool:
        """True for one-way acts."""
        sym = self.type.symmetric if self.symmetric is None else self.symmetric
        return not sym


@dataclass(frozen=True, slots=True)
class Modifiers:
    """Word lists for negation, modality, hedging, reported speech and time."""

    negation: frozenset[str]
    near_negation: frozenset[str]
    failure_verbs: frozenset[str]
    negated_becomes: Mapping[RelationType, RelationType]
    future_aux: frozenset[str]
    modal_aux: frozenset[str]
    future_verbs: frozenset[str]
    say_verbs: frozenset[str]
    hedges: frozenset[str]
    hedge_verbs: frozenset[str]
    strong_hedge_nouns: frozenset[str]
    conditional_marks: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_determiners: frozenset[str]
    past_markers: frozenset[str]
    past_preps: frozenset[str]
    current_markers: frozenset[str]
    past_under: bool = True
    question_skip: bool = True
    refusal_verbs: frozenset[str] = frozenset()
    refused_object_verbs: frozenset[str] = frozenset()
    request_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All trigger rules and marker lists, indexed for cheap per-token lookup."""

    verbs: Mapping[str, tuple[TriggerRule, ...]]
    nouns: Mapping[str, tuple[TriggerRule, ...]]
    adjectives: Mapping[str, tuple[TriggerRule, ...]]
    joint: Mapping[str, tuple[TriggerRule, ...]]
    phrases: tuple[PhraseRule, ...]
    modifiers: Modifiers
    departure_callers: frozenset[str]
    departure_verbs: frozenset[str]
    departure_complements: frozenset[str]
    departure_nouns: frozenset[str]
    spawn_verbs: frozenset[str]
    proxy_nouns: frozenset[str]
    arena_nouns: frozenset[str] = frozenset()
    author_nouns: frozenset[str] = frozenset()
    harm_nouns: frozenset[str] = frozenset()
    plural_references: frozenset[str] = frozenset()
    past_periods: frozenset[str] = frozenset()
    receive_verbs: frozenset[str] = frozenset()
    evaluative_positive: frozenset[str] = frozenset()
    reversal_verbs: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    group_identities: frozenset[str] = frozenset()
    evaluative_negative: frozenset[str] = frozenset()
    evaluative_loss_verbs: frozenset[str] = frozenset()
    tie_nouns: frozenset[str] = frozenset()
    counter_group_nouns: frozenset[str] = frozenset()
    tie_words: Mapping[str, tuple[TriggerRule, ...]] = field(default_factory=dict)
    act_nouns: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def role_nouns(self) -> frozenset[str]:
        """Lemmas of role nouns ("supporter", "rival"): their possessor is a counterpart, not a proxy."""
        return frozenset(k for k, rules in self.nouns.items() if any(r.role for r in rules))

    @property
    def size(self) -> int:
        """Number of trigger rows (single words and phrases)."""
        return (
            sum(len(v) for v in self.verbs.values())
            + sum(len(v) for v in self.nouns.values())
            + sum(len(v) for v in self.adjectives.values())
            + sum(len(v) for v in self.joint.values())
            + sum(len(v) for v in self.tie_words.values())
            + len(self.phrases)
        )


def _word(value: Any) -> str:
    """A word from YAML; YAML 1.1 reads bare on/off/yes/no as booleans, so undo that."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value).lower()


def _rtype(value: Any, where: str) -> RelationType:
    try:
        return RelationType(str(value))
    except ValueError as exc:
        allowed = ", ".join(t.value for t in RelationType)
        raise ConfigError(f"unknown relation type {value!r} in {where}", hint=f"use one of: {allowed}") from exc


def _preps(value: Any, default: RelationType, where: str) -> dict[str, RelationType]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {_word(k): _rtype(v, where) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return {_word(p): default for p in value}
    raise ConfigError(f"`preps` must be a list or a mapping in {where}", hint="see lexicon.yaml")


def _words(values: Any) -> frozenset[str]:
    return frozenset(_word(v) for v in (values or ()))


def _rule(row: Mapping[str, Any], pos: str, where: str) -> TriggerRule:
    if not isinstance(row, Mapping) or "lemma" not in row or "type" not in row:
        raise ConfigError(f"each row needs `lemma` and `type` in {where}: {row!r}", hint="see lexicon.yaml")
    rtype = _rtype(row["type"], where)
    return TriggerRule(
        lemma=str(row["lemma"]).lower(),
        pos=pos,
        type=rtype,
        object=bool(row.get("object", False)),
        preps=_preps(row.get("preps"), rtype, where),
        requires_any=tuple(_word(w) for w in row.get("requires_any") or ()),
        excludes=tuple(_word(w) for w in row.get("excludes") or ()),
        verbs=tuple(str(w).lower() for w in row.get("verbs") or ()),
        nouns=tuple(str(w).lower() for w in row.get("nouns") or ()),
        symmetric=row.get("symmetric"),
        role=bool(row.get("role", False)),
        reverse=bool(row.get("reverse", False)),
        weight=float(row.get("weight", _DEFAULT_WEIGHT[pos])),
        negated=_rtype(row["negated"], where) if row.get("negated") else None,
        partner_kinds=tuple(str(k).lower() for k in row.get("partner_kinds") or ()),
    )


def _index(rows: Any, pos: str, where: str) -> dict[str, tuple[TriggerRule, ...]]:
    index: dict[str, list[TriggerRule]] = {}
    for row in rows or ():
        rule = _rule(row, pos, where)
        index.setdefault(rule.lemma, []).append(rule)
    return {k: tuple(v) for k, v in index.items()}


def _phrase_wordings(words: Any, where: str) -> list[tuple[str, ...]]:
    """Every wording of a phrase row's ``words``, where a position may list alternatives (the forms of a verb).

    Examples
    --------
    >>> _phrase_wordings(["at", "odds"], "lexicon")
    [('at', 'odds')]
    >>> _phrase_wordings([["trade", "traded"], "barbs"], "lexicon")
    [('trade', 'barbs'), ('traded', 'barbs')]
    >>> try:
    ...     _phrase_wordings([[], "barbs"], "lexicon")
    ... except ConfigError as error:
    ...     print(str(error).split(",")[0])
    a phrase's `words` is a list of words
    """
    if not isinstance(words, (list, tuple)) or not words \
            or any(isinstance(position, (list, tuple)) and not position for position in words):
        raise ConfigError(f"a phrase's `words` is a list of words, each position a word or a non-empty list of "
                          f"alternatives, in {where}: {words!r}")
    choices = [[_word(w) for w in position] if isinstance(position, (list, tuple)) else [_word(position)]
               for position in words]
    return list(itertools.product(*choices))


def _phrase_rules(rows: Iterable[Any], where: str) -> list[PhraseRule]:
    """The ``phrases`` rows of a lexicon as :class:`PhraseRule` objects, one per wording of a row."""
    phrases = []
    for row in rows:
        if not isinstance(row, Mapping) or "words" not in row or "type" not in row:
            raise ConfigError(f"each phrase needs `words` and `type` in {where}: {row!r}")
        rtype = _rtype(row["type"], where)
        preps = _preps(row.get("preps"), rtype, where)
        phrases.extend(
            PhraseRule(words=words, type=rtype, preps=preps, partner=str(row.get("partner", "prep")),
                       symmetric=row.get("symmetric"), weight=float(row.get("weight", _DEFAULT_WEIGHT["phrase"])))
            for words in _phrase_wordings(row["words"], where))
    return phrases


def lexicon_from_dict(data: Mapping[str, Any], *, where: str = "lexicon") -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML mapping.

    Examples
    --------
    >>> lex = lexicon_from_dict({"verbs": [{"lemma": "back", "type": "support", "object": True}]})
    >>> lex.verbs["back"][0].object
    True
    """
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where} must be a YAML mapping", hint="see lexicon.yaml for the layout")
    phrases = _phrase_rules(data.get("phrases") or (), where)
    mods = data.get("modifiers") or {}
    negated_becomes = {
        _rtype(k, where): _rtype(v, where) for k, v in (mods.get("negated_becomes") or {}).items()
    }
    modifiers = Modifiers(
        negation=_words(mods.get("negation")),
        near_negation=_words(mods.get("near_negation")),
        failure_verbs=_words(mods.get("failure_verbs")),
        refusal_verbs=_words(mods.get("refusal_verbs")),
        refused_object_verbs=_words(mods.get("refused_object_verbs")),
        request_verbs=_words(mods.get("request_verbs")),
        negated_becomes=negated_becomes,
        future_aux=_words(mods.get("future_aux")),
        modal_aux=_words(mods.get("modal_aux")),
        future_verbs=_words(mods.get("future_verbs")),
        say_verbs=_words(mods.get("say_verbs")),
        hedges=_words(mods.get("hedges")),
        hedge_verbs=_words(mods.get("hedge_verbs")),
        strong_hedge_nouns=_words(mods.get("strong_hedge_nouns")),
        conditional_marks=_words(mods.get("conditional_marks")),
        hypothetical_aux=_words(mods.get("hypothetical_aux")),
        hypothetical_determiners=_words(mods.get("hypothetical_determiners")),
        past_markers=_words(mods.get("past_markers")),
        past_preps=_words(mods.get("past_preps")),
        current_markers=_words(mods.get("current_markers")),
        past_under=bool(mods.get("past_under", True)),
        question_skip=bool(mods.get("question_skip", True)),
    )
    dep = data.get("departure") or {}
    nouns = _index(data.get("nouns"), "noun", where)
    return Lexicon(
        verbs=_index(data.get("verbs"), "verb", where),
        nouns=nouns,
        adjectives=_index(data.get("adjectives"), "adj", where),
        joint=_index(data.get("joint_modifiers"), "joint", where),
        phrases=tuple(phrases),
        modifiers=modifiers,
        departure_callers=_words(dep.get("callers")),
        departure_verbs=_words(dep.get("verbs")),
        departure_complements=_words(dep.get("be_complements")),
        departure_nouns=_words(data.get("departure_nouns")),
        spawn_verbs=_words(data.get("spawn_verbs")),
        proxy_nouns=_words(data.get("proxy_nouns")),
        arena_nouns=_words(data.get("arena_nouns")),
        author_nouns=_words(data.get("author_nouns")),
        harm_nouns=_words(data.get("harm_nouns")) | frozenset(
            lemma for lemma, rules in nouns.items() if any(r.type.sign is Sign.NEGATIVE for r in rules)),
        plural_references=_words(data.get("plural_references")),
        past_periods=_words(data.get("past_periods")),
        receive_verbs=_words(data.get("receive_verbs")),
        reversal_verbs=_words(data.get("reversal_verbs")),
        group_nouns=_words((data.get("generic_groups") or {}).get("nouns")),
        group_identities=_words((data.get("generic_groups") or {}).get("identities")),
        evaluative_positive=_words((data.get("evaluative") or {}).get("positive")),
        evaluative_negative=_words((data.get("evaluative") or {}).get("negative")),
        evaluative_loss_verbs=_words((data.get("evaluative") or {}).get("loss_verbs")),
        tie_nouns=_words((data.get("ties") or {}).get("nouns")),
        counter_group_nouns=_words(data.get("counter_group_nouns")),
        tie_words=_index((data.get("ties") or {}).get("words"), "tie", where),
        act_nouns={_word(noun): _words(lemmas) for noun, lemmas in (data.get("act_nouns") or {}).items()},
    )


@lru_cache(maxsize=8)
def _load_cached(path: str) -> Lexicon:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise ConfigError(f"cannot read the trigger lexicon {path}", hint="give an existing YAML file") from exc
    return parse_lexicon(text, where=path)


def parse_lexicon(text: str, *, where: str = "lexicon") -> Lexicon:
    """Build a :class:`Lexicon` from YAML text laid out like the shipped ``lexicon.yaml`` (not cached).

    Examples
    --------
    >>> parse_lexicon("verbs: [{lemma: back, type: support, object: true}]").size
    1
    """
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise ConfigError(f"the trigger lexicon {where} is not valid YAML ({exc})",
                          hint="fix the YAML syntax") from exc
    return lexicon_from_dict(data, where=where)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load a trigger lexicon from YAML (the shipped one by default; cached).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file laid out like the shipped ``lexicon.yaml``.

    Examples
    --------
    >>> load_lexicon().size > 200
    True
    """
    return _load_cached(str(path or DEFAULT_LEXICON_PATH))


_T = TypeVar("_T")
_DERIVED: dict[tuple, tuple[Lexicon, tuple, Any]] = {}


def derived(lex: Lexicon, build: Callable[..., _T], *args: Any) -> _T:
    """``build(lex, *args)``, computed once per lexicon (and per identity of ``args``, e.g. a
    vocab) and kept: the word sets and indexes matchers read.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> def verb_lemmas(lx): return frozenset(lx.verbs)
    >>> derived(lex, verb_lemmas) is derived(lex, verb_lemmas)
    True
    """
    if not args:  # the common case, kept cheap: matchers call this per sentence
        hit = _DERIVED.get((id(lex), build))
        if hit is not None and hit[0] is lex:
            return hit[2]
    key = (id(lex), build, *map(id, args))
    hit = _DERIVED.get(key)
    # the id of a lexicon (or argument) that is gone may be reused: the entry holds them to compare
    if hit is None or hit[0] is not lex or any(a is not b for a, b in zip(hit[1], args)):
        if len(_DERIVED) >= 64:
            _DERIVED.clear()
        hit = _DERIVED[key] = (lex, args, build(lex, *args))
    return hit[2]


def _role_noun_set(lex: Lexicon) -> frozenset[str]:
    return lex.role_nouns


def role_noun_lemmas(lex: Lexicon) -> frozenset[str]:
    """:attr:`Lexicon.role_nouns`, computed once per lexicon (matchers ask per sentence).

    Examples
    --------
    >>> "ally" in role_noun_lemmas(load_lexicon())
    True
    """
    return derived(lex, _role_noun_set)
