"""Extraction on a Dask cluster, for when one machine is not enough.

Documents are cut into partitions; each partition is one Dask task that runs the
extraction pipeline (loaded once per worker process and reused by every later
task) and either returns the relations (:func:`extract_with_dask`, the ordered
stream behind ``allegiance extract --dask``) or writes them to the shared store
itself (:func:`extract_pending_with_dask`, behind ``allegiance ingest --dask``).
At most ``in_flight`` partitions are submitted at a time, so the client's
memory stays flat however large the corpus.

``--dask local`` starts a :class:`distributed.LocalCluster` on this machine
(one single-threaded worker process per core, loopback only, no dashboard);
any other value is the address of a running scheduler (``tcp://HOST:8786``).
Every worker needs allegiance and the spaCy model installed and, for ingest,
must be able to open the store: a PostgreSQL URL for a real cluster, or a
SQLite path on a file system every worker sees.

Examples
--------
>>> from allegiance.distributed import worker_store_url
>>> worker_store_url("postgresql://me@db:5432/news")
'postgresql://me@db:5432/news'
"""

from __future__ import annotations

import os
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from allegiance.errors import AllegianceError, ConfigError, WorkerError
from allegiance.model import Document, Relation
from allegiance.pipeline import ErrorHandler, Outcome, PipelineOptions, _extract_chunk, default_workers, delivered
from allegiance.store.url import StoreURL

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = [
    "DaskIngestResult",
    "dask_client",
    "extract_pending_with_dask",
    "extract_with_dask",
    "worker_store_url",
]


@dataclass(frozen=True)
class DaskIngestResult:
    """What :func:`extract_pending_with_dask` did.

    Attributes
    ----------
    documents : int
        Documents extracted (and marked extracted in the store).
    relations : int
        Relations newly stored.
    partitions : int
        Dask tasks run.
    rejected : int
        Documents that could not be extracted (out of memory); they stay pending.
    """

    documents: int = 0
    relations: int = 0
    partitions: int = 0
    rejected: int = 0


@contextmanager
def dask_client(address: str, *, workers: int | None = None) -> Iterator["Client"]:
    """A Dask client for ``address``, or for a new local cluster when it is ``"local"``.

    Parameters
    ----------
    address : str
        ``"local"``, or a scheduler address such as ``tcp://10.0.0.5:8786``.
    workers : int, optional
        Worker processes of the local cluster (default: every core); ignored for a
        remote scheduler.

    Raises
    ------
    WorkerError
        The scheduler cannot be reached or the local cluster cannot start.

    Examples
    --------
    >>> with dask_client("local", workers=1) as client:  # doctest: +SKIP
    ...     len(client.nthreads())
    1
    """
    from distributed import Client, LocalCluster

    address = str(address).strip()
    if not address:
        raise ConfigError("empty Dask address", hint="give --dask local or --dask tcp://HOST:8786")
    cluster = None
    try:
        if address == "local":
            n = default_workers() if workers is None else int(workers)
            if n < 1:
                raise ConfigError(f"{n} workers is too few", hint="give --workers 1 or more")
            cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True,
                dashboard_address=None, host="127.0.0.1",
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout="20s")
    except AllegianceError:
        raise
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        where = "a local Dask cluster" if address == "local" else f"the Dask scheduler at {address}"
        raise WorkerError(
            f"cannot reach {where} ({exc})",
            hint="start one with `dask scheduler` and `dask worker ADDRESS`, or use --dask local",
        ) from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def worker_store_url(url: str | os.PathLike[str]) -> str:
    """The store location as a Dask worker must open it: absolute, never in memory.

    Raises
    ------
    ConfigError
        An in-memory store, which other processes cannot see.

    Examples
    --------
    >>> worker_store_url("/data/news.db")
    '/data/news.db'
    >>> worker_store_url(":memory:")
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: an in-memory store cannot be shared with Dask workers; give --db a file path or a postgresql:// URL
    """
    target = StoreURL.parse(url) if os.fspath(url).strip() else None  # "": SQLite's private temporary store
    if target is None or target.is_memory:
        raise ConfigError(
            "an in-memory store cannot be shared with Dask workers",
            hint="give --db a file path or a postgresql:// URL",
        )
    return str(target.dsn) if target.kind == "postgresql" else str(Path(str(target.path)).resolve())


@lru_cache(maxsize=4)
def _lock(options: PipelineOptions) -> threading.Lock:
    """One pipeline per worker process: threads of a multi-threaded worker take turns."""
    return threading.Lock()


def _extract_partition(documents: list[Document], options: PipelineOptions) -> list[Outcome]:
    with _lock(options):
        return _extract_chunk(documents, options)


def _extract_and_store(documents: list[Document], options: PipelineOptions,
                       store_url: str) -> tuple[int, int, list[tuple[Document, Outcome]]]:
    """Extract one partition and store what was extracted; return the counts and the failures."""
    from allegiance.store import open_store

    outcomes = list(zip(documents, _extract_partition(documents, options)))
    failed = [(document, outcome) for document, outcome in outcomes if isinstance(outcome, tuple)]
    extracted = [(document, outcome) for document, outcome in outcomes if not isinstance(outcome, tuple)]
    # near_threshold=None: keep the store's own de-duplication settings untouched
    with open_store(store_url, near_threshold=None) as store:
        result = store.write_batch(extracted)
    return len(extracted), result.relations_stored, failed


def _in_flight(client: "Client", in_flight: int | None) -> int:
    if in_flight is not None:
        if int(in_flight) < 1:
            raise ConfigError(f"in_flight {in_flight!r} is too small", hint="give 1 or more")
        return int(in_flight)
    return max(2, 2 * sum(client.nthreads().values()))


def _result(future: Any, what: str) -> Any:
    try:
        return future.result()
    except AllegianceError:
        raise
    except Exception as exc:  # a worker died, lost its data or failed to import allegiance
        if type(exc).__module__.startswith(("distributed", "asyncio", "concurrent")):
            raise WorkerError(
                f"a Dask worker failed while extracting {what} ({type(exc).__name__}: {exc})",
                hint="check the workers' logs and that allegiance and its model are installed on every worker",
            ) from exc
        raise


def extract_with_dask(
    documents: Iterable[Document],
    client: "Client",
    *,
    options: PipelineOptions = PipelineOptions(),
    partition_size: int = 64,
    in_flight: int | None = None,
    on_error: ErrorHandler | None = None,
) -> Iterator[tuple[Document, list[Relation]]]:
    """Yield ``(document, relations)`` in input order, extracted on a Dask cluster.

    Parameters
    ----------
    documents : iterable of Document
        Read lazily.
    client : distributed.Client
        See :func:`dask_client`.
    options : PipelineOptions
        How each worker builds its pipeline.
    partition_size : int
        Documents per task (fewer when they hold more than ``options.max_batch_chars``
        characters).
    in_flight : int, optional
        Tasks submitted at a time (default: twice the cluster's threads).
    on_error : callable, optional
        As in :meth:`allegiance.pipeline.ExtractionPool.extract`: called with each
        document that could not be extracted; the others go on.

    Examples
    --------
    >>> with dask_client("local", workers=1) as client:  # doctest: +SKIP
    ...     docs = [Document.from_text("Unite backed Corbyn.", id="u")]
    ...     [(d.id, len(r)) for d, r in extract_with_dask(docs, client)]
    [('u', 1)]
    """
    if int(partition_size) < 1:
        raise ConfigError(f"partition size {partition_size!r} is too small", hint="give 1 or more")
    limit = _in_flight(client, in_flight)
    queue: deque[tuple[list[Document], Any]] = deque()
    try:
        for partition in options.chunks(documents, int(partition_size)):
            queue.append((partition, client.submit(_extract_partition, partition, options, pure=False)))
            while len(queue) >= limit:
                chunk, future = queue.popleft()
                yield from delivered(zip(chunk, _result(future, f"documents {chunk[0].id}..{chunk[-1].id}")),
                                     on_error)
        while queue:
            chunk, future = queue.popleft()
            yield from delivered(zip(chunk, _result(future, f"documents {chunk[0].id}..{chunk[-1].id}")), on_error)
    finally:
        for _, future in queue:
            future.cancel()


def extract_pending_with_dask(
    store: Any,
    client: "Client",
    *,
    store_url: str | os.PathLike[str],
    options: PipelineOptions = PipelineOptions(),
    partition_size: int = 64,
    in_flight: int | None = None,
    on_progress: Callable[[int, int], None] = lambda documents, relations: None,
    on_error: ErrorHandler = lambda error: None,
) -> DaskIngestResult:
    """Extract every document of ``store`` still pending, on a Dask cluster.

    The client reads the pending documents (keyset-paged, so it never holds more
    than ``in_flight`` partitions); each task extracts one partition and writes
    its relations to the store at ``store_url`` in one transaction, marking the
    documents extracted. Resumable: after a crash, run it again and it carries
    on with what is still pending.

    Parameters
    ----------
    store : allegiance.store.Store
        The store, open in this process (to read what is pending).
    client : distributed.Client
        See :func:`dask_client`.
    store_url : str
        The same store as the workers open it (see :func:`worker_store_url`).
    partition_size : int
        Documents per task (and per transaction; fewer when they hold more than
        ``options.max_batch_chars`` characters).
    on_progress : callable
        Called with the documents and relations done so far after each task.
    on_error : callable
        Called with an :class:`InputError` for each document that could not be
        extracted (out of memory); it stays pending and the others go on.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store("news.db") as store, dask_client("local") as client:  # doctest: +SKIP
    ...     extract_pending_with_dask(store, client, store_url="news.db").documents
    12
    """
    if int(partition_size) < 1:
        raise ConfigError(f"partition size {partition_size!r} is too small", hint="give 1 or more")
    from distributed import as_completed

    url = worker_store_url(store_url)
    limit = _in_flight(client, in_flight)
    documents = relations = partitions = rejected = 0
    pending = options.chunks(chain.from_iterable(store.pending_extraction(batch_size=int(partition_size))),
                             int(partition_size))
    running = as_completed()
    spans: dict[str, str] = {}

    def submit(partition: list[Document]) -> None:
        future = client.submit(_extract_and_store, partition, options, url, pure=False)
        spans[future.key] = f"documents {partition[0].id}..{partition[-1].id}"
        running.add(future)

    def finish(future: Any) -> None:
        nonlocal documents, relations, partitions, rejected
        done, stored, failed = _result(future, spans.pop(future.key))
        rejected += len(failed)
        list(delivered(failed, on_error))  # every pair failed: this only reports them
        documents, relations, partitions = documents + done, relations + stored, partitions + 1
        on_progress(documents, relations)

    for partition in pending:
        submit(partition)
        if running.count() >= limit:
            finish(next(running))
    for future in running:
        finish(future)
    return DaskIngestResult(documents=documents, relations=relations, partitions=partitions, rejected=rejected)
