"""Walk balance at scale: the sparse methods against the dense oracle, and how results say so."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from typer.testing import CliRunner

from allegiance.balance import balance_summary, walk_balance_estimate
from allegiance.balance.walk import DENSE_MAX_NODES
from allegiance.cli.app import app
from allegiance.errors import ConfigError

import allegiance.cli.balance  # noqa: F401  (registers the command)


def signed(G: nx.Graph, negative: float, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["sign"] = -1 if rng.random() < negative else 1
    return G


def hub_graph(n: int, seed: int) -> nx.Graph:
    """Heavy-tailed with a dense friendly core of 30 (as in Bitcoin): one dominant eigenvalue."""
    G = signed(nx.barabasi_albert_graph(n, 2, seed=seed), 0.2, seed)
    G.add_edges_from(((u, v) for u in range(30) for v in range(u + 1, 30)), sign=1)
    return G


def hubless_graph(n: int, seed: int) -> nx.Graph:
    """Random 3-regular: no dominant eigenvalue, the hard case for Lanczos bounds."""
    return signed(nx.random_regular_graph(3, n, seed=seed), 0.3, seed)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_lanczos_agrees_with_dense_within_its_guaranteed_bound(seed):
    G = hub_graph(300, seed)
    dense = walk_balance_estimate(G, method="dense")
    sparse = walk_balance_estimate(G, method="lanczos")
    assert (sparse.method, sparse.error_kind, sparse.approximate) == ("lanczos", "guaranteed", True)
    assert abs(sparse.value - dense.value) <= sparse.error + 1e-12
    assert sparse.error <= 1e-6 * dense.value  # a hub makes the bound tight


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_without_hubs_lanczos_is_wide_but_honest_and_hutchinson_narrows_it(seed):
    G = hubless_graph(300, seed)
    dense = walk_balance_estimate(G, method="dense").value
    wide = walk_balance_estimate(G, method="lanczos", max_eigenvalues=32)
    assert abs(wide.value - dense) <= wide.error and wide.error > 0.01
    probed = walk_balance_estimate(G, method="hutchinson", max_eigenvalues=32, seed=seed)
    assert probed.method == "hutchinson" and probed.error < wide.error
    assert abs(probed.value - dense) <= probed.error


def test_auto_is_dense_for_small_graphs_and_sparse_beyond():
    small = walk_balance_estimate(hub_graph(200, 0))
    assert (small.method, small.error, small.approximate) == ("dense", 0.0, False)
    big = walk_balance_estimate(hub_graph(DENSE_MAX_NODES + 100, 0))
    assert big.method in ("lanczos", "hutchinson") and big.approximate and big.error < 1e-6


def test_unknown_method_is_a_config_error():
    with pytest.raises(ConfigError):
        walk_balance_estimate(hub_graph(50, 0), method="exact")


def test_summary_reports_method_and_error_and_honours_the_budget():
    G = hubless_graph(200, 5)
    dense = walk_balance_estimate(G, method="dense").value
    s = balance_summary(G, method="heuristic", walk_method="auto", budget=0.0)  # small: dense, budget moot
    assert s.to_dict()["walk_balance"]["method"] == "dense"
    s = balance_summary(G, method="heuristic", walk_method="hutchinson", budget=0.0)  # one probe batch only
    d = s.to_dict()["walk_balance"]
    assert d["method"] == "hutchinson" and d["approximate"] is True and d["error"] > 0
    assert abs(d["value"] - dense) <= d["error"] + 1e-9
    assert s.walk_balance == s.walk.value and s.skipped == {}
    off = balance_summary(G, method="heuristic", walk=False).to_dict()
    assert off["walk_balance"] is None and off["skipped"] == {"walk_balance": "not requested"}


def test_cli_json_carries_the_walk_method_and_error(tmp_path):
    p = tmp_path / "edges.csv"
    G = hub_graph(120, 3)
    p.write_text("source,target,sign\n" + "".join(f"{u},{v},{d['sign']}\n" for u, v, d in G.edges(data=True)))
    r = CliRunner().invoke(app, ["balance", str(p), "--json"])
    assert r.exit_code == 0, r.output
    w = json.loads(r.stdout)["walk_balance"]
    assert w["method"] == "dense" and w["error"] == 0.0 and w["approximate"] is False
    assert w["value"] == pytest.approx(walk_balance_estimate(G).value, rel=1e-9)


def test_cli_table_shows_an_approximate_walk_balance_with_its_bound(tmp_path):
    p = tmp_path / "big.csv"
    rows = [f"0,{i},1\n" for i in range(1, DENSE_MAX_NODES + 50)]
    rows += [f"{i},{i + 1},-1\n" for i in range(1, DENSE_MAX_NODES + 49, 2)]
    p.write_text("source,target,sign\n" + "".join(rows))
    r = CliRunner().invoke(app, ["balance", str(p), "--method", "heuristic"])
    assert r.exit_code == 0, r.output
    assert all(word in r.stdout for word in ("±", "guaranteed", "lanczos"))  # the table may wrap


def test_a_walk_balance_that_cannot_converge_is_skipped_with_its_reason(monkeypatch):
    import allegiance.balance.summary as summary
    from allegiance.errors import SolverError

    def no_convergence(*_args, **_kw):
        raise SolverError("Lanczos found 3 of 16 eigenvalues before its iteration limit")

    monkeypatch.setattr(summary, "walk_balance_estimate", no_convergence)
    d = balance_summary(hub_graph(60, 1), method="heuristic").to_dict()
    assert d["walk_balance"] is None and "Lanczos found 3 of 16" in d["skipped"]["walk_balance"]
    assert d["frustration"]["value"] >= 0  # the other measures stand
