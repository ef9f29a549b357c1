"""Signed edges as flat arrays, and the rule that collapses several rows of one pair.

The collapsing rule (the same as ``../shared/data/balance/REFERENCE.md`` and signnet):
all rows between one pair (in either direction, unless directed) are summed as
signed weights ``sign * |weight|``; the pair's edge takes the sign of the sum and its
absolute value as weight; pairs summing to zero are dropped. :func:`sum_pairs` is that
rule for rows in Python (used by :mod:`allegiance.io.edgelist` and by the undirected
signed view of :mod:`allegiance.balance`), :func:`collapse_arrays` the same for numpy
arrays; :class:`EdgeArrays` holds a collapsed graph without networkx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["EdgeArrays", "collapse_arrays", "sum_pairs"]


def sum_pairs(rows: Iterable[tuple[Hashable, Hashable, float]], *, directed: bool = False,
              key=None) -> dict:
    """Sum the signed weights of each pair: ``key -> [total, rows, has_positive, has_negative, (u, v)]``.

    ``(u, v)`` is the pair as its first row gives it; pairs keep the order of their first
    row. Undirected, the key is the pair ordered by ``key`` (default: the nodes
    themselves, which must then be comparable) so both directions meet.

    Examples
    --------
    >>> sum_pairs([("b", "a", 2.0), ("a", "b", -1.0), ("b", "c", -1.0)])
    {('a', 'b'): [1.0, 2, True, True, ('b', 'a')], ('b', 'c'): [-1.0, 1, False, True, ('b', 'c')]}
    """
    order = key or (lambda n: n)
    sums: dict = {}
    for src, tgt, sw in rows:
        k = (src, tgt) if directed or order(src) <= order(tgt) else (tgt, src)
        entry = sums.get(k)
        if entry is None:
            sums[k] = [sw, 1, sw > 0, sw < 0, (src, tgt)]
        else:
            entry[0] += sw
            entry[1] += 1
            entry[2] |= sw > 0
            entry[3] |= sw < 0
    return sums


@dataclass(frozen=True, slots=True)
class EdgeArrays:
    """A collapsed undirected signed graph as flat arrays (no networkx): node ``k`` is
    ``nodes[k]``; edge ``i`` joins ``u[i]`` and ``v[i]`` with ``sign[i]`` (+1/-1) and
    ``weight[i]`` (|summed signed weight|), collapsed from ``rows[i]`` rows.

    What :func:`read_edge_arrays` returns, and what
    :func:`allegiance.balance.frustration_index` reads directly: the same graph as
    :func:`read_edge_list`, in a fraction of the memory and time at a million edges.
    """

    nodes: list
    u: np.ndarray
    v: np.ndarray
    sign: np.ndarray
    weight: np.ndarray
    rows: np.ndarray
    graph: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.u)

    def to_networkx(self) -> nx.Graph:
        """The same graph as :func:`read_edge_list` would build (attributes ``sign``,
        ``weight``, ``rows``)."""
        G = nx.Graph()
        G.add_nodes_from(self.nodes)
        nodes = self.nodes
        for a, b, s, w, r in zip(self.u.tolist(), self.v.tolist(), self.sign.tolist(), self.weight.tolist(),
                                 self.rows.tolist()):
            G.add_edge(nodes[a], nodes[b], sign=s, weight=int(w) if float(w).is_integer() else w, rows=r)
        G.graph.update(self.graph)
        return G


def collapse_arrays(src: np.ndarray, tgt: np.ndarray, signed: np.ndarray) -> tuple:
    """Node labels and collapsed edge arrays of the rows ``src -> tgt`` with signed weights
    (self-loops already dropped): nodes in order of first appearance, edges in order of
    their pair's first row, oriented as that row."""
    both = np.empty(2 * len(src), dtype=object)
    both[0::2], both[1::2] = src, tgt
    codes, labels = pd.factorize(both, sort=False)
    a = codes[0::2].astype(np.int64)
    b = codes[1::2].astype(np.int64)
    n = len(labels)
    key = np.minimum(a, b) * max(n, 1) + np.maximum(a, b)
    _keys, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # pairs in order of their first row
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    pair = rank[inverse]
    total = np.bincount(pair, weights=signed, minlength=len(order))
    count = np.bincount(pair, minlength=len(order))
    has_pos = np.bincount(pair, weights=(signed > 0), minlength=len(order)) > 0
    has_neg = np.bincount(pair, weights=(signed < 0), minlength=len(order)) > 0
    head = first[order]
    zero = np.abs(total) < 1e-12
    keep = ~zero
    meta = {"dropped_zero_pairs": int(zero.sum()), "conflicting_pairs": int((has_pos & has_neg & keep).sum())}
    edges = (a[head][keep], b[head][keep], np.where(total[keep] > 0, 1, -1).astype(np.int8),
             np.abs(total[keep]), count[keep].astype(np.int64))
    return list(labels), edges, meta


