"""Relation frames: one small matcher module per family, all behind one interface.

Each module of this package defines its matchers as module constants (``MATCHER``, or several
names ending in ``MATCHER``): a :class:`~.base.TokenMatcher` fired by single trigger words, or a
:class:`~.base.SentenceMatcher` that reads the whole sentence. :func:`find_frames` runs them all
over a sentence: first, token by token, the token matchers in their ``order``; then the sentence
matchers in theirs.

========================  ===========================================================
module                    frames
========================  ===========================================================
:mod:`.verbs`             "X backed Y", "X allied with Y", "X and Y worked together"
:mod:`.departure`         "urged X to resign", "demanded X's resignation"
:mod:`.nouns`             "an alliance with Y", "X's support for Y", "a joint raid with Y"
:mod:`.roles`             "X, a supporter of Y", "its enemy, France" (noun rows with ``role``)
:mod:`.adjectives`        "X is hostile to Y"
:mod:`.ties`              "relations between X and Y have soured", "X's ties with Y are tense"
:mod:`.phrases`           "X is at odds with Y", "X took on Y"
:mod:`.speakers`          "X said Y is unqualified", "X called Y a liar"
========================  ===========================================================

A new construction is one new module here (its matcher constant) plus its lexicon rows and
tests: the package finds the module by itself. Which tokens a token matcher is called on is
explicit: only those whose lower-cased lemma or form it declares (``lemmas``/``lowers``); the
sentence loop skips a token no matcher declared.

Examples
--------
>>> [m.name for m in TOKEN_MATCHERS]
['verbs', 'departure verbs', 'nouns', 'departure nouns', 'adjectives', 'ties', 'joint modifiers']
>>> [m.name for m in SENTENCE_MATCHERS]
['phrases', 'speakers']
"""

from __future__ import annotations

import importlib
import pkgutil

from allegiance.relations.frame import Frame
from allegiance.relations.frames.base import FrameContext, SentenceMatcher, TokenMatcher
from allegiance.relations.lexicon import Lexicon, derived

__all__ = ["FrameContext", "SENTENCE_MATCHERS", "SentenceMatcher", "TOKEN_MATCHERS", "TokenMatcher",
           "TriggerWords", "find_frames", "trigger_words"]


def _collect() -> tuple[tuple[TokenMatcher, ...], tuple[SentenceMatcher, ...]]:
    """Every matcher constant of this package's modules, each kind sorted by ``order``."""
    found: list[TokenMatcher | SentenceMatcher] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.extend(value for name, value in vars(module).items()
                     if name.endswith("MATCHER") and isinstance(value, (TokenMatcher, SentenceMatcher)))
    tokens = sorted((m for m in found if isinstance(m, TokenMatcher)), key=lambda m: m.order)
    sentences = sorted((m for m in found if isinstance(m, SentenceMatcher)), key=lambda m: m.order)
    return tuple(tokens), tuple(sentences)


TOKEN_MATCHERS, SENTENCE_MATCHERS = _collect()


class TriggerWords:
    """For one lexicon: which token matchers each word can fire.

    ``by_lemma`` and ``by_lower`` map a word to a bit mask of matchers (bit ``k`` for the
    ``k``-th matcher); ``matchers[mask]`` is the tuple of those matchers in order.
    """

    def __init__(self, lex: Lexicon, matchers: tuple[TokenMatcher, ...] = TOKEN_MATCHERS):
        self.by_lemma: dict[str, int] = {}
        self.by_lower: dict[str, int] = {}
        for k, m in enumerate(matchers):
            for word in m.lemmas(lex):
                self.by_lemma[word] = self.by_lemma.get(word, 0) | 1 << k
            for word in m.lowers(lex):
                self.by_lower[word] = self.by_lower.get(word, 0) | 1 << k
        self.matchers = {mask: tuple(m for k, m in enumerate(matchers) if mask >> k & 1)
                         for mask in range(1 << len(matchers))}


def trigger_words(lex: Lexicon) -> TriggerWords:
    """The :class:`TriggerWords` of ``lex`` (built once per lexicon).

    Examples
    --------
    >>> from allegiance.relations.lexicon import load_lexicon
    >>> words = trigger_words(load_lexicon())
    >>> [m.name for m in words.matchers[words.by_lemma["ally"]]], "the" in words.by_lemma
    (['verbs', 'nouns'], False)
    """
    return derived(lex, TriggerWords)


def find_frames(fc: FrameContext) -> list[Frame]:
    """All frames of the sentence ``fc.sent``: token matchers token by token, then sentence matchers."""
    frames: list[Frame] = []
    lowers, lemmas = fc.words.lowers, fc.words.lemmas
    words = trigger_words(fc.lex)
    by_lemma, by_lower, matchers = words.by_lemma, words.by_lower, words.matchers
    doc = fc.sent.doc
    for i in range(fc.sent.start, fc.sent.end):
        mask = by_lemma.get(lemmas[i], 0) | by_lower.get(lowers[i], 0)
        if not mask:
            continue  # no matcher declared this word
        tok = doc[i]
        for matcher in matchers[mask]:
            frames.extend(matcher.match(fc, tok))
    for matcher in SENTENCE_MATCHERS:
        frames.extend(matcher.match(fc))
    return frames
