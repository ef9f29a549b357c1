"""The labelled relation corpus: loader, validator, agreement, stats and the shipped data/relations."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from allegiance.errors import ConfigError
from allegiance.relations.agreement import annotator_agreement, cohen_kappa, corpus_stats, pair_agreement
from allegiance.relations.corpus import corpus_from_records, load_corpus
from allegiance.relations.corpus_validate import required_pairs, validate_corpus
from allegiance.relations.reserved import find_reserved_file, load_reserved_titles, normalised_title_hash

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "relations"

TEXT = ("Labour and Unite clash\n\n"
        "Labour criticised Unite on Monday. The party said it would not back the union. "
        "\"They have betrayed us,\" Jeremy Corbyn said.")


def _doc(**over) -> dict:
    doc = {"id": "d1", "title": "Labour and Unite clash", "text": TEXT, "date": "2020-03-01", "source": "test",
           "licence": "CC0", "attribution": "written for this test", "topic": "party", "split": "train",
           "url": "https://example.org/d1"}
    doc.update(over)
    return doc


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def _mention(mid: str, sentence: int, needle: str, actor: str, nth: int = 0, form: str = "name") -> dict:
    start, end = _span(TEXT, needle, nth)
    return {"id": mid, "sentence": sentence, "start": start, "end": end, "text": needle, "actor": actor, "form": form}


def _rel(source: str, target: str, sign: int, type_: str, directed: bool = True, time: str = "current") -> dict:
    return {"source": source, "target": target, "sign": sign, "type": type_, "time": time, "directed": directed}


def _annotation(annotator: str = "a1") -> dict:
    s0 = (0, TEXT.index("\n"))
    s1 = (TEXT.index("Labour criticised"), TEXT.index("Monday.") + 7)
    s2 = (TEXT.index("The party"), TEXT.index("union.") + 6)
    s3 = (TEXT.index("\"They"), len(TEXT))
    return {
        "doc_id": "d1", "annotator": annotator, "role": "primary",
        "sentences": [{"start": a, "end": b, "headline": i == 0} for i, (a, b) in enumerate((s0, s1, s2, s3))],
        "mentions": [_mention("m1", 0, "Labour", "GBR-LAB"), _mention("m2", 0, "Unite", "GBR-UNITE"),
                     _mention("m3", 1, "Labour", "GBR-LAB", 1), _mention("m4", 1, "Unite", "GBR-UNITE", 1),
                     _mention("m5", 2, "The party", "GBR-LAB", form="group"),
                     _mention("m6", 2, "the union", "GBR-UNITE", form="group"),
                     _mention("m7", 3, "Jeremy Corbyn", "PER:jeremy_corbyn", form="speaker"),
                     _mention("m8", 3, "They", "GBR-UNITE", form="pronoun")],
        "pairs": [
            {"sentence": 0, "actors": ["GBR-LAB", "GBR-UNITE"], "relations": [_rel("GBR-LAB", "GBR-UNITE", -1,
                                                                                  "rival", False)],
             "tags": ["headline"]},
            {"sentence": 1, "actors": ["GBR-UNITE", "GBR-LAB"], "relations": [_rel("GBR-LAB", "GBR-UNITE", -1,
                                                                                  "criticise")], "tags": []},
            {"sentence": 2, "actors": ["GBR-LAB", "GBR-UNITE"], "none": "negation", "tags": ["group_reference"]},
            {"sentence": 3, "actors": ["GBR-UNITE", "PER:jeremy_corbyn"],
             "relations": [_rel("PER:jeremy_corbyn", "GBR-UNITE", -1, "accuse")], "tags": ["quote"]},
        ],
    }


def _messages(docs, anns, reserved=frozenset()) -> list[str]:
    return [p.message for p in validate_corpus(corpus_from_records(docs, anns), reserved_titles=reserved)]


def test_valid_annotation_has_no_problem():
    assert _messages([_doc()], [_annotation()]) == []


def test_span_outside_its_sentence_is_reported():
    ann = _annotation()
    ann["mentions"][2]["sentence"] = 0  # "Labour" of sentence 1 claimed for the headline
    assert any("not inside its sentence" in m for m in _messages([_doc()], [ann]))


def test_offsets_that_do_not_match_the_mention_text_are_reported():
    ann = _annotation()
    ann["mentions"][3]["start"] += 1
    assert any("text[" in m and "fix the offsets" in m for m in _messages([_doc()], [ann]))


def test_span_that_starts_or_ends_inside_a_word_is_reported():
    ann = _annotation()
    # "he" inside "The party" (starts inside a word) and "Labou" of "Labour" (ends inside a word)
    start = TEXT.index("The party") + 1
    ann["mentions"][4].update(start=start, end=start + 2, text="he", form="pronoun")
    ann["mentions"][2].update(end=ann["mentions"][2]["end"] - 1, text="Labou")
    found = [m for m in _messages([_doc()], [ann]) if "inside a word" in m]
    assert len(found) == 2
    assert "'The'" in found[1] and "'Labour'" in found[0]


def test_unknown_actor_is_reported_unless_flagged_new():
    ann = _annotation()
    ann["mentions"][1]["actor"] = ann["mentions"][3]["actor"] = ann["mentions"][5]["actor"] = "NEW:unite_left"
    ann["mentions"][7]["actor"] = "NEW:unite_left"
    for pair in ann["pairs"]:
        pair["actors"] = ["NEW:unite_left" if a == "GBR-UNITE" else a for a in pair["actors"]]
        for r in pair.get("relations", []):
            r["source"], r["target"] = ("NEW:unite_left" if x == "GBR-UNITE" else x for x in (r["source"], r["target"]))
    assert any("neither in the knowledge base" in m for m in _messages([_doc()], [ann]))
    ann["new_actors"] = [{"id": "NEW:unite_left", "name": "Unite Left", "kind": "faction", "parent": "GBR-UNITE"}]
    assert _messages([_doc()], [ann]) == []


def test_new_actor_the_knowledge_base_already_names_is_reported():
    ann = _annotation()
    for m in ann["mentions"]:
        if m["actor"] == "GBR-UNITE":
            m["actor"] = "NEW:unite"
    for pair in ann["pairs"]:
        pair["actors"] = ["NEW:unite" if a == "GBR-UNITE" else a for a in pair["actors"]]
        for r in pair.get("relations", []):
            r["source"], r["target"] = ("NEW:unite" if x == "GBR-UNITE" else x for x in (r["source"], r["target"]))
    # "Unite the Union" is an alias of GBR-UNITE; a qualifier in brackets does not hide it
    ann["new_actors"] = [{"id": "NEW:unite", "name": "Unite the Union (UK)", "kind": "union"}]
    found = [m for m in _messages([_doc()], [ann]) if "already in the knowledge base" in m]
    assert len(found) == 1 and "GBR-UNITE" in found[0]
    ann["new_actors"][0]["name"] = "Unite Left"
    assert _messages([_doc()], [ann]) == []


def test_missing_candidate_pair_is_reported():
    ann = _annotation()
    del ann["pairs"][2]
    assert any("sentence 2: candidate pair GBR-LAB | GBR-UNITE is not labelled" in m
               for m in _messages([_doc()], [ann]))


def test_pair_naming_an_absent_actor_needs_a_quote_speaker():
    ann = _annotation()
    ann["pairs"].append({"sentence": 1, "actors": ["GBR-LAB", "PER:jeremy_corbyn"], "none": "no_stance"})
    assert any("has no mention in the sentence" in m for m in _messages([_doc()], [ann]))
    ann["pairs"][-1].update({"tags": ["quote"], "speaker": "m7"})
    assert _messages([_doc()], [ann]) == []


def test_relation_fields_are_checked():
    ann = _annotation()
    ann["pairs"][1]["relations"][0]["sign"] = 1  # criticise is negative
    ann["pairs"][2]["none"] = "maybe"
    msgs = _messages([_doc()], [ann])
    assert any("type criticise has sign -1, not +1" in m for m in msgs)
    assert any("needs 'none'" in m for m in msgs)


def test_reserved_title_is_rejected(tmp_path):
    reserved_file = tmp_path / "RESERVED_TITLES.sha256"
    reserved_file.write_text("# test list\n" + normalised_title_hash("Labour -- and UNITE clash!") + "\n")
    reserved = load_reserved_titles(reserved_file)
    assert any("reserved for evaluation" in m for m in _messages([_doc()], [], reserved))
    assert _messages([_doc(title="Another title")], [], reserved) == []


def test_sections_of_one_article_share_a_split():
    docs = [_doc(id="a", parent="Some war"), _doc(id="b", parent="Some war", split="test")]
    assert any("keep one article in one split" in m for m in _messages(docs, []))


def test_malformed_lines_are_reported_and_the_rest_read(tmp_path):
    (tmp_path / "documents.jsonl").write_text(json.dumps(_doc()) + "\n{broken\n" + json.dumps(_doc(id="d2")) + "\n")
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "a1.jsonl").write_text(json.dumps(_annotation()) + "\n")
    corpus = load_corpus(tmp_path)
    assert sorted(corpus.documents) == ["d1", "d2"]
    assert len(corpus.problems) == 1 and "not JSON" in corpus.problems[0].message
    assert len(corpus.annotations) == 1


def test_required_pairs_counts_each_actor_pair_of_a_sentence_once():
    corpus = corpus_from_records([_doc()], [_annotation()])
    assert sorted(required_pairs(corpus.annotations[0])) == [
        (0, "GBR-LAB", "GBR-UNITE"), (1, "GBR-LAB", "GBR-UNITE"), (2, "GBR-LAB", "GBR-UNITE"),
        (3, "GBR-UNITE", "PER:jeremy_corbyn")]


# ----------------------------------------------------------------------------- agreement

def test_kappa_on_a_hand_computed_example():
    # observed 3/4; expected (2*1 + 1*2 + 1*1) / 16 = 5/16; kappa = (12/16 - 5/16) / (11/16) = 7/11
    assert cohen_kappa(["+", "+", "-", "none"], ["+", "-", "-", "none"]) == round(7 / 11, 4)


def test_agreement_of_two_annotations_by_hand():
    a = _annotation("a1")
    b = copy.deepcopy(_annotation("a2"))
    b["pairs"][1]["relations"][0]["source"], b["pairs"][1]["relations"][0]["target"] = "GBR-UNITE", "GBR-LAB"
    b["pairs"][2] = {"sentence": 2, "actors": ["GBR-LAB", "GBR-UNITE"], "tags": ["group_reference"],
                     "relations": [_rel("GBR-LAB", "GBR-UNITE", -1, "oppose")]}
    corpus = corpus_from_records([_doc()], [a, b])
    result = annotator_agreement(corpus)
    # A: 3 relations; B: 4; shared: headline rival, quote accuse -> F1 = 2*2/(3+4)
    assert result.relation_f1 == round(4 / 7, 4)
    # sign labels A: -, -, none, -   B: -, -, -, -  -> observed 3/4, expected 3/4 -> kappa 0
    assert result.kappa == 0.0
    assert result.per_phenomenon["group_reference"] == {"pairs": 1, "relations_a": 0, "relations_b": 1,
                                                        "relation_f1": 0.0, "kappa": 0.0}
    assert result.per_phenomenon["quote"]["relation_f1"] == 1.0


def test_agreement_of_one_round_keeps_only_the_documents_its_annotators_wrote(tmp_path):
    from typer.testing import CliRunner

    from allegiance.cli import app

    b = copy.deepcopy(_annotation("a2"))
    b["pairs"][2] = {"sentence": 2, "actors": ["GBR-LAB", "GBR-UNITE"], "tags": ["group_reference"],
                     "relations": [_rel("GBR-LAB", "GBR-UNITE", -1, "oppose")]}
    d2 = dict(_annotation("a1"), doc_id="d2")
    d2_second = dict(_annotation("a3"), doc_id="d2", role="second")
    corpus = corpus_from_records([_doc(), _doc(id="d2")], [_annotation("a1"), b, d2, d2_second])
    assert annotator_agreement(corpus, annotators=["a3"]).relation_f1 == 1.0  # d2 only: identical
    assert annotator_agreement(corpus, annotators=["a2"]).pairs == 4  # d1 only
    assert annotator_agreement(corpus).pairs == 8
    assert annotator_agreement(corpus, annotators=["nobody"]) is None

    directory = _write_corpus(tmp_path / "corpus")
    res = CliRunner().invoke(app, ["corpus", "agreement", str(directory), "--annotator", "a1"])
    assert res.exit_code == 0 and "no document is annotated twice yet" in res.output
    # a record that cannot be read: one line says so and what to run, the rest is still measured, exit 1
    with (directory / "annotations" / "a1.jsonl").open("a") as handle:
        handle.write("{not json\n")
    res = CliRunner().invoke(app, ["corpus", "agreement", str(directory)])
    assert res.exit_code == 1 and "1 unreadable record(s) left out; run `allegiance corpus validate`" in res.output
    assert "no document is annotated twice yet" in res.output


def test_final_is_the_adjudicated_then_the_primary_even_when_a_second_file_comes_first():
    second = dict(_annotation("a0"), role="second")  # "a0" sorts before "a1", as ann-ad before ann-u
    second["pairs"] = second["pairs"][:1]
    corpus = corpus_from_records([_doc()], [second, _annotation("a1")])
    assert corpus.final("d1").annotator == "a1"
    adjudicated = dict(_annotation("adjudicated"), role="adjudicated")
    corpus = corpus_from_records([_doc()], [second, _annotation("a1"), adjudicated])
    assert corpus.final("d1").annotator == "adjudicated"
    assert corpus_from_records([_doc()], [second]).final("d1").annotator == "a0"


def test_undirected_relations_match_either_way_round():
    a = corpus_from_records([_doc()], [_annotation()]).annotations[0].pairs
    flipped = copy.deepcopy(_annotation())
    flipped["pairs"][0]["relations"][0].update(source="GBR-UNITE", target="GBR-LAB")
    b = corpus_from_records([_doc()], [flipped]).annotations[0].pairs
    assert pair_agreement(a, b).relation_f1 == 1.0


def test_stats_count_pairs_relations_phenomena_and_double_annotation():
    second = _annotation("a2")
    stats = corpus_stats(corpus_from_records([_doc(), _doc(id="d2", topic="international", split="test")],
                                             [_annotation(), second]))
    assert stats["documents"] == 2 and stats["by_topic"] == {"party": 1, "international": 1}
    assert stats["pairs"] == 4 and stats["relations"] == 3 and stats["none_pairs"] == 1
    assert stats["sign_share"] == {"+": 0.0, "-": 1.0}
    assert stats["relations_by_phenomenon"]["quote"] == 1 and stats["none_by_kind"]["negation"] == 1
    # one of the one annotated documents is annotated twice; it is one of the two texts
    assert stats["annotated_documents"] == 1 and stats["double_annotated_documents"] == 1
    assert stats["double_annotated_share"] == 1.0 and stats["double_annotated_share_of_texts"] == 0.5
    assert stats["agreement"]["relation_f1"] == 1.0


# ----------------------------------------------------------------------------- the shipped corpus

def test_shipped_corpus_is_valid():
    corpus = load_corpus(CORPUS)
    assert corpus.documents, "data/relations/documents.jsonl is empty"
    problems = validate_corpus(corpus, reserved_titles=None)
    assert not problems, "\n".join(map(str, problems[:20]))


def test_shipped_corpus_has_no_reserved_title():
    reserved_file = find_reserved_file(REPO)
    if reserved_file is None:
        pytest.skip("shared/data/RESERVED_TITLES.sha256 is not available (development data only)")
    corpus = load_corpus(CORPUS)
    problems = validate_corpus(corpus, reserved_titles=load_reserved_titles(reserved_file))
    assert not [p for p in problems if "reserved" in p.message]


# ----------------------------------------------------------------------------- manifests (text not committed)

def _rebuilt_corpus(directory: Path, annotation: dict | None = None) -> Path:
    """A corpus whose one document is rebuilt (documents-s.jsonl) and has a manifest."""
    from allegiance.relations.corpus_manifest import write_manifests

    (directory / "annotations").mkdir(parents=True)
    (directory / "documents.jsonl").write_text("")
    (directory / "documents-s.jsonl").write_text(json.dumps(_doc()) + "\n")
    (directory / "annotations" / "a1.jsonl").write_text(json.dumps(annotation or _annotation()) + "\n")
    assert write_manifests(directory) == {"s": 1}
    return directory


def test_manifest_only_document_keeps_its_labels_checked_without_the_text(tmp_path):
    bad = _annotation()
    bad["mentions"][2]["start"] = bad["sentences"][2]["start"]  # now outside sentence 1
    directory = _rebuilt_corpus(tmp_path, bad)
    (directory / "documents-s.jsonl").unlink()  # a clean clone: labels and manifest, no text
    corpus = load_corpus(directory)
    assert not corpus.documents["d1"].text_built and corpus.documents["d1"].split == "train"
    messages = [p.message for p in validate_corpus(corpus, reserved_titles=frozenset())]
    assert len(messages) == 1 and "not inside its sentence" in messages[0]
    assert list(corpus.finals()) == [] and len(list(corpus.finals(text_only=False))) == 1
    assert corpus_stats(corpus)["relations"] == corpus_stats(load_corpus(_rebuilt_corpus(tmp_path / "b")))["relations"]


def test_rebuilt_text_or_split_that_differs_from_the_manifest_is_reported(tmp_path):
    directory = _rebuilt_corpus(tmp_path)
    assert validate_corpus(load_corpus(directory), reserved_titles=frozenset()) == []
    (directory / "documents-s.jsonl").write_text(json.dumps(_doc(text=TEXT + " More.", split="dev")) + "\n")
    messages = [p.message for p in validate_corpus(load_corpus(directory), reserved_titles=frozenset())]
    assert any("text differs from its manifest" in m for m in messages)
    assert any("the manifest freezes 'train'" in m for m in messages)


def test_committed_manifests_match_the_rebuilt_documents_when_they_are_here():
    from allegiance.relations.corpus_manifest import MANIFEST_DIR, manifest_record

    rebuilt = sorted(CORPUS.glob("documents-*.jsonl"))
    if not rebuilt:
        pytest.skip("the rebuilt document files are not here (data/relations/SOURCES.md says how to build them)")
    for path in rebuilt:
        manifest = CORPUS / MANIFEST_DIR / path.name.replace("documents-", "")
        want = [manifest_record(json.loads(line)) for line in path.read_text().splitlines() if line.strip()]
        assert [json.loads(line) for line in manifest.read_text().splitlines()] == want, path.name


# ----------------------------------------------------------------------------- evaluation and the CLI

def _write_corpus(directory: Path, annotation: dict | None = None) -> Path:
    (directory / "annotations").mkdir(parents=True)
    (directory / "documents.jsonl").write_text(json.dumps(_doc(split="dev")) + "\n")
    (directory / "annotations" / "a1.jsonl").write_text(json.dumps(annotation or _annotation()) + "\n")
    return directory


def test_evaluate_corpus_reports_recall_per_phenomenon_and_hits_on_none_pairs(tmp_path):
    from allegiance.relations.corpus_eval import evaluate_corpus

    sentence = lambda i: {"doc_id": "d1", "sent_id": i}  # noqa: E731
    preds = [dict(sentence(0), source="Labour", target="Unite", polarity="neg", directed=False),
             dict(sentence(2), source="Labour", target="Unite", polarity="pos", directed=True)]
    result = evaluate_corpus(_write_corpus(tmp_path), split="dev", predictions=preds)
    assert (result.micro.tp, result.micro.fp, result.micro.fn) == (1, 1, 2)
    recall = result.extra["recall_by_phenomenon"]
    assert recall["headline"] == {"gold": 1, "found": 1, "recall": 1.0}
    assert recall["quote"]["recall"] == 0.0 and recall["untagged"]["recall"] == 0.0
    assert result.extra["false_positives_on_none"] == {"negation": {"pairs": 1, "predicted_relation": 1}}


def test_evaluate_corpus_scores_strictly_by_actor_id_beside_the_lenient_names(tmp_path):
    from allegiance.relations.corpus_eval import evaluate_corpus, format_corpus_report

    sentence = lambda i: {"doc_id": "d1", "sent_id": i}  # noqa: E731
    # all three name gold pairs; the second puts the Labour of sentence 1 on a node the knowledge base lacks
    preds = [dict(sentence(0), source="Labour", target="Unite", polarity="neg", directed=False,
                  source_ids=["GBR-LAB"], target_ids=["GBR-UNITE"]),
             dict(sentence(1), source="Labour", target="Unite", polarity="neg", directed=True,
                  source_ids=["ORG:labour"], target_ids=["GBR-UNITE"]),
             dict(sentence(3), source="Jeremy Corbyn", target="They", target_alts=["Unite"], polarity="neg",
                  directed=True, source_ids=["PER:jeremy_corbyn"], target_ids=["GBR-UNITE"])]
    result = evaluate_corpus(_write_corpus(tmp_path), split="dev", predictions=preds)
    assert (result.micro.tp, result.micro.fp) == (3, 0)
    strict = result.extra["strict_actor_ids"]["micro"]
    assert (strict["tp"], strict["fp"], strict["fn"]) == (2, 1, 1)
    assert "strict (ends must be the gold actors" in format_corpus_report(result)
    without_ids = [{k: v for k, v in p.items() if not k.endswith("_ids")} for p in preds]
    assert evaluate_corpus(tmp_path, split="dev", predictions=without_ids).extra["strict_actor_ids"] is None


def test_evaluate_corpus_says_whether_confidences_match_the_share_right_per_method(tmp_path):
    from allegiance.relations.corpus_eval import evaluate_corpus, format_corpus_report

    sentence = lambda i: {"doc_id": "d1", "sent_id": i}  # noqa: E731
    preds = [dict(sentence(0), source="Labour", target="Unite", polarity="neg", directed=False, confidence=0.9,
                  rule="model"),
             dict(sentence(2), source="Labour", target="Unite", polarity="pos", directed=True, confidence=0.6,
                  rule="verb:support")]
    result = evaluate_corpus(_write_corpus(tmp_path), split="dev", predictions=preds)
    confidence = result.extra["confidence"]
    right = {m: r["right"] for m, r in confidence.items()}
    assert sum(right.values()) == result.micro.tp == 1 and set(confidence) == {"model", "rules"}
    wrong = "model" if right["rules"] else "rules"  # the false positive is 90 or 60 points overconfident
    assert confidence[wrong]["calibration_error"] == {"model": 0.9, "rules": 0.6}[wrong]
    assert "confidence against the share right" in format_corpus_report(result)


def test_cli_validate_exits_1_on_a_bad_corpus_and_0_on_a_good_one(tmp_path):
    from typer.testing import CliRunner

    from allegiance.cli import app

    good = _write_corpus(tmp_path / "good")
    bad_annotation = _annotation()
    del bad_annotation["pairs"][0]
    bad = _write_corpus(tmp_path / "bad", bad_annotation)
    runner = CliRunner()
    res = runner.invoke(app, ["corpus", "validate", str(good), "--reserved", str(tmp_path / "none.sha256")])
    assert res.exit_code == 1 and "cannot read the reserved-titles file" in res.output
    (tmp_path / "empty.sha256").write_text("# nothing reserved\n")
    res = runner.invoke(app, ["corpus", "validate", str(good), "--reserved", str(tmp_path / "empty.sha256")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["corpus", "validate", str(bad), "--reserved", str(tmp_path / "empty.sha256")])
    assert res.exit_code == 1 and "candidate pair GBR-LAB | GBR-UNITE is not labelled" in res.output
    res = runner.invoke(app, ["corpus", "stats", str(good)])
    assert res.exit_code == 0 and "candidate pairs: 4 (target 10000); relations: 3" in res.output


@pytest.mark.slow
def test_cli_evaluate_reads_the_corpus_directory_and_writes_json(tmp_path):
    from typer.testing import CliRunner

    from allegiance.cli import app

    corpus = _write_corpus(tmp_path / "corpus")
    out = tmp_path / "results" / "corpus_dev.json"
    res = CliRunner().invoke(app, ["evaluate", str(corpus), "--split", "dev", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "recall by phenomenon" in res.output and "headline" in res.output
    saved = json.loads(out.read_text())
    assert saved["task"] == "corpus" and saved["extra"]["split"] == "dev" and saved["counts"]["gold_neg"] == 3
    res = CliRunner().invoke(app, ["evaluate", str(corpus), "--split", "test"])
    assert res.exit_code == 1 and "no annotated documents in split 'test'" in res.output


def test_headline_sentence_must_be_the_title_of_a_document_with_a_headline():
    ann = _annotation()
    ann["sentences"][1]["headline"] = True
    assert any("marked headline" in m for m in _messages([_doc()], [ann]))
    assert any("marked headline" in m for m in _messages([_doc(headline=False)], [_annotation()]))




# ----------------------------------------------------------------------------- drafts and the build script

@pytest.mark.slow
def test_draft_freezes_sentences_marks_the_headline_and_lists_unlabelled_pairs():
    from allegiance.relations.corpus import CorpusDocument
    from allegiance.relations.corpus_draft import draft_annotation

    text = "Labour backs Unite\n\nLabour criticised Unite on Monday. Russia praised Germany."
    doc = CorpusDocument("d9", "Labour backs Unite", text, "2021", "test", "CC0", "-", "party", "dev", url="u")
    draft = draft_annotation(doc, annotator="ann-t")
    spans = [(s["start"], s["end"], s["headline"]) for s in draft["sentences"]]
    assert spans[0] == (0, 18, True) and all(not h for _, _, h in spans[1:])
    assert [text[a:b] for a, b, _ in spans[1:]] == ["Labour criticised Unite on Monday.", "Russia praised Germany."]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in draft["mentions"])
    assert {(p["sentence"], tuple(p["actors"])) for p in draft["pairs"]} >= {(0, ("GBR-LAB", "GBR-UNITE")),
                                                                             (2, ("DEU", "RUS"))}
    # unlabelled: the validator asks for a label on each pair
    corpus = corpus_from_records([dict(_doc(id="d9", text=text, title="Labour backs Unite"))], [draft])
    assert any("needs 'none'" in p.message for p in validate_corpus(corpus, reserved_titles=None))


@pytest.mark.slow  # builds the pipeline
def test_a_draft_slugs_a_new_actor_as_the_guideline_asks_accents_dropped():
    from allegiance.relations.corpus import CorpusDocument
    from allegiance.relations.corpus_draft import draft_annotation

    text = "Linas Linkevičius criticised Russia on Monday."
    doc = CorpusDocument("d10", "A minister speaks", text, "2021", "test", "CC0", "-", "party", "dev", url="u")
    draft = draft_annotation(doc, annotator="ann-t", role="second")
    new = {n["id"] for n in draft["new_actors"]}
    assert "NEW:linas_linkevicius" in new and not any("_ius" in i for i in new)  # not linkevi_ius (4.3b)
    assert draft["role"] == "second"  # a blind second's draft needs no hand edit of its role
    with pytest.raises(ConfigError, match="primary or second"):
        draft_annotation(doc, annotator="ann-t", role="adjudicated")


@pytest.mark.slow  # builds the pipeline
def test_a_draft_reads_the_actors_of_the_documents_time():
    # as extraction does: in 1842 "Daniel Webster" is the Secretary of State, not the congressman of 2011
    from allegiance.relations.corpus import CorpusDocument
    from allegiance.relations.corpus_draft import draft_annotation

    text = "Webster and Ashburton\n\nSecretary of State Daniel Webster negotiated with Britain."
    doc = CorpusDocument("d11", "Webster and Ashburton", text, "1842", "test", "CC0", "-", "international", "dev",
                         url="u")
    found = {m["text"]: m["actor"] for m in draft_annotation(doc, annotator="ann-t")["mentions"]}
    assert found["Daniel Webster"] == "PER:daniel_webster_secretary_of_state"


def _build_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_relations_corpus",
                                                  REPO / "scripts" / "build_relations_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_splits_are_stratified_keep_articles_whole_and_stay_frozen():
    build = _build_script()
    docs = [{"id": f"w{i}", "source": "A", "topic": "party"} for i in range(40)]
    docs += [{"id": f"s{i}-{k}", "source": "B", "topic": "international", "parent": f"art{i}"}
             for i in range(30) for k in range(2)]
    build.assign_splits(docs, frozen={"w0": "dev"})
    by_id = {d["id"]: d["split"] for d in docs}
    assert by_id["w0"] == "dev"
    for source in ("A", "B"):
        stratum = [d for d in docs if d["source"] == source]
        assert sum(d["split"] == "test" for d in stratum) >= 0.15 * len(stratum)
        assert sum(d["split"] == "dev" for d in stratum) >= 0.08 * len(stratum)
    assert all(by_id[f"s{i}-0"] == by_id[f"s{i}-1"] for i in range(30))
    first = [{k: v for k, v in d.items() if k != "split"} for d in docs]
    second = [dict(d) for d in reversed(first)]
    build.assign_splits(first, frozen={})
    build.assign_splits(second, frozen={})
    assert {d["id"]: d["split"] for d in first} == {d["id"]: d["split"] for d in second}  # order-independent


def test_todo_queue_offers_unannotated_then_blind_second_annotations():
    from allegiance.relations.corpus_draft import annotation_queue

    docs = [_doc(), _doc(id="d2", source="other"), _doc(id="d3")]
    corpus = corpus_from_records(docs, [_annotation("a1")])
    assert sorted(annotation_queue(corpus, annotator="a2")) == ["d2", "d3"]
    assert annotation_queue(corpus, annotator="a2", second=True) == ["d1"]
    assert annotation_queue(corpus, annotator="a1", second=True) == []  # never your own document twice


# ----------------------------------------------------------------------------- disagreements (adjudication)

def test_disagreements_list_each_differing_mention_and_pair_once_with_its_coarsest_kind():
    from allegiance.relations.agreement import corpus_disagreements

    b = copy.deepcopy(_annotation("a2"))
    b["role"] = "second"
    b["pairs"][1]["relations"][0].update(source="GBR-UNITE", target="GBR-LAB")        # relation
    b["pairs"][2]["none"] = "no_stance"                                                # none_kind
    b["pairs"][0]["tags"] = []                                                         # tags
    b["pairs"][0]["relations"][0]["time"] = "past"                                     # time beats tags
    b["mentions"] = [m for m in b["mentions"] if m["id"] != "m8"]                      # mention ...
    b["pairs"] = [p for p in b["pairs"] if p["sentence"] != 3]                         # ... and its pair
    adjudicated = dict(copy.deepcopy(_annotation("adjudicated")), role="adjudicated")
    corpus = corpus_from_records([_doc()], [_annotation(), b, adjudicated])
    found = corpus_disagreements(corpus)
    assert [(d.sentence, d.kind) for d in found] == [(0, "time"), (1, "relation"), (2, "none_kind"),
                                                     (3, "mention"), (3, "pair")]
    assert found[1].a == "GBR-LAB->GBR-UNITE criticise -1 current" and found[1].b.startswith("GBR-UNITE->GBR-LAB")
    assert found[3].subject == "'They'@" + f"{TEXT.index(chr(34) + 'They') + 1}-{TEXT.index(chr(34) + 'They') + 5}"
    assert (found[3].a, found[3].b) == ("GBR-UNITE", "-") and found[4].b == "-"
    assert corpus_disagreements(corpus_from_records([_doc()], [_annotation(), _annotation("a2")])) == []
    # the primary is A even when the second's file comes first (round 60: "ann-hd" sorts before "ann-o")
    swapped = corpus_disagreements(corpus_from_records([_doc()], [b, _annotation(), adjudicated]))
    assert [(d.a, d.b) for d in swapped] == [(d.a, d.b) for d in found]


def test_cli_disagreements_prints_one_line_each_and_a_count_per_kind(tmp_path):
    from typer.testing import CliRunner

    from allegiance.cli import app

    directory = _write_corpus(tmp_path / "c")
    b = copy.deepcopy(_annotation("a2"))
    b["pairs"][2]["none"] = "question"
    (directory / "annotations" / "a2.jsonl").write_text(json.dumps(b) + "\n")
    res = CliRunner().invoke(app, ["corpus", "disagreements", str(directory)])
    assert res.exit_code == 0, res.output
    assert "d1 s2 none_kind GBR-LAB|GBR-UNITE: A none:negation [group_reference] | B none:question" in res.output
    assert "1 disagreement(s): none_kind 1" in res.output
    assert res.output.startswith("# d1: A = a1 (primary), B = a2 (primary)\n")
    res = CliRunner().invoke(app, ["corpus", "disagreements", str(directory), "--doc", "nope"])
    assert res.exit_code == 1 and "nope: no such document" in res.output


def _expand_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("expand_compact_annotation",
                                                  REPO / "scripts" / "expand_compact_annotation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_expand_compact_annotation_matches_whole_words_only():
    expand = _expand_script()
    text = "The Iraqi government said he would stay in Iraq; he said so."
    draft = {"sentences": [{"start": 0, "end": len(text)}]}
    compact = {"doc_id": "d", "annotator": "a", "pairs": [],
               "mentions": [[0, "he", 0, "PER:x", "pronoun"], [0, "Iraq", 0, "IRQ", "name"],
                            [0, "he", 1, "PER:x", "pronoun"]]}
    spans = [(m["start"], m["text"]) for m in expand.expand(compact, draft, text)["mentions"]]
    assert spans == [(text.index(" he ") + 1, "he"), (text.index("in Iraq") + 3, "Iraq"),
                     (text.index("; he") + 2, "he")]
    with pytest.raises(SystemExit, match="occurrence 2"):
        expand.expand(dict(compact, mentions=[[0, "he", 2, "PER:x", "pronoun"]]), draft, text)


def _round(annotator: str, role: str, pair: dict, scope: str = "implied") -> dict:
    record = dict(_annotation(annotator), role=role, scope=scope)
    record["pairs"] = [pair]
    return record


def test_reannotation_round_replaces_its_pairs_in_agreement_and_in_the_final_reading():
    # the blind pair disagrees on sentence 2 (A: negation, B: -oppose); the round's two annotators both read
    # -oppose under the sharpened guideline, and the re-adjudication settles it
    b = copy.deepcopy(_annotation("a2"))
    oppose = {"sentence": 2, "actors": ["GBR-LAB", "GBR-UNITE"], "tags": ["group_reference", "implied"],
              "relations": [_rel("GBR-LAB", "GBR-UNITE", -1, "oppose")]}
    b["pairs"][2] = oppose
    adjudicated = dict(_annotation("adjudicated"), role="adjudicated")
    before = corpus_from_records([_doc()], [_annotation("a1"), b, adjudicated])
    assert annotator_agreement(before).relation_f1 == round(6 / 7, 4)
    records = [_annotation("a1"), b, adjudicated, _round("r1", "reannotation", oppose),
               _round("r2", "reannotation", oppose), _round("adjudicated", "readjudication", oppose)]
    after = corpus_from_records([_doc()], records)
    assert _messages([_doc()], records) == []  # a round's record labels some pairs only; no pair is missing
    assert annotator_agreement(after).relation_f1 == 1.0
    assert annotator_agreement(after).pairs == 4  # the round's pairs replace the old ones, none is added
    final = after.final("d1")
    assert final.role == "adjudicated" and len(final.pairs) == 4
    assert [p.sign_label for p in final.pairs if p.sentence_index == 2] == ["-"]
    # only one blind relabel: the round is incomplete and the first two annotations are compared as they were
    one = corpus_from_records([_doc()], [_annotation("a1"), b, _round("r1", "reannotation", oppose)])
    assert annotator_agreement(one).relation_f1 == round(6 / 7, 4)
    # a round's adjudication is no adjudication of the document: the first annotation still counts as a whole
    unsettled = corpus_from_records([_doc()], [_annotation("a1"), b, _round("adjudicated", "readjudication", oppose)])
    assert corpus_stats(unsettled)["adjudicated_documents"] == 0
    assert unsettled.final("d1").annotator == "a1"


def test_second_reannotation_round_on_a_document_counts_in_agreement():
    # round 1 (implied) relabels sentence 2 with the two still apart; round 2 (nominal) relabels it again and
    # the two agree: agreement compares round 2's readings; a round with one record so far changes nothing
    b = copy.deepcopy(_annotation("a2"))
    oppose = {"sentence": 2, "actors": ["GBR-LAB", "GBR-UNITE"], "tags": ["group_reference", "nominal"],
              "relations": [_rel("GBR-LAB", "GBR-UNITE", -1, "oppose")]}
    apart = {**oppose, "relations": [], "none": "negation"}
    b["pairs"][2] = oppose
    first_round = [_round("r1", "reannotation", apart), _round("r2", "reannotation", oppose)]
    records = [_annotation("a1"), b, *first_round]
    assert annotator_agreement(corpus_from_records([_doc()], records)).relation_f1 < 1.0
    second_round = [_round("r3", "reannotation", oppose, "nominal"), _round("r4", "reannotation", oppose, "nominal")]
    assert annotator_agreement(corpus_from_records([_doc()], records + second_round)).relation_f1 == 1.0
    half = corpus_from_records([_doc()], records + second_round[:1])
    assert annotator_agreement(half).relation_f1 < 1.0


def test_reannotation_record_needs_its_scope():
    pair = {"sentence": 2, "actors": ["GBR-LAB", "GBR-UNITE"], "none": "negation", "tags": []}
    messages = _messages([_doc()], [_annotation("a1"), _round("r1", "reannotation", pair, scope="")])
    assert messages == ["a reannotation record needs a 'scope': the phenomenon its round re-annotates, one of "
                        "quote, group_reference, faction, nominal, implied, past, headline"]


def _round_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("reannotation_round", REPO / "scripts" / "reannotation_round.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reannotation_round_script_from_tasks_to_records_that_validate(tmp_path):
    script = _round_script()
    b = copy.deepcopy(_annotation("a2"))
    b["pairs"][2] = {"sentence": 2, "actors": ["GBR-LAB", "GBR-UNITE"], "tags": ["group_reference", "implied"],
                     "relations": [_rel("GBR-LAB", "GBR-UNITE", -1, "oppose")]}
    adjudicated = dict(_annotation("adjudicated"), role="adjudicated")
    directory = tmp_path / "corpus"
    (directory / "annotations").mkdir(parents=True)
    (directory / "documents.jsonl").write_text(json.dumps(_doc()) + "\n")
    (directory / "annotations" / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in
                                                               (_annotation("a1"), b, adjudicated)))
    [batch] = script.tasks(directory, "implied", 1)
    assert [(t["id"], t["sentence"], t["actors"]) for t in batch] == [(1, 2, ["GBR-LAB", "GBR-UNITE"])]
    assert "relations" not in batch[0] and "none" not in batch[0]  # blind: no earlier label travels with a task
    oppose = {"id": 1, "relations": [_rel("GBR-UNITE", "GBR-LAB", -1, "oppose", directed=False)], "none": None,
              "tags": ["implied"]}
    negation = {"id": 1, "relations": [], "none": "negation", "tags": []}
    assert script.differences(batch, [oppose], [dict(oppose, tags=[])]) == []  # tags aside, the same reading
    [difference] = script.differences(batch, [oppose], [negation])
    assert difference["reading_1"] == oppose and difference["reading_2"] == negation
    decided = [dict(oppose, adjudication="A: 7l step 2, 'would not back' is a stated refusal")]
    settled = script.settle(batch, [oppose], [negation], decided)
    records = [*script.records(directory, batch, [oppose], annotator="r1", role="reannotation", scope="implied"),
               *script.records(directory, batch, [negation], annotator="r2", role="reannotation", scope="implied"),
               *script.records(directory, batch, settled, annotator="adjudicated", role="readjudication",
                               scope="implied")]
    corpus = corpus_from_records([_doc()], [_annotation("a1"), b, adjudicated, *records])
    assert validate_corpus(corpus) == []
    [settled_pair] = [p for p in corpus.final("d1").pairs if p.sentence_index == 2]
    assert settled_pair.sign_label == "-" and settled_pair.adjudication.startswith("A: 7l")
    assert records[1]["pairs"][0]["none"] == "negation"


def test_gold_names_an_actor_the_knowledge_base_lacks_by_its_group_noun_too():
    """'Maduro arrests opposition activists': the annotator's new actor is named only by a group noun in the
    sentence, so a prediction naming it so matches; a known actor is not matched by a generic noun."""
    from allegiance.relations.corpus_eval import corpus_gold

    text = "T\n\nMaduro arrests opposition activists and the government."
    doc = {"id": "v", "title": "T", "text": text, "date": "2020-01-01", "source": "s", "licence": "CC0",
           "attribution": "-", "topic": "international", "split": "dev", "url": "u"}

    def mention(i, words, actor, form):
        start = text.index(words)
        return {"id": f"m{i}", "sentence": 0, "start": start, "end": start + len(words), "text": words,
                "actor": actor, "form": form}

    ann = {"doc_id": "v", "annotator": "x", "sentences": [{"start": 3, "end": len(text)}],
           "new_actors": [{"id": "NEW:venezuelan_opposition", "name": "Venezuelan opposition", "kind": "group",
                           "parent": "VEN"}],
           "mentions": [mention(1, "Maduro", "PER:nicolas_maduro", "name"),
                        mention(2, "opposition activists", "NEW:venezuelan_opposition", "group"),
                        mention(3, "the government", "VEN", "group")],
           "pairs": [{"sentence": 0, "actors": ["NEW:venezuelan_opposition", "PER:nicolas_maduro"], "relations": [
               {"source": "PER:nicolas_maduro", "target": "NEW:venezuelan_opposition", "sign": -1,
                "type": "sanction", "time": "current", "directed": True}]},
               {"sentence": 0, "actors": ["NEW:venezuelan_opposition", "VEN"], "relations": [], "none": "no_stance"},
               {"sentence": 0, "actors": ["PER:nicolas_maduro", "VEN"], "relations": [], "none": "no_stance"}]}
    gold, _ = corpus_gold(corpus_from_records([doc], [ann]), split="dev")
    opposition = next(g for g in gold if g["polarity"] == "neg")
    assert opposition["target"] == "Venezuelan opposition" and "opposition activists" in opposition["target_alts"]
    venezuela = next(g for g in gold if "Venezuela" in [g["source"], g["target"]])
    assert "the government" not in venezuela["source_alts"] + venezuela["target_alts"]
