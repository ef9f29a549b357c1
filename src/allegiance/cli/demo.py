"""``allegiance demo``: the whole pipeline on the bundled demo corpus."""

from __future__ import annotations

import json

import typer
from rich.text import Text

from allegiance.cli.app import app, cli_errors, console, plain
from allegiance.cli.options import QuietOpt
from allegiance.cli.progress import progress_counter

__all__ = ["demo"]


@app.command()
def demo(
    out: str = typer.Option("allegiance-demo", "--out", help="Folder for the demo store and outputs."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON only."),
    quiet: bool = QuietOpt,
) -> None:
    """Ingest the bundled demo corpus into a fresh store and summarise the map."""
    from allegiance.demo.run import run_demo

    with cli_errors(), progress_counter("demo corpus", quiet=quiet) as update:
        summary = run_demo(out, on_progress=update)
    data = summary.to_dict()
    summary_path = f"{summary.out_dir}/summary.json"
    with open(summary_path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    console.print(
        f"documents {summary.documents}, actors {summary.actors}, relations {summary.relations}",
        highlight=False,
    )
    for title, rows in (("strongest alliances", summary.alliances), ("strongest rivalries", summary.rivalries)):
        console.print(Text(title, style="bold"))
        for row in rows:
            first, second = row["actors"][0], row["actors"][1]
            console.print(plain(f"  {first} — {second}  {row['score']:+.2f} ({row['relations']} relations)"))
    console.print(f"store: {summary.db}\nsummary: {summary_path}\nreport: {summary.report}", highlight=False)
