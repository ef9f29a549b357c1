"""``allegiance extract``: input in, relations out, no store."""

from __future__ import annotations

import json
import sys
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
    NoSplitOpt,
    PathsArg,
    QuietOpt,
    TextColumnOpt,
    TitleColumnOpt,
    paths_of,
    reader_options,
)
from allegiance.cli.progress import progress_counter

WorkersOpt = typer.Option(
    None, "--workers", "-w", min=1,
    help="Extraction processes (default: every core); with --dask local, Dask workers.",
)
DaskOpt = typer.Option(
    None, "--dask", metavar="SCHEDULER",
    help="Extract on a Dask cluster: a scheduler address (tcp://HOST:8786) or 'local'.",
)

__all__ = ["DaskOpt", "WorkersOpt", "extract", "optional_dask_client"]


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
    quiet: bool = QuietOpt,
) -> None:
    """Extract signed relations between actors and print them (stateless stream).

    Uses the rule-based extractor of allegiance.relations (dependency patterns over
    a signed trigger lexicon). Exit code 1 when any input was rejected; the rest
    is still processed.
    """
    if format not in ("jsonl", "table"):
        report_error(f"unknown format {format!r}; use jsonl or table")
        raise typer.Exit(2)
    from allegiance.pipeline import default_workers, extract_from_sources

    rejected = 0

    def on_error(error) -> None:
        nonlocal rejected
        rejected += 1
        report_error(error)

    table = Table("doc", "source", "sign", "type", "target", "time", "conf", "evidence")
    for column in table.columns:
        column.no_wrap = True
        column.overflow = "ellipsis"
    workers = workers or default_workers()
    with cli_errors(), progress_counter("extracting", quiet=quiet) as update, \
            optional_dask_client(dask, workers) as client:
        stream = extract_from_sources(
            paths_of(paths),
            options=reader_options(text_column, date_column, title_column, no_split, max_chars,
                                   date=date, date_from_filename=date_from_filename),
            actors_path=actors,
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
                    sys.stdout.write(json.dumps(relation.to_dict(), ensure_ascii=False) + "\n")
                else:
                    table.add_row(
                        plain(document.id[:12]),
                        plain(relation.source.to_dict()["name"]),
                        "+" if int(relation.sign) > 0 else "-",
                        relation.type.value,
                        plain(relation.target.to_dict()["name"]),
                        relation.time.value,
                        f"{relation.confidence:.2f}",
                        plain(relation.evidence.sentence[:80]),
                    )
            sys.stdout.flush()
    if format == "table":
        console.print(table)
    if rejected:
        raise typer.Exit(1)


def optional_dask_client(address: Optional[str], workers: int):
    """A context manager giving a Dask client when ``address`` is given, else ``None``.

    Examples
    --------
    >>> with optional_dask_client(None, 2) as client:
    ...     client is None
    True
    """
    from contextlib import nullcontext

    if address is None:
        return nullcontext(None)
    from allegiance.distributed import dask_client

    return dask_client(address, workers=workers)
