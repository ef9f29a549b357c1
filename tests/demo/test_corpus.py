"""The bundled demo corpus and its gold labels: shape, consistency, packaging."""

from __future__ import annotations

import datetime as dt
import doctest
import fnmatch
import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import allegiance.demo as demo
from allegiance.demo import demo_corpus_path, demo_gold_path, load_demo_documents, load_demo_gold
from allegiance.errors import AllegianceError, EmptyInputError, MalformedRecordError
from allegiance.model import Document, RelationType, Sign, TimeFrame

REPO = Path(__file__).resolve().parents[2]
ID_RE = re.compile(r"^demo-\d{3}$")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    lines = demo_corpus_path().read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_demo_gold()


@pytest.fixture(scope="module")
def texts(records) -> dict[str, str]:
    return {r["id"]: r["text"] for r in records}


# ---------------------------------------------------------------- corpus

def test_at_least_48_briefs_with_the_fields_of_the_format(records):
    assert len(records) >= 48
    for r in records:
        assert set(r) == {"id", "title", "date", "source", "text"}, r.get("id")
        assert r["source"] == "allegiance demo corpus"
        assert isinstance(r["title"], str) and r["title"].strip(), r["id"]
        assert isinstance(r["text"], str) and r["text"].strip(), r["id"]


def test_ids_are_unique_numbered_in_order(records):
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    assert all(ID_RE.match(i) for i in ids)
    assert ids == [f"demo-{n:03d}" for n in range(1, len(ids) + 1)]


def test_dates_are_iso_within_1914_2020_and_sorted(records):
    dates = []
    for r in records:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]), r["id"]
        day = dt.date.fromisoformat(r["date"])
        assert dt.date(1914, 1, 1) <= day <= dt.date(2020, 12, 31), r["id"]
        dates.append(day)
    assert dates == sorted(dates)


def test_titles_are_unique(records):
    titles = Counter(r["title"] for r in records)
    assert [t for t, n in titles.items() if n > 1] == []


def test_the_corpus_covers_the_required_periods_and_actors(texts):
    everything = " ".join(texts.values())
    for needle in ["Triple Entente", "Italy declared war on Austria-Hungary", "Congress declared war on Germany",
                   "North Atlantic Treaty", "Warsaw Pact", "Zhenbao", "quarantine of Cuba", "Mobutu",
                   "mujahedin", "Taliban", "Northern Alliance", "joint raid", "Momentum", "no confidence",
                   "Unite", "GMB", "Freedom Caucus", "Boehner", "Tea Party", "Sanders", "Moscow",
                   "Washington", "Beijing", "United Nations", "Nato"]:
        assert needle in everything, needle


def test_briefs_have_three_to_six_sentences(nlp_model, texts):
    for doc_id, doc in zip(texts, nlp_model.pipe(texts.values())):
        assert 3 <= len(list(doc.sents)) <= 6, doc_id


# ---------------------------------------------------------------- loader

def test_load_demo_documents_keeps_ids_dates_and_titles(records):
    docs = load_demo_documents()
    assert all(isinstance(d, Document) for d in docs)
    assert [(d.id, d.date, d.title, d.text, d.source) for d in docs] == [
        (r["id"], r["date"], r["title"], r["text"], r["source"]) for r in records
    ]
    assert docs[0].origin == f"{demo_corpus_path()}:1"


def test_loader_rejects_bad_records_with_a_clear_error(tmp_path):
    cases = {
        "not json": "{oops\n",
        "not an object": "[1, 2]\n",
        "no text": '{"id": "a"}\n',
        "empty id": '{"id": " ", "text": "x"}\n',
        "duplicate": '{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n',
        "bad date type": '{"id": "a", "text": "x", "date": 1914}\n',
    }
    for name, content in cases.items():
        path = tmp_path / f"{name.replace(' ', '_')}.jsonl"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(MalformedRecordError) as info:
            load_demo_documents(path)
        assert str(path) in str(info.value), name
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(EmptyInputError):
        load_demo_documents(empty)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=4))
def test_loader_never_crashes_on_arbitrary_lines(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("fuzz") / "x.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        docs = load_demo_documents(path)
    except AllegianceError:
        return
    assert all(d.id.strip() and d.text.strip() for d in docs)


def test_docstring_examples_run():
    result = doctest.testmod(demo, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6 and result.failed == 0


# ---------------------------------------------------------------- gold

GOLD_KEYS = {"dataset", "split", "doc_id", "sent_id", "sentence", "source", "target",
             "polarity", "directed", "type", "time"}


def test_gold_records_have_valid_fields(gold):
    assert len(gold) >= 300
    for g in gold:
        assert set(g) == GOLD_KEYS, g
        assert g["dataset"] == "allegiance-demo" and g["split"] == "demo"
        assert g["polarity"] in {"pos", "neg", "neu"}
        assert isinstance(g["directed"], bool) and isinstance(g["sent_id"], int) and g["sent_id"] >= 0
        assert g["source"].strip() and g["target"].strip() and g["source"] != g["target"]
        if g["polarity"] == "neu":
            assert g["type"] is None and g["time"] is None and g["directed"] is False
        else:
            sign = RelationType(g["type"]).sign
            assert sign is (Sign.POSITIVE if g["polarity"] == "pos" else Sign.NEGATIVE), g
            TimeFrame(g["time"])


def test_every_gold_doc_exists_and_its_sentence_occurs_in_it(gold, texts):
    for g in gold:
        assert g["doc_id"] in texts, g["doc_id"]
        assert g["sentence"] in texts[g["doc_id"]], (g["doc_id"], g["sent_id"])


def test_gold_sent_ids_index_the_spacy_sentence_split(nlp_model, gold, texts):
    sentences = {doc_id: [s.text for s in doc.sents]
                 for doc_id, doc in zip(texts, nlp_model.pipe(texts.values()))}
    for g in gold:
        assert sentences[g["doc_id"]][g["sent_id"]] == g["sentence"], (g["doc_id"], g["sent_id"])


def test_one_gold_record_per_sentence_pair_and_sign(gold):
    keys = Counter()
    for g in gold:
        pair = (g["source"], g["target"]) if g["directed"] else tuple(sorted((g["source"], g["target"])))
        keys[(g["doc_id"], g["sent_id"], *pair, g["polarity"])] += 1
    assert [k for k, n in keys.items() if n > 1] == []


def test_gold_covers_both_signs_all_times_and_every_brief(gold, texts):
    signed = [g for g in gold if g["polarity"] != "neu"]
    polarity = Counter(g["polarity"] for g in gold)
    assert polarity["pos"] >= 100 and polarity["neg"] >= 100 and polarity["neu"] >= 20
    assert {g["time"] for g in signed} == {"current", "past", "future"}
    assert {g["directed"] for g in signed} == {True, False}
    assert {g["doc_id"] for g in signed} == set(texts)


def test_gold_uses_canonical_names_not_metonyms(gold):
    names = {n for g in gold for n in (g["source"], g["target"])}
    for metonym in ["Moscow", "Washington", "Beijing", "London", "Berlin", "Britain", "US", "USA",
                    "UK", "USSR", "Kremlin", "Rome", "Paris", "Havana"]:
        assert metonym not in names, metonym
    for canonical in ["United States", "United Kingdom", "Soviet Union", "Russia", "Nato",
                      "Warsaw Pact", "Labour Party", "Corbynites", "Corbynsceptics", "Unite", "GMB"]:
        assert canonical in names, canonical


def test_labelled_traps_hold_no_signed_relation_for_the_same_pair(gold):
    signed = {(g["doc_id"], g["sent_id"], frozenset((g["source"], g["target"])))
              for g in gold if g["polarity"] != "neu"}
    for g in gold:
        if g["polarity"] == "neu":
            assert (g["doc_id"], g["sent_id"], frozenset((g["source"], g["target"]))) not in signed, g


def test_sources_md_names_the_fact_behind_every_brief(records):
    sources = Path(demo.__file__).with_name("SOURCES.md")
    if not sources.is_file():
        pytest.skip("SOURCES.md is kept in the source tree only")
    lines = re.findall(r"^- (demo-\d{3}) \((\d{4}-\d{2}-\d{2})\): (.+)$",
                       sources.read_text(encoding="utf-8"), re.M)
    assert [(i, d) for i, d, _ in lines] == [(r["id"], r["date"]) for r in records]
    assert all(len(fact) > 40 for _, _, fact in lines)


# ---------------------------------------------------------------- packaging

def test_data_files_are_package_data():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["allegiance"]
    package_root = REPO / "src" / "allegiance"
    for path in (demo_corpus_path(), demo_gold_path()):
        assert path.parent == package_root / "demo"
        relative = path.relative_to(package_root).as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


@pytest.mark.slow
def test_setuptools_build_copies_the_demo_files(tmp_path):
    """Run setuptools' build_py (the step a wheel is made from) on a copy of the project."""
    import shutil
    import subprocess
    import sys

    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, project / name)
    if not (project / "README.md").exists():
        (project / "README.md").write_text("allegiance\n", encoding="utf-8")
    shutil.copytree(REPO / "src" / "allegiance", project / "src" / "allegiance",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    script = ("import sys, setuptools; "
              "sys.argv = ['setup.py', '-q', 'build_py', '--build-lib', 'out']; setuptools.setup()")
    result = subprocess.run([sys.executable, "-c", script], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    built = project / "out" / "allegiance" / "demo"
    assert (built / "__init__.py").is_file()
    assert (built / "corpus.jsonl").read_bytes() == demo_corpus_path().read_bytes()
    assert (built / "gold.jsonl").read_bytes() == demo_gold_path().read_bytes()
