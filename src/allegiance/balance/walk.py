"""Walk-based balance (Estrada & Benzi 2014).

Closed walks weighted by ``1/k!`` are counted with their signs and without:
``K(G) = tr exp(A) / tr exp(|A|) = sum_i exp(lambda_i(A)) / sum_i exp(lambda_i(|A|))``.
``K = 1`` exactly when the graph is balanced; smaller values mean more unbalanced
short cycles (triangles weigh more than long cycles).

References
----------
.. [1] Estrada, E. & Benzi, M. (2014). Walk-based measure of balance in signed networks:
   detecting lack of balance in social networks. *Physical Review E* 90, 042802.
   doi:10.1103/PhysRevE.90.042802
.. [2] signnet ``balance_score(g, method = "walk")`` (Schoch 2023).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from allegiance.balance._signed import signed_edges

__all__ = ["walk_balance"]


def walk_balance(G: nx.Graph, *, weight: str | None = None, beta: float = 1.0) -> float:
    """Estrada-Benzi walk balance ``tr exp(beta A) / tr exp(beta |A|)`` of a signed graph.

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
    E = signed_edges(G, weight=weight)
    if E.n == 0:
        return math.nan
    A = np.zeros((E.n, E.n))
    u = np.asarray(E.u, dtype=int)
    v = np.asarray(E.v, dtype=int)
    vals = beta * np.asarray(E.s, dtype=float) * np.asarray(E.w, dtype=float)
    A[u, v] = vals
    A[v, u] = vals
    lam_signed = np.linalg.eigvalsh(A)
    lam_abs = np.linalg.eigvalsh(np.abs(A))

    def logsumexp(x: np.ndarray) -> float:
        top = float(np.max(x))
        return top + math.log(float(np.sum(np.exp(x - top))))

    return math.exp(logsumexp(lam_signed) - logsumexp(lam_abs))
