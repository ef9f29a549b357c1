"""The resolver's speed-ups change nothing: words read from the token arrays, the word
prefilter of its whole-document loops, cached fuzzy hits and normalised aliases."""

from __future__ import annotations

import allegiance.actors.references as references
from allegiance.actors.guards import token_words
from allegiance.actors.kb import normalise_alias

TEXT = (
    "Mr Weld met Sen. Cummings and Labour's Diane Abbott. Abbott said the party would back them. "
    "Both countries, France and Germany, criticised Russia. The president said they were wrong. "
    "She thanked Jeremy Corbin."  # a misspelt name: the fuzzy alias match
)


def test_words_are_the_token_words(actor_nlp):
    doc = actor_nlp(TEXT)
    lowers, pos_ids = token_words(doc)
    assert lowers == [t.lower_ for t in doc]
    assert pos_ids == [t.pos for t in doc]
    assert token_words(actor_nlp.make_doc("")) == ([], [])


def test_reference_words_cover_every_reference_branch():
    for word in ("they", "he", "her", "president", "country", "party", "leadership", "countries", "allies"):
        assert word in references._REFERENCE_WORDS


def _mentions(doc):
    return [(s.start, s.end, s._.actor.id, s._.actor_confidence, s._.actor_rule) for s in doc.spans["actors"]]


def test_resolver_output_is_the_same_with_warm_caches(actor_nlp):
    resolver = actor_nlp.get_pipe("allegiance_actor_resolver")
    resolver._fuzzy_hits.clear()
    normalise_alias.cache_clear()
    cold = _mentions(actor_nlp(TEXT))
    assert resolver._fuzzy_hits  # the fuzzy matcher ran and was cached
    warm = _mentions(actor_nlp(TEXT))
    assert warm == cold
    assert any("fuzzy" in rule for *_, rule in cold)


def test_resolver_loops_see_the_same_tokens_as_a_full_scan(actor_nlp, monkeypatch):
    """With the word prefilter turned off (every word a reference word) the mentions are the same."""

    class Everything(frozenset):
        def __contains__(self, item: object) -> bool:
            return True

    filtered = _mentions(actor_nlp(TEXT))
    monkeypatch.setattr(references, "_REFERENCE_WORDS", Everything())
    assert _mentions(actor_nlp(TEXT)) == filtered


def test_normalise_alias_is_cached_and_pure():
    normalise_alias.cache_clear()
    assert normalise_alias("The  U.S.’s") == normalise_alias("The  U.S.’s") == "us"
    assert normalise_alias.cache_info().hits >= 1
