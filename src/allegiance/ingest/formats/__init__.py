"""The input formats: one module per format and the table that picks a reader for an input.

:func:`~allegiance.ingest.formats.detect.detect_format` names an input's format from its
first bytes (its file name breaking ties); :data:`READERS` maps that name to the reader
of the format; :func:`read_stream` does both for one stream. Adding a format is one
module here (a :data:`~allegiance.ingest.formats.base.Reader`), one row in
:data:`READERS` and, when its content can be recognised, one rule in ``detect.py``.

============  ======================================================  =====================
format        recognised by                                           module
============  ======================================================  =====================
gzip          magic bytes ``1f 8b`` (unpacked, then read again)       :mod:`.gzipfile`
binary        magic numbers, NULs in runs, control characters         (refused here)
feed          ``<rss``/``<feed`` (RSS, Atom)                          :mod:`.feed`
html          ``<html``/doctype, or ``.html`` with markup             :mod:`.htmlpage`
jsonl         a first line that is a JSON object; ``.jsonl``          :mod:`.jsonl`
json          one JSON document (an object or a list of objects)      :mod:`.jsonfile`
csv, tsv      ``.csv``; ``.tsv``/``.tab``                             :mod:`.csvfile`
text          anything else                                           :mod:`.text`
============  ======================================================  =====================

Examples
--------
>>> import io
>>> [type(x).__name__ for x in read_stream(io.BytesIO(b'{"text": "A pact."}\\n'), "-", "", ReadOptions())]
['Document']
>>> sorted(READERS) == sorted(FORMATS)
True
"""

from __future__ import annotations

from typing import IO, Iterator

from allegiance.errors import BinaryInputError, EmptyInputError, InputError, UnreadableInputError
from allegiance.ingest.encoding import sniff_binary
from allegiance.ingest.formats.base import HINT_FORMATS, Input, Reader, whole_text
from allegiance.ingest.formats.csvfile import read_csv, read_tsv
from allegiance.ingest.formats.detect import FORMATS, HEAD_BYTES, detect_format
from allegiance.ingest.formats.feed import read_feed
from allegiance.ingest.formats.gzipfile import CorruptGzip, open_gzip
from allegiance.ingest.formats.htmlpage import read_html
from allegiance.ingest.formats.jsonfile import read_json
from allegiance.ingest.formats.jsonl import read_jsonl
from allegiance.ingest.formats.text import read_plain_text
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document

__all__ = ["FORMATS", "READERS", "Input", "Reader", "detect_format", "read_stream"]


def refuse_binary(source: Input, options: ReadOptions) -> Iterator[Document | InputError]:
    """Binary data is never read: one error says what it is."""
    what = sniff_binary(source.head) or "binary data"
    yield BinaryInputError(f"is {what}, not text; skipped", path=source.origin, hint=HINT_FORMATS)


def read_gzip(source: Input, options: ReadOptions) -> Iterator[Document | InputError]:
    """Unpack gzip (capped, at most two layers) and read what is inside by its own format."""
    inner = open_gzip(source)
    if isinstance(inner, InputError):
        yield inner
        return
    try:  # errors of the gzip data surface while the inner reader pulls it
        yield from read_stream(inner.stream, source.origin, inner.name, options, inner.depth)
    except CorruptGzip as exc:
        yield UnreadableInputError(f"corrupt or truncated gzip data ({exc})", path=source.origin,
                                   hint="re-download or re-compress the file")


#: The reader of each format :func:`detect_format` reports.
READERS: dict[str, Reader] = {
    "gzip": read_gzip,
    "binary": refuse_binary,
    "feed": whole_text(read_feed),
    "html": whole_text(read_html),
    "jsonl": read_jsonl,
    "json": whole_text(read_json),
    "csv": whole_text(read_csv, separators=False),  # a U+2028 in a cell is no row break
    "tsv": whole_text(read_tsv, separators=False),
    "text": read_plain_text,
}


def read_stream(stream: IO[bytes], origin: str, name: str, options: ReadOptions,
                depth: int = 0) -> Iterator[Document | InputError]:
    """Every document and error of one input stream, read by the reader of its format.

    ``name`` is the file name (it breaks ties between formats); ``depth`` counts the gzip
    layers already opened (a third is refused).
    """
    try:
        head = stream.read(HEAD_BYTES)
    except OSError as exc:
        yield UnreadableInputError(f"cannot read ({exc})", path=origin, hint="check the file")
        return
    if not head:
        yield EmptyInputError("is empty (0 bytes)", path=origin, hint="give a file with text in it")
        return
    yield from READERS[detect_format(head, name)](Input(stream, head, origin, name, depth), options)
