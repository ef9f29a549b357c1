"""Gzip: the input is unpacked (capped in size, at most two layers) and read by its own format.

Examples
--------
>>> import gzip, io
>>> inner = open_gzip(Input(io.BytesIO(gzip.compress(b"hello")), b"", "a.txt.gz", "a.txt.gz"))
>>> inner.name, inner.depth, inner.stream.read()
('a.txt', 1, b'hello')
"""

from __future__ import annotations

import gzip
import io
import zlib

from allegiance.errors import InputError, UnreadableInputError
from allegiance.ingest import streaming
from allegiance.ingest.formats.base import HINT_FORMATS, Input, read_rest, too_large
from allegiance.ingest.streaming import InputTooLarge

__all__ = ["CorruptGzip", "open_gzip"]


def open_gzip(source: Input) -> Input | InputError:
    """The unpacked input inside ``source`` (read lazily), or the error that refuses it."""
    if source.depth >= 2:
        return UnreadableInputError("is gzip inside gzip inside gzip", path=source.origin, hint=HINT_FORMATS)
    try:
        rest = read_rest(source.stream)
    except OSError as exc:
        return UnreadableInputError(f"cannot read ({exc})", path=source.origin, hint="check the file")
    except InputTooLarge:
        return too_large(source.origin)
    name = source.name[:-3] if source.name.lower().endswith(".gz") else source.name
    inner = gzip.GzipFile(fileobj=io.BytesIO(source.head + rest), mode="rb")
    return Input(SafeGzip(inner), b"", source.origin, name, source.depth + 1)


class CorruptGzip(Exception):
    """Internal signal: the gzip stream is damaged."""


class SafeGzip(io.RawIOBase):
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
            raise CorruptGzip(str(exc) or type(exc).__name__) from None
        self._total += len(data)
        if self._total > streaming.MAX_INPUT_BYTES:
            raise CorruptGzip(f"decompresses to more than {streaming.MAX_INPUT_BYTES >> 20} MB")
        return data
