"""The trigger lexicon: loading, validation and the YAML pitfalls it guards against."""

from __future__ import annotations

import pytest

from allegiance.errors import ConfigError
from allegiance.model import RelationType, Sign
from allegiance.relations.lexicon import DEFAULT_LEXICON_PATH, lexicon_from_dict, load_lexicon


def test_shipped_lexicon_loads_and_covers_both_signs():
    lex = load_lexicon()
    types = {r.type for rules in lex.verbs.values() for r in rules}
    assert {t.sign for t in types} == {Sign.POSITIVE, Sign.NEGATIVE}
    assert lex.size > 300
    assert lex.phrases and lex.joint and lex.adjectives


def test_yaml_booleans_are_read_back_as_words():
    # bare `on` / `off` / `no` are booleans in YAML 1.1; the loader must turn them back into words
    lex = load_lexicon()
    assert "on" in lex.verbs["blame"][0].preps
    assert "off" in lex.verbs["keep"][0].requires_any
    assert "no" in lex.modifiers.negation


def test_prep_mapping_gives_per_prep_types():
    vote = load_lexicon().verbs["vote"][0]
    assert vote.type_for("for") is RelationType.ENDORSE
    assert vote.type_for("against") is RelationType.OPPOSE
    assert vote.type_for(None) is RelationType.ENDORSE


def test_directed_follows_the_type_unless_overridden():
    lex = lexicon_from_dict({"verbs": [{"lemma": "ally", "type": "ally"},
                                       {"lemma": "back", "type": "support"},
                                       {"lemma": "spar", "type": "rival", "symmetric": False}]})
    assert not lex.verbs["ally"][0].directed
    assert lex.verbs["back"][0].directed
    assert lex.verbs["spar"][0].directed


def test_unknown_type_is_a_config_error_that_lists_the_choices():
    with pytest.raises(ConfigError, match="unknown relation type 'friendship'.*ally"):
        lexicon_from_dict({"verbs": [{"lemma": "like", "type": "friendship"}]})


def test_row_without_lemma_is_a_config_error():
    with pytest.raises(ConfigError, match="lemma"):
        lexicon_from_dict({"nouns": [{"type": "ally"}]})


@pytest.mark.parametrize("words", ["at odds", [], [[], "odds"]])
def test_phrase_words_not_a_list_of_words_or_alternatives_is_a_config_error(words):
    with pytest.raises(ConfigError, match="phrase's `words`"):
        lexicon_from_dict({"phrases": [{"words": words, "type": "rival"}]})


def test_phrase_alternatives_give_one_rule_per_wording():
    lex = lexicon_from_dict({"phrases": [{"words": [["trade", "traded"], "barbs"], "type": "criticise"}]})
    assert [rule.words for rule in lex.phrases] == [("trade", "barbs"), ("traded", "barbs")]


def test_not_a_mapping_is_a_config_error():
    with pytest.raises(ConfigError):
        lexicon_from_dict(["not", "a", "mapping"])


def test_bad_yaml_file_is_a_config_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("verbs: [\n  - {lemma: x", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_lexicon(bad)


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_lexicon(tmp_path / "absent.yaml")


def test_user_lexicon_replaces_the_shipped_one(tmp_path, nlp_model):
    from allegiance.relations import find_relations
    from allegiance.relations.testing import annotate

    own = tmp_path / "own.yaml"
    own.write_text("verbs:\n  - {lemma: snub, type: oppose, object: true}\n", encoding="utf-8")
    doc = annotate(nlp_model, "Paris snubbed Rome. Paris praised Rome.", ["Paris", "Rome"])
    rels = find_relations(doc, load_lexicon(own))
    assert [(r.type.value, r.evidence.sentence.strip()) for r in rels] == [("oppose", "Paris snubbed Rome.")]
    assert DEFAULT_LEXICON_PATH.is_file()
