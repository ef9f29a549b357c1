"""The whole balance analysis (`allegiance balance`): each measure once, within budgets, nothing dropped silently."""

from __future__ import annotations

import itertools
import json
import random

import networkx as nx
import numpy as np
import pytest

from allegiance.balance import frustration_index
from allegiance.balance.analysis import analyse_balance
from allegiance.balance.blocs import _descend
from allegiance.balance.components import component_balance
from allegiance.balance.significance import balance_significance, rewired_signs
from allegiance.balance.triangles import signed_triangles, triangle_census, triangle_edge_index


def planted(n: int = 30, p: float = 0.3, noise: float = 0.05, seed: int = 1) -> nx.Graph:
    """Two camps: friends inside, enemies across, ``noise`` of the signs flipped."""
    rng = random.Random(seed)
    G = nx.gnp_random_graph(n, p, seed=seed)
    for u, v in G.edges:
        s = 1 if (u < n // 2) == (v < n // 2) else -1
        G[u][v]["sign"] = -s if rng.random() < noise else s
    return G


def two_pieces() -> nx.Graph:
    """Two planted pieces that never meet (nodes 0-29 and 100-119)."""
    G = planted()
    H = nx.relabel_nodes(planted(n=20, seed=5), {i: 100 + i for i in range(20)})
    return nx.union(G, H)


@pytest.mark.parametrize("seed", range(25))
def test_vectorised_triangles_are_the_triangles_of_the_graph(seed):
    rng = random.Random(seed)
    n = rng.randint(0, 30)
    G = nx.gnm_random_graph(n, rng.randint(0, n * (n - 1) // 2) if n > 1 else 0, seed=seed)
    for u, v in G.edges:
        G[u][v]["sign"] = rng.choice((1, -1))
    edges = list(G.edges)
    u = np.array([a for a, _b in edges], dtype=np.int64)
    v = np.array([b for _a, b in edges], dtype=np.int64)
    tri = triangle_edge_index(n, u, v)
    found = sorted(tuple(sorted({int(x) for k in t for x in (u[k], v[k])})) for t in tri)
    expected = [c for c in itertools.combinations(range(n), 3)
                if G.has_edge(c[0], c[1]) and G.has_edge(c[1], c[2]) and G.has_edge(c[0], c[2])]
    assert found == expected
    counts = [0, 0, 0, 0]
    for *_nodes, neg in signed_triangles(G):
        counts[neg] += 1
    assert list(triangle_census(G).to_dict().values()) == counts


def test_the_command_solves_the_frustration_index_once(monkeypatch):
    from allegiance.balance import components, summary

    calls = []
    real = frustration_index

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(summary, "frustration_index", counted)
    monkeypatch.setattr(components, "frustration_index", counted)
    a = analyse_balance(two_pieces(), samples=0)
    assert len(calls) == 1
    assert [c.frustration.value for c in a.components] == [
        real(two_pieces().subgraph(c.nodes)).value for c in a.components]
    assert sum(c.frustration.value for c in a.components) == a.summary.frustration.value


def test_a_piece_cut_from_an_unproven_whole_keeps_a_valid_bound():
    G = two_pieces()
    whole = frustration_index(G, method="heuristic", seed=0)
    loose = type(whole)(whole.value, False, whole.value - 1, 1 / whole.value, 0.0, "heuristic", whole.partition,
                        whole.frustrated_edges)
    parts = component_balance(G, frustration=loose)
    for c in parts:
        exact = frustration_index(G.subgraph(c.nodes)).value
        assert not c.frustration.optimal and c.frustration.lower_bound <= exact <= c.frustration.value


def test_pieces_get_the_same_blocs_and_dipoles_from_the_whole_graphs_arrays():
    from allegiance.balance import k_blocs
    from allegiance.balance.components import dipoles

    G = two_pieces()
    for c in component_balance(G, large=5):  # every piece through the indexed-edges path
        C = G.subgraph(c.nodes)
        groups = sorted((sorted(g, key=str) for g in k_blocs(C, method="heuristic", restarts=2).groups if g),
                        key=lambda g: (-len(g), list(map(str, g))))
        assert c.blocs == groups and c.dipoles == dipoles(C, groups)
        assert (c.triangles, c.edges) == (triangle_census(C).total, C.number_of_edges())
        assert c.negative_edges == sum(1 for *_e, x in C.edges(data="sign") if x < 0)


def test_bloc_moves_are_those_of_recounting_the_blocs_at_every_node():
    def naive(labels, nbrs, k, alpha, rng):  # the search as it was, recounting at every node
        n, improved = len(labels), True
        while improved:
            improved = False
            order = list(range(n))
            rng.shuffle(order)
            for i in order:
                score = {}
                for j, s, w in nbrs[i]:
                    score[labels[j]] = score.get(labels[j], 0.0) + (alpha * w if s < 0 else -(1 - alpha) * w)
                own = score.get(labels[i], 0.0)
                in_use = set(labels)
                cand = dict(score)
                cand.setdefault(labels[i], own)
                if k is None or len(in_use) < k or sum(1 for x in labels if x == labels[i]) == 1:
                    cand.setdefault(max(in_use) + 1, 0.0)
                t = min(cand, key=lambda c: (cand[c], c != labels[i]))
                if cand[t] < own - 1e-12:
                    labels[i], improved = t, True

    for seed in range(20):
        rng = random.Random(seed)
        G = nx.gnm_random_graph(40, 120, seed=seed)
        nbrs = [[] for _ in range(40)]
        for a, b in G.edges:
            s = rng.choice((1, -1, -1))
            nbrs[a].append((b, s, 1.0))
            nbrs[b].append((a, s, 1.0))
        for k in (None, 3):
            start = [rng.randrange(5) for _ in range(40)]
            x, y = list(start), list(start)
            _descend(x, nbrs, k=k, alpha=0.5, rng=random.Random(seed))
            naive(y, nbrs, k, 0.5, random.Random(seed))
            assert x == y


@pytest.mark.parametrize("n", [12, 6000])  # a bitmap of pairs, and a sorted array beyond 5,792 actors
def test_batched_rewiring_keeps_allies_and_enemies_and_a_simple_graph(n):
    rng = np.random.default_rng(n)
    pairs = {(int(min(a, b)), int(max(a, b))) for a, b in rng.integers(0, n, size=(3 * n, 2)) if a != b}
    u = np.array([a for a, _b in sorted(pairs)])
    v = np.array([b for _a, b in sorted(pairs)])
    s = rng.choice(np.array([1, -1], dtype=np.int8), size=len(u))
    nu, nv = rewired_signs(u, v, s, random.Random(0), swaps=2 * len(u))
    for sign in (1, -1):
        k = s == sign
        assert (np.bincount(np.r_[u[k], v[k]], minlength=n) == np.bincount(np.r_[nu[k], nv[k]], minlength=n)).all()
    keys = np.minimum(nu, nv) * n + np.maximum(nu, nv)
    assert (nu != nv).all() and len(np.unique(keys)) == len(keys)
    assert ((nu != u) | (nv != v)).mean() > 0.25  # it does rewire


def test_a_budget_too_short_for_frustration_leaves_it_out_of_the_verdict_with_its_count(monkeypatch):
    from allegiance.balance import significance

    clock = [0.0]
    real = significance._normalised_frustration

    def slow(*args, **kwargs):
        clock[0] += 1.0  # every null frustration "takes" a second; nothing else does
        return real(*args, **kwargs)

    class FakeTime:  # the significance module's clock only (the solvers keep the real one)
        @staticmethod
        def perf_counter():
            return clock[0]

    monkeypatch.setattr(significance, "time", FakeTime)
    monkeypatch.setattr(significance, "_normalised_frustration", slow)
    r = significance.balance_significance(planted(), samples=40, seed=0, budget=10.0)
    tri = [c for c in r.comparisons if c.measure == "triangle_balance"]
    fru = [c for c in r.comparisons if c.measure == "normalised_frustration"]
    assert all(c.samples == 40 for c in tri) and all(c.samples < 19 for c in fru)
    assert r.verdict == "more balanced than chance" and r.decided_by == ("triangle_balance",)
    assert "left out for too few null samples" in r.reason and "normalised frustration vs shuffle" in r.reason
    d = r.to_dict()
    assert d["decided_by"] == ["triangle_balance"] and d["budget_seconds"] == 10.0
    assert d["null_models"][0]["p_resolution"] == round(1 / 41, 4)


def test_balance_json_says_where_the_time_went_and_what_was_skipped(tmp_path):
    from typer.testing import CliRunner

    import allegiance.cli.balance  # noqa: F401  (registers the command)
    from allegiance.cli.app import app

    G = planted()
    path = tmp_path / "e.csv"
    path.write_text("source,target,sign\n" + "".join(f"{u},{v},{d['sign']}\n" for u, v, d in G.edges(data=True)))
    r = CliRunner().invoke(app, ["balance", str(path), "--json", "--samples", "0"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["skipped"] == {"significance": "not requested (samples=0)"} and d["significance"] is None
    assert set(d["seconds"]) == {"frustration", "walk_balance", "triangles_and_counts", "significance",
                                 "components", "total"}
    assert list(d)[:10] == ["nodes", "edges", "negative_edges", "triangles", "triangle_balance", "frustration",
                            "partition", "frustrated_edges", "walk_balance", "skipped"]
    r = CliRunner().invoke(app, ["balance", str(path), "--json", "--samples", "25", "--significance-budget", "0"])
    sig = json.loads(r.stdout)["significance"]
    assert sig["budget_seconds"] is None and all(c["samples"] == 25 for c in sig["null_models"])
    assert {c["p_resolution"] for c in sig["null_models"]} == {round(1 / 26, 4)}
