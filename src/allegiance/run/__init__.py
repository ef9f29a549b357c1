"""allegiance.run: read -> extract -> store, in one process, N worker processes or on Dask.

Orchestration above ``allegiance.store`` (DESIGN's stage order), in modules by what
they do:

* :mod:`allegiance.run.options` — what a run is given (reader and pipeline options);
* :mod:`allegiance.run.worker` — the tasks a worker runs, on the pipeline its parent saved;
* :mod:`allegiance.run.executor` — the one executor loop (:class:`ExtractionPool`) for
  worker processes and any ``concurrent.futures`` executor;
* :mod:`allegiance.run.dask` — the same loop on a Dask cluster;
* :mod:`allegiance.run.ingest` — ``extract_from_sources`` and ``ingest_into_store``.

``allegiance.pipeline`` and ``allegiance.distributed`` keep the public names where
they have always been.

Examples
--------
>>> from allegiance.run import PipelineOptions
>>> PipelineOptions().batch_size
32
"""

from allegiance.run.executor import ExtractionPool, extract_documents
from allegiance.run.options import PipelineOptions, ReaderOptions, batched, default_workers, pipeline_options

#: names of :mod:`allegiance.run.ingest`, imported on first use: it reaches the store (and its near-duplicate
#: index), which an extraction worker unpickling :mod:`allegiance.run.worker` tasks never needs (~0.6 s of
#: every worker's start-up)
_INGEST_NAMES = frozenset({"IngestReport", "extract_from_sources", "ingest_documents", "ingest_into_store"})


def __getattr__(name: str):
    if name in _INGEST_NAMES:
        from allegiance.run import ingest

        return getattr(ingest, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ExtractionPool",
    "IngestReport",
    "PipelineOptions",
    "ReaderOptions",
    "batched",
    "default_workers",
    "extract_documents",
    "extract_from_sources",
    "ingest_documents",
    "ingest_into_store",
    "pipeline_options",
]
