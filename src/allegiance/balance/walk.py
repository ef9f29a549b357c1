"""Walk-based balance (Estrada & Benzi 2014), exact for small graphs and bounded for large ones.

Closed walks weighted by ``1/k!`` are counted with their signs and without:
``K(G) = tr exp(A) / tr exp(|A|) = sum_i exp(lambda_i(A)) / sum_i exp(lambda_i(|A|))``.
``K = 1`` exactly when the graph is balanced; smaller values mean more unbalanced
short cycles (triangles weigh more than long cycles).

Three ways to the two traces, chosen by :func:`walk_balance_estimate` from the size:

* ``"dense"`` -- every eigenvalue (``numpy.linalg.eigvalsh``, cubic in the nodes): exact
  up to rounding; the default up to :data:`DENSE_MAX_NODES` nodes and the test oracle.
* ``"lanczos"`` -- the ``k`` largest eigenvalues of both matrices
  (``scipy.sparse.linalg.eigsh``) and a *guaranteed* interval for the rest: the other
  ``n - k`` eigenvalues lie below the ``k``-th, so their exponentials sum to at most
  ``(n - k) exp(lambda_k)``, and (Jensen, since they sum to ``tr A`` minus the known
  ones) to at least ``(n - k) exp(mean)``. Each Ritz value is moved by its residual
  norm, which bounds its distance to a true eigenvalue. ``k`` doubles until the interval
  of ``K`` is narrower than ``rtol``; networks with hubs (large ``lambda_1``) need a
  few dozen eigenvalues.
* ``"hutchinson"`` -- when ``k`` reaches its cap first (no dominant eigenvalues: large
  graphs without hubs), the remainder ``tr(P exp(A) P)`` outside the known eigenvectors
  is estimated from Rademacher probes (Hutchinson 1989) with
  ``scipy.sparse.linalg.expm_multiply``, clipped to the guaranteed interval; its error is
  three standard errors (a probabilistic bound, said so in ``error_kind``).

References
----------
.. [1] Estrada, E. & Benzi, M. (2014). Walk-based measure of balance in signed networks:
   detecting lack of balance in social networks. *Physical Review E* 90, 042802.
   doi:10.1103/PhysRevE.90.042802
.. [2] signnet ``balance_score(g, method = "walk")`` (Schoch 2023).
.. [3] Hutchinson, M. F. (1989). A stochastic estimator of the trace of the influence
   matrix for Laplacian smoothing splines. *Comm. Statist. Simulation Comput.* 18, 1059-1076.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

from allegiance.balance._signed import signed_edges
from allegiance.errors import ConfigError, SolverError

__all__ = ["DENSE_MAX_NODES", "WalkBalance", "walk_balance", "walk_balance_estimate"]

DENSE_MAX_NODES = 1500
"""Largest graph (in nodes) that ``method="auto"`` decomposes densely."""

_METHODS = ("auto", "dense", "lanczos", "hutchinson")


@dataclass(frozen=True, slots=True)
class WalkBalance:
    """The walk balance of a graph, how it was computed and how far it can be off.

    Attributes
    ----------
    value : float
        The walk balance ``K`` (NaN for a graph without nodes).
    error : float
        Bound on ``|value - K|``: rounding only (0.0) for ``"dense"``; guaranteed for
        ``"lanczos"``; three standard errors for ``"hutchinson"``.
    method : str
        ``"dense"``, ``"lanczos"`` or ``"hutchinson"``.
    error_kind : str
        ``"exact"``, ``"guaranteed"`` or ``"probabilistic"``.
    eigenvalues : int
        Eigenvalues computed per matrix (``n`` for dense).
    seconds : float
        Wall time.
    """

    value: float
    error: float
    method: str
    error_kind: str
    eigenvalues: int
    seconds: float

    @property
    def approximate(self) -> bool:
        """True unless every eigenvalue was computed."""
        return self.method != "dense"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (NaN as None)."""
        return {
            "value": None if math.isnan(self.value) else float(f"{self.value:.12g}"),
            "error": float(f"{self.error:.3g}"),
            "method": self.method,
            "error_kind": self.error_kind,
            "approximate": self.approximate,
            "eigenvalues": self.eigenvalues,
            "seconds": round(self.seconds, 3),
        }


def _signed_matrix(G: nx.Graph, weight: str | None, beta: float) -> sp.csr_matrix:
    E = signed_edges(G, weight=weight)
    u = np.asarray(E.u, dtype=np.int64)
    v = np.asarray(E.v, dtype=np.int64)
    vals = beta * np.asarray(E.s, dtype=float) * np.asarray(E.w, dtype=float)
    return sp.coo_matrix((np.r_[vals, vals], (np.r_[u, v], np.r_[v, u])), shape=(E.n, E.n)).tocsr()


def _logsumexp(x: np.ndarray) -> float:
    top = float(np.max(x))
    return top + math.log(float(np.sum(np.exp(x - top))))


def _top_eigen(M: sp.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The ``k`` largest eigenvalues (descending), their vectors and the largest residual norm."""
    start = np.random.default_rng(k).standard_normal(M.shape[0])  # random: no eigenvector is missed by symmetry
    try:
        lam, vec = sla.eigsh(M, k=k, which="LA", tol=1e-12, v0=start)
    except sla.ArpackNoConvergence as exc:
        raise SolverError(f"Lanczos found {len(exc.eigenvalues)} of {k} eigenvalues before its iteration limit",
                          hint="use method='dense' if the graph fits in memory") from None
    order = np.argsort(lam)[::-1]
    lam, vec = lam[order], vec[:, order]
    residual = float(np.max(np.linalg.norm(M @ vec - vec * lam, axis=0)))
    return lam, vec, residual


def _log_trace_interval(lam: np.ndarray, n: int, trace: float, slack: float) -> tuple[float, float]:
    """Guaranteed ``[log lo, log hi]`` of ``sum exp(eigenvalues)`` from the top ``len(lam)`` of ``n``."""
    rest = n - lam.size
    known = _logsumexp(lam)
    if rest == 0:
        return known - slack, known + slack
    mean_rest = (trace - float(np.sum(lam))) / rest
    lo = np.logaddexp(known - slack, math.log(rest) + mean_rest - slack)
    hi = np.logaddexp(known + slack, math.log(rest) + float(lam[-1]) + slack)
    return float(lo), float(hi)


def _lanczos(A: sp.csr_matrix, rtol: float, max_eigenvalues: int, deadline: float):
    """Intervals of both log-traces, k doubling until K's relative width is below rtol (or time is up)."""
    n = A.shape[0]
    B = abs(A)
    k = min(8, n - 1)  # doubled while the interval is wider than rtol
    while True:
        parts = []
        for M in (A, B):
            lam, vec, res = _top_eigen(M, k)
            parts.append((lam, vec, _log_trace_interval(lam, n, 0.0, res)))
        (s_lo, s_hi), (u_lo, u_hi) = parts[0][2], parts[1][2]
        width = math.expm1((s_hi - u_lo) - (s_lo - u_hi))  # relative width of K's interval
        if width <= rtol or k >= min(max_eigenvalues, n - 1) or time.perf_counter() > deadline:
            return parts, width, k
        k = min(2 * k, max_eigenvalues, n - 1)


def _hutchinson_log_trace(M, lam, vec, interval, probes: int, rng, deadline: float) -> tuple[float, float]:
    """``log tr exp(M)`` from known top eigenpairs plus probes of the rest; and its 3-SE relative error.

    Probes go in batches of 8; after the first batch, no new batch starts past ``deadline``.
    """
    n = M.shape[0]
    shift = float(lam[0])  # exp(M - shift I) = exp(-shift) exp(M): no overflow
    shifted = M - shift * sp.identity(n, format="csr")
    samples: list[float] = []
    while len(samples) < probes and (not samples or time.perf_counter() < deadline):
        z = rng.choice((-1.0, 1.0), size=(n, min(8, probes - len(samples))))
        z -= vec @ (vec.T @ z)
        samples.extend(np.einsum("ij,ij->j", z, sla.expm_multiply(shifted, z)).tolist())
    known = float(np.sum(np.exp(lam - shift)))
    rest = max(float(np.mean(samples)), 0.0)
    total = min(max(known + rest, math.exp(interval[0] - shift)), math.exp(interval[1] - shift))
    se = float(np.std(samples, ddof=1) / math.sqrt(len(samples))) if len(samples) > 1 else math.inf
    return shift + math.log(total), 3 * se / total


def _hutchinson(A: sp.csr_matrix, parts, probes: int, rng, deadline: float) -> tuple[float, float, str]:
    """K from probed traces, its error (the smaller of 3 SE and the guaranteed interval) and the error's kind."""
    (s_lo, s_hi), (u_lo, u_hi) = parts[0][2], parts[1][2]
    log_s, rel_s = _hutchinson_log_trace(A, *parts[0], probes, rng, deadline)
    log_u, rel_u = _hutchinson_log_trace(abs(A), *parts[1], probes, rng, deadline)
    value = math.exp(log_s - log_u)
    rel = (1 + rel_s) / max(1 - rel_u, 1e-12) - 1 if rel_u < 1 else math.inf
    guaranteed = max(math.exp(min(s_hi - u_lo, 0.0)) - value, value - math.exp(min(s_lo - u_hi, 0.0)))
    kind = "guaranteed" if guaranteed <= value * rel else "probabilistic"
    return value, min(value * rel, guaranteed), kind


def walk_balance_estimate(
    G: nx.Graph,
    *,
    weight: str | None = None,
    beta: float = 1.0,
    method: str = "auto",
    rtol: float = 1e-6,
    max_eigenvalues: int = 64,
    probes: int = 64,
    seed: int = 0,
    time_limit: float | None = None,
) -> WalkBalance:
    """Walk balance ``tr exp(beta A) / tr exp(beta |A|)`` with its method and error bound.

    Parameters
    ----------
    G : networkx graph
        Edges carry ``sign``; read in the undirected signed view.
    weight : str, optional
        Edge attribute used as magnitude (``None``: every edge 1).
    beta : float
        Inverse temperature; smaller values weigh long walks less.
    method : {"auto", "dense", "lanczos", "hutchinson"}
        ``"auto"``: dense up to :data:`DENSE_MAX_NODES` nodes, else Lanczos, falling back on
        Hutchinson when ``max_eigenvalues`` cannot reach ``rtol``. ``"lanczos"`` reports
        its guaranteed interval even when wider than ``rtol``.
    rtol : float
        Wanted relative error of the sparse methods.
    max_eigenvalues : int
        Cap on the eigenvalues computed per matrix by the sparse methods.
    probes : int
        Random probe vectors of the Hutchinson estimate.
    seed : int
        Seed of the probes.
    time_limit : float, optional
        Seconds for the sparse methods: past half of it Lanczos stops adding
        eigenvalues, past all of it Hutchinson stops adding probes (after its first 8);
        the result then carries the wider error it has. ``None``: no limit.

    Returns
    -------
    WalkBalance

    Examples
    --------
    A hub (one dominant eigenvalue) with quarrelling neighbours; ``"auto"`` would go
    sparse only beyond :data:`DENSE_MAX_NODES` nodes:

    >>> G = nx.star_graph(900)
    >>> nx.set_edge_attributes(G, 1, "sign")
    >>> G.add_edges_from((i, i + 1, {"sign": -1}) for i in range(1, 900, 2))
    >>> w = walk_balance_estimate(G, method="lanczos")
    >>> w.method, w.error_kind, w.error < 1e-6 * w.value
    ('lanczos', 'guaranteed', True)
    >>> abs(w.value - walk_balance_estimate(G, method="dense").value) <= w.error
    True
    """
    if method not in _METHODS:
        raise ConfigError(f"unknown walk balance method {method!r}", hint=f"use one of {', '.join(_METHODS)}")
    start = time.perf_counter()
    A = _signed_matrix(G, weight, beta)
    n = A.shape[0]
    if n == 0:
        return WalkBalance(math.nan, 0.0, "dense", "exact", 0, time.perf_counter() - start)
    if method == "dense" or n < 3 or (method == "auto" and n <= DENSE_MAX_NODES):
        D = A.toarray()
        value = math.exp(_logsumexp(np.linalg.eigvalsh(D)) - _logsumexp(np.linalg.eigvalsh(np.abs(D))))
        return WalkBalance(value, 0.0, "dense", "exact", n, time.perf_counter() - start)
    limit = math.inf if time_limit is None else time_limit
    parts, width, k = _lanczos(A, rtol, max_eigenvalues, start + limit / 2)
    (s_lo, s_hi), (u_lo, u_hi) = parts[0][2], parts[1][2]
    out_of_time = time.perf_counter() - start > limit
    if method == "lanczos" or (method == "auto" and (width <= rtol or out_of_time)):
        lo, hi = math.exp(min(s_lo - u_hi, 0.0)), math.exp(min(s_hi - u_lo, 0.0))  # K <= 1 always
        return WalkBalance((lo + hi) / 2, (hi - lo) / 2, "lanczos", "guaranteed", k, time.perf_counter() - start)
    value, error, kind = _hutchinson(A, parts, probes, np.random.default_rng(seed), start + limit)
    return WalkBalance(value, error, "hutchinson", kind, k, time.perf_counter() - start)


def walk_balance(G: nx.Graph, *, weight: str | None = None, beta: float = 1.0) -> float:
    """Estrada-Benzi walk balance ``tr exp(beta A) / tr exp(beta |A|)`` of a signed graph.

    The value of :func:`walk_balance_estimate` with ``method="auto"``: exact for graphs up to
    :data:`DENSE_MAX_NODES` nodes, within a relative ``1e-6`` (guaranteed) or a stated
    probabilistic bound beyond; use :func:`walk_balance_estimate` to see which.

    Parameters
    ----------
    G : networkx graph
        Edges carry ``sign``; read in the undirected signed view.
    weight : str, optional
        Edge attribute used as magnitude (``None``: every edge 1).
    beta : float
        Inverse temperature; smaller values weigh long walks less.

    Returns
    -------
    float
        In (0, 1]; 1 for balanced graphs. NaN for a graph without nodes.

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": -1})])
    >>> round(walk_balance(G), 6)
    1.0
    >>> G[1][3]["sign"] = 1
    >>> walk_balance(G) < 1
    True

    References
    ----------
    Estrada & Benzi (2014), *Phys. Rev. E* 90, 042802.
    """
    return walk_balance_estimate(G, weight=weight, beta=beta).value
