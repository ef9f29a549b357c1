"""``allegiance train``: train the relation model on a labelled corpus (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from allegiance.cli.app import app, cli_errors, console, err_console

__all__ = ["train"]


@app.command()
def train(
    corpus: Path = typer.Option(..., "--corpus", help="The labelled corpus directory (data/relations format)."),
    out: Path = typer.Option(..., "--out", help="Directory to write the trained model to (a spaCy pipeline)."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed and corpus give the same model."),
    epochs: int = typer.Option(15, "--epochs", min=1, help="Passes over the training documents."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Train the relation model on the corpus's train split, pick the epoch and calibrate its
    confidence on dev (never test), and save it to OUT. Prints the dev scores as JSON."""
    if not corpus.is_dir():
        err_console.print(f"error: {corpus} is not a directory; pass the corpus directory, e.g. data/relations")
        raise typer.Exit(1)
    from allegiance.relations.model.train import train_relation_model

    with cli_errors():
        if quiet:
            result = train_relation_model(corpus, out, seed=seed, epochs=epochs)
        else:
            columns = [TextColumn("training"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                       TimeElapsedColumn()]
            with Progress(*columns, console=err_console, transient=True) as progress:
                task = progress.add_task("", total=epochs)
                result = train_relation_model(
                    corpus, out, seed=seed, epochs=epochs,
                    progress=lambda epoch, total, f1: progress.update(task, completed=epoch,
                                                                      description=f"dev F1 {f1:.1f}"))
        console.print(json.dumps(result.to_dict(), indent=1))
    for problem in result.rejected:
        err_console.print(f"rejected: {problem} (fix the record and train again to use it)")
    if result.rejected:
        raise typer.Exit(1)
