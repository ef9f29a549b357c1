"""The worker side of a run: the tasks a worker process or a Dask worker executes.

Every worker loads the same saved pipeline (:func:`saved_for_workers` writes it
once, in the parent) and keeps it for every later task; a task extracts one
chunk of documents and returns, for each, its relations or why it failed.

Examples
--------
>>> from allegiance.model import Document
>>> outcomes = extract_chunk([Document.from_text("Unite backed Corbyn.", id="u")], PipelineOptions())
>>> [len(o) for o in outcomes]
[1]
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from tempfile import TemporaryDirectory
from typing import Iterator

from spacy.language import Language

from allegiance.errors import InputError
from allegiance.model import Document, Relation
from allegiance.relations.pipeline import extraction_outcomes  # also registers our components' factories
from allegiance.run.options import PipelineOptions
from allegiance.run.outcomes import Outcome, delivered, pipeline_archive, run_shipped, watch_parent

__all__ = [
    "Outcome",
    "cached_pipeline",
    "delivered",
    "extract_and_store",
    "extract_chunk",
    "pipeline_archive",
    "run_shipped",
    "saved_for_workers",
    "watch_parent",
]

@contextmanager
def saved_for_workers(options: PipelineOptions, nlp: Language | None = None) -> Iterator[PipelineOptions]:
    """``options`` naming a saved pipeline that worker processes and Dask workers load.

    The pipeline is ``nlp`` (or the one ``options`` builds in this process), written
    once with ``nlp.to_disk`` to a temporary directory removed on exit; options that
    already name a saved pipeline (and no ``nlp``) are used as they are. Whatever
    this process built (a user's lexicon, actors, settings) is what the workers run.
    Dask workers, which may run on other machines, get it shipped once
    (:func:`pipeline_archive`, :func:`run_shipped`).
    """
    if nlp is None and options.pipeline_path is not None:
        yield options
        return
    with TemporaryDirectory(prefix="allegiance-pipeline-") as folder:
        (nlp if nlp is not None else cached_pipeline(options)).to_disk(folder)
        yield replace(options, pipeline_path=folder)


@lru_cache(maxsize=4)
def cached_pipeline(options: PipelineOptions) -> Language:
    """One pipeline per process and options: workers load the model once."""
    return options.build()


@lru_cache(maxsize=4)
def _lock(options: PipelineOptions) -> threading.Lock:
    """One pipeline per worker process: threads of a multi-threaded (Dask) worker take turns."""
    return threading.Lock()


def extract_chunk(documents: list[Document], options: PipelineOptions) -> list[Outcome]:
    """The relations of each document of one chunk, in order, or why it failed.

    A failure travels as ``(message, path, hint)``: an :class:`InputError` pickles
    only its text and would lose its path (see :func:`delivered`).
    """
    with _lock(options):
        nlp = cached_pipeline(options)
        return [
            (outcome.message, outcome.path, outcome.hint) if isinstance(outcome, InputError) else outcome
            for _, outcome in extraction_outcomes(documents, nlp=nlp, batch_size=options.batch_size,
                                                  limits=options.limits)
        ]


def extract_and_store(documents: list[Document], options: PipelineOptions,
                      store_url: str) -> tuple[int, int, list[tuple[Document, Outcome]]]:
    """Extract one chunk and store what was extracted; return the counts and the failures.

    The task of a Dask worker writing to a shared store (``ingest --dask``).
    """
    # not at module level: the store (datasketch, scipy) takes seconds to import, and the worker
    # processes of a plain extract run never write to it
    from allegiance.store import open_store

    outcomes = list(zip(documents, extract_chunk(documents, options)))
    failed = [(document, outcome) for document, outcome in outcomes if isinstance(outcome, tuple)]
    extracted = [(document, outcome) for document, outcome in outcomes if not isinstance(outcome, tuple)]
    # near_threshold=None: keep the store's own de-duplication settings untouched
    with open_store(store_url, near_threshold=None) as store:
        result = store.write_batch(extracted)
    return len(extracted), result.relations_stored, failed
