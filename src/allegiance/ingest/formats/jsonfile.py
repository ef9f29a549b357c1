"""A JSON document: one object, or a list of objects, each a record.

Examples
--------
>>> from allegiance.ingest.options import ReadOptions
>>> [d.id for d in read_json('[{"id": "a", "text": "Rivals agree."}]', "a.json", ReadOptions())]
['a']
"""

from __future__ import annotations

from typing import Iterator

from allegiance.errors import EmptyInputError, InputError, MalformedRecordError
from allegiance.ingest.formats.records import load_json, record_documents, text_key
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document

__all__ = ["read_json"]


def read_json(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    data, error = load_json(text, origin, "fix the file, or write one JSON object per line (JSONL)")
    if error is not None:
        yield error
        return
    records = data if isinstance(data, list) else [data]
    if not records:
        yield EmptyInputError("is an empty JSON list", path=origin, hint="give a file with JSON records in it")
        return
    objects = [r for r in records if isinstance(r, dict)]
    if isinstance(data, list) and objects and all(text_key(r.keys(), options) is None for r in objects):
        fields = ", ".join(sorted({str(k) for r in objects for k in r})[:12])
        yield MalformedRecordError(
            f"no record has a {options.text_column!r} field (fields: {fields})", path=origin,
            hint="name the text field with --text-column, or leave this file out",
        )
        return
    for index, record in enumerate(records, start=1):
        where = f"{origin}#record{index}" if isinstance(data, list) else origin
        if not isinstance(record, dict):
            yield MalformedRecordError(f"item is a JSON {type(record).__name__}, not an object", path=where,
                                       hint='give objects such as {"text": "..."}')
            continue
        yield from record_documents(record, where, options, "record")
