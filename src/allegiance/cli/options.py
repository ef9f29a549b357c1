"""Typer options shared by several commands (one definition each)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from allegiance.ingest.datelines import given_date
from allegiance.pipeline import ReaderOptions

__all__ = [
    "ActorsOpt",
    "DateColumnOpt",
    "DateFromFilenameOpt",
    "DateOpt",
    "DbOpt",
    "MaxCharsOpt",
    "MaxSentenceOpt",
    "NoSplitOpt",
    "PathsArg",
    "QuietOpt",
    "TextColumnOpt",
    "TitleColumnOpt",
    "reader_options",
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
