"""Internal: a lower bound on the frustration index from a *fractional* packing of
unbalanced cycles, by column generation (HiGHS).

Every unbalanced cycle needs a deleted edge, so for any ``y >= 0`` over unbalanced
cycles with ``sum_{C contains e} y_C <= w_e`` on every edge, ``sum_C y_C`` is a lower
bound (LP duality with the cover relaxation ``min w.z, sum_{e in C} z_e >= 1``). The
greedy edge-disjoint packing is one such ``y`` (all ones); the LP over a pool of cycles
(every unbalanced triangle and the packed cycles to start with) is at least as good
and on dense social graphs clearly better. New cycles enter the pool by pricing: with
the LP's edge prices ``z_e``, a cycle of total price below 1 improves the LP, and the
cheapest unbalanced cycle through a node is a shortest path from ``(i, 0)`` to
``(i, 1)`` in the signed double cover.

The bound is **certified** whatever the solver returns: ``y`` is clipped at 0, the edge
loads are recomputed exactly from the pool, and ``y`` is scaled down until no edge is
over its weight; only then is ``sum y`` used.
"""

from __future__ import annotations

import logging

import highspy
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from allegiance.balance._colouring import edge_arrays, edge_index
from allegiance.balance._deadline import past
from allegiance.balance._highs import new_highs, run, set_deadline

__all__ = ["certified_packing_value", "fractional_packing_bound"]

_log = logging.getLogger(__name__)


def certified_packing_value(cycles, y, weights) -> float:
    """``sum(y)`` of the cycles (tuples of edge indices) after scaling ``y`` (clipped at
    0) so that every edge ``e`` carries at most ``weights[e]``: a valid lower bound.

    Examples
    --------
    Three triangles pairwise sharing an edge of weight 1, each given 0.6, carry 1.2 on
    the shared edges: scaled by 1/1.2 they prove 1.5.

    >>> certified_packing_value([(0, 1, 2), (2, 3, 4), (4, 5, 0)], [0.6, 0.6, 0.6], [1.0] * 6)
    1.5
    """
    y = np.clip(np.asarray(y, dtype=float), 0.0, None)
    if not len(cycles) or not y.any():
        return 0.0
    w = np.asarray(weights, dtype=float)
    lens = np.fromiter((len(c) for c in cycles), dtype=np.int64, count=len(cycles))
    idx = np.fromiter((k for c in cycles for k in c), dtype=np.int64, count=int(lens.sum()))
    load = np.bincount(idx, weights=np.repeat(y, lens), minlength=len(w))
    scale = max(1.0, float((load / w).max()))
    return float(y.sum() / scale)


class _PackingLP:
    """``max sum y`` subject to ``sum_{C contains e} y_C <= w_e`` over a growing pool."""

    def __init__(self, w, threads):

        self.w = w
        self.h = h = new_highs()
        if threads:
            h.setOptionValue("threads", int(threads))
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
        lp = highspy.HighsLp()
        lp.num_row_ = len(w)
        lp.row_lower_ = np.full(len(w), -highspy.kHighsInf)
        lp.row_upper_ = np.asarray(w, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.zeros(1, dtype=np.int32)
        h.passModel(lp)
        self.cycles: list[tuple[int, ...]] = []
        self.seen: set = set()

    def add(self, cycles) -> int:
        """Add the cycles not in the pool yet; returns how many."""
        new = []
        for c in cycles:
            key = tuple(sorted(c))
            if key not in self.seen:
                self.seen.add(key)
                new.append(key)
        if not new:
            return 0
        lens = np.fromiter((len(c) for c in new), dtype=np.int32, count=len(new))
        starts = np.zeros(len(new), dtype=np.int32)
        np.cumsum(lens[:-1], out=starts[1:])
        index = np.fromiter((k for c in new for k in c), dtype=np.int32, count=int(lens.sum()))
        k = len(new)
        self.h.addCols(k, np.full(k, -1.0), np.zeros(k), np.full(k, highspy.kHighsInf), len(index), starts,
                       index, np.ones(len(index)))
        self.cycles.extend(new)
        return k

    def solve(self, deadline):
        """``(certified bound, edge prices)`` of the pool; prices None if the solve gave none."""
        set_deadline(self.h, deadline)
        run(self.h)
        sol = self.h.getSolution()
        y = np.asarray(sol.col_value, dtype=float)
        if len(y) != len(self.cycles):
            return 0.0, None
        value = certified_packing_value(self.cycles, y, self.w)
        prices = np.abs(np.asarray(sol.row_dual, dtype=float)) if sol.dual_valid else None
        return value, prices


def _cheap_cycles(n, eu, ev, neg, prices, sources, edge_of, deadline=None, tol=1e-6, batch=32):
    """Unbalanced cycles of total price below ``1 - tol`` through the ``sources``
    (shortest paths from ``(i, 0)`` to ``(i, 1)`` in the signed double cover), searched
    ``batch`` sources at a time until ``deadline``."""

    length = np.clip(prices, 0.0, None) + 1e-9  # explicit zeros would vanish from the graph
    # (a, p) -- (b, p xor neg) for p = 0, 1, both directions
    rows = np.concatenate([eu, eu + n, ev + n * neg, ev + n * (1 - neg)])
    cols = np.concatenate([ev + n * neg, ev + n * (1 - neg), eu, eu + n])
    data = np.concatenate([length, length, length, length])
    A = csr_matrix((data, (rows, cols)), shape=(2 * n, 2 * n))
    found = []
    sources = np.asarray(sources)
    for start in range(0, len(sources), batch):
        if past(deadline):
            break
        idx = sources[start:start + batch]
        dist, pred = dijkstra(A, directed=True, indices=idx, limit=1.0 - tol, return_predecessors=True)
        for r, i in enumerate(idx.tolist()):
            if dist[r, i + n] < 1.0 - tol:
                cyc = _trace(i, n, pred[r], edge_of)
                if cyc is not None:
                    found.append(cyc)
    return found


def _trace(i, n, pred_row, edge_of):
    """The edges of the path from ``(i, 1)`` back to ``(i, 0)``, or None when it is not
    a simple cycle."""
    path = [i + n]
    cur = i + n
    while cur != i and cur >= 0:
        cur = int(pred_row[cur])
        path.append(cur)
    nodes = [p % n for p in path]
    if cur != i or len(set(nodes[:-1])) != len(nodes) - 1:
        return None
    return tuple(edge_of[(a % n, b % n)] for a, b in zip(path, path[1:]))


def fractional_packing_bound(n, elist, cycles, *, deadline=None, threads=None, seed=0, rounds=50,
                             sources_per_round=256) -> float:
    """A certified lower bound from a fractional packing of unbalanced cycles.

    Parameters
    ----------
    n : int
        Number of nodes.
    elist : sequence of (a, b, sign, weight)
        The edges of a simple graph.
    cycles : iterable of tuples of edge indices
        Unbalanced cycles to start the pool with (they must be unbalanced cycles).
    deadline : float, optional
        :func:`time.perf_counter` time after which no new round starts (and the
        running solve is interrupted); the best certified bound so far is returned.
    threads, seed, rounds, sources_per_round
        HiGHS threads; the draw of pricing sources; at most this many pricing rounds of
        at most this many sources each.

    Returns
    -------
    float
        ``sum y`` of a feasible fractional packing (0 when nothing was solved in time).

    Examples
    --------
    The all-negative K4: any two of its four triangles share an edge, so disjoint
    cycles prove only 1, but 1/2 on every triangle proves the true value 2.

    >>> E = [(0, 1, -1, 1.0), (0, 2, -1, 1.0), (0, 3, -1, 1.0), (1, 2, -1, 1.0), (1, 3, -1, 1.0), (2, 3, -1, 1.0)]
    >>> round(fractional_packing_bound(4, E, [(0, 1, 3), (0, 2, 4), (1, 2, 5), (3, 4, 5)]), 6)
    2.0
    """
    m = len(elist)
    if m == 0:
        return 0.0
    eu, ev, neg, w = edge_arrays(elist)
    edge_of = edge_index(eu, ev)
    lp = _PackingLP(w, threads)
    lp.add(cycles)
    rng = np.random.default_rng(seed)
    best = 0.0
    for round_no in range(rounds):
        if past(deadline):
            break
        value, prices = lp.solve(deadline)
        best = max(best, value)
        _log.debug("fractional packing round %d: %d cycles, bound %.3f", round_no, len(lp.cycles), value)
        if prices is None or past(deadline):
            break
        touched = np.unique(np.concatenate([eu[prices > 1e-9], ev[prices > 1e-9]]))
        if not len(touched):
            break
        sources = rng.choice(touched, size=min(sources_per_round, len(touched)), replace=False)
        if lp.add(_cheap_cycles(n, eu, ev, neg, prices, np.sort(sources), edge_of, deadline)) == 0:
            break
    return best
