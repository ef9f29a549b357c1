"""``allegiance status``: counts of what the store holds."""

from __future__ import annotations

import json

import typer

from allegiance.cli.app import app, cli_errors, console
from allegiance.cli.options import DbOpt
from allegiance.store import open_store

__all__ = ["status"]


@app.command()
def status(
    db: str = DbOpt,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
    check: bool = typer.Option(
        False, "--check", help="Check the store file first (SQLite quick_check); exit 1 if corrupted."),
    full: bool = typer.Option(
        False, "--full", help="With --check: the full integrity_check and the store's own rules (slower)."),
) -> None:
    """Print store counts: documents, duplicates, rejected, actors, relations, schema version.

    With --check (or --check --full) the store is checked first: a corrupted store is one
    line on stderr and exit code 1; a sound one adds "check": "ok" to the counts.
    """
    with cli_errors():
        with open_store(db, create=False) as store:
            if check or full:
                store.verify(full=full)
            counts: dict[str, object] = dict(store.status().to_dict())
    if check or full:
        counts["check"] = "ok"
    if as_json:
        typer.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            console.print(f"{key:>15}  {value}", highlight=False)
