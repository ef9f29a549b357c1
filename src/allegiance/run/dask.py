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
>>> from allegiance.run.dask import worker_store_url
>>> worker_store_url("postgresql://me@db:5432/news")
'postgresql://me@db:5432/news'
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from allegiance.errors import AllegianceError, ConfigError, WorkerError
from allegiance.model import Document, Relation
from allegiance.run.executor import ExtractionPool, worker_side
from allegiance.run.options import ErrorHandler, PipelineOptions, default_workers
from allegiance.run.outcomes import delivered
from allegiance.store.url import StoreURL

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client
    from spacy.language import Language

__all__ = [
    "DaskIngestResult",
    "dask_client",
    "dask_pool",
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
    from distributed import Client, LocalCluster  # optional dependency: only with --dask

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


def dask_pool(client: "Client", *, options: PipelineOptions = PipelineOptions(), partition_size: int = 64,
              in_flight: int | None = None, nlp: "Language | None" = None) -> ExtractionPool:
    """An :class:`ExtractionPool` whose chunks run on the Dask cluster of ``client``.

    The same executor loop as worker processes on this machine, over the client's
    ``concurrent.futures`` executor; every worker loads the pipeline this process
    built (or ``nlp``), saved once and scattered to the workers as one archive (they
    need not see this machine's files). ``in_flight`` defaults to twice the cluster's threads.
    """
    if int(partition_size) < 1:
        raise ConfigError(f"partition size {partition_size!r} is too small", hint="give 1 or more")
    threads = max(1, sum(client.nthreads().values()))
    if in_flight is None:
        in_flight = max(2, 2 * threads)
    return ExtractionPool(threads, options=options, chunk_size=partition_size, nlp=nlp, in_flight=in_flight,
                          executor=client.get_executor(pure=False),
                          ship=lambda archive: client.scatter(archive, broadcast=True))


def extract_with_dask(
    documents: Iterable[Document],
    client: "Client",
    *,
    options: PipelineOptions = PipelineOptions(),
    partition_size: int = 64,
    in_flight: int | None = None,
    on_error: ErrorHandler | None = None,
    nlp: "Language | None" = None,
) -> Iterator[tuple[Document, list[Relation]]]:
    """Yield ``(document, relations)`` in input order, extracted on a Dask cluster.

    Parameters
    ----------
    documents : iterable of Document
        Read lazily.
    client : distributed.Client
        See :func:`dask_client`.
    options : PipelineOptions
        The pipeline: the workers load it as this process builds it (or ``nlp``),
        saved once (see :func:`allegiance.run.worker.saved_for_workers`).
    partition_size : int
        Documents per task (fewer when they hold more than ``options.max_batch_chars``
        characters).
    in_flight : int, optional
        Tasks submitted at a time (default: twice the cluster's threads).
    on_error : callable, optional
        As in :meth:`allegiance.run.executor.ExtractionPool.extract`: called with each
        document that could not be extracted; the others go on.
    nlp : Language, optional
        A pipeline built in this process, to run on the workers instead of ``options``'.

    Examples
    --------
    >>> with dask_client("local", workers=1) as client:  # doctest: +SKIP
    ...     docs = [Document.from_text("Unite backed Corbyn.", id="u")]
    ...     [(d.id, len(r)) for d, r in extract_with_dask(docs, client)]
    [('u', 1)]
    """
    with dask_pool(client, options=options, partition_size=partition_size, in_flight=in_flight, nlp=nlp) as pool:
        yield from pool.extract(documents, on_error)


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
    nlp: "Language | None" = None,
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
    url = worker_store_url(store_url)
    documents = relations = partitions = rejected = 0
    with dask_pool(client, options=options, partition_size=partition_size, in_flight=in_flight, nlp=nlp) as pool:
        pending = options.chunks(chain.from_iterable(store.pending_extraction(batch_size=pool.chunk_size)),
                                 pool.chunk_size)
        for _, (done, stored, failed) in pool.run(worker_side().extract_and_store, pending, url):
            rejected += len(failed)
            list(delivered(failed, on_error))  # every pair failed: this only reports them
            documents, relations, partitions = documents + done, relations + stored, partitions + 1
            on_progress(documents, relations)
    return DaskIngestResult(documents=documents, relations=relations, partitions=partitions, rejected=rejected)
