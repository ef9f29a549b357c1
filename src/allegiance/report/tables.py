"""The analyst's tables of the report: strongest alliances and rivalries, strained ties, fragile
alliances and predicted signs, each a list of rows naming both actors and the tie.

Used by :func:`allegiance.report.data.report_data`; ``top`` rows per table.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("A", "B", sign=1, weight=0.8, count=1)
>>> rows = pair_tables(G, {"A": "Alpha", "B": "Beta"}, {frozenset("AB"): "e0"}, strain={}, fragility={}, top=5)
>>> [(r["source_name"], r["target_name"]) for r in rows["alliances"]], rows["rivalries"]
([('Alpha', 'Beta')], [])
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import networkx as nx

__all__ = ["pair_tables", "prediction_pairs", "prediction_rows"]


def _prediction_confidence(p) -> float:
    """In [0, 1]: ``|2P(+) - 1|`` for the feature model; for the triad vote, the net share of the
    voting triads that agree, shrunk by one phantom neighbour so that a single shared neighbour
    gives 0.5, not certainty."""
    if p.probability is not None:
        return round(abs(2 * p.probability - 1), 3)
    return round(abs(p.score) / (p.common_neighbours + 1), 3) if p.common_neighbours else 0.0


def prediction_pairs(G: nx.Graph, *, top_actors: int) -> list[tuple[Any, Any]]:
    """Unobserved pairs among the most connected actors that share at least one neighbour.

    All pairs with a common neighbour number in the millions on large maps; the table
    shows a few dozen, so candidates come from the ``top_actors`` best connected actors.
    """
    top = sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))[:top_actors]
    nbrs = {n: set(G[n]) for n in top}
    return [(a, b) for i, a in enumerate(top) for b in top[i + 1:]
            if b not in nbrs[a] and nbrs[a] & nbrs[b]]



def pair_tables(G: nx.Graph, name: Mapping[str, str], edge_index: Mapping[frozenset, str], *, strain: Mapping,
                fragility: Mapping, top: int) -> dict[str, list[dict[str, Any]]]:
    """``alliances, rivalries, strained, fragile``: at most ``top`` rows each.

    ``name`` maps an actor id to its name, ``edge_index`` a pair of actors to its edge row id.
    """

    def pair_row(u: Any, v: Any, **extra: Any) -> dict[str, Any]:
        d = G[u][v]
        return {"edge": edge_index[frozenset((u, v))], "source": str(u), "target": str(v),
                "source_name": name[str(u)], "target_name": name[str(v)], "sign": int(d["sign"]),
                "weight": round(float(d["weight"]), 3), "count": int(d["count"]), **extra}

    by_weight = sorted(G.edges(data=True), key=lambda e: (-e[2]["weight"], -e[2]["count"], str(e[0]), str(e[1])))
    # a tie whose two signs cancel out (weight 0) is neither an alliance nor a rivalry
    alliances = [pair_row(u, v) for u, v, d in by_weight if d["sign"] > 0 and d["weight"] > 0][:top]
    rivalries = [pair_row(u, v) for u, v, d in by_weight if d["sign"] < 0 and d["weight"] > 0][:top]
    strained = sorted(
        # only ties a balanced map would flip: the balanced sign differs from the observed one
        ((u, v, s) for (u, v), s in strain.items() if s.balanced_sign != G[u][v]["sign"]),
        key=lambda t: (not t[2].frustrated, -t[2].unbalanced_triangles, -G[t[0]][t[1]]["weight"], str(t[0]), str(t[1])),
    )
    strained_rows = [pair_row(u, v, frustrated=s.frustrated, balanced_sign=s.balanced_sign,
                              triangles=s.triangles, unbalanced_triangles=s.unbalanced_triangles)
                     for u, v, s in strained[:top]]
    fragile = sorted(
        ((u, v, s) for (u, v), s in fragility.items() if s.shared_enemies),
        key=lambda t: (-(t[2].fragility if not math.isnan(t[2].fragility) else 0), -t[2].shared_enemies,
                       str(t[0]), str(t[1])),
    )
    fragile_rows = [pair_row(u, v, shared_enemies=s.shared_enemies, shared_friends=s.shared_friends,
                             divisive=s.divisive, fragility=round(s.fragility, 3), enemy_only=s.enemy_only)
                    for u, v, s in fragile[:top]]
    return {"alliances": alliances, "rivalries": rivalries, "strained": strained_rows, "fragile": fragile_rows}


def prediction_rows(predictions: Mapping, name: Mapping[str, str], top: int) -> list[dict[str, Any]]:
    """Predicted signs of unobserved pairs, most shared neighbours first (confidence 0 is no prediction)."""
    pred = sorted(
        predictions.items(),
        key=lambda kv: (-kv[1].common_neighbours, -abs(kv[1].score), str(kv[0][0]), str(kv[0][1])),
    )
    pred_rows = [{
        "source": str(u), "target": str(v), "source_name": name.get(str(u), str(u)),
        "target_name": name.get(str(v), str(v)), "sign": p.sign, "score": round(p.score, 3),
        "common_neighbours": p.common_neighbours, "method": p.method,
        "confidence": _prediction_confidence(p),
    } for (u, v), p in pred if p.common_neighbours]
    return [row for row in pred_rows if row["confidence"] > 0][:top]  # confidence 0 is no prediction
