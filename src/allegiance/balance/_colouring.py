"""Internal: 2-colourings of indexed signed edges, the pieces the exact pipeline shares.

A colouring ``x`` gives every node 0 or 1; an edge ``(a, b, sign, weight)`` is
*frustrated* when it is positive across the camps or negative inside one. These
helpers count what a colouring frustrates, build one that satisfies a spanning forest,
and polish one by single-node flips.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from allegiance.balance._search import _descend

__all__ = ["colouring_cost", "frustration_value", "is_frustrated", "polish", "tree_colouring"]


def is_frustrated(s: int, xa: int, xb: int) -> bool:
    """Whether an edge of sign ``s`` between camps ``xa`` and ``xb`` is frustrated.

    Examples
    --------
    >>> is_frustrated(1, 0, 1), is_frustrated(-1, 0, 1)
    (True, False)
    """
    return (xa != xb) if s > 0 else (xa == xb)


def colouring_cost(elist, x) -> float:
    """Total weight of the edges ``elist[k] = (a, b, sign, weight)`` that ``x`` frustrates.

    Examples
    --------
    >>> colouring_cost([(0, 1, -1, 2.0), (1, 2, 1, 1.0)], [0, 0, 1])
    3.0
    """
    return sum(w for a, b, s, w in elist if is_frustrated(s, x[a], x[b]))


def edge_arrays(elist) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(eu, ev, neg, w)``: the ends, negativity (1 for a negative edge) and weights of ``(a, b, sign, weight)`` rows.

    Examples
    --------
    >>> [a.tolist() for a in edge_arrays([(0, 1, -1, 2.0), (1, 2, 1, 1.0)])]
    [[0, 1], [1, 2], [1, 0], [2.0, 1.0]]
    """
    eu = np.asarray([e[0] for e in elist], dtype=np.int64)
    ev = np.asarray([e[1] for e in elist], dtype=np.int64)
    neg = np.asarray([1 if e[2] < 0 else 0 for e in elist], dtype=np.int64)
    w = np.asarray([e[3] for e in elist], dtype=float)
    return eu, ev, neg, w


def edge_index(eu, ev) -> dict[tuple[int, int], int]:
    """Edge number of each ordered pair of ends, both ways round.

    Examples
    --------
    >>> edge_index(np.array([0, 1]), np.array([1, 2]))
    {(0, 1): 0, (1, 0): 0, (1, 2): 1, (2, 1): 1}
    """
    index = {}
    for k, (a, b) in enumerate(zip(eu.tolist(), ev.tolist())):
        index[(a, b)] = k
        index[(b, a)] = k
    return index


def frustration_value(x, eu, ev, neg, w) -> float:
    """:func:`colouring_cost` on edge arrays (``neg`` 1 for a negative edge).

    Examples
    --------
    >>> frustration_value([0, 0, 1], np.array([0, 1]), np.array([1, 2]), np.array([1, 0]), np.array([2.0, 1.0]))
    3.0
    """
    xs = np.asarray(x, dtype=np.int64)
    return float(w[(xs[eu] ^ xs[ev]) != neg].sum())


def tree_colouring(n, eu, ev, neg) -> list[int]:
    """A 0/1 colouring satisfying every edge of a breadth-first forest of the given edges.

    Examples
    --------
    >>> tree_colouring(3, np.array([0, 1]), np.array([1, 2]), np.array([1, 0]))
    [0, 1, 1]
    """
    # edge data: 1 + negativity, so that a negative edge is told from a missing one
    A = csr_matrix((np.concatenate([neg, neg]) + 1, (np.concatenate([eu, ev]), np.concatenate([ev, eu]))),
                   shape=(n, n))
    colour = [-1] * n
    for root in range(n):
        if colour[root] >= 0:
            continue
        colour[root] = 0
        order, pred = breadth_first_order(A, root, directed=True, return_predecessors=True)
        for v in order[1:].tolist():
            p = int(pred[v])
            colour[v] = colour[p] ^ (int(A[p, v]) - 1)
    return colour


def polish(nbrs, x) -> list[int]:
    """Greedy single-node flips from the colouring ``x`` until none improves
    (``nbrs[i] = [(j, sign * weight)]``).

    Examples
    --------
    >>> polish([[(1, 1.0)], [(0, 1.0)]], [0, 1]) in ([0, 0], [1, 1])
    True
    """
    sigma = [1 if c == 0 else -1 for c in x]
    h = [sum(sw * sigma[j] for j, sw in nb) for nb in nbrs]
    _descend(nbrs, sigma, h, range(len(nbrs)), 0.0, None)
    return [0 if s > 0 else 1 for s in sigma]
