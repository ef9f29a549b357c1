"""Will this alliance survive? Features, walk-forward fitting and scores."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from allegiance.balance.fragility import alliance_fragility
from allegiance.balance.forecast import auc, brier, evaluate_forecast, forecast_alliances, tie_features
from allegiance.errors import ConfigError


def history_where_enemy_only_alliances_break(windows: int = 6, n: int = 40, seed: int = 3) -> list[nx.Graph]:
    """Random signed graphs in which exactly the alliances held only by a shared enemy lapse next window."""
    rng = random.Random(seed)
    G = nx.gnm_random_graph(n, 160, seed=seed)
    for u, v in G.edges:
        G[u][v]["sign"] = 1 if rng.random() < 0.6 else -1
    out = [G]
    for _ in range(windows - 1):
        H = G.copy()
        for (u, v), s in alliance_fragility(G).items():
            if s.enemy_only:
                H.remove_edge(u, v)
        for _ in range(30):  # new ties keep the map alive
            u, v = rng.sample(range(n), 2)
            if not H.has_edge(u, v):
                H.add_edge(u, v, sign=1 if rng.random() < 0.6 else -1)
        out.append(H)
        G = H
    return out


def test_features_describe_an_alliance_held_by_a_shared_enemy():
    G = nx.Graph([("A", "B", {"sign": 1}), ("A", "C", {"sign": -1}), ("B", "C", {"sign": -1}),
                  ("A", "D", {"sign": 1}), ("B", "D", {"sign": -1})])
    f = tie_features([G, G])[("A", "B")]
    assert f["enemy_only"] == 1.0 and f["fragility"] == 1.0  # D is no shared friend: divisive
    assert f["persistence"] == 1.0 and f["unbalanced_share"] == 0.5 and f["log_triangles"] > 0


def test_walk_forward_forecast_finds_the_planted_cause_and_beats_the_baselines():
    graphs = history_where_enemy_only_alliances_break()
    result = evaluate_forecast(graphs, min_train=2, time_limit=1.0)
    models = result["models"]
    assert result["events"] > 0
    assert models["structure"]["auc"] > 0.8
    assert models["structure"]["auc"] > models["degree"]["auc"] and models["structure"]["auc"] > 0.5
    assert models["structure"]["brier"] < models["persistence"]["brier"]
    assert result["feature_auc"]["enemy_only"] > 0.8


def test_forecast_ranks_current_alliances_and_needs_a_history():
    graphs = history_where_enemy_only_alliances_break(windows=4)
    ranked = forecast_alliances(graphs, time_limit=1.0)
    assert ranked and all(0 <= f.probability <= 1 for f in ranked)
    assert [f.probability for f in ranked] == sorted((f.probability for f in ranked), reverse=True)
    top = ranked[0].features["enemy_only"]
    assert top == 1.0
    with pytest.raises(ConfigError):
        forecast_alliances(graphs[:2])


def test_scores():
    assert auc([0, 1, 0, 1], [0.2, 0.9, 0.2, 0.2]) == 0.75
    assert brier([1, 0], [1.0, 0.0]) == 0.0
