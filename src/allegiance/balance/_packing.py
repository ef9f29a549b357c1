"""Combinatorial lower bounds on the frustration index: packings of unbalanced cycles.

Each unbalanced cycle needs at least one deleted edge, so the weights of edge-disjoint
unbalanced cycles add up to a lower bound.

Both functions work on plain indexed edges (``elist[k] = (a, b, sign, weight)``) and
scale to millions of edges: triangles are listed with numpy (wedges of a degree
ordering, checked against sorted pair keys) and every breadth-first forest of the
packing is built by :func:`scipy.sparse.csgraph.breadth_first_order` on a CSR matrix
whose rows keep the edge order, so the forests, and hence the bound, are the ones the
plain-Python version of this module found.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components

from allegiance.balance._deadline import past
from allegiance.balance._short_cycles import pack_short_cycles

__all__ = ["cycle_packing_bound", "edge_triangles", "packing_bound_arrays"]

_WEDGE_CHUNK = 2_000_000  # wedges checked per numpy batch (memory stays flat on dense graphs)


def _edge_arrays(elist):
    m = len(elist)
    eu = np.fromiter((e[0] for e in elist), dtype=np.int64, count=m)
    ev = np.fromiter((e[1] for e in elist), dtype=np.int64, count=m)
    return eu, ev


class _PairIndex:
    """Edge index of an unordered node pair, by binary search on sorted 64-bit keys."""

    def __init__(self, n, eu, ev):
        self.n = max(int(n), 1)
        lo, hi = np.minimum(eu, ev), np.maximum(eu, ev)
        keys = lo * self.n + hi
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]

    def lookup(self, a, b):
        """Edge indices of the pairs ``(a[i], b[i])``; -1 where there is no edge."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        q = np.minimum(a, b) * self.n + np.maximum(a, b)
        pos = np.searchsorted(self.keys, q)
        pos_c = np.minimum(pos, max(len(self.keys) - 1, 0))
        found = (pos < len(self.keys)) & (self.keys[pos_c] == q) if len(self.keys) else np.zeros(len(q), bool)
        out = np.full(len(q), -1, dtype=np.int64)
        out[found] = self.order[pos_c[found]]
        return out


def _triangle_array(n, eu, ev, pairs=None):
    """Triangles as an ``(t, 3)`` int64 array of edge indices, in the order of the
    plain enumeration: by the index of the edge between the two lowest-numbered nodes,
    then by the third node."""
    m = len(eu)
    if m < 3:
        return np.zeros((0, 3), dtype=np.int64)
    pairs = pairs or _PairIndex(n, eu, ev)
    deg = np.bincount(np.concatenate([eu, ev]), minlength=n)
    # orient every edge from the lower to the higher (degree, id) rank: each triangle
    # is seen once, from its lowest-ranked node, and out-degrees stay below sqrt(2m)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), deg))] = np.arange(n)
    fwd = rank[eu] < rank[ev]
    src = np.where(fwd, eu, ev)
    dst = np.where(fwd, ev, eu)
    order = np.lexsort((rank[dst], src))
    src, dst = src[order], dst[order]
    starts = np.searchsorted(src, np.arange(n + 1))
    row_end = starts[src + 1]  # end of each arc's row
    later = row_end - np.arange(m) - 1  # arcs after this one in its row
    found = []
    cum = np.cumsum(later)
    first = 0
    while first < m:
        # a batch of arcs whose wedges fit in one chunk
        base = cum[first - 1] if first else 0
        last = int(np.searchsorted(cum, base + _WEDGE_CHUNK, side="right"))
        last = max(last, first + 1)
        counts = later[first:last]
        total = int(counts.sum())
        if total:
            p = np.repeat(np.arange(first, last), counts)
            offs = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            q = p + 1 + offs
            x, y, z = src[p], dst[p], dst[q]
            k_yz = pairs.lookup(y, z)
            hit = k_yz >= 0
            if hit.any():
                found.append(np.stack([x[hit], y[hit], z[hit]], axis=1))
        first = last
    if not found:
        return np.zeros((0, 3), dtype=np.int64)
    tri = np.sort(np.concatenate(found), axis=1)  # nodes x < y < z
    x, y, z = tri[:, 0], tri[:, 1], tri[:, 2]
    kxy, kxz, kyz = pairs.lookup(x, y), pairs.lookup(x, z), pairs.lookup(y, z)
    order = np.lexsort((z, kxy))
    return np.stack([kxy, kxz, kyz], axis=1)[order]


def edge_triangles(n, elist, nbrs=None):
    """Triangles of a simple graph as triples of edge indices (each once).

    Parameters
    ----------
    n : int
        Number of nodes (``0 .. n-1``).
    elist : sequence of (a, b, sign, weight)
        The edges; ``a != b`` and no pair twice.
    nbrs : sequence of lists, optional
        Adjacency lists; not needed (kept for the callers that pass them).

    Returns
    -------
    list of (int, int, int)
        ``(k_xy, k_xz, k_yz)`` for every triangle ``x < y < z``, ordered by ``k_xy``
        then ``z``.

    Examples
    --------
    >>> edge_triangles(4, [(0, 1, 1, 1.0), (1, 2, -1, 1.0), (0, 2, 1, 1.0), (2, 3, 1, 1.0)])
    [(0, 2, 1)]
    """
    eu, ev = _edge_arrays(elist)
    return [tuple(t) for t in _triangle_array(n, eu, ev).tolist()]


def cycle_packing_bound(n, elist, nbrs=None, cycles: list | None = None, *, deadline: float | None = None,
                        colouring=None):
    """A lower bound: greedy packing of edge-disjoint unbalanced cycles.

    Each unbalanced cycle needs at least one deleted edge, so disjoint cycles add up;
    unbalanced triangles are packed first, then fundamental cycles of breadth-first
    forests of the edges not used yet (shortest first), one forest per pass, until
    the unused edges are balanced. Every unbalanced triangle (packed or not) and
    every packed longer cycle is appended to ``cycles`` when given, as a tuple of
    edge indices.

    One pass costs a few vectorised sweeps over the edges: the forest comes from
    :func:`scipy.sparse.csgraph.breadth_first_order` (rows in edge order, hence the
    same forests as a plain breadth-first search), and the fundamental cycles are
    traced a chunk at a time with numpy; a million edges take about a minute.

    Parameters
    ----------
    n : int
        Number of nodes.
    elist : sequence of (a, b, sign, weight)
        The edges of a simple graph.
    nbrs : optional
        Unused (adjacency lists of the callers).
    cycles : list, optional
        Receives the unbalanced cycles met.
    deadline : float, optional
        A :func:`time.perf_counter` time after which no new pass starts; the packing
        found so far is still a valid bound.
    colouring : sequence of 0/1, optional
        A colouring (from a local search): short cycles through the edges it
        frustrates are packed first, see :func:`packing_bound_arrays`.

    Returns
    -------
    float
        The total, over the packed cycles, of each cycle's lightest edge weight.

    Examples
    --------
    Two negative triangles sharing no edge need two deletions:

    >>> E = [(0, 1, -1, 1.0), (1, 2, -1, 1.0), (0, 2, -1, 1.0),
    ...      (2, 3, -1, 1.0), (3, 4, -1, 1.0), (2, 4, -1, 1.0)]
    >>> cycle_packing_bound(5, E)
    2.0
    """
    m = len(elist)
    if m == 0:
        return 0.0
    eu, ev = _edge_arrays(elist)
    sign = np.fromiter((1 if e[2] > 0 else -1 for e in elist), dtype=np.int8, count=m)
    weight = np.fromiter((float(e[3]) for e in elist), dtype=float, count=m)
    return packing_bound_arrays(n, eu, ev, sign, weight, cycles, deadline=deadline, colouring=colouring)


def packing_bound_arrays(n, eu, ev, sign, weight, cycles: list | None = None, *, deadline: float | None = None,
                         colouring=None):
    """:func:`cycle_packing_bound` on edge arrays (``eu``, ``ev`` int64, ``sign`` +-1,
    ``weight`` float), the same packing and bound; given a 0/1 ``colouring``, short
    cycles through the edges it frustrates are packed before the breadth-first passes
    (:func:`~allegiance.balance._short_cycles.pack_short_cycles`), and the passes stop
    once the bound meets the colouring's frustration.

    Examples
    --------
    >>> u, v = np.array([0, 1, 0, 2, 3, 2]), np.array([1, 2, 2, 3, 4, 4])
    >>> packing_bound_arrays(5, u, v, -np.ones(6, dtype=np.int8), np.ones(6))
    2.0
    """
    m = len(eu)
    if m == 0:
        return 0.0
    eu = np.asarray(eu, dtype=np.int64)
    ev = np.asarray(ev, dtype=np.int64)
    sign = np.where(np.asarray(sign) > 0, 1, -1).astype(np.int8)
    weight = np.asarray(weight, dtype=float).tolist()
    pairs = _PairIndex(n, eu, ev)
    used = np.zeros(m, dtype=bool)
    bound = 0.0

    # 1. unbalanced triangles, greedily in enumeration order
    tri = _triangle_array(n, eu, ev, pairs)
    if len(tri):
        unbalanced = tri[(sign[tri] < 0).sum(axis=1) % 2 == 1]
        used_l = [False] * m
        for t in unbalanced.tolist():
            if cycles is not None:
                cycles.append(tuple(t))
            a, b, c = t
            if used_l[a] or used_l[b] or used_l[c]:
                continue
            used_l[a] = used_l[b] = used_l[c] = True
            bound += min(weight[a], weight[b], weight[c])
        used = np.asarray(used_l, dtype=bool)

    weights = np.asarray(weight, dtype=float)
    # 2. with a colouring: short cycles through the edges it frustrates, all at once;
    # when they prove the colouring optimal, nothing is left to find
    target = np.inf
    if colouring is not None:
        bound += pack_short_cycles(n, eu, ev, sign, weights, colouring, used, pairs, cycles, deadline=deadline)
        x = np.asarray(colouring)
        target = float(weights[(x[eu] != x[ev]) != (sign < 0)].sum())

    # 3. fundamental cycles of breadth-first forests, one forest per pass
    forests = _Forests(n, eu, ev, sign, pairs)
    while True:
        if bound >= target - 1e-9 or past(deadline):
            return bound
        found = forests.odd_cycles(used)
        if found is None:
            return bound
        odd, parent, pe, depth = found
        bound += _pack_fundamental(odd, eu, ev, parent, pe, depth, used, weights, cycles)


class _Forests:
    """Breadth-first spanning forests of the unused edges and their unbalanced
    fundamental cycles, one call per pass (scipy does the search)."""

    def __init__(self, n, eu, ev, sign, pairs):
        self.n, self.eu, self.ev, self.sign, self.pairs = n, eu, ev, sign, pairs
        m = len(eu)
        # both arcs of every edge, rows in edge order (the plain version's neighbour order)
        rows = np.concatenate([eu, ev])
        eidx = np.concatenate([np.arange(m), np.arange(m)])
        order = np.lexsort((eidx, rows))
        self.rows = rows[order]
        self.cols = np.concatenate([ev, eu])[order].astype(np.int32)
        self.eidx = eidx[order]
        self.split = False  # more than one component seen

    def _search(self, cols, indptr, reps):
        """Breadth-first order and predecessors from a virtual root ``n`` joined to
        ``reps`` (float64 data: scipy then keeps the stored order of every row)."""
        n = self.n
        A = csr_matrix((np.ones(len(cols) + len(reps)), np.concatenate([cols, reps]),
                        np.append(indptr, indptr[-1] + len(reps)).astype(np.int32)), shape=(n + 1, n + 1))
        return breadth_first_order(A, n, directed=True, return_predecessors=True)

    def odd_cycles(self, used, roots=None):
        """The odd (non-tree, unbalanced) unused edges of a breadth-first forest, shortest
        fundamental cycle first, with the forest (``parent``, parent edge ``pe``,
        ``depth``); ``None`` when there are none.

        By default the forest is rooted at the lowest node of every component, and
        ``None`` means the unused edges are balanced. With ``roots`` (node ids), it is
        grown from all of them at once: many shallow trees whose fundamental cycles
        rarely share an edge (only edges inside one tree count; the rest wait).
        """
        n, eu, ev, sign = self.n, self.eu, self.ev, self.sign
        keep = ~used[self.eidx]
        rows, cols = self.rows[keep], self.cols[keep]
        if len(rows) == 0:
            return None
        indptr = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        nodes = np.flatnonzero(np.diff(indptr))
        root = n  # a virtual root joined to every tree's root
        if roots is not None:
            bfs, pred = self._search(cols, indptr, np.sort(np.asarray(roots, dtype=np.int32)))
        else:
            # one component is the common case: try the lowest node alone first (edges
            # are only ever removed, so once split the graph stays split)
            if not self.split:
                bfs, pred = self._search(cols, indptr, nodes[:1].astype(np.int32))
                self.split = len(bfs) - 1 < len(nodes)
            if self.split:
                G = csr_matrix((np.ones(len(cols)), cols, indptr), shape=(n, n))
                _ncomp, label = connected_components(G, directed=True, connection="strong")
                # the lowest node of every component (nodes are ascending: first occurrence)
                _lab, first = np.unique(label[nodes], return_index=True)
                reps = np.sort(nodes[first]).astype(np.int32)
                bfs, pred = self._search(cols, indptr, reps)
        bfs = bfs[1:].astype(np.int64)
        parent = np.full(n + 1, root, dtype=np.int64)
        parent[bfs] = pred[bfs]
        pe = np.full(n + 1, -1, dtype=np.int64)
        inner = bfs[parent[bfs] != root]
        pe[inner] = self.pairs.lookup(parent[inner], inner)
        depth, spin, tree = _levels(n, bfs, parent, pe, sign)
        cand = ~used
        cand[pe[inner]] = False
        cand &= (tree[eu] == tree[ev]) & (tree[eu] >= 0)
        odd = np.flatnonzero(cand & (spin[eu] * spin[ev] != sign))
        if len(odd) == 0:
            return None
        # shortest fundamental cycles first: a denser packing
        odd = odd[np.argsort(depth[eu[odd]] + depth[ev[odd]], kind="stable")]
        return odd, parent, pe, depth


def _levels(n, bfs, parent, pe, sign):
    """Depth, spin (+-1 relative to the tree's root) and tree (its root) of every node
    of a breadth-first forest given in search order; -1 trees for nodes not reached.

    In breadth-first order the parents' positions never decrease, so every level is
    one contiguous run of ``bfs``: one vectorised step per level, linear in all.
    """
    root = n
    depth = np.zeros(n + 1, dtype=np.int64)
    spin = np.zeros(n + 1, dtype=np.int8)
    tree = np.full(n + 1, -1, dtype=np.int64)
    spin[root], depth[root] = 1, -1
    where = np.full(n + 1, -1, dtype=np.int64)
    where[bfs] = np.arange(len(bfs))
    ppos = where[parent[bfs]]  # -1 for the trees' roots
    end = int(np.searchsorted(ppos, 0))
    top = bfs[:end]
    tree[top] = top
    spin[top] = 1
    depth[top] = 0
    start = end
    while start < len(bfs):
        end = int(np.searchsorted(ppos, start, side="left"))
        if end <= start:  # not a breadth-first order after all: never happens with scipy
            raise AssertionError("breadth-first order expected")
        now = bfs[start:end]
        p = parent[now]
        depth[now] = depth[p] + 1
        tree[now] = tree[p]
        spin[now] = spin[p] * sign[pe[now]]
        start = end
    return depth, spin, tree


def _pack_fundamental(odd, eu, ev, parent, pe, depth, used, weights, cycles, chunk=2048):
    """Greedily pack the fundamental cycles of the odd edges (in order); marks the
    packed edges in ``used`` and returns the weight added to the bound.

    The cycles are traced with numpy a chunk at a time; those already meeting a used
    edge are dropped together, the rest are checked one by one.
    """
    added = 0.0
    start = 0
    while start < len(odd):
        C = _cycle_matrix(odd[start:start + chunk], eu, ev, parent, pe, depth)
        start += chunk
        chunk = min(2 * chunk, 65536)  # later chunks are mostly blocked: fewer, larger steps
        valid = C >= 0
        free = ~(used[np.where(valid, C, 0)] & valid).any(axis=1)
        for row in np.flatnonzero(free).tolist():
            cyc = C[row][valid[row]]
            if used[cyc].any():
                continue
            used[cyc] = True
            if cycles is not None:
                cycles.append(tuple(cyc.tolist()))
            added += float(weights[cyc].min())
    return added


def _cycle_matrix(ks, eu, ev, parent, pe, depth):
    """Fundamental cycles of the non-tree edges ``ks`` as rows of edge indices: the
    edge itself, then the tree edges met climbing from its deeper end to the lowest
    common ancestor (-1 pads the shorter rows)."""
    a, b = eu[ks].copy(), ev[ks].copy()
    length = int((depth[a] + depth[b]).max()) + 1
    C = np.full((len(ks), length), -1, dtype=np.int64)
    C[:, 0] = ks
    for step in range(1, length):
        live = a != b
        if not live.any():
            break
        up_a = live & (depth[a] >= depth[b])
        up_b = live & ~up_a
        C[up_a, step] = pe[a[up_a]]
        C[up_b, step] = pe[b[up_b]]
        a[up_a] = parent[a[up_a]]
        b[up_b] = parent[b[up_b]]
    return C
