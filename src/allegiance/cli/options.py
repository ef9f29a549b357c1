"""Typer options shared by several commands (one definition each)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from allegiance.cli.app import cli_errors, report_error
from allegiance.ingest.datelines import given_date
from allegiance.nlp.model_dir import SHIPPED_RELATION_MODEL, relation_model_path
from allegiance.pipeline import ReaderOptions

__all__ = [
    "ActorsOpt",
    "DateColumnOpt",
    "DateFromFilenameOpt",
    "DateOpt",
    "DbOpt",
    "MaxCharsOpt",
    "MaxSentenceOpt",
    "ModelOpt",
    "NoSplitOpt",
    "PathsArg",
    "QuietOpt",
    "RulesOnlyOpt",
    "TextColumnOpt",
    "ThoroughOpt",
    "TitleColumnOpt",
    "WithModelOpt",
    "reader_options",
    "relation_model_option",
    "thorough_option",
]

PathsArg = typer.Argument(..., help="Files, directories (recursive) or '-' for stdin.")
DbOpt = typer.Option("allegiance.db", "--db", help="Store: a SQLite path or a postgresql:// URL.")
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress display (for scripts).")
ActorsOpt = typer.Option(None, "--actors", help="Your actor dictionary (YAML), merged over the built-in one.")
TextColumnOpt = typer.Option("text", "--text-column", help="CSV/JSONL column holding the text.")
DateColumnOpt = typer.Option(None, "--date-column", help="CSV column holding the date.")
TitleColumnOpt = typer.Option(None, "--title-column", help="CSV column holding the title.")
NoSplitOpt = typer.Option(False, "--no-split", help="Never split pasted multi-article dumps.")
DateOpt = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                       help="Date for documents that carry none (no date field, date line or dateline).")
DateFromFilenameOpt = typer.Option(
    False, "--date-from-filename",
    help="Date documents that carry none by their file name (2015-05-12-x.txt, 20150512_x.txt); before --date.")


MaxCharsOpt = typer.Option(1_000_000, "--max-chars", min=1000,
                           help="Longer documents are cut into parts (never dropped).")
MaxSentenceOpt = typer.Option(150, "--max-sentence-tokens", min=5,
                              help="Longer sentences are skipped for relations (noted in the log).")


#: what extract, ingest, evaluate and pipeline save run without --model/--with-model/--rules-only: None, the
#: rules alone. The shipped model is not the default: on the demo gold rules + model scored F1 40.94 against
#: the rules' 41.18 (corpus dev: 20.0 against 13.79); benchmarks/results/relation_model_integration.json
DEFAULT_RELATION_MODEL: str | None = None

ModelOpt = typer.Option(
    None, "--model", metavar="DIR",
    help="Also use your trained relation model (written by: allegiance train --out DIR): it adds relations "
         "where the rules find none.")
WithModelOpt = typer.Option(
    False, "--with-model",
    help="Also use the relation model shipped with allegiance: it adds relations where the rules find none.")
RulesOnlyOpt = typer.Option(False, "--rules-only",
                            help="The rule-based extractor alone, no trained model (the default).")
ThoroughOpt = typer.Option(
    False, "--thorough",
    help="Run the relation model with its setting for recall: it scores more candidate pairs, at about three "
         "quarters of the speed (the shipped model: more recall on both gold sets; docs/model-families.md).")


def relation_model_option(model: Optional[str], with_model: bool, rules_only: bool,
                          pipeline: Optional[str] = None) -> Optional[str]:
    """The relation model a command runs (``PipelineOptions.relation_model``) from its options.

    ``--model DIR`` (checked now: a wrong path is one line and exit 1), ``--with-model`` (the shipped
    model), ``--rules-only`` (none); without any, :data:`DEFAULT_RELATION_MODEL`. Two of them together,
    or one with ``--pipeline`` (a saved pipeline carries its own model), is a usage error (exit 2).
    """
    given = [name for name, on in (("--model", model is not None), ("--with-model", with_model),
                                   ("--rules-only", rules_only)) if on]
    if len(given) > 1:
        report_error(f"{' and '.join(given)} together: choose one")
        raise typer.Exit(2)
    if given and pipeline is not None:
        report_error(f"{given[0]} and --pipeline together: a saved pipeline carries its own relation model; "
                     "save one with: allegiance pipeline save DIR --model M")
        raise typer.Exit(2)
    if pipeline is not None or rules_only:
        return None
    if with_model:
        return SHIPPED_RELATION_MODEL
    if model is None:
        return DEFAULT_RELATION_MODEL
    with cli_errors():
        return relation_model_path(Path(model).resolve())  # a path, even one named "shipped"


def thorough_option(thorough: bool, pipeline: Optional[str] = None) -> bool:
    """``--thorough`` (``PipelineOptions.thorough``); with ``--pipeline`` a usage error (exit 2): a saved
    pipeline carries its own setting. Without a relation model the pipeline options refuse it (one line, exit 2).
    """
    if thorough and pipeline is not None:
        report_error("--thorough and --pipeline together: a saved pipeline carries its own setting; "
                     "save one with: allegiance pipeline save DIR --with-model --thorough")
        raise typer.Exit(2)
    return thorough


def reader_options(
    text_column: str, date_column: Optional[str], title_column: Optional[str], no_split: bool,
    max_chars: int = 1_000_000, date: Optional[str] = None, date_from_filename: bool = False,
):
    """Build :class:`allegiance.pipeline.ReaderOptions` from CLI values (a bad ``--date`` raises ConfigError)."""
    return ReaderOptions(
        text_column=text_column,
        date_column=date_column,
        title_column=title_column,
        split_dumps=not no_split,
        max_chars=max_chars,
        date=given_date(date),
        date_from_filename=date_from_filename,
    )


def paths_of(values: List[str]) -> list[str | Path]:
    """Keep '-' as is, make everything else a Path."""
    return [value if value == "-" else Path(value) for value in values]
