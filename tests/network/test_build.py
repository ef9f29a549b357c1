"""build_signed_graph and window_series: the aggregation rules of issue 6."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.errors import ConfigError
from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType, TimeFrame
from allegiance.network import build_signed_graph, parse_duration, relation_id, window_series

UK = Actor("GBR", "United Kingdom", ActorKind.COUNTRY)
FR = Actor("FRA", "France", ActorKind.COUNTRY)
DE = Actor("DEU", "Germany", ActorKind.COUNTRY)
LAB = Actor("LAB", "Labour", ActorKind.PARTY)
MOM = Actor("MOMENTUM", "Momentum", ActorKind.FACTION, parent="LAB")
UNITE = Actor("UNITE", "Unite", ActorKind.UNION)

_counter = iter(range(10**9))


def rel(a, b, type_, *, conf=1.0, date="2020-01-01", directed=False, negated=False, time=TimeFrame.CURRENT):
    off = next(_counter) * 10
    return Relation("doc", Mention(a.name, off, off + 2, a), Mention(b.name, off + 4, off + 6, b), type_,
                    Evidence("sentence", off, off + 9), directed=directed, negated=negated,
                    confidence=conf, date=date, time=time)


def test_weight_is_count_times_confidence_and_sign_the_weighted_vote():
    G = build_signed_graph([
        rel(UK, FR, RelationType.ALLY, conf=0.8),
        rel(FR, UK, RelationType.COOPERATE, conf=0.6),
        rel(UK, FR, RelationType.CRITICISE, conf=0.5),
    ])
    e = G["GBR"]["FRA"]
    assert e["sign"] == 1
    assert e["positive"] == pytest.approx(1.4) and e["negative"] == pytest.approx(0.5)
    assert e["weight"] == pytest.approx(0.9) and e["total"] == pytest.approx(1.9)
    assert e["count"] == 3 and e["n_positive"] == 2 and e["n_negative"] == 1
    assert e["types"] == {"ally": 1, "cooperate": 1, "criticise": 1}
    assert e["ambivalent"] is False  # 0.5 < 0.5 * 1.4
    assert len(e["evidence"]) == 3 and len(set(e["evidence"])) == 3


def test_both_signs_strong_is_ambivalent():
    G = build_signed_graph([rel(UK, FR, RelationType.ALLY), rel(UK, FR, RelationType.RIVAL, conf=0.7)])
    assert G["GBR"]["FRA"]["ambivalent"] is True and G["GBR"]["FRA"]["sign"] == 1


def test_exact_tie_goes_to_the_latest_relation():
    G = build_signed_graph([rel(UK, DE, RelationType.ALLY, date="1900-01-01"),
                            rel(UK, DE, RelationType.FIGHT, date="1914-08-04")])
    assert G["GBR"]["DEU"]["sign"] == -1 and G["GBR"]["DEU"]["ambivalent"]
    G = build_signed_graph([rel(UK, DE, RelationType.FIGHT, date="1914-08-04"),
                            rel(UK, DE, RelationType.ALLY, date="1955-05-09")])
    assert G["GBR"]["DEU"]["sign"] == 1
    assert G["GBR"]["DEU"]["first_date"] == "1914-08-04" and G["GBR"]["DEU"]["last_date"] == "1955-05-09"


def test_negated_and_unresolved_relations_are_not_edges():
    unresolved = Relation("d", Mention("someone", 0, 7), Mention("France", 10, 16, FR), RelationType.ALLY,
                          Evidence("x", 0, 20))
    G = build_signed_graph([rel(UK, FR, RelationType.ALLY, negated=True), unresolved])
    assert G.number_of_edges() == 0


def test_evidence_ids_are_relation_ids():
    r = rel(UK, FR, RelationType.ALLY)
    assert build_signed_graph([r])["GBR"]["FRA"]["evidence"] == [relation_id(r)]
    stored = Relation(r.doc_id, r.source, r.target, r.type, r.evidence, extra={"id": 42})
    assert relation_id(stored) == "42"


def test_half_life_decay_halves_the_weight_of_older_relations():
    G = build_signed_graph([rel(UK, FR, RelationType.ALLY, date="2020-01-01"),
                            rel(UK, DE, RelationType.OPPOSE, date="2020-01-31")], half_life_days=30)
    assert G["GBR"]["FRA"]["weight"] == pytest.approx(0.5)
    assert G["GBR"]["DEU"]["weight"] == pytest.approx(1.0)
    G = build_signed_graph([rel(UK, FR, RelationType.ALLY, date="2020-01-01")], half_life_days=10,
                           reference_date="2020-01-21")
    assert G["GBR"]["FRA"]["weight"] == pytest.approx(0.25)


def test_recent_hostility_outweighs_old_friendship_with_decay_only():
    rs = [rel(UK, DE, RelationType.ALLY, date="2000-01-01"), rel(UK, DE, RelationType.ALLY, date="2000-01-02"),
          rel(UK, DE, RelationType.OPPOSE, date="2020-01-01")]
    assert build_signed_graph(rs)["GBR"]["DEU"]["sign"] == 1
    assert build_signed_graph(rs, half_life_days=365)["GBR"]["DEU"]["sign"] == -1


def test_since_until_keep_dated_relations_in_range():
    rs = [rel(UK, FR, RelationType.ALLY, date="2019-06-01"), rel(UK, DE, RelationType.OPPOSE, date="2020-06-01"),
          rel(FR, DE, RelationType.OPPOSE, date=None)]
    G = build_signed_graph(rs, since="2020-01-01")
    assert list(G.edges()) == [("GBR", "DEU")]
    assert build_signed_graph(rs, until="2019-12-31").has_edge("GBR", "FRA")
    assert build_signed_graph(rs).number_of_edges() == 3  # no bounds: undated kept


def test_kinds_filter_and_faction_collapse():
    rs = [rel(MOM, UNITE, RelationType.ALLY), rel(MOM, LAB, RelationType.CRITICISE), rel(UK, FR, RelationType.ALLY)]
    G = build_signed_graph(rs, kinds=["faction", "union"])
    assert set(G.edges()) == {("MOMENTUM", "UNITE")}
    G = build_signed_graph(rs, collapse_factions=True)
    assert G.has_edge("LAB", "UNITE") and "MOMENTUM" not in G
    assert G.graph["dropped_self_loops"] == 1  # Momentum vs Labour became Labour vs Labour
    assert G.nodes["UNITE"]["kind"] == "union"


def test_directed_view():
    rs = [rel(UK, FR, RelationType.CRITICISE, directed=True), rel(UK, DE, RelationType.ALLY, directed=False)]
    D = build_signed_graph(rs, directed=True)
    assert D.has_edge("GBR", "FRA") and not D.has_edge("FRA", "GBR")
    assert D.has_edge("GBR", "DEU") and D.has_edge("DEU", "GBR")


def test_timeframes_filter():
    rs = [rel(UK, FR, RelationType.RIVAL, time=TimeFrame.PAST), rel(UK, FR, RelationType.ALLY)]
    assert build_signed_graph(rs, timeframes=["current"])["GBR"]["FRA"]["count"] == 1


def test_bad_options_raise_config_errors():
    with pytest.raises(ConfigError):
        build_signed_graph([], half_life_days=0)
    with pytest.raises(ConfigError):
        build_signed_graph([rel(UK, FR, RelationType.ALLY)], since="last tuesday")
    with pytest.raises(ConfigError):
        parse_duration("a while")


def test_window_series_overlapping_windows():
    rs = [rel(UK, FR, RelationType.ALLY, date="2019-02-01"), rel(UK, FR, RelationType.RIVAL, date="2019-08-01"),
          rel(UK, FR, RelationType.RIVAL, date="2019-09-01")]
    ws = window_series(rs, window="6m", step="3m", start="2019-01-01", end="2019-09-30")
    assert [w.label for w in ws] == ["2019-01-01..2019-06-30", "2019-04-01..2019-09-30", "2019-07-01..2019-12-31"]
    assert [w.graph["GBR"]["FRA"]["sign"] for w in ws] == [1, -1, -1]
    assert window_series([rel(UK, FR, RelationType.ALLY, date=None)]) == []


relation_strategy = st.tuples(
    st.sampled_from([UK, FR, DE, LAB]), st.sampled_from([UK, FR, DE, LAB]),
    st.sampled_from(list(RelationType)), st.floats(0.05, 1.0),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(relation_strategy, max_size=25))
def test_aggregation_invariants(items):
    rs = [rel(a, b, t, conf=c) for a, b, t, c in items]
    G = build_signed_graph(rs)
    kept = [r for r in rs if r.source.actor.id != r.target.actor.id]
    assert sum(d["count"] for *_e, d in G.edges(data=True)) == len(kept)
    for u, v, d in G.edges(data=True):
        assert d["sign"] in (1, -1)
        assert d["total"] == pytest.approx(d["positive"] + d["negative"])
        assert d["weight"] == pytest.approx(abs(d["positive"] - d["negative"]))
        if d["positive"] > d["negative"] + 1e-9:
            assert d["sign"] == 1
        if d["negative"] > d["positive"] + 1e-9:
            assert d["sign"] == -1
    # order of relations does not matter
    H = build_signed_graph(list(reversed(rs)))
    assert {frozenset((u, v)): s for u, v, s in G.edges(data="sign")} == \
        {frozenset((u, v)): s for u, v, s in H.edges(data="sign")}


def test_a_joined_group_counts_for_each_member_and_is_no_node_of_its_own():
    from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType

    chn, rus, jpn = (Actor(i, n, ActorKind.COUNTRY) for i, n in (("CHN", "China"), ("RUS", "Russia"), ("JPN", "Japan")))
    both = Actor("GRP:CHN+RUS", "Russia and China", ActorKind.GROUP)

    def rel(a, b, t, start):
        return Relation("d1", Mention(a.name, start, start + 3, a), Mention(b.name, start + 9, start + 12, b), t,
                        Evidence("...", start, start + 20), date="2020-01-01")

    G = build_signed_graph([rel(both, jpn, RelationType.CRITICISE, 0), rel(chn, jpn, RelationType.OPPOSE, 30),
                            rel(rus, both, RelationType.ALLY, 60)])
    assert sorted(G.nodes) == ["CHN", "JPN", "RUS"]
    assert G["CHN"]["JPN"]["count"] == 2 and G["RUS"]["JPN"]["count"] == 1 and G["RUS"]["JPN"]["sign"] == -1
    assert G["CHN"]["RUS"]["sign"] == 1 and G.graph["dropped_self_loops"] == 1  # Russia with itself
    assert G.nodes["CHN"]["name"] == "China"  # named by the relation that names China itself
    assert G.nodes["RUS"]["name"] == "Russia" and G.nodes["RUS"]["kind"] == "country"
