"""Internal helpers: read a signed networkx graph into plain, indexed edge arrays.

Every balance measure works on the *undirected signed view* of a graph: direction
ignored, several edges (or both arcs) between one pair collapsed into one edge whose
sign is the sign of the summed signed weight, pairs summing to zero dropped, self-loops
dropped. This is the convention of ``../shared/data/balance/REFERENCE.md`` and of
signnet; :func:`allegiance.io.read_edge_list` already returns such graphs, so for
them the view is the graph itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

import networkx as nx
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from allegiance.errors import InputError
from allegiance.network.edgelist import sum_pairs

__all__ = ["SignedEdges", "component_labels", "signed_edges", "undirected_signed_view", "edge_sign"]


def edge_sign(data: dict, u: Hashable, v: Hashable) -> int:
    """The sign (+1/-1) stored on one edge's data dict, or a clear error."""
    try:
        s = data["sign"]
    except KeyError:
        raise InputError(
            f"edge ({u!r}, {v!r}) has no 'sign' attribute",
            hint="give every edge sign=+1 or sign=-1 (read_edge_list and build_signed_graph do)",
        ) from None
    try:
        s = int(s)
    except (TypeError, ValueError):
        s = 0
    if s not in (1, -1):
        raise InputError(
            f"edge ({u!r}, {v!r}) has sign {data['sign']!r}",
            hint="signs must be +1 or -1",
        )
    return s


def _magnitude(data: dict, weight: str | None, u: Hashable, v: Hashable) -> float:
    if weight is None:
        return 1.0
    try:
        w = abs(float(data.get(weight, 1.0)))
    except (TypeError, ValueError):
        raise InputError(
            f"edge ({u!r}, {v!r}) has a non-numeric {weight!r} value {data.get(weight)!r}",
            hint="give numeric weights or use weight=None",
        ) from None
    return w


def undirected_signed_view(G: nx.Graph, *, weight: str | None = None) -> nx.Graph:
    """The undirected signed view of ``G`` (see the module docstring).

    Simple undirected graphs are returned unchanged (self-loops excepted). For
    directed graphs and multigraphs every pair's signed weights
    ``sign * |weight|`` are summed (the ``weight`` attribute, or the edge attribute named
    by ``weight``; 1 where absent); the collapsed edge gets the sign of the sum and
    ``weight`` = its absolute value. This is the rule of REFERENCE.md and of
    :func:`allegiance.io.read_edge_list` (one rule: :func:`allegiance.network.edgelist.sum_pairs`).

    Examples
    --------
    >>> D = nx.DiGraph()
    >>> D.add_edge("a", "b", sign=1, weight=3); D.add_edge("b", "a", sign=-1, weight=1)
    >>> H = undirected_signed_view(D, weight="weight")
    >>> H["a"]["b"]["sign"], H["a"]["b"]["weight"]
    (1, 2.0)
    """
    if not G.is_directed() and not G.is_multigraph():
        if nx.number_of_selfloops(G) == 0:
            return G
        H = G.copy()
        H.remove_edges_from(list(nx.selfloop_edges(H)))
        return H
    rank = {n: i for i, n in enumerate(G)}
    sums = sum_pairs(((u, v, edge_sign(d, u, v) * _magnitude(d, weight or "weight", u, v))
                      for u, v, d in G.edges(data=True) if u != v), key=rank.__getitem__)
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for total, _rows, _pos, _neg, (u, v) in sums.values():
        if total == 0:
            continue
        H.add_edge(u, v, sign=1 if total > 0 else -1, weight=abs(total))
    return H


@dataclass(frozen=True, slots=True)
class SignedEdges:
    """A signed graph as indexed arrays: ``nodes[i]``, edges ``(u[k], v[k])`` with
    sign ``s[k]`` and magnitude ``w[k]`` (all 1 when unweighted)."""

    nodes: tuple
    index: dict
    u: tuple[int, ...]
    v: tuple[int, ...]
    s: tuple[int, ...]
    w: tuple[float, ...]
    weighted: bool

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.u)


def signed_edges(G: nx.Graph, *, weight: str | None = None) -> SignedEdges:
    """Index the undirected signed view of ``G`` (nodes in ``G``'s order).

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"sign": -1})])
    >>> E = signed_edges(G)
    >>> E.nodes, E.s, E.w
    (('a', 'b'), (-1,), (1.0,))
    """
    H = undirected_signed_view(G, weight=weight)
    nodes = tuple(H.nodes())
    index = {n: i for i, n in enumerate(nodes)}
    us, vs, ss, ws = [], [], [], []
    for a, b, d in H.edges(data=True):
        if a == b:
            continue
        w = _magnitude(d, weight, a, b)
        if w == 0:
            continue
        us.append(index[a])
        vs.append(index[b])
        ss.append(edge_sign(d, a, b))
        ws.append(w)
    return SignedEdges(nodes, index, tuple(us), tuple(vs), tuple(ss), tuple(ws), weight is not None)


def component_labels(n: int, u, v) -> np.ndarray:
    """The connected component of each of ``n`` nodes joined by edges ``u[k]-v[k]``, as labels.

    Examples
    --------
    >>> component_labels(4, [0, 2], [1, 3]).tolist()
    [0, 0, 1, 1]
    """
    A = coo_matrix((np.ones(len(u)), (np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64))), shape=(n, n))
    return connected_components(A, directed=False)[1]
