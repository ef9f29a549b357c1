"""Sentence boundaries: read in one array call (:func:`sentence_bounds`), and cut at blank lines
(:func:`paragraph_breaks`, the ``allegiance_paragraph_breaks`` component).

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

A title line or a paragraph ends its sentence even without a full stop; the parser alone often runs a headline
into the first sentence of the text ("... part 1 of 2\\n\\nThe battle to succeed Sarkozy ends."):

>>> doc = paragraph_breaks(spacy.blank("en")("Week of 19 November 2012\\n\\nThe battle ends."))
>>> [t.text for t in doc if t.is_sent_start]
['Week', 'The']
"""

from __future__ import annotations

import re

import numpy
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["PARAGRAPH_BREAKS", "make_paragraph_breaks", "paragraph_breaks", "sentence_bounds", "with_paragraph_breaks"]

#: the component's name in a pipeline (it goes first, so that the parser keeps its boundaries)
PARAGRAPH_BREAKS = "allegiance_paragraph_breaks"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


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


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first word after every blank line of ``doc``, keep the word after that one inside
    it, and leave every other token to the parser (which keeps boundaries set before it runs).

    Nor does a sentence start between two capitalised words written with one space between them: the parser
    cut "President Zine El | Abidine Ben Ali" in two, and no sentence ends without a stop inside a line.

    A title, a paragraph or a transcript turn ends at a blank line, full stop or not; the corpus cuts its
    sentences there too (:func:`allegiance.relations.corpus_draft.sentence_spans`), so evidence and candidates
    are the sentences annotators label. The second word is kept in because the parser, forced to start a
    sentence, sometimes cut a paragraph's first word off ("Labour | criticised Unite"). Run before the parser:
    on a parsed Doc a new boundary would cut a parse tree.
    """
    if len(doc) < 2:
        return doc
    if not doc[0].is_sent_start:
        doc[0].is_sent_start = True
    for i in _inside_names(doc):
        if doc[i].is_sent_start is None:
            doc[i].is_sent_start = False
    spaces = numpy.flatnonzero(doc.to_array("IS_SPACE")).tolist()
    for i in spaces:
        if i + 1 < len(doc) and _BLANK_LINE.search(doc[i].text) and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True
            # no one-word sentence (a word followed by a blank line or a punctuation mark, as in "Q:", stays free)
            if i + 2 < len(doc) and not doc[i + 2].is_space and not doc[i + 2].is_punct:
                doc[i + 2].is_sent_start = False
    return doc


def _inside_names(doc: Doc) -> list[int]:
    """Indices of the capitalised words right after another capitalised word and one space ("El Abidine").

    Examples
    --------
    >>> import spacy
    >>> _inside_names(spacy.blank("en")("Zine El Abidine left. Tunis rose"))
    [1, 2]
    """
    words = doc.to_array(["IS_ALPHA", "IS_TITLE", "SPACY"]).astype(bool)
    capitalised = words[:, 0] & words[:, 1]
    inside = capitalised[1:] & capitalised[:-1] & words[:-1, 2]
    return (numpy.flatnonzero(inside) + 1).tolist()


@Language.factory(PARAGRAPH_BREAKS)
def make_paragraph_breaks(nlp: Language, name: str):
    """The ``allegiance_paragraph_breaks`` component: :func:`paragraph_breaks` (no settings, nothing to save).

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe(PARAGRAPH_BREAKS)
    >>> [s.text for s in nlp("Title line\\n\\nFirst one").sents]
    ['Title line\\n\\n', 'First one']
    """
    return paragraph_breaks


def with_paragraph_breaks(nlp: Language) -> Language:
    """``nlp`` with the ``allegiance_paragraph_breaks`` component first (added once), for every pipeline we build.

    Examples
    --------
    >>> import spacy
    >>> with_paragraph_breaks(with_paragraph_breaks(spacy.blank("en"))).pipe_names
    ['allegiance_paragraph_breaks']
    """
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, first=True)
    return nlp
