"""Read -> store -> extract: the stateless stream and the resumable ingest job.

``extract_from_sources`` is the stream behind ``allegiance extract``;
``ingest_into_store`` the idempotent, resumable job behind ``allegiance ingest``
and ``allegiance demo``; ``ingest_documents`` the same job for documents already
read (the web app's paste and upload). All keep going past bad inputs: each
rejected file or record is handed to ``on_error`` and counted, never raised.

Examples
--------
>>> IngestReport().to_dict()["rejected"]
0
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from allegiance.errors import ConfigError, InputError, StoreBusyError, StoreError
from allegiance.ingest import read_documents
from allegiance.model import Document, Relation
from allegiance.run.dask import dask_pool, extract_pending_with_dask, worker_store_url
from allegiance.run.executor import ExtractionPool
from allegiance.run.options import (
    ErrorHandler,
    PipelineOptions,
    ProgressHandler,
    ReaderOptions,
    batched,
    pipeline_options,
)

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client
    from spacy.language import Language

ExtractedHandler = Callable[[Document, list[Relation]], None]

__all__ = ["ExtractedHandler", "IngestReport", "extract_from_sources", "ingest_documents", "ingest_into_store"]


@dataclass
class IngestReport:
    """Counts of one ingest run (mutable while the run goes on)."""

    read: int = 0
    stored: int = 0
    skipped_existing: int = 0
    duplicates_exact: int = 0
    duplicates_near: int = 0
    renamed: int = 0
    rejected: int = 0
    relations: int = 0
    extracted: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("errors")
        return data


def _store_files(store: Any) -> list[str]:
    """The files of a SQLite store, never to be read as input (``ingest .`` next to ``allegiance.db``)."""
    if getattr(store, "dialect", None) != "sqlite" or str(store.location) in ("", ":memory:"):
        return []
    base = str(store.location)
    return [base + suffix for suffix in ("", "-wal", "-shm", "-journal")]


def _documents(
    sources: Sequence[str | Path],
    options: ReaderOptions,
    on_error: ErrorHandler,
    stdin: Any = None,
    exclude: Sequence[str] = (),
) -> Iterator[Document]:
    for item in read_documents(sources, stdin=stdin, exclude=exclude, **options.as_kwargs()):
        if isinstance(item, InputError):
            on_error(item)
        else:
            yield item


def extract_from_sources(
    sources: Sequence[str | Path],
    *,
    options: ReaderOptions = ReaderOptions(),
    actors_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
    pipeline_path: str | Path | None = None,
    relation_model: str | Path | None = None,
    thorough: bool = False,
    max_sentence_tokens: int = 150,
    on_error: ErrorHandler = lambda error: None,
    on_progress: ProgressHandler = lambda n: None,
    batch_size: int = 32,
    workers: int = 1,
    dask: "Client | None" = None,
    stdin: Any = None,
) -> Iterator[tuple[Document, list[Relation]]]:
    """Read every source and yield each document with its relations, in order.

    Parameters
    ----------
    sources : sequence of path or "-"
        Files, directories or ``"-"`` for standard input.
    options : ReaderOptions
        How to read CSV/JSONL columns and whether to split pasted dumps.
    actors_path : path, optional
        A user actor dictionary (YAML) merged over the built-in one.
    lexicon_path : path, optional
        A trigger lexicon (YAML) instead of the shipped one.
    pipeline_path : path, optional
        A saved pipeline (``allegiance pipeline save``) to run instead of building one.
    relation_model : path or "shipped", optional
        A trained relation model added after the rules (see :class:`PipelineOptions`); None: rules only.
    thorough : bool
        Run ``relation_model`` with the setting it records for recall (:class:`PipelineOptions`).
    on_error : callable
        Called with each rejected input (an :class:`InputError`): a file or record
        the reader refused, or a document that could not be extracted (out of
        memory); the stream goes on.
    on_progress : callable
        Called with the number of documents finished after each document.
    batch_size : int
        Documents per spaCy batch (fewer when they hold more than
        ``PipelineOptions.max_batch_chars`` characters).
    workers : int
        Extraction processes on this machine (see :class:`~allegiance.run.executor.ExtractionPool`).
    dask : distributed.Client, optional
        Extract on this Dask cluster instead (see :mod:`allegiance.run.dask`).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = open(path, "w").write("Britain formed an alliance with France.")
    >>> docs = list(extract_from_sources([path]))
    >>> len(docs)
    1
    """
    pipeline = pipeline_options(actors_path, lexicon_path, pipeline_path, relation_model, batch_size=batch_size,
                                max_sentence_tokens=max_sentence_tokens, thorough=thorough)
    documents = _documents(sources, options, on_error, stdin)
    pool = dask_pool(dask, options=pipeline) if dask is not None else ExtractionPool(workers, options=pipeline)
    with pool:
        yield from _counted(pool.extract(documents, on_error), on_progress)


def _counted(stream: Iterator[tuple[Document, list[Relation]]],
             on_progress: ProgressHandler) -> Iterator[tuple[Document, list[Relation]]]:
    done = 0
    for document, relations in stream:
        done += 1
        on_progress(done)
        yield document, relations


def ingest_into_store(
    sources: Sequence[str | Path],
    store: Any,
    *,
    extract: bool = True,
    options: ReaderOptions = ReaderOptions(),
    actors_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
    pipeline_path: str | Path | None = None,
    relation_model: str | Path | None = None,
    thorough: bool = False,
    max_sentence_tokens: int = 150,
    on_error: ErrorHandler = lambda error: None,
    on_progress: ProgressHandler = lambda n: None,
    batch_size: int = 64,
    workers: int = 1,
    dask: "Client | None" = None,
    store_url: str | os.PathLike[str] | None = None,
    stdin: Any = None,
) -> IngestReport:
    """Store every document of ``sources`` (and, unless ``extract=False``, its relations).

    Idempotent and resumable: documents are stored first (each batch one
    transaction, documents already stored skipped), then every document stored
    without relations (now, after a crash, or after ``--no-extract``) is extracted
    and its relations stored.

    Parameters
    ----------
    sources : sequence of path or "-"
        Files, directories or ``"-"`` for standard input.
    store : allegiance.store.Store
        An open store.
    extract : bool
        Extract and store relations (default) or only store the text.
    relation_model : path or "shipped", optional
        A trained relation model added after the rules (see :class:`PipelineOptions`); None: rules only.
    thorough : bool
        Run ``relation_model`` with the setting it records for recall (:class:`PipelineOptions`).
    batch_size : int
        Documents per transaction.
    workers : int
        Extraction processes on this machine (see :class:`~allegiance.run.executor.ExtractionPool`).
    dask : distributed.Client, optional
        Extract on this Dask cluster instead; its workers write to the store
        named by ``store_url`` (see :func:`allegiance.run.dask.extract_pending_with_dask`).
    store_url : str, optional
        The store's path or URL as the Dask workers must open it (needed with ``dask``).

    Returns
    -------
    IngestReport
        Counts of what was read, stored, skipped, rejected and extracted.

    Examples
    --------
    >>> import tempfile, os
    >>> from allegiance.store import open_store
    >>> folder = tempfile.mkdtemp()
    >>> _ = open(os.path.join(folder, "a.txt"), "w").write("Unite backed Corbyn.")
    >>> with open_store(os.path.join(folder, "t.db")) as store:
    ...     report = ingest_into_store([folder], store, extract=False)
    >>> report.stored
    1
    """
    report = IngestReport()
    url = _worker_store_url(store_url) if dask is not None and extract else None  # fail before reading
    rejected = _rejecter(report, store, on_error)
    documents = _documents(sources, options, rejected, stdin, exclude=_store_files(store))
    pipeline = pipeline_options(actors_path, lexicon_path, pipeline_path, relation_model,
                                batch_size=min(32, batch_size),
                                max_sentence_tokens=max_sentence_tokens, thorough=thorough)
    if dask is not None and extract:
        _store_documents(documents, store, report, batch_size, rejected, on_progress)
        _extract_pending_on_dask(store, report, dask, url, pipeline, batch_size, rejected, on_progress)
        return report
    with ExtractionPool(workers, options=pipeline) as pool:
        return ingest_documents(documents, store, pool=pool if extract else None, batch_size=batch_size,
                                on_error=on_error, on_progress=on_progress, report=report, rejected=rejected)


def ingest_documents(documents: Iterable[Document], store: Any, *, pool: ExtractionPool | None = None,
                     nlp: "Language | None" = None, batch_size: int = 64,
                     on_error: ErrorHandler = lambda error: None, on_progress: ProgressHandler = lambda n: None,
                     report: IngestReport | None = None, rejected: ErrorHandler | None = None,
                     on_extracted: ExtractedHandler = lambda document, relations: None) -> IngestReport:
    """Store ``documents`` (de-duplicated, idempotent), then extract and store every pending document.

    The job of :func:`ingest_into_store` for documents already read. Extraction
    runs on ``pool``, or in this process with ``nlp``; with neither, only the
    text is stored. ``on_extracted`` is called with each document extracted and
    stored and its relations (the web page shows them). ``report`` and
    ``rejected`` let :func:`ingest_into_store` pass its own on.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     ingest_documents([Document.from_text("Unite backed Corbyn.")], store, batch_size=8).stored
    1
    """
    report = report if report is not None else IngestReport()
    rejected = rejected if rejected is not None else _rejecter(report, store, on_error)
    _store_documents(documents, store, report, batch_size, rejected, on_progress)
    if pool is None and nlp is not None:
        with ExtractionPool(1, nlp=nlp) as own:
            _extract_pending(store, report, own, batch_size, rejected, on_error, on_progress, on_extracted)
    elif pool is not None:
        _extract_pending(store, report, pool, batch_size, rejected, on_error, on_progress, on_extracted)
    return report


def _worker_store_url(store_url: str | os.PathLike[str] | None) -> str:
    if store_url is None:
        raise ConfigError("a Dask run needs the store's URL", hint="pass store_url (the --db value)")
    return worker_store_url(store_url)


def _rejecter(report: IngestReport, store: Any, on_error: ErrorHandler) -> ErrorHandler:
    """The handler of a rejected input: count it, keep its line, record it in the store, pass it on."""
    def rejected(error: InputError) -> None:
        report.rejected += 1
        report.errors.append(str(error))
        store.record_rejected(error.path or "<input>", error.message)
        on_error(error)

    return rejected


def _store_documents(documents: Iterable[Document], store: Any, report: IngestReport, batch_size: int,
                     rejected: ErrorHandler, on_progress: ProgressHandler) -> None:
    """Store the documents batch by batch (one transaction each); what the store refuses is rejected."""
    for batch in batched(documents, batch_size):
        report.read += len(batch)
        for result in _written(store, batch, rejected):
            _count(report, result)
        on_progress(report.read)


def _written(store: Any, batch: list[Document], rejected: ErrorHandler) -> Iterator[Any]:
    """Write ``batch`` in one transaction, or, when the store refuses a document of it, each alone.

    A busy store refuses the whole batch (nothing was written; say so, go on); any
    other refusal (an id used by too many texts) rejects that document only.
    """
    try:
        yield store.write_batch([(document, None) for document in batch])
        return
    except StoreBusyError as busy:
        for document in batch:
            rejected(InputError(f"not stored: {busy.message}", path=document.origin or document.id, hint=busy.hint))
        return
    except StoreError:
        if len(batch) == 1:
            raise
    for document in batch:
        try:
            yield store.write_batch([(document, None)])
        except StoreError as refused:
            rejected(InputError(f"not stored: {refused.message}", path=document.origin or document.id,
                                hint=refused.hint))


def _count(report: IngestReport, result: Any) -> None:
    report.renamed += len(result.renamed)
    report.stored += result.stored
    report.skipped_existing += result.skipped_existing
    report.duplicates_exact += result.duplicates_exact
    report.duplicates_near += result.duplicates_near


def _extract_pending(store: Any, report: IngestReport, pool: ExtractionPool, batch_size: int,
                     rejected: ErrorHandler, on_error: ErrorHandler, on_progress: ProgressHandler,
                     on_extracted: ExtractedHandler = lambda document, relations: None) -> None:
    """Extract every document stored without relations and store its relations (this process writes)."""
    pending = chain.from_iterable(store.pending_extraction(batch_size=batch_size))
    for extracted in batched(pool.extract(pending, rejected), batch_size):
        try:
            report.relations += store.write_batch(extracted).relations_stored
        except StoreBusyError as busy:  # they stay pending for the next run
            report.rejected += len(extracted)
            on_error(InputError(f"relations of {len(extracted)} documents not stored: {busy.message}",
                                hint="they stay pending; run the same command again"))
            continue
        report.extracted += len(extracted)
        for document, relations in extracted:
            on_extracted(document, relations)
        on_progress(report.read + report.extracted)


def _extract_pending_on_dask(store: Any, report: IngestReport, client: "Client", url: str | None,
                             pipeline: PipelineOptions, batch_size: int, rejected: ErrorHandler,
                             on_progress: ProgressHandler) -> None:
    """Extract every pending document on Dask; the workers write the relations to the store at ``url``."""
    def progress(extracted: int, relations: int) -> None:
        report.extracted = extracted
        on_progress(report.read + extracted)

    result = extract_pending_with_dask(store, client, store_url=url, options=pipeline, partition_size=batch_size,
                                       on_progress=progress, on_error=rejected)
    report.extracted = result.documents
    report.relations += result.relations
