"""Extraction on a Dask cluster: the public names of :mod:`allegiance.run.dask`, where they have always
been imported from (what a partition does, ``--dask local`` and what every worker needs are described there).

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
