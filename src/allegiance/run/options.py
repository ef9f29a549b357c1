"""What an extraction run is given: how to read the sources and how to build the pipeline.

Plain, picklable, hashable settings (no spaCy here: the parent of a worker pool
needs none of it until it builds a pipeline).

Examples
--------
>>> PipelineOptions(batch_size=8).batch_size
8
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from allegiance import nlp as nlp_stage  # its names load spaCy on first use, not here
from allegiance.errors import ConfigError, InputError
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document
from allegiance.nlp.limits import TextLimits, bounded_batches
from allegiance.nlp.model_dir import SHIPPED_RELATION_MODEL, check_thorough, relation_model_path, thorough_without_model

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = [
    "ErrorHandler",
    "PipelineOptions",
    "ProgressHandler",
    "ReaderOptions",
    "SHIPPED_RELATION_MODEL",
    "batched",
    "default_workers",
    "pipeline_options",
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
    lexicon_path : str, optional
        A trigger lexicon (YAML) instead of the shipped one.
    pipeline_path : str, optional
        A pipeline saved with ``nlp.to_disk`` (``allegiance pipeline save``): loaded
        as it is, instead of built from ``actors_path``, ``lexicon_path`` and
        ``max_sentence_tokens``. Worker processes and Dask workers always load a
        saved pipeline: the one the parent process built, written once to a
        temporary directory (see :func:`allegiance.run.worker.saved_for_workers`).
    relation_model : str, optional
        A trained relation model directory (``allegiance train``), or
        :data:`SHIPPED_RELATION_MODEL` for the one shipped in the package: its relations
        are added where the rules found none. None: the rules alone. Ignored with
        ``pipeline_path`` (a saved pipeline carries its own).
    thorough : bool
        Run ``relation_model`` with the setting it records for recall (more candidate pairs scored, more
        time; see :func:`allegiance.nlp.assemble.add_relation_model`). Ignored with ``pipeline_path`` (a
        pipeline saved thorough stays thorough).
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
    lexicon_path: str | None = None
    pipeline_path: str | None = None
    relation_model: str | None = None
    thorough: bool = False
    batch_size: int = 32
    max_sentence_tokens: int = 150
    max_part_chars: int = TextLimits.max_part_chars
    max_batch_chars: int = TextLimits.max_batch_chars

    def __post_init__(self) -> None:
        if int(self.batch_size) < 1:
            raise ConfigError(f"batch size {self.batch_size!r} is too small", hint="give 1 or more")
        self.limits  # noqa: B018  (checks the limits now, not in a worker)
        for name in ("actors_path", "lexicon_path", "pipeline_path"):
            if getattr(self, name) is not None:
                # workers may run elsewhere (another cwd, a Dask worker): keep an absolute path
                object.__setattr__(self, name, str(Path(getattr(self, name)).resolve()))
        if self.relation_model is not None:  # checked here, before any worker starts
            object.__setattr__(self, "relation_model", relation_model_path(self.relation_model))
        if self.thorough and self.pipeline_path is None:  # also checked here, before any worker starts
            if self.relation_model is None:
                raise thorough_without_model()
            check_thorough(self.relation_model)

    def build(self) -> "Language":
        """Build the pipeline (actor and relation stages on the spaCy model).

        Examples
        --------
        >>> PipelineOptions().build().pipe_names[-1]
        'allegiance_relations'
        """
        from allegiance.relations import build_pipeline  # also registers our components' factories

        if self.pipeline_path is not None:
            return nlp_stage.load_pipeline(self.pipeline_path)
        return build_pipeline(actors_path=self.actors_path, lexicon_path=self.lexicon_path,
                              max_sentence_tokens=self.max_sentence_tokens, relation_model=self.relation_model,
                              thorough=self.thorough)

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


def pipeline_options(actors_path: str | Path | None = None, lexicon_path: str | Path | None = None,
                     pipeline_path: str | Path | None = None, relation_model: str | Path | None = None,
                     **settings: Any) -> PipelineOptions:
    """:class:`PipelineOptions` from optional paths (``None`` stays ``None``) and other settings.

    Examples
    --------
    >>> pipeline_options(None, None, None, batch_size=8).batch_size
    8
    """
    def text(path: str | Path | None) -> str | None:
        return None if path is None else str(path)

    return PipelineOptions(actors_path=text(actors_path), lexicon_path=text(lexicon_path),
                           pipeline_path=text(pipeline_path), relation_model=text(relation_model), **settings)


def _chars(document: Document) -> int:
    """The characters spaCy parses for ``document`` (its title is parsed in front of the text)."""
    return len(document.text) + len(document.title or "")


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of up to ``size`` items, in order.

    Examples
    --------
    >>> list(batched(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    return bounded_batches(items, size)
