"""Very large texts: cut into parts at paragraph, sentence or word boundaries.

The cut is looked for only in a bounded window before each limit, so the
time is linear in the text length (no regular expression ever runs over the
whole text, and nothing backtracks).

Examples
--------
>>> split_long_text("One. Two. Three. Four.", max_chars=10)
['One. Two.', 'Three.', 'Four.']
"""

from __future__ import annotations

import re
from typing import Iterator

__all__ = ["cut_position", "iter_long_text", "split_long_text"]

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_LOOKBACK = 20_000


def cut_position(text: str, start: int, limit: int) -> int:
    """The best cut position in ``text[start:limit]`` (a position > start).

    A paragraph break in the second half of the window wins; else the last
    sentence end, else the last whitespace, within the last ``_LOOKBACK``
    characters; else a hard cut at ``limit``.

    Examples
    --------
    >>> text = "One two. Three four five."
    >>> text[:cut_position(text, 0, 15)]
    'One two. '
    """
    half = start + (limit - start) // 2
    para = text.rfind("\n\n", half, limit)
    if para > start:
        return para + 2
    low = max(start + 1, limit - _LOOKBACK)
    last = None
    for match in _SENTENCE_END.finditer(text, low, limit):
        last = match
    if last is not None and last.end() > start:
        return last.end()
    for sep in ("\n", " ", "\t"):
        pos = text.rfind(sep, low, limit)
        if pos > start:
            return pos + 1
    return limit


def split_long_text(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into parts of at most ``max_chars`` characters, nothing lost but edge whitespace.

    Prefers a paragraph break, then a sentence end, then whitespace, within the
    last part of each window; a text without any whitespace is cut hard.

    Parameters
    ----------
    text : str
        The text.
    max_chars : int
        The largest part, at least 1.

    Returns
    -------
    list of str
        The stripped, non-empty parts in order (one part if the text is short).

    Examples
    --------
    >>> parts = split_long_text("word " * 1000, max_chars=1000)
    >>> all(len(p) <= 1000 for p in parts), sum(p.count("word") for p in parts)
    (True, 1000)
    """
    return list(iter_long_text(text, max_chars))


def iter_long_text(text: str, max_chars: int) -> Iterator[str]:
    """The parts :func:`split_long_text` gives, one at a time (never all of them in memory).

    Examples
    --------
    >>> next(iter_long_text("One. Two. Three. Four.", max_chars=10))
    'One. Two.'
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    start, n = 0, len(text)
    while n - start > max_chars:
        cut = cut_position(text, start, start + max_chars)
        part = text[start:cut].strip()
        if part:
            yield part
        start = cut
    tail = text[start:].strip()
    if tail:
        yield tail
