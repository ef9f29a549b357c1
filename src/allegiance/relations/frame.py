"""The data every relation matcher shares: a :class:`Frame` (a trigger with its arguments),
the actors of one sentence, and the words of a Doc read once.

A frame matcher (:mod:`allegiance.relations.frames`) turns a trigger word into a
:class:`Frame`; the extractor (:mod:`allegiance.relations.extract`) reads its
modifiers and turns its holders and partners into relations.

Examples
--------
>>> from allegiance.nlp import load_model
>>> from allegiance.relations.testing import annotate
>>> doc = annotate(load_model(), "Britain formed an alliance with France.", ["Britain", "France"])
>>> actors = SentenceActors(next(doc.sents), doc.spans["actors"])
>>> actors.span_of(doc[0]).text, actors.span_of(doc[1])
('Britain', None)
>>> DocWords(doc).lemmas[1]
'form'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from allegiance.model import RelationType
from allegiance.relations.lexicon import PhraseRule, TriggerRule

__all__ = ["DocWords", "Frame", "SentenceActors", "dedupe_spans"]


@dataclass(slots=True)
class Frame:
    """A trigger with its arguments, before modifiers are applied.

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> doc = load_model()("Britain backs France.")
    >>> rule = TriggerRule("back", "verb", RelationType.SUPPORT, object=True)
    >>> Frame(doc[1], doc[1], rule, "verb:back", [doc[0:1]], [(doc[2:3], rule.type)]).directed
    True
    """

    anchor: Token  # the trigger token
    clause: Token  # the verb (or trigger) whose clause carries the modifiers
    rule: TriggerRule | PhraseRule
    rule_name: str
    holders: list[Span]
    partners: list[tuple[Span, RelationType]]
    holder_tokens: list[Token] = field(default_factory=list)
    directed: bool = True
    weight: float = 0.75
    inherited: bool = False  # holders came from a controlling clause
    purpose_of: Token | None = None  # controlling verb of a purpose clause
    reverse: bool = False
    group_members: bool = False  # pair the holders among themselves (symmetric, no partner)
    own_negation: bool = False  # the frame already read its negation (speaker stance)
    holders_elsewhere: bool = False  # holders named in another sentence (a quotation's speaker)


class SentenceActors:
    """Per-sentence index: token -> the shortest actor span that covers it."""

    def __init__(self, sent: Span, spans: Sequence[Span]):
        self.sent = sent
        self.actor_at: dict[int, Span] = {}
        for span in sorted(spans, key=lambda s: len(s), reverse=True):  # shortest wins
            for i in range(span.start, span.end):
                self.actor_at[i] = span

    def span_of(self, token: Token) -> Span | None:
        """The actor span covering ``token``, or None."""
        return self.actor_at.get(token.i)


class DocWords:
    """The lower-cased form and lower-cased lemma of every token of a Doc, as plain strings.

    Read once per document from the token arrays, so that the per-sentence loops can
    test words without creating a ``Token`` for every token they pass over.
    """

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        if len(doc):
            array = doc.to_array([LOWER, LEMMA])
            lower_ids, lemma_ids = array[:, 0].tolist(), array[:, 1].tolist()
        else:
            lower_ids, lemma_ids = [], []
        text = {key: strings[key] for key in set(lower_ids)}
        lemma = {key: strings[key].lower() for key in set(lemma_ids)}
        self.lowers: list[str] = [text[key] for key in lower_ids]
        self.lemmas: list[str] = [lemma[key] for key in lemma_ids]


def dedupe_spans(spans: Iterable[Span]) -> list[Span]:
    """The spans in order, each (start, end) once.

    Examples
    --------
    >>> from spacy.lang.en import English
    >>> doc = English()("a b c")
    >>> [s.text for s in dedupe_spans([doc[0:1], doc[1:2], doc[0:1]])]
    ['a', 'b']
    """
    seen: set[tuple[int, int]] = set()
    out = []
    for s in spans:
        key = (s.start, s.end)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
