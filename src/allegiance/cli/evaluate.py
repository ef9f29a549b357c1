"""``allegiance evaluate GOLD``: score the relation extractor against gold pairs.

GOLD is a JSONL file of gold pairs, or the labelled corpus directory (``data/relations``,
read directly: ``--split dev|test``, recall per phenomenon, ``--out`` writes the JSON result).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from allegiance.cli.app import app, cli_errors, console, report_error
from allegiance.cli.options import ModelOpt, RulesOnlyOpt, WithModelOpt, relation_model_option
from allegiance.errors import ConfigError, UnreadableInputError

__all__ = ["evaluate"]


@app.command()
def evaluate(
    gold: str = typer.Argument(..., help="Gold pairs as JSONL (shared/data/relations/<set>/pairs.jsonl layout), "
                                         "or the labelled corpus directory data/relations."),
    level: str = typer.Option("sentence", "--level", "-l", help="Matching unit: sentence or doc."),
    split: Optional[str] = typer.Option(None, "--split", help="Only gold lines of this split (e.g. dev)."),
    task: str = typer.Option("auto", "--task",
                             help="auto (from the gold's format, printed: five-way pair labels -> pairs, "
                                  "else extract), extract (run the pipeline) or pairs (classify the given "
                                  "entity pairs)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N documents."),
    predictions: Optional[str] = typer.Option(None, "--predictions", "-p",
                                              help="Also write the predictions as JSONL here."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    out: Optional[Path] = typer.Option(None, "--out", help="Also write the result as JSON here "
                                                           "(e.g. benchmarks/results/relations_corpus_dev.json)."),
    model: Optional[str] = ModelOpt,
    with_model: bool = WithModelOpt,
    rules_only: bool = RulesOnlyOpt,
    ner_fallback: bool = typer.Option(False, "--ner-fallback",
                                      help="Also make every NER entity the actors miss an ad-hoc actor (ner:<text>); "
                                           "`extract` does not, so the default scores what it finds."),
) -> None:
    """Precision, recall and F1 per sign, micro and macro F1, pair detection, a confusion
    table and the 20 worst errors; for Park et al. style gold (named pairs with neutral
    labels) also the 5-way pair classification score. On the corpus directory (data/relations):
    the final annotations of --split (dev by default) and recall per phenomenon (--level, --task and
    --limit apply to JSONL gold only).
    """
    if level not in ("sentence", "doc"):
        report_error(f"unknown level {level!r}; use --level sentence or --level doc")
        raise typer.Exit(2)
    if task not in ("auto", "extract", "pairs"):
        report_error(f"unknown task {task!r}; use auto, extract or pairs")
        raise typer.Exit(2)
    relation_model = relation_model_option(model, with_model, rules_only)
    from allegiance.relations.evaluate import evaluate_gold, format_report, ner_fallback_pipeline

    with cli_errors():
        nlp = ner_fallback_pipeline(relation_model) if ner_fallback else None
        if Path(gold).is_dir():
            result, text = _evaluate_corpus(Path(gold), split, predictions, relation_model, nlp=nlp)
        else:
            result = evaluate_gold(gold, level=level, split=split, task=task, limit=limit, nlp=nlp,
                                   predictions_out=predictions, relation_model=relation_model)
            text = format_report(result)
        if out is not None:
            _write_json(out, result.to_dict())
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=1, ensure_ascii=False))
    else:
        console.print(text, highlight=False, markup=False, soft_wrap=True)


def _evaluate_corpus(directory: Path, split: Optional[str], predictions: Optional[str],
                     relation_model: Optional[str] = None, *, nlp=None):
    """The labelled corpus: score one split (dev unless told), optionally keep the predictions."""
    from allegiance.relations.corpus_eval import evaluate_corpus, format_corpus_report

    if split not in (None, "train", "dev", "test"):
        raise ConfigError(f"unknown split {split!r}", hint="use --split train, dev or test")
    result = evaluate_corpus(directory, split=split or "dev", predictions_out=predictions,
                             relation_model=relation_model, nlp=nlp)
    return result, format_corpus_report(result)


def _write_json(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UnreadableInputError(f"cannot write the result ({exc.strerror})", path=str(path)) from exc
