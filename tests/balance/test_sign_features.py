"""Sign prediction by degree and signed-triad features: no leakage, better than the triad vote, time-forward."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from allegiance.balance import evaluate_sign_prediction, predict_signs
from allegiance.balance._logistic import fit_logistic
from allegiance.balance._sign_features import FEATURE_NAMES, pair_features, signed_arcs
from allegiance.errors import ConfigError
from allegiance.io import read_edge_list

BALANCE = ("data", "balance")


def rated_world(n: int = 240, seed: int = 0, directed: bool = False) -> nx.Graph:
    """Two camps (friends within, foes across) plus a few cheats everyone rates negatively; 8% noise."""
    rng = random.Random(seed)
    camp = {v: rng.random() < 0.6 for v in range(n)}
    cheat = {v: rng.random() < 0.08 for v in range(n)}
    G = nx.DiGraph() if directed else nx.Graph()
    base = nx.barabasi_albert_graph(n, 4, seed=seed)
    for u, v in base.edges():
        if rng.random() < 0.5:
            u, v = v, u
        s = -1 if cheat[v] else (1 if camp[u] == camp[v] else -1)
        G.add_edge(u, v, sign=-s if rng.random() < 0.08 else s, time=rng.random())
    return G


@pytest.mark.parametrize("directed", [False, True])
def test_training_rows_equal_the_rows_of_the_same_edge_hidden(directed):
    # a training edge's features must not know its own sign: they equal the features
    # the same pair gets once the edge is removed from the graph
    G = rated_world(directed=directed)
    edges = [(u, v, d["sign"]) for u, v, d in list(G.edges(data=True))[:40]]
    X_train = pair_features(signed_arcs(G), [(u, v) for u, v, _ in edges], own_signs=[s for *_, s in edges])
    for i, (u, v, _s) in enumerate(edges):
        H = G.copy()
        H.remove_edge(u, v)
        hidden = pair_features(signed_arcs(H), [(u, v)])[0]
        assert np.allclose(X_train[i], hidden), (u, v, dict(zip(FEATURE_NAMES, X_train[i] - hidden)))


def test_triad_counts_are_the_signed_two_paths():
    G = nx.DiGraph([("u", "w", {"sign": -1}), ("w", "v", {"sign": -1}), ("x", "u", {"sign": 1}),
                    ("x", "v", {"sign": 1})])
    row = dict(zip(FEATURE_NAMES, pair_features(signed_arcs(G), [("u", "v")])[0]))
    assert row["common"] == 2
    assert row["uw:out-|wv:out-"] == 1 and row["uw:in+|wv:out+"] == 1
    assert sum(row[name] for name in FEATURE_NAMES if name.startswith("uw:") and "/" not in name) == 2
    assert row["balance_vote"] == 1.0  # enemy of an enemy, and two friends of a common friend


@pytest.mark.parametrize("directed", [False, True])
def test_features_beat_the_triad_vote_where_degrees_matter(directed):
    G = rated_world(n=400, seed=3, directed=directed)
    new = [evaluate_sign_prediction(G, seed=s, method="features", directed=directed) for s in (1, 2)]
    old = [evaluate_sign_prediction(G, seed=s, method="triads", directed=directed) for s in (1, 2)]
    assert {e.method for e in new} == {"features"} and {e.method for e in old} == {"triads"}
    # the cheats show in their degrees, not in any triad
    assert sum(e.auc for e in new) / 2 >= sum(e.auc for e in old) / 2 + 0.02


def test_auto_picks_features_only_with_enough_edges_of_both_signs():
    assert evaluate_sign_prediction(rated_world(), seed=0).method == "features"
    tiny = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": -1}), (3, 4, {"sign": 1})])
    assert next(iter(predict_signs(tiny).values())).method == "triads"
    with pytest.raises(ConfigError):
        predict_signs(tiny, method="embedding")


def test_time_forward_split_hides_the_latest_edges():
    G = rated_world(seed=2)
    ev = evaluate_sign_prediction(G, order_by="time", method="features")
    assert ev.split == "latest by time" and ev.hidden == round(0.1 * G.number_of_edges())
    # the same split whatever the seed: it is decided by time alone
    assert evaluate_sign_prediction(G, order_by="time", seed=7, method="features") == ev
    del G[0][next(iter(G[0]))]["time"]
    with pytest.raises(ConfigError):
        evaluate_sign_prediction(G, order_by="time")


def test_directed_evaluation_needs_a_digraph():
    with pytest.raises(ConfigError):
        evaluate_sign_prediction(rated_world(), directed=True)


def test_logistic_regression_reaches_its_optimum():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X @ np.array([2.0, -1.0, 0.0]) + rng.normal(size=400) > 0).astype(int)
    m = fit_logistic(X, y, l2=1e-3)
    assert m.converged
    assert m.coef[0] > 0 > m.coef[1] and abs(m.coef[2]) < 0.3 * abs(m.coef[0])
    p = m.probability(X)
    assert ((p > 0.5) == (y == 1)).mean() > 0.8


@pytest.mark.slow
def test_bitcoin_alpha_features_reach_090_auc(shared_dir):
    G = read_edge_list(shared_dir.joinpath(*BALANCE, "bitcoin_alpha", "edges.csv"))
    new = evaluate_sign_prediction(G, hide=0.1, seed=0, method="features")
    assert new.method == "features" and new.hidden == 1408
    assert new.auc >= 0.9
