"""spaCy components that find political actors and say which actor each mention means.

Two components, added to a loaded English pipeline by :func:`add_actor_pipes`:

``allegiance_actor_ruler`` (before ``"ner"``)
    A :class:`~spacy.matcher.PhraseMatcher` over every alias of the knowledge
    base. Matches are checked for capitalisation (an alias written "Unite"
    does not match "unite") and for context guards ("Unite" as a verb,
    "Labour costs", "Turkey sandwiches", "Chad Smith", "a summit in Moscow"),
    extended over force and government nouns ("US forces", "Russian troops"),
    and over possessives naming a party ("the party's BAME leadership").
    The surviving matches are written to ``doc.ents`` with ``kb_id_`` set to
    the actor id, so the statistical NER respects them and works around them.

``allegiance_actor_resolver`` (after ``"ner"``)
    Turns every entity into an actor mention in ``doc.spans["actors"]``:
    knowledge-base matches, exact aliases the ruler could not see, surnames and
    titles of people already named in the document ("Khan" -> Afzhal Khan),
    near-miss spellings (rapidfuzz, with a high threshold and kind check),
    surnames only one known person has ("Schumer"), honorifics before names
    the small model missed ("Mr Weld"), and otherwise an ad-hoc actor with a
    stable id ("PER:jim_mcmahon"). Non-political entities (dates, money, photo
    credits, places used as places) are left out. It then resolves "the
    country", "the party", "the president", "both countries", "the two
    communist powers", "they"/"their" and "he"/"his" to the last compatible
    actor(s), with a lower confidence; reads "Labour" in a story about
    Australia as Labor (``context_aliases``); and, when ``doc._.doc_date`` is
    set, maps a state to the historical state of the time ("Moscow" in 1962
    is the Soviet Union; ``covers`` in the knowledge base).

Each span carries ``span._.actor`` (:class:`allegiance.model.Actor`),
``span._.actor_confidence`` and, for a reference to several actors ("Unite and
the GMB ... they", "both countries"), ``span._.actor_group``: the tuple of
member actors (``span._.actor`` is then a ``group`` actor naming them), and
``span._.actor_rule``: a short human-readable reason for the resolution.

Examples
--------
>>> from allegiance.nlp import load_model
>>> nlp = add_actor_pipes(load_model())
>>> doc = nlp("Moscow announced a joint raid with US forces.")
>>> [(s.text, s._.actor.id) for s in doc.spans["actors"]]
[('Moscow', 'RUS'), ('US forces', 'USA')]
"""

from __future__ import annotations

import bisect
import functools
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import srsly
import yaml
from rapidfuzz import fuzz, process
from spacy.attrs import LOWER, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from allegiance.actors.kb import (
    AliasEntry,
    KnowledgeBase,
    adhoc_actor_id,
    load_knowledge_base,
    normalise_alias,
    slugify,
)
from allegiance.actors.documents import (
    country_context,
    country_votes,
    defined_abbreviations,
    is_shared_party_name,
    listed_as_alliance_members,
    one_reading_per_document,
)
from allegiance.model import Actor, ActorKind
from allegiance.nlp.extensions import ACTOR_SPANS_KEY, register_extensions

__all__ = [
    "ActorRuler",
    "ActorResolver",
    "add_actor_pipes",
    "shared_knowledge_base",
    "RULER_NAME",
    "RESOLVER_NAME",
]

RULER_NAME = "allegiance_actor_ruler"
RESOLVER_NAME = "allegiance_actor_resolver"
_CONF_KEY = "allegiance_actor_conf"
_ADJ_CACHE_KEY = "allegiance_actor_adjectives"
_BLOCK_PREFIX = "BLOCK::"
_BLOCK_LABEL = "NOT_AN_ACTOR"

register_extensions()
for _name in ("actor_group", "actor_rule"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

_ACTOR_MARK = "__allegiance_actor__"


def _encode_actor(obj, chain=None):
    """msgpack encoder so Docs carrying actors survive ``to_bytes`` and ``n_process > 1``."""
    if isinstance(obj, Actor):
        return {_ACTOR_MARK: True, "id": obj.id, "name": obj.name, "kind": obj.kind.value,
                "aliases": list(obj.aliases), "parent": obj.parent,
                "valid_from": obj.valid_from, "valid_to": obj.valid_to}
    return obj if chain is None else chain(obj)


def _decode_actor(obj, chain=None):
    if isinstance(obj, dict) and obj.get(_ACTOR_MARK):
        return Actor(obj["id"], obj["name"], ActorKind(obj["kind"]), tuple(obj.get("aliases") or ()),
                     obj.get("parent"), obj.get("valid_from"), obj.get("valid_to"))
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("allegiance_actor", func=_encode_actor)
srsly.msgpack_decoders.register("allegiance_actor", func=_decode_actor)


@functools.lru_cache(maxsize=8)
def _cached_kb(paths: tuple[str, ...]) -> KnowledgeBase:
    return load_knowledge_base(paths)


def shared_knowledge_base(paths: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The knowledge base for these user files, loaded once per process.

    Examples
    --------
    >>> shared_knowledge_base() is shared_knowledge_base()
    True
    """
    return _cached_kb(tuple(str(Path(p)) for p in paths))


# ----------------------------------------------------------------------------- word lists
FORCE_NOUNS = frozenset(
    """forces troops army military navy soldiers government officials authorities diplomats
    administration regime ministry embassy negotiators delegation envoy envoys spokesman spokeswoman
    spokesperson intelligence leadership leaders cabinet police marines militia warplanes jets
    people public state parliament establishment agents negotiators tanks warships aircraft planes
    submarines divisions advisers paratroopers commandos units fleet voters""".split()
)
ACTION_NOUNS = frozenset(
    """aggression pressure pledge bombing bombers support intervention invasion backing action
    expansion occupation strikes airstrikes blockade embargo sanctions aid ultimatum demands
    agents diplomacy veto""".split()
)
MEMBER_NOUNS = frozenset(
    """lawmakers senators members leaders leadership congressmen congresswomen representatives mps
    meps councillors politicians officials activists candidates establishment lawmaker senator
    governors legislators caucus colleagues""".split()
)
FORCE_BIGRAMS = frozenset(
    {("air", "force"), ("foreign", "ministry"), ("defence", "ministry"), ("defense", "ministry"),
     ("armed", "forces"), ("security", "forces"), ("special", "forces"), ("foreign", "office"),
     ("state", "department"), ("security", "services"), ("intelligence", "services")}
)
_WORK_NOUNS = frozenset(
    """costs cost market markets shortage shortages force forces law laws day camp camps ward
    pains productivity supply exploitation unions union movement relations saving intensive
    shortfall exchange exchanges inspectorate""".split()
)
_WORK_PRE = frozenset("hard manual forced child cheap skilled unskilled physical slave migrant casual".split())
_FOOD_NEXT = frozenset(
    """sandwich sandwiches dinner dinners breast breasts meat leg legs slices slice burger burgers
    roast stuffing bacon mince sausage sausages curry feathers farm farms farmer farmers drumsticks
    gravy salad wrap wraps sandwich club baster""".split()
)
_FOOD_PRE = frozenset("roast roasted stuffed smoked christmas thanksgiving carve carved sliced leftover cooked wild eat ate eating".split())
_TITLES = frozenset(
    """mr mrs ms miss dr sir dame lord lady president vice prime minister pm premier chancellor
    secretary general gen senator sen rep governor gov mayor king queen prince princess pope
    ayatollah sheikh emir ambassador judge justice speaker leader chairman colonel col commander
    comrade mr. mrs. ms. dr. sen. gov. rep. gen. col. st. saint""".split()
)
_PLACE_NOUNS_AFTER_CAPITAL = frozenset(
    """state post times university summit airport city county mayor police marathon street
    residents correspondent bureau""".split()
)
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near"})
_HONORIFICS = frozenset(
    """mr mrs ms miss dr sen senator rep representative congressman congresswoman governor gov
    president speaker mayor sir dame lord lady""".split()
)
_LOCATIVE = frozenset("in at from to near outside into across around via through towards toward within inside of".split())
_ABSTRACT_NEXT = frozenset("building gathering growing grows gathers gathered grew slowed stalled shifted swung".split())
_ABSTRACT_IMMEDIATE = frozenset("for towards toward behind of".split())
_VERB_PARTNERS = frozenset("behind against around together to for us them".split())

_LABEL_BY_KIND = {
    ActorKind.COUNTRY: "GPE",
    ActorKind.GOVERNMENT: "ORG",
    ActorKind.PERSON: "PERSON",
    ActorKind.GROUP: "NORP",
}


def _label_for(actor: Actor, alias_type: str) -> str:
    if actor.kind is ActorKind.COUNTRY and alias_type == "demonym":
        return "NORP"
    return _LABEL_BY_KIND.get(actor.kind, "ORG")


# ----------------------------------------------------------------------------- guards
def _lower(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _words(doc: Doc) -> tuple[list[str], list[int]]:
    """The lower-cased form and the coarse POS id of every token, read once from the token arrays.

    Lets the whole-document loops pick the few tokens they care about without creating a
    ``Token`` for every token of the document.
    """
    if not len(doc):
        return [], []
    array = doc.to_array([LOWER, POS])
    lower_ids, pos_ids = array[:, 0].tolist(), array[:, 1].tolist()
    strings = doc.vocab.strings
    text = {key: strings[key] for key in set(lower_ids)}
    return [text[key] for key in lower_ids], pos_ids


def _guard_ok(guard: str | None, doc: Doc, start: int, end: int) -> bool:
    """Context checks for aliases that are also ordinary words."""
    if guard is None:
        return True
    tok = doc[start]
    nxt, prev = _lower(doc, end), _lower(doc, start - 1)
    if guard == "not_verb":
        if tok.pos_ == "VERB" or tok.tag_.startswith("VB"):
            return False
        return not (tok.is_sent_start and nxt in _VERB_PARTNERS)
    if guard == "not_common_noun":
        if nxt in _WORK_NOUNS or prev in _WORK_PRE:
            return False
        return not (nxt == "of" and _lower(doc, end + 1) in {"love", "hercules"})
    if guard == "not_food":
        return nxt not in _FOOD_NEXT and prev not in _FOOD_PRE
    if guard == "not_first_name":
        if prev.rstrip(".") in _TITLES:
            return False
        if start > 0 and not tok.is_sent_start and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].is_title:
            return False  # "Jim Jordan", "Marjorie Taylor Greene"
        if end < len(doc):
            after = doc[end]
            if after.is_title and after.pos_ == "PROPN" and after.ent_type_ not in {"GPE"}:
                return False
        return True
    if guard == "proper_noun":
        if tok.pos_ != "PROPN":
            return False
        if nxt in _ABSTRACT_IMMEDIATE:
            return False
        return not ({nxt, _lower(doc, end + 1)} & _ABSTRACT_NEXT)
    if guard == "not_location":
        if prev in _LOCATIVE:
            return False
        # "Nato's Lisbon Summit", "the Washington Post", "Washington state": not the state
        if nxt in _PLACE_NOUNS_AFTER_CAPITAL:
            return False
        return not (tok.dep_ == "compound" and nxt not in FORCE_NOUNS)
    return True


def _case_ok(alias_doc_tokens: Sequence[str], span: Span) -> bool:
    """Capitalisation written in the alias is required of the text."""
    for pattern, tok in zip(alias_doc_tokens, span):
        text = tok.text
        if pattern[:1].isupper() and not text[:1].isupper():
            return False
        if len(pattern) > 1 and pattern.isupper() and pattern.isalpha() and not text.isupper():
            return False
    return True


# ----------------------------------------------------------------------------- the ruler
class ActorRuler:
    """Match knowledge-base aliases and pre-annotate them as entities.

    Parameters
    ----------
    nlp : Language
        The pipeline (its tokenizer builds the phrase patterns).
    name : str
        Component name.
    actors_paths : list of str
        User actor files merged over the built-in knowledge base.
    overwrite_ents : bool
        Replace entities already in ``doc.ents`` where they overlap a match.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> ruler = nlp.add_pipe("allegiance_actor_ruler")
    >>> [(e.text, e.kb_id_) for e in nlp("the Kremlin and Nato").ents]
    [('the Kremlin', 'RUS'), ('Nato', 'NATO')]
    """

    def __init__(self, nlp: Language, name: str = RULER_NAME, *,
                 actors_paths: Sequence[str] = (), overwrite_ents: bool = True):
        self.name = name
        self.actors_paths = list(actors_paths)
        self.overwrite_ents = overwrite_ents
        self.kb = shared_knowledge_base(self.actors_paths)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._entries: dict[str, list[tuple[AliasEntry, tuple[str, ...]]]] = {}
        self._scoped_keys: set[str] = set()
        texts: dict[str, str] = {}
        for entry in self.kb.alias_entries():
            key = entry.text.casefold()
            texts.setdefault(key, entry.text)
            self._entries.setdefault(key, [])
        pattern_docs = dict(zip(texts, nlp.tokenizer.pipe(texts.values())))
        for entry in self.kb.alias_entries():
            key = entry.text.casefold()
            tokens = tuple(t.text for t in nlp.make_doc(entry.text))
            self._entries[key].append((entry, tokens))
        for key, pdoc in pattern_docs.items():
            self.matcher.add(key, [pdoc])
        blocked = sorted(self.kb.blocked)
        for text, pdoc in zip(blocked, nlp.tokenizer.pipe(blocked)):
            self.matcher.add(_BLOCK_PREFIX + text.casefold(), [pdoc])
        scoped = sorted(self.kb.scoped_aliases())
        for text, pdoc in zip(scoped, nlp.tokenizer.pipe(scoped)):
            key = "SCOPED::" + text
            self._scoped_keys.add(key)
            self.matcher.add(key, [pdoc])

    # -- matching ----------------------------------------------------------------------
    def find(self, doc: Doc) -> list[tuple[Span, float, str]]:
        """Actor spans (label, ``kb_id_``) with confidence and rule, overlapping allowed."""
        strings = doc.vocab.strings
        found: list[tuple[Span, float, str]] = []
        last_party: str | None = None
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            key = strings[match_id]
            if key.startswith(_BLOCK_PREFIX):
                found.append((Span(doc, start, end, label=_BLOCK_LABEL), 0.0, "not an actor"))
                continue
            if key in self._scoped_keys:
                hit = self._scoped(doc, start, end, key[len("SCOPED::"):], last_party)
                if hit is not None:
                    found.append(hit)
                continue
            hit = self._alias_hit(doc, start, end, key)
            if hit is None:
                continue
            found.append(hit)
            party = self.kb.party_of(hit[0].kb_id_)
            if party:
                last_party = party
        return found

    def _alias_hit(self, doc: Doc, start: int, end: int, key: str) -> tuple[Span, float, str] | None:
        span = doc[start:end]
        for entry, tokens in self._entries.get(key, ()):
            if not _case_ok(tokens, span) or not _guard_ok(entry.guard, doc, start, end):
                continue
            actor = self.kb.get(entry.actor_id)
            if actor is None:
                continue
            new_end = end
            confidence = entry.confidence
            if entry.alias_type == "adjective" and actor.kind is not ActorKind.COUNTRY:
                # "Republican senators", "a Democratic measure"; not "Republican Guard"
                nxt = doc[end] if end < len(doc) else None
                if nxt is not None and nxt.is_title and nxt.lower_.rstrip(".") not in _TITLES:
                    continue
                if nxt is not None and nxt.lower_ in MEMBER_NOUNS:
                    new_end, confidence = end + 1, 0.9
                else:
                    confidence = 0.75
            elif actor.kind is ActorKind.COUNTRY:
                new_end = _force_extension(doc, end)
                if new_end == end and entry.alias_type == "adjective":
                    if not _coordinated_adjective(doc, end, self._extended_starts(doc)):
                        continue  # "Russian" alone is not an actor; "Russian troops" is
                    confidence = 0.85
                if new_end != end:
                    confidence = 0.9
            label = _label_for(actor, entry.alias_type)
            rule = f"kb {entry.alias_type} {entry.text!r}"
            if new_end != end:
                rule += f" + {doc[end:new_end].text!r}"
            if entry.guard:
                rule += f" (passed guard {entry.guard})"
            return Span(doc, start, new_end, label=label, kb_id=actor.id), confidence, rule
        return None

    def _extended_starts(self, doc: Doc) -> dict[int, int]:
        """Start -> end of the country matches that take a force noun, directly or through
        a coordination ("Soviet, Polish and Bulgarian forces"); cached per doc."""
        cache = doc.user_data.get(_ADJ_CACHE_KEY)
        if cache is not None:
            return cache
        strings = doc.vocab.strings
        country_matches = []
        for match_id, start, end in self.matcher(doc):
            for entry, _ in self._entries.get(strings[match_id], ()):
                actor = self.kb.get(entry.actor_id)
                if actor is not None and actor.kind is ActorKind.COUNTRY:
                    country_matches.append((start, end))
                    break
        cache = {}
        for start, end in sorted(country_matches, reverse=True):
            new_end = _force_extension(doc, end)
            if new_end > end or _coordinated_adjective(doc, end, cache):
                cache[start] = max(cache.get(start, 0), new_end)
        doc.user_data[_ADJ_CACHE_KEY] = cache
        return cache

    def _scoped(self, doc: Doc, start: int, end: int, text: str,
                last_party: str | None) -> tuple[Span, float, str] | None:
        """ "the party's BAME leadership", "Labour's left"."""
        if start < 2 or doc[start - 1].norm_ != "'s":
            return None
        owner = doc[start - 2]
        party: str | None = None
        begin = start - 2
        if owner.lower_ == "party" and start >= 3 and doc[start - 3].lower_ == "the":
            party, begin = last_party, start - 3
        else:
            for actor in self.kb.lookup(owner.text):
                if actor.kind is ActorKind.PARTY:
                    party = actor.id
                    break
        if party is None:
            return None
        faction = self.kb.scoped_lookup(party, text)
        if faction is None:
            return None
        return (Span(doc, begin, end, label="ORG", kb_id=faction.id), 0.85,
                f"possessive of party {party} + scoped alias {text!r}")

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        doc.user_data.pop(_ADJ_CACHE_KEY, None)
        spans = [s for s in filter_spans([hit[0] for hit in found]) if s.label_ != _BLOCK_LABEL]
        info = {(span.start, span.end): (c, rule) for span, c, rule in found}
        doc.user_data[_CONF_KEY] = {(s.start, s.end): info[(s.start, s.end)] for s in spans}
        if self.overwrite_ents:
            keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        else:
            keep = list(doc.ents)
            spans = [s for s in spans if not any(e.start < s.end and s.start < e.end for e in keep)]
        doc.ents = sorted(keep + spans, key=lambda s: s.start)
        return doc


def _force_extension(doc: Doc, end: int) -> int:
    """End of "US forces" / "Russian troops" / "Soviet border troops" / "American pressure"."""
    if end + 1 < len(doc) and (doc[end].lower_, doc[end + 1].lower_) in FORCE_BIGRAMS:
        return end + 2
    if end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN"} and (
        doc[end].lower_ in FORCE_NOUNS or doc[end].lower_ in ACTION_NOUNS
    ):
        return end + 1
    # one modifier in between: "Soviet border troops", "American drug agents"
    if end + 1 < len(doc) and doc[end].pos_ in {"NOUN", "ADJ"} and not doc[end].is_title \
            and doc[end + 1].lower_ in FORCE_NOUNS and doc[end + 1].pos_ == "NOUN":
        return end + 2
    return end


def _coordinated_adjective(doc: Doc, end: int, accepted: dict[int, int]) -> bool:
    """ "American and British forces": the first adjective shares the last one's noun."""
    return end + 1 < len(doc) and doc[end].lower_ in {"and", ",", "or"} and end + 1 in accepted


@Language.factory(
    RULER_NAME,
    default_config={"actors_paths": [], "overwrite_ents": True},
)
def make_actor_ruler(nlp: Language, name: str, actors_paths: list[str],
                     overwrite_ents: bool) -> ActorRuler:
    """Build the actor ruler (see :class:`ActorRuler`)."""
    return ActorRuler(nlp, name, actors_paths=actors_paths, overwrite_ents=overwrite_ents)


# ----------------------------------------------------------------------------- the resolver
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_STOP_NAMES = frozenset(
    {"getty", "getty images", "reuters", "ap", "afp", "pa", "epa", "associated press",
     "press association", "shutterstock", "alamy", "mep", "meps", "mp", "mps", "pm", "ap photo"}
)
_PLACE_NEXT = frozenset(
    "by by-election byelection selection constituency seat council borough ward district".split()
)
_NON_ACTOR_HEADS = frozenset(
    """summit conference olympics games war treaty accord accords agreement act bill day festival
    prize award cup convention protocol talks plan doctrine""".split()
)
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "lady", "dame", "queen", "baroness", "madam"})


@functools.lru_cache(maxsize=1)
def _female_first_names() -> frozenset[str]:
    """Female first names (``data/names.yaml``), case-folded."""
    text = (resources.files("allegiance.actors") / "data" / "names.yaml").read_text(encoding="utf-8")
    return frozenset(str(n).casefold() for n in yaml.safe_load(text)["female_first_names"])
_TITLE_WORDS = {
    "president": "president", "pres": "president", "senator": "senator", "sen": "senator",
    "governor": "governor", "gov": "governor", "speaker": "speaker", "chancellor": "chancellor",
    "minister": "minister", "mayor": "mayor", "secretary": "secretary", "congressman": "congressman",
    "congresswoman": "congresswoman", "ayatollah": "ayatollah", "king": "king", "queen": "queen",
    "pope": "pope", "general": "general", "gen": "general",
}
_OFFICE_TITLES = frozenset(_TITLE_WORDS.values()) | {"president"}
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
_NOMINALS: dict[str, tuple[frozenset[ActorKind], float]] = {
    "country": (frozenset({ActorKind.COUNTRY}), 0.7),
    "nation": (frozenset({ActorKind.COUNTRY}), 0.65),
    "party": (frozenset({ActorKind.PARTY}), 0.7),
    "union": (frozenset({ActorKind.UNION}), 0.65),
    "group": (frozenset({ActorKind.ARMED_GROUP}), 0.55),
    "militants": (frozenset({ActorKind.ARMED_GROUP}), 0.6),
    "insurgents": (frozenset({ActorKind.ARMED_GROUP}), 0.6),
    "government": (frozenset({ActorKind.COUNTRY}), 0.6),
    "regime": (frozenset({ActorKind.COUNTRY}), 0.6),
}
_BOTH_NOUNS: dict[str, frozenset[ActorKind]] = {
    "countries": frozenset({ActorKind.COUNTRY}),
    "nations": frozenset({ActorKind.COUNTRY}),
    "states": frozenset({ActorKind.COUNTRY}),
    "governments": frozenset({ActorKind.COUNTRY}),
    "parties": frozenset({ActorKind.PARTY}),
    "unions": frozenset({ActorKind.UNION}),
    "sides": frozenset(set(ActorKind) - {ActorKind.PERSON}),
    "powers": frozenset({ActorKind.COUNTRY}),
    "superpowers": frozenset({ActorKind.COUNTRY}),
    "rivals": frozenset({ActorKind.COUNTRY, ActorKind.PARTY, ActorKind.UNION}),
    "allies": frozenset({ActorKind.COUNTRY, ActorKind.PARTY, ActorKind.UNION}),
    "neighbours": frozenset({ActorKind.COUNTRY}),
    "neighbors": frozenset({ActorKind.COUNTRY}),
}
#: every word a reference in ``_references`` can start from (the other tokens are skipped)
_REFERENCE_WORDS = frozenset(_PLURAL_PRONOUNS | _PERSON_PRONOUNS | _OFFICE_TITLES | set(_NOMINALS) | set(_BOTH_NOUNS)
                             | {"leadership"})
_GROUP_NOUNS = {
    "opponents": "opposes", "critics": "opposes", "enemies": "opposes", "detractors": "opposes",
    "rivals": "opposes", "supporters": "supports", "allies": "supports", "loyalists": "supports",
    "backers": "supports",
}


class ActorResolver:
    """Resolve entities and references to actors in ``doc.spans["actors"]``.

    Parameters
    ----------
    nlp : Language
        The pipeline.
    name : str
        Component name.
    actors_paths : list of str
        User actor files (the same as the ruler's).
    fuzzy_threshold : float
        Minimum rapidfuzz ratio (0-100) for a near-miss spelling to resolve to
        a knowledge-base actor.
    resolve_pronouns : bool
        Resolve "they"/"their" and "the country"-style references.
    adhoc : bool
        Keep unknown political entities as ad-hoc actors.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> nlp = add_actor_pipes(load_model())
    >>> doc = nlp("Afzhal Khan won. Khan thanked members.")
    >>> [s._.actor.id for s in doc.spans["actors"]]
    ['PER:afzhal_khan', 'PER:afzhal_khan']
    """

    def __init__(self, nlp: Language, name: str = RESOLVER_NAME, *,
                 actors_paths: Sequence[str] = (), fuzzy_threshold: float = 90.0,
                 resolve_pronouns: bool = True, adhoc: bool = True):
        self.name = name
        self.kb = shared_knowledge_base(actors_paths)
        self.fuzzy_threshold = float(fuzzy_threshold)
        self.resolve_pronouns = resolve_pronouns
        self.adhoc = adhoc
        self._fuzzy_keys: list[str] = []
        self._fuzzy_ids: list[str] = []
        self._fuzzy_hits: dict[str, list] = {}  # normalised text -> nearest aliases (names repeat)
        self._adjectives: set[str] = set()
        self._female_names = _female_first_names()
        by_surname: dict[str, set[str]] = {}
        for actor in self.kb:
            if actor.kind is ActorKind.PERSON and len(actor.name.split()) > 1:
                by_surname.setdefault(normalise_alias(actor.name.split()[-1]), set()).add(actor.id)
        #: surname -> person, for surnames only one person of the knowledge base has
        first_names = {normalise_alias(a.name.split()[0]) for a in self.kb
                       if a.kind is ActorKind.PERSON and len(a.name.split()) > 1}
        self._unique_surnames = {k: next(iter(v)) for k, v in by_surname.items()
                                 if len(v) == 1 and k not in first_names and len(k) > 3}
        for entry in self.kb.alias_entries():
            key = normalise_alias(entry.text)
            if entry.alias_type == "adjective":
                self._adjectives.add(key)
            elif len(key) >= 5 and entry.guard is None:
                self._fuzzy_keys.append(key)
                self._fuzzy_ids.append(entry.actor_id)

    # -- single entities --------------------------------------------------------------
    def _kb_exact(self, span: Span, label: str) -> Actor | bool:
        """The actor of an exact alias; ``False`` when none, ``True`` when a guard vetoes it."""
        doc = span.doc
        for entry in self.kb.lookup_entries(span.text):
            actor = self.kb.get(entry.actor_id)
            if actor is None or not _kind_fits(actor.kind, label):
                continue
            if entry.alias_type == "adjective":
                continue
            if not _guard_ok(entry.guard, doc, span.start, span.end):
                return True  # "Turkey sandwiches", "a summit in Moscow"
            return actor
        return False

    def _kb_fuzzy(self, text: str, label: str) -> tuple[Actor, float, str] | None:
        key = normalise_alias(text)
        if len(key) < 5 or not self._fuzzy_keys:
            return None
        hits = self._fuzzy_hits.get(key)
        if hits is None:
            if len(self._fuzzy_hits) >= 10_000:
                self._fuzzy_hits.clear()  # bounded: memory stays flat on any corpus
            hits = self._fuzzy_hits[key] = process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio,
                                                           score_cutoff=self.fuzzy_threshold, limit=3)
        for _, score, index in hits:
            candidate = self._fuzzy_keys[index]
            if candidate[0] != key[0] or len(candidate.split()) != len(key.split()):
                continue
            if candidate.split()[-1][:3] != key.split()[-1][:3]:
                continue
            actor = self.kb.get(self._fuzzy_ids[index])
            if actor is not None and _kind_fits(actor.kind, label):
                return actor, round(0.8 * score / 100.0, 3), candidate
        return None

    def __call__(self, doc: Doc) -> Doc:
        conf_by_span = doc.user_data.pop(_CONF_KEY, {}) or {}
        mentions: list[tuple[Span, Actor, float, tuple[Actor, ...] | None]] = []
        surnames: dict[str, Actor] = {}
        firstnames: dict[str, Actor | None] = {}
        taken = bytearray(len(doc))

        def add(span: Span, actor: Actor, confidence: float, rule: str,
                group: tuple[Actor, ...] | None = None) -> None:
            mentions.append((span, actor, confidence, group, rule))
            for i in range(span.start, span.end):
                taken[i] = 1
            if actor.kind is ActorKind.PERSON:
                words = actor.name.split()
                if len(words) > 1:
                    surnames.setdefault(words[-1].casefold(), actor)
                    surnames.setdefault(_surname(span.text), actor)
                    first = words[0].casefold()
                    if firstnames.get(first, actor) is not actor:
                        firstnames[first] = None  # two people share it: never guess
                    else:
                        firstnames[first] = actor

        for ent in doc.ents:
            if ent.kb_id_ and ent.kb_id_ in self.kb:
                actor = self.kb.get(ent.kb_id_)
                assert actor is not None
                span = ent
                group_end = _group_noun_end(doc, ent.end) if actor.kind is ActorKind.PERSON else None
                if group_end is not None:
                    grouped = self._group_of(actor, doc[ent.end + 1])
                    add(doc[ent.start:group_end], grouped, 0.75,
                        f"person + 's {doc[ent.end + 1].text!r} -> group")
                    continue
                conf, rule = conf_by_span.get((ent.start, ent.end), (1.0, "kb id on entity"))
                add(span, actor, float(conf), rule)
                continue
            if ent.label_ not in _ACTOR_LABELS:
                continue
            resolved = self._resolve_entity(doc, ent, surnames, firstnames)
            if resolved is not None:
                span, actor, confidence, rule = resolved
                group_end = _group_noun_end(doc, span.end) if actor.kind is ActorKind.PERSON else None
                if group_end is not None:
                    add(doc[span.start:group_end], self._group_of(actor, doc[span.end + 1]), 0.7,
                        f"{rule}; + 's {doc[span.end + 1].text!r} -> group")
                else:
                    add(span, actor, confidence, rule)

        lowers, pos_ids = _words(doc)
        # "Mr Weld", "Sen. Cummings": an honorific before proper nouns the NER missed
        for i in [i for i, low in enumerate(lowers) if low.rstrip(".") in _HONORIFICS]:
            if taken[i] or i + 1 >= len(doc):
                continue
            tok = doc[i]
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 3 and not taken[end] and doc[end].pos_ == "PROPN" \
                    and doc[end].is_title and doc[end].ent_type_ in {"", "PERSON", "ORG"}:
                end += 1
            if end == tok.i + 1:
                continue
            name = doc[tok.i + 1:end]
            actor, confidence, rule = self._person_by_name(name.text, surnames)
            add(doc[tok.i:end], actor, confidence, f"honorific {tok.text!r} + proper noun: {rule}")

        # proper nouns the NER missed that repeat a surname already seen ("Khan")
        if surnames:
            for i in [i for i, pos in enumerate(pos_ids) if pos == PROPN]:
                if taken[i]:
                    continue
                tok = doc[i]
                folded = tok.text.casefold()
                if folded in surnames:
                    add(doc[tok.i:tok.i + 1], surnames[folded], 0.8,
                        "proper noun repeating the surname of a person named earlier")
                elif firstnames.get(folded) is not None and _lower(doc, tok.i + 1) != "'s" \
                        and not (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title):
                    add(doc[tok.i:tok.i + 1], firstnames[folded], 0.6,
                        "first name of a person named earlier")

        if self.resolve_pronouns:
            mentions.sort(key=lambda m: m[0].start)
            for item in self._references(doc, mentions, taken, lowers):
                mentions.append(item)

        mentions.sort(key=lambda m: m[0].start)
        mentions = self._document_readings(doc, mentions, taken)
        date = doc._.doc_date
        if date:
            mentions = [self._dated(m, str(date)) for m in mentions]
        group = []
        for span, actor, confidence, members, rule in mentions:
            span._.actor = actor
            span._.actor_confidence = float(confidence)
            span._.actor_group = members
            span._.actor_rule = rule
            group.append(span)
        doc.spans[ACTOR_SPANS_KEY] = group
        return doc

    def _document_readings(self, doc: Doc, mentions: list, taken: bytearray) -> list:
        """What the whole document says about its names: abbreviations it defines, one reading
        per mention string, and the country context of shared party names."""
        mentions = self._with_defined_abbreviations(doc, mentions, taken)
        mentions = one_reading_per_document(mentions, self._is_guess)
        return self._in_context(doc, mentions)

    def _is_guess(self, mention: tuple) -> bool:
        """A reading the resolver guessed (an ad-hoc actor), not one the knowledge base gave."""
        actor, rule = mention[1], mention[4] or ""
        return actor.id not in self.kb and "ad-hoc" in rule

    def _with_defined_abbreviations(self, doc: Doc, mentions: list, taken: bytearray) -> list:
        """ "the Social Democratic Front (SDF)": every "SDF" of the document is that front."""
        defined = defined_abbreviations(doc, mentions)
        if not defined:
            return mentions
        out = []
        for span, actor, confidence, members, rule in mentions:
            key = span.text.removeprefix("the ").removeprefix("The ")
            if members is None and key in defined and defined[key].id != actor.id:
                actor, rule = defined[key], f"abbreviation defined in the document for {defined[key].name}"
            out.append((span, actor, confidence, members, rule))
        for tok in doc:
            if not taken[tok.i] and tok.text in defined:
                out.append((doc[tok.i:tok.i + 1], defined[tok.text], 0.8, None,
                            f"abbreviation defined in the document for {defined[tok.text].name}"))
                taken[tok.i] = 1
        out.sort(key=lambda m: m[0].start)
        return out

    def _in_context(self, doc: Doc, mentions: list) -> list:
        """ "Labour" in a story about Australia is Labor, not the UK party (``context_aliases``);
        "Republican forces" in a story about Bolivia is not the US party."""
        votes = country_votes(doc, self.kb, [(m[0], m[1]) for m in mentions if m[3] is None])
        context = country_context(votes)
        if not context:
            return mentions
        out = []
        for span, actor, confidence, members, rule in mentions:
            home = self.kb.country_of(actor.id) if actor.id in self.kb else None
            if members is None and home not in context:
                remapped = self._national_reading(span, actor, home, context, votes)
                if remapped is not None:
                    actor, confidence = remapped, min(confidence, 0.8)
                    rule = f"{rule}; in a story about {'/'.join(context)} -> {remapped.name}"
            out.append((span, actor, confidence, members, rule))
        return out

    def _national_reading(self, span: Span, actor: Actor, home: str | None, context: tuple[str, ...],
                          votes) -> Actor | None:
        """The actor an ambiguous party name stands for in a story about ``context``: that
        country's party of the knowledge base, else (when the story never names the default
        party's country) a party of its own; ``None`` keeps the default reading."""
        if votes.get(home, 0) * 2 > votes[context[0]]:
            return None  # the default's own country is named about as often: keep it
        for country in context:
            other = self.kb.in_country_context(span.text, country)
            if other is not None:
                return other
        if home is None or votes.get(home, 0) or self.kb.party_of(actor.id) is None \
                or not is_shared_party_name(span.text):
            return None
        name = " ".join(span.text.split())
        name = name[4:] if name.casefold().startswith("the ") else name
        return Actor(adhoc_actor_id(f"{name} {context[0]}", "ORG"), f"{name} ({context[0]})", ActorKind.PARTY)

    def _dated(self, mention: tuple, date: str) -> tuple:
        """ "Moscow" in a 1962 text is the Soviet Union (the knowledge base's ``covers``)."""
        span, actor, confidence, members, rule = mention
        then = self.kb.dated(actor.id, date)
        if then is not None:
            return span, then, confidence, members, f"{rule}; on {date} {actor.name} was {then.name}"
        if members:
            dated = tuple(self.kb.dated(a.id, date) or a for a in members)
            if dated != members:
                return span, _group_actor(dated), confidence, dated, rule
        return mention

    def _is_female(self, actor: Actor, span: Span) -> bool:
        """Known to be a woman: a female first name or honorific ("Mrs", "Ms", "Dame")."""
        first = actor.name.split()[0].casefold() if actor.name else ""
        if first in self._female_names:
            return True
        words = span.text.split()
        before = _lower(span.doc, span.start - 1).rstrip(".")
        honorific = words[0].casefold().rstrip(".") if words else ""
        return honorific in _FEMALE_HONORIFICS or before in _FEMALE_HONORIFICS

    def _person_by_name(self, name: str, surnames: dict[str, Actor]) -> tuple[Actor, float, str]:
        """A person named without help from the NER: knowledge base, earlier mention, or ad hoc."""
        for actor in self.kb.lookup(name):
            if actor.kind is ActorKind.PERSON:
                return actor, 0.9, "knowledge-base name"
        key = normalise_alias(name)
        if key in surnames:
            return surnames[key], 0.8, "surname of a person named earlier"
        if key in self._unique_surnames:
            person = self.kb.get(self._unique_surnames[key])
            if person is not None:
                return person, 0.7, "the only known person with this surname"
        clean = " ".join(name.split())
        return Actor(adhoc_actor_id(clean, "PERSON"), clean, ActorKind.PERSON), 0.55, "ad-hoc person"

    def _group_of(self, person: Actor, noun: Token) -> Actor:
        """ "Corbyn's opponents" -> the faction defined against him, or an ad-hoc group."""
        relation = _GROUP_NOUNS[noun.lower_]
        known = (self.kb.opponents_of if relation == "opposes" else self.kb.supporters_of)(person.id)
        if known is not None:
            return known
        word = "opponents" if relation == "opposes" else "supporters"
        slug = person.id.split(":", 1)[-1].lower()
        return Actor(f"GRP:{word}_of_{slugify(slug)}", f"{person.name}'s {word}", ActorKind.GROUP,
                     parent=person.id)

    def _resolve_entity(self, doc: Doc, ent: Span,
                        surnames: dict[str, Actor],
                        firstnames: dict[str, Actor | None]) -> tuple[Span, Actor, float, str] | None:
        span = _trim(ent)
        if span is None:
            return None
        text = span.text
        norm = normalise_alias(text)
        if not any(ch.isalpha() for ch in norm) or norm in _STOP_NAMES or any(_is_clitic(t) for t in span):
            return None  # "n’t": the small model's stray entities
        label = ent.label_
        prev = _lower(doc, span.start - 1)
        # a PERSON the small model found after "in"/"at" is a place ("in Manchester Gorton")
        if label == "PERSON" and (
            prev in _PLACE_PREPOSITIONS
            or (prev == "the" and _lower(doc, span.start - 2) in _PLACE_PREPOSITIONS)
            or _lower(doc, span.end) in _PLACE_NEXT
        ):
            label = "GPE"
            if prev == "the":
                prev = _lower(doc, span.start - 2)
        if label == "NORP" and norm in self._adjectives:
            return None  # "Chinese proverb", "Polish communities": not an actor
        actor = self._kb_exact(span, label)
        if actor is True:
            return None
        if isinstance(actor, Actor):
            return span, actor, 0.95, f"NER {ent.label_} + exact knowledge-base alias"
        if label in {"PERSON", "ORG", "GPE", "NORP"}:
            words = norm.split()
            # surname or title + surname of someone already named
            while len(words) > 1 and words[0].rstrip(".") in _TITLES:
                words = words[1:]
            if len(words) == 1 and words[0] in surnames:
                return span, surnames[words[0]], 0.85, f"NER {ent.label_}: surname of a person named earlier"
            if label == "PERSON" and len(words) == 1 and firstnames.get(words[0]) is not None:
                return span, firstnames[words[0]], 0.6, "NER PERSON: first name of a person named earlier"
            if label in {"PERSON", "ORG"} and len(words) == 1 and words[0] in self._unique_surnames:
                person = self.kb.get(self._unique_surnames[words[0]])
                if person is not None:
                    return span, person, 0.7, f"NER {ent.label_}: the only known person with this surname"
        if label == "NORP":
            if norm in self._adjectives or not (text.endswith("s") or span[-1].tag_ == "NNPS"):
                return None
        if label in {"GPE", "LOC", "FAC"} and (prev in _LOCATIVE or _lower(doc, span.end) in _PLACE_NEXT):
            return None  # a place named as a place ("in Copeland", "the Copeland selection")
        if norm.split()[-1] in _NON_ACTOR_HEADS:
            return None  # "Lisbon Summit", "Geneva Convention"
        if not is_name_like(span):
            return None  # only a knowledge-base alias may be lower-case ("the mujahedin")
        fuzzy = self._kb_fuzzy(text, label)
        if fuzzy is not None:
            return span, fuzzy[0], fuzzy[1], f"NER {ent.label_} + fuzzy alias match {fuzzy[2]!r}"
        if not self.adhoc:
            return None
        if label == "PERSON" and not span[0].text[:1].isupper():
            return None
        name = " ".join(text.split())
        if name.casefold().startswith("the "):
            name = name[4:]
        kind = {
            "PERSON": ActorKind.PERSON, "NORP": ActorKind.GROUP, "GPE": ActorKind.GOVERNMENT,
        }.get(label, ActorKind.ORGANISATION)
        if label in {"LOC", "FAC"}:
            return None
        if label in {"PERSON", "ORG"} and listed_as_alliance_members(span):
            return (span, Actor(adhoc_actor_id(name, "ORG"), name, ActorKind.PARTY), 0.6,
                    f"NER {ent.label_} listed among an alliance's members: ad-hoc party")
        return (span, Actor(adhoc_actor_id(name, label), name, kind), 0.6,
                f"NER {ent.label_} not in the knowledge base: ad-hoc actor")

    # -- references ---------------------------------------------------------------------
    def _references(self, doc: Doc, mentions: list, taken: bytearray, lowers: list[str] | None = None) -> list:
        """ "the country", "the party", "both countries", "they" -> earlier actors."""
        out = []
        if not mentions:
            return out
        starts = [m[0].start for m in mentions]

        def before(i: int) -> list:
            return mentions[: bisect.bisect_left(starts, i)]

        if lowers is None:
            lowers = _words(doc)[0]
        for i in [i for i, low in enumerate(lowers) if low in _REFERENCE_WORDS]:
            if taken[i]:
                continue
            tok = doc[i]
            low = lowers[i]
            if low in _PLURAL_PRONOUNS and tok.pos_ == "PRON":
                hit = self._pronoun(doc, tok, before(tok.i))
                if hit is not None:
                    out.append(hit)
            elif low in _PERSON_PRONOUNS and tok.pos_ == "PRON":
                hit = _person_pronoun(doc, tok, before(tok.i), self._is_female)
                if hit is not None:
                    out.append(hit)
            elif low in _OFFICE_TITLES and tok.i > 0 and doc[tok.i - 1].lower_ == "the" \
                    and not taken[tok.i - 1] and _lower(doc, tok.i + 1) not in {"of", "'s", "’s"}:
                actor = _titled_person(doc, low, before(tok.i))
                if actor is not None:
                    out.append((doc[tok.i - 1:tok.i + 1], actor, 0.6, None,
                                f"'the {low}' -> last person named with that title"))
            elif low in _NOMINALS and tok.i > 0 and doc[tok.i - 1].lower_ == "the" \
                    and not taken[tok.i - 1] and tok.pos_ == "NOUN":
                kinds, confidence = _NOMINALS[low]
                nxt = _lower(doc, tok.i + 1)
                if low == "party" and nxt in {"political"}:
                    continue
                actor = self._last_of(before(tok.i), kinds, low == "party")
                if actor is not None and not self._owns_next(doc, tok.i, actor, mentions, starts):
                    out.append((doc[tok.i - 1:tok.i + 1], actor, confidence, None,
                                f"'the {low}' -> last compatible actor"))
            elif low == "leadership" and tok.i > 0 and doc[tok.i - 1].lower_ == "the" \
                    and not taken[tok.i - 1]:
                party = self._last_of(before(tok.i), frozenset({ActorKind.PARTY}), True)
                office = self.kb.scoped_lookup(party.id, "leadership") if party else None
                if office is not None:
                    out.append((doc[tok.i - 1:tok.i + 1], office, 0.6, None,
                                "'the leadership' -> leader's office of the last party"))
            elif low in _BOTH_NOUNS and tok.pos_ == "NOUN":
                first = _pair_determiner(doc, tok.i, taken)
                if first is None or _lower(doc, tok.i + 1) == "of":  # "both sides of the house"
                    continue
                earlier = before(first)
                members = _last_pair(earlier, _BOTH_NOUNS[low]) or \
                    self._last_distinct(earlier, _BOTH_NOUNS[low], 2)
                if len(members) == 2:
                    out.append((doc[first:tok.i + 1], _group_actor(members), 0.55, tuple(members),
                                f"'{doc[first:tok.i + 1].text}' -> last two actors of that kind"))
        return out

    def _owns_next(self, doc: Doc, i: int, owner: Actor, mentions: list, starts: list[int]) -> bool:
        """ "the party's Corbynsceptics": the possessive only says whose faction it is."""
        if _lower(doc, i + 1) not in {"'s", "’s"}:
            return False
        k = bisect.bisect_left(starts, i + 2)
        if k >= len(mentions) or starts[k] != i + 2:
            return False
        actor = mentions[k][1]
        return actor.id != owner.id and owner.id in {actor.parent, self.kb.party_of(actor.id)}

    def _last_of(self, earlier: list, kinds: frozenset[ActorKind], party_parent: bool) -> Actor | None:
        for span, actor, _, members, _ in reversed(earlier[-12:]):
            if members:
                continue
            if actor.kind in kinds:
                return actor
            if party_parent:
                party = self.kb.party_of(actor.id) if actor.kind is not ActorKind.PERSON else None
                if party:
                    return self.kb.get(party)
        return None

    @staticmethod
    def _last_distinct(earlier: list, kinds: frozenset[ActorKind], count: int) -> list[Actor]:
        found: list[Actor] = []
        for _, actor, _, members, _ in reversed(earlier[-15:]):
            if members or actor.kind not in kinds:
                continue
            if all(actor.id != a.id for a in found):
                found.append(actor)
            if len(found) == count:
                break
        return list(reversed(found))

    def _pronoun(self, doc: Doc, tok: Token, earlier: list):
        sent_start = tok.sent.start
        prev_sents_start = sent_start
        if sent_start > 0:
            prev_sents_start = doc[sent_start - 1].sent.start
        candidates = [m for m in earlier if m[0].start >= prev_sents_start
                      and m[1].kind is not ActorKind.PERSON]
        if not candidates:
            return None
        span, actor, _, members, _ = candidates[-1]
        rule = f"pronoun -> last non-person actor ({span.text!r})"
        if members:
            return doc[tok.i:tok.i + 1], actor, 0.45, members, rule
        coordinated = _coordinated(span, candidates)
        if len(coordinated) > 1:
            actors = [m[1] for m in coordinated]
            return (doc[tok.i:tok.i + 1], _group_actor(actors), 0.45, tuple(actors),
                    "pronoun -> last coordinated actors")
        return doc[tok.i:tok.i + 1], actor, 0.45, None, rule


def _person_pronoun(doc: Doc, tok: Token, earlier: list, is_female):
    """ "he"/"his" -> the last man (or person not known to be a woman) named in this or the
    previous sentence; "she"/"her" -> the last woman named there."""
    sent_start = tok.sent.start
    window = doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
    feminine = tok.lower_ in {"she", "her", "hers"}
    candidates = []
    for span, actor, _, members, _ in reversed(earlier[-8:]):
        if span.start < window:
            break
        if members is not None or actor.kind is not ActorKind.PERSON \
                or span.text.casefold() in _PERSON_PRONOUNS:
            continue
        if is_female(actor, span) == feminine:
            candidates.append((span, actor))
    if not candidates:
        return None
    # prefer the last person who is a grammatical subject ("Khan, an MEP, was ... he backed")
    for span, actor in candidates:
        if span.root.dep_ in {"nsubj", "nsubjpass"} and span.root.head.tag_ in _FINITE_TAGS:
            return doc[tok.i:tok.i + 1], actor, 0.4, None, f"pronoun -> last subject person ({span.text!r})"
    span, actor = candidates[0]
    return doc[tok.i:tok.i + 1], actor, 0.35, None, f"pronoun -> last person ({span.text!r})"


def _titled_person(doc: Doc, title: str, earlier: list) -> Actor | None:
    """ "the president" -> the person named with that title ("President Obama") most
    often so far (the latest one on a tie)."""
    titled: set[str] = set()
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    actors: dict[str, Actor] = {}
    for index, (span, actor, _, members, _) in enumerate(earlier):
        if members is not None or actor.kind is not ActorKind.PERSON:
            continue
        counts[actor.id] = counts.get(actor.id, 0) + 1
        last[actor.id] = index
        actors[actor.id] = actor
        first = span[0].lower_.rstrip(".")
        before = _lower(doc, span.start - 1).rstrip(".")
        if _TITLE_WORDS.get(first) == title or _TITLE_WORDS.get(before) == title:
            titled.add(actor.id)
    if not titled:
        return None
    best = max(titled, key=lambda i: (counts[i], last[i]))
    return actors[best]


def _pair_determiner(doc: Doc, i: int, taken: bytearray) -> int | None:
    """Start of "both countries" / "the two communist powers" ending at token ``i``."""
    j = i - 1
    while j >= 0 and i - j <= 4 and doc[j].pos_ in {"ADJ", "NOUN", "PROPN", "ADV"} \
            and doc[j].lower_ not in {"both", "two"} and not taken[j]:
        j -= 1
    if j < 0 or taken[j] or doc[j].lower_ not in {"both", "two"}:
        return None
    if doc[j].lower_ == "two":
        if j > 0 and doc[j - 1].lower_ in {"the", "these", "those"} and not taken[j - 1]:
            return j - 1
        return None
    return j


def _last_pair(earlier: list, kinds: frozenset[ActorKind]) -> list[Actor]:
    """The last two actors of these kinds joined by "and" ("Russia and the United States")."""
    for left, right in zip(reversed(earlier[:-1]), reversed(earlier)):
        if left[3] or right[3] or left[1].kind not in kinds or right[1].kind not in kinds:
            continue
        if left[1].id == right[1].id:
            continue
        between = left[0].doc[left[0].end:right[0].start].text.strip().lower()
        if between in {"and", "&"}:
            return [left[1], right[1]]
    return []


def _coordinated(span: Span, candidates: list) -> list:
    """Mentions joined by "and" with ``span`` ("Unite and the GMB")."""
    chain = [m for m in candidates if m[0].start <= span.start]
    result = [chain[-1]]
    for m in reversed(chain[:-1]):
        first = result[0][0]
        between = first.doc[m[0].end:first.start]
        if between.text.strip().lower() in {"and", ",", ", and"}:
            result.insert(0, m)
        else:
            break
    return result


def _group_actor(members: Sequence[Actor]) -> Actor:
    ids = "+".join(sorted(a.id for a in members))
    names = " and ".join(a.name for a in members)
    return Actor(f"GRP:{ids}", names, ActorKind.GROUP)


def _surname(text: str) -> str:
    words = normalise_alias(text).split()
    return words[-1] if words else ""


def _trim(ent: Span) -> Span | None:
    """Drop possessive endings and surrounding punctuation from an entity."""
    start, end = ent.start, ent.end
    doc = ent.doc
    opened = [t.i for t in ent if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1]:end]):
        end = opened[-1]  # "Popular Unity Front (PUF": the name ends before the parenthesis
    while end > start and (doc[end - 1].norm_ in {"'s", "'"} or doc[end - 1].is_punct):
        end -= 1
    while start < end and doc[start].is_punct:
        start += 1
    if start >= end:
        return None
    return Span(doc, start, end, label=ent.label_)


def _is_clitic(token: Token) -> bool:
    """A contraction or possessive piece of a word ("n't", "n’t", "'s", "’ll"): never a name."""
    text = token.text.replace("\u2019", "'")
    return text.startswith("'") or text.casefold() == "n't"


def is_name_like(span: Span) -> bool:
    """Whether ``span`` can name an actor: no clitic or punctuation-only token, and at
    least one capital letter or digit (lower-case function words are not names).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("They don’t trust the Kremlin")
    >>> is_name_like(doc[2:3]), is_name_like(doc[0:1]), is_name_like(doc[4:6])
    (False, True, True)
    >>> is_name_like(doc[3:4])
    False
    """
    if any(_is_clitic(tok) for tok in span) or all(tok.is_punct for tok in span):
        return False
    return any(ch.isupper() or ch.isdigit() for ch in span.text)


def _group_noun_end(doc: Doc, end: int) -> int | None:
    """End of "<person>'s opponents" when it follows a person mention."""
    if end + 1 < len(doc) and doc[end].norm_ == "'s" and doc[end + 1].lower_ in _GROUP_NOUNS:
        return end + 2
    return None


def _kind_fits(kind: ActorKind, label: str) -> bool:
    if label == "PERSON":
        return kind is ActorKind.PERSON
    if label in {"GPE", "LOC"}:
        return kind in {ActorKind.COUNTRY, ActorKind.GOVERNMENT, ActorKind.IGO}
    return kind is not ActorKind.PERSON


@Language.factory(
    RESOLVER_NAME,
    default_config={"actors_paths": [], "fuzzy_threshold": 90.0, "resolve_pronouns": True,
                    "adhoc": True},
)
def make_actor_resolver(nlp: Language, name: str, actors_paths: list[str], fuzzy_threshold: float,
                        resolve_pronouns: bool, adhoc: bool) -> ActorResolver:
    """Build the actor resolver (see :class:`ActorResolver`)."""
    return ActorResolver(nlp, name, actors_paths=actors_paths, fuzzy_threshold=fuzzy_threshold,
                         resolve_pronouns=resolve_pronouns, adhoc=adhoc)


def add_actor_pipes(nlp: Language, *, actors_path: str | Path | Sequence[str | Path] | None = None) -> Language:
    """Add the actor ruler (before ``"ner"``) and resolver (after it) to a pipeline.

    Parameters
    ----------
    nlp : Language
        A loaded pipeline, normally ``allegiance.nlp.load_model()``.
    actors_path : str, Path, list of them, or None
        User actor YAML file(s) merged over the built-in knowledge base.

    Returns
    -------
    Language
        The same ``nlp``, for chaining. Calling it twice is harmless.

    Raises
    ------
    allegiance.errors.ActorFileError
        A user actor file is malformed.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> nlp = add_actor_pipes(load_model())
    >>> doc = nlp("Britain formed an alliance with France against the Germans.")
    >>> [s._.actor.name for s in doc.spans["actors"]]
    ['United Kingdom', 'France', 'Germany']
    """
    if actors_path is None:
        paths: list[str] = []
    elif isinstance(actors_path, (str, Path)):
        paths = [str(actors_path)]
    else:
        paths = [str(p) for p in actors_path]
    shared_knowledge_base(paths)  # fail early, with the line number, on a bad user file
    config = {"actors_paths": paths}
    if RULER_NAME not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe(RULER_NAME, before="ner", config=config)
        else:
            nlp.add_pipe(RULER_NAME, config=config)
    if RESOLVER_NAME not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe(RESOLVER_NAME, after="ner", config=config)
        else:
            nlp.add_pipe(RESOLVER_NAME, last=True, config=config)
    return nlp
