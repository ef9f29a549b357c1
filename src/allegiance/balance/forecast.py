"""Will this alliance survive? The chance each alliance turns hostile or lapses in the next window.

For every positive tie of a window, :func:`tie_features` describes its structure:

* ``fragility`` -- shared enemies over shared enemies and friends (0 without support)
  and ``enemy_only`` -- held together by a shared enemy and nothing else
  (:func:`alliance_fragility`);
* ``frustrated`` -- the optimal two-camp map puts its ends on opposite sides (its share
  of the frustration), and ``unbalanced_share`` -- the share of its triangles that are
  unbalanced; ``log_triangles``;
* ``persistence`` -- the share of the previous ``history`` windows that held it (its
  recency and age), ``log_weight`` -- the weight of evidence behind it;
* ``log_degree`` -- the summed log degree of its two ends.

:func:`forecast_alliances` fits a logistic regression on the windows whose next window
is known (walk-forward: never on later windows) and gives each alliance of the last
window a probability of being hostile or absent in the next one.
:func:`evaluate_forecast` repeats this walk-forward over a series and scores the
pooled predictions (AUC, Brier) next to two baselines fitted the same way:
``persistence`` (nothing changes: the training rate of change for every tie, i.e. no
ranking) and ``degree`` (a logistic regression on the ends' degrees only).

Examples
--------
>>> import networkx as nx
>>> a = nx.Graph([("A", "B", {"sign": 1}), ("B", "C", {"sign": -1}), ("A", "C", {"sign": -1})])
>>> feats = tie_features([a])
>>> feats[("A", "B")]["enemy_only"], feats[("A", "B")]["fragility"]
(1.0, 1.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Hashable, Mapping, Sequence

import networkx as nx
import numpy as np

from allegiance.balance._signed import undirected_signed_view
from allegiance.balance.fragility import alliance_fragility
from allegiance.balance.frustration import frustration_index
from allegiance.balance.strain import edge_strain
from allegiance.errors import ConfigError

__all__ = ["FEATURES", "TieForecast", "alliance_outlook", "auc", "brier", "evaluate_forecast", "forecast_alliances",
           "tie_features"]

FEATURES = ("fragility", "enemy_only", "frustrated", "unbalanced_share", "log_triangles", "persistence",
            "log_weight", "log_degree")
_DEGREE_FEATURES = ("log_degree",)


@dataclass(frozen=True, slots=True)
class TieForecast:
    """The forecast for one alliance.

    Attributes
    ----------
    source, target : node
    probability : float
        Of being hostile or absent in the next window.
    features : dict
        What the probability rests on (see the module docstring).
    """

    source: Hashable
    target: Hashable
    probability: float
    features: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return {"source": str(self.source), "target": str(self.target),
                "probability": round(self.probability, 4),
                "features": {k: round(float(v), 4) for k, v in self.features.items()}}


def _key(u: Hashable, v: Hashable) -> tuple:
    return (u, v) if str(u) <= str(v) else (v, u)


def tie_features(graphs: Sequence[nx.Graph], *, history: int = 3, time_limit: float | None = 2.0,
                 weight: str = "weight") -> dict[tuple, dict[str, float]]:
    """Structure of every alliance of ``graphs[-1]``, with ``graphs[:-1]`` as its history.

    Parameters
    ----------
    graphs : sequence of networkx graphs
        Windows in time order; the last is the one described.
    history : int
        Previous windows counted in ``persistence``.
    time_limit : float, optional
        Seconds for the frustration index of the window.
    weight : str
        Edge attribute holding the weight of evidence (1 when absent).

    Returns
    -------
    dict
        ``(u, v)`` (ends in string order) -> feature name -> value.
    """
    H = undirected_signed_view(graphs[-1])
    past = [undirected_signed_view(g) for g in graphs[-1 - history:-1]]
    fr = frustration_index(H, time_limit=time_limit, method="milp") if H.number_of_edges() else None
    strain = edge_strain(H, result=fr) if fr else {}
    support = alliance_fragility(H)
    out = {}
    for (u, v), s in support.items():
        st = strain.get((u, v)) or strain.get((v, u))
        held = sum(1 for g in past if g.has_edge(u, v) and int(g[u][v]["sign"]) > 0)
        fragility = s.fragility
        out[_key(u, v)] = {
            "fragility": 0.0 if math.isnan(fragility) else fragility,
            "enemy_only": float(s.enemy_only),
            "frustrated": float(st.frustrated) if st else 0.0,
            "unbalanced_share": st.unbalanced_triangles / st.triangles if st and st.triangles else 0.0,
            "log_triangles": math.log1p(st.triangles) if st else 0.0,
            "persistence": held / len(past) if past else 0.0,
            "log_weight": math.log1p(abs(float(H[u][v].get(weight, 1.0) or 1.0))),
            "log_degree": math.log1p(H.degree(u)) + math.log1p(H.degree(v)),
        }
    return out


def _outcome(G_next: nx.Graph, u: Hashable, v: Hashable) -> int:
    """1 when the alliance is hostile or absent in the next window."""
    return int(not G_next.has_edge(u, v) or int(G_next[u][v]["sign"]) < 0)


def _fit_logistic(X: np.ndarray, y: np.ndarray, *, ridge: float = 1.0, iterations: int = 50):
    """L2-penalised logistic regression by Newton steps on standardised features; returns a predictor."""
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd < 1e-9] = 1.0  # constant columns (e.g. unweighted ties) stay as they are
    Z = np.hstack([np.ones((len(X), 1)), (X - mu) / sd])
    w = np.zeros(Z.shape[1])
    rate = min(max(y.mean(), 1e-3), 1 - 1e-3)
    w[0] = math.log(rate / (1 - rate))
    penalty = np.full(Z.shape[1], ridge)
    penalty[0] = 0.0
    def loss(w: np.ndarray) -> float:
        z = Z @ w
        return float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * np.sum(penalty * w * w))

    current = loss(w)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(Z @ w, -30, 30)))
        grad = Z.T @ (p - y) + penalty * w
        hess = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(penalty) + 1e-9 * np.eye(Z.shape[1])
        step = np.linalg.solve(hess, grad)
        for _half in range(30):  # damped Newton: halve the step until the penalised loss drops
            trial = loss(w - step)
            if trial <= current:
                break
            step = step / 2
        else:
            break
        w, current = w - step, trial
        if np.max(np.abs(step)) < 1e-8:
            break

    def predict(Xnew: np.ndarray) -> np.ndarray:
        Znew = np.hstack([np.ones((len(Xnew), 1)), (Xnew - mu) / sd])
        return 1 / (1 + np.exp(-np.clip(Znew @ w, -30, 30)))

    return predict


def auc(y: Sequence[int], p: Sequence[float]) -> float:
    """Area under the ROC curve (ties count half); NaN when only one class is present.

    Examples
    --------
    >>> auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), auc([0, 1], [0.5, 0.5])
    (0.75, 0.5)
    """
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    pos, neg = p[y == 1], p[y == 0]
    if not len(pos) or not len(neg):
        return math.nan
    order = np.argsort(np.r_[pos, neg], kind="mergesort")
    ranks = np.empty(len(order))
    values = np.r_[pos, neg][order]
    i = 0
    while i < len(values):  # average ranks over ties
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def brier(y: Sequence[int], p: Sequence[float]) -> float:
    """Mean squared error of probabilities.

    Examples
    --------
    >>> brier([0, 1], [0.0, 0.5])
    0.125
    """
    return float(np.mean((np.asarray(p, dtype=float) - np.asarray(y, dtype=float)) ** 2))


def _rows(features: dict[tuple, dict[str, float]], names: Sequence[str]) -> tuple[list[tuple], np.ndarray]:
    keys = sorted(features, key=lambda k: (str(k[0]), str(k[1])))
    return keys, np.asarray([[features[k][n] for n in names] for k in keys], dtype=float).reshape(-1, len(names))


def _history(graphs: Sequence[nx.Graph], *, history: int, time_limit: float | None):
    """Features of every window's alliances and, where the next window is known, their outcomes."""
    views = [undirected_signed_view(g) for g in graphs]
    feats = [tie_features(views[:t + 1], history=history, time_limit=time_limit) for t in range(len(views))]
    outcomes = [{k: _outcome(views[t + 1], *k) for k in feats[t]} if t + 1 < len(views) else None
                for t in range(len(views))]
    return feats, outcomes


def _train(feats, outcomes, upto: int, names: Sequence[str]):
    X = [_rows(feats[t], names)[1] for t in range(upto) if outcomes[t]]
    y = [np.asarray([outcomes[t][k] for k in _rows(feats[t], names)[0]]) for t in range(upto) if outcomes[t]]
    X, y = np.vstack(X), np.concatenate(y)
    if len(set(y.tolist())) < 2:
        rate = float(y.mean())
        return lambda Xn: np.full(len(Xn), rate)
    return _fit_logistic(X, y)


def forecast_alliances(graphs: Sequence[nx.Graph], *, history: int = 3,
                       time_limit: float | None = 2.0) -> list[TieForecast]:
    """Probability that each alliance of the last window is hostile or absent in the next one.

    The model is fitted on the earlier windows whose next window is known (at least two
    windows are needed before the last).

    Parameters
    ----------
    graphs : sequence of networkx graphs
        Windows in time order.
    history : int
        Previous windows counted in each tie's ``persistence``.
    time_limit : float, optional
        Seconds for each window's frustration index.

    Returns
    -------
    list of TieForecast
        Most endangered alliance first.

    Raises
    ------
    ConfigError
        With fewer than three windows.
    """
    return alliance_outlook(graphs, history=history, time_limit=time_limit)["forecasts"]


def alliance_outlook(graphs: Sequence[nx.Graph], *, history: int = 3,
                     time_limit: float | None = 2.0) -> dict[str, Any]:
    """:func:`forecast_alliances` with what it was fitted on.

    Returns
    -------
    dict
        ``forecasts`` (list of TieForecast, most endangered first), ``trained_on`` (earlier
        alliances whose next window is known) and ``events`` (how many of them broke).
    """
    if len(graphs) < 3:
        raise ConfigError(f"a forecast needs at least 3 windows, got {len(graphs)}",
                          hint="use a shorter --window so the history has several windows")
    feats, outcomes = _history(graphs, history=history, time_limit=time_limit)
    known = [o for o in outcomes[:-1] if o]
    if not any(known):
        return {"forecasts": [], "trained_on": 0, "events": 0}
    model = _train(feats, outcomes, len(graphs) - 1, FEATURES)
    keys, X = _rows(feats[-1], FEATURES)
    p = model(X) if len(keys) else np.zeros(0)
    out = [TieForecast(u, v, float(pi), feats[-1][(u, v)]) for (u, v), pi in zip(keys, p)]
    out.sort(key=lambda f: (-f.probability, str(f.source), str(f.target)))
    return {"forecasts": out, "trained_on": sum(len(o) for o in known), "events": sum(sum(o.values()) for o in known)}


def evaluate_forecast(graphs: Sequence[nx.Graph], *, history: int = 3, min_train: int = 2,
                      time_limit: float | None = 2.0) -> dict[str, Any]:
    """Walk-forward evaluation: for each window after ``min_train``, fit on earlier windows only.

    Returns
    -------
    dict
        ``ties`` and ``events`` (alliances that turned hostile or lapsed) predicted,
        and per model (``structure``, ``persistence``, ``history``, ``degree``) its
        pooled ``auc`` and ``brier`` and its ``mean_window_auc`` (the pooled AUC also
        rewards telling calm windows from turbulent ones); ``feature_auc``: each raw
        feature's AUC (above 0.5: higher values go with change); ``per_window`` rows.
    """
    if len(graphs) < min_train + 2:
        raise ConfigError(f"need at least {min_train + 2} windows, got {len(graphs)}")
    feats, outcomes = _history(graphs, history=history, time_limit=time_limit)
    models = {"structure": FEATURES, "history": ("persistence",), "degree": _DEGREE_FEATURES}
    pooled: dict[str, list] = {m: [] for m in (*models, "persistence")}
    ys: list[int] = []
    per_window = []
    for t in range(min_train, len(graphs) - 1):
        keys = _rows(feats[t], FEATURES)[0]
        if not keys:
            continue
        y = [outcomes[t][k] for k in keys]
        ys.extend(y)
        row = {"window": t, "ties": len(y), "events": int(sum(y))}
        for name, cols in models.items():
            p = _train(feats, outcomes, t, cols)(_rows(feats[t], cols)[1])
            pooled[name].extend(p.tolist())
            row[name] = round(auc(y, p), 4) if 0 < sum(y) < len(y) else None
        rate = float(np.mean(np.concatenate([list(outcomes[s].values()) for s in range(t) if outcomes[s]])))
        pooled["persistence"].extend([rate] * len(y))
        per_window.append(row)
    scores = {}
    for name, p in pooled.items():
        within = [r[name] for r in per_window if r.get(name) is not None]
        scores[name] = {"auc": round(auc(ys, p), 4), "brier": round(brier(ys, p), 4),
                        "mean_window_auc": round(float(np.mean(within)), 4) if within else None}
    scores["persistence"]["mean_window_auc"] = 0.5  # one probability per window: no ranking inside it
    scores["nothing_changes"] = {"auc": 0.5, "brier": round(brier(ys, [0.0] * len(ys)), 4), "mean_window_auc": 0.5}
    tested = [k for t in range(min_train, len(graphs) - 1) for k in _rows(feats[t], FEATURES)[0]]
    values = np.vstack([_rows(feats[t], FEATURES)[1] for t in range(min_train, len(graphs) - 1)])
    feature_auc = {n: round(auc(ys, values[:, i]), 4) for i, n in enumerate(FEATURES)} if len(tested) else {}
    return {"ties": len(ys), "events": int(sum(ys)), "models": scores, "feature_auc": feature_auc,
            "per_window": per_window, "history": history, "min_train": min_train}
