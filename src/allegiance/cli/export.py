"""``allegiance export``: the annotated network as GraphML, GEXF, JSON, CSV or Parquet."""

from __future__ import annotations

import json

import typer

from allegiance.cli.app import app, cli_errors, console
from allegiance.errors import ConfigError

__all__ = ["export"]


@app.command()
def export(
    db: str = typer.Option(..., "--db", help="The store (path or postgresql:// URL)."),
    fmt: str = typer.Option(..., "--format", help="graphml, gexf, json, csv or parquet."),
    out: str = typer.Option(..., "--out", help="File to write (csv/parquet: the tie table; nodes and relations beside it)."),
    since: str = typer.Option(None, "--since", help="Only relations on or after this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Only relations on or before this date (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Export the signed network with its attributes (sign, weight, type, first/last seen, bloc, frustrated)."""
    from allegiance.io import FORMATS, export_store

    with cli_errors():
        if fmt.lower() not in FORMATS:
            raise ConfigError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
        result = export_store(db, out, fmt, since=since, until=until)
    if as_json:
        typer.echo(json.dumps(result.to_dict()))
        return
    console.print(f"{result.format}: {result.nodes} actors, {result.edges} ties", highlight=False)
    for path in result.paths:
        console.print(f"  {path}", highlight=False)
