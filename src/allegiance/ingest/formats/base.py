"""What every format reader shares: the input it is given, and reading the rest of it.

A reader is a function ``(source: Input, options: ReadOptions) -> Iterator[Document |
InputError]``; :func:`whole_text` makes one from a function of the decoded text.

Examples
--------
>>> import io
>>> read_upto(io.BytesIO(b"abcdef"), 4)
(b'abcd', False)
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import IO, Callable, Iterator

from allegiance.errors import EmptyInputError, InputError, UnreadableInputError
from allegiance.ingest import streaming
from allegiance.ingest.encoding import decode_bytes
from allegiance.ingest.options import ReadOptions
from allegiance.ingest.streaming import READ_BYTES, InputTooLarge
from allegiance.model import Document

__all__ = ["HINT_FORMATS", "Input", "Reader", "TextReader", "read_rest", "read_upto", "too_large", "whole_text"]

HINT_FORMATS = "give plain text, HTML, JSONL or CSV (gzip-compressed is fine)"


@dataclass(frozen=True)
class Input:
    """One input being read: its stream, the head already read from it, where it came from.

    ``origin`` is the path (or ``-``) used in documents and messages; ``name`` the file
    name that hints at the format; ``depth`` how many gzip layers were opened to get here.
    """

    stream: IO[bytes]
    head: bytes
    origin: str
    name: str = ""
    depth: int = 0


#: A format reader: every document and every error of one input.
Reader = Callable[[Input, ReadOptions], Iterator["Document | InputError"]]
#: A reader of an input's whole decoded text (see :func:`whole_text`).
TextReader = Callable[[str, str, ReadOptions], Iterator["Document | InputError"]]


def too_large(origin: str, read_before: str = "") -> UnreadableInputError:
    """The one-line error for an input over :data:`~allegiance.ingest.streaming.MAX_INPUT_BYTES`."""
    return UnreadableInputError(f"is larger than {streaming.MAX_INPUT_BYTES >> 20} MB{read_before}", path=origin,
                                hint="split it into smaller files")


def whole_text(read_text: TextReader, *, separators: bool = True) -> Reader:
    """A reader that reads the whole input, decodes it and hands the text to ``read_text``.

    ``separators=False`` keeps U+2028/U+2029 as they are (in a CSV cell they are no row break).
    """

    def read(source: Input, options: ReadOptions) -> Iterator[Document | InputError]:
        try:
            data = source.head + read_rest(source.stream)
        except (OSError, EOFError, zlib.error) as exc:
            yield UnreadableInputError(f"cannot read ({exc})", path=source.origin,
                                       hint="the file may be truncated or corrupt")
            return
        except InputTooLarge:
            yield too_large(source.origin)
            return
        text = decode_bytes(data, separators=separators)
        if not text.strip():
            yield EmptyInputError("holds only whitespace", path=source.origin, hint="give a file with text in it")
            return
        yield from read_text(text, source.origin, options)

    read.__doc__ = read_text.__doc__
    return read


def read_upto(stream: IO[bytes], size: int) -> tuple[bytes, bool]:
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


def read_rest(stream: IO[bytes]) -> bytes:
    chunks = []
    total = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        total += len(chunk)
        if total > streaming.MAX_INPUT_BYTES:
            raise InputTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)
