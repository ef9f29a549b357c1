"""JSON Lines: one JSON object per line; a bad line is one error, the other lines are read.

Examples
--------
>>> from allegiance.ingest.options import ReadOptions
>>> [type(x).__name__ for x in read_jsonl_lines(iter([b'{"text": "A pact."}', b"{broken"]), "-", ReadOptions())]
['Document', 'MalformedRecordError']
"""

from __future__ import annotations

from typing import Iterator

from allegiance.errors import EmptyInputError, InputError, MalformedRecordError, UnreadableInputError
from allegiance.ingest import streaming
from allegiance.ingest.encoding import decode_bytes
from allegiance.ingest.formats.base import Input, too_large
from allegiance.ingest.formats.records import line_origin, load_json, record_documents
from allegiance.ingest.options import ReadOptions
from allegiance.ingest.streaming import InputTooLarge, iter_lines
from allegiance.model import Document

__all__ = ["read_jsonl", "read_jsonl_lines"]


def read_jsonl(source: Input, options: ReadOptions) -> Iterator[Document | InputError]:
    """Read a JSONL input line by line (never whole), up to the size cap."""
    try:
        lines = iter_lines(source.head, source.stream, limit=streaming.MAX_INPUT_BYTES)
        yield from read_jsonl_lines(lines, source.origin, options)
    except OSError as exc:
        yield UnreadableInputError(f"cannot read ({exc})", path=source.origin,
                                   hint="the file may be truncated or corrupt")
    except InputTooLarge:
        yield too_large(source.origin, "; the records before this point were read")


def read_jsonl_lines(lines: Iterator[bytes], origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    blank = True
    for number, raw in enumerate(lines, start=1):
        where = line_origin(origin, number)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = decode_bytes(raw)
        del raw  # a long line is held once, not as bytes and text and parsed record at once
        line = line.lstrip("\ufeff").strip()
        if not line:
            continue  # blank lines are allowed between records
        blank = False
        record, error = load_json(line, where, "fix or remove this line; the other lines were read")
        del line
        if error is not None:
            yield error
            continue
        if not isinstance(record, dict):
            yield MalformedRecordError(f"is a JSON {type(record).__name__}, not an object", path=where,
                                       hint='write one object per line, e.g. {"text": "..."}')
            continue
        yield from record_documents(record, where, options, "record")
    if blank:
        yield EmptyInputError("holds only blank lines", path=origin, hint="give a file with JSON records in it")
