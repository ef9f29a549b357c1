"""Triangle census, triangle and walk balance, directed triads, strain, fragility,
sign prediction: toy networks of our own, published values, invariants."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from signed_strategies import signed_graphs

from allegiance.balance import (
    alliance_fragility,
    directed_triad_census,
    edge_strain,
    evaluate_sign_prediction,
    node_triangle_census,
    predict_signs,
    triangle_balance,
    triangle_census,
    walk_balance,
)
from allegiance.errors import ConfigError, InputError
from allegiance.io import read_edge_list

BALANCE = ("data", "balance")


def entente() -> nx.Graph:
    """1907: the Triple Entente against the Triple Alliance, Italy wavering."""
    G = nx.Graph()
    entente_, central = ["GBR", "FRA", "RUS"], ["DEU", "AUT"]
    G.add_edges_from(itertools.combinations(entente_, 2), sign=1)
    G.add_edges_from(itertools.combinations(central, 2), sign=1)
    G.add_edges_from(itertools.product(entente_, central), sign=-1)
    G.add_edge("ITA", "DEU", sign=1)
    G.add_edge("ITA", "AUT", sign=-1)  # unbalanced: Italy allied with Germany, hostile to Austria
    return G


def test_census_of_the_toy_entente():
    c = triangle_census(entente())
    # +++: GBR-FRA-RUS; +--: each entente pair with one central power (3*2) and each
    # central pair with one entente power (3); ++- : ITA-DEU-AUT
    assert c.to_dict() == {"+++": 1, "++-": 1, "+--": 9, "---": 0}
    assert c.total == 11 and c.balanced == 10
    assert triangle_balance(entente()) == pytest.approx(10 / 11)
    per = node_triangle_census(entente())
    assert per["ITA"].to_dict() == {"+++": 0, "++-": 1, "+--": 0, "---": 0}
    assert sum(p.total for p in per.values()) == 3 * c.total


def test_no_triangles_gives_nan_and_unknown_node_errors():
    G = nx.path_graph(4)
    nx.set_edge_attributes(G, 1, "sign")
    assert math.isnan(triangle_balance(G))
    with pytest.raises(InputError):
        node_triangle_census(G, ["nobody"])


def test_walk_balance_is_one_for_balanced_and_below_for_unbalanced():
    G = entente()
    G.remove_node("ITA")
    assert walk_balance(G) == pytest.approx(1.0)
    assert walk_balance(entente()) < 1
    assert math.isnan(walk_balance(nx.Graph()))


def test_directed_triads():
    D = nx.DiGraph()
    D.add_edge("a", "b", sign=1)
    D.add_edge("b", "c", sign=1)
    D.add_edge("c", "a", sign=-1)
    D.add_edge("a", "c", sign=1)
    c = directed_triad_census(D)
    assert c.cyclic["++-"] == 1
    assert c.transitive["+++"] == 1  # a->b->c with a->c
    assert c.unsigned["120C"] == 1
    with pytest.raises(InputError):
        directed_triad_census(entente())


def test_strain_marks_the_tie_a_balanced_map_would_flip():
    s = edge_strain(entente())
    frustrated = [e for e, x in s.items() if x.frustrated]
    assert len(frustrated) == 1
    (u, v), = frustrated
    assert "ITA" in (u, v)
    assert s[(u, v)].balanced_sign == -s[(u, v)].sign
    assert s[("GBR", "FRA")].triangle_strain == 0.0 and s[("DEU", "AUT")].unbalanced_triangles == 1


def test_fragility_separates_shared_enemies_from_shared_friends():
    f = alliance_fragility(entente())
    assert set(f) == {e for e in entente().edges() if entente().edges[e]["sign"] > 0}
    gf = f[("GBR", "FRA")]
    assert (gf.shared_friends, gf.shared_enemies, gf.divisive) == (1, 2, 0)
    assert gf.fragility == pytest.approx(2 / 3) and not gf.enemy_only
    G = nx.Graph([("A", "B", {"sign": 1}), ("A", "C", {"sign": -1}), ("B", "C", {"sign": -1})])
    assert alliance_fragility(G)[("A", "B")].enemy_only
    lonely = alliance_fragility(nx.Graph([("A", "B", {"sign": 1})]))[("A", "B")]
    assert math.isnan(lonely.fragility)


def test_enemy_of_my_enemy_and_friend_of_my_enemy():
    G = nx.Graph([("a", "b", {"sign": -1}), ("b", "c", {"sign": -1}), ("c", "d", {"sign": 1})])
    p = predict_signs(G)
    assert p[("a", "c")].sign == 1 and p[("a", "c")].common_neighbours == 1
    assert p[("b", "d")].sign == -1
    far = predict_signs(G, [("a", "d")])[("a", "d")]
    assert far.common_neighbours == 0 and far.sign == 1  # a, c and d share a camp against b


def test_sign_prediction_evaluation_on_a_two_camp_world():
    G = nx.complete_graph(12)
    nx.set_edge_attributes(G, {(u, v): 1 if (u % 3 == 0) == (v % 3 == 0) else -1 for u, v in G.edges()}, "sign")
    ev = evaluate_sign_prediction(G, hide=0.25, seed=2)
    assert ev.hidden == round(0.25 * G.number_of_edges())
    assert ev.accuracy == 1.0 and ev.auc == 1.0 and ev.baseline_accuracy < 1.0
    with pytest.raises(ConfigError):
        evaluate_sign_prediction(G, hide=1.5)


# --- invariants ---------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=10), st.data())
def test_switching_keeps_balanced_triangles_and_walk_balance(G, data):
    node = data.draw(st.sampled_from(list(G)))
    H = G.copy()
    for nb in H[node]:
        H[node][nb]["sign"] *= -1
    a, b = triangle_census(G), triangle_census(H)
    assert (a.total, a.balanced) == (b.total, b.balanced)
    assert walk_balance(G) == pytest.approx(walk_balance(H))
    assert a.total == sum(nx.triangles(G).values()) // 3
    assert 0 < walk_balance(G) <= 1 + 1e-9


# --- published values (../shared) ---------------------------------------------------

def test_tribes_triangles_and_balance_scores(shared_dir):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "tribes", "edges.csv"))
    c = triangle_census(G)
    assert c.to_dict() == {"+++": 19, "++-": 2, "+--": 40, "---": 7}
    assert round(c.balance_ratio, 7) == 0.8676471
    assert round(walk_balance(G), 7) == 0.3575761


@pytest.mark.parametrize(
    "name, counts, tri, walk",
    [
        ("affect_T2", (16, 33, 53, 6), 0.6388889, 0.0810443),
        ("affect_T3", (17, 28, 61, 7), 0.6902655, 0.0953805),
        ("affect_T4", (22, 15, 67, 11), 0.7739130, 0.1652095),
        ("esteem_T4", (33, 41, 97, 20), 0.6806283, 0.0330978),
        ("influence_T4", (24, 35, 81, 14), 0.6818182, 0.0497721),
        ("sanction_T4", (15, 11, 49, 10), 0.7529412, 0.1672405),
    ],
)
def test_sampson_values_match_reference_md(shared_dir, name, counts, tri, walk):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "sampson", f"{name}.csv"))
    assert tuple(triangle_census(G).to_dict().values()) == counts
    assert round(triangle_balance(G), 7) == tri
    assert round(walk_balance(G), 7) == walk


def test_sampson_directed_reading_collapses_to_the_same_census(shared_dir):
    path = shared_dir.joinpath(*BALANCE, "sampson", "affect_T4.csv")
    D = read_edge_list(path, directed=True)
    assert triangle_census(D).to_dict() == triangle_census(read_edge_list(path)).to_dict()
    assert sum(directed_triad_census(D).unsigned.values()) == math.comb(18, 3)


def test_tribes_fragility_finds_enemy_only_alliances(shared_dir):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "tribes", "edges.csv"))
    f = alliance_fragility(G)
    assert len(f) == 29
    # every +-- triangle has one positive edge, every +++ three: supports add up to the census
    assert sum(s.shared_enemies for s in f.values()) == 40
    assert sum(s.shared_friends for s in f.values()) == 3 * 19
    assert any(s.enemy_only for s in f.values())
