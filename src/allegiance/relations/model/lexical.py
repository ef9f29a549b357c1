"""Rule knowledge as model features: the trigger lexicon's signs, negation and questions, by surface form.

The rule frames match lemmas on a parsed Doc; the model must also run on Docs without a
tagger (training Docs, hand-built Docs), so a token here matches a trigger when its lower
case form, or that form with a common inflection removed ("backed", "backs", "backing",
"allied" -> "ally"), is a trigger lemma of the shipped lexicon
(:mod:`allegiance.relations.lexicon`). A lemma listed with both signs counts as neither.

Examples
--------
>>> trigger_sign("backed"), trigger_sign("condemns"), trigger_sign("table")
(1, -1, 0)
>>> trigger_type("allied").value, trigger_type("table")
('ally', None)
"""

from __future__ import annotations

import functools

from allegiance.model import RelationType
from allegiance.relations.lexicon import load_lexicon

__all__ = ["NEGATIONS", "trigger_lemma", "trigger_sign", "trigger_signs", "trigger_type", "trigger_types"]

NEGATIONS = frozenset({"not", "n't", "no", "never", "neither", "nor", "without"})
_SUFFIXES = (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""),
             ("s", ""), ("d", ""))


def _trigger_rules():
    lexicon = load_lexicon()
    for table in (lexicon.verbs, lexicon.nouns, lexicon.adjectives):
        for lemma, rules in table.items():
            for rule in rules:
                yield lemma, rule


@functools.lru_cache(maxsize=1)
def trigger_signs() -> dict[str, int]:
    """Trigger lemma -> sign (+1/-1) over the verbs, nouns and adjectives of the shipped lexicon."""
    signs: dict[str, set[int]] = {}
    for lemma, rule in _trigger_rules():
        signs.setdefault(lemma, set()).add(int(rule.type.sign))
    return {lemma: s.pop() for lemma, s in signs.items() if len(s) == 1}


@functools.lru_cache(maxsize=1)
def trigger_types() -> dict[str, RelationType]:
    """Trigger lemma -> relation type, for the lemmas whose rules all give one type."""
    types: dict[str, set[RelationType]] = {}
    for lemma, rule in _trigger_rules():
        types.setdefault(lemma, set()).add(rule.type)
    return {lemma: t.pop() for lemma, t in types.items() if len(t) == 1}


@functools.lru_cache(maxsize=65536)
def trigger_lemma(lower: str) -> str | None:
    """The trigger lemma of the shipped lexicon that ``lower`` (a lower-case word) inflects, or None.

    Examples
    --------
    >>> trigger_lemma("banned"), trigger_lemma("allies"), trigger_lemma("table")
    ('ban', 'ally', None)
    """
    signs = trigger_signs()
    if lower in signs:
        return lower
    for suffix, replacement in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)] + replacement
            if stem in signs:
                return stem
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in signs:  # doubled consonant: "banned" -> "ban"
                return stem[:-1]
    return None


def trigger_sign(lower: str) -> int:
    """+1, -1 or 0: the sign of the trigger lemma ``lower`` (a lower-case word) inflects."""
    lemma = trigger_lemma(lower)
    return 0 if lemma is None else trigger_signs()[lemma]


def trigger_type(lower: str) -> RelationType | None:
    """The relation type of the trigger lemma ``lower`` inflects, when its rules agree on one."""
    lemma = trigger_lemma(lower)
    return None if lemma is None else trigger_types().get(lemma)
