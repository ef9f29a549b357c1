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
"""

from __future__ import annotations

import functools

from allegiance.relations.lexicon import load_lexicon

__all__ = ["NEGATIONS", "trigger_sign", "trigger_signs"]

NEGATIONS = frozenset({"not", "n't", "no", "never", "neither", "nor", "without"})
_SUFFIXES = (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""),
             ("s", ""), ("d", ""))


@functools.lru_cache(maxsize=1)
def trigger_signs() -> dict[str, int]:
    """Trigger lemma -> sign (+1/-1) over the verbs, nouns and adjectives of the shipped lexicon."""
    lexicon = load_lexicon()
    signs: dict[str, set[int]] = {}
    for table in (lexicon.verbs, lexicon.nouns, lexicon.adjectives):
        for lemma, rules in table.items():
            for rule in rules:
                signs.setdefault(lemma, set()).add(int(rule.type.sign))
    return {lemma: s.pop() for lemma, s in signs.items() if len(s) == 1}


@functools.lru_cache(maxsize=65536)
def trigger_sign(lower: str) -> int:
    """+1, -1 or 0: the sign of the trigger lemma ``lower`` (a lower-case word) inflects."""
    signs = trigger_signs()
    if lower in signs:
        return signs[lower]
    for suffix, replacement in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)] + replacement
            if stem in signs:
                return signs[stem]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in signs:  # doubled consonant: "banned" -> "ban"
                return signs[stem[:-1]]
    return 0
