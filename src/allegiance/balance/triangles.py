"""Signed triangles and triads: census, triangle balance, directed triads.

A triangle is *balanced* when the product of its three signs is positive (+++: three
friends; +--: two friends with a common enemy) and *unbalanced* otherwise (++-; ---).
"The enemy of my enemy is my friend" is the statement that +-- triangles are
balanced; Cartwright & Harary (1956) call a graph balanced when all its cycles are.

References
----------
.. [1] Cartwright, D. & Harary, F. (1956). Structural balance: a generalization of
   Heider's theory. *Psychological Review* 63(5), 277-293.
.. [2] Leskovec, J., Huttenlocher, D. & Kleinberg, J. (2010). Signed networks in social
   media. *CHI 2010*, 1361-1370.
.. [3] Schoch, D. (2023). signnet: an R package for analyzing signed networks.
   *Journal of Open Source Software* 8(81), 4987.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable, Iterable, Mapping

import networkx as nx
import numpy as np

from allegiance.balance._signed import edge_sign, signed_edges, undirected_signed_view
from allegiance.errors import InputError

__all__ = [
    "TRIANGLE_TYPES",
    "TriangleCensus",
    "DirectedTriadCensus",
    "triangle_census",
    "node_triangle_census",
    "triangle_balance",
    "signed_triangles",
    "directed_triad_census",
    "triangle_edge_index",
    "census_of_triangles",
]

TRIANGLE_TYPES = ("+++", "++-", "+--", "---")


@dataclass(frozen=True, slots=True)
class TriangleCensus:
    """Counts of signed triangles by their number of negative edges.

    Attributes
    ----------
    counts : Mapping[str, int]
        ``{"+++": n0, "++-": n1, "+--": n2, "---": n3}``.
    """

    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        """Number of triangles."""
        return sum(self.counts.values())

    @property
    def balanced(self) -> int:
        """+++ and +-- triangles."""
        return self.counts["+++"] + self.counts["+--"]

    @property
    def balance_ratio(self) -> float:
        """Share of balanced triangles (NaN without triangles)."""
        return self.balanced / self.total if self.total else math.nan

    def to_dict(self) -> dict[str, int]:
        """The ``triangles`` object of the ``balance --json`` contract."""
        return {t: int(self.counts[t]) for t in TRIANGLE_TYPES}


@dataclass(frozen=True, slots=True)
class DirectedTriadCensus:
    """Signed census of a directed graph's closed triads.

    Attributes
    ----------
    unsigned : Mapping[str, int]
        networkx's 16-type triadic census (Holland & Leinhardt codes).
    transitive : Mapping[str, int]
        Transitive triads ``i->j, j->k, i->k`` by the signs of ``(ij, jk, ik)``,
        e.g. ``"+-−"`` written ``"+--"``; each ordered triple counted once.
    cyclic : Mapping[str, int]
        Cyclic triads ``i->j->k->i`` by their number of negative arcs.
    """

    unsigned: Mapping[str, int]
    transitive: Mapping[str, int]
    cyclic: Mapping[str, int]

    @property
    def transitive_balance(self) -> float:
        """Share of transitive triads whose sign product is positive (NaN if none)."""
        total = sum(self.transitive.values())
        good = sum(c for k, c in self.transitive.items() if k.count("-") % 2 == 0)
        return good / total if total else math.nan


def _neighbour_signs(H: nx.Graph) -> dict[Hashable, dict[Hashable, int]]:
    return {u: {v: edge_sign(d, u, v) for v, d in H[u].items() if v != u} for u in H}


def signed_triangles(G: nx.Graph) -> Iterable[tuple[Hashable, Hashable, Hashable, int]]:
    """Yield every triangle once as ``(u, v, w, negatives)`` (undirected signed view).

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": -1})])
    >>> list(signed_triangles(G))
    [(1, 2, 3, 2)]
    """
    H = undirected_signed_view(G)
    adj = _neighbour_signs(H)
    rank = {n: i for i, n in enumerate(H)}
    for u in H:
        ru = rank[u]
        later = [v for v in adj[u] if rank[v] > ru]
        for v in later:
            rv = rank[v]
            su_v = adj[u][v]
            av = adj[v]
            for w in later:
                if rank[w] > rv and w in av:
                    neg = (su_v < 0) + (adj[u][w] < 0) + (av[w] < 0)
                    yield u, v, w, neg


def triangle_edge_index(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Every triangle of a simple undirected graph as three edge indexes, shape ``(T, 3)``.

    Edge ``k`` joins nodes ``u[k]`` and ``v[k]`` (``0 <= u, v < n``, no self-loops, no
    pair twice). Vectorised: each edge is pointed from its end of lower degree to its
    end of higher degree (ties broken by index), every wedge ``a -> b -> c`` is listed
    with numpy, and kept when ``a -> c`` is an edge. Each triangle appears once; the
    work is bounded by ``O(m^1.5)`` wedges.

    Examples
    --------
    >>> tri = triangle_edge_index(4, np.array([0, 1, 0, 2]), np.array([1, 2, 2, 3]))
    >>> sorted(tri[0].tolist())
    [0, 1, 2]
    """
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    m = len(u)
    if m < 3:
        return np.empty((0, 3), dtype=np.int64)
    deg = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), deg))] = np.arange(n)
    flip = rank[u] > rank[v]
    lo, hi = np.where(flip, v, u), np.where(flip, u, v)
    by_lo = np.argsort(lo, kind="stable")  # out-edges of each node, grouped
    start = np.searchsorted(lo[by_lo], np.arange(n + 1))
    out_deg = start[hi + 1] - start[hi]  # wedges through each edge's higher end
    first = np.repeat(np.arange(m), out_deg)
    offset = np.arange(len(first)) - np.repeat(np.cumsum(out_deg) - out_deg, out_deg)
    second = by_lo[start[hi[first]] + offset]
    keys = lo * n + hi
    order = np.argsort(keys)
    closing = lo[first] * n + hi[second]
    pos = np.minimum(np.searchsorted(keys[order], closing), m - 1)
    closed = keys[order][pos] == closing
    return np.stack([first[closed], second[closed], order[pos[closed]]], axis=1)


def census_of_triangles(tri: np.ndarray, sign: np.ndarray) -> TriangleCensus:
    """The census of triangles given as edge indexes (:func:`triangle_edge_index`) and edge signs.

    Examples
    --------
    >>> census_of_triangles(np.array([[0, 1, 2]]), np.array([1, -1, -1])).to_dict()
    {'+++': 0, '++-': 0, '+--': 1, '---': 0}
    """
    negatives = (np.asarray(sign)[tri] < 0).sum(axis=1) if len(tri) else np.empty(0, dtype=np.int64)
    counts = np.bincount(negatives, minlength=4)
    return TriangleCensus({t: int(c) for t, c in zip(TRIANGLE_TYPES, counts)})


def triangle_census(G: nx.Graph) -> TriangleCensus:
    """Count the signed triangles of ``G`` by type (+++, ++-, +--, ---).

    Parameters
    ----------
    G : networkx graph
        Edges carry ``sign`` (+1/-1); directed graphs and multigraphs are read in their
        undirected signed view (pairs collapsed by summed signed weight).

    Returns
    -------
    TriangleCensus

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c")], sign=1)
    >>> G.add_edge("c", "d", sign=-1); G.add_edge("a", "d", sign=-1)
    >>> triangle_census(G).to_dict()
    {'+++': 1, '++-': 0, '+--': 1, '---': 0}

    References
    ----------
    signnet ``count_signed_triangles`` (Schoch 2023).
    """
    E = signed_edges(G)
    tri = triangle_edge_index(E.n, np.asarray(E.u, dtype=np.int64), np.asarray(E.v, dtype=np.int64))
    return census_of_triangles(tri, np.asarray(E.s, dtype=np.int8))


def node_triangle_census(G: nx.Graph, nodes: Iterable[Hashable] | None = None) -> dict[Hashable, TriangleCensus]:
    """The signed triangle census of each node (the triangles it belongs to).

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": -1}), (3, 4, {"sign": 1})])
    >>> node_triangle_census(G)[4].total, node_triangle_census(G, [1])[1].to_dict()["+--"]
    (0, 1)
    """
    H = undirected_signed_view(G)
    wanted = set(H) if nodes is None else set(nodes)
    missing = wanted - set(H)
    if missing:
        raise InputError(f"node {sorted(map(str, missing))[0]!r} is not in the graph")
    per = {n: [0, 0, 0, 0] for n in wanted}
    for u, v, w, neg in signed_triangles(H):
        for n in (u, v, w):
            if n in per:
                per[n][neg] += 1
    return {n: TriangleCensus(dict(zip(TRIANGLE_TYPES, c))) for n, c in per.items()}


def triangle_balance(G: nx.Graph) -> float:
    """Share of balanced triangles (+++ and +--) among all triangles of ``G``.

    Returns NaN for a graph without triangles.

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": 1}), (1, 3, {"sign": -1})])
    >>> triangle_balance(G)
    0.0

    References
    ----------
    signnet ``balance_score(g, method = "triangles")`` (Schoch 2023).
    """
    return triangle_census(G).balance_ratio


def directed_triad_census(G: nx.DiGraph) -> DirectedTriadCensus:
    """Signed census of the closed triads of a directed signed graph.

    Parameters
    ----------
    G : networkx.DiGraph
        Arcs carry ``sign`` (+1/-1).

    Returns
    -------
    DirectedTriadCensus

    Raises
    ------
    InputError
        If ``G`` is undirected (use :func:`triangle_census`).

    Examples
    --------
    >>> D = nx.DiGraph()
    >>> D.add_edge("a", "b", sign=1); D.add_edge("b", "c", sign=-1); D.add_edge("a", "c", sign=-1)
    >>> c = directed_triad_census(D)
    >>> c.transitive["+--"], c.unsigned["030T"], c.transitive_balance
    (1, 1, 1.0)

    References
    ----------
    Leskovec, Huttenlocher & Kleinberg (2010), *CHI*; Holland & Leinhardt (1970).
    """
    if not G.is_directed():
        raise InputError("directed_triad_census needs a directed graph", hint="use triangle_census for undirected graphs")
    D = nx.DiGraph()
    D.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        if u != v:
            D.add_edge(u, v, sign=edge_sign(d, u, v))
    sym = lambda s: "+" if s > 0 else "-"  # noqa: E731
    transitive: dict[str, int] = {a + b + c: 0 for a in "+-" for b in "+-" for c in "+-"}
    cyclic = {t: 0 for t in TRIANGLE_TYPES}
    succ = {u: {v: d["sign"] for v, d in D[u].items()} for u in D}
    for i in D:
        for j, s_ij in succ[i].items():
            for k, s_jk in succ[j].items():
                if k == i:
                    continue
                if k in succ[i]:
                    transitive[sym(s_ij) + sym(s_jk) + sym(succ[i][k])] += 1
                if i in succ[k]:
                    neg = (s_ij < 0) + (s_jk < 0) + (succ[k][i] < 0)
                    cyclic[TRIANGLE_TYPES[neg]] += 1
    cyclic = {t: c // 3 for t, c in cyclic.items()}
    unsigned = dict(nx.triadic_census(D)) if D.number_of_nodes() >= 3 else {}
    return DirectedTriadCensus(unsigned=unsigned, transitive=transitive, cyclic=cyclic)
