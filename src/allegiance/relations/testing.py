"""Helpers to build actor-annotated Docs by hand (for tests, examples and evaluation).

Examples
--------
>>> from allegiance.nlp import load_model
>>> doc = annotate(load_model(), "Russia backs Serbia.", ["Russia", "Serbia"])
>>> [(s.text, s._.actor.id) for s in doc.spans["actors"]]
[('Russia', 'Russia'), ('Serbia', 'Serbia')]
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from allegiance.model import Actor, ActorKind
from allegiance.nlp.extensions import ACTOR_SPANS_KEY, register_extensions
from allegiance.relations.frame import DocWords, Frame, SentenceActors
from allegiance.relations.frames import FrameContext, SentenceMatcher, TokenMatcher
from allegiance.relations.lexicon import Lexicon, load_lexicon
from allegiance.relations.referents import Resolver

__all__ = ["annotate", "frames_of", "set_actor_spans", "find_mentions"]


def find_mentions(doc: Doc, text: str) -> list[Span]:
    """Spans of ``doc`` whose text is ``text`` (whole words; token-aligned, expanded outward).

    Examples
    --------
    >>> import spacy
    >>> d = spacy.blank("en")("The US and the U.S. Navy")
    >>> [s.text for s in find_mentions(d, "US")]
    ['US']
    """
    if not text.strip():
        return []
    out = []
    for pattern in (r"(?<!\w)" + re.escape(text) + r"(?!\w)", r"(?<!\w)" + re.escape(text.rstrip("’'"))):
        for m in re.finditer(pattern, doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and len(span) > 0:
                while len(span) > 1 and span[-1].tag_ == "POS":
                    span = span[:-1]
                out.append(span)
        if out:
            break
    return out


def set_actor_spans(doc: Doc, spans: Sequence[Span], actors: Sequence[Actor] | None = None,
                    confidence: float = 1.0) -> Doc:
    """Put ``spans`` in ``doc.spans["actors"]`` with their actors (ad hoc ones by default)."""
    register_extensions()
    group = []
    for i, span in enumerate(spans):
        actor = actors[i] if actors is not None else Actor(span.text, span.text, ActorKind.GROUP)
        span._.actor = actor
        span._.actor_confidence = confidence
        group.append(span)
    doc.spans[ACTOR_SPANS_KEY] = group
    # span extension values live on the Doc keyed by offsets, so they survive the SpanGroup copy
    for span in doc.spans[ACTOR_SPANS_KEY]:
        if span._.actor is None:
            span._.actor = Actor(span.text, span.text, ActorKind.GROUP)
    return doc


def annotate(nlp: Language, text: str, actors: Sequence[str] | Mapping[str, str]) -> Doc:
    """Parse ``text`` and mark every occurrence of each actor string as an actor mention.

    ``actors`` is a list of surface strings (the actor id is the string) or a
    mapping surface string -> actor id ("Moscow" -> "Russia").
    """
    register_extensions()
    doc = nlp(text)
    mapping = dict(actors) if isinstance(actors, Mapping) else {a: a for a in actors}
    spans: list[Span] = []
    acts: list[Actor] = []
    taken: set[int] = set()
    for surface in sorted(mapping, key=len, reverse=True):
        for span in find_mentions(doc, surface):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            spans.append(span)
            acts.append(Actor(mapping[surface], mapping[surface], ActorKind.GROUP))
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    return set_actor_spans(doc, [spans[i] for i in order], [acts[i] for i in order])



def frames_of(doc: Doc, matcher: TokenMatcher | SentenceMatcher, lexicon: Lexicon | None = None) -> list[Frame]:
    """The frames one frame matcher (a ``TokenMatcher`` or ``SentenceMatcher`` of
    :mod:`allegiance.relations.frames`) finds in ``doc``, sentence by sentence, before modifiers.

    A token matcher is called on the tokens whose words it declares, as in extraction.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> from allegiance.relations.frames.verbs import MATCHER
    >>> doc = annotate(load_model(), "Russia backs Serbia.", ["Russia", "Serbia"])
    >>> [f.rule_name for f in frames_of(doc, MATCHER)]
    ['verb:back']
    """
    lex = lexicon or load_lexicon()
    words = DocWords(doc)
    spans = list(doc.spans[ACTOR_SPANS_KEY]) if ACTOR_SPANS_KEY in doc.spans else []
    frames: list[Frame] = []
    per_doc: dict = {}
    for sent in doc.sents:
        here = [s for s in spans if sent.start <= s.start and s.end <= sent.end]
        fc = FrameContext(lex, sent, Resolver(lex, SentenceActors(sent, here)), words, per_doc=per_doc)
        if isinstance(matcher, SentenceMatcher):
            frames.extend(matcher.match(fc))
            continue
        lemmas, lowers = frozenset(matcher.lemmas(lex)), frozenset(matcher.lowers(lex))
        for tok in sent:
            if words.lemmas[tok.i] in lemmas or words.lowers[tok.i] in lowers:
                frames.extend(matcher.match(fc, tok))
    return frames
