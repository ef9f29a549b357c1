"""Internal: degree and signed-triad features of node pairs (Leskovec, Huttenlocher & Kleinberg 2010).

For a pair ``(u, v)`` of an observed signed graph, with arcs read from ``u`` to ``v``
(an undirected edge counts as both arcs):

* 7 degree features -- ``d+_out(u)``, ``d-_out(u)``, ``d+_in(v)``, ``d-_in(v)``,
  ``d_out(u)``, ``d_in(v)`` and the embeddedness ``C(u, v)`` (common neighbours);
* 16 triad counts -- for every common neighbour ``w``: the tie between ``u`` and ``w``
  (forward/backward, +/-) times the tie between ``w`` and ``v`` (forward/backward, +/-);
* normalisations -- each triad count over ``C(u, v)``, the positive shares of the
  degrees, the share of balanced minus unbalanced two-paths (the classical balance vote),
  the sign of the reverse arc ``v -> u`` when there is one (0 otherwise),
  and ``log1p`` of every count.

``exclude_own`` removes, for pairs that *are* observed edges (the training examples),
the edge's own contribution to the degrees, so that training rows look like the rows of
hidden pairs (no edge knows its own sign).
"""

from __future__ import annotations

from typing import Hashable, Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp

from allegiance.balance._signed import edge_sign

__all__ = ["FEATURE_NAMES", "SignedArcs", "signed_arcs", "pair_features"]

_TIES = ("out+", "out-", "in+", "in-")
TRIAD_NAMES = tuple(f"uw:{a}|wv:{b}" for a in _TIES for b in _TIES)
DEGREE_NAMES = ("u_out+", "u_out-", "v_in+", "v_in-", "u_out", "v_in", "common")
FEATURE_NAMES = (
    DEGREE_NAMES
    + TRIAD_NAMES
    + tuple(f"{t}/common" for t in TRIAD_NAMES)
    + ("u_out+share", "v_in+share", "balance_vote", "reverse_sign")
)


class SignedArcs:
    """Sparse positive and negative arc matrices of a graph, with its node index."""

    __slots__ = ("index", "pos", "neg", "directed")

    def __init__(self, index: dict[Hashable, int], pos: sp.csr_matrix, neg: sp.csr_matrix, directed: bool) -> None:
        self.index = index
        self.pos = pos
        self.neg = neg
        self.directed = directed


def signed_arcs(G: nx.Graph, *, weight: str | None = None) -> SignedArcs:
    """Arc matrices of ``G``: a DiGraph's arcs as they are, an undirected edge as both arcs.

    ``weight`` only picks the sign of a multigraph's summed pair (as the signed view does).
    """
    index = {n: i for i, n in enumerate(G)}
    rows, cols, signs = [], [], []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        s = edge_sign(d, u, v)
        rows.append(index[u])
        cols.append(index[v])
        signs.append(s)
        if not G.is_directed():
            rows.append(index[v])
            cols.append(index[u])
            signs.append(s)
    r, c, s = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), np.asarray(signs)
    n = len(index)

    def matrix(mask: np.ndarray) -> sp.csr_matrix:
        M = sp.coo_matrix((np.ones(int(mask.sum())), (r[mask], c[mask])), shape=(n, n)).tocsr()
        M.data[:] = 1.0  # a multigraph's repeated arcs count once
        return M

    return SignedArcs(index, matrix(s > 0), matrix(s < 0), G.is_directed())


def _pair_products(X: sp.csr_matrix, Yt: sp.csr_matrix, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``(X @ Y)[u_i, v_i]`` for every pair without forming ``X @ Y``: row u of X times row v of ``Yt = Y.T``."""
    return np.asarray(X[u].multiply(Yt[v]).sum(axis=1)).ravel()


def pair_features(
    arcs: SignedArcs,
    pairs: Sequence[tuple[Hashable, Hashable]],
    *,
    own_signs: Sequence[int] | None = None,
) -> np.ndarray:
    """Feature matrix (one row per pair, columns :data:`FEATURE_NAMES`).

    ``own_signs``: for pairs that are observed arcs ``u -> v`` of ``arcs`` (training rows),
    their signs; their own contribution is taken out of the degree features. For an
    undirected graph the same edge is also the reverse arc, so ``reverse_sign`` is then 0.
    """
    u = np.fromiter((arcs.index.get(a, -1) for a, _ in pairs), dtype=np.int64, count=len(pairs))
    v = np.fromiter((arcs.index.get(b, -1) for _, b in pairs), dtype=np.int64, count=len(pairs))
    unknown = (u < 0) | (v < 0)
    u, v = np.where(unknown, 0, u), np.where(unknown, 0, v)
    P, N = arcs.pos, arcs.neg
    Pt, Nt = P.T.tocsr(), N.T.tocsr()
    ties = {"out+": P, "out-": N, "in+": Pt, "in-": Nt}
    ties_t = {"out+": Pt, "out-": Nt, "in+": P, "in-": N}
    out_p, out_n = np.asarray(P.sum(axis=1)).ravel(), np.asarray(N.sum(axis=1)).ravel()
    in_p, in_n = np.asarray(P.sum(axis=0)).ravel(), np.asarray(N.sum(axis=0)).ravel()
    deg = np.column_stack([out_p[u], out_n[u], in_p[v], in_n[v]])
    reverse = np.asarray(P[v, u]).ravel() - np.asarray(N[v, u]).ravel()
    if own_signs is not None:
        s = np.asarray(own_signs)
        deg -= np.column_stack([s > 0, s < 0, s > 0, s < 0]).astype(float)
        if not arcs.directed:  # the edge is its own reverse arc
            reverse = np.zeros(len(pairs))
    A = ((P + N + Pt + Nt) > 0).astype(float).tocsr()  # undirected adjacency, for common neighbours
    common = _pair_products(A, A, u, v)
    triads = np.column_stack([_pair_products(ties[a], ties_t[b], u, v) for a in _TIES for b in _TIES])
    X = np.column_stack([deg, deg[:, 0] + deg[:, 1], deg[:, 2] + deg[:, 3], common])
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.nan_to_num(triads / common[:, None])
        u_share = np.nan_to_num(deg[:, 0] / (deg[:, 0] + deg[:, 1]), nan=0.5)
        v_share = np.nan_to_num(deg[:, 2] / (deg[:, 2] + deg[:, 3]), nan=0.5)
        signed_uw = {"out+": 1, "out-": -1, "in+": 1, "in-": -1}
        vote = sum(signed_uw[a] * signed_uw[b] * triads[:, i * 4 + j]
                   for i, a in enumerate(_TIES) for j, b in enumerate(_TIES))
        vote = np.nan_to_num(vote / triads.sum(axis=1))
    X = np.column_stack([X, triads, shares, u_share, v_share, vote, reverse])
    X[unknown] = 0.0
    return X

