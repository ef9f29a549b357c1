"""The whole pipeline as plain functions: read -> extract -> (store).

``extract_from_sources`` is the stateless stream behind ``allegiance extract``;
``ingest_into_store`` is the resumable, idempotent job behind ``allegiance
ingest`` and ``allegiance demo``. Both keep going past bad inputs: each
rejected file or record is handed to ``on_error`` and counted, never raised.

Examples
--------
>>> from allegiance.pipeline import IngestReport
>>> IngestReport().to_dict()["rejected"]
0
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from allegiance.errors import InputError
from allegiance.model import Document, Relation

__all__ = [
    "IngestReport",
    "ReaderOptions",
    "batched",
    "extract_from_sources",
    "ingest_into_store",
]

ErrorHandler = Callable[[InputError], None]
ProgressHandler = Callable[[int], None]


@dataclass(frozen=True)
class ReaderOptions:
    """Options passed through to :func:`allegiance.ingest.read_documents`."""

    text_column: str = "text"
    date_column: str | None = None
    title_column: str | None = None
    id_column: str | None = None
    split_dumps: bool = True

    def as_kwargs(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IngestReport:
    """Counts of one ingest run (mutable while the run goes on)."""

    read: int = 0
    stored: int = 0
    skipped_existing: int = 0
    duplicates_exact: int = 0
    duplicates_near: int = 0
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
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _documents(
    sources: Sequence[str | Path],
    options: ReaderOptions,
    on_error: ErrorHandler,
    stdin: Any = None,
) -> Iterator[Document]:
    from allegiance.ingest import read_documents

    for item in read_documents(sources, stdin=stdin, **options.as_kwargs()):
        if isinstance(item, InputError):
            on_error(item)
        else:
            yield item


def extract_from_sources(
    sources: Sequence[str | Path],
    *,
    options: ReaderOptions = ReaderOptions(),
    actors_path: str | Path | None = None,
    on_error: ErrorHandler = lambda error: None,
    on_progress: ProgressHandler = lambda n: None,
    batch_size: int = 32,
    n_process: int = 1,
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
        Called with each rejected input (an :class:`InputError`); the stream goes on.
    on_progress : callable
        Called with the number of documents finished after each document.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = open(path, "w").write("Britain formed an alliance with France.")
    >>> docs = list(extract_from_sources([path]))
    >>> len(docs)
    1
    """
    from allegiance.relations import build_pipeline, extract_relations

    nlp = build_pipeline(actors_path=actors_path)
    documents = _documents(sources, options, on_error, stdin)
    done = 0
    for document, relations in extract_relations(
        documents, nlp=nlp, batch_size=batch_size, n_process=n_process
    ):
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
    on_error: ErrorHandler = lambda error: None,
    on_progress: ProgressHandler = lambda n: None,
    batch_size: int = 64,
    n_process: int = 1,
    stdin: Any = None,
) -> IngestReport:
    """Store every document of ``sources`` (and, unless ``extract=False``, its relations).

    Idempotent and resumable: documents already stored are skipped, each batch is
    one transaction, and documents stored earlier without relations (after a
    crash, or ``--no-extract``) are extracted at the end.

    Parameters
    ----------
    sources : sequence of path or "-"
        Files, directories or ``"-"`` for standard input.
    store : allegiance.store.Store
        An open store.
    extract : bool
        Extract and store relations (default) or only store the text.

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

    def rejected(error: InputError) -> None:
        report.rejected += 1
        report.errors.append(str(error))
        store.record_rejected(error.path or "<input>", error.message)
        on_error(error)

    def write(items: list[tuple[Document, list[Relation] | None]]) -> None:
        result = store.write_batch(items)
        report.stored += result.stored
        report.skipped_existing += result.skipped_existing
        report.duplicates_exact += result.duplicates_exact
        report.duplicates_near += result.duplicates_near
        report.relations += result.relations_stored

    documents = _documents(sources, options, rejected, stdin)
    for batch in batched(documents, batch_size):
        report.read += len(batch)
        write([(document, None) for document in batch])
        on_progress(report.read)

    if extract:
        from allegiance.relations import build_pipeline, extract_relations

        nlp = None
        for pending in store.pending_extraction(batch_size=batch_size):
            nlp = nlp or build_pipeline(actors_path=actors_path)
            extracted = list(
                extract_relations(pending, nlp=nlp, batch_size=32, n_process=n_process)
            )
            write([(document, relations) for document, relations in extracted])
            report.extracted += len(extracted)
            on_progress(report.read + report.extracted)
    return report
