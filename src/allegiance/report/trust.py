"""The report's "can I trust this?" sections: significance, components, time windows, labels.

:func:`trust_sections` adds to the report data what keeps an analyst from reading
too much into a map: the verdict of the balance measures against null models (or
"too little data to say"), balance, blocs and dipoles per connected component, and,
when the documents span more than a few years, balance per sliding window with the
band chance would give it, bloc membership over time, who moved camp and the ties
that changed sign (each with the relations behind it). :func:`cull_labels` chooses
which actor names are drawn so that no two drawn names overlap; the others show on
hover.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([("a", "b", {"sign": 1, "evidence": []})])
>>> sections = trust_sections(G, [], {}, samples=5)
>>> sections["significance"]["verdict"], sections["windows"] is None
('too little data to say', True)
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import networkx as nx
import numpy as np

from allegiance.balance.forecast import alliance_outlook
from allegiance.balance.components import BLOC_MEANING, CAMPS_VS_BLOCS, component_balance
from allegiance.balance.significance import balance_significance, default_samples
from allegiance.balance.temporal import temporal_balance
from allegiance.model import Relation
from allegiance.network import window_series
from allegiance.network.windows import choose_window, needs_windows, window_start

__all__ = ["cull_labels", "separate_nodes", "trust_sections", "window_blocs", "BLOC_MEANING"]


def windowed(relations: Sequence[Relation], first: str | None, last: str | None, *,
             window: str | None = None, step: str | None = None) -> tuple[list, str | None, str | None]:
    """The sliding windows of a corpus (sizes chosen from its dates unless given), or ``[]``.

    Windows are made by default only when the range spans more than a few years
    (:func:`allegiance.network.windows.needs_windows`); an explicit ``window`` always
    makes them.

    Examples
    --------
    >>> windowed([], None, None)
    ([], None, None)
    """
    if not first or not last or (window is None and not needs_windows(first, last)):
        return [], None, None
    if window is None:
        window, step = choose_window(first, last)
    return window_series(relations, window=window, step=step, start=window_start(first, window)), window, step


def trust_sections(G: nx.Graph, relations: Sequence[Relation], index: Mapping[str, int], *,
                   first: str | None = None, last: str | None = None, samples: int | None = None,
                   window_samples: int = 30, seed: int = 0, time_limit: float = 5.0) -> dict[str, Any]:
    """Significance, components and (for long ranges) windows, JSON-ready.

    Parameters
    ----------
    G : networkx graph
        The pooled signed graph of the report.
    relations : sequence of Relation
        Its relations (with their effective dates), for the windows.
    index : mapping relation id -> row index
        Evidence is given as row indexes of the report's relation list.
    first, last : str, optional
        Date range of the relations.
    samples, window_samples : int
        Null samples for the whole map (default by size) and per window.
    seed : int
    time_limit : float
        Seconds per exact solve.
    """
    n = default_samples(G.number_of_edges()) if samples is None else samples
    # walk balance is reported by the summary, not re-drawn for every null sample (not decisive)
    sig = balance_significance(G, samples=n, seed=seed,
                               measures=("triangle_balance", "normalised_frustration")).to_dict()
    parts = [c.to_dict() for c in component_balance(G, seed=seed, time_limit=time_limit)]
    out: dict[str, Any] = {"significance": sig, "components": parts, "bloc_meaning": BLOC_MEANING,
                           "camps_vs_blocs": CAMPS_VS_BLOCS, "windows": None, "forecast": None}
    series, window, step = windowed(relations, first, last)
    if series:
        t = temporal_balance(series, samples=window_samples, seed=seed, time_limit=min(1.0, time_limit)).to_dict()

        def rows(ids: Iterable[str]) -> list[int]:
            return sorted({index[i] for i in ids if i in index})

        for m in t["moves"]:
            m["evidence"] = rows(m["evidence"])
        for c in t["sign_changes"]:
            c["evidence"] = rows(c["evidence"])
        out["windows"] = {"window": window, "step": step, **t}
        out["forecast"] = _forecast_rows(series, top=25)
    return out


def _forecast_rows(series: Sequence[Any], *, top: int) -> dict[str, Any] | None:
    """Will the alliances of the last window survive the next? Rows for the report (None without history)."""
    graphs = [w.graph for w in series]
    while graphs and not graphs[-1].number_of_edges():  # the last window with ties is "now"
        graphs.pop()
    if len(graphs) < 3:
        return None
    outlook = alliance_outlook(graphs, time_limit=1.0)
    if not outlook["events"]:
        return {"trained_on": outlook["trained_on"], "events": 0, "rows": []}
    G = graphs[-1]
    rows = [{"source": str(f.source), "target": str(f.target),
             "source_name": str(G.nodes[f.source].get("name", f.source)),
             "target_name": str(G.nodes[f.target].get("name", f.target)),
             "probability": round(f.probability, 3),
             "enemy_only": bool(f.features["enemy_only"]), "frustrated": bool(f.features["frustrated"]),
             "persistence": round(f.features["persistence"], 2)} for f in outlook["forecasts"][:top]]
    return {"trained_on": outlook["trained_on"], "events": outlook["events"], "rows": rows}


def window_blocs(windows: Mapping[str, Any], names: Mapping[Any, str],
                 pooled: Sequence[Sequence[Any]] = ()) -> tuple[dict, list[dict[str, Any]]]:
    """Blocs of a windowed report: each actor's bloc in the last window it appears in, and one row per
    bloc and window (``window, bloc, size, members``), so no bloc pools distant years.

    Blocs of ``pooled`` (the whole map's blocs) are kept, as window ``"undated"``, for actors
    that appear in no window (their relations have no date).

    Bloc numbers are the tracks of :func:`allegiance.balance.temporal.temporal_balance`: the
    same number is the same bloc followed from window to window.

    Examples
    --------
    >>> w = {"windows": [{"label": "1914..1921", "blocs": {"GBR": 0, "FRA": 0}},
    ...                  {"label": "1950..1957", "blocs": {"GBR": 2, "USA": 2}}]}
    >>> bloc_of, rows = window_blocs(w, {"GBR": "United Kingdom", "FRA": "France", "USA": "United States"})
    >>> bloc_of["GBR"], [(r["window"], r["bloc"], r["size"]) for r in rows]
    (2, [('1914..1921', 0, 2), ('1950..1957', 2, 2)])
    """
    bloc_of: dict[Any, int] = {}
    rows = []
    by_id = {str(k): k for k in names}
    for w in windows["windows"]:
        groups: dict[int, list[str]] = {}
        for actor, track in w["blocs"].items():
            groups.setdefault(track, []).append(actor)
            bloc_of[by_id.get(actor, actor)] = track
        for track, members in sorted(groups.items()):
            rows.append({"window": w["label"], "bloc": track, "size": len(members),
                         "members": sorted([names.get(by_id.get(a, a), a), a] for a in members)})
    track = max(bloc_of.values(), default=-1) + 1
    for group in pooled:
        left = [n for n in group if n not in bloc_of]
        if len(left) < 2:
            continue
        for n in left:
            bloc_of[n] = track
        rows.append({"window": "undated", "bloc": track, "size": len(left),
                     "members": sorted([names.get(n, str(n)), str(n)] for n in left)})
        track += 1
    return bloc_of, rows


def _box(n: Mapping[str, Any]) -> tuple[float, float, float, float]:
    font = 10 + n["size"] / 5
    half = min(160.0, 0.6 * font * len(n["name"])) / 2
    top = n["y"] + n["size"] / 2 + 3
    return n["x"] - half, top, n["x"] + half, top + font * 1.2


def cull_labels(nodes: list[dict[str, Any]]) -> int:
    """Mark ``label`` on drawn nodes whose name does not collide with a more active one's.

    Nodes are taken by activity (the list's order); a name is kept when its box
    (below the node, as the map draws it, white-outlined) overlaps no kept name's box.
    Boxes are in model coordinates, so the choice holds at every zoom. Returns how
    many names are kept.

    Examples
    --------
    >>> ns = [{"name": "Alpha", "size": 20, "x": 0, "y": 0, "drawn": True},
    ...       {"name": "Beta", "size": 14, "x": 5, "y": 2, "drawn": True},
    ...       {"name": "Gamma", "size": 14, "x": 400, "y": 0, "drawn": True}]
    >>> cull_labels(ns), [n["label"] for n in ns]
    (2, [True, False, True])
    """
    kept: list[tuple[float, float, float, float]] = []

    def hits(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    count = 0
    for n in nodes:
        n["label"] = False
        if not n.get("drawn"):
            continue
        box = _box(n)
        if any(hits(box, k) for k in kept):
            continue
        kept.append(box)
        n["label"] = True
        count += 1
    return count


def separate_nodes(nodes: list[dict[str, Any]], *, gap: float = 6.0, iterations: int = 80) -> float:
    """Push drawn nodes apart until no two discs overlap (within ``gap``); returns the worst overlap left.

    The force layout lets hubs pile up in the densest cluster; this moves each pair that
    overlaps apart along the line between them, half each, keeping the layout's shape.

    Examples
    --------
    >>> ns = [{"x": 0.0, "y": 0.0, "size": 20, "drawn": True}, {"x": 4.0, "y": 0.0, "size": 20, "drawn": True}]
    >>> separate_nodes(ns) <= 0.01, ns[1]["x"] - ns[0]["x"] >= 25.9
    (True, True)
    """
    drawn = [n for n in nodes if n.get("drawn")]
    if len(drawn) < 2:
        return 0.0
    P = np.asarray([[n["x"], n["y"]] for n in drawn], dtype=float)
    R = np.asarray([n["size"] / 2 for n in drawn], dtype=float)
    need = R[:, None] + R[None, :] + gap
    np.fill_diagonal(need, 0.0)
    rng = np.random.default_rng(0)
    worst = 0.0
    for _ in range(iterations):
        D = P[:, None, :] - P[None, :, :]
        dist = np.sqrt((D ** 2).sum(axis=2))
        over = np.where(dist < need, need - dist, 0.0)
        np.fill_diagonal(over, 0.0)
        worst = float(over.max())
        if worst <= 0.01:
            break
        same = (dist < 1e-9) & (over > 0)
        if same.any():  # identical positions: nudge at random so they have a direction
            P += rng.normal(scale=0.5, size=P.shape) * same.any(axis=1)[:, None]
            continue
        unit = D / np.where(dist > 0, dist, 1.0)[:, :, None]
        P += 0.5 * (unit * over[:, :, None]).sum(axis=1)
    for n, (x, y) in zip(drawn, P):
        n["x"], n["y"] = round(float(x), 1), round(float(y), 1)
    return worst
