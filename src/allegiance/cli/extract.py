"""``allegiance extract``: input in, relations out, no store."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from typing import List, Optional

import typer
from rich.table import Table

from allegiance.cli.app import app, cli_errors, console, plain, report_error
from allegiance.cli.options import (
    ActorsOpt,
    DateColumnOpt,
    DateFromFilenameOpt,
    DateOpt,
    MaxCharsOpt,
    MaxSentenceOpt,
    ModelOpt,
    NoSplitOpt,
    PathsArg,
    QuietOpt,
    RulesOnlyOpt,
    TextColumnOpt,
    ThoroughOpt,
    TitleColumnOpt,
    WithModelOpt,
    paths_of,
    reader_options,
    relation_model_option,
    thorough_option,
)
from allegiance.cli.progress import progress_counter
from allegiance.distributed import dask_client
from allegiance.pipeline import default_workers, extract_from_sources

WorkersOpt = typer.Option(
    None, "--workers", "-w", min=1,
    help="Extraction processes (default: every core); with --dask local, Dask workers.",
)
DaskOpt = typer.Option(
    None, "--dask", metavar="SCHEDULER",
    help="Extract on a Dask cluster: a scheduler address (tcp://HOST:8786) or 'local'.",
)
PipelineOpt = typer.Option(
    None, "--pipeline", metavar="DIR",
    help="Run a saved pipeline (write one with: allegiance pipeline save DIR --lexicon L --actors A); "
         "it brings its own actors, lexicon and sentence limit.",
)

__all__ = ["DaskOpt", "PipelineOpt", "WorkersOpt", "extract", "optional_dask_client", "relation_table", "table_row", "table_widths"]


@app.command()
def extract(
    paths: List[str] = PathsArg,
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one relation per line) or table."),
    actors: Optional[str] = ActorsOpt,
    text_column: str = TextColumnOpt,
    date_column: Optional[str] = DateColumnOpt,
    title_column: Optional[str] = TitleColumnOpt,
    no_split: bool = NoSplitOpt,
    date: Optional[str] = DateOpt,
    date_from_filename: bool = DateFromFilenameOpt,
    max_chars: int = MaxCharsOpt,
    max_sentence_tokens: int = MaxSentenceOpt,
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents per spaCy batch."),
    workers: Optional[int] = WorkersOpt,
    dask: Optional[str] = DaskOpt,
    pipeline: Optional[str] = PipelineOpt,
    model: Optional[str] = ModelOpt,
    with_model: bool = WithModelOpt,
    rules_only: bool = RulesOnlyOpt,
    thorough: bool = ThoroughOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Extract signed relations between actors and print them (stateless stream).

    Uses the rule-based extractor of allegiance.relations (dependency patterns over
    a signed trigger lexicon); with --model DIR or --with-model, a trained relation
    model adds relations where the rules find none. Exit code 1 when any input was
    rejected; the rest is still processed.
    """
    if format not in ("jsonl", "table"):
        report_error(f"unknown format {format!r}; use jsonl or table")
        raise typer.Exit(2)
    refuse_actors_with_pipeline(actors, pipeline)
    relation_model = relation_model_option(model, with_model, rules_only, pipeline)
    thorough = thorough_option(thorough, pipeline)
    rejected = 0

    def on_error(error) -> None:
        nonlocal rejected
        rejected += 1
        report_error(error)

    rows: list[tuple[str, ...]] = []
    workers = workers or default_workers()
    with cli_errors(), progress_counter("extracting", quiet=quiet) as update, \
            optional_dask_client(dask, workers) as client:
        stream = extract_from_sources(
            paths_of(paths),
            options=reader_options(text_column, date_column, title_column, no_split, max_chars,
                                   date=date, date_from_filename=date_from_filename),
            actors_path=actors,
            pipeline_path=pipeline,
            relation_model=relation_model,
            thorough=thorough,
            max_sentence_tokens=max_sentence_tokens,
            on_error=on_error,
            on_progress=update,
            batch_size=batch_size,
            workers=workers,
            dask=client,
            stdin=sys.stdin.buffer,
        )
        for document, relations in stream:
            for relation in relations:
                if format == "jsonl":
                    # one complete line per write: never a half-written record
                    sys.stdout.write(json.dumps(relation.to_record(document), ensure_ascii=False) + "\n")
                else:
                    rows.append(table_row(document.id, relation))
            sys.stdout.flush()
    if format == "table":
        console.print(relation_table(rows, console.width))
    if rejected:
        raise typer.Exit(1)


TABLE_COLUMNS = ("doc", "source", "sign", "type", "target", "time", "conf", "evidence")
# (column, narrowest width kept, dropped below it): the evidence goes first, then the document id,
# then the actor names narrow; sign, type, time and confidence are never cut
_SHRINK_ORDER = (("evidence", 20, True), ("doc", 6, True), ("source", 8, False), ("target", 8, False),
                 ("source", 3, False), ("target", 3, False))


def table_row(doc_id: str, relation) -> tuple[str, ...]:
    """The cells of one relation in ``extract --format table`` (text made plain)."""
    return (plain(doc_id[:12]), plain(relation.source.to_dict()["name"]),
            "+" if int(relation.sign) > 0 else "-", relation.type.value,
            plain(relation.target.to_dict()["name"]), relation.time.value,
            f"{relation.confidence:.2f}", plain(relation.evidence.sentence[:300]))


def table_widths(rows: List[tuple[str, ...]], width: int) -> dict[str, int]:
    """Width of each column of :data:`TABLE_COLUMNS` kept in a ``width``-wide terminal.

    Columns shrink and drop in :data:`_SHRINK_ORDER`; sign, type, time and confidence
    keep their full width.

    Examples
    --------
    >>> row = ("d1", "United Kingdom", "+", "cooperate", "France", "current", "0.80", "A long sentence " * 8)
    >>> sorted(table_widths([row], 200)) == sorted(TABLE_COLUMNS)
    True
    >>> table_widths([row], 60)
    {'source': 11, 'sign': 4, 'type': 9, 'target': 6, 'time': 7, 'conf': 4}
    """
    widths = {name: max([len(name)] + [len(row[k]) for row in rows])
              for k, name in enumerate(TABLE_COLUMNS)}

    def excess() -> int:  # each column has a border and one space of padding each side
        return sum(widths.values()) + 3 * len(widths) + 1 - width

    for name, floor, droppable in _SHRINK_ORDER:
        if excess() <= 0:
            break
        if name in widths:
            widths[name] = min(widths[name], max(floor, widths[name] - excess()))
            if droppable and excess() > 0:
                del widths[name]
    return widths


def relation_table(rows: List[tuple[str, ...]], width: int) -> Table:
    """The ``extract --format table`` table of ``rows`` (from :func:`table_row`) for a terminal ``width`` wide."""
    widths = table_widths(rows, width)
    table = Table()
    kept = [k for k, name in enumerate(TABLE_COLUMNS) if name in widths]
    for k in kept:
        table.add_column(TABLE_COLUMNS[k], width=widths[TABLE_COLUMNS[k]], no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*(row[k] for k in kept))
    return table


def refuse_actors_with_pipeline(actors: Optional[str], pipeline: Optional[str]) -> None:
    """A saved pipeline brings its own actors: ``--actors`` with ``--pipeline`` is a usage error (exit 2)."""
    if actors is not None and pipeline is not None:
        report_error("--actors and --pipeline together: a saved pipeline brings its own actors; "
                     "save one with both: allegiance pipeline save DIR --actors FILE")
        raise typer.Exit(2)


def optional_dask_client(address: Optional[str], workers: int):
    """A context manager giving a Dask client when ``address`` is given, else ``None``.

    Examples
    --------
    >>> with optional_dask_client(None, 2) as client:
    ...     client is None
    True
    """
    if address is None:
        return nullcontext(None)
    return dask_client(address, workers=workers)
