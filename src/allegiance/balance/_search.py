"""Multi-start iterated local search on the 2-colouring of a signed graph.

The heuristic behind ``frustration_index(G, method="heuristic")`` and the warm start of
the exact method. It works on a block given as adjacency lists ``nbrs[i] = [(j, s*w)]``
of signed weights and returns a 0/1 colouring.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components

from allegiance.balance._deadline import Ticker, past

__all__ = ["local_search", "local_search_arrays", "descend_arrays", "field_matrix", "perturb"]

_SPARSE_START_NODES = 50_000  # blocks this large draw their spanning-tree starts with scipy


def local_search(nbrs, rng: random.Random, *, restarts: int = 8, budget: float | None = None,
                  steps: int | None = None):
    """Multi-start iterated local search on spins; returns the best 0/1 colouring.

    Each start is a random spanning-tree colouring followed by greedy single-node
    flips; then ``steps`` perturbations (flip a random node and up to three of its
    neighbours, descend again) are accepted when they do not increase frustration.
    Moves are applied in place and undone from a log when rejected.

    ``budget`` (seconds) is honoured everywhere but in the first spanning-tree
    colouring (one linear pass, needed for any answer): when it has run out by then,
    that colouring is the answer; the descent (a look at the clock every 256 queue
    pops) and the perturbations stop when it runs out, keeping the best colouring so far.

    Examples
    --------
    A negative triangle: one of its three edges stays frustrated.

    >>> nbrs = [[(1, -1.0), (2, -1.0)], [(0, -1.0), (2, -1.0)], [(0, -1.0), (1, -1.0)]]
    >>> x = local_search(nbrs, random.Random(0))
    >>> sum(1 for i, j in ((0, 1), (1, 2), (0, 2)) if x[i] == x[j])
    1
    """
    n = len(nbrs)
    if n == 0:
        return []
    t_end = None if budget is None else time.perf_counter() + budget
    best_x, best_f = None, math.inf
    total_w = sum(abs(sw) for nb in nbrs for _, sw in nb) / 2
    field = _field_matrix(nbrs)
    sparse_starts = _SparseStarts(field) if n >= _SPARSE_START_NODES else None
    if steps is None:
        steps = min(3000, 4 * n)
    for _r in range(max(1, restarts)):
        if best_x is not None and past(t_end):
            break
        sigma = sparse_starts.draw(rng) if sparse_starts is not None else _tree_start(nbrs, rng)
        if past(t_end):  # no time for a descent: the first start's tree colouring is the answer
            best_x = list(sigma) if best_x is None else best_x
            break
        # local fields h_i = sum_j s_ij w_ij sigma_j, one sparse product
        spins = np.asarray(sigma, dtype=float)
        h_arr = field @ spins
        h = h_arr.tolist()
        frus = (total_w - float(spins @ h_arr) / 2) / 2
        frus = _descend(nbrs, sigma, h, list(range(n)), frus, None, t_end)
        frus = perturb(nbrs, sigma, h, frus, rng, steps, t_end)
        if frus < best_f:
            best_f, best_x = frus, list(sigma)
    return [0 if s > 0 else 1 for s in best_x]


def perturb(nbrs, sigma, h, frus, rng, steps, t_end=None):
    """``steps`` perturbations of a local optimum (flip a random node and up to three
    of its neighbours, descend again), each kept when it does not increase frustration
    and undone from its log otherwise; ``sigma`` and ``h`` change in place. Returns the
    new frustration."""
    n = len(nbrs)
    for _ in range(steps if n else 0):
        if past(t_end):
            break
        v = rng.randrange(n)
        nb = nbrs[v]
        group = [v] + ([nb[rng.randrange(len(nb))][0] for _ in range(min(3, len(nb)))] if nb else [])
        group = list(dict.fromkeys(group))
        log: list[int] = []
        trial = frus
        candidates: list[int] = []
        for i in group:
            trial += sigma[i] * h[i]
            candidates.extend(_flip(nbrs, sigma, h, i))
            log.append(i)
        candidates.extend(group)
        trial = _descend(nbrs, sigma, h, candidates, trial, log, t_end)
        if trial <= frus + 1e-12:
            frus = trial
        else:
            for i in reversed(log):
                _flip(nbrs, sigma, h, i)
    return frus


def neighbour_lists(A):
    """``nbrs[i] = [(j, A[i, j])]`` from a CSR matrix (the form :func:`perturb` walks)."""
    ind, dat, ptr = A.indices.tolist(), A.data.tolist(), A.indptr.tolist()
    return [list(zip(ind[a:b], dat[a:b])) for a, b in zip(ptr, ptr[1:])]


def _field_matrix(nbrs):
    """The signed weights ``nbrs[i] = [(j, s*w)]`` as a CSR matrix (rows in list order)."""
    n = len(nbrs)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.fromiter((len(nb) for nb in nbrs), dtype=np.int64, count=n), out=indptr[1:])
    total = int(indptr[-1])
    cols = np.fromiter((j for nb in nbrs for j, _ in nb), dtype=np.int64, count=total)
    vals = np.fromiter((sw for nb in nbrs for _, sw in nb), dtype=float, count=total)
    return csr_matrix((vals, cols, indptr), shape=(n, n))


def _flip(nbrs, sigma, h, i):
    """Flip node ``i``; return the neighbours whose flip now has a negative gain."""
    sigma[i] = -sigma[i]
    si2 = 2 * sigma[i]
    out = []
    for j, sw in nbrs[i]:
        hj = h[j] + sw * si2
        h[j] = hj
        if sigma[j] * hj < 0:
            out.append(j)
    return out


def _descend(nbrs, sigma, h, candidates, frus, log, t_end=None):
    """Flip nodes with a negative gain until none is left (or ``t_end`` passes, seen
    before the first pop and every 256 pops: every colouring is valid, only less good);
    returns the new frustration."""
    inq = set(candidates)
    queue = deque(inq)
    clock = Ticker(t_end, every=256)
    while queue:
        if clock.passed():
            break
        i = queue.popleft()
        inq.discard(i)
        gain = sigma[i] * h[i]
        if gain < 0:
            frus += gain
            if log is not None:
                log.append(i)
            for j in _flip(nbrs, sigma, h, i):
                if j not in inq:
                    inq.add(j)
                    queue.append(j)
    return frus


class _SparseStarts:
    """Random spanning-tree colourings of a large block, drawn with scipy.

    The same law as :func:`_tree_start` (roots and neighbour orders uniformly
    shuffled, breadth-first), realised by one random relabelling per start: rows
    visit their neighbours by label, every component is rooted at its lowest label.
    """

    def __init__(self, field):
        self.n = n = field.shape[0]
        self.indptr = field.indptr
        self.rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(field.indptr))
        self.cols = field.indices.astype(np.int64)
        keys = self.rows * n + self.cols
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.positive = field.data[order] > 0

    def draw(self, rng):
        n = self.n
        label = np.random.default_rng(rng.getrandbits(64)).permutation(n)
        order = np.lexsort((label[self.cols], self.rows))  # rows stay grouped
        cols = self.cols[order].astype(np.int32)
        indptr = self.indptr.astype(np.int32)
        graph = csr_matrix((np.ones(len(cols)), cols, indptr), shape=(n, n))
        _ncomp, comp = connected_components(graph, directed=True, connection="strong")
        by_label = np.argsort(label)
        _c, first = np.unique(comp[by_label], return_index=True)
        reps = by_label[np.sort(first)].astype(np.int32)
        # a virtual root n joined to every component's root; float64 data keeps row order
        A = csr_matrix((np.ones(len(cols) + len(reps)), np.concatenate([cols, reps]),
                        np.append(indptr, indptr[-1] + len(reps)).astype(np.int32)), shape=(n + 1, n + 1))
        bfs, pred = breadth_first_order(A, n, directed=True, return_predecessors=True)
        bfs = bfs[1:].astype(np.int64)
        parent = pred[bfs].astype(np.int64)
        inner = parent != n
        same = np.ones(len(bfs), dtype=bool)
        pos = np.searchsorted(self.keys, parent[inner] * n + bfs[inner])
        same[inner] = self.positive[pos]
        sigma = [0] * n
        for v, p, keep in zip(bfs.tolist(), parent.tolist(), same.tolist()):
            sigma[v] = 1 if p == n else (sigma[p] if keep else -sigma[p])
        for v in range(n):  # isolated nodes
            if not sigma[v]:
                sigma[v] = 1
        return sigma


def _tree_start(nbrs, rng):
    n = len(nbrs)
    sigma = [0] * n
    nodes = list(range(n))
    rng.shuffle(nodes)
    for root in nodes:
        if sigma[root]:
            continue
        sigma[root] = 1
        queue = deque([root])
        while queue:
            a = queue.popleft()
            nb = list(nbrs[a])
            rng.shuffle(nb)
            for b, sw in nb:
                if not sigma[b]:
                    sigma[b] = sigma[a] if sw > 0 else -sigma[a]
                    queue.append(b)
    return sigma


# ---------------------------------------------------------------------------
# the same search on arrays, for blocks of a million edges


def field_matrix(n, eu, ev, sw):
    """The symmetric CSR matrix of signed weights ``A[a, b] = A[b, a] = s * w``."""
    rows = np.concatenate([eu, ev])
    cols = np.concatenate([ev, eu])
    return csr_matrix((np.concatenate([sw, sw]).astype(float), (rows, cols)), shape=(n, n))


def descend_arrays(A, sigma, h, rng, t_end=None):
    """Greedy descent with many flips at once: every round flips an independent set of
    nodes whose flip lowers frustration (each one's gain beats every improving
    neighbour's), so the gains add up exactly; stops at a local optimum or at ``t_end``.

    ``sigma`` (float +-1) and ``h = A @ sigma`` are updated in place; returns the
    change in frustration (negative).
    """
    n = A.shape[0]
    total = 0.0
    Ab = A.copy()
    Ab.data[:] = 1.0
    active = np.flatnonzero(sigma * h < 0)
    prio = np.full(n, -np.inf)
    while len(active):
        if past(t_end):
            break
        gain = -(sigma[active] * h[active])  # > 0: the frustration a flip removes
        prio[active] = gain + rng.random(len(active)) * 1e-3  # ties broken at random
        sub = Ab[active]
        vals = prio[sub.indices]
        starts = sub.indptr[:-1]
        best = np.full(len(active), -np.inf)
        has = np.diff(sub.indptr) > 0
        if has.any():
            best[has] = np.maximum.reduceat(vals, starts[has])
        pick = active[prio[active] > best]
        prio[active] = -np.inf
        total -= float((-(sigma[pick] * h[pick])).sum())
        sigma[pick] = -sigma[pick]
        delta = A[pick].T @ (2.0 * sigma[pick])
        h += delta
        # improving nodes that lost this round stay candidates; flips may add neighbours
        touched = np.unique(np.concatenate([active, A[pick].indices]))
        active = touched[sigma[touched] * h[touched] < 0]
    return total


def local_search_arrays(A, rng: random.Random, *, restarts: int = 8, budget: float | None = None):
    """Multi-start descent on a CSR matrix of signed weights; returns ``(sigma, frustration)``
    with ``sigma`` a float array of +-1.

    Each start is a random spanning-tree colouring (drawn as :class:`_SparseStarts`
    does), then :func:`descend_arrays`. ``budget`` (seconds) is honoured after the
    first start's tree colouring (the answer when the budget has run out by then).

    Examples
    --------
    >>> A = field_matrix(3, np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([-1.0, -1.0, -1.0]))
    >>> local_search_arrays(A, random.Random(0))[1]
    1.0
    """
    n = A.shape[0]
    t_end = None if budget is None else time.perf_counter() + budget
    total_w = float(np.abs(A.data).sum()) / 2
    starts = _SparseStarts(A)
    nrng = np.random.default_rng(rng.getrandbits(64))
    best_sigma, best_f = None, math.inf
    for _r in range(max(1, restarts)):
        sigma = np.asarray(starts.draw(rng), dtype=float) if n else np.zeros(0)
        h = A @ sigma
        frus = (total_w - float(sigma @ h) / 2) / 2
        frus += descend_arrays(A, sigma, h, nrng, t_end)
        if frus < best_f:
            best_f, best_sigma = frus, sigma
        if past(t_end):
            break
    return best_sigma, best_f
