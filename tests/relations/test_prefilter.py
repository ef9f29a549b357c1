"""The speed-ups of the extractor change nothing: words read from the token arrays, the declared
trigger words of the token matchers (the only tokens they are called on) and the first-word index
of the phrase rules."""

from __future__ import annotations

import dataclasses

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

import allegiance.relations.frames as frames
from allegiance.relations import find_relations
from allegiance.relations.frame import DocWords
from allegiance.relations.frames import speakers
from allegiance.relations.frames.phrases import PhraseIndex
from allegiance.relations.lexicon import PhraseRule, load_lexicon
from allegiance.relations.testing import annotate
from allegiance.model import RelationType

from .cases import FIRES, MUST_NOT


def test_doc_words_are_the_token_words(nlp_model):
    doc = nlp_model("NATO's chief said I would back the Labour Party; Sanders BACKED Warren in 2020.")
    words = DocWords(doc)
    assert words.lowers == [t.lower_ for t in doc]
    assert words.lemmas == [t.lemma_.lower() for t in doc]
    assert any(t.lemma_ != t.lemma_.lower() for t in doc)  # proper-noun lemmas keep their case


def test_doc_words_of_an_empty_doc(nlp_model):
    words = DocWords(nlp_model(""))
    assert (words.lowers, words.lemmas) == ([], [])


def _naive_phrase_matches(lowers, start, end, phrases):
    """The scan before the index: every rule over every token of the sentence."""
    sentence = list(lowers[start:end])
    out = []
    for rule in phrases:
        n = len(rule.words)
        for i, low in enumerate(sentence):
            if low == rule.words[0] and sentence[i:i + n] == list(rule.words):
                out.append((start + i, rule))
    return out


_RULES = (
    PhraseRule(("at", "odds"), RelationType.OPPOSE),
    PhraseRule(("in", "talks"), RelationType.NEGOTIATE),
    PhraseRule(("in", "talks", "with"), RelationType.NEGOTIATE),
    PhraseRule(("at", "odds"), RelationType.RIVAL),  # a duplicate keeps its own place
    PhraseRule(("odds",), RelationType.RIVAL),
    PhraseRule(("odds", "odds"), RelationType.RIVAL),  # overlaps itself
)
_VOCAB = spacy.blank("en").vocab


def _indexed_matches(lex, words, start, end):
    index = PhraseIndex(lex, _VOCAB)
    return index.sentence_matches(index.doc_matches(Doc(_VOCAB, words=list(words))), start, end)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["at", "AT", "odds", "Odds", "in", "talks", "with", "x"]), max_size=14), st.data())
def test_phrase_matcher_matches_the_naive_scan(words, data):
    start = data.draw(st.integers(0, len(words)))
    end = data.draw(st.integers(start, len(words)))
    lex = dataclasses.replace(load_lexicon(), phrases=_RULES)
    lowers = [w.lower() for w in words]
    assert _indexed_matches(lex, words, start, end) == _naive_phrase_matches(lowers, start, end, _RULES)


def test_phrase_matcher_of_the_shipped_lexicon_matches_the_naive_scan():
    lex = load_lexicon()
    words = [w for rule in lex.phrases for w in rule.words] + ["the", "x"]
    found = _indexed_matches(lex, words, 0, len(words))
    assert found == _naive_phrase_matches(words, 0, len(words), lex.phrases)
    assert len(found) >= len(lex.phrases)


def test_trigger_words_are_built_once_per_lexicon():
    lex = load_lexicon()
    assert frames.trigger_words(lex) is frames.trigger_words(lex)


class _Everything(frozenset):
    """A word set that contains every word: turns the prefilter off."""

    def __contains__(self, item: object) -> bool:
        return True


class _EveryMatcher(dict):
    """A word -> matcher-mask table that gives every word every matcher."""

    def get(self, key, default=None):
        return (1 << len(frames.TOKEN_MATCHERS)) - 1


def _unfiltered(lex):
    """Every token matcher declares every word: it is called on every token."""
    words = frames.TriggerWords(lex)
    words.by_lemma = words.by_lower = _EveryMatcher()
    return words


@pytest.fixture(scope="module")
def case_docs(nlp_model):
    cases = [(s, a) for _, s, a, _ in FIRES] + [(s, a) for _, s, a, _ in MUST_NOT]
    return [annotate(nlp_model, sentence, actors) for sentence, actors in cases]


def test_prefilter_changes_no_relation_on_the_rule_sentences(case_docs, monkeypatch):
    def key(doc):
        return [(r.source.text, r.target.text, int(r.sign), r.type.value, r.rule, r.confidence, r.time.value)
                for r in find_relations(doc)]

    filtered = [key(doc) for doc in case_docs]
    assert sum(map(len, filtered)) > len(FIRES)  # the sentences do fire
    monkeypatch.setattr(frames, "trigger_words", _unfiltered)
    monkeypatch.setattr(speakers, "speaker_lemmas", lambda lex: _Everything())
    assert [key(doc) for doc in case_docs] == filtered
