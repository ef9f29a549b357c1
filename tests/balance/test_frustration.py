"""frustration_index: exact values on our own toy networks and on the published ones,
and the invariants of issue 6 (hypothesis)."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from signed_strategies import signed_graphs

from allegiance.balance import frustrated_edges, frustration_index, frustration_of
from allegiance.errors import ConfigError, InputError
from allegiance.io import read_edge_list, read_edge_list_windows


# --- our own toy networks -------------------------------------------------------------

def toy_two_camps() -> nx.Graph:
    """Two camps of four, friends inside, enemies across, plus two traitor ties."""
    G = nx.Graph()
    left, right = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]
    for camp in (left, right):
        G.add_edges_from(itertools.combinations(camp, 2), sign=1)
    G.add_edges_from(itertools.product(left, right), sign=-1)
    G["a1"]["b1"]["sign"] = 1  # a cross-camp friendship
    G["a2"]["a3"]["sign"] = -1  # a feud inside a camp
    return G


def test_toy_two_camps_has_index_two_and_the_camps():
    r = frustration_index(toy_two_camps())
    assert (r.value, r.optimal, r.lower_bound, r.gap) == (2, True, 2, 0.0)
    assert {frozenset(e) for e in r.frustrated_edges} == {frozenset(("a1", "b1")), frozenset(("a2", "a3"))}
    assert len({r.partition[n] for n in ("a1", "a2", "a3", "a4")}) == 1
    assert r.partition["a1"] != r.partition["b1"]


def test_balanced_and_all_negative_triangles():
    assert frustration_index(nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": -1})])).value == 0
    assert frustration_index(nx.Graph([(1, 2, {"sign": -1}), (2, 3, {"sign": -1}), (1, 3, {"sign": -1})])).value == 1


def test_empty_and_edgeless_graphs():
    assert frustration_index(nx.Graph()).value == 0
    G = nx.Graph()
    G.add_nodes_from("abc")
    r = frustration_index(G)
    assert r.value == 0 and set(r.partition) == {"a", "b", "c"}


def test_weighted_index_uses_magnitudes():
    G = nx.Graph()
    G.add_edge("a", "b", sign=1, weight=5)
    G.add_edge("b", "c", sign=1, weight=3)
    G.add_edge("a", "c", sign=-1, weight=1)
    assert frustration_index(G).value == 1
    r = frustration_index(G, weight="weight")
    assert r.value == 1 and r.frustrated_edges == (("a", "c"),)
    G["a"]["c"]["weight"] = 4
    assert frustration_index(G, weight="weight").frustrated_edges == (("b", "c"),)


def test_directed_graph_is_read_in_its_undirected_view():
    D = nx.DiGraph()
    D.add_edge("a", "b", sign=1)
    D.add_edge("b", "a", sign=1)
    D.add_edge("b", "c", sign=-1)
    D.add_edge("c", "a", sign=1)
    assert frustration_index(D).value == 1


def test_bad_input_and_options():
    with pytest.raises(ConfigError):
        frustration_index(toy_two_camps(), method="annealing")
    with pytest.raises(ConfigError):
        frustration_index(toy_two_camps(), time_limit=-1)
    with pytest.raises(InputError, match="no 'sign'"):
        frustration_index(nx.Graph([(1, 2)]))
    with pytest.raises(InputError, match="sign 3"):
        frustration_index(nx.Graph([(1, 2, {"sign": 3})]))


def test_time_limit_reports_a_bound_not_a_false_optimum():
    rng = random.Random(3)
    G = nx.gnm_random_graph(40, 150, seed=3)
    for u, v in G.edges():
        G[u][v]["sign"] = rng.choice((1, -1))
    r = frustration_index(G, time_limit=0.01)
    assert r.lower_bound <= r.value
    assert r.value == frustration_of(G, r.partition)
    if not r.optimal:
        assert r.gap == pytest.approx((r.value - r.lower_bound) / r.value)
    exact = frustration_index(G, time_limit=60)
    assert r.lower_bound <= exact.value <= r.value


def test_heuristic_is_bracketed_by_its_bound_and_the_exact_value():
    G = nx.gnm_random_graph(30, 90, seed=5)
    rng = random.Random(5)
    for u, v in G.edges():
        G[u][v]["sign"] = 1 if rng.random() < 0.6 else -1
    h = frustration_index(G, method="heuristic", seed=1)
    exact = frustration_index(G)
    assert h.lower_bound <= exact.value <= h.value
    assert h.method == "heuristic" and exact.optimal
    assert frustration_index(G, method="heuristic", seed=1).value == h.value  # reproducible


# --- invariants (hypothesis) -----------------------------------------------------------

def brute_force(G):
    nodes = list(G)
    best = len(G.edges())
    for bits in itertools.product((0, 1), repeat=max(0, len(nodes) - 1)):
        colour = dict(zip(nodes, (0,) + bits))
        best = min(best, frustration_of(G, colour))
    return best


@settings(max_examples=60, deadline=None)
@given(signed_graphs(min_nodes=2))
def test_exact_equals_brute_force_with_and_without_reductions(G):
    truth = brute_force(G)
    r = frustration_index(G)
    assert (r.value, r.optimal, r.lower_bound) == (truth, True, truth)
    assert frustration_index(G, reduce=False, decompose=False, warm_start=False).value == truth
    assert frustration_index(G, triangle_cuts=True).value == truth
    assert frustration_index(G, cycle_cover=False, odd_cycles=False).value == truth
    assert frustration_index(G, method="heuristic").value >= truth


@settings(max_examples=50, deadline=None)
@given(signed_graphs(min_nodes=2, max_nodes=12), st.data())
def test_switching_a_node_leaves_the_index_unchanged(G, data):
    if not len(G):
        return
    node = data.draw(st.sampled_from(list(G)))
    H = G.copy()
    for nb in H[node]:
        H[node][nb]["sign"] = -H[node][nb]["sign"]
    assert frustration_index(H).value == frustration_index(G).value


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 14), st.data())
def test_a_balanced_graph_has_index_zero(n, data):
    camp = data.draw(st.lists(st.sampled_from((0, 1)), min_size=n, max_size=n))
    pairs = list(itertools.combinations(range(n), 2))
    chosen = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for u, v in chosen:
        G.add_edge(u, v, sign=1 if camp[u] == camp[v] else -1)
    r = frustration_index(G)
    assert r.value == 0 and r.frustrated_edges == ()


@settings(max_examples=50, deadline=None)
@given(signed_graphs(min_nodes=2, max_nodes=12), st.randoms(use_true_random=False))
def test_index_bounded_by_negatives_and_by_any_colouring(G, rnd):
    r = frustration_index(G)
    negatives = sum(1 for *_e, s in G.edges(data="sign") if s < 0)
    assert r.value <= negatives
    colouring = {n: rnd.randint(0, 1) for n in G}
    assert r.value <= frustration_of(G, colouring)
    # the reported partition frustrates exactly the reported edges
    assert {frozenset(e) for e in frustrated_edges(G, r.partition)} == {frozenset(e) for e in r.frustrated_edges}
    assert len(r.frustrated_edges) == r.value


# --- published networks (../shared) ------------------------------------------------------

BALANCE = ("data", "balance")


def test_tribes_index_is_seven_proven_optimal(shared_dir):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "tribes", "edges.csv"))
    r = frustration_index(G)
    assert (r.value, r.optimal, r.lower_bound) == (7, True, 7)
    # REFERENCE.md: a valid optimal partition frustrates exactly L edges
    assert len(frustrated_edges(G, r.partition)) == 7
    reference = {"Gama", "Gavev", "Kotun", "Nagad"}
    ref_partition = {n: int(n in reference) for n in G}
    assert frustration_of(G, ref_partition) == 7
    assert frustration_index(G, method="heuristic").value == 7


@pytest.mark.parametrize(
    "name, expected",
    [("affect_T2", 16), ("affect_T3", 17), ("affect_T4", 12), ("esteem_T4", 20),
     ("influence_T4", 18), ("sanction_T4", 10)],
)
def test_sampson_indices_match_reference_md(shared_dir, name, expected):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "sampson", f"{name}.csv"))
    r = frustration_index(G)
    assert (r.value, r.optimal) == (expected, True)


def test_sampson_affect_t4_reference_partition(shared_dir):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "sampson", "affect_T4.csv"))
    loyal = {"Ambrose", "Amand", "Berthold", "Bonaventur", "Louis", "Peter", "Romuald", "Victor"}
    assert frustration_of(G, {n: int(n in loyal) for n in G}) == 12


def test_mmp_proven_optimal(shared_dir):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "mmp", "edges.csv"))
    r = frustration_index(G, time_limit=120)
    assert r.optimal and r.lower_bound == r.value == len(r.frustrated_edges)


@pytest.mark.slow
def test_every_cow_window_proven_optimal(shared_dir):
    windows = read_edge_list_windows(shared_dir.joinpath(*BALANCE, "cow", "edges.csv"))
    assert len(windows) == 51
    for label, G in windows.items():
        r = frustration_index(G, time_limit=120)
        assert r.optimal, label
        assert r.value == frustration_of(G, r.partition) == r.lower_bound


@pytest.mark.slow
def test_bitcoin_alpha_proven_optimal(shared_dir):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "bitcoin_alpha", "edges.csv"))
    assert (G.number_of_nodes(), G.number_of_edges()) == (3783, 14081)
    r = frustration_index(G, time_limit=300)
    assert r.optimal and r.value == r.lower_bound == frustration_of(G, r.partition)


@pytest.mark.parametrize("n, expected", [(4, 2), (5, 4), (6, 6), (7, 9)])
@pytest.mark.parametrize("cover", [True, False])
def test_all_negative_cliques_need_the_exact_stages(n, expected, cover):
    # the best split of K_n into two camps leaves C(a,2) + C(n-a,2) enemies together;
    # edge-disjoint triangles cannot prove it, so the cycle cover or the MILP must
    G = nx.complete_graph(n)
    nx.set_edge_attributes(G, -1, "sign")
    r = frustration_index(G, cycle_cover=cover)
    assert (r.value, r.optimal, r.lower_bound) == (expected, True, expected)


def three_camps(n: int, seed: int) -> nx.Graph:
    """Clustered heavy-tailed graph, three planted camps (2 colours cannot fit them), 5% noise."""
    rng = random.Random(seed)
    G = nx.powerlaw_cluster_graph(n, 3, 0.6, seed=seed)
    camp = {v: rng.choice((0, 0, 0, 1, 2)) for v in G}
    for u, v in G.edges():
        s = 1 if camp[u] == camp[v] else -1
        G[u][v]["sign"] = -s if rng.random() < 0.05 else s
    return G


@pytest.mark.parametrize("seed", [1, 2])
def test_cycle_cover_rounds_agree_with_the_node_colour_milp(seed):
    # big enough that the cycle cover needs several rounds of separation
    G = three_camps(300, seed)
    by_cover = frustration_index(G)
    by_milp = frustration_index(G, cycle_cover=False)
    assert by_cover.optimal and by_milp.optimal
    assert by_cover.value == by_milp.value == frustration_of(G, by_cover.partition)
    assert by_cover.value > 0


def test_a_stopped_solve_reports_its_own_colouring_and_a_bound_below_it():
    G = three_camps(400, 5)
    stopped = frustration_index(G, time_limit=0.5)
    assert stopped.lower_bound <= stopped.value == frustration_of(G, stopped.partition)
    assert stopped.optimal == (stopped.lower_bound == stopped.value)
