"""Read any political text input into :class:`~allegiance.model.Document` objects.

:func:`read_documents` walks files, directories and stdin, recognises each
input's format by sniffing its content (gzip, binary, HTML, JSONL, JSON, CSV,
plain text) and yields documents. Bad input never stops the batch: each
rejected file or record is *yielded* as an :class:`~allegiance.errors.InputError`
whose ``path`` is the file (or ``file:line``) and whose message says what to do.

Examples
--------
>>> import io
>>> data = b'{"id": "a1", "text": "Russia and the US agreed.", "date": "18 Nov 2010"}\\n{broken\\n'
>>> for item in read_documents(["-"], stdin=io.BytesIO(data)):
...     print(type(item).__name__, item.origin if hasattr(item, "origin") else item.path)
Document -:1
MalformedRecordError -:2
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

from allegiance.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    MalformedRecordError,
    UnreadableInputError,
)
from allegiance.ingest.chunks import iter_long_text
from allegiance.ingest.dates import parse_date
from allegiance.ingest.datelines import date_from_filename, find_header, given_date
from allegiance.ingest.dump import parse_single_article, split_dump
from allegiance.ingest.encoding import (
    GZIP_MAGIC,
    decode_bytes,
    normalise_text,
    only_stray_nuls,
    replace_surrogates,
    sniff_binary,
)
from allegiance.ingest.files import open_regular, refuse_directory_loop, refuse_non_regular
from allegiance.ingest.feeds import feed_records, looks_like_feed
from allegiance.ingest.htmltext import extract_html, looks_like_html, looks_like_html_fragment, strip_tags
from allegiance.ingest.streaming import READ_BYTES, InputTooLarge, PrefixedStream, iter_lines, iter_text_parts
from allegiance.model import Document, document_id

__all__ = ["FORMATS", "ReadOptions", "detect_format", "read_documents"]

#: The formats :func:`detect_format` can report.
FORMATS = ("gzip", "binary", "feed", "html", "jsonl", "json", "csv", "tsv", "text")

MAX_INPUT_BYTES = 1 << 30  # 1 GiB of (decompressed) input per file
#: Plain text larger than this is not read whole: it is decoded and cut into parts while read.
STREAM_TEXT_BYTES = 16 << 20
_HEAD = 65536

# Default field names, in order of preference, when the caller names none.
TEXT_FIELDS = ("text", "body", "content", "article", "story", "full_text", "fulltext", "sentence")
TITLE_FIELDS = ("title", "headline", "heading", "head", "subject")
DATE_FIELDS = ("date", "published", "published_at", "publication_date", "pubdate", "pub_date",
               "date_published", "datetime", "created_at", "created", "timestamp", "time")
ID_FIELDS = ("id", "doc_id", "document_id", "article_id", "guid", "uuid", "key")
SOURCE_FIELDS = ("source", "publisher", "outlet", "site", "sitename", "newspaper")
URL_FIELDS = ("url", "link", "href", "permalink")

# Names that declare a record format: control characters in some records do not make it binary.
_RECORD_SUFFIXES = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".jsonlines")
_HINT_FORMATS = "give plain text, HTML, JSONL or CSV (gzip-compressed is fine)"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How records are mapped to documents (see :func:`read_documents`).

    Examples
    --------
    >>> ReadOptions().text_column
    'text'
    """

    text_column: str = "text"
    date_column: str | None = None
    title_column: str | None = None
    id_column: str | None = None
    split_dumps: bool = True
    max_chars: int = 1_000_000
    date: str | None = None
    date_from_filename: bool = False


def detect_format(head: bytes, name: str = "") -> str:
    """Name the format of an input from its first bytes (and, secondarily, its name).

    Parameters
    ----------
    head : bytes
        The first few kilobytes of the input.
    name : str, optional
        The file name; ``.csv``/``.tsv`` select CSV, ``.jsonl`` JSONL. A ``.gz``
        suffix is ignored (the content decides).

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Examples
    --------
    >>> detect_format(b"\\x1f\\x8b\\x08\\x00", "notes.txt")
    'gzip'
    >>> detect_format(b'<?xml version="1.0"?><rss version="2.0">', "news.xml")
    'feed'
    >>> detect_format(b"<!DOCTYPE html><html>", "page.txt")
    'html'
    >>> detect_format(b'{"text": "x"}\\n', "data")
    'jsonl'
    >>> detect_format(b"id,text\\n1,hello\\n", "a.csv")
    'csv'
    >>> detect_format(b"Just words.", "a.txt")
    'text'
    """
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if _starts_with_json_object(head):  # JSONL, even when a later line is damaged by NULs
        return "jsonl"
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    if sniff_binary(head, count_controls=not lower.endswith(_RECORD_SUFFIXES)):
        return "binary"
    text = decode_bytes(head[:_HEAD])
    if lower.endswith(".tsv") or lower.endswith(".tab"):
        return "tsv"
    if lower.endswith(".csv"):
        return "csv"
    if looks_like_feed(text):
        return "feed"
    if looks_like_html(text):
        return "html"
    stripped = text.lstrip()
    if lower.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    if stripped.startswith("{"):
        first_lines = [line.strip() for line in stripped.split("\n", 6)[:6] if line.strip()]
        first = first_lines[0]
        for line in first_lines[:5]:  # a broken first record must not hide a JSONL file
            if not line.startswith("{"):
                continue
            try:
                if isinstance(json.loads(line), dict):
                    return "jsonl"
            except (ValueError, RecursionError):
                pass
        if lower.endswith(".json"):
            return "json"
        if len(head) < _HEAD:  # the whole input is in hand: is it one JSON document?
            try:
                json.loads(stripped)
                return "json"
            except (ValueError, RecursionError):
                pass
        if first.endswith("}") or (len(head) >= _HEAD and "\n" not in stripped):
            return "jsonl"  # a broken record, or one record longer than the sniffed head
        return "text"
    if stripped.startswith("[") and lower.endswith(".json"):
        return "json"
    if lower.endswith((".html", ".htm", ".xhtml")) and stripped.startswith("<"):
        return "html"
    return "text"


def _starts_with_json_object(head: bytes) -> bool:
    """True when the first line of ``head`` is a complete JSON object (a JSONL record)."""
    stripped = head.lstrip(b" \t\r\n")
    if not stripped.startswith(b"{"):
        return False
    first = stripped.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def read_documents(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    text_column: str = "text",
    date_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    split_dumps: bool = True,
    max_chars: int = 1_000_000,
    date: str | None = None,
    date_from_filename: bool = False,
    stdin: IO[bytes] | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Document | InputError]:
    """Read documents from files, directories and stdin; yield errors, never raise them.

    Parameters
    ----------
    sources : path or iterable of paths
        Files, directories (read recursively in sorted order; hidden entries
        skipped) or ``"-"`` for standard input.
    text_column : str, default "text"
        Field (JSONL) or column (CSV) holding the text. With the default, common
        alternatives ("body", "content", "sentence" ...) are used when there is
        no "text".
    date_column, title_column, id_column : str, optional
        Fields holding the date, title and id; by default common names are
        tried ("published"/"date", "headline"/"title", "id" ...).
    split_dumps : bool, default True
        Split plain-text files holding several pasted articles into one
        document per article (see :func:`allegiance.ingest.split_dump`).
    max_chars : int, default 1_000_000
        Longer texts are cut into parts at sentence/whitespace boundaries, each
        its own document with origin ``...#partN``.
    date : str, optional
        ``YYYY-MM-DD`` for documents that carry no date of their own (no date
        field, date line or dateline); raises :class:`~allegiance.errors.ConfigError`
        when it is not a valid date.
    date_from_filename : bool, default False
        Date documents without a date of their own by their file's name
        (``2015-05-12-sochi.txt``, ``20150512_x.txt``; see
        :func:`~allegiance.ingest.datelines.date_from_filename`); before ``date``.
    stdin : binary stream, optional
        What ``"-"`` reads (default: ``sys.stdin.buffer``).
    exclude : iterable of paths, optional
        Files never read while walking a directory (e.g. the store's own
        database files when ingesting the folder that holds them).

    Yields
    ------
    Document or InputError
        Documents with ``origin`` set to ``path``, ``path:line`` (a JSONL/CSV
        record, or an article of a pasted dump) and ``#partN`` for parts of
        very long texts; and one error per rejected file or record.

    Examples
    --------
    >>> import io
    >>> docs = list(read_documents("-", stdin=io.BytesIO(b"A headline\\n\\nSome text here.")))
    >>> docs[0].title, docs[0].text, docs[0].origin
    ('A headline', 'Some text here.', '-')
    """
    options = ReadOptions(
        text_column=text_column,
        date_column=date_column,
        title_column=title_column,
        id_column=id_column,
        split_dumps=split_dumps,
        max_chars=max(1, int(max_chars)),
        date=given_date(date),
        date_from_filename=date_from_filename,
    )
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    excluded = {os.path.realpath(p) for p in exclude}
    for item in _read_sources(sources, options, stdin, excluded):
        if isinstance(item, InputError):  # keys, headers and file names quoted in a message
            item.message, item.path, item.hint = (
                replace_surrogates(text) if text else text for text in (item.message, item.path, item.hint))
        yield item


def _read_sources(sources: Iterable[str | os.PathLike[str]], options: ReadOptions, stdin: IO[bytes] | None,
                  excluded: set[str]) -> Iterator[Document | InputError]:
    """What :func:`read_documents` yields, before lone surrogates are taken out of messages."""
    for source in sources:
        if str(source) == "-":
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
            if stream is None:
                yield UnreadableInputError("standard input is not available", path="-",
                                           hint="pipe text in, or give a file path")
                continue
            yield from _read_stream(_binary(stream), "-", "", options)
            continue
        path = Path(source)
        if path.is_dir():
            for file in _walk(path):
                if isinstance(file, InputError):
                    yield file
                elif os.path.realpath(file) not in excluded:
                    yield from _read_path(file, options)
        else:
            yield from _read_path(path, options)


def _binary(stream: Any) -> IO[bytes]:
    """A binary view of ``stream`` (text streams such as ``sys.stdin`` are accepted too)."""
    if isinstance(stream, io.TextIOBase):
        buffer = getattr(stream, "buffer", None)
        return buffer if buffer is not None else io.BytesIO(stream.read().encode("utf-8", "replace"))
    return stream


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Files under ``root``, recursively, sorted by relative path; hidden entries skipped.

    Entries that are not regular files (FIFOs, sockets, devices, broken links and
    link loops) come as the error that refuses them, in their place in the order.
    Symbolic links to directories are not followed; one that points back up the
    tree (a loop) is reported.
    """
    found: list[tuple[str, Path | InputError]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in dirnames:
            loop = refuse_directory_loop(Path(dirpath) / name)
            if loop is not None:
                found.append(((Path(dirpath) / name).relative_to(root).as_posix(), loop))
        for name in filenames:
            path = Path(dirpath) / name
            if not name.startswith("."):
                refusal = refuse_non_regular(path)
                found.append((path.relative_to(root).as_posix(), refusal or path))
    found.sort(key=lambda item: item[0])
    for _, item in found:
        yield item


def _read_path(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    stream = open_regular(path, max_bytes=MAX_INPUT_BYTES)
    if isinstance(stream, InputError):
        yield stream
        return
    with stream:
        yield from _read_stream(stream, str(path), path.name, options)


def _read_stream(stream: IO[bytes], origin: str, name: str, options: ReadOptions,
                 depth: int = 0) -> Iterator[Document | InputError]:
    try:
        head = stream.read(_HEAD)
    except OSError as exc:
        yield UnreadableInputError(f"cannot read ({exc})", path=origin, hint="check the file")
        return
    if not head:
        yield EmptyInputError("is empty (0 bytes)", path=origin, hint="give a file with text in it")
        return
    fmt = detect_format(head, name)
    if fmt == "gzip":
        if depth >= 2:
            yield UnreadableInputError("is gzip inside gzip inside gzip", path=origin, hint=_HINT_FORMATS)
            return
        yield from _read_gzip(stream, head, origin, name, options, depth)
        return
    if fmt == "binary":
        what = sniff_binary(head) or "binary data"
        yield BinaryInputError(f"is {what}, not text; skipped", path=origin, hint=_HINT_FORMATS)
        return
    if fmt == "jsonl":
        try:
            yield from _read_jsonl(iter_lines(head, stream, limit=MAX_INPUT_BYTES), origin, options)
        except OSError as exc:
            yield UnreadableInputError(f"cannot read ({exc})", path=origin,
                                       hint="the file may be truncated or corrupt")
        except _TooLarge:
            yield UnreadableInputError(f"is larger than {MAX_INPUT_BYTES >> 20} MB; the records before "
                                       "this point were read", path=origin, hint="split it into smaller files")
        return
    if fmt == "text":
        yield from _read_plain_text(stream, head, origin, name, options)
        return
    try:
        data = head + _read_rest(stream)
    except (OSError, EOFError, zlib.error) as exc:
        yield UnreadableInputError(f"cannot read ({exc})", path=origin,
                                   hint="the file may be truncated or corrupt")
        return
    except _TooLarge:
        yield UnreadableInputError(f"is larger than {MAX_INPUT_BYTES >> 20} MB", path=origin,
                                   hint="split it into smaller files")
        return
    text = decode_bytes(data, separators=fmt not in ("csv", "tsv"))  # a U+2028 in a cell is no row break
    if not text.strip():
        yield EmptyInputError("holds only whitespace", path=origin, hint="give a file with text in it")
        return
    if fmt in ("csv", "tsv"):
        yield from _read_csv(text, origin, options, delimiter="\t" if fmt == "tsv" else None)
    elif fmt == "json":
        yield from _read_json(text, origin, options)
    elif fmt == "html":
        yield from _read_html(text, origin, options)
    elif fmt == "feed":
        yield from _read_feed(text, origin, options)
    else:
        yield from _read_text(text, origin, options)


_TooLarge = InputTooLarge  # one signal for every reader


def _read_upto(stream: IO[bytes], size: int) -> tuple[bytes, bool]:
    """Up to ``size`` bytes of ``stream``, and whether its end was reached."""
    chunks: list[bytes] = []
    total = 0
    while total < size:
        chunk = stream.read(min(READ_BYTES, size - total))
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks), False


def _read_plain_text(stream: IO[bytes], head: bytes, origin: str, name: str,
                     options: ReadOptions) -> Iterator[Document | InputError]:
    """Plain text: read whole up to :data:`STREAM_TEXT_BYTES`, else cut into parts while reading.

    A larger file is never held whole: it is decoded and normalised piece by
    piece and cut into parts of at most ``options.max_chars`` characters (about
    1 MB by default) at paragraph, sentence or word boundaries. Part ``k`` is a
    document with origin ``PATH#partK``, title ``NAME (part K)`` and the content
    hash of its text as id; such a file is not split as a pasted dump.
    """
    try:
        rest, whole = _read_upto(stream, STREAM_TEXT_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        yield UnreadableInputError(f"cannot read ({exc})", path=origin, hint="the file may be truncated or corrupt")
        return
    if whole:
        text = decode_bytes(head + rest)
        if not text.strip():
            yield EmptyInputError("holds only whitespace", path=origin, hint="give a file with text in it")
        else:
            yield from _read_text(text, origin, options)
        return
    rest_of_stream = PrefixedStream(rest, stream)  # let go of the first 16 MB once decoded
    del rest
    k = 0
    try:
        for k, part in enumerate(iter_text_parts(head, rest_of_stream, max_chars=options.max_chars,
                                                 limit=MAX_INPUT_BYTES), start=1):
            yield from _documents(part, f"{origin}#part{k}", options, title=f"{name or origin} (part {k})")
    except (OSError, EOFError, zlib.error) as exc:
        yield UnreadableInputError(f"cannot read after part {k} ({exc})", path=origin,
                                   hint="the file may be truncated or corrupt")
    except _TooLarge:
        yield UnreadableInputError(f"is larger than {MAX_INPUT_BYTES >> 20} MB; its first {k} parts were read",
                                   path=origin, hint="split it into smaller files")
    if k == 0:
        yield EmptyInputError("holds only whitespace", path=origin, hint="give a file with text in it")


def _read_rest(stream: IO[bytes]) -> bytes:
    chunks = []
    total = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        total += len(chunk)
        if total > MAX_INPUT_BYTES:
            raise _TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def _read_gzip(stream: IO[bytes], head: bytes, origin: str, name: str, options: ReadOptions,
               depth: int) -> Iterator[Document | InputError]:
    try:
        rest = _read_rest(stream)
    except OSError as exc:
        yield UnreadableInputError(f"cannot read ({exc})", path=origin, hint="check the file")
        return
    except _TooLarge:
        yield UnreadableInputError(f"is larger than {MAX_INPUT_BYTES >> 20} MB", path=origin,
                                   hint="split it into smaller files")
        return
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    inner = gzip.GzipFile(fileobj=io.BytesIO(head + rest), mode="rb")
    try:
        # Errors from gzip surface while the inner reader pulls data.
        yield from _read_stream(_SafeGzip(inner), origin, inner_name, options, depth + 1)
    except _CorruptGzip as exc:
        yield UnreadableInputError(f"corrupt or truncated gzip data ({exc})", path=origin,
                                   hint="re-download or re-compress the file")


class _CorruptGzip(Exception):
    """Internal signal: the gzip stream is damaged."""


class _SafeGzip(io.RawIOBase):
    """A gzip reader that turns decompression errors into one internal signal and caps the size."""

    def __init__(self, inner: gzip.GzipFile) -> None:
        super().__init__()
        self._inner = inner
        self._total = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._inner.read(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise _CorruptGzip(str(exc) or type(exc).__name__) from None
        self._total += len(data)
        if self._total > MAX_INPUT_BYTES:
            raise _CorruptGzip(f"decompresses to more than {MAX_INPUT_BYTES >> 20} MB")
        return data


# --------------------------------------------------------------------------- records


def _pick(record: Mapping[str, Any], explicit: str | None, defaults: tuple[str, ...]) -> Any:
    if explicit is not None:
        return record.get(explicit)
    for key in defaults:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _text_key(keys: Iterable[str], options: ReadOptions) -> str | None:
    keys = list(keys)
    if options.text_column in keys:
        return options.text_column
    if options.text_column != "text":
        return None
    for key in TEXT_FIELDS:
        if key in keys:
            return key
    return None


def _record_documents(record: Mapping[str, Any], origin: str, options: ReadOptions,
                      what: str) -> Iterator[Document | InputError]:
    key = _text_key(record.keys(), options)
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
    yield from _documents(
        text, origin, options, doc_id=doc_id or None, title=title, date=date,
        source=_string(_pick(record, None, SOURCE_FIELDS)), url=_string(_pick(record, None, URL_FIELDS)),
    )


def _string(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _documents(text: str, origin: str, options: ReadOptions, *, doc_id: str | None = None,
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


def _line_origin(origin: str, line: int) -> str:
    return f"{origin}:{line}"


def _read_jsonl(lines: Iterator[bytes], origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    blank = True
    for number, raw in enumerate(lines, start=1):
        where = _line_origin(origin, number)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = decode_bytes(raw)
        del raw  # a long line is held once, not as bytes and text and parsed record at once
        line = line.lstrip("\ufeff").strip()
        if not line:
            continue  # blank lines are allowed between records
        blank = False
        record, error = _load_json(line, where, "fix or remove this line; the other lines were read")
        del line
        if error is not None:
            yield error
            continue
        if not isinstance(record, dict):
            yield MalformedRecordError(f"is a JSON {type(record).__name__}, not an object", path=where,
                                       hint='write one object per line, e.g. {"text": "..."}')
            continue
        yield from _record_documents(record, where, options, "record")
    if blank:
        yield EmptyInputError("holds only blank lines", path=origin, hint="give a file with JSON records in it")


def _load_json(text: str, where: str, hint: str) -> tuple[Any, InputError | None]:
    """Parse JSON text, or return the one-line error that rejects it (bad syntax, nesting too deep)."""
    try:
        return json.loads(text), None
    except ValueError as exc:
        return None, MalformedRecordError(f"invalid JSON ({_short(exc)})", path=where, hint=hint)
    except RecursionError:
        return None, MalformedRecordError("JSON nested too deeply", path=where, hint=hint)


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 80 else text[:77] + "..."


def _read_json(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    data, error = _load_json(text, origin, "fix the file, or write one JSON object per line (JSONL)")
    if error is not None:
        yield error
        return
    records = data if isinstance(data, list) else [data]
    if not records:
        yield EmptyInputError("is an empty JSON list", path=origin, hint="give a file with JSON records in it")
        return
    objects = [r for r in records if isinstance(r, dict)]
    if isinstance(data, list) and objects and all(_text_key(r.keys(), options) is None for r in objects):
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
        yield from _record_documents(record, where, options, "record")


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
    folded = _casefolded(options)
    for sep in ranked:
        try:
            names = next(csv.reader([header], delimiter=sep), [])
        except csv.Error:
            continue
        if _text_key([n.strip().lstrip("\ufeff").strip().casefold() for n in names], folded) is not None:
            return sep
    return ranked[0] if ranked else ","


def _read_csv(text: str, origin: str, options: ReadOptions,
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
    if _text_key(lowered, _casefolded(options)) is None or missing:
        flag, name = ("--text-column", options.text_column) if not missing else missing[0]
        yield MalformedRecordError(
            f"has no column {name!r} (columns: {', '.join(columns[:12])})", path=f"{origin}:1",
            hint=f"name the right column with {flag}",
        )
        return
    row_options = _casefolded(options)
    line = reader.line_num
    rows = 0
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield MalformedRecordError(f"unreadable CSV ({exc})", path=_line_origin(origin, start),
                                       hint="fix the quoting of this row; rows after it were not read")
            return
        line = reader.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        rows += 1
        record = {lowered[i]: cell for i, cell in enumerate(row[: len(lowered)])}
        yield from _record_documents(record, _line_origin(origin, start), row_options, "row")
    if not rows:
        yield EmptyInputError("has a header but no rows", path=origin, hint="give a CSV file with rows of text")


def _casefolded(options: ReadOptions) -> ReadOptions:
    def fold(name: str | None) -> str | None:
        return name.casefold() if name is not None else None

    return ReadOptions(
        text_column=options.text_column.casefold() if options.text_column != "text" else "text",
        date_column=fold(options.date_column),
        title_column=fold(options.title_column),
        id_column=fold(options.id_column),
        split_dumps=options.split_dumps,
        max_chars=options.max_chars,
    )


# --------------------------------------------------------------------------- pages and text


def _read_feed(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    try:
        items = list(feed_records(text))
    except ValueError as exc:
        yield UnreadableInputError(f"is a feed that cannot be parsed ({_short(exc)})", path=origin,
                                   hint="check that the RSS/Atom XML is complete")
        return
    if not items:
        yield EmptyInputError("is a feed without items", path=origin, hint="give a feed with <item> or <entry> elements")
        return
    feed_options = ReadOptions(split_dumps=options.split_dumps, max_chars=options.max_chars)
    for line, record in items:
        if not record["text"] and record["title"]:
            record["text"] = record["title"]  # headline-only items are still news
        yield from _record_documents(record, _line_origin(origin, line), feed_options, "feed item")


def _read_html(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    article = extract_html(text)
    if article is None:
        yield EmptyInputError("is an HTML page without article text", path=origin,
                              hint="give the article page itself, or its text")
        return
    yield from _documents(article.text, origin, options, title=article.title, date=article.date,
                          source=article.source, url=article.url)


def _read_text(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    if options.split_dumps:
        articles = split_dump(text)
    else:
        single = parse_single_article(text)
        articles = [single] if single else []
    articles = [a for a in articles if a.text]
    if not articles:
        yield EmptyInputError("holds no article text (only a title or web debris)", path=origin,
                              hint="give a file with the article's text")
        return
    several = len(articles) > 1
    for article in articles:
        where = _line_origin(origin, article.line) if several else origin
        yield from _documents(article.text, where, options, title=article.title, date=article.date)
