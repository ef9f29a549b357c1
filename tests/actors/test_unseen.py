"""Actors on unseen text (issue 17): only names become actors, abbreviations merge,
ambiguous party names follow the document's country, one reading per document."""

from __future__ import annotations

import pytest

from allegiance.actors.collect import explain_mention
from allegiance.model import Document

# -- 1. no token that is not a name becomes an actor ------------------------------------------

#: curly apostrophes: the small model tags the clitic "n’t" as a GPE here
_CLITIC_TEXT = "Lebanon don’t trust Israel. Macron won’t back Ukraine."


def test_contraction_is_never_an_actor(actor_nlp):
    doc = actor_nlp(_CLITIC_TEXT)
    texts = [s.text for s in doc.spans["actors"]]
    assert "n’t" not in texts and "n't" not in texts
    assert {"Lebanon", "Israel"} <= set(texts)


def test_resolved_actors_are_names(actor_nlp):
    text = ("“We don’t accept it,” he said; they can’t and won’t. "
            "Brazil isn’t ready, and neither is the Philippines.")
    doc = actor_nlp(text)
    for span in doc.spans["actors"]:
        assert any(ch.isupper() or ch.isdigit() for ch in span.text), span.text
        assert not span[0].is_punct and "’" not in span[0].text[:1] and "'" not in span[0].text[:1]


def test_explain_finds_the_clitic_and_agrees_with_resolution(actor_nlp):
    docs = [Document.from_text(_CLITIC_TEXT, id="d")]
    found = explain_mention(docs, "n't", nlp=actor_nlp)
    assert len(found) == 2  # both "n’t" are occurrences of "n't"
    assert all(e.actor is None for e in found)
