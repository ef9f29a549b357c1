"""Group nouns as candidate mentions (issue 15: "its allies", "the party's left" and the like), and model
relations whose end is reached only through a mention outside the actor spans."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from allegiance.model import Actor, ActorKind
from allegiance.relations.model.candidates import group_mentions, pair_candidates, with_actor_spans
from allegiance.relations.model.combine import EXTRA_MENTION_CONFIDENCE, merge_relations
from allegiance.relations.model.component import PairPrediction, model_candidates

GD = Actor("GRC-GD", "Golden Dawn", ActorKind.PARTY)
TRUMP = Actor("PER:donald_trump", "Donald Trump", ActorKind.PERSON)
SISI = Actor("PER:sisi", "Abdel Fattah el-Sisi", ActorKind.PERSON)


def parsed(words, heads, deps, pos, mentions, doc_id="doc1") -> Doc:
    """A hand-parsed one-sentence Doc with actor spans (``heads`` as absolute token indices)."""
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", "-"} and w != "-" for i, w in enumerate(words)]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos,
              sent_starts=[i == 0 for i in range(len(words))])
    doc = with_actor_spans(doc, mentions)
    doc._.doc_id = doc_id
    return doc


def golden_dawn_doc() -> Doc:
    # Golden Dawn supporters attacked anti - government protesters .
    words = ["Golden", "Dawn", "supporters", "attacked", "anti", "-", "government", "protesters", "."]
    heads = [1, 2, 3, 3, 6, 6, 7, 3, 3]
    deps = ["compound", "compound", "nsubj", "ROOT", "amod", "punct", "amod", "dobj", "punct"]
    pos = ["PROPN", "PROPN", "NOUN", "VERB", "ADJ", "PUNCT", "NOUN", "NOUN", "PUNCT"]
    return parsed(words, heads, deps, pos, [(0, 2, GD)])


def _texts(doc):
    return [(doc[a:b].text, actor.name, actor.id) for a, b, actor in group_mentions(doc)]


def test_a_group_noun_phrase_is_a_mention_named_after_the_actor_it_is_built_on():
    doc = golden_dawn_doc()
    # the mention stops at the party's span, the group's name runs over it
    assert _texts(doc) == [("supporters", "Golden Dawn supporters", "GRP:golden_dawn_supporters"),
                           ("anti-government protesters", "anti-government protesters",
                            "GRP:anti_government_protesters")]
    pairs = pair_candidates(doc, extra_mentions=group_mentions(doc))
    assert [c.actors for c in pairs] == [("GRC-GD", "GRP:anti_government_protesters"),
                                         ("GRC-GD", "GRP:golden_dawn_supporters"),
                                         ("GRP:anti_government_protesters", "GRP:golden_dawn_supporters")]
    # the candidate carries the actor of each end the actor spans lack, and only of those
    assert [[a.name if a else None for a in c.extra_actors] for c in pairs] == [
        [None, "anti-government protesters"], [None, "Golden Dawn supporters"],
        ["anti-government protesters", "Golden Dawn supporters"]]


def test_a_bare_group_noun_belongs_to_its_document():
    # Police fired on the protesters .
    doc = parsed(["Police", "fired", "on", "the", "protesters", "."], [1, 1, 1, 4, 2, 1],
                 ["nsubj", "ROOT", "prep", "det", "pobj", "punct"], ["NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
                 [], doc_id="cairo-1")
    assert _texts(doc) == [("protesters", "protesters", "GRP:protesters_cairo_1")]


def test_no_group_mention_inside_an_actor_span_as_a_modifier_or_as_a_capitalised_name():
    # Opposition parties and Supporters Direct met the Labour members .   ("Labour members" is an actor span)
    words = ["Opposition", "parties", "and", "Supporters", "Direct", "met", "the", "Labour", "members", "."]
    heads = [1, 5, 1, 4, 1, 5, 8, 8, 5, 5]
    deps = ["compound", "nsubj", "cc", "compound", "conj", "ROOT", "det", "compound", "dobj", "punct"]
    pos = ["NOUN", "NOUN", "CCONJ", "PROPN", "PROPN", "VERB", "DET", "PROPN", "NOUN", "PUNCT"]
    doc = parsed(words, heads, deps, pos, [(7, 9, Actor("GBR-LAB", "Labour Party", ActorKind.PARTY))])
    # "Opposition" (sentence start) only modifies "parties"; "Supporters" is part of a name
    assert _texts(doc) == [("Opposition parties", "Opposition parties", "GRP:opposition_parties")]


def test_group_mentions_are_off_unless_switched_on():
    doc = golden_dawn_doc()
    assert model_candidates([doc], {})[0] == []
    assert len(model_candidates([doc], {"group_mentions": True})[0]) == 3


def test_the_model_relates_an_actor_reached_only_through_a_group_mention():
    # anti - government protesters denounced Sisi .
    words = ["anti", "-", "government", "protesters", "denounced", "Sisi", "."]
    doc = parsed(words, [2, 2, 3, 4, 4, 4, 4], ["amod", "punct", "amod", "nsubj", "ROOT", "dobj", "punct"],
                 ["ADJ", "PUNCT", "NOUN", "NOUN", "VERB", "PROPN", "PUNCT"], [(5, 6, SISI)])
    doc._.relations = []
    [pair] = pair_candidates(doc, extra_mentions=group_mentions(doc))
    prediction = PairPrediction(pair, "-", 0.9, {"none": 0.05, "+": 0.05, "-": 0.9})
    [relation] = merge_relations(doc, threshold=0.5, predictions=[prediction])
    assert relation.source.actor == Actor("GRP:anti_government_protesters", "anti-government protesters",
                                          ActorKind.GROUP)
    assert relation.source.text == "anti-government protesters" and relation.source.confidence == EXTRA_MENTION_CONFIDENCE
    assert relation.target.actor == SISI and relation.sign == -1
    # without the actor on the candidate, an end outside the actor spans has no actor: nothing comes out
    bare = PairPrediction(pair.__class__(pair.sentence, pair.actors, pair.spans_a, pair.spans_b, pair.route),
                          "-", 0.9, prediction.probabilities)
    assert merge_relations(doc, threshold=0.5, predictions=[bare]) == []


def test_opposition_is_a_group_only_when_it_names_one():
    # "voice opposition to the plan" is the act; "the opposition" that acts is the group
    words = ["Protesters", "voice", "opposition", "to", "the", "plan", "."]
    doc = parsed(words, [1, 1, 1, 2, 5, 3, 1], ["nsubj", "ROOT", "dobj", "prep", "det", "pobj", "punct"],
                 ["NOUN", "VERB", "NOUN", "ADP", "DET", "NOUN", "PUNCT"], [])
    assert [text for text, _, _ in _texts(doc)] == ["Protesters"]
    words = ["The", "opposition", "attacked", "Golden", "Dawn", "."]
    doc = parsed(words, [1, 2, 2, 4, 2, 2], ["det", "nsubj", "ROOT", "compound", "dobj", "punct"],
                 ["DET", "NOUN", "VERB", "PROPN", "PROPN", "PUNCT"], [(3, 5, GD)])
    assert [text for text, _, _ in _texts(doc)] == ["opposition"]
