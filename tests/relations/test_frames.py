"""The frame matchers: one interface, found by the package, run in a fixed order, and called only
on the words they declare. Matcher logic is checked on hand-built Docs (words, heads, deps, tags
given), so these tests need no statistical model."""

from __future__ import annotations

import pkgutil

import pytest
import spacy
from spacy.tokens import Doc

import allegiance.relations.frames as frames
from allegiance.relations.frame import DocWords, SentenceActors
from allegiance.relations.frames import adjectives, nouns, phrases, speakers, verbs
from allegiance.relations.frames.base import SentenceMatcher, TokenMatcher
from allegiance.relations.lexicon import load_lexicon
from allegiance.relations.referents import Resolver
from allegiance.relations.testing import frames_of, set_actor_spans


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def hand_doc(vocab, rows, actors):
    """A Doc from ``(word, head, dep, pos, tag, lemma)`` rows, with the given token ranges as actors."""
    words, heads, deps, pos, tags, lemmas = zip(*rows)
    doc = Doc(vocab, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos), tags=list(tags),
              lemmas=list(lemmas))
    return set_actor_spans(doc, [doc[a:b] for a, b in actors])


def context(doc, lex):
    """The frame context of a one-sentence Doc."""
    sent = doc[:]
    return frames.FrameContext(lex, sent, Resolver(lex, SentenceActors(sent, list(doc.spans["actors"]))),
                               DocWords(doc))


def summary(found):
    return [(f.rule_name, [h.text for h in f.holders], [(p.text, t.value) for p, t in f.partners]) for f in found]


def test_every_module_of_the_package_registers_a_matcher():
    modules = {i.name for i in pkgutil.iter_modules(frames.__path__)} - {"base", "roles"}
    registered = {m.match.__module__.rsplit(".", 1)[1] for m in frames.TOKEN_MATCHERS + frames.SENTENCE_MATCHERS}
    assert modules == registered
    assert [m.order for m in frames.TOKEN_MATCHERS] == sorted(m.order for m in frames.TOKEN_MATCHERS)
    assert [m.name for m in frames.SENTENCE_MATCHERS] == ["phrases", "speakers"]


def test_verb_frame_on_a_hand_built_doc(vocab):
    doc = hand_doc(vocab, [("Russia", 1, "nsubj", "PROPN", "NNP", "Russia"),
                           ("backed", 1, "ROOT", "VERB", "VBD", "back"),
                           ("Iran", 1, "dobj", "PROPN", "NNP", "Iran"),
                           (".", 1, "punct", "PUNCT", ".", ".")], [(0, 1), (2, 3)])
    assert summary(frames_of(doc, verbs.MATCHER)) == [("verb:back", ["Russia"], [("Iran", "support")])]


def test_a_verb_without_a_row_gives_no_frame(vocab):
    doc = hand_doc(vocab, [("Russia", 1, "nsubj", "PROPN", "NNP", "Russia"),
                           ("visited", 1, "ROOT", "VERB", "VBD", "visit"),
                           ("Iran", 1, "dobj", "PROPN", "NNP", "Iran")], [(0, 1), (2, 3)])
    assert frames_of(doc, verbs.MATCHER) == []


def test_role_noun_in_apposition(vocab):
    doc = hand_doc(vocab, [("Meacher", 6, "nsubj", "PROPN", "NNP", "Meacher"),
                           (",", 0, "punct", "PUNCT", ",", ","),
                           ("a", 3, "det", "DET", "DT", "a"),
                           ("supporter", 0, "appos", "NOUN", "NN", "supporter"),
                           ("of", 3, "prep", "ADP", "IN", "of"),
                           ("Corbyn", 4, "pobj", "PROPN", "NNP", "Corbyn"),
                           ("spoke", 6, "ROOT", "VERB", "VBD", "speak")], [(0, 1), (5, 6)])
    assert summary(frames_of(doc, nouns.MATCHER)) == [("role:supporter", ["Meacher"], [("Corbyn", "support")])]


def test_adjective_after_a_copula(vocab):
    doc = hand_doc(vocab, [("Britain", 1, "nsubj", "PROPN", "NNP", "Britain"),
                           ("is", 1, "ROOT", "AUX", "VBZ", "be"),
                           ("hostile", 1, "acomp", "ADJ", "JJ", "hostile"),
                           ("to", 2, "prep", "ADP", "IN", "to"),
                           ("Russia", 3, "pobj", "PROPN", "NNP", "Russia")], [(0, 1), (4, 5)])
    found = summary(frames_of(doc, adjectives.MATCHER))
    assert [(name, holders, [p for p, _ in partners]) for name, holders, partners in found] == \
        [("adj:hostile", ["Britain"], ["Russia"])]


def test_phrase_ending_in_a_preposition(vocab):
    doc = hand_doc(vocab, [("Unite", 1, "nsubj", "PROPN", "NNP", "Unite"),
                           ("is", 1, "ROOT", "AUX", "VBZ", "be"),
                           ("at", 1, "prep", "ADP", "IN", "at"),
                           ("odds", 2, "pobj", "NOUN", "NNS", "odd"),
                           ("with", 3, "prep", "ADP", "IN", "with"),
                           ("GMB", 4, "pobj", "PROPN", "NNP", "GMB")], [(0, 1), (5, 6)])
    assert [(n, h, [p for p, _ in ps]) for n, h, ps in summary(frames_of(doc, phrases.MATCHER))] == \
        [("phrase:at_odds", ["Unite"], ["GMB"])]


def test_label_verb_with_an_evaluative_object(vocab):
    doc = hand_doc(vocab, [("Sanders", 1, "nsubj", "PROPN", "NNP", "Sanders"),
                           ("called", 1, "ROOT", "VERB", "VBD", "call"),
                           ("Trump", 1, "dobj", "PROPN", "NNP", "Trump"),
                           ("a", 4, "det", "DET", "DT", "a"),
                           ("liar", 1, "oprd", "NOUN", "NN", "liar")], [(0, 1), (2, 3)])
    assert summary(frames_of(doc, speakers.MATCHER)) == [("label:call", ["Sanders"], [("Trump", "criticise")])]


def test_a_token_matcher_is_called_only_on_the_words_it_declares(vocab, monkeypatch):
    seen: list[str] = []

    def record(fc, tok):
        seen.append(tok.text)
        return ()

    probe = TokenMatcher("probe", 1, lemmas=lambda lex: {"back"}, lowers=lambda lex: {"iran"}, match=record)
    lex = load_lexicon()
    monkeypatch.setattr(frames, "trigger_words", lambda lx: frames.TriggerWords(lx, (probe,)))
    monkeypatch.setattr(frames, "SENTENCE_MATCHERS", ())
    doc = hand_doc(vocab, [("Russia", 1, "nsubj", "PROPN", "NNP", "Russia"),
                           ("backed", 1, "ROOT", "VERB", "VBD", "back"),
                           ("Iran", 1, "dobj", "PROPN", "NNP", "Iran")], [(0, 1), (2, 3)])
    assert frames.find_frames(context(doc, lex)) == []
    assert seen == ["backed", "Iran"]


def test_token_frames_come_before_sentence_frames(vocab, monkeypatch):
    order: list[str] = []
    token = TokenMatcher("t", 1, lemmas=lambda lex: {"back", "russia"}, lowers=lambda lex: (),
                         match=lambda fc, tok: order.append(f"token:{tok.text}") or ())
    sentence = SentenceMatcher("s", 1, match=lambda fc: order.append("sentence") or ())
    monkeypatch.setattr(frames, "trigger_words", lambda lx: frames.TriggerWords(lx, (token,)))
    monkeypatch.setattr(frames, "SENTENCE_MATCHERS", (sentence,))
    doc = hand_doc(vocab, [("Russia", 1, "nsubj", "PROPN", "NNP", "russia"),
                           ("backed", 1, "ROOT", "VERB", "VBD", "back")], [(0, 1)])
    frames.find_frames(context(doc, load_lexicon()))
    assert order == ["token:Russia", "token:backed", "sentence"]
