"""Sign prediction from structural balance: "the enemy of my enemy is my friend".

The sign of an unobserved tie ``u - v`` is predicted from the two-paths through their
common neighbours: each ``w`` votes ``sign(u, w) * sign(w, v)`` (friend of a friend
and enemy of an enemy vote +, friend of an enemy votes -), weighted by the product
of magnitudes when ``weight`` is given. Pairs without common neighbours fall back on
the camps of a (near-)optimal balance colouring: the same camp votes +, different
camps vote -, with half the weight of one triad so that triads always decide first.
A score of exactly 0 predicts the majority sign of the observed ties.

Evaluation hides a random share of the known edges, predicts them from the rest and
reports accuracy and the area under the ROC curve (positive = a positive tie, scored
by the prediction score), next to the trivial "always the majority sign" baseline.

References
----------
.. [1] Leskovec, J., Huttenlocher, D. & Kleinberg, J. (2010). Predicting positive and
   negative links in online social networks. *WWW 2010*, 641-650.
.. [2] Heider, F. (1946). Attitudes and cognitive organization. *J. Psychology* 21, 107-112.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Hashable, Iterable, Mapping

import networkx as nx

from allegiance.balance._signed import edge_sign, undirected_signed_view
from allegiance.balance.frustration import frustration_index
from allegiance.errors import ConfigError

__all__ = ["SignPrediction", "SignPredictionEvaluation", "predict_signs", "evaluate_sign_prediction"]


@dataclass(frozen=True, slots=True)
class SignPrediction:
    """The predicted sign of one pair, its score and how many triads voted."""

    sign: int
    score: float
    common_neighbours: int


@dataclass(frozen=True, slots=True)
class SignPredictionEvaluation:
    """How well balance predicts hidden signs.

    Attributes
    ----------
    hidden : int
        Edges hidden and predicted.
    accuracy : float
        Share of hidden edges whose sign was predicted right.
    auc : float
        Area under the ROC curve of the scores (positive ties as the positive class).
    baseline_accuracy : float
        Accuracy of always predicting the majority sign of the training edges.
    covered : int
        Hidden edges with at least one common neighbour in the training graph.
    covered_accuracy : float
        Accuracy on those (NaN if none).
    """

    hidden: int
    accuracy: float
    auc: float
    baseline_accuracy: float
    covered: int
    covered_accuracy: float


def _signs(H: nx.Graph, weight: str | None) -> dict[Hashable, dict[Hashable, float]]:
    out: dict[Hashable, dict[Hashable, float]] = {}
    for u in H:
        row = {}
        for v, d in H[u].items():
            if v == u:
                continue
            mag = 1.0 if weight is None else abs(float(d.get(weight, 1.0)))
            row[v] = edge_sign(d, u, v) * mag
        out[u] = row
    return out


def predict_signs(
    G: nx.Graph,
    pairs: Iterable[tuple[Hashable, Hashable]] | None = None,
    *,
    weight: str | None = None,
    partition: Mapping[Hashable, int] | None = None,
) -> dict[tuple[Hashable, Hashable], SignPrediction]:
    """Predict the signs of unobserved ties from the balance of shared neighbours.

    Parameters
    ----------
    G : networkx graph
        Observed signed graph (undirected signed view).
    pairs : iterable of (node, node), optional
        Pairs to predict; default: every non-adjacent pair with a common neighbour.
    weight : str, optional
        Edge magnitude attribute for weighted votes.
    partition : Mapping, optional
        Node -> camp, used for pairs without common neighbours; default: the
        heuristic frustration colouring of ``G``.

    Returns
    -------
    dict
        ``(u, v) -> SignPrediction``.

    Examples
    --------
    The enemy of my enemy:

    >>> G = nx.Graph([("a", "b", {"sign": -1}), ("b", "c", {"sign": -1})])
    >>> predict_signs(G)[("a", "c")]
    SignPrediction(sign=1, score=1.0, common_neighbours=1)
    """
    H = undirected_signed_view(G)
    signs = _signs(H, weight)
    if pairs is None:
        seen = set()
        todo = []
        for w in H:
            nb = list(signs[w])
            for i, a in enumerate(nb):
                for b in nb[i + 1:]:
                    key = frozenset((a, b))
                    if b not in signs[a] and key not in seen:
                        seen.add(key)
                        todo.append((a, b))
        pairs = todo
    pairs = list(pairs)
    if partition is None and H.number_of_edges():
        partition = frustration_index(H, method="heuristic", restarts=2).partition
    n_pos = sum(1 for u, v, d in H.edges(data=True) if edge_sign(d, u, v) > 0)
    majority = 1 if 2 * n_pos >= H.number_of_edges() else -1
    out = {}
    for u, v in pairs:
        su, sv = signs.get(u, {}), signs.get(v, {})
        small, other = (su, sv) if len(su) <= len(sv) else (sv, su)
        score, common = 0.0, 0
        for w, s1 in small.items():
            s2 = other.get(w)
            if s2 is not None and w not in (u, v):
                score += s1 * s2
                common += 1
        if common == 0 and partition is not None and u in partition and v in partition:
            score = 0.5 if partition[u] == partition[v] else -0.5
        sign = 1 if score > 0 else -1 if score < 0 else majority
        out[(u, v)] = SignPrediction(sign, float(score), common)
    return out


def _auc(scores: list[float], labels: list[int]) -> float:
    """Mann-Whitney AUC with ties counted one half."""
    pos = [s for s, y in zip(scores, labels) if y > 0]
    neg = [s for s, y in zip(scores, labels) if y <= 0]
    if not pos or not neg:
        return math.nan
    ranked = sorted((s, i) for i, s in enumerate(scores))
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[ranked[k][1]] = avg
        i = j + 1
    rank_pos = sum(r for r, y in zip(ranks, labels) if y > 0)
    return (rank_pos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def evaluate_sign_prediction(
    G: nx.Graph, *, hide: float = 0.1, seed: int = 0, weight: str | None = None
) -> SignPredictionEvaluation:
    """Hide a share of the known edges, predict their signs from the rest, score it.

    Parameters
    ----------
    G : networkx graph
        Signed graph (undirected signed view).
    hide : float
        Share of edges to hide, in (0, 1).
    seed : int
        Seed of the random choice of hidden edges.
    weight : str, optional
        Edge magnitude attribute for weighted votes.

    Returns
    -------
    SignPredictionEvaluation

    Examples
    --------
    >>> G = nx.complete_graph(8)
    >>> nx.set_edge_attributes(G, {(u, v): 1 if (u < 4) == (v < 4) else -1 for u, v in G.edges()}, "sign")
    >>> ev = evaluate_sign_prediction(G, hide=0.2, seed=1)
    >>> ev.accuracy, ev.auc
    (1.0, 1.0)
    """
    if not 0 < hide < 1:
        raise ConfigError(f"hide must be between 0 and 1, got {hide}")
    H = undirected_signed_view(G)
    edges = list(H.edges(data=True))
    rng = random.Random(seed)
    k = max(1, int(round(hide * len(edges)))) if edges else 0
    hidden_idx = set(rng.sample(range(len(edges)), k)) if k else set()
    train = nx.Graph()
    train.add_nodes_from(H)
    truth = {}
    for i, (u, v, d) in enumerate(edges):
        if i in hidden_idx:
            truth[(u, v)] = edge_sign(d, u, v)
        else:
            train.add_edge(u, v, **d)
    preds = predict_signs(train, list(truth), weight=weight)
    n_pos_train = sum(1 for u, v, d in train.edges(data=True) if d["sign"] > 0)
    majority = 1 if 2 * n_pos_train >= train.number_of_edges() else -1
    right = sum(1 for p, s in truth.items() if preds[p].sign == s)
    base = sum(1 for s in truth.values() if s == majority)
    covered = [p for p in truth if preds[p].common_neighbours > 0]
    cov_right = sum(1 for p in covered if preds[p].sign == truth[p])
    pairs = list(truth)
    n = len(pairs)
    return SignPredictionEvaluation(
        hidden=n,
        accuracy=right / n if n else math.nan,
        auc=_auc([preds[p].score for p in pairs], [truth[p] for p in pairs]),
        baseline_accuracy=base / n if n else math.nan,
        covered=len(covered),
        covered_accuracy=cov_right / len(covered) if covered else math.nan,
    )
