"""Records to documents: the field names tried, and one document (or its parts) per record.

Shared by the record formats (JSONL, JSON, CSV/TSV, feeds); :func:`documents` is also
how the page and text readers make their documents (long texts cut into parts, dates
from datelines, file names or ``--date``).

Examples
--------
>>> from allegiance.ingest.options import ReadOptions
>>> record = {"headline": "Pact", "body": "Two rivals agree."}
>>> [d.title for d in record_documents(record, "-:1", ReadOptions(), "record")]
['Pact']
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator, Mapping

from allegiance.errors import EmptyInputError, InputError, MalformedRecordError
from allegiance.ingest.chunks import iter_long_text
from allegiance.ingest.dates import parse_date
from allegiance.ingest.datelines import date_from_filename, find_header
from allegiance.ingest.encoding import normalise_text, only_stray_nuls, replace_surrogates
from allegiance.ingest.htmltext import extract_html, looks_like_html, looks_like_html_fragment, strip_tags
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document, document_id

__all__ = ["DATE_FIELDS", "ID_FIELDS", "SOURCE_FIELDS", "SPEAKER_FIELDS", "TEXT_FIELDS", "TITLE_FIELDS", "URL_FIELDS",
           "documents", "line_origin", "load_json", "record_documents", "short", "text_key"]

# Default field names, in order of preference, when the caller names none.
TEXT_FIELDS = ("text", "body", "content", "article", "story", "full_text", "fulltext", "sentence")
TITLE_FIELDS = ("title", "headline", "heading", "head", "subject")
DATE_FIELDS = ("date", "published", "published_at", "publication_date", "pubdate", "pub_date",
               "date_published", "datetime", "created_at", "created", "timestamp", "time")
ID_FIELDS = ("id", "doc_id", "document_id", "article_id", "guid", "uuid", "key")
SOURCE_FIELDS = ("source", "publisher", "outlet", "site", "sitename", "newspaper")
#: whoever speaks in the whole text (a speech's or statement's author), as a knowledge-base id
SPEAKER_FIELDS = ("speaker",)
URL_FIELDS = ("url", "link", "href", "permalink")


def _pick(record: Mapping[str, Any], explicit: str | None, defaults: tuple[str, ...]) -> Any:
    if explicit is not None:
        return record.get(explicit)
    for key in defaults:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def text_key(keys: Iterable[str], options: ReadOptions) -> str | None:
    keys = list(keys)
    if options.text_column in keys:
        return options.text_column
    if options.text_column != "text":
        return None
    for key in TEXT_FIELDS:
        if key in keys:
            return key
    return None


def record_documents(record: Mapping[str, Any], origin: str, options: ReadOptions,
                      what: str) -> Iterator[Document | InputError]:
    key = text_key(record.keys(), options)
    if key is None:
        fields = ", ".join(sorted(map(str, record.keys()))[:12]) or "none"
        yield MalformedRecordError(
            f"{what} has no {options.text_column!r} field (fields: {fields})", path=origin,
            hint="name the text field with --text-column",
        )
        return
    value = record.get(key)
    if not isinstance(value, str):
        yield MalformedRecordError(
            f"{what} field {key!r} is {type(value).__name__}, not text", path=origin,
            hint="give the text as a string",
        )
        return
    if "\x00" in value and not only_stray_nuls(value):  # a few strays are removed with the controls
        yield MalformedRecordError(f"{what} field {key!r} holds NUL bytes (binary data)", path=origin,
                                   hint="remove the binary data from this record")
        return
    text = normalise_text(value).strip()
    if not text:
        yield EmptyInputError(f"{what} has empty {key!r}", path=origin, hint="give the record some text")
        return
    raw_id = _pick(record, options.id_column, ID_FIELDS)
    doc_id = str(raw_id).strip() if raw_id not in (None, "") and not isinstance(raw_id, (dict, list)) else None
    title = _string(_pick(record, options.title_column, TITLE_FIELDS))
    date = parse_date(_string(_pick(record, options.date_column, DATE_FIELDS)))
    if looks_like_html(text) or looks_like_html_fragment(text):  # scraped markup in the text field
        page = extract_html(text)
        text = page.text if page else normalise_text(strip_tags(text)).strip()
        if page:
            title, date = title or page.title, date or page.date
        if not text:
            yield EmptyInputError(f"{what} {key!r} is HTML without text", path=origin,
                                  hint="give the record some text")
            return
    yield from documents(
        text, origin, options, doc_id=doc_id or None, title=title, date=date,
        source=_string(_pick(record, None, SOURCE_FIELDS)), url=_string(_pick(record, None, URL_FIELDS)),
        speaker=_string(_pick(record, None, SPEAKER_FIELDS)),
    )


def _string(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = " ".join(str(value).split())
    return text or None


def documents(text: str, origin: str, options: ReadOptions, *, doc_id: str | None = None,
               **fields: Any) -> Iterator[Document]:
    """One document, or its parts when the text is longer than ``max_chars``.

    Lone surrogates in the text, id and fields become U+FFFD (see
    :func:`~allegiance.ingest.encoding.replace_surrogates`).
    """
    text, origin = replace_surrogates(text), replace_surrogates(origin)  # file names may hold them too
    doc_id = replace_surrogates(doc_id) if doc_id else doc_id
    fields = {k: replace_surrogates(v) if isinstance(v, str) else v for k, v in fields.items()}
    fields["date"] = fields.get("date") or _fallback_date(text, origin, options)
    if len(text) <= options.max_chars:
        yield Document(id=doc_id or document_id(text), text=text, origin=origin, **fields)
        return
    for k, part in enumerate(iter_long_text(text, options.max_chars), start=1):
        part_id = f"{doc_id}#part{k}" if doc_id else document_id(part)
        yield Document(id=part_id, text=part, origin=f"{origin}#part{k}", **fields)


def _fallback_date(text: str, origin: str, options: ReadOptions) -> str | None:
    """A document without a date of its own: its dateline's, its file name's (if asked), or ``--date``."""
    from_name = date_from_filename(origin) if options.date_from_filename and origin != "-" else None
    return find_header(text).date or from_name or parse_date(options.date)


def line_origin(origin: str, line: int) -> str:
    return f"{origin}:{line}"


def load_json(text: str, where: str, hint: str) -> tuple[Any, InputError | None]:
    """Parse JSON text, or return the one-line error that rejects it (bad syntax, nesting too deep)."""
    try:
        return json.loads(text), None
    except ValueError as exc:
        return None, MalformedRecordError(f"invalid JSON ({short(exc)})", path=where, hint=hint)
    except RecursionError:
        return None, MalformedRecordError("JSON nested too deeply", path=where, hint=hint)


def short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 80 else text[:77] + "..."
