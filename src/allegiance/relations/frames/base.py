"""The one interface of every frame family: a matcher that reads a sentence and yields frames.

A :class:`TokenMatcher` fires on single trigger words. It declares those words (``lemmas``
and ``lowers``, computed from the lexicon); the extractor calls it only on a token whose
lower-cased lemma or lower-cased form it declared, so a matcher must declare every word it
can fire on. A :class:`SentenceMatcher` reads the whole sentence (multi-word phrases,
reported speech) and finds its own trigger words.

Examples
--------
>>> def nothing(fc, tok):
...     return ()
>>> m = TokenMatcher("nothing", 99, lemmas=lambda lex: (), lowers=lambda lex: (), match=nothing)
>>> m.name, list(m.match(None, None))
('nothing', [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from spacy.tokens import Span, Token

from allegiance.relations.frame import DocWords, Frame
from allegiance.relations.lexicon import Lexicon
from allegiance.relations.referents import Resolver

__all__ = ["FrameContext", "SentenceMatcher", "TokenMatcher"]


@dataclass(frozen=True, slots=True)
class FrameContext:
    """What a matcher reads: the lexicon, the sentence, its actors (through ``res``) and the
    Doc's words (``words.lowers[i]``, ``words.lemmas[i]``: plain strings of token ``i``).

    ``per_doc`` is the same dict for every sentence of one Doc: a matcher may keep there, under
    its own name, what it computes once per Doc (the phrase matches).
    """

    lex: Lexicon
    sent: Span
    res: Resolver
    words: DocWords
    speaker_context: bool = True
    per_doc: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TokenMatcher:
    """A frame family fired by single words (verbs, nouns, adjectives, ...).

    Parameters
    ----------
    name : str
        What the family is called (for messages and tests).
    order : int
        Where its frames go among the frames of one token (lower first).
    lemmas, lowers : callable
        ``lexicon -> words``: lower-cased lemmas and lower-cased forms it can fire on.
    match : callable
        ``(FrameContext, Token) -> frames``.
    """

    name: str
    order: int
    lemmas: Callable[[Lexicon], Iterable[str]]
    lowers: Callable[[Lexicon], Iterable[str]]
    match: Callable[[FrameContext, Token], Iterable[Frame]]


@dataclass(frozen=True, slots=True)
class SentenceMatcher:
    """A frame family that reads a whole sentence (phrases, reported speech).

    Its frames follow those of the token matchers, family by family in ``order``.
    """

    name: str
    order: int
    match: Callable[[FrameContext], Iterable[Frame]]
