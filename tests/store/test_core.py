"""Store behaviour on every backend: idempotence, duplicates, relations, status."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.errors import ConfigError, StoreError
from allegiance.model import Document, RelationType, Sign, TimeFrame
from allegiance.store import BatchResult, StoreStatus, open_store
from store_helpers import GMB, RUSSIA, TALIBAN, UNITE, USA, article, doc, edited, relation


# ------------------------------------------------------------------ documents


def test_rewriting_the_same_batch_stores_nothing_new(make_store):
    store = make_store()
    batch = [(doc(article(i), date="2020-01-0%d" % (i + 1)), None) for i in range(5)]
    first = store.write_batch(batch)
    second = store.write_batch(batch)
    assert (first.stored, first.skipped_existing) == (5, 0)
    assert (second.stored, second.skipped_existing, second.duplicates_exact) == (0, 5, 0)
    assert store.status().documents == 5
    assert [d.id for d in store.iter_documents()] == [d.id for d, _ in batch]


def test_documents_round_trip_with_all_fields(make_store):
    store = make_store()
    original = Document(id="a01", text="Moscow and Washington agree.", title="Friends at last?",
                        date="2010-11-18", source="New Statesman", url="https://example.org/a",
                        origin="seed.txt:1")
    store.write_batch([(original, None)])
    assert store.get_document("a01") == original
    assert store.get_document("missing") is None


def test_same_id_twice_in_one_batch_is_skipped_once(make_store):
    store = make_store()
    result = store.write_batch([(doc("first text", "x"), None), (doc("first  text", "x"), None)])
    assert (result.stored, result.skipped_existing) == (1, 1)
    assert store.get_document("x").text == "first text"


def test_exact_duplicates_are_linked_not_dropped(make_store):
    store = make_store()
    r1 = store.write_batch([(doc("Unite and the GMB are at odds.", "a"), None),
                            (doc("unite and the GMB   are at odds.", "b"), None)])
    r2 = store.write_batch([(doc("UNITE AND THE GMB ARE AT ODDS.", "c"), None)])
    assert (r1.stored, r1.duplicates_exact, r2.duplicates_exact) == (1, 1, 1)
    links = {link.doc_id: link for link in store.iter_duplicates()}
    assert {k: (v.duplicate_of, v.kind, v.similarity) for k, v in links.items()} == {
        "b": ("a", "exact", 1.0), "c": ("a", "exact", 1.0)}
    assert store.get_document("c").text == "UNITE AND THE GMB ARE AT ODDS."
    assert store.status().to_dict()["duplicates"] == 2
    assert [d.id for d in store.iter_documents(include_duplicates=False)] == ["a"]


def test_different_texts_are_not_exact_duplicates(make_store):
    store = make_store()
    result = store.write_batch([(doc("Unite backs the GMB."), None), (doc("Unite opposes the GMB."), None)])
    assert (result.stored, result.duplicates_exact, result.duplicates_near) == (2, 0, 0)


def test_near_duplicate_is_linked_with_its_similarity(make_store):
    store = make_store()
    base = article(1)
    store.write_batch([(doc(base, "kept"), None), (doc(article(2), "other"), None)])
    result = store.write_batch([(doc(edited(base, 2), "copy"), None)])
    assert (result.stored, result.duplicates_near) == (0, 1)
    link = result.duplicates[0]
    assert (link.doc_id, link.duplicate_of, link.kind) == ("copy", "kept", "near")
    assert 0.8 <= link.similarity < 1.0


def test_near_duplicate_within_one_batch(make_store):
    store = make_store()
    base = article(3)
    result = store.write_batch([(doc(base, "a"), None), (doc(edited(base, 1), "b"), None)])
    assert (result.stored, result.duplicates_near) == (1, 1)
    assert result.duplicates[0].duplicate_of == "a"


def test_heavily_edited_text_is_not_a_near_duplicate(make_store):
    store = make_store()
    base = article(4)
    result = store.write_batch([(doc(base, "a"), None), (doc(edited(base, 40), "b"), None)])
    assert (result.stored, result.duplicates_near) == (2, 0)


def test_short_texts_are_never_near_duplicates(make_store):
    # one changed word in a sentence can flip the relation it states
    store = make_store()
    a = "The party's Corbynsceptics allied with the party's BAME leadership to draw up a shortlist."
    b = a.replace("allied with", "fought with")
    result = store.write_batch([(doc(a), None), (doc(b), None)])
    assert (result.stored, result.duplicates_near) == (2, 0)


def test_near_duplicate_index_persists_across_runs(store_url):
    base = article(5)
    with open_store(store_url) as store:
        store.write_batch([(doc(base, "kept"), None)])
    with open_store(store_url) as store:
        result = store.write_batch([(doc(edited(base, 2), "later"), None)])
    assert result.duplicates_near == 1 and result.duplicates[0].duplicate_of == "kept"


def test_detection_off_still_indexes_new_documents(store_url):
    base = article(6)
    with open_store(store_url, near_threshold=None) as store:
        assert store.near_duplicates is None
        r = store.write_batch([(doc(base, "kept"), None), (doc(edited(base, 1), "copy1"), None)])
        assert (r.stored, r.duplicates_near) == (2, 0)
    with open_store(store_url) as store:
        result = store.write_batch([(doc(edited(base, 2), "copy2"), None)])
    assert result.duplicates_near == 1


def test_a_new_threshold_rebuilds_the_index(store_url):
    base = article(7)
    middling = edited(base, 25)  # similarity about 0.6: below 0.8, above 0.3
    with open_store(store_url) as store:
        assert store.write_batch([(doc(base, "kept"), None)]).stored == 1
        assert store.write_batch([(doc(middling, "m1"), None)]).duplicates_near == 0
    with open_store(store_url, near_threshold=0.3) as store:
        result = store.write_batch([(doc(middling + " extra", "m2"), None)])
    assert result.duplicates_near == 1
    assert result.duplicates[0].duplicate_of in {"kept", "m1"}


def test_bad_batch_items_raise_store_error_and_store_nothing(make_store):
    store = make_store()
    with pytest.raises(StoreError, match="not a Document"):
        store.write_batch([(doc("fine", "a"), None), ("just text", None)])
    with pytest.raises(StoreError, match="pair"):
        store.write_batch([(doc("fine", "a"), [relation("other")])])
    with pytest.raises(StoreError, match="not a \\(Document, relations\\) pair"):
        store.write_batch([doc("fine", "a")])
    assert store.status().documents == 0


def test_empty_batch_is_a_no_op(make_store):
    assert make_store().write_batch([]) == BatchResult()


# ------------------------------------------------------------------ relations


def test_relation_round_trip(make_store):
    store = make_store()
    rels = [
        relation("a01", RUSSIA, USA, RelationType.COOPERATE, directed=False, confidence=0.83,
                 rule="svo", extra={"trigger": "joint raid"}),
        relation("a01", TALIBAN, USA, RelationType.ABANDON, offset=100, directed=True,
                 time=TimeFrame.PAST, negated=False),
        relation("a01", None, UNITE, RelationType.CRITICISE, offset=200, date=None),
    ]
    result = store.write_batch([(doc("article text " * 30, "a01", date="2010-11-18"), rels)])
    assert result.relations_stored == 3
    back = list(store.iter_relations())
    assert [r.to_dict() for r in back] == [r.to_dict() for r in rels]
    assert back == rels  # full equality: actors with kinds, aliases, confidences, rule
    assert back[0].extra == {"trigger": "joint raid"}
    assert {a.id: a.kind.value for a in store.iter_actors()} == {
        "RUS": "country", "USA": "country", "TALIBAN": "armed_group", "UNITE": "union"}
    assert next(a for a in store.iter_actors() if a.id == "RUS").aliases == ("Moscow", "the Kremlin")


def test_rerunning_relations_adds_nothing(make_store):
    store = make_store()
    item = (doc("text", "d1"), [relation("d1"), relation("d1", offset=60)])
    assert store.write_batch([item]).relations_stored == 2
    assert store.write_batch([item]).relations_stored == 0
    # the same key twice in one batch is stored once
    twice = (doc("text 2", "d2"), [relation("d2"), relation("d2")])
    assert store.write_batch([twice]).relations_stored == 1
    assert store.status().relations == 3


def test_relations_of_duplicates_are_not_stored(make_store):
    store = make_store()
    result = store.write_batch([
        (doc("Moscow works with the US.", "a"), [relation("a")]),
        (doc("Moscow works with the US.", "b"), [relation("b")]),
    ])
    assert (result.duplicates_exact, result.relations_stored) == (1, 1)
    assert [r.doc_id for r in store.iter_relations()] == ["a"]
    assert store.integrity_check()


def test_pending_extraction_then_extract(make_store):
    store = make_store()
    docs = [doc(article(i), f"d{i}") for i in range(7)] + [doc(article(0), "dup")]
    store.write_batch([(d, None) for d in docs])
    pending = list(store.pending_extraction(batch_size=3))
    assert [[d.id for d in b] for b in pending] == [["d0", "d1", "d2"], ["d3", "d4", "d5"], ["d6"]]
    # extract while iterating, as `ingest` does after --no-extract or a crash
    stored = 0
    for batch in store.pending_extraction(batch_size=2):
        result = store.write_batch([(d, [relation(d.id)] if d.id != "d3" else []) for d in batch])
        assert result.skipped_existing == len(batch) and result.stored == 0
        stored += result.relations_stored
    assert stored == 6
    assert list(store.pending_extraction()) == []
    assert store.status().relations == 6


def test_relations_given_for_a_known_duplicate_are_ignored(make_store):
    store = make_store()
    store.write_batch([(doc("same text", "a"), None), (doc("same text", "b"), None)])
    result = store.write_batch([(doc("same text", "b"), [relation("b")])])
    assert (result.skipped_existing, result.relations_stored) == (1, 0)


def test_relation_filters(make_store):
    store = make_store()
    store.write_batch([
        (doc("one", "d1", date="2001-01-01"), [
            relation("d1", RUSSIA, USA, RelationType.COOPERATE, date="2001-01-01"),
            relation("d1", TALIBAN, USA, RelationType.ATTACK, offset=80, date=None),
        ]),
        (doc("two", "d2", date="2012-05-05"), [
            relation("d2", UNITE, GMB, RelationType.RIVAL, date="2012-05-05"),
        ]),
    ])

    def keys(**kw):
        return sorted((r.doc_id, r.source.actor.id) for r in store.iter_relations(**kw))

    assert keys(sign=Sign.NEGATIVE) == [("d1", "TALIBAN"), ("d2", "UNITE")]
    assert keys(sign=1) == [("d1", "RUS")]
    assert keys(actor="USA") == [("d1", "RUS"), ("d1", "TALIBAN")]
    assert keys(actor=GMB) == [("d2", "UNITE")]
    assert keys(doc_id="d2") == [("d2", "UNITE")]
    # a relation without a date takes its document's date
    assert keys(since="2000-01-01", until="2005-12-31") == [("d1", "RUS"), ("d1", "TALIBAN")]
    assert keys(since=datetime.date(2010, 1, 1)) == [("d2", "UNITE")]
    assert keys(since="2001-01-01", actor="USA", sign=-1) == [("d1", "TALIBAN")]
    with pytest.raises(ConfigError):
        list(store.iter_relations(sign=2))


def test_actor_upsert_keeps_one_row_per_actor(make_store):
    store = make_store()
    renamed = dataclasses.replace(RUSSIA, name="Russian Federation")
    store.write_batch([(doc("one", "d1"), [relation("d1")])])
    store.write_batch([(doc("two", "d2"), [relation("d2", renamed, USA)])])
    actors = {a.id: a.name for a in store.iter_actors()}
    assert actors == {"RUS": "Russian Federation", "USA": "United States"}


# ------------------------------------------------------------------ rejected, status, integrity


def test_record_rejected_is_idempotent(make_store):
    store = make_store()
    store.record_rejected("messy/empty.txt", "empty file; give a file with text")
    store.record_rejected("messy/empty.txt", "empty file; give a file with text")
    store.record_rejected("messy/blob.bin", "binary data; give a text file")
    store.record_rejected("messy/empty.txt", "still empty; give a file with text")
    rejected = {r.origin: r.message for r in store.iter_rejected()}
    assert rejected == {"messy/blob.bin": "binary data; give a text file",
                        "messy/empty.txt": "still empty; give a file with text"}


def test_status_counts(make_store):
    store = make_store()
    base = article(9)
    store.write_batch([
        (doc(base, "a"), [relation("a"), relation("a", TALIBAN, USA, RelationType.FIGHT, offset=70)]),
        (doc(base, "b"), None),
        (doc(edited(base, 1), "c"), None),
        (doc("short", "d"), []),
    ])
    store.record_rejected("x.bin", "binary")
    status = store.status()
    assert isinstance(status, StoreStatus)
    assert status.to_dict() == {"documents": 2, "duplicates": 2, "rejected": 1, "actors": 3,
                                "relations": 2, "schema_version": 4}


def test_integrity_check_finds_broken_rules(make_store, backend):
    store = make_store()
    store.write_batch([(doc("same", "a"), None), (doc("same", "b"), None)])
    assert store.integrity_check() and store.integrity_problems() == []
    db = store._conn  # break a rule behind the store's back
    db.execute("UPDATE documents SET duplicate_of = NULL, duplicate_kind = NULL, similarity = NULL "
               "WHERE id = 'b'")
    assert not store.integrity_check()
    assert store.integrity_problems() == ["1 content hashes with more than one kept document"]


def test_closed_store_says_so(store_url):
    store = open_store(store_url)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.status()


# ------------------------------------------------------------------ properties

_TEXTS = [article(100 + i, words=60) for i in range(6)] + ["tiny one", "tiny two"]


@st.composite
def batched_documents(draw):
    """A list of documents (some repeated, some exact copies) and a split into batches."""
    picks = draw(st.lists(st.tuples(st.integers(0, len(_TEXTS) - 1), st.integers(0, 3)),
                          min_size=1, max_size=14))
    docs = [Document(id=f"t{t}v{v}", text=_TEXTS[t] if v % 2 else _TEXTS[t].upper()) for t, v in picks]
    order = draw(st.permutations(range(len(docs))))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(docs) - 1)), max_size=4)))
    shuffled = [docs[i] for i in order]
    batches, start = [], 0
    for cut in [*cuts, len(shuffled)]:
        batches.append(shuffled[start:cut])
        start = cut
    return docs, [b for b in batches if b]


def _stored_state(store):
    rows = store._conn.query("SELECT id, content_hash, duplicate_of IS NULL FROM documents")
    ids = sorted(r[0] for r in rows)
    kept_hashes = sorted(r[1] for r in rows if r[2])
    return ids, kept_hashes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=batched_documents())
def test_any_permutation_and_partition_stores_the_same_set(data):
    docs, batches = data
    with open_store(":memory:") as reference:
        reference.write_batch([(d, None) for d in docs])
        expected = _stored_state(reference)
    with open_store(":memory:") as store:
        for batch in batches:
            store.write_batch([(d, [relation(d.id)]) for d in batch])
        assert _stored_state(store) == expected
        status = store.status()
        assert status.documents == len(set(d.content_hash for d in docs))
        assert status.documents + status.duplicates == len({d.id for d in docs})
        assert status.relations == status.documents  # one per kept document, none for duplicates
        assert list(store.pending_extraction()) == []
        assert store.integrity_check()


def test_nul_characters_are_stored_as_replacement_characters(make_store):
    store = make_store()
    store.write_batch([(doc("Unite\x00 and the GMB", "n"), [relation("n")])])
    stored = store.get_document("n")
    assert stored.text == "Unite\ufffd and the GMB" and len(stored.text) == len("Unite\x00 and the GMB")
    store.record_rejected("bad\x00name.txt", "binary")
    assert [r.origin for r in store.iter_rejected()] == ["bad\ufffdname.txt"]


def test_batches_larger_than_one_query_chunk(make_store):
    # more ids, hashes and relations than one IN (...) list holds
    store = make_store()
    docs = [doc(f"brief number {i} about the coalition talks", f"b{i:04d}") for i in range(1100)]
    first = store.write_batch([(d, [relation(d.id)]) for d in docs])
    copies = [doc(d.text.upper(), d.id + "-copy") for d in docs[:700]]
    second = store.write_batch([(d, [relation(d.id)]) for d in docs + copies])
    assert (first.stored, first.relations_stored) == (1100, 1100)
    assert (second.stored, second.skipped_existing, second.duplicates_exact,
            second.relations_stored) == (0, 1100, 700, 0)
    assert store.status().to_dict()["duplicates"] == 700
    assert sum(len(b) for b in store.pending_extraction()) == 0
    assert len(list(store.iter_relations())) == 1100


def test_new_shingle_settings_recompute_the_signatures(store_url):
    text = article(21, words=30)  # too short for near-duplicate detection by default
    with open_store(store_url) as store:
        store.write_batch([(doc(text, "short"), None)])
        assert store.write_batch([(doc(edited(text, 1), "e1"), None)]).duplicates_near == 0
    with open_store(store_url, near_min_words=10, shingle_size=2, num_perm=64) as store:
        assert store._conn.scalar("SELECT COUNT(*) FROM minhash") == 2
        result = store.write_batch([(doc(edited(text, 1, seed=5), "e2"), None)])
    assert result.duplicates_near == 1 and result.duplicates[0].duplicate_of in {"short", "e1"}


def test_malformed_relations_and_actors_are_store_errors_and_roll_back(make_store):
    store = make_store()
    bad_kind = dataclasses.replace(RUSSIA, kind="empire")
    with pytest.raises(StoreError, match="actor 'RUS' cannot be stored"):
        store.write_batch([(doc("one", "d1"), [relation("d1", bad_kind, USA)])])
    bad_time = dataclasses.replace(relation("d2"), time="someday")
    with pytest.raises(StoreError, match="a relation of document 'd2' cannot be stored"):
        store.write_batch([(doc("two", "d2"), [bad_time])])
    assert store.status().to_dict()["documents"] == 0  # the whole batch was rolled back
