"""From the labelled corpus to model inputs, and from model or rule output back to corpus pair keys.

* :func:`gold_doc` builds a Doc from one annotated document with the gold sentences and
  mentions as actor spans, and the gold candidates with their labels (training input,
  and the "gold mentions" evaluation);
* :func:`corpus_actor_id` maps an actor the pipeline found to the id the corpus uses
  (a knowledge-base id, else a ``NEW:`` slug as :mod:`~allegiance.relations.corpus_draft`
  writes it);
* :func:`gold_sentence_of` finds the corpus sentence that holds a character span, so pairs
  found on a parsed Doc are keyed like the corpus's (``(sentence index, actor, actor)``).

Labels are the sign of the pair: ``none``, ``+`` or ``-`` (:data:`LABELS`); the two corpus
pairs that carry both signs are labelled by their first relation.

Examples
--------
>>> from allegiance.relations.corpus import corpus_from_records
>>> from allegiance.relations.corpus_eval import _EXAMPLE_DOC, _EXAMPLE_ANNOTATION
>>> corpus = corpus_from_records([_EXAMPLE_DOC], [_EXAMPLE_ANNOTATION])
>>> document, ann = next(corpus.finals("dev"))
>>> doc, candidates, labels, sentences = gold_doc(document, ann)
>>> [(c.actors, c.route) for c in candidates], labels, sentences
([(('FRA', 'GBR'), 'sentence')], ['+'], [0])
"""

from __future__ import annotations

import bisect
from typing import Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from allegiance.actors.kb import slugify
from allegiance.model import Actor, ActorKind
from allegiance.relations.corpus import CandidatePair, CorpusDocument, DocumentAnnotation
from allegiance.relations.model.candidates import PairCandidate, reference_like, with_actor_spans

__all__ = ["LABELS", "corpus_actor_id", "gold_doc", "gold_sentence_of", "pair_label"]

LABELS = ("none", "+", "-")


def pair_label(pair: CandidatePair) -> str:
    """The label of a corpus pair: ``none``, ``+`` or ``-`` (its first relation's sign)."""
    if not pair.relations:
        return "none"
    return "+" if pair.relations[0].sign > 0 else "-"


def corpus_actor_id(actor: Actor, kb) -> str:
    """The corpus id of ``actor``: its knowledge-base id, else a ``NEW:`` slug of its name (as the ad-hoc ids and
    the annotators write it: ASCII, no leading "the"; "Mercedes Aráoz" is ``NEW:mercedes_araoz``).

    Examples
    --------
    >>> from allegiance.actors.kb import load_knowledge_base
    >>> corpus_actor_id(Actor("PER:x", "Mercedes Aráoz", ActorKind.PERSON), load_knowledge_base())
    'NEW:mercedes_araoz'
    """
    if actor.id in kb or actor.id.startswith(("GRP:", "NEW:")):
        return actor.id
    return "NEW:" + slugify(actor.name)


def gold_sentence_of(ann: DocumentAnnotation, start_char: int, end_char: int) -> int | None:
    """Index of the corpus sentence of ``ann`` holding ``[start_char, end_char)``, or None.

    Examples
    --------
    >>> from allegiance.relations.corpus import Sentence
    >>> ann = DocumentAnnotation("d", "x", "primary", (Sentence(0, 5), Sentence(7, 20)), (), (), ())
    >>> gold_sentence_of(ann, 8, 12), gold_sentence_of(ann, 4, 9)
    (1, None)
    """
    starts = [s.start for s in ann.sentences]
    i = bisect.bisect_right(starts, start_char) - 1
    if i >= 0 and end_char <= ann.sentences[i].end:
        return i
    return None


_BLANK: dict[str, Language] = {}


def _tokenizer_nlp() -> Language:
    if "en" not in _BLANK:
        _BLANK["en"] = spacy.blank("en")
    return _BLANK["en"]


def gold_doc(document: CorpusDocument, ann: DocumentAnnotation, *, nlp: Language | None = None,
             ) -> tuple[Doc, list[PairCandidate], list[str], list[int]]:
    """A Doc of ``document`` with the gold sentences and actor mentions, its gold candidates, their labels
    and their corpus sentence indices.

    ``nlp`` tokenizes (default a blank English pipeline). Mentions are snapped
    outward to whole tokens; a pair whose actor has no mention left is skipped.
    """
    doc = (nlp or _tokenizer_nlp()).make_doc(document.text)
    sent_tokens = []
    for s in ann.sentences:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        sent_tokens.append((span.start, span.end) if span is not None else (0, 0))
    for token in doc:
        token.is_sent_start = token.i == 0
    for start, _ in sent_tokens:
        if start < len(doc):
            doc[start].is_sent_start = True
    mentions = []
    for m in ann.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            mentions.append((m, span.start, span.end))
    with_actor_spans(doc, [(a, b, Actor(m.actor, m.text, ActorKind.GROUP)) for m, a, b in mentions])
    candidates, labels, indices = [], [], []
    for pair in ann.pairs:
        candidate = _gold_candidate(pair, mentions, sent_tokens[pair.sentence_index])
        if candidate is not None:
            candidates.append(candidate)
            labels.append(pair_label(pair))
            indices.append(pair.sentence_index)
    return doc, candidates, labels, indices


def _gold_candidate(pair: CandidatePair, mentions: Sequence, sentence: tuple[int, int]) -> PairCandidate | None:
    in_sentence = {actor: [(a, b, m) for m, a, b in mentions
                           if m.actor == actor and sentence[0] <= a and b <= sentence[1]]
                   for actor in pair.actors}
    route = "sentence"
    for actor, found in in_sentence.items():
        if not found:  # quote pair: the speaker's mention, else the actor's nearest mention
            route = "quote"
            found = [(a, b, m) for m, a, b in mentions if m.id == pair.speaker and m.actor == actor] or \
                sorted(((a, b, m) for m, a, b in mentions if m.actor == actor),
                       key=lambda t: abs(t[0] - sentence[0]))[:1]
            if not found:
                return None
            in_sentence[actor] = found
    if route == "sentence" and any(all(reference_like(m.text, m.actor) for _, _, m in found)
                                   for found in in_sentence.values()):
        route = "reference"
    a, b = pair.actors
    spans = {k: tuple(dict.fromkeys((s, e) for s, e, _ in v)) for k, v in in_sentence.items()}
    return PairCandidate(sentence, (a, b), spans[a], spans[b], route)
