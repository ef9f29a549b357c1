"""Internal: the node-colour MILP of the frustration index, with cutting planes (HiGHS).

Binary colour ``x_i`` per node (the best-connected node fixed to 0), a frustration
variable ``f_ij`` per edge with ``f_ij >= |x_i - x_j|`` (positive) or
``f_ij >= |x_i + x_j - 1|`` (negative), minimising ``sum w_ij f_ij`` (Aref, Mason &
Wilson 2020). Before branching, cutting planes strengthen the LP relaxation: violated
parity inequalities of triangles and violated odd-cycle inequalities of longer cycles,
separated exactly by shortest paths in the signed double cover (Barahona & Mahjoub 1986).
"""

from __future__ import annotations

import math

import highspy
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from allegiance.balance._colouring import colouring_cost, edge_arrays, edge_index
from allegiance.balance._deadline import past, share_of
from allegiance.balance._highs import new_highs, run, set_deadline, time_for_a_run
from allegiance.balance._packing import edge_triangles
from allegiance.errors import SolverError

__all__ = ["bound_from", "node_colour_milp"]

_PATTERNS = np.array([[1, -1, -1], [-1, 1, -1], [-1, -1, 1], [-1, -1, -1]], dtype=float)


class _Rows:
    """Rows of a HiGHS model collected row-wise (``lo <= a.x <= hi``)."""

    def __init__(self, inf):
        self.inf = inf
        self.starts, self.index, self.value, self.lo, self.hi = [0], [], [], [], []

    def add(self, cols, coefs, lo, hi=None):
        self.index.extend(cols)
        self.value.extend(coefs)
        self.starts.append(len(self.index))
        self.lo.append(lo)
        self.hi.append(self.inf if hi is None else hi)


def _colour_rows(rows, n, elist, tri, triangle_cuts):
    """The two rows of every edge and the up-front triangle rows of ``triangle_cuts``."""
    for k, (a, b, s, _w) in enumerate(elist):
        f = n + k
        if s > 0:  # f >= x_a - x_b, f >= x_b - x_a
            rows.add([f, a, b], [1.0, -1.0, 1.0], 0.0)
            rows.add([f, a, b], [1.0, 1.0, -1.0], 0.0)
        else:  # f >= x_a + x_b - 1, f >= 1 - x_a - x_b
            rows.add([f, a, b], [1.0, -1.0, -1.0], -1.0)
            rows.add([f, a, b], [1.0, 1.0, 1.0], 1.0)
    lazy = triangle_cuts == "lazy"
    for t in tri:
        negatives = sum(1 for k in t if elist[k][2] < 0)
        cols = [n + k for k in t]
        if negatives % 2:  # unbalanced: an odd number of its edges is frustrated
            rows.add(cols, [1.0, 1.0, 1.0], 1.0)
            if triangle_cuts == "cover" or lazy:
                continue
            for i in range(3):
                coefs = [-1.0, -1.0, -1.0]
                coefs[i] = 1.0
                rows.add(cols, coefs, -1.0)  # f_j + f_k - f_i <= 1
        elif triangle_cuts is True or triangle_cuts == "all":  # balanced: an even number
            rows.add(cols, [-1.0, -1.0, -1.0], -2.0)
            for i in range(3):
                coefs = [1.0, 1.0, 1.0]
                coefs[i] = -1.0
                rows.add(cols, coefs, 0.0)  # f_i <= f_j + f_k


def _colour_model(n, elist, nbrs, tri, triangle_cuts):
    """The node-colour model as a ``highspy.HighsLp`` (colours integral)."""

    m = len(elist)
    # columns: x_0..x_{n-1} (binary), f_0..f_{m-1} (in [0, 1]; integral at any
    # optimum because the x are integral)
    upper = [1.0] * (n + m)
    if n:  # one node fixed per block: the colouring is defined up to a swap
        upper[max(range(n), key=lambda i: len(nbrs[i]))] = 0.0
    rows = _Rows(highspy.kHighsInf)
    _colour_rows(rows, n, elist, tri, triangle_cuts)
    lp = highspy.HighsLp()
    lp.num_col_ = n + m
    lp.num_row_ = len(rows.lo)
    lp.col_cost_ = [0.0] * n + [float(w) for *_, w in elist]
    lp.col_lower_ = [0.0] * (n + m)
    lp.col_upper_ = upper
    lp.row_lower_ = rows.lo
    lp.row_upper_ = rows.hi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = rows.starts
    lp.a_matrix_.index_ = rows.index
    lp.a_matrix_.value_ = rows.value
    lp.a_matrix_.num_col_ = n + m
    lp.a_matrix_.num_row_ = len(rows.lo)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * m
    return lp


def node_colour_milp(n, elist, nbrs, *, x0, deadline, integral, triangle_cuts, odd_cycles, threads,
                     known_lb=0.0):
    """Solve one block; returns ``(colouring, lower bound, proven optimal)``.

    ``x0`` (a colouring, or None) is the warm start, given to HiGHS as an objective
    cutoff; the result is never worse than it. ``known_lb`` is a bound proven before.
    """

    tri = edge_triangles(n, elist, nbrs) if triangle_cuts else []
    lp = _colour_model(n, elist, nbrs, tri, triangle_cuts)
    h = new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-6 if integral else 1e-9)
    if threads:
        h.setOptionValue("threads", int(threads))
    set_deadline(h, deadline)
    if triangle_cuts == "lazy":
        lp.integrality_ = [highspy.HighsVarType.kContinuous] * (n + len(elist))
        h.passModel(lp)
        # at most 40% of the remaining time on cutting planes; the LP bound is valid
        cut_deadline = share_of(deadline, 0.4)
        lp_bound = cutting_planes(h, n, elist, tri, cut_deadline, cycles=odd_cycles)
        known_lb = max(known_lb, (math.ceil(lp_bound - 1e-6) if integral else lp_bound))
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                np.full(n, int(highspy.HighsVarType.kInteger), dtype=np.uint8))
        set_deadline(h, deadline)
    else:
        h.passModel(lp)
    if x0 is not None and not time_for_a_run(h, deadline):  # the time went on the model and the cuts
        return list(x0), known_lb, False
    if x0 is not None:
        # warm start as an objective cutoff: HiGHS (1.16) may hand back a user-given
        # start instead of the solution it proved optimal, so no setSolution here
        h.setOptionValue("objective_bound", float(colouring_cost(elist, x0)) + (0.5 if integral else 1e-6))
    run(h)
    return _milp_outcome(h, n, elist, x0, known_lb, integral)


def _milp_outcome(h, n, elist, x0, known_lb, integral):
    """What a finished or stopped solve proves: ``(colouring, lower bound, optimal)``."""

    status = h.getModelStatus()
    info = h.getInfo()
    stopped = (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt)
    if info.primal_solution_status != highspy.SolutionStatus.kSolutionStatusFeasible:
        if status in stopped + (highspy.HighsModelStatus.kObjectiveBound,) and x0:
            return list(x0), max(known_lb, bound_from(info, integral)), False
        if x0 is None and status in stopped:
            return [0] * n, max(known_lb, bound_from(info, integral)), False
        raise SolverError(f"HiGHS stopped with status {h.modelStatusToString(status)!r}",
                          hint="report this graph; try method='heuristic' meanwhile")
    vals = h.getSolution().col_value
    xs = [1 if vals[i] > 0.5 else 0 for i in range(n)]
    optimal = status == highspy.HighsModelStatus.kOptimal
    lb = max(known_lb, bound_from(info, integral))
    obj = colouring_cost(elist, xs)
    if optimal and obj > float(info.objective_function_value) + 1e-6:
        optimal = False  # the solution handed back is not the one HiGHS proved: claim nothing
    if optimal or obj <= lb + 1e-9:
        return xs, obj, True
    if x0 is not None:
        # an interrupted solve may hand back a worse point (even the rounded LP
        # solution) than the warm start: never return worse than what we came with
        start_value = colouring_cost(elist, x0)
        if start_value < obj:
            xs, obj = list(x0), start_value
    return xs, min(lb, obj), False


class _TriangleCuts:
    """The parity inequalities of the triangles ``tri``, added to a model when violated."""

    def __init__(self, tri, neg):
        self.T = np.asarray(tri, dtype=np.int64) if len(tri) else np.zeros((0, 3), dtype=np.int64)
        self.odd = (neg[self.T].sum(axis=1) % 2) == 1 if len(self.T) else np.zeros(0, dtype=bool)
        self.added = np.zeros((len(self.T), 4), dtype=bool)
        self.added[self.odd, 3] = True  # the cover row of unbalanced triangles is already in the model

    def add_violated(self, h, n, f, tol, inf) -> int:
        T, odd = self.T, self.odd
        if not len(T):
            return 0
        lhs = f[T] @ _PATTERNS.T
        viol = np.zeros((len(T), 4), dtype=bool)
        viol[odd, :3] = lhs[odd, :3] < -1 - tol
        viol[~odd, :3] = -lhs[~odd, :3] < -tol
        viol[~odd, 3] = lhs[~odd, 3] < -2 - tol
        viol &= ~self.added
        rows_t, rows_p = np.nonzero(viol)
        k = len(rows_t)
        if k:
            self.added[rows_t, rows_p] = True
            cols = (T[rows_t] + n).astype(np.int32)
            coefs = np.where((odd[rows_t] | (rows_p == 3))[:, None], _PATTERNS[rows_p], -_PATTERNS[rows_p])
            lo = np.where(odd[rows_t], -1.0, np.where(rows_p == 3, -2.0, 0.0))
            h.addRows(k, lo, np.full(k, inf), 3 * k, np.arange(0, 3 * k, 3, dtype=np.int32),
                      cols.reshape(-1), coefs.reshape(-1).astype(float))
        return k


def _add_cycle_rows(h, n, cuts, inf) -> int:
    """Add odd-cycle inequalities ``sum_{C-F} f - sum_F f >= 1 - |F|``."""
    if not cuts:
        return 0
    starts, index, value, lo = [], [], [], []
    for edges_in_f, edges_out in cuts:
        starts.append(len(index))
        index.extend(n + k for k in edges_out)
        value.extend([1.0] * len(edges_out))
        index.extend(n + k for k in edges_in_f)
        value.extend([-1.0] * len(edges_in_f))
        lo.append(1.0 - len(edges_in_f))
    k = len(cuts)
    h.addRows(k, np.asarray(lo, dtype=float), np.full(k, inf), len(index), np.asarray(starts, dtype=np.int32),
              np.asarray(index, dtype=np.int32), np.asarray(value, dtype=float))
    return k


def cutting_planes(h, n, elist, tri, deadline, *, cycles: bool = True, rounds: int = 60,
                   tol: float = 1e-6, max_cycle_cuts: int = 4000):
    """Cutting planes on the LP relaxation before branching; returns the best LP bound.

    Each round solves the LP, then adds (a) the violated parity inequalities of
    triangles (4 per triangle, found by enumeration) and (b) violated odd-cycle
    inequalities of longer cycles, ``sum_{e in F} f_e - sum_{e in C-F} f_e <= |F| - 1``
    for a cycle ``C`` and ``F`` with ``|F| + negatives(C)`` odd, found exactly by
    shortest paths in the signed double cover (Barahona & Mahjoub 1986). Stops when
    nothing is violated, when the bound stalls, or at the deadline.
    """

    inf = highspy.kHighsInf
    eu, ev, neg, _ = edge_arrays(elist)
    triangles = _TriangleCuts(tri, neg)
    seen_cycles: set = set()
    history: list[float] = []
    best = 0.0
    for _ in range(rounds):
        if not time_for_a_run(h, deadline):
            break
        set_deadline(h, deadline)
        run(h)
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        obj = float(h.getInfo().objective_function_value)
        best = max(best, obj)
        history.append(obj)
        if len(history) >= 4 and history[-1] - history[-4] < 1e-3 * max(1.0, abs(obj)):
            break  # tailing off: leave the rest to branch and bound
        vals = np.asarray(h.getSolution().col_value)
        x, f = vals[:n], vals[n:]
        new_rows = triangles.add_violated(h, n, f, tol, inf)
        if cycles:
            cuts = odd_cycle_cuts(n, eu, ev, neg, x, f, tol, max_cycle_cuts, seen_cycles, deadline)
            new_rows += _add_cycle_rows(h, n, cuts, inf)
        if new_rows == 0:
            break
    return best


def _double_cover(n, eu, ev, neg, f):
    """The signed double cover weighted for separation: node ``(v, p)`` is ``v + p * n``."""

    eps = 1e-9
    c_out = np.clip(f, 0.0, 1.0) + eps  # edge not in F
    c_in = np.clip(1.0 - f, 0.0, 1.0) + eps  # edge in F
    same = np.where(neg == 0, c_out, c_in)  # parity kept
    cross = np.where(neg == 0, c_in, c_out)  # parity flipped
    rows = np.concatenate([eu, eu + n, eu, eu + n])
    cols = np.concatenate([ev, ev + n, ev + n, ev])
    data = np.concatenate([same, same, cross, cross])
    return csr_matrix((data, (rows, cols)), shape=(2 * n, 2 * n))


def _cut_sources(n, eu, ev, x, f, tol, max_sources):
    """Nodes where a violated cycle may start: fractional colours or fractional edges."""
    frac_f = (f > tol) & (f < 1 - tol)
    cand = (x > tol) & (x < 1 - tol)
    cand[eu[frac_f]] = True
    cand[ev[frac_f]] = True
    sources = np.nonzero(cand)[0]
    if len(sources) > max_sources:  # the most fractional nodes first
        sources = sources[np.argsort(np.abs(x[sources] - 0.5), kind="stable")[:max_sources]]
    return sources


def _trace_cut(i, n, pred_row, edge_of, neg):
    """The inequality ``(F, C - F)`` of the path from ``(i, 1)`` back to ``(i, 0)``, or
    None when the walk is not a simple cycle."""
    path = [i + n]
    cur = i + n
    while cur != i:
        cur = int(pred_row[cur])
        if cur < 0:
            return None
        path.append(cur)
    nodes = [p % n for p in path]
    if len(set(nodes[:-1])) != len(nodes) - 1:
        return None  # not a simple cycle
    in_f, out_f = [], []
    for a, b in zip(path, path[1:]):
        k = edge_of.get((a % n, b % n))
        if k is None:
            return None
        parity_change = 1 if (a >= n) != (b >= n) else 0
        (in_f if parity_change != neg[k] else out_f).append(k)
    return in_f, out_f


def odd_cycle_cuts(n, eu, ev, neg, x, f, tol, max_cuts, seen, deadline, max_sources=256):
    """Violated odd-cycle inequalities by shortest paths in the signed double cover.

    Node ``(v, p)`` is ``v + p * n``. An edge outside ``F`` costs ``f_e`` and changes the
    parity by its negativity, an edge in ``F`` costs ``1 - f_e`` and changes it by the
    opposite; a path from ``(i, 0)`` to ``(i, 1)`` shorter than 1 is a violated
    inequality (kept when the walk is a simple cycle).
    """

    if len(eu) == 0:
        return []
    A = _double_cover(n, eu, ev, neg, f)
    edge_of = edge_index(eu, ev)
    sources = _cut_sources(n, eu, ev, x, f, tol, max_sources)
    found: list[tuple[float, tuple, tuple]] = []
    batch = 32  # sources per Dijkstra call: the deadline is checked between calls
    for start in range(0, len(sources), batch):
        if past(deadline):
            break
        idx = sources[start:start + batch]
        dist, pred = dijkstra(A, directed=False, indices=idx, limit=1.0 - tol, return_predecessors=True)
        for r, i in enumerate(idx.tolist()):
            d = dist[r, i + n]
            if not d < 1.0 - tol:
                continue
            cut = _trace_cut(i, n, pred[r], edge_of, neg)
            if cut is None:
                continue
            in_f, out_f = cut
            key = (frozenset(in_f), frozenset(out_f))
            if key in seen or len(in_f) + len(out_f) < 3:
                continue
            seen.add(key)
            found.append((float(d), tuple(in_f), tuple(out_f)))
        if len(found) >= max_cuts:
            break
    found.sort(key=lambda t: t[0])
    return [(a, b) for _d, a, b in found[:max_cuts]]


def bound_from(info, integral):
    """HiGHS's proven dual bound (rounded up for integral weights), 0 when it has none."""
    lb = float(info.mip_dual_bound)
    if not math.isfinite(lb):
        return 0.0
    lb = max(lb, 0.0)
    return math.ceil(lb - 1e-6) if integral else lb
