"""One runner: the executor loop behind every parallel extraction.

:class:`ExtractionPool` sends chunks of documents to an executor with the
:mod:`concurrent.futures` interface and yields the results in input order, at
most ``in_flight`` chunks at a time (memory stays flat however large the
corpus). The executor is its own pool of worker processes (``workers`` of them,
started on first use) or one given to it, such as a Dask client's
(``client.get_executor()``, see :mod:`allegiance.run.dask`). Either way the
workers load the pipeline this process built, saved once
(:func:`~allegiance.run.worker.saved_for_workers`).

Examples
--------
>>> from allegiance.model import Document
>>> docs = [Document.from_text("Britain formed an alliance with France.", id="d1")]
>>> with ExtractionPool(workers=2) as pool:
...     [(d.id, len(rels)) for d, rels in pool.extract(docs)]
[('d1', 1)]
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from itertools import chain, islice
from multiprocessing import get_context
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from allegiance.errors import AllegianceError, ConfigError, WorkerError
from allegiance.model import Document, Relation
from allegiance.run.options import ErrorHandler, PipelineOptions, default_workers
from allegiance.run.outcomes import delivered, pipeline_archive, run_shipped, watch_parent

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["WORKER_CHUNK_DOCUMENTS", "ExtractionPool", "extract_documents", "worker_side"]

Task = Callable[..., Any]

#: Documents per worker task unless told otherwise (or the batch size, when smaller). Small tasks keep every
#: worker busy to the end of a run: with 32 (the batch size) one worker sat idle over the last task
#: (benchmarks/relation_model_speed.py, 403 documents, 2 workers with start-up: 1.64x one process with 32,
#: 1.81x with 8).
WORKER_CHUNK_DOCUMENTS = 8


def worker_side() -> ModuleType:
    """:mod:`allegiance.run.worker` (spaCy, our components, the tasks), imported on first need."""
    # not at module level: spaCy and the pipeline modules take seconds to import, and the parent of
    # N worker processes must start them first (it needs them only to extract or save a pipeline)
    from allegiance.run import worker

    return worker


def _checked(value: int | None, what: str, hint: str = "give 1 or more") -> int | None:
    if value is not None and int(value) < 1:
        raise ConfigError(f"{what} {value!r} is too small", hint=hint)
    return None if value is None else int(value)


class ExtractionPool:
    """Extract relations with ``workers`` processes (or a given executor), in input order.

    Output is identical to a one-process run. Documents go to the workers in
    chunks of ``chunk_size`` documents and at most ``options.max_batch_chars``
    characters; at most ``in_flight`` chunks are out at a time. With ``workers=1``
    and no executor, or when the whole input fits in one batch (``options.batch_size``
    documents; one chunk when ``chunk_size`` is given), everything runs in this process
    (no start-up cost). Worker processes start at the first call that
    needs them and live until :meth:`close` (use the pool as a context manager).

    What the workers run is what this process has: ``nlp`` (or the pipeline it
    built for in-process work) saved once with ``nlp.to_disk`` and loaded by every
    worker; otherwise the pipeline ``options`` describe. Dask workers always get it
    saved and shipped (they may not see this machine's files).

    Parameters
    ----------
    workers : int
        Processes (default: every core); with ``executor``, the workers it serves.
    options : PipelineOptions
        How to build the pipeline (actor dictionary, lexicon, spaCy batch size).
    chunk_size : int, optional
        Documents per task (default: :data:`WORKER_CHUNK_DOCUMENTS`, or ``options.batch_size``
        when smaller).
    prefetch : int
        Chunks in flight per worker (``in_flight`` defaults to ``workers * prefetch``).
    nlp : Language, optional
        A pipeline built in this process: run here, and saved once for the workers.
    recycle_after : int, optional
        Chunks a worker process handles before a fresh one replaces it (default
        1000); spaCy's caches grow with the vocabulary seen. ``None``: never.
    executor : concurrent.futures.Executor, optional
        Run the chunks there (e.g. ``dask_client.get_executor()``) instead of in
        worker processes of this pool; the pool does not shut it down.
    in_flight : int, optional
        Chunks submitted at a time.
    ship : callable, optional
        With ``executor``: called once with the saved pipeline as a tar archive
        (:func:`~allegiance.run.worker.pipeline_archive`); what it returns (e.g. a
        Dask future of the bytes scattered to every worker) goes with each task, and
        the workers load the pipeline from it, wherever they run.
    """

    def __init__(self, workers: int | None = None, *, options: PipelineOptions = PipelineOptions(),
                 chunk_size: int | None = None, prefetch: int = 2, nlp: "Language | None" = None,
                 recycle_after: int | None = 1000, executor: Executor | None = None,
                 in_flight: int | None = None, ship: Callable[[bytes], Any] | None = None):
        workers = default_workers() if workers is None else int(workers)
        if workers < 1:
            raise ConfigError(f"{workers} workers is too few", hint="give --workers 1 or more")
        self.workers = workers
        self.options = options
        self.chunk_size = _checked(chunk_size or min(WORKER_CHUNK_DOCUMENTS, int(options.batch_size)), "chunk size")
        # inputs this small run in this process: one chunk when told its size, else one batch
        self._in_process_up_to = self.chunk_size if chunk_size else max(self.chunk_size, int(options.batch_size))
        self.prefetch = _checked(prefetch, "prefetch")
        self.recycle_after = _checked(recycle_after, "recycle_after", "give 1 or more, or None")
        self.in_flight = _checked(in_flight, "in_flight") or self.workers * self.prefetch
        self._nlp = nlp
        self._given = executor
        self._executor: Executor | None = None
        self._saved = ExitStack()  # the pipeline directory the workers load, removed at close
        self._worker_options = options
        self._ship = ship
        self._archive: Any = None

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
            self._nlp = worker_side().cached_pipeline(self.options)
        return self._nlp

    @property
    def in_process(self) -> bool:
        """True when every chunk runs in this process."""
        return self.workers == 1 and self._given is None

    def start(self) -> None:
        """Save the pipeline for the workers and start them, each loading it (idempotent).

        Called by :meth:`extract` when needed; call it yourself to pay the start-up
        cost up front (benchmarks do).
        """
        if self._executor is not None or self.in_process:
            return
        if self._given is not None:
            self._worker_options = self._saved.enter_context(worker_side().saved_for_workers(self.options,
                                                                                             self._nlp))
            if self._ship is not None:
                self._archive = self._ship(pipeline_archive(str(self._worker_options.pipeline_path)))
            self._executor = self._given
            return
        # spawn: a clean interpreter per worker, safe even when this process runs threads
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=get_context("spawn"), initializer=watch_parent,
            max_tasks_per_child=self.recycle_after,
        )
        try:
            # the workers start (and import spaCy) while this process saves its pipeline
            started = [self._executor.submit(os.getpid) for _ in range(self.workers)]
            self._worker_options = self._local_worker_options()
            for future in started + [self._executor.submit(worker_side().extract_chunk, [], self._worker_options)
                                     for _ in range(self.workers)]:
                future.result()
        except BrokenProcessPool as exc:
            self.close()
            raise WorkerError(
                "an extraction worker could not start",
                hint="check that the spaCy model loads (allegiance extract --workers 1) and that memory suffices",
            ) from exc
        except BaseException:  # the pipeline could not be built or saved: stop the workers just started
            self.close()
            raise

    def _local_worker_options(self) -> PipelineOptions:
        """What worker processes on this machine load: this process's pipeline, saved once, if it has one.

        Without one (``nlp`` not given, none built yet), ``options`` describe the
        pipeline completely (model, actor files, lexicon file or a saved pipeline) and
        each worker builds it from them, in parallel, instead of waiting for this
        process to build and save it first (measured: the serial build made a short
        run ~40% slower on 2 cores).
        """
        if self._nlp is None:
            return self.options
        return self._saved.enter_context(worker_side().saved_for_workers(self.options, self._nlp))

    def close(self) -> None:
        """Stop the worker processes this pool started (idempotent)."""
        executor, self._executor, self._archive = self._executor, None, None
        if executor is not None and executor is not self._given:
            executor.shutdown(wait=True, cancel_futures=True)
        self._saved.close()

    def extract(self, documents: Iterable[Document],
                on_error: ErrorHandler | None = None) -> Iterator[tuple[Document, list[Relation]]]:
        """Yield ``(document, relations)`` for each document, in input order.

        ``on_error`` is called with an :class:`InputError` for each document that
        could not be extracted (it ran out of memory); that document is not yielded
        and the others go on. Without it, that error is raised.

        Examples
        --------
        >>> with ExtractionPool(workers=1) as pool:
        ...     [len(r) for _, r in pool.extract([Document.from_text("Khan was defeated by Dar.")])]
        [1]
        """
        chunks = self.options.chunks(documents, self.chunk_size)
        enough = 2 + (self._in_process_up_to - 1) // self.chunk_size  # chunks that show the input is larger
        head = list(islice(chunks, enough)) if not self.in_process else []
        one_batch = len(head) < enough and sum(map(len, head)) <= self._in_process_up_to
        if self.in_process or (one_batch and self._executor is None and self._given is None):
            # the whole input is one batch: starting processes would cost more
            outcomes = worker_side().extraction_outcomes(chain.from_iterable(chain(head, chunks)), nlp=self.nlp,
                                                         batch_size=self.options.batch_size,
                                                         limits=self.options.limits)
            yield from delivered(outcomes, on_error)
            return
        for chunk, outcomes in self.run(worker_side().extract_chunk, chain(head, chunks)):
            yield from delivered(zip(chunk, outcomes), on_error)

    def run(self, task: Task, chunks: Iterable[list[Document]], *args: Any) -> Iterator[tuple[list[Document], Any]]:
        """The one executor loop: ``task(chunk, options, *args)`` for each chunk, results in input order.

        At most ``in_flight`` chunks are submitted at a time; the rest are not read
        yet. What is still in flight when the caller stops is cancelled.
        """
        self.start()
        executor = self._executor
        assert executor is not None
        queue: deque[tuple[list[Document], Future]] = deque()
        try:
            for chunk in chunks:
                queue.append((chunk, executor.submit(*self._task(task, chunk, args))))
                while len(queue) >= self.in_flight:
                    yield self._result(*queue.popleft())
            while queue:
                yield self._result(*queue.popleft())
        finally:
            for _, future in queue:
                future.cancel()

    def _task(self, task: Task, chunk: list[Document], args: tuple) -> tuple:
        """What to submit for ``chunk``: the task itself, or the task run on the shipped pipeline."""
        if self._archive is None:
            return (task, chunk, self._worker_options, *args)
        return (run_shipped, task, chunk, self._worker_options, self._archive, *args)

    def _result(self, chunk: list[Document], future: Future) -> tuple[list[Document], Any]:
        what = f"documents {chunk[0].id}..{chunk[-1].id}"
        try:
            return chunk, future.result()
        except AllegianceError:
            raise
        except BrokenProcessPool as exc:
            self.close()
            raise WorkerError(
                f"an extraction worker died while extracting {what}",
                hint="it may have run out of memory; run again with fewer --workers (ingest resumes where it stopped)",
            ) from exc
        except Exception as exc:  # a Dask worker died, lost its data or failed to import allegiance
            if type(exc).__module__.startswith(("distributed", "asyncio", "concurrent")):
                raise WorkerError(
                    f"a Dask worker failed while extracting {what} ({type(exc).__name__}: {exc})",
                    hint="check the workers' logs and that allegiance and its model are installed on every worker",
                ) from exc
            raise


def extract_documents(documents: Iterable[Document], *, workers: int = 1,
                      options: PipelineOptions = PipelineOptions(), on_error: ErrorHandler | None = None,
                      chunk_size: int | None = None, nlp: "Language | None" = None,
                      ) -> Iterator[tuple[Document, list[Relation]]]:
    """Yield each document with its relations, in order, using ``workers`` processes.

    A one-call form of :class:`ExtractionPool` (the processes stop when the stream
    ends); ``on_error``, ``chunk_size`` and ``nlp`` as there.

    Examples
    --------
    >>> docs = [Document.from_text("Unite backed Corbyn.", id="u")]
    >>> [(d.id, [r.sign.value for r in rels]) for d, rels in extract_documents(docs)]
    [('u', [1])]
    """
    with ExtractionPool(workers, options=options, chunk_size=chunk_size, nlp=nlp) as pool:
        yield from pool.extract(documents, on_error)
