"""Hard limits on how much text one spaCy call holds, so extraction memory is bounded.

Where the memory goes: spaCy runs each batch through the model's layers as one
set of arrays, and the ``tok2vec`` layers (in ``en_core_web_sm`` the shared one
and the NER's own) build float arrays of several KB per token of the *whole
batch*. Memory therefore grows with the characters of a batch, not with the
corpus: a 1 MB document (~185k tokens) parsed as one ``Doc`` peaks at ~2.9 GB,
and a batch of three such documents at three times that. The rule stages after
the model are cheap, and sentences longer than ``max_sentence_tokens`` (150 by
default) are parsed but skipped by the relation rules.

Two caps bound it, whatever the input:

* ``max_part_chars`` — a longer document is cut into parts at a paragraph
  break, else a sentence end, else whitespace (:func:`text_parts`); each part is
  parsed as its own ``Doc`` and the relations' offsets are shifted back into the
  full text. A cut is looked for in the second half of each window only, so a
  sentence is cut only when no sentence end lies in half a part (tens of
  thousands of characters); such a sentence is far over the 150-token limit and
  would be skipped anyway.
* ``max_batch_chars`` — a spaCy batch holds at most ``batch_size`` texts *and*
  at most this many characters (:func:`bounded_batches`); a part is never cut
  further, so one batch holds at most ``max(max_batch_chars, max_part_chars)``.

Ceiling: with the defaults (50,000 and 100,000 characters) and the shipped
model, one extraction process peaks at about 0.5 GB (~165 MB for the loaded
pipeline plus ~3.3 MB per 1,000 characters of the largest batch), for a 1 KB
or a 1 MB document alike (``benchmarks/memory.py --sizes``). Texts shorter than
``max_part_chars`` in batches under ``max_batch_chars`` are parsed exactly as
before these limits existed.

Examples
--------
>>> text = "First paragraph here.\\n\\nSecond one. It goes on."
>>> [text[start:end] for start, end in text_parts(text, max_chars=30)]
['First paragraph here.\\n\\n', 'Second one. It goes on.']
>>> [len(b) for b in bounded_batches(["aaaa", "bb", "cc", "d"], 3, max_chars=5)]
[1, 3]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

from allegiance.errors import ConfigError

__all__ = ["TextLimits", "bounded_batches", "text_parts"]

T = TypeVar("T")

# a sentence end: a lower-case letter or digit, the stop, closing quotes, space, then a capital
_SENTENCE_END = re.compile(r"(?<!\w)(\w*[a-z0-9])[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# "Mr. Smith" is no sentence end
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen col sen rep gov lt sgt capt cmdr prof jr sr rev hon no vs mt ft".split()
)


@dataclass(frozen=True)
class TextLimits:
    """How much text one spaCy call may hold (see the module docstring for the ceiling).

    Parameters
    ----------
    max_part_chars : int
        Longer documents are cut into parts of at most this many characters.
    max_batch_chars : int
        A spaCy batch holds at most this many characters (and at least one text).

    Examples
    --------
    >>> TextLimits().max_part_chars, TextLimits().max_batch_chars
    (50000, 100000)
    >>> TextLimits(max_part_chars=0)
    Traceback (most recent call last):
    ...
    allegiance.errors.ConfigError: max_part_chars 0 is too small; give 1,000 or more
    """

    max_part_chars: int = 50_000
    max_batch_chars: int = 100_000

    def __post_init__(self) -> None:
        for name in ("max_part_chars", "max_batch_chars"):
            value = getattr(self, name)
            if int(value) < 1_000:
                raise ConfigError(f"{name} {value!r} is too small", hint="give 1,000 or more")


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end the part that starts at ``start`` (a position in ``(start, limit]``).

    Only the second half of the window is searched, so the time is linear in the
    text and no part is shorter than half the limit (except the last).
    """
    half = start + (limit - start) // 2
    for gap in ("\n\n", "\r\n\r\n"):
        para = text.rfind(gap, half, limit)
        if para > start:
            return para + len(gap)
    last = None
    for match in _SENTENCE_END.finditer(text, half, limit):
        if match.group(1).lower() not in _ABBREVIATIONS:
            last = match
    if last is not None:
        return last.end()
    for sep in ("\n", " ", "\t"):
        pos = text.rfind(sep, half, limit)
        if pos > start:
            return pos + 1
    return limit


def text_parts(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ``(start, end)`` spans of at most ``max_chars`` characters.

    The spans cover the text exactly, in order, with nothing dropped (so
    ``text[start:end]`` of every span joined is the text, and an offset inside a
    part plus its ``start`` is an offset in the text). Cuts fall after a
    paragraph break, else after a sentence end, else after whitespace, in the
    second half of each window; a text without any is cut hard.

    Parameters
    ----------
    text : str
        The text.
    max_chars : int
        The longest part, at least 1.

    Returns
    -------
    list of (int, int)
        ``[(0, len(text))]`` when the text is short enough.

    Examples
    --------
    >>> text_parts("One two. Three four. Five.", max_chars=12)
    [(0, 9), (9, 21), (21, 26)]
    >>> text_parts("x" * 25, max_chars=10)
    [(0, 10), (10, 20), (20, 25)]
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > max_chars:
        cut = _cut(text, start, start + max_chars)
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def bounded_batches(items: Iterable[T], max_items: int, max_chars: int | None = None,
                    size: Callable[[T], int] = len) -> Iterator[list[T]]:  # type: ignore[assignment]
    """Yield consecutive lists of at most ``max_items`` items and ``max_chars`` total ``size``.

    A list closes before the item that would take it over ``max_chars``; an item
    larger than ``max_chars`` on its own is a list of one. Without ``max_chars``
    this is plain batching by count. Lazy: a list is yielded as soon as it is full.

    Examples
    --------
    >>> list(bounded_batches(range(5), 2))
    [[0, 1], [2, 3], [4]]
    >>> list(bounded_batches(["abc", "d", "efghij", "k"], 10, max_chars=5))
    [['abc', 'd'], ['efghij'], ['k']]
    """
    iterator = iter(items)
    if max_chars is None:
        while chunk := list(islice(iterator, max_items)):
            yield chunk
        return
    batch: list[T] = []
    chars = 0
    for item in iterator:
        item_chars = size(item)
        if batch and chars + item_chars > max_chars:
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += item_chars
        if len(batch) >= max_items:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch
