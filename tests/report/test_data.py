"""report_data: what the report shows, computed from relations."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType, TimeFrame
from allegiance.report import choose_period, report_data, report_data_from_store
from allegiance.store import open_store


def _small(small_db):
    with open_store(small_db) as store:
        return report_data_from_store(store)


def test_network_counts_and_attributes(small_db):
    data = _small(small_db)
    assert data.meta["actors"] == 8 and data.meta["ties"] == 11 and data.meta["relations"] == 11
    edges = {frozenset((e["source"], e["target"])): e for e in data.edges}
    assert edges[frozenset(("GBR", "FRA"))]["sign"] == 1
    assert edges[frozenset(("GBR", "DEU"))]["sign"] == -1
    # Italy's alliance with Germany is only told in the past tense: drawn dashed
    assert edges[frozenset(("ITA", "DEU"))]["past"] is True
    assert edges[frozenset(("GBR", "DEU"))]["past"] is False
    # Italy allied with Germany but at war with Germany's ally: one tie of that triangle must flip
    triangle = [frozenset(("ITA", "DEU")), frozenset(("ITA", "AUT")), frozenset(("DEU", "AUT"))]
    assert sum(edges[k]["frustrated"] for k in triangle) == 1
    assert sum(e["frustrated"] for e in data.edges) == data.meta["balance"]["frustration"]


def test_every_relation_is_evidence_of_exactly_one_edge(small_db):
    data = _small(small_db)
    used = sorted(i for e in data.edges for i in e["relations"])
    assert used == list(range(len(data.relations)))
    for r in data.relations:
        for start, end, role in r["marks"]:
            mention = r["source_mention"] if role == "source" else r["target_mention"]
            assert r["sentence"][start:end] == mention
    assert data.documents["d1"]["title"] == "Dispatch d1"


def test_blocs_split_the_camps(small_db):
    data = _small(small_db)
    bloc = {n["id"]: n["bloc"] for n in data.nodes}
    assert bloc["GBR"] == bloc["FRA"] == bloc["RUS"]
    assert bloc["DEU"] == bloc["AUT"] != bloc["GBR"]
    # Labour and Unite meet nobody else: their own bloc, not merged with the war
    assert bloc["GBR-LAB"] == bloc["GBR-UNITE"] not in (bloc["GBR"], bloc["DEU"])
    names = [sorted(m[0] for m in b["members"]) for b in data.tables["blocs"]]
    assert ["Labour Party", "Unite"] in names


def test_tables(small_db):
    t = _small(small_db).tables
    assert all(r["sign"] > 0 for r in t["alliances"]) and all(r["sign"] < 0 for r in t["rivalries"])
    assert t["strained"][0]["frustrated"] and {t["strained"][0]["source"], t["strained"][0]["target"]} <= {"ITA", "DEU", "AUT"}
    # Britain and France: their shared enemy Germany holds them together
    fragile = {frozenset((r["source"], r["target"])): r for r in t["fragile"]}
    assert fragile[frozenset(("GBR", "FRA"))]["shared_enemies"] >= 1
    preds = {frozenset((r["source"], r["target"])): r for r in t["predictions"]}
    # Britain's friend Russia fights Austria-Hungary, Britain's enemy Germany backs it: predicted hostile
    assert preds[frozenset(("GBR", "AUT"))]["sign"] == -1
    assert all(0 <= r["confidence"] <= 1 for r in t["predictions"])


def test_timeline(small_db):
    data = _small(small_db)
    periods = data.timeline["periods"]
    assert data.timeline["period"] == "year"
    assert [p["label"] for p in periods] == [str(y) for y in range(1904, 1916)]  # continuous, gaps shown
    by = {p["label"]: p for p in periods}
    assert by["1914"]["negative"] == 4 and by["1914"]["positive"] == 1 and by["1910"]["positive"] == 0
    dated = sum(p["positive"] + p["negative"] for p in periods)
    assert dated == 10  # the Labour/Unite relation is undated
    assert data.timeline["balance"] and all(-1 <= r["normalised"] <= 1 for r in data.timeline["balance"] if r["edges"])


def test_choose_period():
    assert choose_period("1914-01-01", "1920-01-01") == "year"
    assert choose_period("1987-02-26", "1987-10-20") == "month"
    assert choose_period("2020-01-01", "2020-01-31") == "day"


def test_drawing_limit_keeps_all_evidence(small_db):
    with open_store(small_db) as store:
        data = report_data_from_store(store, max_drawn_nodes=3)
    assert data.meta["drawn_actors"] == 3 and sum(n["drawn"] for n in data.nodes) == 3
    assert len(data.relations) == 11 and sum(len(e["relations"]) for e in data.edges) == 11


def test_negated_unresolved_and_self_relations_are_counted_not_drawn():
    a, b = Actor("A", "A", ActorKind.PARTY), Actor("B", "B", ActorKind.PARTY)
    ev = Evidence("A does not back B.", 0, 18)
    rels = [
        Relation("d", Mention("A", 0, 1, a), Mention("B", 16, 17, b), RelationType.SUPPORT, ev, negated=True),
        Relation("d", Mention("A", 0, 1, a), Mention("B", 16, 17, None), RelationType.SUPPORT, ev),
        Relation("d", Mention("A", 0, 1, a), Mention("A", 16, 17, a), RelationType.SUPPORT, ev),
    ]
    data = report_data(rels)
    assert data.meta["relations"] == 0 and data.meta["relations_skipped"] == {"negated": 1, "unresolved": 1, "self": 1}


_ACTORS = [Actor(f"P{i}", f"Party {i}", ActorKind.PARTY) for i in range(6)]


@st.composite
def _relations(draw):
    out = []
    for k in range(draw(st.integers(0, 14))):
        i, j = draw(st.sampled_from([(i, j) for i in range(6) for j in range(6) if i != j]))
        rtype = draw(st.sampled_from([RelationType.ALLY, RelationType.OPPOSE, RelationType.ATTACK, RelationType.SUPPORT]))
        year = draw(st.one_of(st.none(), st.integers(1990, 2020)))
        sentence = f"Party {i} and Party {j} <b>{k}</b>."
        out.append(Relation(f"d{k}", Mention(f"Party {i}", 0, 7, _ACTORS[i]), Mention(f"Party {j}", 12, 19, _ACTORS[j]),
                            rtype, Evidence(sentence, 0, len(sentence)), date=f"{year}-06-01" if year else None,
                            time=draw(st.sampled_from(list(TimeFrame))), confidence=draw(st.floats(0.1, 1.0))))
    return out


@settings(max_examples=12, deadline=None)
@given(_relations())
def test_invariants(relations):
    data = report_data(relations, time_limit=2.0)
    assert len(data.relations) == len(relations)
    assert sorted(i for e in data.edges for i in e["relations"]) == list(range(len(relations)))
    ids = {n["id"] for n in data.nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in data.edges)
    assert all(e["sign"] in (1, -1) and e["weight"] >= 0 for e in data.edges)
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in data.nodes)
    json.loads(data.to_json())  # always valid JSON (NaN written as null)
    # deterministic: same input, same report
    assert report_data(relations, time_limit=2.0).to_json() == data.to_json()
