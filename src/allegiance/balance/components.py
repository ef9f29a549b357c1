"""Balance per connected component: camps, blocs and dipoles where actors actually meet.

Balance measures pooled over a map of disconnected pieces mix things that have
nothing to do with each other, and the two camps of a pooled map put actors that
never met on opposite sides by accident. :func:`component_balance` analyses every
connected component of meaningful size on its own:

* triangle balance and the frustration index of the component;
* its **two camps** (the colouring attaining the frustration index: Harary's
  two-camp optimum, every tie counted against it when it breaks the rule) and its
  **blocs** (correlation clustering, :func:`k_blocs`: as many blocs as the ties ask
  for). Both appear because they answer different questions: the two camps are the
  best split into two sides; blocs are groups of allies, and three hostile blocs
  cannot be two camps without counting a war inside one of them as "frustrated";
* its **dipoles**: pairs of blocs mostly hostile to each other (as POLAR reports
  polarised community pairs): at least ``min_ties`` ties between them and at least
  ``hostile_share`` of them negative.

References
----------
.. [1] Harary, F. (1953). On the notion of balance of a signed graph. *Michigan
   Mathematical Journal* 2, 143-146.
.. [2] Xiao, H., Ordozgoiti, B. & Gionis, A. (2020). Searching for polarization in
   signed graphs: a local spectral approach. *WWW '20*, 362-372 (POLAR).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Hashable

import networkx as nx
import numpy as np

from allegiance.balance._signed import SignedEdges, component_labels, signed_edges, undirected_signed_view
from allegiance.balance.blocs import blocs_of_edges, k_blocs
from allegiance.balance.frustration import FrustrationResult, frustration_index
from allegiance.balance.triangles import census_of_triangles, triangle_edge_index

__all__ = ["ComponentBalance", "Dipole", "component_balance", "component_blocs", "dipoles", "BLOC_MEANING",
           "CAMPS_VS_BLOCS"]

#: What a bloc is, in words, for pages that show blocs.
BLOC_MEANING = ("A bloc is a group of actors mostly allied with each other and mostly hostile to, or "
                "unconnected with, the rest (correlation clustering of the signed ties, found separately in "
                "each connected piece of the map). Actors in different pieces never share a bloc; two blocs "
                "side by side in a table are not necessarily enemies unless a dipole says so.")

#: Why a piece can have two camps and more blocs, for pages that show both.
CAMPS_VS_BLOCS = ("Two camps are the best split of a piece into two sides (Harary): every alliance across "
                  "the line and every hostility inside a side counts as frustration. Blocs are as many "
                  "groups as the ties ask for (correlation clustering): three mutually hostile blocs are "
                  "three blocs, but as two camps one of their wars must fall inside a camp.")


@dataclass(frozen=True, slots=True)
class Dipole:
    """Two blocs mostly hostile to each other.

    Attributes
    ----------
    blocs : tuple of int
        Indexes into the component's ``blocs``.
    ties, negative : int
        Ties between the two blocs, and how many of them are negative.
    """

    blocs: tuple[int, int]
    ties: int
    negative: int

    @property
    def hostile_share(self) -> float:
        """Share of the ties between the two blocs that are negative."""
        return self.negative / self.ties if self.ties else math.nan


@dataclass(frozen=True, slots=True)
class ComponentBalance:
    """Balance of one connected component.

    Attributes
    ----------
    nodes : list
        Its actors.
    edges, negative_edges, triangles : int
    triangle_balance : float
        NaN without triangles.
    frustration : FrustrationResult
    camps : list of list
        The two camps of the frustration colouring.
    blocs : list of list
        Correlation-clustering blocs, largest first.
    dipoles : list of Dipole
    """

    nodes: list[Hashable]
    edges: int
    negative_edges: int
    triangles: int
    triangle_balance: float
    frustration: FrustrationResult
    camps: list[list[Hashable]] = field(default_factory=list)
    blocs: list[list[Hashable]] = field(default_factory=list)
    dipoles: list[Dipole] = field(default_factory=list)

    @property
    def normalised_frustration(self) -> float:
        """``1 - 2L/m``."""
        return 1 - 2 * self.frustration.value / self.edges if self.edges else math.nan

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict.

        Examples
        --------
        >>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1})])
        >>> component_balance(G, min_nodes=3)[0].to_dict()["blocs"]
        [['a', 'b'], ['c']]
        """
        tb = self.triangle_balance
        return {
            "nodes": len(self.nodes), "edges": self.edges, "negative_edges": self.negative_edges,
            "triangles": self.triangles, "triangle_balance": None if math.isnan(tb) else round(tb, 4),
            "frustration": self.frustration.value, "optimal": bool(self.frustration.optimal),
            "normalised_frustration": round(self.normalised_frustration, 4) if self.edges else None,
            "camps": [sorted(map(str, c)) for c in self.camps],
            "blocs": [sorted(map(str, b)) for b in self.blocs],
            "dipoles": [{"blocs": list(d.blocs), "ties": d.ties, "negative": d.negative,
                         "hostile_share": round(d.hostile_share, 3)} for d in self.dipoles],
        }


def dipoles(G: nx.Graph, blocs: list[list[Hashable]], *, min_ties: int = 2,
            hostile_share: float = 0.75) -> list[Dipole]:
    """Pairs of blocs with at least ``min_ties`` ties between them, ``hostile_share`` of them negative.

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (3, 4, {"sign": 1}), (1, 3, {"sign": -1}), (2, 4, {"sign": -1})])
    >>> [(d.blocs, d.ties, d.negative) for d in dipoles(G, [[1, 2], [3, 4]])]
    [((0, 1), 2, 2)]
    """
    return _dipoles_of_edges(signed_edges(undirected_signed_view(G)), blocs, min_ties=min_ties,
                             hostile_share=hostile_share)


def component_balance(G: nx.Graph, *, min_nodes: int = 4, time_limit: float | None = 5.0,
                      seed: int = 0, large: int = 200,
                      frustration: FrustrationResult | None = None) -> list[ComponentBalance]:
    """Balance, camps, blocs and dipoles of every connected component with ``min_nodes`` actors or more.

    Parameters
    ----------
    G : networkx graph
        Signed graph (undirected signed view).
    min_nodes : int
        Smaller components are left out (too small to say anything about balance).
    time_limit : float, optional
        Seconds per exact solve (frustration, blocs) of a component.
    seed : int
        Seed of the heuristics.
    large : int
        Components with more actors get heuristic blocs (two starts).
    frustration : FrustrationResult, optional
        The (unweighted) frustration index of the whole of ``G``, already solved: each
        component then takes its part of that colouring instead of being solved again.
        The index is a sum over components, so the part of an optimal colouring is
        optimal for its component; when the whole is not proven optimal, a component's
        lower bound is the whole's bound less what the other components' colourings
        frustrate.

    Returns
    -------
    list of ComponentBalance
        Largest component first.

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": -1}), (3, 4, {"sign": 1}),
    ...               ("x", "y", {"sign": 1})])
    >>> [(len(c.nodes), c.frustration.value, len(c.dipoles)) for c in component_balance(G)]
    [(4, 0, 1)]
    """
    H = undirected_signed_view(G)
    E = signed_edges(H)
    u, v = np.asarray(E.u, dtype=np.int64), np.asarray(E.v, dtype=np.int64)
    s = np.asarray(E.s, dtype=np.int8)
    label = component_labels(E.n, u, v)
    tri = triangle_edge_index(E.n, u, v)
    tri_label = label[u[tri[:, 0]]]
    out = []
    for idx in _pieces(E, label):
        if len(idx) < min_nodes:
            continue
        comp = {E.nodes[i] for i in idx}
        ks = np.flatnonzero(label[u] == label[idx[0]])
        census = census_of_triangles(tri[tri_label == label[idx[0]]], s)
        fr = (frustration_index(H.subgraph(comp), time_limit=time_limit, seed=seed) if frustration is None
              else _part_of(frustration, comp))
        camps = [[n for n, side in fr.partition.items() if side == k] for k in (0, 1)]
        if len(idx) > large:  # indexed once above; a subgraph of thousands of actors is slow to walk
            piece = _piece_edges(E, idx, ks)
            found = blocs_of_edges(piece, seed=seed, method="heuristic", restarts=2)
        else:
            piece, found = None, _blocs_of_component(H.subgraph(comp), seed=seed, time_limit=time_limit,
                                                     large=large)
        groups = [sorted(g, key=str) for g in found.groups if g]
        groups.sort(key=lambda g: (-len(g), list(map(str, g))))
        out.append(ComponentBalance(
            nodes=sorted(comp, key=str), edges=len(ks), negative_edges=int((s[ks] < 0).sum()),
            triangles=census.total, triangle_balance=census.balance_ratio, frustration=fr,
            camps=[sorted(c, key=str) for c in camps if c], blocs=groups,
            dipoles=_dipoles_of_edges(piece, groups) if piece is not None else dipoles(H.subgraph(comp), groups)))
    return out


def _pieces(E: SignedEdges, label: np.ndarray) -> list[list[int]]:
    """Node indexes of each component (in graph order), largest first, then by their sorted names."""
    members: dict[int, list[int]] = {}
    for i, c in enumerate(label.tolist()):
        members.setdefault(c, []).append(i)
    return sorted(members.values(), key=lambda idx: (-len(idx), sorted(str(E.nodes[i]) for i in idx)))


def _piece_edges(E: SignedEdges, idx: list[int], ks: np.ndarray) -> SignedEdges:
    """The indexed edges of one component (nodes and edges in the whole graph's order)."""
    local = {g: i for i, g in enumerate(idx)}
    nodes = tuple(E.nodes[g] for g in idx)
    pick = ks.tolist()
    return SignedEdges(nodes, {n: i for i, n in enumerate(nodes)}, tuple(local[E.u[k]] for k in pick),
                       tuple(local[E.v[k]] for k in pick), tuple(E.s[k] for k in pick),
                       tuple(E.w[k] for k in pick), E.weighted)


def _dipoles_of_edges(E: SignedEdges, blocs: list[list[Hashable]], *, min_ties: int = 2,
                      hostile_share: float = 0.75) -> list[Dipole]:
    """:func:`dipoles` of a component given as indexed edges."""
    bloc_of = {n: i for i, members in enumerate(blocs) for n in members}
    ties: dict[tuple[int, int], list[int]] = {}
    for a_, b_, sign in zip(E.u, E.v, E.s):
        a, b = bloc_of.get(E.nodes[a_]), bloc_of.get(E.nodes[b_])
        if a is None or b is None or a == b:
            continue
        key = (min(a, b), max(a, b))
        ties.setdefault(key, [0, 0])
        ties[key][0] += 1
        ties[key][1] += sign < 0
    return [Dipole(key, t, neg) for key, (t, neg) in sorted(ties.items())
            if t >= min_ties and neg / t >= hostile_share]


def _part_of(whole: FrustrationResult, comp: set) -> FrustrationResult:
    """The frustration result of one component, cut from the whole graph's result."""
    frustrated = tuple(e for e in whole.frustrated_edges if e[0] in comp)
    value = len(frustrated)
    bound = value if whole.optimal else max(0, whole.lower_bound - (whole.value - value))
    return FrustrationResult(value, whole.optimal, bound, (value - bound) / value if value else 0.0, 0.0,
                             whole.method, {n: whole.partition[n] for n in comp if n in whole.partition},
                             frustrated, {"from_whole_graph": True})


def _blocs_of_component(C: nx.Graph, *, seed: int, time_limit: float | None, large: int):
    """k blocs of one connected component: exact-capable search, or two quick starts when large."""
    if C.number_of_nodes() > large:
        return k_blocs(C, seed=seed, method="heuristic", restarts=2)
    return k_blocs(C, seed=seed, time_limit=time_limit)


def component_blocs(G: nx.Graph, *, seed: int = 0, time_limit: float | None = 10.0,
                    large: int = 200) -> tuple[list[list[Any]], bool]:
    """Blocs found within each connected component of a signed graph.

    Correlation clustering (:func:`allegiance.balance.k_blocs`) has no reason to separate
    actors that never meet, so it is run per component: a component of two allies is
    one bloc, of two rivals two, and unconnected actors never share a bloc.

    Components of more than ``large`` actors are split by a quick local search (two
    starts) instead of the default search, which takes minutes at thousands of actors.

    Returns
    -------
    (list of blocs, bool)
        The blocs (lists of nodes, largest first) and whether every solve was optimal.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("c", "d", {"sign": 1})])
    >>> sorted(map(sorted, component_blocs(G)[0]))
    [['a', 'b'], ['c', 'd']]
    """
    out: list[list[Any]] = []
    optimal = True
    for comp in sorted(nx.connected_components(G), key=lambda c: (-len(c), sorted(map(str, c)))):
        if len(comp) == 1:
            out.append(list(comp))
            continue
        b = _blocs_of_component(G.subgraph(comp), seed=seed, time_limit=time_limit, large=large)
        optimal = optimal and bool(b.optimal)
        out.extend(g for g in b.groups if g)
    out.sort(key=lambda g: (-len(g), sorted(map(str, g))))
    return out, optimal
