"""Scoring against gold pairs, the Park-style 5-way classification and the evaluate command."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from allegiance.errors import EmptyInputError, MalformedRecordError, UnreadableInputError
from allegiance.relations.evaluate import (
    _five_way,
    evaluate_gold,
    format_report,
    load_gold,
    names_match,
    score_predictions,
)

GOLD = [
    {"doc_id": "d1", "sent_id": 0, "sentence": "Obama blasted the Republicans.", "source": "Barack Obama",
     "target": "Republican Party", "polarity": "neg", "directed": True},
    {"doc_id": "d1", "sent_id": 1, "sentence": "France allied with Britain.", "source": "France",
     "target": "Britain", "polarity": "pos", "directed": True},
    {"doc_id": "d1", "sent_id": 1, "sentence": "France allied with Britain.", "source": "Germany",
     "target": "France", "polarity": "neu", "directed": False},
]


def test_perfect_predictions_score_one():
    preds = [dict(g) for g in GOLD if g["polarity"] != "neu"]
    r = score_predictions(GOLD, preds)
    assert r.micro.f1 == 1.0 and r.macro_f1 == 1.0 and r.pair_detection.f1 == 1.0
    assert r.confusion["pos"]["pos"] == 1 and r.confusion["neg"]["neg"] == 1


def test_no_predictions_score_zero_with_all_gold_missed():
    r = score_predictions(GOLD, [])
    assert r.micro.f1 == 0.0 and r.micro.fn == 2
    assert {e["kind"] for e in r.worst_errors} == {"missed"}


def test_sign_flip_is_a_detected_pair_but_no_true_positive():
    preds = [{"doc_id": "d1", "sent_id": 1, "source": "France", "target": "Britain", "polarity": "neg"}]
    r = score_predictions(GOLD, preds)
    assert r.micro.tp == 0 and r.pair_detection.tp == 1
    assert r.worst_errors[0]["kind"] == "sign flip"
    assert r.confusion["pos"]["neg"] == 1


def test_prediction_on_a_neutral_pair_is_a_false_positive():
    preds = [{"doc_id": "d1", "sent_id": 1, "source": "France", "target": "Germany", "polarity": "pos"}]
    r = score_predictions(GOLD, preds)
    assert r.pos.fp == 1 and r.confusion["neu"]["pos"] == 1


def test_direction_matters_for_directed_gold():
    preds = [{"doc_id": "d1", "sent_id": 1, "source": "Britain", "target": "France", "polarity": "pos"}]
    assert score_predictions(GOLD, preds).pos.tp == 0


def test_wrong_sentence_matches_only_at_document_level():
    preds = [{"doc_id": "d1", "sent_id": 7, "source": "France", "target": "Britain", "polarity": "pos"}]
    assert score_predictions(GOLD, preds).pos.tp == 0
    assert score_predictions(GOLD, preds, level="doc").pos.tp == 1


def test_unknown_documents_are_ignored_not_counted():
    preds = [{"doc_id": "zz", "sent_id": 0, "source": "A", "target": "B", "polarity": "pos"}]
    r = score_predictions(GOLD, preds)
    assert r.counts["ignored_predictions"] == 1 and r.micro.fp == 0


@pytest.mark.parametrize("a,b,same", [
    ("President Obama", "Barack Obama", True), ("the United States", "United States", True),
    ("U.S. forces", "US forces", True), ("Senate Republicans", "House Republicans", True),
    ("North Korea", "South Korea", False), ("Hillary Clinton", "Bill Clinton", False),
    ("Russia", "Russian", False), ("Kasich\u2019", "Kasich", True),
])
def test_lenient_name_matching(a, b, same):
    assert names_match([a], [b]) is same


def test_five_way_scores():
    gold = ["neutral", "neutral", "p->q pos", "q->p neg"]
    pred = ["neutral", "p->q pos", "p->q pos", "neutral"]
    pc = _five_way(gold, pred)
    assert pc.micro_f1 == 0.5
    assert pc.always_neutral_micro_f1 == 0.5
    assert pc.confusion["q->p neg"]["neutral"] == 1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABCDE"), st.sampled_from("FGHIJ"), st.sampled_from(["pos", "neg"]),
                          st.integers(0, 3)), max_size=12))
def test_gold_against_itself_is_perfect_and_order_free(rows):
    gold = [{"doc_id": "d", "sent_id": s, "source": a, "target": b, "polarity": p, "directed": True}
            for a, b, p, s in rows]
    r = score_predictions(gold, list(reversed(gold)))
    if gold:
        assert r.micro.precision == 1.0 and r.micro.recall == 1.0
    assert r.micro.tp + r.micro.fn == len(gold)


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_load_gold_filters_split_and_reports_bad_lines(tmp_path):
    p = _write(tmp_path / "g.jsonl", [dict(GOLD[0], split="dev"), dict(GOLD[1], split="train")])
    assert len(load_gold(p, split="dev")) == 1
    with pytest.raises(EmptyInputError):
        load_gold(p, split="test")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "x"}\n', encoding="utf-8")
    with pytest.raises(MalformedRecordError, match="bad.jsonl:1"):
        load_gold(bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError):
        load_gold(bad)
    with pytest.raises(UnreadableInputError):
        load_gold(tmp_path / "absent.jsonl")


def test_evaluate_extract_task_end_to_end(tmp_path):
    gold = [{"doc_id": "g1", "sent_id": 0, "sentence": "Iraq invaded Kuwait.", "source": "Iraq",
             "target": "Kuwait", "polarity": "neg", "directed": True},
            {"doc_id": "g2", "sent_id": 0, "sentence": "Chile praised Peru.", "source": "Chile",
             "target": "Peru", "polarity": "pos", "directed": True}]
    p = _write(tmp_path / "pairs.jsonl", gold)
    out = tmp_path / "pred.jsonl"
    r = evaluate_gold(p, predictions_out=out)
    assert r.task == "extract" and r.micro.f1 == 1.0
    assert len(out.read_text().splitlines()) == 2
    assert "micro" in format_report(r)


def test_evaluate_pairs_task_classifies_the_given_pair(tmp_path):
    gold = [{"doc_id": "p1", "sent_id": 0, "sentence": "Smith attacked Jones in a speech.", "source": "Smith",
             "target": "Jones", "polarity": "neg", "raw_label": "3", "directed": True},
            # raw label 2 is "q -> p": the normalised record names the holder (q, Smith) as source
            {"doc_id": "p2", "sent_id": 0, "sentence": "Jones was praised by Smith.", "source": "Smith",
             "target": "Jones", "polarity": "pos", "raw_label": "2", "directed": True},
            {"doc_id": "p3", "sent_id": 0, "sentence": "Smith met Jones for lunch.", "source": "Smith",
             "target": "Jones", "polarity": "neu", "raw_label": "0", "directed": False}]
    r = evaluate_gold(_write(tmp_path / "park.jsonl", gold))
    assert r.task == "pairs"
    assert r.pairs.micro_f1 == 1.0
    assert r.pairs.confusion["q->p pos"]["q->p pos"] == 1


def test_pairs_task_has_the_model_score_every_given_pair_whatever_its_screen():
    # the shipped cascade screens out this pair in extraction (the CNN's p(none) is over 0.45); given as a pair,
    # the transformer reads it. A pair with nothing between the two stays neutral; the screen is restored after.
    from allegiance.relations.evaluate_pairs import classify_pairs
    from allegiance.relations.pipeline import build_pipeline

    nlp = build_pipeline(relation_model="shipped")
    transformer = nlp.get_pipe("allegiance_transformer_relation_model")
    screen = transformer.cfg["screen_none_below"]
    gold = [{"doc_id": "p1", "sentence": "Smith has long been a thorn in the side of Jones.", "source": "Smith",
             "target": "Jones", "polarity": "neg", "raw_label": "3", "directed": True},
            {"doc_id": "p2", "sentence": "Smith and Jones have not spoken since the vote.", "source": "Smith",
             "target": "Jones", "polarity": "neu", "raw_label": "0", "directed": False}]
    _, predicted, records = classify_pairs(gold, nlp=nlp)
    assert predicted == ["p->q neg", "neutral"]
    assert [r["rule"] for r in records] == ["model"]
    assert transformer.cfg["screen_none_below"] == screen < 1.0


def test_extract_task_reads_the_dated_documents_of_a_corpus_beside_the_gold(tmp_path):
    # the gold's sentence ids number the brief's sentences; read whole and dated (1962), "Moscow" is the Soviet
    # Union. The same gold sentence read alone, undated, is Russia's and misses the gold pair.
    gold = [{"doc_id": "d1", "sent_id": 1, "sentence": "Moscow condemned Washington.", "source": "Soviet Union",
             "target": "United States", "polarity": "neg", "directed": True}]
    brief = {"id": "d1", "date": "1962-10-23", "text": "The crisis deepened on Tuesday. Moscow condemned Washington."}
    (tmp_path / "with").mkdir()
    (tmp_path / "alone").mkdir()
    _write(tmp_path / "with" / "corpus.jsonl", [brief])
    whole = evaluate_gold(_write(tmp_path / "with" / "gold.jsonl", gold), task="extract")
    alone = evaluate_gold(_write(tmp_path / "alone" / "gold.jsonl", gold), task="extract")
    assert (whole.micro.tp, whole.micro.fp) == (1, 0)
    assert alone.micro.tp == 0
    # a broken line beside the gold is named, not skipped (skipping would score that document's sentences alone)
    (tmp_path / "with" / "corpus.jsonl").write_text(json.dumps(brief) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=r"corpus.jsonl:3"):
        evaluate_gold(tmp_path / "with" / "gold.jsonl", task="extract")


def test_a_relation_through_a_reference_counts_in_the_sentence_that_asserts_it(tmp_path):
    # "The three leaders agreed" (sentence 1) relates the three named in sentence 0, where they only met (a trap);
    # the relations' mentions are the names in sentence 0, their evidence runs to the end of sentence 1
    leaders = ("Roosevelt", "Churchill", "Stalin")
    gold = [{"doc_id": "t1", "sent_id": sent_id, "sentence": sentence, "source": a, "target": b,
             "polarity": polarity, "directed": False}
            for sent_id, sentence, polarity in ((0, "Roosevelt, Churchill and Stalin met in Tehran.", "neu"),
                                                (1, "The three leaders agreed to open a second front.", "pos"))
            for i, a in enumerate(leaders) for b in leaders[i + 1:]]
    _write(tmp_path / "corpus.jsonl", [{"id": "t1", "date": "1943-12-01", "text": " ".join(
        ("Roosevelt, Churchill and Stalin met in Tehran.", "The three leaders agreed to open a second front."))}])
    result = evaluate_gold(_write(tmp_path / "gold.jsonl", gold), task="extract")
    assert (result.micro.tp, result.micro.fp, result.micro.fn) == (3, 0, 0)


def test_default_task_follows_the_gold_format():
    from allegiance.demo import load_demo_gold
    from allegiance.relations.evaluate import choose_task

    # pairs with "no relation" (neu) but no five-way pair label: an extraction gold with hard negatives
    assert choose_task(GOLD)[0] == "extract"
    # the demo gold: whole articles, signed pairs and "no relation" pairs -> extraction is scored
    task, reason = choose_task(load_demo_gold())
    assert task == "extract" and "five-way" in reason
    park = [{**GOLD[2], "raw_label": "0"}, {**GOLD[1], "raw_label": "1"}]
    assert choose_task(park)[0] == "pairs"
    assert choose_task([{**GOLD[0], "dataset": "park2021"}])[0] == "pairs"


def test_evaluate_command_says_which_task_it_scored(tmp_path):
    from allegiance.cli import app

    p = _write(tmp_path / "gold.jsonl", GOLD)
    res = CliRunner().invoke(app, ["evaluate", str(p)])
    assert res.exit_code == 0, res.output
    first = res.output.splitlines()[0]
    assert first.startswith("task: extract (chosen from the gold:"), first
    res = CliRunner().invoke(app, ["evaluate", str(p), "--task", "extract"])
    assert res.output.splitlines()[0].startswith("task: extract (as asked)"), res.output


def test_evaluate_command(tmp_path):
    from allegiance.cli import app

    gold = [{"doc_id": "g1", "sent_id": 0, "sentence": "Iraq invaded Kuwait.", "source": "Iraq",
             "target": "Kuwait", "polarity": "neg", "directed": True}]
    p = _write(tmp_path / "pairs.jsonl", gold)
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", str(p), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["micro"]["f1"] == 1.0
    res = runner.invoke(app, ["evaluate", str(p), "--level", "doc"])
    assert res.exit_code == 0 and "pair detection" in res.output
    res = runner.invoke(app, ["evaluate", str(tmp_path / "absent.jsonl")])
    assert res.exit_code == 1 and "cannot open" in res.output
    res = runner.invoke(app, ["evaluate", str(p), "--level", "word"])
    assert res.exit_code == 2


def test_evaluate_scores_the_pipeline_extract_runs_unless_asked_for_the_ner_fallback(tmp_path):
    # "Blorvian" is no actor the knowledge base knows; only the NER fallback makes the NORP entity an ad-hoc
    # actor, and `extract` runs without it, so the default evaluation must not find the relation
    from allegiance.cli import app

    gold = [{"doc_id": "g1", "sent_id": 0, "sentence": "The Blorvian delegation condemned Kuwait.",
             "source": "Blorvian", "target": "Kuwait", "polarity": "neg", "directed": True}]
    p = _write(tmp_path / "pairs.jsonl", gold)
    runner = CliRunner()
    plain = runner.invoke(app, ["evaluate", str(p), "--json"])
    fallback = runner.invoke(app, ["evaluate", str(p), "--json", "--ner-fallback"])
    assert plain.exit_code == 0 and fallback.exit_code == 0, plain.output + fallback.output
    assert json.loads(plain.output)["micro"]["f1"] == 0.0
    assert json.loads(fallback.output)["micro"]["f1"] == 1.0


@pytest.mark.slow
def test_dev_gold_scores_are_in_range(shared_dir):
    """Smoke run on a slice of the real development gold (scores checked in benchmarks/results)."""
    r = evaluate_gold(shared_dir / "data" / "relations" / "seesaw" / "pairs.jsonl", split="dev", limit=3)
    assert 0.0 <= r.micro.f1 <= 1.0 and r.counts["gold_pos"] + r.counts["gold_neg"] > 0
