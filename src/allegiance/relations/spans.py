"""Word boundaries of mention spans in the labelled relation corpus.

A mention covers whole words: "he" inside "the", or "Iraq" inside "Iraqi",
is never a mention. The corpus validator (:mod:`allegiance.relations.corpus`)
and the annotation helper ``scripts/expand_compact_annotation.py`` share these
two functions, so both read a word boundary the same way: a boundary falls
inside a word when the characters on both sides of it are alphanumeric.

Examples
--------
>>> text = "The Iraqi government stayed in Iraq."
>>> cut_words(text, 4, 8)
['Iraqi']
>>> find_whole_word(text, "Iraq", 0, len(text))
31
"""

from __future__ import annotations

__all__ = ["cut_words", "find_whole_word"]


def _inside_word(text: str, boundary: int) -> bool:
    """Whether ``boundary`` has an alphanumeric character on both sides."""
    return 0 < boundary < len(text) and text[boundary - 1].isalnum() and text[boundary].isalnum()


def _word_around(text: str, boundary: int) -> str:
    start = end = boundary
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def cut_words(text: str, start: int, end: int) -> list[str]:
    """The words that the span ``text[start:end]`` starts or ends inside of (empty when it cuts none).

    Examples
    --------
    >>> cut_words("the bachelor's degree", 5, 7)
    ['bachelor']
    >>> cut_words("the bachelor's degree", 0, 3)
    []
    """
    words = []
    for boundary in (start, end):
        if _inside_word(text, boundary):
            word = _word_around(text, boundary)
            if word not in words:
                words.append(word)
    return words


def find_whole_word(text: str, needle: str, start: int, end: int, nth: int = 0) -> int:
    """Offset of the ``nth`` (from 0) whole-word occurrence of ``needle`` in ``text[start:end]``, or -1.

    Occurrences that start or end inside a word are skipped and not counted.

    Examples
    --------
    >>> find_whole_word("He said the other he left.", "he", 0, 26)
    18
    >>> find_whole_word("He said the other he left.", "he", 0, 26, nth=1)
    -1
    """
    found = text.find(needle, start, end)
    while found >= 0:
        if not cut_words(text, found, found + len(needle)):
            if nth == 0:
                return found
            nth -= 1
        found = text.find(needle, found + 1, end)
    return -1
