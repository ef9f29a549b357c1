"""Supplied ids never overwrite and never drop: a reused id with another text is stored apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from store_helpers import article, doc, relation


def test_a_reused_id_with_another_text_is_stored_under_a_derived_id(make_store):
    store = make_store()
    first = store.write_batch([(doc(article(1), "1"), None), (doc(article(2), "2"), None)])
    second = store.write_batch([(doc(article(3), "1", origin="b.csv:2"), None),
                                (doc(article(4), "2", origin="b.csv:3"), None)])
    assert first.stored == 2
    assert (second.stored, second.skipped_existing) == (2, 0)
    renamed = {r.supplied_id: r.doc_id for r in second.renamed}
    assert set(renamed) == {"1", "2"} and all(v.startswith(k + "~") for k, v in renamed.items())
    assert store.get_document("1").text == article(1)  # the first text is never overwritten
    assert store.get_document(renamed["1"]).text == article(3)
    assert store.get_document(renamed["1"]).origin == "b.csv:2"
    assert store.status().documents == 4


def test_reingesting_the_conflicting_input_adds_nothing(make_store):
    store = make_store()
    store.write_batch([(doc(article(1), "1"), None)])
    again = [(doc(article(3), "1"), None)]
    first = store.write_batch(again)
    second = store.write_batch(again)
    assert (first.stored, len(first.renamed)) == (1, 1)
    assert (second.stored, second.skipped_existing, second.renamed) == (0, 1, ())
    assert store.status().documents == 2


def test_a_reused_id_inside_one_batch_keeps_both_texts(make_store):
    store = make_store()
    result = store.write_batch([(doc("first text", "x"), None), (doc("other text", "x"), None),
                                (doc("first text", "x"), None)])
    assert (result.stored, result.skipped_existing, len(result.renamed)) == (2, 1, 1)
    assert store.get_document("x").text == "first text"
    assert store.get_document(result.renamed[0].doc_id).text == "other text"


def test_the_same_id_and_text_is_still_the_same_document(make_store):
    store = make_store()
    store.write_batch([(doc(article(1), "a"), None)])
    result = store.write_batch([(doc(article(1), "a"), [relation("a")])])
    assert (result.stored, result.skipped_existing, result.renamed, result.relations_stored) == (0, 1, (), 1)


def test_a_renamed_document_stays_pending_and_is_extracted_under_its_new_id(make_store):
    store = make_store()
    store.write_batch([(doc(article(1), "a"), [])])
    result = store.write_batch([(doc(article(2), "a"), [relation("a")])])
    new_id = result.renamed[0].doc_id
    assert result.relations_stored == 0  # relations of "a" belong to the first text
    assert [d.id for b in store.pending_extraction() for d in b] == [new_id]


def test_a_renamed_exact_duplicate_is_linked_not_dropped(make_store):
    store = make_store()
    store.write_batch([(doc("Unite backed Corbyn.", "k"), None), (doc("Labour split.", "1"), None)])
    result = store.write_batch([(doc("unite backed corbyn.", "1"), None)])
    assert result.duplicates_exact == 1 and result.renamed[0].supplied_id == "1"
    assert result.duplicates[0].duplicate_of == "k"
    assert store.status().duplicates == 1


def _ingest(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "allegiance", "ingest", "--no-extract", "--json", *args],
                          capture_output=True, text=True, env=env, timeout=300)


def test_two_csv_exports_numbering_rows_alike_are_both_stored(tmp_path):
    (tmp_path / "a.csv").write_text(
        "id,text\n1,Britain formed an alliance with France.\n2,Moscow announced a raid with US forces.\n")
    (tmp_path / "b.csv").write_text(
        "id,text\n1,Unite and the GMB work together now.\n2,Labour split over the vote on Europe.\n")
    db = str(tmp_path / "s.db")
    assert _ingest(str(tmp_path / "a.csv"), "--db", db).returncode == 0
    second = _ingest(str(tmp_path / "b.csv"), "--db", db)
    counts = json.loads(second.stdout)
    assert (counts["stored"], counts["renamed"], counts["skipped_existing"]) == (2, 2, 0)
    assert "already used" in second.stderr and "unique" in second.stderr
    again = json.loads(_ingest(str(tmp_path / "b.csv"), "--db", db).stdout)
    assert (again["stored"], again["renamed"], again["skipped_existing"]) == (0, 0, 2)


def test_renamed_documents_are_listed_with_the_id_they_were_given(make_store):
    store = make_store()
    store.write_batch([(doc(article(1), "7"), None)])
    store.write_batch([(doc(article(2), "7", origin="b.jsonl:1"), None)])
    [renamed] = list(store.iter_renamed())
    assert (renamed.supplied_id, renamed.origin) == ("7", "b.jsonl:1")
    assert store.get_document(renamed.doc_id).text == article(2)
