"""Reductions and decomposition that leave the frustration index unchanged.

Nodes of degree 0 or 1 are removed, a degree-2 node on a path is replaced by one edge
with the product sign and the smaller weight, parallel edges are merged (opposite
signs: the lighter weight goes to a constant), and what is left is split into
biconnected blocks, over which the index is additive. The ``stack`` of a
:class:`Reduced` records every removal so that a colouring can be extended back.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx

from allegiance.balance._signed import SignedEdges

__all__ = ["Reduced", "adjacency", "biconnected_blocks", "reduce_graph", "whole_graph"]


@dataclass
class Reduced:
    adj: dict[int, dict[int, list]]
    const: float
    stack: list
    alive: set


def adjacency(E: SignedEdges) -> dict[int, dict[int, list]]:
    adj: dict[int, dict[int, list]] = {i: {} for i in range(E.n)}
    for a, b, s, w in zip(E.u, E.v, E.s, E.w):
        adj[a][b] = [s, w]
        adj[b][a] = [s, w]
    return adj


def reduce_graph(E: SignedEdges) -> Reduced:
    adj = adjacency(E)
    const = 0.0
    stack: list = []
    alive = set(range(E.n))
    work = deque(i for i in range(E.n) if len(adj[i]) <= 2)
    queued = set(work)

    def push(i: int) -> None:
        if i in alive and i not in queued and len(adj[i]) <= 2:
            queued.add(i)
            work.append(i)

    def add_edge(a: int, b: int, s: int, w: float) -> None:
        nonlocal const
        old = adj[a].get(b)
        if old is None:
            adj[a][b] = [s, w]
            adj[b][a] = [s, w]
            return
        s0, w0 = old
        if s0 == s:
            new = [s, w0 + w]
        else:
            const += min(w0, w)
            if w0 > w:
                new = [s0, w0 - w]
            elif w > w0:
                new = [s, w - w0]
            else:
                new = None
        if new is None:
            del adj[a][b]
            del adj[b][a]
        else:
            adj[a][b] = new
            adj[b][a] = list(new)

    while work:
        v = work.popleft()
        queued.discard(v)
        if v not in alive:
            continue
        deg = len(adj[v])
        if deg == 0:
            alive.discard(v)
            stack.append(("free", v))
        elif deg == 1:
            (a, (s, _w)), = adj[v].items()
            del adj[a][v]
            adj[v] = {}
            alive.discard(v)
            stack.append(("leaf", v, a, s))
            push(a)
        elif deg == 2:
            (a, (s1, w1)), (b, (s2, w2)) = adj[v].items()
            del adj[a][v]
            del adj[b][v]
            adj[v] = {}
            alive.discard(v)
            stack.append(("series", v, a, s1, w1, b, s2, w2))
            add_edge(a, b, s1 * s2, min(w1, w2))
            push(a)
            push(b)
    return Reduced(adj=adj, const=const, stack=stack, alive=alive)


def biconnected_blocks(adj, alive):
    H = nx.Graph()
    H.add_nodes_from(alive)
    for a in alive:
        for b in adj[a]:
            if a < b:
                H.add_edge(a, b)
    out = []
    for comp_edges in nx.biconnected_component_edges(H):
        edges = {}
        nodes = set()
        for a, b in comp_edges:
            a, b = (a, b) if a < b else (b, a)
            edges[(a, b)] = tuple(adj[a][b])
            nodes.update((a, b))
        out.append((nodes, edges))
    return out


def whole_graph(adj, alive):
    edges = {}
    for a in alive:
        for b, (s, w) in adj[a].items():
            if a < b:
                edges[(a, b)] = (s, w)
    return set(alive), edges
