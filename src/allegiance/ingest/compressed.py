"""Gzip decompression with a hard cap on the output, for inputs that may be bombs.

:func:`gunzip_capped` decompresses in steps of at most 64 kB of output and stops as
soon as the output passes the cap, so a bomb costs at most the cap (plus one step) of
memory however far it would expand. Gzip inside gzip is refused (no honest upload needs
it; it is the cheapest way to build a bomb). Concatenated gzip members (what ``cat
a.gz b.gz`` gives) are read one after the other, under the same cap.

Examples
--------
>>> import gzip
>>> gunzip_capped(gzip.compress(b"hello"), limit=100)
b'hello'
>>> gunzip_capped(gzip.compress(b"x" * 1000), limit=100)
Traceback (most recent call last):
...
allegiance.errors.UnreadableInputError: decompresses to more than 100 bytes; upload it uncompressed in smaller parts
"""

from __future__ import annotations

import zlib

from allegiance.errors import UnreadableInputError

__all__ = ["GZIP_MAGIC", "gunzip_capped", "is_gzip"]

#: The first two bytes of every gzip member.
GZIP_MAGIC = b"\x1f\x8b"
_STEP = 64 * 1024


def is_gzip(data: bytes) -> bool:
    """True when ``data`` starts like a gzip stream.

    Examples
    --------
    >>> is_gzip(b"\\x1f\\x8b\\x08..."), is_gzip(b"plain")
    (True, False)
    """
    return data[:2] == GZIP_MAGIC


def gunzip_capped(data: bytes, *, limit: int, origin: str | None = None) -> bytes:
    """The decompressed bytes of gzip ``data``, refusing more than ``limit`` bytes of output.

    Parameters
    ----------
    data : bytes
        One or more gzip members.
    limit : int
        Largest decompressed size accepted.
    origin : str, optional
        Named in the error messages.

    Returns
    -------
    bytes

    Raises
    ------
    UnreadableInputError
        When the output would pass ``limit``, when it is itself gzip (nested), or when
        the data is corrupt or truncated.

    Examples
    --------
    >>> import gzip
    >>> gunzip_capped(gzip.compress(b"a") + gzip.compress(b"b"), limit=10)
    b'ab'
    >>> gunzip_capped(gzip.compress(gzip.compress(b"a")), limit=100)
    Traceback (most recent call last):
    ...
    allegiance.errors.UnreadableInputError: is gzip inside gzip; decompress it once and upload the inner file
    """
    out = bytearray()
    pending = data
    while pending:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        chunk, start = pending, len(out)
        try:
            while chunk or not inflater.eof:
                piece = inflater.decompress(chunk, _STEP)
                chunk = inflater.unconsumed_tail
                out += piece
                if len(out) > limit:
                    raise UnreadableInputError(f"decompresses to more than {limit} bytes", path=origin,
                                               hint="upload it uncompressed in smaller parts")
                if not piece and not chunk:
                    break
        except zlib.error as exc:
            raise UnreadableInputError(f"corrupt gzip data ({exc})", path=origin,
                                       hint="re-compress the file or upload it uncompressed") from None
        if not inflater.eof:
            raise UnreadableInputError("truncated gzip data", path=origin,
                                       hint="re-compress the file or upload it uncompressed")
        if is_gzip(out[start:start + 2]):
            raise UnreadableInputError("is gzip inside gzip", path=origin,
                                       hint="decompress it once and upload the inner file")
        pending = inflater.unused_data.lstrip(b"\x00")  # members may be padded with zeros
        if pending and not is_gzip(pending):
            raise UnreadableInputError("has data after the gzip stream", path=origin,
                                       hint="re-compress the file or upload it uncompressed")
    return bytes(out)
