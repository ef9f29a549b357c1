"""The heuristic frustration index of large graphs, on flat arrays from end to end.

For a million edges the dictionaries of the exact pipeline (reductions, blocks,
neighbour lists) cost more than the search itself, so ``frustration_index(...,
method="heuristic")`` sends large graphs here: one CSR matrix of signed weights, a
multi-start descent that flips many nodes at once (:func:`~allegiance.balance._search.local_search_arrays`),
and the cycle-packing lower bound on the same arrays
(:func:`~allegiance.balance._packing.packing_bound_arrays`). No reductions or blocks are
needed: the descent satisfies every tree-like edge by itself and the packing finds the
cycles wherever they are. Every stage watches the deadline.
"""

from __future__ import annotations

import random

import numpy as np

from allegiance.balance._deadline import past, seconds_left, share_of
from allegiance.balance._packing import packing_bound_arrays
from allegiance.balance._search import field_matrix, local_search_arrays, neighbour_lists, perturb

__all__ = ["heuristic_arrays", "frustrated_mask"]

_PERTURB_EDGES = 400_000  # edges; up to here the array search ends with the plain perturbations
_FIRST_STARTS = 2  # starts of the descent before the bound; the others only if it leaves a gap


def frustrated_mask(x, eu, ev, sign) -> np.ndarray:
    """Which edges the 0/1 colouring ``x`` frustrates (positive across, negative inside).

    Examples
    --------
    >>> frustrated_mask(np.array([0, 1, 1]), np.array([0, 1]), np.array([1, 2]), np.array([1, -1])).tolist()
    [True, True]
    """
    x = np.asarray(x)
    return (x[eu] != x[ev]) != (np.asarray(sign) < 0)


def heuristic_arrays(n, eu, ev, sign, weight, *, rng: random.Random, restarts: int = 8,
                     deadline: float | None = None, reserve: float = 0.0):
    """A colouring, its frustration and a proven lower bound, from edge arrays.

    Parameters
    ----------
    n : int
        Number of nodes.
    eu, ev : int arrays
        Edge ends (no self-loops, no pair twice).
    sign, weight : arrays
        +1/-1 and magnitudes.
    rng : random.Random
        Seeds the search (reproducible).
    restarts : int
        Starts of the descent (each a random spanning-tree colouring).
    deadline : float, optional
        :func:`time.perf_counter` time by which both stages are done; the search
        gets a fifth of the time, the packing the rest but ``reserve`` seconds. The
        search runs two starts, then the bound (guided by their colouring), then the
        other starts only when the bound leaves a gap.
    reserve : float
        Seconds kept back before ``deadline`` for the caller's own final work.

    Returns
    -------
    (x, value, lower)
        ``x`` a 0/1 int8 array, ``value`` the weight it frustrates, ``lower`` the
        packing bound (``<= value``).

    Examples
    --------
    Two negative triangles sharing a node need two deletions, and the bound proves it:

    >>> u, v = np.array([0, 1, 0, 2, 3, 2]), np.array([1, 2, 2, 3, 4, 4])
    >>> x, value, lower = heuristic_arrays(5, u, v, -np.ones(6), np.ones(6), rng=random.Random(0))
    >>> value, lower
    (2.0, 2.0)
    """
    eu = np.asarray(eu, dtype=np.int64)
    ev = np.asarray(ev, dtype=np.int64)
    sign = np.where(np.asarray(sign) > 0, 1, -1).astype(np.int8)
    weight = np.asarray(weight, dtype=float)
    if len(eu) == 0:
        return np.zeros(n, dtype=np.int8), 0.0, 0.0
    t_end = share_of(deadline, 0.2)
    stop = None if deadline is None else deadline - reserve
    A = field_matrix(n, eu, ev, sign * weight)
    # a few starts first; the rest only when the bound does not already prove the colouring
    first = min(_FIRST_STARTS, restarts)
    x, value = _search(A, n, eu, ev, sign, weight, rng, first, t_end)
    if past(stop):
        return x, value, 0.0  # no time left for a bound: claim nothing
    lower = packing_bound_arrays(n, eu, ev, sign, weight, deadline=stop, colouring=x)
    if lower < value - 1e-9 and restarts > first and not past(t_end):
        more, more_value = _search(A, n, eu, ev, sign, weight, rng, restarts - first, t_end)
        if more_value < value:  # the bound proven for the first colouring holds for every one
            x, value = more, more_value
    return x, value, min(lower, value)


def _search(A, n, eu, ev, sign, weight, rng, restarts, t_end):
    """``restarts`` starts of the array descent (plus the plain perturbations up to
    400,000 edges) until ``t_end``: the best 0/1 colouring and its frustration."""
    sigma, frus = local_search_arrays(A, rng, restarts=restarts, budget=seconds_left(t_end))
    if len(eu) <= _PERTURB_EDGES and not past(t_end):
        # the perturbations of the plain search, on the best colouring: a few tenths of
        # a percent lower on hard graphs, for the price of Python neighbour lists
        nbrs = neighbour_lists(A)
        spins = sigma.tolist()
        fields = (A @ sigma).tolist()
        perturb(nbrs, spins, fields, frus, rng, min(3000, 4 * n), t_end)
        sigma = np.asarray(spins, dtype=float)
    x = (sigma < 0).astype(np.int8)
    return x, float(weight[frustrated_mask(x, eu, ev, sign)].sum())
