"""Large inputs in bounded memory and linear time: lines of any length, text of any size.

:func:`iter_lines` cuts a byte stream into lines without ever re-scanning what
it has seen (a 200 MB JSONL line is read in one pass), and
:func:`iter_text_parts` decodes and normalises a plain-text stream piece by
piece and cuts it, while reading, into parts of about ``max_chars`` characters
at paragraph, sentence or word boundaries. Both stop with
:class:`InputTooLarge` once more than ``limit`` bytes have been read.

Examples
--------
>>> import io
>>> list(iter_lines(b"a\\nb", io.BytesIO(b"c\\n\\nd"), limit=100))
[b'a\\n', b'bc\\n', b'\\n', b'd']
>>> list(iter_text_parts(b"One. Two. ", io.BytesIO(b"Three. Four."), max_chars=10, limit=100))
['One. Two.', 'Three.', 'Four.']
"""

from __future__ import annotations

import codecs
import io
from typing import IO, Iterator

from allegiance.ingest.chunks import cut_position
from allegiance.ingest.encoding import normalise_text, text_encoding

__all__ = ["InputTooLarge", "MAX_INPUT_BYTES", "PrefixedStream", "READ_BYTES", "STREAM_TEXT_BYTES", "iter_lines",
           "iter_text_parts"]

#: Bytes asked of the stream per read.
READ_BYTES = 1 << 20
#: The most bytes (after decompression) read from one input; a larger one is refused, or cut off
#: with the records or parts before the cap kept. The readers look it up here when they run.
MAX_INPUT_BYTES = 1 << 30
#: Plain text larger than this is not read whole: it is decoded and cut into parts while read.
STREAM_TEXT_BYTES = 16 << 20


class InputTooLarge(Exception):
    """Internal signal: an input is larger than the per-file cap."""


class PrefixedStream(io.RawIOBase):
    """``prefix`` then the rest of ``stream``; the prefix is let go of as soon as it is read.

    Examples
    --------
    >>> stream = PrefixedStream(b"abc", io.BytesIO(b"def"))
    >>> stream.read(2), stream.read(5), stream.read(5), stream.read(5)
    (b'ab', b'c', b'def', b'')
    """

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._prefix: memoryview | None = memoryview(prefix) if prefix else None
        self._offset = 0
        self._stream = stream

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._prefix is None:
            return self._stream.read(size)
        end = len(self._prefix) if size is None or size < 0 else min(len(self._prefix), self._offset + size)
        data = bytes(self._prefix[self._offset : end])
        self._offset = end
        if end >= len(self._prefix):
            self._prefix.release()
            self._prefix = None
        return data


def _chunks(head: bytes, stream: IO[bytes], limit: int) -> Iterator[bytes]:
    """``head``, then the rest of ``stream`` in reads of :data:`READ_BYTES`; at most ``limit`` bytes."""
    total = len(head)
    if total > limit:
        raise InputTooLarge()
    if head:
        yield head
    while chunk := stream.read(READ_BYTES):
        total += len(chunk)
        if total > limit:
            raise InputTooLarge()
        yield chunk


def iter_lines(head: bytes, stream: IO[bytes], *, limit: int) -> Iterator[bytes]:
    """Binary lines (with their ``\\n``) of ``head`` + the rest of ``stream``, in linear time.

    Each byte is looked at once: the pieces of a long line are kept in a list and
    joined once when its end is found, so memory is the longest line plus one
    read, and time does not grow with the square of the line length.

    Parameters
    ----------
    head : bytes
        What was already read of the stream.
    stream : binary stream
        The rest.
    limit : int
        Raise :class:`InputTooLarge` once more bytes than this have been read.

    Yields
    ------
    bytes
        Each line; the last one without ``\\n`` when the input does not end with one.

    Examples
    --------
    >>> import io
    >>> list(iter_lines(b"", io.BytesIO(b"x" * 5 + b"\\ny"), limit=10))
    [b'xxxxx\\n', b'y']
    """
    pieces: list[bytes] = []
    for chunk in _chunks(head, stream, limit):
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            pieces.append(chunk[start : end + 1])
            start = end + 1
            yield _take_line(pieces)
        if start < len(chunk):
            pieces.append(chunk[start:])
    if pieces:
        yield _take_line(pieces)


def _take_line(pieces: list[bytes]) -> bytes:
    """The pieces joined, the list emptied: the generator keeps no reference to a yielded line."""
    line = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    pieces.clear()
    return line


def _normalised_pieces(head: bytes, stream: IO[bytes], limit: int) -> Iterator[str]:
    """Decoded, normalised text of the stream, piece by piece (see :func:`normalise_text`).

    The encoding is chosen once from ``head``. Each piece ends just after a
    character that is not whitespace, so normalising the pieces one by one gives
    the same text as normalising the whole (a ``"\\r\\n"`` or the trailing spaces
    of a line are never split between two pieces).
    """
    decoder = codecs.getincrementaldecoder(text_encoding(head))(errors="replace")
    pending = ""
    for chunk in _chunks(head, stream, limit):
        text = pending + decoder.decode(chunk)
        keep = len(text.rstrip())
        pending = text[keep:]
        if keep:
            yield normalise_text(text[:keep])
    tail = pending + decoder.decode(b"", final=True)
    if tail:
        yield normalise_text(tail)


def iter_text_parts(head: bytes, stream: IO[bytes], *, max_chars: int, limit: int) -> Iterator[str]:
    """Decode, normalise and cut a plain-text stream into parts while reading it.

    Memory is bounded by about two parts plus one read, whatever the size of the
    input: a part is cut as soon as more than ``max_chars`` characters are in
    hand, at the boundary :func:`allegiance.ingest.split_long_text` would choose
    (a paragraph break, else a sentence end, else whitespace).

    Parameters
    ----------
    head : bytes
        What was already read of the stream (it also decides the encoding).
    stream : binary stream
        The rest.
    max_chars : int
        The largest part, in characters.
    limit : int
        Raise :class:`InputTooLarge` once more bytes than this have been read.

    Yields
    ------
    str
        The stripped, non-empty parts in order.

    Examples
    --------
    >>> import io
    >>> parts = list(iter_text_parts(b"", io.BytesIO(b"Para one.\\n\\n" * 300), max_chars=1000, limit=10**6))
    >>> len(parts), max(map(len, parts)) <= 1000, sum(p.count("Para") for p in parts)
    (4, True, 300)
    """
    buffer = ""
    for piece in _normalised_pieces(head, stream, limit):
        buffer += piece
        while len(buffer) > max_chars:
            cut = cut_position(buffer, 0, max_chars)
            part = buffer[:cut].strip()
            buffer = buffer[cut:]
            if part:
                yield part
    tail = buffer.strip()
    if tail:
        yield tail
