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


# -- 2. party and alliance abbreviations merge with their long names ----------------------------

def _abbreviation_pairs():
    """(actor id, abbreviation, long form) for every party or coalition with an abbreviation."""
    import re

    from allegiance.actors.kb import load_knowledge_base
    from allegiance.model import ActorKind

    kb = load_knowledge_base()
    pairs = []
    for entry_actor in kb:
        if entry_actor.kind is not ActorKind.PARTY:
            continue
        forms = [e.text for e in kb.alias_entries() if e.actor_id == entry_actor.id
                 and e.alias_type in {"name", "alias"}]
        abbreviations = [f for f in forms if re.fullmatch(r"[A-Z][A-Z0-9()/-]{1,9}", f)]
        longs = [f for f in forms if " " in f and "(" not in f and not f.casefold().startswith("the ")
                 and f.upper() != f]
        if abbreviations and longs:
            pairs.append((entry_actor.id, abbreviations[0], max(longs, key=len)))
    return sorted(pairs)


_PAIRS = _abbreviation_pairs()


def test_there_are_many_abbreviated_parties():
    assert len(_PAIRS) >= 80


def test_every_party_abbreviation_and_long_name_resolve_to_one_actor(actor_nlp):
    texts = [f"On Monday the {long} met reporters. Later the {abbr} met reporters again."
             for _, abbr, long in _PAIRS]
    wrong = []
    for (actor_id, abbr, long), doc in zip(_PAIRS, actor_nlp.pipe(texts)):
        ids = {s.text.removeprefix("the "): s._.actor.id for s in doc.spans["actors"]}
        if ids.get(long) != actor_id or ids.get(abbr) != actor_id:
            wrong.append((actor_id, abbr, long, ids))
    assert not wrong, "\n".join(map(str, wrong))
