"""``allegiance status``: counts of what the store holds."""

from __future__ import annotations

import json

import typer

from allegiance.cli.app import app, cli_errors, console
from allegiance.cli.options import DbOpt

__all__ = ["status"]


@app.command()
def status(
    db: str = DbOpt,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Print store counts: documents, duplicates, rejected, actors, relations, schema version."""
    from allegiance.store import open_store

    with cli_errors():
        with open_store(db, create=False) as store:
            counts = store.status().to_dict()
    if as_json:
        typer.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            console.print(f"{key:>15}  {value}", highlight=False)
