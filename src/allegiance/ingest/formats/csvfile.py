"""CSV and TSV: a header row, then one record per row; the text column found by name.

The separator is the one of ``,``, tab, ``;`` and ``|`` that yields the text column in the
header. Column names are compared case-insensitively.

Examples
--------
>>> from allegiance.ingest.options import ReadOptions
>>> [d.text for d in read_csv("id;Text\\n1;Rivals agree.\\n", "a.csv", ReadOptions())]
['Rivals agree.']
"""

from __future__ import annotations

import csv
import io
import sys
from typing import Iterator

from allegiance.errors import EmptyInputError, InputError, MalformedRecordError
from allegiance.ingest.formats.records import line_origin, record_documents, text_key
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document

__all__ = ["read_csv", "read_tsv"]


def _raise_csv_field_limit() -> None:
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


def _delimiter(text: str, options: ReadOptions) -> str:
    """The separator of a CSV file: the most frequent one in the header that yields the text column.

    Counting alone is fooled by a column name holding ``;`` or ``|``; the text
    column decides between the candidates, counts only when none yields it.
    """
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "|")}
    ranked = sorted((sep for sep in counts if counts[sep]), key=lambda sep: -counts[sep])
    folded = options.casefolded()
    for sep in ranked:
        try:
            names = next(csv.reader([header], delimiter=sep), [])
        except csv.Error:
            continue
        if text_key([n.strip().lstrip("\ufeff").strip().casefold() for n in names], folded) is not None:
            return sep
    return ranked[0] if ranked else ","


def read_csv(text: str, origin: str, options: ReadOptions,
              delimiter: str | None = None) -> Iterator[Document | InputError]:
    _raise_csv_field_limit()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or _delimiter(text, options))
    try:
        header = next(reader)
    except StopIteration:
        yield EmptyInputError("has no rows", path=origin, hint="give a CSV file with a header row")
        return
    except csv.Error as exc:
        yield MalformedRecordError(f"unreadable CSV header ({exc})", path=f"{origin}:1", hint="fix the header row")
        return
    columns = [h.strip().lstrip("\ufeff").strip() for h in header]
    lowered = [c.casefold() for c in columns]
    missing = [
        (flag, name) for flag, name in (("--date-column", options.date_column),
                                        ("--title-column", options.title_column),
                                        ("--id-column", options.id_column))
        if name is not None and name.casefold() not in lowered
    ]
    if text_key(lowered, options.casefolded()) is None or missing:
        flag, name = ("--text-column", options.text_column) if not missing else missing[0]
        yield MalformedRecordError(
            f"has no column {name!r} (columns: {', '.join(columns[:12])})", path=f"{origin}:1",
            hint=f"name the right column with {flag}",
        )
        return
    row_options = _row_options(options)
    line = reader.line_num
    rows = 0
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield MalformedRecordError(f"unreadable CSV ({exc})", path=line_origin(origin, start),
                                       hint="fix the quoting of this row; rows after it were not read")
            return
        line = reader.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        rows += 1
        record = {lowered[i]: cell for i, cell in enumerate(row[: len(lowered)])}
        yield from record_documents(record, line_origin(origin, start), row_options, "row")
    if not rows:
        yield EmptyInputError("has a header but no rows", path=origin, hint="give a CSV file with rows of text")


def read_tsv(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    """A tab-separated file: :func:`read_csv` with the tab as separator."""
    return read_csv(text, origin, options, delimiter="\t")


def _row_options(options: ReadOptions) -> ReadOptions:
    """The options each row is read with: column names case-folded (and, as before, no --date)."""
    return ReadOptions(**{**options.casefolded().as_kwargs(), "date": None, "date_from_filename": False})
