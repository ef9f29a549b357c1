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
    """The biconnected blocks of the reduced graph, each as ``(nodes, edges)`` with
    ``edges[(a, b)] = (sign, weight)`` for ``a < b``.

    An iterative Hopcroft-Tarjan search on plain neighbour lists: the same blocks, in
    the same order and with the same edge order, as
    :func:`networkx.biconnected_component_edges` on the graph built from ``adj`` in
    ``alive`` order, without building that graph (a million edges fit easily).

    Examples
    --------
    Two triangles sharing node 2 are two blocks:

    >>> adj = {0: {1: [1, 1.0], 2: [1, 1.0]}, 1: {0: [1, 1.0], 2: [1, 1.0]},
    ...        2: {0: [1, 1.0], 1: [1, 1.0], 3: [-1, 1.0], 4: [-1, 1.0]},
    ...        3: {2: [-1, 1.0], 4: [1, 1.0]}, 4: {2: [-1, 1.0], 3: [1, 1.0]}}
    >>> [sorted(nodes) for nodes, _ in biconnected_blocks(adj, {0, 1, 2, 3, 4})]
    [[2, 3, 4], [0, 1, 2]]
    """
    order = list(alive)
    # neighbour lists in the order networkx would hold them (edges added a < b, by a)
    nb: dict[int, list[int]] = {a: [] for a in order}
    for a in order:
        for b in adj[a]:
            if a < b and b in nb:
                nb[a].append(b)
                nb[b].append(a)
    out = []
    size = max(order) + 1 if order else 0
    discovery = [-1] * size
    low = [0] * size
    count = 0

    def block(edge_list):
        edges = {}
        nodes = set()
        for a, b in edge_list:
            a, b = (a, b) if a < b else (b, a)
            edges[(a, b)] = tuple(adj[a][b])
            nodes.add(a)
            nodes.add(b)
        out.append((nodes, edges))

    for start in order:
        if discovery[start] >= 0:
            continue
        discovery[start] = low[start] = count
        count += 1
        edge_stack: list[tuple[int, int]] = []
        # (grandparent, parent, its neighbours, where the tree edge into parent sits)
        stack = [(start, start, iter(nb[start]), -1)]
        while stack:
            grandparent, parent, children, into = stack[-1]
            child = next(children, None)
            if child is not None:
                if grandparent == child:
                    continue
                if discovery[child] >= 0:
                    if discovery[child] <= discovery[parent]:  # back edge
                        if discovery[child] < low[parent]:
                            low[parent] = discovery[child]
                        edge_stack.append((parent, child))
                else:
                    discovery[child] = low[child] = count
                    count += 1
                    stack.append((parent, child, iter(nb[child]), len(edge_stack)))
                    edge_stack.append((parent, child))
                continue
            stack.pop()
            if len(stack) > 1:
                if low[parent] >= discovery[grandparent]:
                    block(edge_stack[into:])
                    del edge_stack[into:]
                if low[parent] < low[grandparent]:
                    low[grandparent] = low[parent]
            elif stack:  # the grandparent is the root
                block(edge_stack[into:])
                del edge_stack[into:]
    return out


def whole_graph(adj, alive):
    edges = {}
    for a in alive:
        for b, (s, w) in adj[a].items():
            if a < b:
                edges[(a, b)] = (s, w)
    return set(alive), edges
