"""``allegiance evaluate GOLD.jsonl``: score the relation extractor against gold pairs."""

from __future__ import annotations

import json
from typing import Optional

import typer

from allegiance.cli.app import app, cli_errors, console, report_error

__all__ = ["evaluate"]


@app.command()
def evaluate(
    gold: str = typer.Argument(..., help="Gold pairs as JSONL (shared/data/relations/<set>/pairs.jsonl layout)."),
    level: str = typer.Option("sentence", "--level", "-l", help="Matching unit: sentence or doc."),
    split: Optional[str] = typer.Option(None, "--split", help="Only gold lines of this split (e.g. dev)."),
    task: str = typer.Option("auto", "--task",
                             help="auto, extract (run the pipeline) or pairs (classify the given entity pairs)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N documents."),
    predictions: Optional[str] = typer.Option(None, "--predictions", "-p",
                                              help="Also write the predictions as JSONL here."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Precision, recall and F1 per sign, micro and macro F1, pair detection, a confusion
    table and the 20 worst errors; for Park et al. style gold (named pairs with neutral
    labels) also the 5-way pair classification score.
    """
    if level not in ("sentence", "doc"):
        report_error(f"unknown level {level!r}; use --level sentence or --level doc")
        raise typer.Exit(2)
    if task not in ("auto", "extract", "pairs"):
        report_error(f"unknown task {task!r}; use auto, extract or pairs")
        raise typer.Exit(2)
    from allegiance.relations.evaluate import evaluate_gold, format_report

    with cli_errors():
        result = evaluate_gold(gold, level=level, split=split, task=task, limit=limit,
                               predictions_out=predictions)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=1, ensure_ascii=False))
    else:
        console.print(format_report(result), highlight=False, markup=False, soft_wrap=True)
