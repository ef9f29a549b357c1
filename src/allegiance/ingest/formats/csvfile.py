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
from typing import Any, Iterator

from allegiance.errors import EmptyInputError, InputError, MalformedRecordError
from allegiance.ingest.formats.records import (
    DATE_FIELDS,
    ID_FIELDS,
    SOURCE_FIELDS,
    TITLE_FIELDS,
    URL_FIELDS,
    line_origin,
    record_documents,
    text_key,
)
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
    """One document per row with text; one error per row that cannot be read.

    A header that names a column the reader uses (the text column, or a title, date, id,
    source or URL column) more than once: the *first* column of that name is read, and
    one error on the header line (``FILE:1``) names the column and says the other was
    ignored, so the exit code shows that something was not read. Rows are read as usual.

    Examples
    --------
    >>> items = list(read_csv("text,title,text\\nRivals agree.,Pact,other\\n", "a.csv", ReadOptions()))
    >>> items[1].text, items[0].path, items[0].message
    ('Rivals agree.', 'a.csv:1', "names the column 'text' twice; the first was read, the other ignored")
    """
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
    problem = _header_problem(columns, lowered, options, origin)
    if problem is not None:
        yield problem
        if not isinstance(problem, _RepeatedColumns):
            return
    yield from _read_rows(reader, lowered, origin, options.casefolded())


class _RepeatedColumns(MalformedRecordError):
    """A header naming a used column twice: reported, and the rows still read."""


def _header_problem(columns: list[str], lowered: list[str], options: ReadOptions,
                    origin: str) -> MalformedRecordError | None:
    """What is wrong with the header: a missing column (nothing read) or a repeated one (rows read)."""
    missing = [
        (flag, name) for flag, name in (("--date-column", options.date_column),
                                        ("--title-column", options.title_column),
                                        ("--id-column", options.id_column))
        if name is not None and name.casefold() not in lowered
    ]
    folded = options.casefolded()
    if text_key(lowered, folded) is None or missing:
        flag, name = ("--text-column", options.text_column) if not missing else missing[0]
        return MalformedRecordError(
            f"has no column {name!r} (columns: {', '.join(columns[:12])})", path=f"{origin}:1",
            hint=f"name the right column with {flag}",
        )
    repeated = _repeated_columns(lowered, folded)
    if not repeated:
        return None
    names = ", ".join(repr(name) for name in repeated)
    return _RepeatedColumns(
        f"names the column{'s' if len(repeated) > 1 else ''} {names} twice; the first was read, the other ignored",
        path=f"{origin}:1", hint="rename or remove the other column to read it",
    )


def _repeated_columns(lowered: list[str], folded: ReadOptions) -> list[str]:
    """The columns the reader uses that the header names more than once, in header order."""
    used = {text_key(lowered, folded)}
    for explicit, defaults in ((folded.title_column, TITLE_FIELDS), (folded.date_column, DATE_FIELDS),
                               (folded.id_column, ID_FIELDS), (None, SOURCE_FIELDS), (None, URL_FIELDS)):
        used.update(defaults if explicit is None else (explicit,))
    seen: set[str] = set()
    repeated: list[str] = []
    for name in lowered:
        if name in seen and name in used and name not in repeated:
            repeated.append(name)
        seen.add(name)
    return repeated


def _read_rows(reader: Any, lowered: list[str], origin: str,
               row_options: ReadOptions) -> Iterator[Document | InputError]:
    """The rows after the header; a row's cell goes to the first column of its name."""
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
        record: dict[str, str] = {}
        for name, cell in zip(lowered, row):
            record.setdefault(name, cell)  # a repeated column: the first one is read
        yield from record_documents(record, line_origin(origin, start), row_options, "row")
    if not rows:
        yield EmptyInputError("has a header but no rows", path=origin, hint="give a CSV file with rows of text")


def read_tsv(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    """A tab-separated file: :func:`read_csv` with the tab as separator."""
    return read_csv(text, origin, options, delimiter="\t")
