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

from allegiance.run.dask import (
    DaskIngestResult,
    dask_client,
    dask_pool,
    extract_pending_with_dask,
    extract_with_dask,
    worker_store_url,
)

__all__ = [
    "DaskIngestResult",
    "dask_client",
    "dask_pool",
    "extract_pending_with_dask",
    "extract_with_dask",
    "worker_store_url",
]
