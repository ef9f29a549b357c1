"""Combinatorial lower bounds on the frustration index: packings of unbalanced cycles.

Each unbalanced cycle needs at least one deleted edge, so the weights of edge-disjoint
unbalanced cycles add up to a lower bound.
"""

from __future__ import annotations

from collections import deque

__all__ = ["cycle_packing_bound", "edge_triangles"]


def edge_triangles(n, elist, nbrs):
    """Triangles of a simple graph as triples of edge indices (each once)."""
    eid = {}
    for k, (a, b, _s, _w) in enumerate(elist):
        eid[(a, b)] = k
        eid[(b, a)] = k
    nset = [set(j for j, _ in nb) for nb in nbrs]
    out = []
    for k, (a, b, _s, _w) in enumerate(elist):
        lo, hi = (a, b) if a < b else (b, a)
        small, big = (nset[lo], nset[hi]) if len(nset[lo]) < len(nset[hi]) else (nset[hi], nset[lo])
        for c in small:
            if c > hi and c in big:
                out.append((k, eid[(lo, c)], eid[(hi, c)]))
    return out


def cycle_packing_bound(n, elist, nbrs, cycles: list | None = None):
    """A lower bound: greedy packing of edge-disjoint unbalanced cycles.

    Each unbalanced cycle needs at least one deleted edge, so disjoint cycles add up;
    unbalanced triangles are packed first, then fundamental cycles of BFS trees.
    Every unbalanced cycle met (packed or not) is appended to ``cycles`` when given.
    """
    used = [False] * len(elist)
    bound = 0.0
    for t in edge_triangles(n, elist, nbrs):
        unbalanced = sum(1 for k in t if elist[k][2] < 0) % 2
        if unbalanced and cycles is not None:
            cycles.append(tuple(t))
        if any(used[k] for k in t):
            continue
        if unbalanced:
            for k in t:
                used[k] = True
            bound += min(elist[k][3] for k in t)
    while True:
        adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for k, (a, b, _s, _w) in enumerate(elist):
            if not used[k]:
                adj[a].append((b, k))
                adj[b].append((a, k))
        spin = [0] * n
        depth = [0] * n
        parent: list[tuple[int, int] | None] = [None] * n
        tree: set[int] = set()
        for root in range(n):
            if spin[root] or not adj[root]:
                continue
            spin[root] = 1
            queue = deque([root])
            while queue:
                a = queue.popleft()
                for b, k in adj[a]:
                    if not spin[b]:
                        spin[b] = spin[a] * elist[k][2]
                        depth[b] = depth[a] + 1
                        parent[b] = (a, k)
                        tree.add(k)
                        queue.append(b)
        odd = [k for k, (a, b, s, _w) in enumerate(elist)
               if not used[k] and k not in tree and spin[b] != spin[a] * s]
        if not odd:
            return bound
        # shortest fundamental cycles first: a denser packing
        odd.sort(key=lambda k: depth[elist[k][0]] + depth[elist[k][1]])
        for k in odd:
            if used[k]:
                continue
            cycle = [k]
            a, b = elist[k][0], elist[k][1]
            while a != b:
                if depth[a] >= depth[b]:
                    a, e = parent[a]
                else:
                    b, e = parent[b]
                cycle.append(e)
            if any(used[e] for e in cycle):
                continue
            if cycles is not None:
                cycles.append(tuple(cycle))
            for e in cycle:
                used[e] = True
            bound += min(elist[e][3] for e in cycle)
