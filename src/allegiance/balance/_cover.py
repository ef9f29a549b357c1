"""Internal: exact frustration by constraint generation on unbalanced cycles (HiGHS).

``min sum w_e y_e`` subject to ``sum_{e in C} y_e >= 1`` for the unbalanced cycles
``C`` found so far is a relaxation of the frustration index, so its optimum is a lower
bound. The chosen edges are deleted and what is left is checked for balance (parity
search in the signed double cover). Balanced: the deletion set is optimal. Not
balanced: the shortest unbalanced cycles through the offending nodes are added and the
cover is solved again.
"""

from __future__ import annotations

import logging
import time

import highspy
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components

from allegiance.balance._colouring import edge_arrays, edge_index, frustration_value, polish, tree_colouring
from allegiance.balance._deadline import past
from allegiance.balance._highs import new_highs, run, set_deadline

__all__ = ["cycle_cover"]

_log = logging.getLogger(__name__)


class _CoverModel:
    """The covering ILP over the cycles added so far (each cycle once)."""

    def __init__(self, w, threads, cutoff):

        m = len(w)
        self.h = h = new_highs()
        h.setOptionValue("mip_rel_gap", 0.0)
        if threads:
            h.setOptionValue("threads", int(threads))
        lp = highspy.HighsLp()
        lp.num_col_ = m
        lp.col_cost_ = w.tolist()
        lp.col_lower_ = [0.0] * m
        lp.col_upper_ = [1.0] * m
        lp.integrality_ = [highspy.HighsVarType.kInteger] * m
        h.passModel(lp)
        h.setOptionValue("objective_bound", cutoff)
        self.inf = highspy.kHighsInf
        self.seen: set = set()

    def add(self, cyc_list) -> int:
        """Add the cycles not seen before; returns how many."""
        starts, index = [], []
        for c in cyc_list:
            key = frozenset(c)
            if key in self.seen:
                continue
            self.seen.add(key)
            starts.append(len(index))
            index.extend(c)
        k = len(starts)
        if k:
            self.h.addRows(k, np.ones(k), np.full(k, self.inf), len(index), np.asarray(starts, dtype=np.int32),
                           np.asarray(index, dtype=np.int32), np.ones(len(index)))
        return k

    def solve(self, deadline, w, round_no):
        """The optimal deletion set (a boolean mask), or None when not proven."""

        h = self.h
        set_deadline(h, deadline)
        t_round = time.perf_counter()
        run(h)
        info = h.getInfo()
        _log.debug("cycle cover round %d: %d cycles, status %s, objective %s, %.1f s", round_no, len(self.seen),
                   h.modelStatusToString(h.getModelStatus()), info.objective_function_value,
                   time.perf_counter() - t_round)
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        y = np.asarray(h.getSolution().col_value) > 0.5
        if abs(float(w[y].sum()) - float(info.objective_function_value)) > 1e-6:
            return None  # not the solution HiGHS proved optimal: trust nothing
        return y


def _parity_cover(n, ku, kv, kn):
    """The signed double cover of the kept edges (a negative edge switches the parity)
    and its connected components."""
    rows = np.concatenate([ku, ku + n])
    cols = np.concatenate([kv + n * kn, kv + n * (1 - kn)])
    A = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(2 * n, 2 * n))
    A = (A + A.T).tocsr()
    _ncomp, label = connected_components(A, directed=False)
    return A, label


def _shortest_unbalanced(A, n, sources, edge_of, deadline):
    """One breadth-first search per source in the double cover: the tree path from
    ``(i, 1)`` back to ``(i, 0)`` is a shortest unbalanced closed walk through ``i``;
    the simple cycles among them, as tuples of edge indices."""
    new = []
    for i in sources:
        if past(deadline):
            break
        _order, pred = breadth_first_order(A, i, directed=True, return_predecessors=True)
        path = [i + n]
        cur = i + n
        while cur != i and cur >= 0:
            cur = int(pred[cur])
            path.append(cur)
        if cur != i:
            continue
        nodes = [p % n for p in path]
        if len(set(nodes[:-1])) != len(nodes) - 1:
            continue  # a closed walk, not a simple cycle
        cyc = [edge_of[(a % n, b % n)] for a, b in zip(path, path[1:])]
        if len(set(cyc)) == len(cyc):
            new.append(tuple(cyc))
    return new


def _split_colouring(n, label):
    """The colouring of a balanced remainder: the copy of ``v`` in the smaller-numbered
    double-cover component gets colour 0."""
    colour = [-1] * n
    for v in range(n):
        c0, c1 = int(label[v]), int(label[v + n])
        colour[v] = 0 if c0 == min(c0, c1) else 1
    return colour


def cycle_cover(n, elist, nbrs, x0, cycles, *, deadline, integral, threads, max_rounds=100, max_sources=512):
    """Exact frustration by constraint generation on unbalanced cycles.

    Returns ``(best colouring met, lower bound, proven)``: ``proven`` when the colouring
    is shown optimal (its frustration meets the lower bound). Each round also repairs
    its deletion set into a colouring (breadth-first forest of what is left, then greedy
    flips), which improves the cutoff.
    """
    eu, ev, neg, w = edge_arrays(elist)
    edge_of = edge_index(eu, ev)
    best_x = list(x0)
    best_value = frustration_value(best_x, eu, ev, neg, w)
    slack = 0.5 if integral else 1e-6
    model = _CoverModel(w, threads, best_value + slack)
    model.add(cycles)
    lower = 0.0
    for round_no in range(max_rounds):
        if past(deadline):
            break
        y = model.solve(deadline, w, round_no)
        if y is None:
            break
        lower = max(lower, float(w[y].sum()))
        keep = ~y
        ku, kv, kn = eu[keep], ev[keep], neg[keep]
        A, label = _parity_cover(n, ku, kv, kn)
        bad = [v for v in range(n) if label[v] == label[v + n]]
        if not bad:
            return _split_colouring(n, label), lower, True
        # primal side: colour what is left along BFS trees and descend; when that
        # meets the cover's optimum (a lower bound), it is optimal too
        x = polish(nbrs, tree_colouring(n, ku, kv, kn))
        val = frustration_value(x, eu, ev, neg, w)
        if val < best_value:
            best_value, best_x = val, x
            model.h.setOptionValue("objective_bound", best_value + slack)
        if best_value <= lower + 1e-9:
            return best_x, lower, True
        # a spread of sources, different each round (duplicated cycles add nothing)
        if len(bad) > max_sources:
            pick = np.random.default_rng(round_no).choice(len(bad), size=max_sources, replace=False)
            bad = [bad[k] for k in sorted(pick)]
        if model.add(_shortest_unbalanced(A, n, bad, edge_of, deadline)) == 0:
            break
    return best_x, lower, False
