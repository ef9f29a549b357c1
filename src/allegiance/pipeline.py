"""The whole pipeline as plain functions: read -> extract -> (store).

The public names of :mod:`allegiance.run`, where they have always been imported
from. ``extract_from_sources`` is the stateless stream behind ``allegiance
extract``; ``ingest_into_store`` is the resumable, idempotent job behind
``allegiance ingest`` and ``allegiance demo``. Both keep going past bad inputs:
each rejected file or record is handed to ``on_error`` and counted, never raised.

Extraction runs in this process (``workers=1``), in worker processes or on a
Dask cluster through one executor loop (:class:`ExtractionPool`); every worker
loads the pipeline this process built, saved once with ``nlp.to_disk``. Output
is in input order either way, and identical. Documents are streamed: at most
``workers * prefetch`` chunks are in flight, so memory stays flat however large
the corpus.

Memory per extraction process is bounded whatever the input, about 0.5 GB with
the defaults: long documents are parsed in parts of at most
``PipelineOptions.max_part_chars`` characters and a spaCy batch (and a chunk sent
to a worker) holds at most ``max_batch_chars`` characters (see
:mod:`allegiance.nlp.limits`). A document that runs out of memory all the same is
rejected with a line (``on_error``) and the run goes on.

Examples
--------
>>> from allegiance.pipeline import IngestReport
>>> IngestReport().to_dict()["rejected"]
0
"""

from __future__ import annotations

from allegiance.run.executor import ExtractionPool, extract_documents
from allegiance.run.ingest import IngestReport, extract_from_sources, ingest_documents, ingest_into_store
from allegiance.run.options import (
    ErrorHandler,
    PipelineOptions,
    ProgressHandler,
    ReaderOptions,
    batched,
    default_workers,
    pipeline_options,
)
from allegiance.run.outcomes import Outcome, delivered

__all__ = [
    "ErrorHandler",
    "ExtractionPool",
    "IngestReport",
    "Outcome",
    "PipelineOptions",
    "ProgressHandler",
    "ReaderOptions",
    "batched",
    "default_workers",
    "delivered",
    "extract_documents",
    "extract_from_sources",
    "ingest_documents",
    "ingest_into_store",
    "pipeline_options",
]
