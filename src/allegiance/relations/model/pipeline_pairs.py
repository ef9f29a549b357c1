"""Training pairs as the pipeline makes them: the candidates a relation model meets at run time (issue 15).

The gold pairs (:func:`~allegiance.relations.model.corpus_docs.gold_doc`) are the pairs an
annotator listed, on the annotator's mentions. In the pipeline a model scores other pairs as
well: pairs of mentions the actor stage marks and no annotator would call a political actor
("Hindi" as a place, "COVID-19" as an organisation), pairs keyed on a slightly different
sentence, pairs of a reference the actor stage resolved. A model trained on gold pairs alone
has never seen these, and its confidence on them means little.

:func:`pipeline_pairs` runs the rule pipeline (actor stage and rules, with the evaluation's
NER fallback) over annotated documents, takes the candidates a transformer relation model
would score there (:func:`~allegiance.relations.model.component.model_candidates`, its routes,
less the pairs the rules cover) and labels each from the annotation:

* a candidate whose (corpus sentence, actor pair) the annotator listed gets that pair's label; an end
  whose actor the annotator did not pair in the document stands for the actor of the annotator's mention
  it overlaps (a group noun such as "supporters" for the annotator's "Golden Dawn supporters");
* a candidate whose mentions overlap both mentions of an annotated relation of its sentence,
  but whose actor ids differ (the pipeline named an actor differently), is left out: its label
  is unknown;
* every other candidate is ``none``: the annotation lists every pair with a relation.

Examples
--------
>>> from allegiance.relations.corpus import corpus_from_records
>>> from allegiance.relations.corpus_eval import _EXAMPLE_DOC, _EXAMPLE_ANNOTATION
>>> corpus = corpus_from_records([_EXAMPLE_DOC], [_EXAMPLE_ANNOTATION])
>>> found = pipeline_pairs(list(corpus.finals("dev")), settings={"skip_rule_pairs": False})
>>> [(c.actors, label) for c, label in zip(found.candidates[0], found.labels)]
[(('FRA', 'GBR'), '+')]
>>> found.counts
{'pairs': 1, 'annotated': 1, 'none': 0, 'unknown': 0, 'off_sentence': 0}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from allegiance.actors.kb import shared_knowledge_base
from allegiance.nlp.extensions import register_extensions
from allegiance.relations.corpus import CorpusDocument, DocumentAnnotation
from allegiance.relations.model.candidates import PairCandidate
from allegiance.relations.model.combine import actors_by_id
from allegiance.relations.model.component import model_candidates
from allegiance.relations.model.corpus_docs import corpus_actor_id, gold_sentence_of, pair_label
from allegiance.relations.model.transformer_component import scored_candidates
from allegiance.relations.pipeline import build_pipeline

__all__ = ["PipelinePairs", "pipeline_pairs"]


@dataclass
class PipelinePairs:
    """Parsed Docs, the labelled candidates of each, and how many candidates went where."""

    docs: list[Doc] = field(default_factory=list)
    candidates: list[list[PairCandidate]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    listed: list[bool] = field(default_factory=list)  # per label: whether an annotator listed the pair
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("pairs", "annotated", "none", "unknown", "off_sentence"), 0))


def _char_spans(doc: Doc, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)) for a, b in spans if b > a]


def _overlaps(chars: Sequence[tuple[int, int]], mentions: Sequence[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in chars for c, d in mentions)


def _corpus_sentence(doc: Doc, ann: DocumentAnnotation, candidate: PairCandidate) -> int | None:
    """The corpus sentence of the candidate's mentions inside its sentence (None when they are in two)."""
    lo, hi = candidate.sentence
    inside = _char_spans(doc, [s for s in (*candidate.spans_a, *candidate.spans_b) if lo <= s[0] and s[1] <= hi])
    found = {gold_sentence_of(ann, a, b) for a, b in inside}
    return found.pop() if len(found) == 1 else None


def _unknown(doc: Doc, candidate: PairCandidate, related: Sequence[tuple[list, list]]) -> bool:
    """Whether the candidate's mentions overlap both actors' mentions of an annotated relation."""
    chars_a, chars_b = _char_spans(doc, candidate.spans_a), _char_spans(doc, candidate.spans_b)
    return any((_overlaps(chars_a, x) and _overlaps(chars_b, y)) or (_overlaps(chars_a, y) and _overlaps(chars_b, x))
               for x, y in related)


def _gold_actor(doc: Doc, ann: DocumentAnnotation, index: int, actor_id: str, spans: Sequence[tuple[int, int]],
                actors: dict, paired: set[str], kb) -> str:
    """The corpus actor of one end of a candidate: its own id mapped to the corpus's when the annotator
    paired that actor in the document (``paired``); else the one actor of the annotator's mentions its spans
    overlap in corpus sentence ``index`` (a group noun, an ad-hoc actor the annotator named otherwise); else
    its id."""
    mapped = corpus_actor_id(actors[actor_id][0], kb) if actor_id in actors else actor_id
    if mapped in paired:
        return mapped
    chars = _char_spans(doc, spans)
    found = {m.actor for m in ann.mentions if m.sentence == index and _overlaps(chars, [(m.start, m.end)])}
    return found.pop() if len(found) == 1 else mapped


def _label_document(doc: Doc, ann: DocumentAnnotation, candidates: Sequence[PairCandidate], kb,
                    out: PipelinePairs) -> list[PairCandidate]:
    annotated = {(p.sentence_index, frozenset(p.actors)): pair_label(p) for p in ann.pairs}
    related: dict[int, list[tuple[list, list]]] = {}
    for p in ann.pairs:
        if p.relations:
            related.setdefault(p.sentence_index, []).append(tuple(
                [(m.start, m.end) for m in ann.mentions if m.actor == actor] for actor in p.actors))
    actors = actors_by_id(doc)
    paired = {actor for p in ann.pairs for actor in p.actors}
    kept = []
    for candidate in candidates:
        out.counts["pairs"] += 1
        index = _corpus_sentence(doc, ann, candidate)
        if index is None:
            out.counts["off_sentence"] += 1
            continue
        ids = frozenset(_gold_actor(doc, ann, index, actor_id, spans, actors, paired, kb)
                        for actor_id, spans in zip(candidate.actors, (candidate.spans_a, candidate.spans_b)))
        if (index, ids) in annotated:
            out.counts["annotated"] += 1
            out.labels.append(annotated[index, ids])
            out.listed.append(True)
        elif _unknown(doc, candidate, related.get(index, ())):
            out.counts["unknown"] += 1
            continue
        else:
            out.counts["none"] += 1
            out.labels.append("none")
            out.listed.append(False)
        kept.append(candidate)
    return kept


def pipeline_pairs(finals: Sequence[tuple[CorpusDocument, DocumentAnnotation]], *, nlp: Language | None = None,
                   settings: dict | None = None, batch_size: int = 16) -> PipelinePairs:
    """The candidates a relation model with ``settings`` scores on ``finals``' documents, labelled.

    Parameters
    ----------
    finals : sequence of (CorpusDocument, DocumentAnnotation)
        Annotated documents (a split's :meth:`~allegiance.relations.corpus.Corpus.finals`).
    nlp : Language, optional
        The rule pipeline to parse with (default: the rules with the NER fallback, as the
        corpus evaluation runs them).
    settings : dict, optional
        The relation model's candidate settings (``first_person_mentions``, ``merge_routes``,
        ``skip_rule_pairs`` ...; default: the shipped transformer's).
    """
    if nlp is None:
        nlp = build_pipeline(ner_fallback=True)
    settings = {"first_person_mentions": True, "merge_routes": ["sentence", "reference"], "skip_rule_pairs": True,
                **(settings or {})}
    kb = shared_knowledge_base()
    out = PipelinePairs()
    register_extensions()

    def made() -> Iterator[tuple[Doc, tuple]]:
        for document, ann in finals:
            yield document.make_doc(nlp), (document, ann)

    for doc, (document, ann) in nlp.pipe(made(), as_tuples=True, batch_size=batch_size):
        found = scored_candidates(doc, model_candidates([doc], settings)[0], settings)
        kept = _label_document(doc, ann, found, kb, out)
        if kept:
            out.docs.append(doc)
            out.candidates.append(kept)
    return out
