"""``allegiance report``: the offline HTML report of a store."""

from __future__ import annotations

import json

import typer

from allegiance.cli.app import app, cli_errors, console

__all__ = ["report"]


@app.command()
def report(
    db: str = typer.Option(..., "--db", help="The store (path or postgresql:// URL)."),
    out: str = typer.Option("report.html", "--out", help="The HTML file to write."),
    title: str = typer.Option("allegiance report", "--title", help="Title shown on the page."),
    max_nodes: int = typer.Option(400, "--max-nodes", min=1, help="Draw at most this many actors (evidence is always kept)."),
    time_limit: float = typer.Option(10.0, "--time-limit", min=0.0, help="Seconds per exact balance solve."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Write one self-contained offline HTML report: network, evidence, timeline, tables."""
    from allegiance.report import write_report

    with cli_errors():
        result = write_report(db, out, title=title, max_drawn_nodes=max_nodes, time_limit=time_limit)
    if as_json:
        typer.echo(json.dumps(result.to_dict()))
        return
    console.print(
        f"report: {result.path} ({result.actors} actors, {result.ties} ties, {result.relations} relations, "
        f"{result.bytes / 1e6:.1f} MB, {result.seconds:.1f} s)",
        highlight=False,
    )
