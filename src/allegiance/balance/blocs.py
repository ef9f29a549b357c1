"""Blocs: the optimal two-camp split, and k camps by correlation clustering.

Two blocs: the colouring that attains the frustration index (Harary's two camps).
k blocs: the partition minimising the Doreian-Mrvar criterion
``P = alpha * (weight of negative edges inside blocs) + (1 - alpha) * (weight of
positive edges between blocs)``. With ``k=None`` the number of blocs is chosen by
the data (correlation clustering: a new bloc is opened whenever it lowers ``P``);
with ``k`` given, at most ``k`` blocs are used.

Exact solutions (``method="milp"``, ``k=None`` only) use the pair formulation of
correlation clustering (a binary "same bloc" variable per pair, transitivity
constraints per triple; Grötschel & Wakabayashi 1989), practical up to about 60
nodes. Otherwise a multi-start local search moves single nodes between blocs.

References
----------
.. [1] Doreian, P. & Mrvar, A. (1996). A partitioning approach to structural balance.
   *Social Networks* 18, 149-168.
.. [2] Bansal, N., Blum, A. & Chawla, S. (2004). Correlation clustering.
   *Machine Learning* 56, 89-113.
.. [3] Grötschel, M. & Wakabayashi, Y. (1989). A cutting plane algorithm for a
   clustering problem. *Mathematical Programming* 45, 59-96.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Hashable, Mapping

import highspy
import networkx as nx

from allegiance.balance._highs import new_highs
from allegiance.balance._signed import SignedEdges, signed_edges
from allegiance.balance.frustration import frustration_index
from allegiance.errors import ConfigError

__all__ = ["Blocs", "two_blocs", "k_blocs", "blocs_of_edges", "bloc_criterion"]

_EXACT_MAX_NODES = 60


@dataclass(frozen=True, slots=True)
class Blocs:
    """A partition of the actors into blocs.

    Attributes
    ----------
    membership : Mapping
        Node -> bloc number (0, 1, ...; bloc 0 holds the first node in graph order).
    k : int
        Number of non-empty blocs.
    criterion : float
        The value minimised: frustration (two blocs) or the Doreian-Mrvar ``P``.
    optimal : bool
        Proven optimal.
    method : str
        ``"milp"`` or ``"heuristic"``.
    alpha : float or None
        Weight of negative edges inside blocs in ``P`` (None for two blocs).
    """

    membership: Mapping[Hashable, int]
    k: int
    criterion: float
    optimal: bool
    method: str
    alpha: float | None = None
    stats: Mapping[str, object] = field(default_factory=dict, compare=False)

    @property
    def groups(self) -> list[list[Hashable]]:
        """The blocs as lists of nodes, in bloc order."""
        out: list[list[Hashable]] = [[] for _ in range(self.k)]
        for n, b in self.membership.items():
            out[b].append(n)
        return out


def _relabel(labels: list[int]) -> list[int]:
    seen: dict[int, int] = {}
    return [seen.setdefault(b, len(seen)) for b in labels]


def bloc_criterion(G: nx.Graph, membership: Mapping[Hashable, int], *, alpha: float = 0.5,
                   weight: str | None = None) -> float:
    """Doreian-Mrvar criterion ``alpha * N_neg_inside + (1 - alpha) * N_pos_between``.

    Examples
    --------
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": -1})])
    >>> bloc_criterion(G, {1: 0, 2: 0, 3: 1}), bloc_criterion(G, {1: 0, 2: 0, 3: 0})
    (0.0, 1.0)
    """
    E = signed_edges(G, weight=weight)
    total = 0.0
    for a, b, s, w in zip(E.u, E.v, E.s, E.w):
        same = membership[E.nodes[a]] == membership[E.nodes[b]]
        if s < 0 and same:
            total += alpha * w
        elif s > 0 and not same:
            total += (1 - alpha) * w
    return total


def two_blocs(G: nx.Graph, **options) -> Blocs:
    """The optimal split into two camps (the colouring of the frustration index).

    Parameters
    ----------
    G : networkx graph
        Signed graph (``sign`` on edges).
    **options
        Passed to :func:`frustration_index` (``method``, ``time_limit``, ``weight``, ``seed``).

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1})])
    >>> b = two_blocs(G)
    >>> sorted(map(sorted, b.groups)), b.criterion, b.optimal
    ([['a', 'b'], ['c']], 0, True)
    """
    r = frustration_index(G, **options)
    nodes = list(r.partition)
    labels = _relabel([r.partition[n] for n in nodes])
    membership = dict(zip(nodes, labels))
    return Blocs(membership, len(set(labels)), r.value, r.optimal, r.method, None,
                 {"lower_bound": r.lower_bound, "seconds": r.seconds})


def k_blocs(
    G: nx.Graph,
    *,
    k: int | None = None,
    alpha: float = 0.5,
    method: str = "auto",
    weight: str | None = None,
    seed: int = 0,
    restarts: int = 20,
    time_limit: float | None = None,
) -> Blocs:
    """Partition a signed graph into blocs minimising the Doreian-Mrvar criterion.

    Parameters
    ----------
    G : networkx graph
        Signed graph (``sign`` on edges; undirected signed view).
    k : int, optional
        Maximum number of blocs; ``None`` lets the data choose.
    alpha : float
        Weight of negative edges inside blocs (``1 - alpha`` for positive edges between).
    method : {"auto", "milp", "heuristic"}
        ``"auto"``: exact when ``k`` is None and the graph has at most 60 nodes.
    weight : str, optional
        Edge magnitude attribute (``None``: 1 per edge).
    seed, restarts : int
        Local search reproducibility and number of starts.
    time_limit : float, optional
        Seconds for the exact solve (the best partition found is returned, not optimal).

    Returns
    -------
    Blocs

    Examples
    --------
    Three mutually hostile pairs of friends make three blocs:

    >>> G = nx.Graph()
    >>> G.add_edges_from([(0, 1), (2, 3), (4, 5)], sign=1)
    >>> G.add_edges_from([(0, 2), (1, 3), (2, 4), (3, 5), (0, 4), (1, 5)], sign=-1)
    >>> b = k_blocs(G)
    >>> b.k, b.criterion, b.optimal
    (3, 0.0, True)
    >>> k_blocs(G, k=2).criterion
    1.0

    References
    ----------
    Doreian & Mrvar (1996), *Social Networks* 18, 149-168.
    """
    if not 0 <= alpha <= 1:
        raise ConfigError(f"alpha must be in [0, 1], got {alpha}")
    if k is not None and k < 1:
        raise ConfigError(f"k must be at least 1, got {k}")
    if method not in ("auto", "milp", "heuristic"):
        raise ConfigError(f"unknown method {method!r}", hint="use 'auto', 'milp' or 'heuristic'")
    return blocs_of_edges(signed_edges(G, weight=weight), k=k, alpha=alpha, method=method, seed=seed,
                          restarts=restarts, time_limit=time_limit)


def blocs_of_edges(E: SignedEdges, *, k: int | None = None, alpha: float = 0.5, method: str = "auto",
                   seed: int = 0, restarts: int = 20, time_limit: float | None = None) -> Blocs:
    """:func:`k_blocs` of a graph already indexed by :func:`allegiance.balance._signed.signed_edges`.

    Examples
    --------
    >>> from allegiance.balance._signed import SignedEdges, signed_edges
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1})])
    >>> blocs_of_edges(signed_edges(G)).membership
    {'a': 0, 'b': 0, 'c': 1}
    """
    if method == "milp" and k is not None:
        raise ConfigError("the exact k-bloc solver has no bloc limit", hint="use k=None or method='heuristic'")
    exact = method == "milp" or (method == "auto" and k is None and E.n <= _EXACT_MAX_NODES)
    nbrs: list[list[tuple[int, int, float]]] = [[] for _ in range(E.n)]
    for a, b, s, w in zip(E.u, E.v, E.s, E.w):
        nbrs[a].append((b, s, w))
        nbrs[b].append((a, s, w))
    start = time.perf_counter()
    labels, value = _local_search(E.n, nbrs, k=k, alpha=alpha, rng=random.Random(seed), restarts=restarts)
    optimal = False
    used = "heuristic"
    if exact and E.n:
        labels, value, optimal = _exact(E, labels, value, alpha=alpha, time_limit=time_limit)
        used = "milp"
    labels = _relabel(labels)
    membership = {E.nodes[i]: labels[i] for i in range(E.n)}
    return Blocs(membership, len(set(labels)), value, optimal, used, alpha,
                 {"seconds": time.perf_counter() - start})


def _cost(n, nbrs, labels, alpha):
    total = 0.0
    for a in range(n):
        for b, s, w in nbrs[a]:
            if a < b:
                if s < 0 and labels[a] == labels[b]:
                    total += alpha * w
                elif s > 0 and labels[a] != labels[b]:
                    total += (1 - alpha) * w
    return total


def _local_search(n, nbrs, *, k, alpha, rng, restarts):
    if n == 0:
        return [], 0.0
    best, best_cost = None, float("inf")
    for r in range(max(1, restarts)):
        if r == 0:
            labels = [0] * n
        else:
            m = k if k is not None else rng.randint(1, max(1, min(n, 8)))
            labels = [rng.randrange(m) for _ in range(n)]
        _descend(labels, nbrs, k=k, alpha=alpha, rng=rng)
        cost = _cost(n, nbrs, labels, alpha)
        if cost < best_cost - 1e-12:
            best, best_cost = list(labels), cost
    return best, best_cost


def _descend(labels, nbrs, *, k, alpha, rng):
    """Move single nodes to their best bloc (or a fresh one) until none improves, in place.

    Bloc sizes are kept as the labels change, so one pass costs the number of ties, not
    nodes x nodes; the moves are those of recounting the blocs at every node.
    """
    n = len(labels)
    size: dict[int, int] = {}
    for x in labels:
        size[x] = size.get(x, 0) + 1
    top = max(size)
    improved = True
    while improved:
        improved = False
        order = list(range(n))
        rng.shuffle(order)
        for i in order:
            score: dict[int, float] = {}
            for j, s, w in nbrs[i]:
                # cost of putting i in j's bloc, relative to an empty bloc
                score[labels[j]] = score.get(labels[j], 0.0) + (alpha * w if s < 0 else -(1 - alpha) * w)
            own_label = labels[i]
            own = score.get(own_label, 0.0)
            candidates = dict(score)
            candidates.setdefault(own_label, own)
            if k is None or len(size) < k or size[own_label] == 1:
                candidates.setdefault(top + 1, 0.0)
            target = min(candidates, key=lambda c: (candidates[c], c != own_label))
            if candidates[target] < own - 1e-12:
                labels[i] = target
                size[target] = size.get(target, 0) + 1
                size[own_label] -= 1
                if not size[own_label]:
                    del size[own_label]
                top = max(size) if own_label == top or target > top else top
                improved = True


def _exact(E, labels0, value0, *, alpha, time_limit):
    n = E.n
    pairs = {}
    for i in range(n):
        for j in range(i + 1, n):
            pairs[(i, j)] = len(pairs)
    cost = [0.0] * len(pairs)
    offset = 0.0
    for a, b, s, w in zip(E.u, E.v, E.s, E.w):
        key = (a, b) if a < b else (b, a)
        if s < 0:
            cost[pairs[key]] += alpha * w
        else:
            cost[pairs[key]] -= (1 - alpha) * w
            offset += (1 - alpha) * w
    starts, index, values, rlo, rhi = [0], [], [], [], []
    inf = highspy.kHighsInf
    for i in range(n):
        for j in range(i + 1, n):
            for l in range(j + 1, n):
                ij, jl, il = pairs[(i, j)], pairs[(j, l)], pairs[(i, l)]
                for a, b, c in ((ij, jl, il), (ij, il, jl), (jl, il, ij)):
                    index.extend((a, b, c))
                    values.extend((1.0, 1.0, -1.0))
                    starts.append(len(index))
                    rlo.append(-inf)
                    rhi.append(1.0)
    lp = highspy.HighsLp()
    m = len(pairs)
    lp.num_col_ = m
    lp.num_row_ = len(rlo)
    lp.col_cost_ = cost
    lp.col_lower_ = [0.0] * m
    lp.col_upper_ = [1.0] * m
    lp.row_lower_ = rlo
    lp.row_upper_ = rhi
    lp.offset_ = offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = values
    lp.a_matrix_.num_col_ = m
    lp.a_matrix_.num_row_ = len(rlo)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * m
    h = new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    h.passModel(lp)
    # the local-search value as an objective cutoff (no setSolution: HiGHS 1.16 may
    # hand a user start back instead of the solution it proved optimal)
    h.setOptionValue("objective_bound", float(value0) + 1e-6)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if info.primal_solution_status != highspy.SolutionStatus.kSolutionStatusFeasible:
        return labels0, value0, False
    y = h.getSolution().col_value
    labels = [-1] * n
    nxt = 0
    for i in range(n):
        if labels[i] < 0:
            labels[i] = nxt
            for j in range(i + 1, n):
                if y[pairs[(i, j)]] > 0.5:
                    labels[j] = nxt
            nxt += 1
    nbrs = [[] for _ in range(n)]
    for a, b, s, w in zip(E.u, E.v, E.s, E.w):
        nbrs[a].append((b, s, w))
        nbrs[b].append((a, s, w))
    value = _cost(n, nbrs, labels, alpha)
    if value > value0 + 1e-9:
        return labels0, value0, False
    proven = status == highspy.HighsModelStatus.kOptimal and value <= float(info.objective_function_value) + 1e-6
    return labels, value, proven
