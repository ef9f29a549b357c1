"""Balance against null models: verdicts, z-scores, too little data, per component."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from allegiance.balance.components import component_balance
from allegiance.balance.significance import (
    MIN_TRIANGLES,
    balance_significance,
    data_adequacy,
)
from allegiance.errors import ConfigError
from allegiance.io import read_edge_list


def planted(n: int = 30, p: float = 0.3, noise: float = 0.05, seed: int = 1) -> nx.Graph:
    """Two camps: friends inside, enemies across, ``noise`` of the signs flipped."""
    rng = random.Random(seed)
    G = nx.gnp_random_graph(n, p, seed=seed)
    for u, v in G.edges:
        s = 1 if (u < n // 2) == (v < n // 2) else -1
        G[u][v]["sign"] = -s if rng.random() < noise else s
    return G


def shuffled(G: nx.Graph, seed: int = 2) -> nx.Graph:
    H = G.copy()
    signs = [d["sign"] for *_e, d in H.edges(data=True)]
    random.Random(seed).shuffle(signs)
    for (u, v), s in zip(H.edges, signs):
        H[u][v]["sign"] = s
    return H


def sparse_news_like() -> nx.Graph:
    """What 12 short news articles give: one triangle and a dozen small pieces."""
    G = nx.Graph()
    G.add_edges_from([("OBAMA", "USA", {"sign": 1}), ("USA", "RUS", {"sign": -1}), ("OBAMA", "RUS", {"sign": -1})])
    for i in range(12):
        G.add_edge(f"a{i}", f"b{i}", sign=1 if i % 3 else -1)
    return G


def test_planted_balance_is_more_balanced_than_chance():
    r = balance_significance(planted(), samples=40, seed=0)
    assert r.verdict == "more balanced than chance", r.reason
    for c in r.comparisons:
        assert c.z > 2 and c.p_value <= 1 / 41 + 1e-9, c


def test_shuffled_planted_network_is_not_distinguishable_from_chance():
    r = balance_significance(shuffled(planted()), samples=40, seed=0)
    assert r.adequacy.enough
    assert r.verdict == "not distinguishable from chance", r.reason


def test_sparse_map_says_too_little_data_but_keeps_the_numbers():
    G = sparse_news_like()
    r = balance_significance(G, samples=10)
    assert r.verdict == "too little data to say"
    assert not r.adequacy.enough
    assert r.adequacy.triangles == 1 and r.adequacy.components == 13
    assert "triangle" in r.reason and "pieces" in r.reason
    # the measure itself is still there, with its null comparison
    tb = r.get("triangle_balance", "shuffle")
    assert tb is not None and tb.observed == 1.0
    d = r.to_dict()
    assert d["verdict"] == "too little data to say" and d["data"]["minimum"]["triangles"] == MIN_TRIANGLES


def test_same_seed_same_result_and_other_seed_other_samples():
    G = planted(n=16)
    a = balance_significance(G, samples=15, seed=3).to_dict()
    assert a == balance_significance(G, samples=15, seed=3).to_dict()
    assert a != balance_significance(G, samples=15, seed=4).to_dict()


def test_rewiring_keeps_each_actors_allies_and_enemies():
    import numpy as np

    from allegiance.balance.significance import _edge_arrays, rewired_signs

    G = planted(n=20)
    n, u, v, s = _edge_arrays(G)
    nu, nv = rewired_signs(u, v, s, random.Random(0), swaps=500)
    for sign in (1, -1):
        k = s == sign
        before = np.bincount(np.r_[u[k], v[k]], minlength=n)
        after = np.bincount(np.r_[nu[k], nv[k]], minlength=n)
        assert (before == after).all()
    pairs = {frozenset(p) for p in zip(nu.tolist(), nv.tolist())}
    assert len(pairs) == len(nu) and all(len(p) == 2 for p in pairs)
    assert pairs != {frozenset(p) for p in zip(u.tolist(), v.tolist())}


def test_bad_options_raise_config_errors():
    with pytest.raises(ConfigError):
        balance_significance(planted(n=8), models=["erdos"])
    with pytest.raises(ConfigError):
        balance_significance(planted(n=8), samples=0)


def test_adequacy_counts_the_largest_piece():
    a = data_adequacy(planted())
    assert a.enough and a.components == 1 and a.largest_component_share == 1.0


def test_components_are_analysed_separately_with_dipoles():
    G = nx.disjoint_union(planted(n=12, p=0.8, noise=0.0), planted(n=10, p=0.8, noise=0.0, seed=5))
    G.add_edge(100, 101, sign=1)
    parts = component_balance(G, min_nodes=4)
    assert [len(c.nodes) for c in parts] == [12, 10]
    for c in parts:
        assert c.frustration.value == 0 and len(c.blocs) == 2
        assert [(d.blocs, d.negative == d.ties) for d in c.dipoles] == [((0, 1), True)]


@pytest.mark.slow
def test_tribes_are_more_balanced_than_chance(shared_dir):
    G = read_edge_list(shared_dir / "data" / "balance" / "tribes" / "edges.csv")
    r = balance_significance(G, samples=60, seed=0)
    assert r.verdict == "more balanced than chance", r.reason
    assert r.get("triangle_balance", "shuffle").observed == pytest.approx(59 / 68)
    assert r.get("triangle_balance", "shuffle").z > 3


@pytest.mark.slow
def test_cow_window_balance_is_beyond_shuffled_signs(shared_dir):
    G = read_edge_list(shared_dir / "data" / "balance" / "cow" / "edges.csv", time="1946-1949")
    r = balance_significance(G, samples=30, seed=0, measures=["triangle_balance", "normalised_frustration"])
    assert r.adequacy.enough
    for measure in ("triangle_balance", "normalised_frustration"):
        assert r.get(measure, "shuffle").z > 3
    assert r.verdict != "too little data to say"


# --- the CLI ------------------------------------------------------------------------------

def _write_csv(path, G):
    rows = ["source,target,sign"] + [f"{u},{v},{d['sign']}" for u, v, d in G.edges(data=True)]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_cli_json_says_too_little_data_instead_of_fully_balanced(tmp_path):
    import json

    from typer.testing import CliRunner

    import allegiance.cli.balance  # noqa: F401  (registers the command)
    from allegiance.cli.app import app

    r = CliRunner().invoke(app, ["balance", str(_write_csv(tmp_path / "e.csv", sparse_news_like())), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["triangle_balance"] == 1.0  # the number is still shown ...
    assert d["significance"]["verdict"] == "too little data to say"  # ... with no verdict
    assert d["significance"]["data"]["triangles"] == 1 and d["significance"]["data"]["components"] == 13
    assert d["components"] == []  # no piece of meaningful size (4 actors or more)


def test_cli_json_verdict_and_components_on_planted_balance(tmp_path):
    import json

    from typer.testing import CliRunner

    import allegiance.cli.balance  # noqa: F401
    from allegiance.cli.app import app

    r = CliRunner().invoke(app, ["balance", str(_write_csv(tmp_path / "e.csv", planted())), "--json",
                                 "--samples", "30"])
    d = json.loads(r.stdout)
    assert d["significance"]["verdict"] == "more balanced than chance"
    assert d["significance"]["samples"] == 30
    assert len(d["components"]) == 1 and d["components"][0]["dipoles"]
    skipped = CliRunner().invoke(app, ["balance", str(tmp_path / "e.csv"), "--json", "--samples", "0"])
    assert json.loads(skipped.stdout)["significance"] is None


def test_a_spent_budget_gives_no_verdict_rather_than_a_false_not_distinguishable():
    r = balance_significance(planted(), samples=40, seed=0, budget=0.0)
    assert r.adequacy.enough
    assert r.verdict == "too few null samples to say", r.verdict
    assert "19" in r.reason and all(c.samples == 0 for c in r.comparisons)


def test_too_few_requested_samples_give_no_verdict_either():
    r = balance_significance(planted(), samples=10, seed=0, models=["shuffle"])
    assert r.verdict == "too few null samples to say" and "shuffle: 10" in r.reason


def test_large_graphs_use_the_array_descent_and_keep_the_verdict(monkeypatch):
    from allegiance.balance import significance

    calls = []
    monkeypatch.setattr(significance, "frustration_index", lambda *a, **k: calls.append(1) / 0)
    G = planted(n=110, p=0.5, seed=4)
    assert G.number_of_edges() > significance.ARRAY_FRUSTRATION_MIN_EDGES
    r = balance_significance(G, samples=20, seed=0, models=["shuffle"],
                             measures=["triangle_balance", "normalised_frustration"])
    assert not calls  # the networkx heuristic was never called
    assert r.verdict == "more balanced than chance", r.reason
    c = r.get("normalised_frustration", "shuffle")
    assert c.samples == 20 and c.observed > c.high
