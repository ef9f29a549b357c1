"""Balance over time: per-window balance with its null-model band, blocs over time, moves, sign changes.

:func:`temporal_balance` takes a series of time windows (one signed graph each, from
:func:`allegiance.network.window_series`) and returns, per window, the balance
measures with the band chance would give them (5th-95th percentile of shuffled
signs over the same ties) and the verdict of :func:`balance_significance`; the blocs
of each window (per connected component) tracked from window to window; the actors
that moved camp, when, with the relations that show it; and the ties whose sign
changed.

Bloc tracking: each bloc of a window takes the track of the previous window's bloc
it shares most actors with (greedy, largest overlap first, Jaccard at least 0.25 of
the actors present in both windows); a bloc matching nothing opens a new track. An
actor *moved camp* when it was in a tracked bloc with at least one other actor in
the earlier window, both windows hold it, and in the later window it sits in a
different track (or alone) while at least one former companion stays in the old one.

Examples
--------
>>> import datetime as dt
>>> import networkx as nx
>>> from allegiance.network import Window
>>> a = nx.Graph([("A", "B", {"sign": 1}), ("B", "C", {"sign": -1}), ("A", "C", {"sign": -1})])
>>> b = nx.Graph([("A", "B", {"sign": -1}), ("B", "C", {"sign": 1}), ("A", "C", {"sign": -1})])
>>> ws = [Window("w1", dt.date(2000, 1, 1), dt.date(2001, 1, 1), a),
...       Window("w2", dt.date(2001, 1, 1), dt.date(2002, 1, 1), b)]
>>> t = temporal_balance(ws, samples=5)
>>> [(c.source, c.target, c.before, c.after) for c in t.sign_changes]
[('A', 'B', 1, -1), ('B', 'C', -1, 1)]
>>> [(m.actor, m.window) for m in t.moves]
[('A', 'w2')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Hashable, Mapping, Sequence

import networkx as nx

from allegiance.balance._signed import undirected_signed_view
from allegiance.balance.components import component_blocs
from allegiance.balance.frustration import frustration_index
from allegiance.balance.significance import Significance, balance_significance
from allegiance.balance.triangles import triangle_census

__all__ = ["CampMove", "SignChange", "TemporalBalance", "WindowBalance", "temporal_balance"]

_MIN_JACCARD = 0.25


@dataclass(frozen=True, slots=True)
class WindowBalance:
    """Balance of one window, with what chance would give.

    Attributes
    ----------
    label : str
    nodes, edges, negative_edges, triangles : int
    triangle_balance, normalised_frustration : float
        NaN when undefined (no triangles, no ties).
    significance : Significance or None
        Shuffled-sign null model only (the band and the verdict of the window); None
        when ``samples=0``.
    blocs : dict
        Actor -> track number of its bloc (actors alone in their bloc are left out).
    """

    label: str
    nodes: int
    edges: int
    negative_edges: int
    triangles: int
    triangle_balance: float
    normalised_frustration: float
    significance: Significance | None
    blocs: dict[Hashable, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (NaN as None)."""
        def r(x: float) -> float | None:
            return None if x is None or not math.isfinite(x) else round(float(x), 4)

        bands = {}
        sig = self.significance
        for c in sig.comparisons if sig else ():
            bands[c.measure] = {"expected": r(c.expected), "band": [r(c.low), r(c.high)], "z": r(c.z),
                                "p_value": r(c.p_value)}
        return {"label": self.label, "nodes": self.nodes, "edges": self.edges,
                "negative_edges": self.negative_edges, "triangles": self.triangles,
                "triangle_balance": r(self.triangle_balance), "normalised": r(self.normalised_frustration),
                "verdict": sig.verdict if sig else None, "reason": sig.reason if sig else None, "chance": bands,
                "blocs": {str(k): v for k, v in sorted(self.blocs.items(), key=lambda kv: str(kv[0]))}}


@dataclass(frozen=True, slots=True)
class CampMove:
    """An actor that left its bloc between two windows.

    Attributes
    ----------
    actor : node
    window, previous : str
        The window where it sits in its new bloc, and the one before.
    left, joined : list
        Former companions that stayed behind; new companions.
    evidence : list of str
        Relation ids (``evidence`` of the window's edges) between the actor and those
        companions in the new window: why it is now counted elsewhere.
    """

    actor: Hashable
    window: str
    previous: str
    left: list[Hashable]
    joined: list[Hashable]
    evidence: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return {"actor": str(self.actor), "window": self.window, "previous": self.previous,
                "left": [str(x) for x in self.left], "joined": [str(x) for x in self.joined],
                "evidence": list(self.evidence)}


@dataclass(frozen=True, slots=True)
class SignChange:
    """A tie whose sign differs from its previous observation.

    Attributes
    ----------
    source, target : node
    before, after : int
    previous, window : str
        The window of the earlier sign, and the window showing the new one.
    evidence : list of str
        Relation ids of the tie in the new window.
    """

    source: Hashable
    target: Hashable
    before: int
    after: int
    previous: str
    window: str
    evidence: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return {"source": str(self.source), "target": str(self.target), "before": self.before,
                "after": self.after, "previous": self.previous, "window": self.window,
                "evidence": list(self.evidence)}


@dataclass(frozen=True, slots=True)
class TemporalBalance:
    """Balance over a series of windows (see the module docstring)."""

    windows: list[WindowBalance]
    moves: list[CampMove]
    sign_changes: list[SignChange]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"windows": [w.to_dict() for w in self.windows], "moves": [m.to_dict() for m in self.moves],
                "sign_changes": [c.to_dict() for c in self.sign_changes]}


def _match_tracks(groups: list[list[Hashable]], previous: dict[Hashable, int], next_track: int,
                  present: set) -> tuple[dict[Hashable, int], int]:
    """Give each bloc (2+ actors) the track of the previous bloc it overlaps most, or a new one."""
    prev_groups: dict[int, set] = {}
    for n, t in previous.items():
        if n in present:
            prev_groups.setdefault(t, set()).add(n)
    candidates = []
    for i, g in enumerate(groups):
        gs = set(g)
        for t, members in prev_groups.items():
            common = len(gs & members)
            if common:
                jac = common / len((gs | members) & present)
                candidates.append((-common, -jac, i, t))
    taken_groups: dict[int, int] = {}
    taken_tracks: set[int] = set()
    for neg_common, neg_jac, i, t in sorted(candidates):
        if i in taken_groups or t in taken_tracks or -neg_jac < _MIN_JACCARD:
            continue
        taken_groups[i], _ = t, taken_tracks.add(t)
    out: dict[Hashable, int] = {}
    for i, g in enumerate(groups):
        if i not in taken_groups:
            taken_groups[i], next_track = next_track, next_track + 1
        for n in g:
            out[n] = taken_groups[i]
    return out, next_track


def _evidence(G: nx.Graph, actor: Hashable, others: Sequence[Hashable]) -> list[str]:
    out: list[str] = []
    for o in others:
        if G.has_edge(actor, o):
            out.extend(str(e) for e in G[actor][o].get("evidence", ()))
    return out


def _moves(label: str, prev_label: str, G: nx.Graph, now: dict, before: dict) -> list[CampMove]:
    out = []
    for actor, old in sorted(before.items(), key=lambda kv: str(kv[0])):
        new = now.get(actor)  # None: alone in its bloc now
        if actor not in G or new == old:
            continue
        stayed = sorted((n for n, t in now.items() if t == old and before.get(n) == old and n != actor), key=str)
        if not stayed:
            continue
        joined = sorted((n for n, t in now.items() if new is not None and t == new and n != actor), key=str)
        out.append(CampMove(actor, label, prev_label, stayed, joined, _evidence(G, actor, stayed + joined)))
    return out


def _sign_changes(series: list[tuple[str, nx.Graph]]) -> list[SignChange]:
    last: dict[frozenset, tuple[int, str]] = {}
    out = []
    for label, H in series:
        for u, v, d in sorted(H.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
            key = frozenset((u, v))
            s = int(d["sign"])
            if key in last and last[key][0] != s:
                a, b = sorted((u, v), key=str)
                out.append(SignChange(a, b, last[key][0], s, last[key][1], label,
                                      [str(e) for e in d.get("evidence", ())]))
            last[key] = (s, label)
    return out


def _window_balance(label: str, H: nx.Graph, *, samples: int, seed: int, time_limit: float | None,
                    blocs: dict[Hashable, int]) -> WindowBalance:
    census = triangle_census(H)
    m = H.number_of_edges()
    fr = frustration_index(H, time_limit=time_limit, seed=seed) if m else None
    sig = None
    if samples >= 1:
        sig = balance_significance(H, samples=samples, seed=seed, models=["shuffle"],
                                   measures=["triangle_balance", "normalised_frustration"])
    return WindowBalance(
        label, H.number_of_nodes(), m, sum(1 for *_e, s in H.edges(data="sign") if int(s) < 0), census.total,
        census.balance_ratio, 1 - 2 * fr.value / m if fr else math.nan, sig, blocs)


def temporal_balance(windows: Sequence[Any] | Mapping[str, nx.Graph], *, samples: int = 30, seed: int = 0,
                     time_limit: float | None = 1.0) -> TemporalBalance:
    """Balance per window with its null-model band, blocs over time, moves and sign changes.

    Parameters
    ----------
    windows : sequence of :class:`allegiance.network.Window`, of (label, graph) pairs, or a mapping
        label -> graph; in time order.
    samples : int
        Shuffled-sign samples per window (the band and the verdict); 0 skips them.
    seed : int
        Seed of the null samples and the heuristics.
    time_limit : float, optional
        Seconds per exact solve (frustration, blocs) in a window.

    Returns
    -------
    TemporalBalance
    """
    if isinstance(windows, Mapping):
        windows = list(windows.items())
    series = [(str(w.label), undirected_signed_view(w.graph)) if hasattr(w, "graph")
              else (str(w[0]), undirected_signed_view(w[1])) for w in windows]
    out_windows, moves = [], []
    previous: dict[Hashable, int] = {}
    prev_label = None
    next_track = 0
    for label, H in series:
        groups, _ = component_blocs(H, seed=seed, time_limit=time_limit) if H.number_of_nodes() else ([], True)
        groups = [g for g in groups if len(g) > 1]
        tracks, next_track = _match_tracks(groups, previous, next_track, set(H))
        if prev_label is not None:
            moves.extend(_moves(label, prev_label, H, tracks, previous))
        out_windows.append(_window_balance(label, H, samples=samples, seed=seed, time_limit=time_limit,
                                           blocs=tracks))
        if H.number_of_edges():
            previous, prev_label = tracks, label
    return TemporalBalance(out_windows, moves, _sign_changes(series))
