"""Plain text: one article, or a pasted dump of several; large files cut into parts while read.

Examples
--------
>>> from allegiance.ingest.options import ReadOptions
>>> [d.title for d in read_text("Allies at last\\n\\nThe two rivals signed a pact.", "-", ReadOptions())]
['Allies at last']
"""

from __future__ import annotations

import zlib
from typing import Iterator

from allegiance.errors import EmptyInputError, InputError, UnreadableInputError
from allegiance.ingest import streaming
from allegiance.ingest.dump import parse_single_article, split_dump
from allegiance.ingest.encoding import decode_bytes
from allegiance.ingest.formats.base import Input, read_upto, too_large
from allegiance.ingest.formats.records import documents, line_origin
from allegiance.ingest.options import ReadOptions
from allegiance.ingest.streaming import InputTooLarge, PrefixedStream, iter_text_parts
from allegiance.model import Document

__all__ = ["read_plain_text", "read_text"]


def read_plain_text(source: Input, options: ReadOptions) -> Iterator[Document | InputError]:
    """Plain text: read whole up to :data:`~allegiance.ingest.streaming.STREAM_TEXT_BYTES`, else cut into
    parts while reading.

    A larger file is never held whole: it is decoded and normalised piece by
    piece and cut into parts of at most ``options.max_chars`` characters (about
    1 MB by default) at paragraph, sentence or word boundaries. Part ``k`` is a
    document with origin ``PATH#partK``, title ``NAME (part K)`` and the content
    hash of its text as id; such a file is not split as a pasted dump.
    """
    stream, head, origin = source.stream, source.head, source.origin
    try:
        rest, whole = read_upto(stream, streaming.STREAM_TEXT_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        yield UnreadableInputError(f"cannot read ({exc})", path=origin, hint="the file may be truncated or corrupt")
        return
    if whole:
        text = decode_bytes(head + rest)
        if not text.strip():
            yield EmptyInputError("holds only whitespace", path=origin, hint="give a file with text in it")
        else:
            yield from read_text(text, origin, options)
        return
    rest_of_stream = PrefixedStream(rest, stream)  # let go of the first 16 MB once decoded
    del rest
    k = 0
    try:
        for k, part in enumerate(iter_text_parts(head, rest_of_stream, max_chars=options.max_chars,
                                                 limit=streaming.MAX_INPUT_BYTES), start=1):
            yield from documents(part, f"{origin}#part{k}", options, title=f"{source.name or origin} (part {k})")
    except (OSError, EOFError, zlib.error) as exc:
        yield UnreadableInputError(f"cannot read after part {k} ({exc})", path=origin,
                                   hint="the file may be truncated or corrupt")
    except InputTooLarge:
        yield too_large(origin, f"; its first {k} parts were read")
    if k == 0:
        yield EmptyInputError("holds only whitespace", path=origin, hint="give a file with text in it")


def read_text(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per article of a pasted dump (``split_dumps``), else one for the whole text."""
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
        where = line_origin(origin, article.line) if several else origin
        yield from documents(article.text, where, options, title=article.title, date=article.date)
