"""What the report's map draws: blocs and their colours, actors (nodes) with a fixed layout, ties (edges).

:func:`bloc_assignment` numbers the blocs by size (per window when the range is long),
:func:`node_rows` sizes, colours and lays out the actors (at most ``max_drawn_nodes`` of the
most active are drawn; the others stay in the data), :func:`edge_rows` gives every tie its
weight, width, strain and the indexes of its relations. Used by
:func:`allegiance.report.data.report_data`.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("A", "B", count=2)
>>> nodes, drawn = node_rows(G, {}, windowed=False, max_drawn_nodes=1, seed=0)
>>> [(n["id"], n["drawn"], n["colour"]) for n in nodes]
[('A', True, '#9a9a9a'), ('B', False, '#9a9a9a')]
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

import networkx as nx

from allegiance.model import Relation, TimeFrame
from allegiance.report.trust import cull_labels, separate_nodes, window_blocs

__all__ = ["BLOC_COLOURS", "OTHER_COLOUR", "bloc_assignment", "node_rows", "edge_rows"]

#: Colours of the largest blocs, in order (colour-blind safe, Okabe-Ito plus two).
BLOC_COLOURS = ("#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#D55E00", "#009E73",
                "#F0E442", "#7f3c8d", "#11a579", "#3969ac")
OTHER_COLOUR = "#9a9a9a"


def _component_layout(G: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    n = G.number_of_nodes()
    if n == 1:
        return {next(iter(G)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(G.nodes, key=str)
        return {a: (-70.0, 0.0), b: (70.0, 0.0)}
    pos = nx.kamada_kawai_layout(G, weight=None) if n <= 12 else nx.spring_layout(
        G, seed=seed, weight=None, iterations=60 if n < 2000 else 30, k=1.5 / math.sqrt(n))
    scale = 70 * math.sqrt(n)
    return {v: (float(x) * scale, float(y) * scale) for v, (x, y) in pos.items()}


def _layout(G: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Lay out each connected component on its own, then pack them in rows, largest first."""
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), sorted(map(str, c))))
    if not comps:
        return {}
    boxes = []
    for comp in comps:
        pos = _component_layout(G.subgraph(comp), seed)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + 90, max(ys) - min(ys) + 90))
    row_width = max(max(b[3] for b in boxes), 1.6 * math.sqrt(sum(b[3] * b[4] for b in boxes)))
    out: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in pos.items():
            out[v] = (round(x + px - x0 + 45, 1), round(y + py - y0 + 45, 1))
        x += w
        row_height = max(row_height, h)
    return out



def bloc_assignment(G: nx.Graph, groups_found: Iterable, trust: Mapping[str, Any]):
    """Actor -> bloc number, and one row per bloc: numbered by size, only blocs of two or more.

    A long range (``trust["windows"]``) gives the blocs of each window, never of the pooled century.
    """
    bloc_of: dict[str, int | None] = {}
    bloc_rows: list[dict[str, Any]] = []
    groups = sorted(groups_found, key=lambda g: (-len(g), sorted(map(str, g))))
    for i, members in enumerate(g for g in groups if len(g) > 1):
        for n in members:
            bloc_of[n] = i
        bloc_rows.append({"bloc": i, "size": len(members),
                          "members": sorted([str(G.nodes[n].get("name", n)), str(n)] for n in members)})
    if trust.get("windows"):  # a long range: blocs of each window, never of the pooled century
        bloc_of, bloc_rows = window_blocs(trust["windows"], {n: str(G.nodes[n].get("name", n)) for n in G},
                                          pooled=groups)
    return bloc_of, bloc_rows


def node_rows(G: nx.Graph, bloc_of: Mapping[Any, int | None], *, windowed: bool, max_drawn_nodes: int,
              seed: int) -> tuple[list[dict[str, Any]], set]:
    """One row per actor, most active first, and the set of actors drawn."""
    activity = Counter()
    for u, v, d in G.edges(data=True):
        activity[u] += d["count"]
        activity[v] += d["count"]
    order = sorted(G.nodes, key=lambda n: (-activity[n], str(n)))
    drawn = set(order[:max_drawn_nodes])
    pos = _layout(G.subgraph(drawn), seed)
    top_activity = max(activity.values(), default=1)

    nodes = []
    for n in order:
        d = G.nodes[n]
        b = bloc_of.get(n)
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": str(n), "name": str(d.get("name") or n), "kind": str(d.get("kind") or ""),
            "parent": d.get("parent"), "bloc": b,
            "colour": OTHER_COLOUR if b is None or (b >= len(BLOC_COLOURS) and not windowed)
            else BLOC_COLOURS[b % len(BLOC_COLOURS)],
            "activity": activity[n], "degree": G.degree(n),
            "size": round(14 + 36 * math.sqrt(activity[n] / top_activity), 1),
            "x": x, "y": y, "drawn": n in drawn,
        })
    separate_nodes(nodes)  # no two discs overlap in the densest cluster
    cull_labels(nodes)
    return nodes, drawn


def edge_rows(G: nx.Graph, kept: Sequence[Relation], index: Mapping[str, int], strain: Mapping,
              drawn: set) -> tuple[list[dict[str, Any]], dict[frozenset, str]]:
    """One row per tie (sorted by its two actors), and the row id of each pair of actors."""
    top_weight = max((d["weight"] for *_e, d in G.edges(data=True)), default=1.0) or 1.0
    edges = []
    edge_index: dict[frozenset, str] = {}
    for i, (u, v, d) in enumerate(sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))):
        rel_idx = sorted(index[e] for e in d["evidence"] if e in index)
        s = strain.get((u, v)) or strain.get((v, u))
        eid = f"e{i}"
        edge_index[frozenset((u, v))] = eid
        edges.append({
            "id": eid, "source": str(u), "target": str(v), "sign": int(d["sign"]),
            "weight": round(float(d["weight"]), 4), "total": round(float(d["total"]), 4),
            "count": int(d["count"]), "n_positive": int(d["n_positive"]), "n_negative": int(d["n_negative"]),
            "types": dict(d["types"]), "first": d["first_date"], "last": d["last_date"],
            "past": all(kept[j].time is TimeFrame.PAST for j in rel_idx) if rel_idx else False,
            "frustrated": bool(s.frustrated) if s else False,
            "ambivalent": bool(d["ambivalent"]),
            "width": round(1.5 + 6.5 * float(d["weight"]) / top_weight, 2),
            "drawn": u in drawn and v in drawn,
            "relations": rel_idx,
        })
    return edges, edge_index
