"""The whole pipeline as plain functions: read -> extract -> (store).

``extract_from_sources`` is the stateless stream behind ``allegiance extract``;
``ingest_into_store`` is the resumable, idempotent job behind ``allegiance
ingest`` and ``allegiance demo``. Both keep going past bad inputs: each
rejected file or record is handed to ``on_error`` and counted, never raised.

Extraction runs in this process (``workers=1``) or in a pool of worker
processes (:class:`ExtractionPool`), each loading the spaCy pipeline once;
output is in input order either way, and identical. Documents are streamed:
at most ``workers * prefetch`` chunks are in flight, so memory stays flat
however large the corpus. :mod:`allegiance.distributed` runs the same
extraction over a Dask cluster.

Memory per extraction process is bounded whatever the input, about 0.5 GB with
the defaults: long documents are parsed in parts of at most
``PipelineOptions.max_part_chars`` characters and a spaCy batch (and a chunk sent
to a worker) holds at most ``max_batch_chars`` characters (see
:mod:`allegiance.nlp.limits` for where the memory goes and the measured
ceiling). A document that runs out of memory all the same is rejected with a
line (``on_error``) and the run goes on.

Examples
--------
>>> from allegiance.pipeline import IngestReport
>>> IngestReport().to_dict()["rejected"]
0
"""

from __future__ import annotations

import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from allegiance.errors import ConfigError, InputError, StoreBusyError, WorkerError
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document, Relation
from allegiance.nlp.limits import TextLimits, bounded_batches

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = [
    "ExtractionPool",
    "IngestReport",
    "PipelineOptions",
    "ReaderOptions",
    "batched",
    "default_workers",
    "extract_documents",
    "extract_from_sources",
    "ingest_into_store",
]

ErrorHandler = Callable[[InputError], None]
ProgressHandler = Callable[[int], None]


def default_workers() -> int:
    """The default number of extraction processes: every core (``os.cpu_count()``).

    Examples
    --------
    >>> default_workers() >= 1
    True
    """
    return max(1, os.cpu_count() or 1)


#: Options passed through to :func:`allegiance.ingest.read_documents` (one type: the ingest stage's own).
ReaderOptions = ReadOptions


@dataclass(frozen=True)
class PipelineOptions:
    """What a worker needs to build the extraction pipeline (picklable, hashable).

    Parameters
    ----------
    actors_path : str, optional
        A user actor dictionary (YAML) merged over the built-in one.
    batch_size : int
        Documents per ``nlp.pipe`` batch.
    max_sentence_tokens : int
        Longer sentences are skipped (with a note) instead of parsed for relations.
    max_part_chars : int
        Longer documents are parsed in parts of at most this many characters
        (offsets still index the full text).
    max_batch_chars : int
        Characters per spaCy batch and per chunk sent to a worker (a longer
        document or part goes alone). With the defaults one extraction process
        peaks at about 0.5 GB whatever the input (:mod:`allegiance.nlp.limits`).

    Examples
    --------
    >>> PipelineOptions(batch_size=16).batch_size
    16
    >>> PipelineOptions().limits
    TextLimits(max_part_chars=50000, max_batch_chars=100000)
    """

    actors_path: str | None = None
    batch_size: int = 32
    max_sentence_tokens: int = 150
    max_part_chars: int = TextLimits.max_part_chars
    max_batch_chars: int = TextLimits.max_batch_chars

    def __post_init__(self) -> None:
        if int(self.batch_size) < 1:
            raise ConfigError(f"batch size {self.batch_size!r} is too small", hint="give 1 or more")
        self.limits  # noqa: B018  (checks the limits now, not in a worker)
        if self.actors_path is not None:
            # workers may run elsewhere (another cwd, a Dask worker): keep an absolute path
            object.__setattr__(self, "actors_path", str(Path(self.actors_path).resolve()))

    def build(self) -> "Language":
        """Build the pipeline (actor and relation stages on the spaCy model).

        Examples
        --------
        >>> PipelineOptions().build().pipe_names[-1]
        'allegiance_relations'
        """
        from allegiance.relations import build_pipeline

        return build_pipeline(actors_path=self.actors_path, max_sentence_tokens=self.max_sentence_tokens)

    @property
    def limits(self) -> TextLimits:
        """Characters per spaCy part and batch."""
        return TextLimits(max_part_chars=self.max_part_chars, max_batch_chars=self.max_batch_chars)

    def chunks(self, documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
        """``documents`` in chunks of at most ``size`` documents and ``max_batch_chars`` characters.

        The unit of work sent to a worker process or a Dask task; a document
        longer than ``max_batch_chars`` is a chunk of its own.

        Examples
        --------
        >>> docs = [Document.from_text("x" * 60_000, id=str(i)) for i in range(3)]
        >>> [[d.id for d in c] for c in PipelineOptions().chunks(docs, 32)]
        [['0'], ['1'], ['2']]
        """
        return bounded_batches(documents, size, self.max_batch_chars, size=_chars)


def _chars(document: Document) -> int:
    """The characters spaCy parses for ``document`` (its title is parsed in front of the text)."""
    return len(document.text) + len(document.title or "")


@lru_cache(maxsize=4)
def _cached_pipeline(options: PipelineOptions) -> "Language":
    """One pipeline per process and options: workers load the model once."""
    return options.build()


Outcome = list[Relation] | tuple[str, str | None, str | None]


def _extract_chunk(documents: list[Document], options: PipelineOptions) -> list[Outcome]:
    """Worker side: the relations of each document of one chunk, in order, or why it failed.

    A failure travels as ``(message, path, hint)``: an :class:`InputError` pickles
    only its text and would lose its path (see :func:`delivered`).
    """
    from allegiance.relations.pipeline import extraction_outcomes

    nlp = _cached_pipeline(options)
    return [
        (outcome.message, outcome.path, outcome.hint) if isinstance(outcome, InputError) else outcome
        for _, outcome in extraction_outcomes(documents, nlp=nlp, batch_size=options.batch_size,
                                              limits=options.limits)
    ]


def delivered(pairs: Iterable[tuple[Document, Outcome]],
              on_error: ErrorHandler | None) -> Iterator[tuple[Document, list[Relation]]]:
    """Yield the extracted ``(document, relations)`` of ``pairs``; hand each failure to ``on_error``.

    Without ``on_error`` a failure is raised (as an :class:`InputError`).

    Examples
    --------
    >>> errors = []
    >>> pairs = [(Document("a", "A."), []), (Document("b", "B."), ("out of memory", "b.txt", None))]
    >>> [d.id for d, _ in delivered(pairs, errors.append)], [str(e) for e in errors]
    (['a'], ['b.txt: out of memory'])
    """
    for document, outcome in pairs:
        if isinstance(outcome, tuple):
            message, path, hint = outcome
            outcome = InputError(message, path=path, hint=hint)
        if isinstance(outcome, InputError):
            if on_error is None:
                raise outcome
            on_error(outcome)
        else:
            yield document, outcome


def _exit_with_parent() -> None:
    """Worker side: end this process as soon as the process that started it is gone.

    A pool's worker processes hold both ends of their task queue, so they would wait
    forever after the parent is killed (SIGKILL, OOM killer); a daemon thread waiting
    on the parent's sentinel ends them instead.
    """
    from multiprocessing import parent_process
    from multiprocessing.connection import wait

    parent = parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="allegiance-parent-watch", daemon=True).start()


def _warm_worker(options: PipelineOptions) -> None:
    _exit_with_parent()
    _cached_pipeline(options)


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


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of up to ``size`` items, in order.

    Examples
    --------
    >>> list(batched(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    return bounded_batches(items, size)


class ExtractionPool:
    """Extract relations with ``workers`` processes, each loading the pipeline once.

    Output is in input order and identical to a one-process run. Documents are
    sent to the workers in chunks of ``chunk_size`` documents and at most
    ``options.max_batch_chars`` characters; at most ``workers * prefetch`` chunks
    are in flight, so memory does not grow with the corpus.
    With ``workers=1``, or when the whole input fits in one chunk, everything
    runs in this process (no start-up cost). The processes start at the first
    call that needs them and live until :meth:`close` (use the pool as a context
    manager), so one pool serves many calls of :meth:`extract`.

    Parameters
    ----------
    workers : int
        Processes (default: every core).
    options : PipelineOptions
        How to build the pipeline (actor dictionary, spaCy batch size).
    chunk_size : int, optional
        Documents per task (default: ``options.batch_size``; a multiple of the
        batch size keeps spaCy's batches the same as in one process).
    prefetch : int
        Chunks in flight per worker.
    nlp : Language, optional
        A pipeline already built in this process, used for in-process work.
    recycle_after : int, optional
        Chunks a worker process handles before a fresh one replaces it (default
        1000, i.e. ~32k documents at the default batch size). spaCy's string store
        and other caches grow with the vocabulary seen; recycling keeps memory flat
        on corpora of any size for the cost of one model load per ``recycle_after``
        chunks. ``None``: never.

    Examples
    --------
    >>> docs = [Document.from_text("Britain formed an alliance with France.", id="d1")]
    >>> with ExtractionPool(workers=2) as pool:
    ...     [(d.id, len(rels)) for d, rels in pool.extract(docs)]
    [('d1', 1)]
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        options: PipelineOptions = PipelineOptions(),
        chunk_size: int | None = None,
        prefetch: int = 2,
        nlp: "Language | None" = None,
        recycle_after: int | None = 1000,
    ):
        workers = default_workers() if workers is None else int(workers)
        if workers < 1:
            raise ConfigError(f"{workers} workers is too few", hint="give --workers 1 or more")
        if int(prefetch) < 1:
            raise ConfigError(f"prefetch {prefetch!r} is too small", hint="give 1 or more")
        self.workers = workers
        self.options = options
        self.chunk_size = int(chunk_size or options.batch_size)
        if self.chunk_size < 1:
            raise ConfigError(f"chunk size {chunk_size!r} is too small", hint="give 1 or more")
        self.prefetch = int(prefetch)
        if recycle_after is not None and int(recycle_after) < 1:
            raise ConfigError(f"recycle_after {recycle_after!r} is too small", hint="give 1 or more, or None")
        self.recycle_after = None if recycle_after is None else int(recycle_after)
        self._nlp = nlp
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> "ExtractionPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self._executor is not None else "idle"
        return f"ExtractionPool(workers={self.workers}, chunk_size={self.chunk_size}, {state})"

    @property
    def nlp(self) -> "Language":
        """The in-process pipeline (built on first use)."""
        if self._nlp is None:
            self._nlp = _cached_pipeline(self.options)
        return self._nlp

    def start(self) -> None:
        """Start the worker processes and load the pipeline in each (idempotent).

        Called by :meth:`extract` when needed; call it yourself to pay the start-up
        cost up front (benchmarks do).
        """
        if self._executor is not None or self.workers == 1:
            return
        # spawn: a clean interpreter per worker, safe even when this process runs
        # threads (progress display, a Dask client)
        executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=get_context("spawn"),
            initializer=_warm_worker,
            initargs=(self.options,),
            max_tasks_per_child=self.recycle_after,
        )
        self._executor = executor
        try:
            for future in [executor.submit(_extract_chunk, [], self.options) for _ in range(self.workers)]:
                future.result()
        except BrokenProcessPool as exc:
            self.close()
            raise WorkerError(
                "an extraction worker could not start",
                hint="check that the spaCy model loads (allegiance extract --workers 1) and that memory suffices",
            ) from exc

    def close(self) -> None:
        """Stop the worker processes (idempotent)."""
        if self._executor is not None:
            executor, self._executor = self._executor, None
            executor.shutdown(wait=True, cancel_futures=True)

    def _in_process(self, documents: Iterable[Document],
                    on_error: ErrorHandler | None) -> Iterator[tuple[Document, list[Relation]]]:
        from allegiance.relations.pipeline import extraction_outcomes

        outcomes = extraction_outcomes(documents, nlp=self.nlp, batch_size=self.options.batch_size,
                                       limits=self.options.limits)
        yield from delivered(outcomes, on_error)

    def extract(self, documents: Iterable[Document],
                on_error: ErrorHandler | None = None) -> Iterator[tuple[Document, list[Relation]]]:
        """Yield ``(document, relations)`` for each document, in input order.

        Parameters
        ----------
        documents : iterable of Document
            Read lazily.
        on_error : callable, optional
            Called with an :class:`InputError` for each document that could not
            be extracted (it ran out of memory); that document is not yielded and
            the others go on. Without it, that error is raised.

        Examples
        --------
        >>> with ExtractionPool(workers=1) as pool:
        ...     [len(r) for _, r in pool.extract([Document.from_text("Khan was defeated by Dar.")])]
        [1]
        """
        if self.workers == 1:
            yield from self._in_process(documents, on_error)
            return
        chunks = self.options.chunks(documents, self.chunk_size)
        head = list(islice(chunks, 2))
        if not head:
            return
        if len(head) == 1 and self._executor is None:
            yield from self._in_process(head[0], on_error)  # one chunk: starting processes would cost more
            return
        self.start()
        executor = self._executor
        assert executor is not None
        in_flight: deque[tuple[list[Document], Future]] = deque()
        try:
            for chunk in chain(head, chunks):
                in_flight.append((chunk, executor.submit(_extract_chunk, chunk, self.options)))
                while len(in_flight) >= self.workers * self.prefetch:
                    yield from delivered(self._collect(*in_flight.popleft()), on_error)
            while in_flight:
                yield from delivered(self._collect(*in_flight.popleft()), on_error)
        finally:
            for _, future in in_flight:
                future.cancel()

    def _collect(self, chunk: list[Document], future: Future) -> Iterator[tuple[Document, Outcome]]:
        try:
            results = future.result()
        except BrokenProcessPool as exc:
            self.close()
            raise WorkerError(
                f"an extraction worker died while extracting documents {chunk[0].id}..{chunk[-1].id}",
                hint="it may have run out of memory; run again with fewer --workers (ingest resumes where it stopped)",
            ) from exc
        yield from zip(chunk, results)


def extract_documents(
    documents: Iterable[Document],
    *,
    workers: int = 1,
    options: PipelineOptions = PipelineOptions(),
    on_error: ErrorHandler | None = None,
) -> Iterator[tuple[Document, list[Relation]]]:
    """Yield each document with its relations, in order, using ``workers`` processes.

    A one-call form of :class:`ExtractionPool` (the processes stop when the stream
    ends); ``on_error`` as in :meth:`ExtractionPool.extract`.

    Examples
    --------
    >>> docs = [Document.from_text("Unite backed Corbyn.", id="u")]
    >>> [(d.id, [r.sign.value for r in rels]) for d, rels in extract_documents(docs)]
    [('u', [1])]
    """
    with ExtractionPool(workers, options=options) as pool:
        yield from pool.extract(documents, on_error)


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
    from allegiance.ingest import read_documents

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
    max_sentence_tokens: int = 150,
    on_error: ErrorHandler = lambda error: None,
    on_progress: ProgressHandler = lambda n: None,
    batch_size: int = 32,
    workers: int = 1,
    dask: Any = None,
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
        Extraction processes on this machine (see :class:`ExtractionPool`).
    dask : distributed.Client, optional
        Extract on this Dask cluster instead (see :mod:`allegiance.distributed`).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = open(path, "w").write("Britain formed an alliance with France.")
    >>> docs = list(extract_from_sources([path]))
    >>> len(docs)
    1
    """
    pipeline = PipelineOptions(
        actors_path=str(actors_path) if actors_path is not None else None, batch_size=batch_size,
        max_sentence_tokens=max_sentence_tokens,
    )
    documents = _documents(sources, options, on_error, stdin)
    if dask is not None:
        from allegiance.distributed import extract_with_dask

        stream = extract_with_dask(documents, dask, options=pipeline, on_error=on_error)
    else:
        stream = extract_documents(documents, workers=workers, options=pipeline, on_error=on_error)
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
    max_sentence_tokens: int = 150,
    on_error: ErrorHandler = lambda error: None,
    on_progress: ProgressHandler = lambda n: None,
    batch_size: int = 64,
    workers: int = 1,
    dask: Any = None,
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
    batch_size : int
        Documents per transaction.
    workers : int
        Extraction processes on this machine (see :class:`ExtractionPool`).
    dask : distributed.Client, optional
        Extract on this Dask cluster instead; its workers write to the store
        named by ``store_url`` (see :func:`allegiance.distributed.extract_pending_with_dask`).
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
    if dask is not None and extract:
        if store_url is None:
            raise ConfigError("a Dask run needs the store's URL", hint="pass store_url (the --db value)")
        from allegiance.distributed import worker_store_url

        store_url = worker_store_url(store_url)  # fail before reading anything

    def rejected(error: InputError) -> None:
        report.rejected += 1
        report.errors.append(str(error))
        store.record_rejected(error.path or "<input>", error.message)
        on_error(error)

    documents = _documents(sources, options, rejected, stdin, exclude=_store_files(store))
    for batch in batched(documents, batch_size):
        report.read += len(batch)
        try:
            result = store.write_batch([(document, None) for document in batch])
        except StoreBusyError as busy:  # nothing of the batch was written: say so, go on
            for document in batch:
                rejected(InputError(f"not stored: {busy.message}", path=document.origin or document.id,
                                    hint=busy.hint))
            continue
        report.renamed += len(result.renamed)
        report.stored += result.stored
        report.skipped_existing += result.skipped_existing
        report.duplicates_exact += result.duplicates_exact
        report.duplicates_near += result.duplicates_near
        on_progress(report.read)

    if not extract:
        return report
    pipeline = PipelineOptions(
        actors_path=str(actors_path) if actors_path is not None else None,
        batch_size=min(32, batch_size),
        max_sentence_tokens=max_sentence_tokens,
    )
    if dask is not None:
        from allegiance.distributed import extract_pending_with_dask

        def progress(extracted: int, relations: int) -> None:
            report.extracted = extracted
            on_progress(report.read + extracted)

        result = extract_pending_with_dask(
            store, dask, store_url=store_url, options=pipeline, partition_size=batch_size,
            on_progress=progress, on_error=rejected,
        )
        report.extracted = result.documents
        report.relations += result.relations
        return report

    pending = chain.from_iterable(store.pending_extraction(batch_size=batch_size))
    with ExtractionPool(workers, options=pipeline) as pool:
        for extracted in batched(pool.extract(pending, rejected), batch_size):
            try:
                report.relations += store.write_batch(extracted).relations_stored
            except StoreBusyError as busy:  # they stay pending for the next run
                report.rejected += len(extracted)
                on_error(InputError(f"relations of {len(extracted)} documents not stored: {busy.message}",
                                    hint="they stay pending; run the same command again"))
                continue
            report.extracted += len(extracted)
            on_progress(report.read + report.extracted)
    return report
