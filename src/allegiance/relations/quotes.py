"""Quotations in a document: where they are, and which sentences lie wholly inside one.

Both the rule frames (a quoted sentence whose speaker is named in the next one) and the
relation model's candidates (speaker <-> quoted actor pairs) read quotations through these
functions.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.add_pipe("sentencizer")  # doctest: +ELLIPSIS
<...>
>>> doc = nlp('"We back them. They are right," she said.')
>>> quote_regions(doc)
[(0, 10)]
>>> [doc[a:b].text for a, b in quoted_sentences(doc, (0, 10))]
['"We back them.']
"""

from __future__ import annotations

import re
from typing import Sequence

from spacy.tokens import Doc

from allegiance.nlp.sentences import sentence_bounds

__all__ = ["quote_regions", "quoted_sentences"]

#: ``doc.user_data`` key of the Doc's quotation regions, with the token count they were found at
_REGIONS_KEY = "allegiance_quote_regions"
# opening/closing quotation marks; straight double quotes alternate
_QUOTE_RE = re.compile(r"“[^”]*”?|\"[^\"]*\"?|‘‘[^’]*’’")


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token spans of the quotations in ``doc`` (quote marks included; an unclosed one runs to its paragraph end).

    Examples
    --------
    >>> import spacy
    >>> quote_regions(spacy.blank("en")('He said: "We back them." Then left.'))
    [(3, 9)]
    """
    cached = doc.user_data.get(_REGIONS_KEY)
    if cached is not None and cached[0] == len(doc):
        return [tuple(region) for region in cached[1]]
    out = []
    text = doc.text
    for match in _QUOTE_RE.finditer(text):
        end_char = match.end()
        if not match.group(0).endswith(("”", '"', "’’")) or match.end() == match.start() + 1:
            para = text.find("\n\n", match.start())
            end_char = len(text) if para < 0 else para
        span = doc.char_span(match.start(), end_char, alignment_mode="expand")
        if span is not None and len(span) > 1:
            out.append((span.start, span.end))
    # five stages ask for the regions of the same Doc, and Doc.text joins every token anew each time; the token
    # count guards against a Doc retokenised since
    doc.user_data[_REGIONS_KEY] = (len(doc), [list(region) for region in out])
    return out


def quoted_sentences(doc: Doc, region: tuple[int, int],
                     bounds: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The sentences (token spans) that lie wholly inside the quotation ``region``: said by whoever the
    quotation is attributed to, though the attribution ("…," she said) sits in another sentence.
    ``bounds``: the Doc's sentences when already at hand (:func:`sentence_bounds`)."""
    bounds = sentence_bounds(doc) if bounds is None else bounds
    return [(a, b) for a, b in bounds
            if region[0] <= a and b <= region[1] and any(not doc[i].is_punct for i in range(a, b))]
