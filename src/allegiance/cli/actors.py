"""``allegiance actors``: which political actors the input mentions, and how."""

from __future__ import annotations

import json
import sys
from typing import Iterator, List, Optional

import typer
from rich.table import Table

from allegiance.cli.app import app, cli_errors, console, plain, report_error
from allegiance.cli.progress import progress_counter
from allegiance.cli.options import (
    ActorsOpt,
    DateColumnOpt,
    NoSplitOpt,
    QuietOpt,
    TextColumnOpt,
    TitleColumnOpt,
    paths_of,
    reader_options,
)
from allegiance.errors import InputError
from allegiance.ingest import read_documents
from allegiance.store import open_store

__all__ = ["actors"]


@app.command()
def actors(
    paths: Optional[List[str]] = typer.Argument(
        None, help="Files, directories (recursive) or '-' for stdin (or use --db)."
    ),
    format: str = typer.Option("table", "--format", "-f", help="jsonl (one actor per line) or table."),
    actors_file: Optional[str] = ActorsOpt,
    db: Optional[str] = typer.Option(None, "--db", help="Read the documents of this store instead of PATHs."),
    explain: Optional[str] = typer.Option(
        None, "--explain", help="Show why each occurrence of this mention resolved as it did."
    ),
    text_column: str = TextColumnOpt,
    date_column: Optional[str] = DateColumnOpt,
    title_column: Optional[str] = TitleColumnOpt,
    no_split: bool = NoSplitOpt,
    quiet: bool = QuietOpt,
) -> None:
    """List the actors mentioned in the input: id, kind, parent, mention count, aliases seen.

    `--format jsonl` prints one actor per line with every mention and its character
    offsets. Exit code 1 when any input was rejected; the rest is still read.
    """
    if format not in ("jsonl", "table"):
        report_error(f"unknown format {format!r}; use jsonl or table")
        raise typer.Exit(2)
    if not paths and not db:
        report_error("give one or more PATHs, '-' for stdin, or --db DB")
        raise typer.Exit(2)
    from allegiance.actors import build_actor_pipeline, collect_actors, explain_mention

    rejected = _Rejected()
    documents = _input_documents(paths, db, (text_column, date_column, title_column, no_split), rejected)
    with cli_errors():
        nlp = build_actor_pipeline(actors_file)
        if explain is not None:
            _print_explanations(explain_mention(documents, explain, nlp=nlp), explain, format)
        else:
            with progress_counter("reading actors", quiet=quiet) as update:
                found = collect_actors(documents, nlp=nlp, on_progress=update)
            _print_actors(found, format)
        sys.stdout.flush()
    if rejected.count:
        raise typer.Exit(1)


class _Rejected:
    """How many inputs were rejected (each reported on stderr as it is met)."""

    def __init__(self) -> None:
        self.count = 0


def _input_documents(paths: Optional[List[str]], db: Optional[str], columns: tuple, rejected: _Rejected) -> Iterator:
    """The documents of the store ``db`` (if given), then those read from ``paths`` (``columns``:
    the reader options ``text_column, date_column, title_column, no_split``)."""
    if db:
        with open_store(db, create=False) as store:
            yield from store.iter_documents(include_duplicates=False)
    if paths:
        options = reader_options(*columns)
        for item in read_documents(paths_of(paths), stdin=sys.stdin.buffer, **options.as_kwargs()):
            if isinstance(item, InputError):
                rejected.count += 1
                report_error(item)
            else:
                yield item


def _print_explanations(explanations: list, explain: str, format: str) -> None:
    """Why each occurrence of the ``--explain`` mention resolved as it did, as JSONL or a table."""
    if format == "jsonl":
        for item in explanations:
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        return
    table = Table("doc", "mention", "start", "actor", "kind", "conf", "rule")
    for item in explanations:
        actor = item.actor
        table.add_row(plain(item.doc_id[:12]), plain(item.text), str(item.start),
                      plain(f"{actor.name} ({actor.id})") if actor else "-",
                      actor.kind.value if actor else "-", f"{item.confidence:.2f}", item.rule)
    console.print(table)
    if not explanations:
        console.print(plain(f"no occurrence of {explain!r} in the input"))


def _print_actors(found: list, format: str) -> None:
    """The resolved actors, as JSONL (one per line) or a table."""
    if format == "jsonl":
        for resolved in found:
            sys.stdout.write(json.dumps(resolved.to_dict(), ensure_ascii=False) + "\n")
        return
    table = Table("id", "name", "kind", "parent", "mentions", "aliases seen")
    for resolved in found:
        actor = resolved.actor
        table.add_row(plain(actor.id), plain(actor.name), actor.kind.value, plain(actor.parent or ""),
                      str(len(resolved.mentions)), plain(", ".join(resolved.aliases[:6])))
    console.print(table)
