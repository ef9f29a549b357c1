"""build_signed_graph aggregates in one streaming pass: it agrees with a naive
aggregation that keeps every relation (the rules of the build module docstring),
and it consumes a generator once without holding the relations."""

from __future__ import annotations

import datetime as dt
import gc
import weakref

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType
from allegiance.network import build_signed_graph, relation_id

ACTORS = [Actor("A", "A", ActorKind.PARTY), Actor("B", "B", ActorKind.PARTY),
          Actor("C", "C", ActorKind.COUNTRY), Actor("F", "F", ActorKind.FACTION, parent="A")]
DATES = [None, "2019-12-31", "2020-01-01", "2020-02-15", "2021-06-30", "1990-05-05"]
TYPES = [RelationType.ALLY, RelationType.OPPOSE, RelationType.COOPERATE, RelationType.CRITICISE]


def naive(relations, *, half_life_days=None, reference_date=None, directed=False, collapse_factions=False,
          ambivalence=0.5):
    """Keep everything, then aggregate: the plain reading of the rules."""
    def key(actor):
        if collapse_factions and actor.kind is ActorKind.FACTION and actor.parent:
            return actor.parent
        return actor.id

    kept = []
    for r in relations:
        if r.source.actor is None or r.target.actor is None or r.negated:
            continue
        a, b = key(r.source.actor), key(r.target.actor)
        if a == b:
            continue
        kept.append((a, b, r, dt.date.fromisoformat(r.date) if r.date else None))
    ref = dt.date.fromisoformat(reference_date) if reference_date else None
    ref = ref or max((d for *_x, d in kept if d is not None), default=None)
    pairs: dict = {}
    for a, b, r, d in kept:
        decay = 1.0
        if half_life_days is not None and d is not None and ref is not None:
            decay = 0.5 ** (max(0, (ref - d).days) / half_life_days)
        if directed:
            arcs = [(a, b)] if r.directed else [(a, b), (b, a)]
        else:
            arcs = [tuple(sorted((a, b)))]
        for arc in arcs:
            pairs.setdefault(arc, []).append((r, d, r.confidence * decay))
    out = {}
    for arc, items in pairs.items():
        pos = sum(w for r, _d, w in items if int(r.sign) > 0)
        neg = sum(w for r, _d, w in items if int(r.sign) < 0)
        dated = [(d, int(r.sign)) for r, d, _w in items if d is not None]
        last = max((d for d, _s in dated), default=None)
        last_signs = {s for d, s in dated if d == last}
        tie_sign = last_signs.pop() if len(last_signs) == 1 else -1
        sign = (1 if pos > neg else -1) if abs(pos - neg) > 1e-12 else tie_sign
        types: dict = {}
        for r, _d, _w in items:
            types[r.type.value] = types.get(r.type.value, 0) + 1
        out[arc] = {
            "sign": sign, "positive": pos, "negative": neg, "weight": abs(pos - neg), "total": pos + neg,
            "ambivalent": min(pos, neg) > 0 and min(pos, neg) >= ambivalence * max(pos, neg),
            "count": len(items), "n_positive": sum(1 for r, *_ in items if int(r.sign) > 0),
            "n_negative": sum(1 for r, *_ in items if int(r.sign) < 0),
            "types": dict(sorted(types.items())),
            "first_date": min((d for d, _s in dated), default=None),
            "last_date": last, "evidence": [relation_id(r) for r, *_ in items],
        }
    return out


relation_items = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from(TYPES), st.sampled_from([0.25, 0.5, 0.8, 1.0]),
              st.sampled_from(DATES), st.booleans(), st.booleans()),
    max_size=30,
)


def make(items):
    out = []
    for k, (i, j, t, conf, date, is_directed, negated) in enumerate(items):
        out.append(Relation(f"d{k % 3}", Mention("x", k, k + 1, ACTORS[i]), Mention("y", k + 2, k + 3, ACTORS[j]),
                            t, Evidence("s", k, k + 5), directed=is_directed, negated=negated,
                            confidence=conf, date=date))
    return out


@settings(max_examples=150, deadline=None)
@given(relation_items, st.sampled_from([None, 30.0, 365.0]), st.sampled_from([None, "2020-03-01", "2019-01-01"]),
       st.booleans(), st.booleans())
def test_streaming_aggregation_matches_the_naive_one(items, half_life, reference, directed, collapse):
    rs = make(items)
    G = build_signed_graph(iter(rs), half_life_days=half_life, reference_date=reference, directed=directed,
                           collapse_factions=collapse)
    want = naive(rs, half_life_days=half_life, reference_date=reference, directed=directed,
                 collapse_factions=collapse)
    got = {(u, v): d for u, v, d in G.edges(data=True)}
    if not directed:
        got = {tuple(sorted(arc)): d for arc, d in got.items()}
    assert set(got) == set(want)
    for arc, w in want.items():
        d = got[arc]
        for field in ("positive", "negative", "weight", "total"):
            assert d[field] == pytest.approx(w[field], rel=1e-9, abs=1e-11), field
        if abs(w["positive"] - w["negative"]) > 1e-9:  # away from a floating-point tie
            assert d["sign"] == w["sign"]
            assert d["ambivalent"] == w["ambivalent"]
        elif w["positive"] == w["negative"]:
            assert d["sign"] == w["sign"]
        for field in ("count", "n_positive", "n_negative", "types", "evidence"):
            assert d[field] == w[field], field
        assert d["first_date"] == (w["first_date"].isoformat() if w["first_date"] else None)
        assert d["last_date"] == (w["last_date"].isoformat() if w["last_date"] else None)


def test_exact_tie_sign_is_the_latest_relation_also_with_deferred_decay():
    a, b = ACTORS[0], ACTORS[1]

    def r(t, date, k):
        return Relation("d", Mention("x", k, k + 1, a), Mention("y", k + 2, k + 3, b), t, Evidence("s", k, k + 5),
                        confidence=1.0, date=date)

    rs = [r(RelationType.OPPOSE, "2020-01-01", 0), r(RelationType.ALLY, "2020-01-01", 10),
          r(RelationType.OPPOSE, "2020-01-05", 20), r(RelationType.ALLY, "2020-01-05", 30),
          r(RelationType.ALLY, "2020-01-09", 40), r(RelationType.OPPOSE, "2020-01-09", 50)]
    for half_life in (None, 7.0):
        assert build_signed_graph(rs, half_life_days=half_life)["A"]["B"]["sign"] == -1  # same day: undecided
        assert build_signed_graph(rs[:4], half_life_days=half_life)["A"]["B"]["sign"] == -1
        assert build_signed_graph(rs[:4] + rs[4:5] + rs[4:5], half_life_days=half_life)["A"]["B"]["sign"] == 1


def test_old_relations_decay_without_overflow_over_centuries():
    a, b = ACTORS[0], ACTORS[1]
    rs = [Relation("d", Mention("x", k, k + 1, a), Mention("y", k + 2, k + 3, b), t, Evidence("s", k, k + 5),
                   confidence=1.0, date=date)
          for k, (t, date) in enumerate([(RelationType.ALLY, "1700-01-01"), (RelationType.OPPOSE, "2020-01-01"),
                                         (RelationType.ALLY, "1800-01-01")])]
    G = build_signed_graph(rs, half_life_days=1.0)
    assert G["A"]["B"]["sign"] == -1 and G["A"]["B"]["negative"] == 1.0
    assert G["A"]["B"]["positive"] == 0.0 and G["A"]["B"]["count"] == 3


def test_relations_are_not_held_while_streaming():
    """A generator's relations can be freed as soon as they are aggregated."""
    alive: list = []

    class Extra(dict):  # a relation (slots) cannot be weakly referenced; its extra can
        pass

    def stream():
        for k in range(200):
            if k == 150:  # mid-stream: the relations aggregated so far are gone (all but the last)
                gc.collect()
                held.append(sum(1 for ref in alive if ref() is not None))
            r = Relation("d", Mention("x", k, k + 1, ACTORS[k % 3]), Mention("y", k + 2, k + 3, ACTORS[(k + 1) % 3]),
                         TYPES[k % 4], Evidence("s", k, k + 5), date="2020-01-01", confidence=0.5,
                         extra=Extra())
            alive.append(weakref.ref(r.extra))
            yield r

    held: list[int] = []
    G = build_signed_graph(stream(), half_life_days=30)
    assert held[0] <= 2  # the generator and the loop each still name the last one
    assert sum(d["count"] for *_e, d in G.edges(data=True)) == 200
