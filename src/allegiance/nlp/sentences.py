"""Sentence boundaries of a Doc read in one array call, for code that needs only where sentences start and end.

``doc.sents`` makes a Python object of every token to find the sentence starts (about a millisecond for a
news article); the stages ask for the boundaries of the same Doc several times (candidates, evidence,
the merge), so they read them from ``doc.to_array("SENT_START")`` instead: the same sentences.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")  # doctest: +ELLIPSIS
<...>
>>> doc = nlp("France backed Britain. Spain did not. Italy abstained.")
>>> sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]
True
>>> sentence_bounds(spacy.blank("en")("No sentences set."))
[(0, 4)]
"""

from __future__ import annotations

import numpy
from spacy.tokens import Doc

__all__ = ["sentence_bounds"]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` token offsets of every sentence of ``doc``, as ``doc.sents`` gives them; the whole Doc
    as one sentence when it has no sentence boundaries (an empty Doc: none)."""
    if len(doc) == 0:
        return []
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))]
    starts = numpy.flatnonzero(doc.to_array("SENT_START") == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [len(doc)]))
