"""The frustration index (line index of balance): exact by MILP, or fast by local search.

The frustration index ``L(G)`` of a signed graph is the minimum number (or total weight)
of edges whose deletion leaves a *balanced* graph, one whose nodes split into two
camps with every positive edge inside a camp and every negative edge between them
(Harary 1959). Equivalently it is the minimum, over all 2-colourings of the nodes, of
the number of edges a colouring *frustrates* (a positive edge across camps, a
negative edge inside one). ``L = 0`` iff the graph is balanced.

The exact method follows Aref, Mason & Wilson (2018, 2020):

1. **Reductions** that never change ``L`` (only add a known constant): nodes of
   degree 0 or 1 are removed (their edge can always be satisfied); a node of degree 2
   on a path ``a - v - b`` is replaced by one edge ``a - b`` with the product sign and
   the smaller weight; parallel edges are merged (same sign: weights add; opposite
   signs: the lighter one is always frustrated, its weight goes to the constant).
2. **Decomposition**: ``L`` is additive over biconnected components, so every block of
   the reduced graph is solved on its own (bridges are never frustrated).
3. **Combinatorial bounds** per block: a quick local search gives a colouring
   (upper bound) and a greedy packing of edge-disjoint unbalanced cycles gives a
   lower bound (each such cycle needs one deleted edge); when they meet, the block
   is proven optimal without any MILP. Otherwise a **cycle-cover ILP** is tried:
   minimum weight of edges meeting every unbalanced cycle found so far (the packed
   ones and all unbalanced triangles to start with); when deleting its solution
   leaves a balanced graph it is optimal, else the shortest unbalanced cycles of what
   is left are added and it is solved again (constraint generation, within half the
   remaining time). The cycles come from one breadth-first search per source node in
   the signed double cover of what is left. Each round also repairs its deletion set
   into a colouring (BFS forest of what is left, then greedy flips): when that
   colouring's frustration meets the cover's optimum, it is optimal too.
4. **Node-colour MILP** for blocks still open, solved by HiGHS: binary colour ``x_i``
   per node (one node fixed to 0 per block), a frustration variable ``f_ij`` per edge
   with ``f_ij >= |x_i - x_j|`` (positive) or ``f_ij >= |x_i + x_j - 1|`` (negative),
   minimising ``sum w_ij f_ij``. Before branching, cutting planes strengthen the LP
   relaxation: the violated parity inequalities of triangles (Aref et al. add all of
   them up front; we add only the violated ones) and violated odd-cycle inequalities
   of longer cycles, separated exactly by shortest paths in the signed double cover
   (Barahona & Mahjoub 1986). The local-search colouring is the warm start (given to
   HiGHS as an objective cutoff; blocks above 20,000 edges get the full multi-start
   search, smaller ones a quick one). A time
   limit stops it with the best colouring, the proven lower bound (the best of the
   MILP bound, the cut-strengthened LP bound and the cycle packing) and the gap.
   The deadline is enforced through HiGHS's interrupt callbacks as well as its own
   time limit.

The heuristic is a multi-start iterated local search on the 2-colouring (starts from
random spanning-tree colourings, single-node flips to a local optimum, random
perturbations). Its result is reported against a lower bound from a greedy packing of
edge-disjoint unbalanced cycles (each needs at least one deleted edge). Graphs above
50,000 edges skip the reductions and blocks and stay on flat arrays throughout
(``_large.py``: a descent flipping many independent nodes at once, then the same
perturbations, then the packing bound), which is what carries it to a million edges;
:func:`allegiance.network.read_edge_arrays` reads such graphs without networkx.

Every stage watches ``time_limit``: a stage that finds the deadline passed hands on
what it has (the colouring so far, the bound so far), so the reported time stays
within the limit plus the linear work of reading and reducing the graph.

References
----------
.. [1] Harary, F. (1959). On the measurement of structural balance. *Behavioral
   Science* 4(4), 316-323.
.. [2] Aref, S., Mason, A. J. & Wilson, M. C. (2018). Computing the line index of
   balance using integer programming optimisation. In *Optimization Problems in Graph
   Theory*, Springer, 65-84. doi:10.1007/978-3-319-94830-0_3
.. [3] Aref, S., Mason, A. J. & Wilson, M. C. (2020). A modeling and computational
   study of the frustration index in signed networks. *Networks* 75(1), 95-110.
   doi:10.1002/net.21907
.. [4] Barahona, F. & Mahjoub, A. R. (1986). On the cut polytope. *Mathematical
   Programming* 36, 157-173.
.. [5] Huangfu, Q. & Hall, J. A. J. (2018). Parallelizing the dual revised simplex
   method. *Mathematical Programming Computation* 10, 119-142 (HiGHS).
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Hashable, Mapping

import networkx as nx
import numpy as np

from allegiance.balance._highs import new_highs as _new_highs
from allegiance.balance._large import frustrated_mask as _frustrated_mask
from allegiance.balance._large import heuristic_arrays as _heuristic_arrays
from allegiance.balance._highs import set_deadline as _set_deadline
from allegiance.balance._reduce import Reduced as _Reduced
from allegiance.balance._reduce import adjacency as _adjacency
from allegiance.balance._reduce import biconnected_blocks as _blocks
from allegiance.balance._reduce import reduce_graph as _reduce
from allegiance.balance._reduce import whole_graph as _whole
from allegiance.balance._packing import cycle_packing_bound as _cycle_packing_bound
from allegiance.balance._packing import edge_triangles as _triangles
from allegiance.balance._search import _descend
from allegiance.balance._search import local_search as _local_search
from allegiance.balance._signed import SignedEdges, signed_edges
from allegiance.errors import ConfigError, SolverError
from allegiance.network.edgelist import EdgeArrays

__all__ = ["FrustrationResult", "frustration_index", "frustrated_edges", "frustration_of"]

_log = logging.getLogger(__name__)
_METHODS = ("milp", "heuristic")
_LARGE_BLOCK = 20_000  # edges; blocks above it get the full local search as warm start
_ARRAY_HEURISTIC_EDGES = 50_000  # edges; the heuristic on larger graphs runs on flat arrays (_large.py)


@dataclass(frozen=True, slots=True)
class FrustrationResult:
    """The frustration index of a signed graph and the colouring that attains it.

    Attributes
    ----------
    value : int or float
        Number (weight, if ``weight`` was given) of edges the partition frustrates.
    optimal : bool
        True when ``value`` is proven minimal.
    lower_bound : int or float
        A proven lower bound on the frustration index (equal to ``value`` when optimal).
    gap : float
        ``(value - lower_bound) / value`` (0 when ``value`` is 0).
    seconds : float
        Wall-clock time spent.
    method : str
        ``"milp"`` or ``"heuristic"``.
    partition : Mapping
        Node -> camp (0 or 1).
    frustrated_edges : tuple of (node, node)
        The edges the partition frustrates (positive across camps, negative inside).
    stats : Mapping
        Sizes before and after reduction, number of blocks, etc.
    """

    value: float
    optimal: bool
    lower_bound: float
    gap: float
    seconds: float
    method: str
    partition: Mapping[Hashable, int]
    frustrated_edges: tuple[tuple[Hashable, Hashable], ...]
    stats: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``frustration`` object of the ``balance --json`` contract.

        Examples
        --------
        >>> G = nx.Graph([(0, 1, {"sign": -1}), (1, 2, {"sign": -1}), (0, 2, {"sign": -1})])
        >>> frustration_index(G).to_dict()["value"]
        1
        """
        return {
            "value": self.value,
            "optimal": self.optimal,
            "lower_bound": self.lower_bound,
            "seconds": round(self.seconds, 3),
            "method": self.method,
        }


def frustration_of(G: nx.Graph, partition: Mapping[Hashable, int], *, weight: str | None = None) -> float:
    """The number (or weight) of edges of ``G`` that a 2-colouring frustrates.

    Any colouring gives an upper bound on the frustration index.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1})])
    >>> frustration_of(G, {"a": 0, "b": 1, "c": 1})
    2
    """
    return _total(frustrated_edges(G, partition, weight=weight), G, weight)


def frustrated_edges(
    G: nx.Graph, partition: Mapping[Hashable, int], *, weight: str | None = None
) -> list[tuple[Hashable, Hashable]]:
    """The edges of ``G`` (undirected signed view) that a 2-colouring frustrates.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1})])
    >>> frustrated_edges(G, {"a": 0, "b": 0, "c": 1})
    []
    """
    E = signed_edges(G, weight=weight)
    x = [int(partition[n]) for n in E.nodes]
    return [(E.nodes[a], E.nodes[b]) for a, b, s in zip(E.u, E.v, E.s) if _is_frustrated(s, x[a], x[b])]


def _total(edges, G, weight):
    if weight is None:
        return len(edges)
    E = signed_edges(G, weight=weight)
    lookup = {frozenset((E.nodes[a], E.nodes[b])): w for a, b, w in zip(E.u, E.v, E.w)}
    return sum(lookup[frozenset(e)] for e in edges)


def _is_frustrated(s: int, xa: int, xb: int) -> bool:
    return (xa != xb) if s > 0 else (xa == xb)


def frustration_index(
    G: nx.Graph,
    *,
    method: str = "milp",
    time_limit: float | None = None,
    weight: str | None = None,
    seed: int = 0,
    reduce: bool = True,
    decompose: bool = True,
    warm_start: bool = True,
    triangle_cuts: bool | str = "lazy",
    odd_cycles: bool = True,
    cycle_cover: bool = True,
    restarts: int = 8,
    threads: int | None = None,
) -> FrustrationResult:
    """Frustration index (line index of balance) of a signed graph.

    Parameters
    ----------
    G : networkx graph or EdgeArrays
        Edges carry ``sign`` (+1/-1). Directed graphs and multigraphs are read in their
        undirected signed view (pairs collapsed by the sign of the summed signed weight).
        :class:`~allegiance.network.edgelist.EdgeArrays` (from
        :func:`~allegiance.network.read_edge_arrays`) skip networkx altogether; with
        them any ``weight`` name means "use their weights".
    method : {"milp", "heuristic"}
        ``"milp"``: exact (HiGHS), proven optimal unless ``time_limit`` stops it.
        ``"heuristic"``: multi-start local search, with a cycle-packing lower bound
        (graphs above 50,000 edges: on flat arrays throughout, see ``_large.py``).
    time_limit : float, optional
        Seconds for the whole solve (either method); when reached, the best colouring
        found, the proven lower bound and the gap are returned with ``optimal=False``.
        Every stage watches it; reading the graph into arrays is not counted.
    weight : str, optional
        Edge attribute holding a magnitude; ``None`` counts every edge as 1.
    seed : int
        Seed of the local search (results are reproducible for a given seed).
    reduce, decompose, warm_start : bool
        Switch off the degree/series/parallel reductions, the biconnected
        decomposition or the heuristic warm start (for benchmarking).
    triangle_cuts : {"lazy", True, "cover", False}
        ``"lazy"`` (default): cutting planes on the LP relaxation, adding only the
        violated triangle (and, with ``odd_cycles``, longer odd-cycle) inequalities;
        ``True``: all 4 parity inequalities of every triangle up front (the model of
        Aref et al.); ``"cover"``: only ``f1 + f2 + f3 >= 1`` for unbalanced triangles;
        ``False``: the plain node-colour model.
    odd_cycles : bool
        With ``triangle_cuts="lazy"``, also separate odd-cycle inequalities of longer
        cycles (Barahona & Mahjoub 1986) by shortest paths.
    cycle_cover : bool
        Before the node-colour MILP, try constraint generation on unbalanced cycles
        (a covering ILP over the cycles found so far; exact when what is left after
        deleting its solution is balanced), with at most half the remaining time.
    restarts : int
        Starts of the local search.
    threads : int, optional
        HiGHS threads (default: HiGHS's choice).

    Returns
    -------
    FrustrationResult

    Raises
    ------
    ConfigError
        For an unknown ``method`` or a negative ``time_limit``.
    SolverError
        If HiGHS fails for a reason other than the time limit.

    Examples
    --------
    A triangle with one negative edge is unbalanced: one edge must go.

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=1); G.add_edge("a", "c", sign=-1)
    >>> r = frustration_index(G)
    >>> r.value, r.optimal, len(r.frustrated_edges)
    (1, True, 1)
    >>> frustration_index(G, method="heuristic").value
    1

    References
    ----------
    Aref, Mason & Wilson (2020), *Networks* 75(1):95-110, doi:10.1002/net.21907.
    """
    if method not in _METHODS:
        raise ConfigError(f"unknown frustration method {method!r}", hint="use 'milp' or 'heuristic'")
    if time_limit is not None and time_limit < 0:
        raise ConfigError(f"time_limit must be >= 0, got {time_limit}")
    start = time.perf_counter()
    rng = random.Random(seed)
    if isinstance(G, EdgeArrays):
        if method == "heuristic" and G.m >= _ARRAY_HEURISTIC_EDGES:
            w = G.weight if weight is not None else np.ones(G.m)
            return _heuristic_on_arrays(list(G.nodes), G.u, G.v, G.sign, w, rng=rng, restarts=restarts,
                                        start=start, time_limit=time_limit)
        E = _signed_from_arrays(G, weighted=weight is not None)
    else:
        E = signed_edges(G, weight=weight)
    if method == "heuristic" and E.m >= _ARRAY_HEURISTIC_EDGES:
        return _heuristic_on_arrays(list(E.nodes), np.asarray(E.u, dtype=np.int64), np.asarray(E.v, dtype=np.int64),
                                    np.asarray(E.s, dtype=np.int8), np.asarray(E.w, dtype=float), rng=rng,
                                    restarts=restarts, start=start, time_limit=time_limit)
    integral = all(float(w).is_integer() for w in E.w)

    # 1. reductions
    if reduce:
        red = _reduce(E)
    else:
        red = _Reduced(adj=_adjacency(E), const=0.0, stack=[], alive=set(range(E.n)))
    # 2. blocks
    blocks = _blocks(red.adj, red.alive) if decompose else [_whole(red.adj, red.alive)]
    deadline = None if time_limit is None else start + time_limit
    colour: dict[int, int] = {}
    frustrated_reduced: set[frozenset] = set()
    lower = red.const
    optimal = True
    solved_blocks = 0
    for nodes, edges in blocks:
        if len(edges) < 3 or not edges:
            continue  # a bridge (or empty) block: never frustrated
        solved_blocks += 1
        x, lb, opt = _solve_block(
            nodes, edges, method=method, deadline=deadline, rng=rng, integral=integral,
            warm_start=warm_start, triangle_cuts=triangle_cuts, odd_cycles=odd_cycles, restarts=restarts,
            threads=threads, cycle_cover=cycle_cover,
        )
        lower += lb
        optimal = optimal and opt
        for (a, b), (s, _w) in edges.items():
            if _is_frustrated(s, x[a], x[b]):
                frustrated_reduced.add(frozenset((a, b)))
    # 3. colour the reduced graph so that every non-frustrated edge is satisfied
    for root in red.alive:
        if root in colour:
            continue
        colour[root] = 0
        queue = deque([root])
        while queue:
            a = queue.popleft()
            for b, (s, _w) in red.adj[a].items():
                if b in colour or frozenset((a, b)) in frustrated_reduced:
                    continue
                colour[b] = colour[a] if s > 0 else 1 - colour[a]
                queue.append(b)
    # 4. undo the reductions, last first
    for rec in reversed(red.stack):
        kind, v = rec[0], rec[1]
        if kind == "free":
            colour[v] = 0
        elif kind == "leaf":
            _, v, a, s = rec
            colour[v] = colour[a] if s > 0 else 1 - colour[a]
        else:  # series
            _, v, a, s1, w1, b, s2, w2 = rec
            ref, s = (a, s1) if w1 >= w2 else (b, s2)
            colour[v] = colour[ref] if s > 0 else 1 - colour[ref]
    for i in range(E.n):
        colour.setdefault(i, 0)
    # 5. evaluate on the original edges
    frustrated = []
    value = 0.0
    for a, b, s, w in zip(E.u, E.v, E.s, E.w):
        if _is_frustrated(s, colour[a], colour[b]):
            frustrated.append((E.nodes[a], E.nodes[b]))
            value += w
    if integral:
        value = int(round(value))
        lower = int(math.ceil(lower - 1e-6))
    lower = min(lower, value)
    if optimal and lower < value:  # numerical safety: never claim what is not proven
        optimal = False
    if optimal:
        lower = value
    gap = 0.0 if value == 0 else (value - lower) / value
    seconds = time.perf_counter() - start
    stats = {
        "nodes": E.n, "edges": E.m,
        "reduced_nodes": len(red.alive),
        "reduced_edges": sum(len(red.adj[a]) for a in red.alive) // 2,
        "constant": red.const, "blocks_solved": solved_blocks,
        "largest_block_edges": max((len(e) for _, e in blocks), default=0),
    }
    return FrustrationResult(
        value=value, optimal=optimal, lower_bound=lower, gap=gap, seconds=seconds, method=method,
        partition={E.nodes[i]: colour[i] for i in range(E.n)},
        frustrated_edges=tuple(frustrated), stats=stats,
    )


def _signed_from_arrays(A: EdgeArrays, *, weighted: bool) -> SignedEdges:
    """The indexed edges of :class:`~allegiance.network.edgelist.EdgeArrays` (already the
    undirected signed view); magnitudes 1 unless ``weighted``."""
    nodes = tuple(A.nodes)
    w = A.weight.astype(float).tolist() if weighted else [1.0] * A.m
    return SignedEdges(nodes, {v: i for i, v in enumerate(nodes)}, tuple(A.u.tolist()), tuple(A.v.tolist()),
                       tuple(int(s) for s in A.sign.tolist()), tuple(w), weighted)


def _heuristic_on_arrays(nodes, eu, ev, sign, w, *, rng, restarts, start, time_limit) -> FrustrationResult:
    """The heuristic result of a large graph, from edge arrays (see ``_large.py``); a
    twentieth of ``time_limit`` (at most 2 s) is kept back for building the result."""
    deadline = None if time_limit is None else start + time_limit
    reserve = 0.0 if time_limit is None else min(2.0, 0.05 * time_limit)
    x, value, lower = _heuristic_arrays(len(nodes), eu, ev, sign, w, rng=rng, restarts=restarts,
                                        deadline=deadline, reserve=reserve)
    hit = np.flatnonzero(_frustrated_mask(x, eu, ev, sign))
    if np.all(np.mod(w, 1) == 0):
        value = int(round(value))
        lower = int(math.ceil(lower - 1e-6))
    lower = min(lower, value)
    gap = 0.0 if value == 0 else (value - lower) / value
    colours = x.tolist()
    frustrated = tuple((nodes[a], nodes[b]) for a, b in zip(eu[hit].tolist(), ev[hit].tolist()))
    return FrustrationResult(
        value=value, optimal=value == lower, lower_bound=lower, gap=gap, seconds=time.perf_counter() - start,
        method="heuristic", partition=dict(zip(nodes, colours)), frustrated_edges=frustrated,
        stats={"nodes": len(nodes), "edges": len(eu), "search": "arrays", "blocks_solved": 1,
               "largest_block_edges": len(eu)},
    )


# ---------------------------------------------------------------------------
# one block


def _solve_block(nodes, edges, *, method, deadline, rng, integral, warm_start, triangle_cuts,
                 odd_cycles, restarts, threads, cycle_cover=True):
    order = sorted(nodes)
    local = {n: i for i, n in enumerate(order)}
    nbrs: list[list[tuple[int, float]]] = [[] for _ in order]
    for (a, b), (s, w) in edges.items():
        nbrs[local[a]].append((local[b], s * w))
        nbrs[local[b]].append((local[a], s * w))
    elist = [(local[a], local[b], s, w) for (a, b), (s, w) in edges.items()]
    x0 = None
    if method == "heuristic" or warm_start:
        budget = None if deadline is None else max(0.0, (deadline - time.perf_counter()) * 0.2)
        if method == "heuristic":
            x0 = _local_search(nbrs, rng, restarts=restarts, budget=budget)
        elif len(elist) > _LARGE_BLOCK:  # a large block: the MILP is slow, search harder first
            x0 = _local_search(nbrs, rng, restarts=restarts, budget=budget)
        else:  # a quick warm start: the MILP does the rest
            x0 = _local_search(nbrs, rng, restarts=min(2, restarts), budget=budget,
                               steps=min(1000, 2 * len(order)))
    known_lb = 0.0
    if x0 is not None:
        # edge-disjoint unbalanced cycles: a combinatorial lower bound; when the local
        # search meets it, optimality is proven without the MILP
        cycles: list | None = [] if (method == "milp" and cycle_cover) else None
        if not _past(deadline):
            known_lb = _cycle_packing_bound(len(order), elist, nbrs, cycles, deadline=deadline)
        val = sum(w for a, b, s, w in elist if _is_frustrated(s, x0[a], x0[b]))
        if method == "heuristic" or val <= known_lb + 1e-9 or _past(deadline):
            return {order[i]: x0[i] for i in range(len(order))}, min(known_lb, val), val <= known_lb + 1e-9
        if cycles is not None and not _past(deadline):
            # constraint generation on cycles, with at most half the remaining time
            sub = None if deadline is None else time.perf_counter() + 0.5 * (deadline - time.perf_counter())
            colour, lb, proven = _cycle_cover(len(order), elist, nbrs, x0, cycles, deadline=sub,
                                              integral=integral, threads=threads)
            if integral:
                lb = math.ceil(lb - 1e-6)
            known_lb = max(known_lb, lb)
            if proven:
                return {order[i]: colour[i] for i in range(len(order))}, known_lb, True
            x0 = colour  # the best colouring met so far: a better cutoff for the MILP
    if x0 is not None and _past(deadline):
        return {order[i]: x0[i] for i in range(len(order))}, known_lb, False
    x, lb, opt = _milp(len(order), elist, nbrs, x0=x0, deadline=deadline, integral=integral,
                       triangle_cuts=triangle_cuts, odd_cycles=odd_cycles, threads=threads,
                       known_lb=known_lb)
    return {order[i]: x[i] for i in range(len(order))}, lb, opt


def _past(deadline) -> bool:
    """Whether the :func:`time.perf_counter` ``deadline`` (None: none) has passed."""
    return deadline is not None and time.perf_counter() >= deadline


def _cycle_cover(n, elist, nbrs, x0, cycles, *, deadline, integral, threads, max_rounds=100, max_sources=512):
    """Exact frustration by constraint generation on unbalanced cycles.

    Solves ``min sum w_e y_e`` subject to ``sum_{e in C} y_e >= 1`` for the unbalanced
    cycles ``C`` found so far: a relaxation, so its optimum is a lower bound. The
    chosen edges are deleted and what is left is checked for balance (parity search
    in the signed double cover). Balanced: the deletion set is optimal. Not balanced:
    the shortest unbalanced cycles through the offending nodes are added and the cover
    is solved again. Returns ``(best colouring met, lower bound, proven)``: ``proven`` when the colouring
    is shown optimal (its frustration meets the lower bound).
    """
    import highspy
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order, connected_components

    m = len(elist)
    w = np.asarray([e[3] for e in elist], dtype=float)
    eu = np.asarray([e[0] for e in elist], dtype=np.int64)
    ev = np.asarray([e[1] for e in elist], dtype=np.int64)
    neg = np.asarray([1 if e[2] < 0 else 0 for e in elist], dtype=np.int64)
    edge_of = {}
    for k in range(m):
        edge_of[(int(eu[k]), int(ev[k]))] = k
        edge_of[(int(ev[k]), int(eu[k]))] = k
    h = _new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    if threads:
        h.setOptionValue("threads", int(threads))
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = m
    lp.col_cost_ = w.tolist()
    lp.col_lower_ = [0.0] * m
    lp.col_upper_ = [1.0] * m
    lp.integrality_ = [highspy.HighsVarType.kInteger] * m
    h.passModel(lp)
    best_x = list(x0)
    best_value = _frustration_value(best_x, eu, ev, neg, w)
    h.setOptionValue("objective_bound", best_value + (0.5 if integral else 1e-6))
    seen: set = set()

    def add(cyc_list) -> int:
        starts, index = [], []
        for c in cyc_list:
            key = frozenset(c)
            if key in seen:
                continue
            seen.add(key)
            starts.append(len(index))
            index.extend(c)
        k = len(starts)
        if k:
            h.addRows(k, np.ones(k), np.full(k, inf), len(index), np.asarray(starts, dtype=np.int32),
                      np.asarray(index, dtype=np.int32), np.ones(len(index)))
        return k

    add(cycles)
    lower = 0.0
    for round_no in range(max_rounds):
        if deadline is not None and deadline <= time.perf_counter():
            break
        _set_deadline(h, deadline)
        t_round = time.perf_counter()
        h.run()
        info = h.getInfo()
        _log.debug("cycle cover round %d: %d cycles, status %s, objective %s, %.1f s", round_no, len(seen),
                   h.modelStatusToString(h.getModelStatus()), info.objective_function_value,
                   time.perf_counter() - t_round)
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        y = np.asarray(h.getSolution().col_value) > 0.5
        value = float(w[y].sum())
        if abs(value - float(info.objective_function_value)) > 1e-6:
            break  # not the solution HiGHS proved optimal: trust nothing
        lower = max(lower, value)
        keep = ~y
        ku, kv, kn = eu[keep], ev[keep], neg[keep]
        # double cover: (v, p) = v + p * n; a negative edge switches the parity
        rows = np.concatenate([ku, ku + n])
        cols = np.concatenate([kv + n * kn, kv + n * (1 - kn)])
        A = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(2 * n, 2 * n))
        A = (A + A.T).tocsr()
        _ncomp, label = connected_components(A, directed=False)
        bad = [v for v in range(n) if label[v] == label[v + n]]
        if bad:
            # primal side: colour what is left along BFS trees and descend; when that
            # meets the cover's optimum (a lower bound), it is optimal too
            x = _polish(nbrs, _tree_colouring(n, ku, kv, kn))
            val = _frustration_value(x, eu, ev, neg, w)
            if val < best_value:
                best_value, best_x = val, x
                h.setOptionValue("objective_bound", best_value + (0.5 if integral else 1e-6))
            if best_value <= lower + 1e-9:
                return best_x, lower, True
        if not bad:
            colour = [-1] * n
            first: dict[int, int] = {}
            for v in range(n):
                # the copy of v in the smaller-numbered cover component gets colour 0
                c0, c1 = int(label[v]), int(label[v + n])
                key = min(c0, c1)
                colour[v] = 0 if c0 == key else 1
                first.setdefault(key, v)
            return colour, lower, True
        # a spread of sources, different each round (duplicated cycles add nothing);
        # one BFS each: the tree path from (i, 1) back to (i, 0) is a shortest unbalanced
        # closed walk through i (unweighted BFS is several times faster than Dijkstra)
        if len(bad) > max_sources:
            pick = np.random.default_rng(round_no).choice(len(bad), size=max_sources, replace=False)
            sources = [bad[k] for k in sorted(pick)]
        else:
            sources = bad
        new = []
        for i in sources:
            if deadline is not None and time.perf_counter() > deadline:
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
        if add(new) == 0:
            break
    return best_x, lower, False


def _frustration_value(x, eu, ev, neg, w) -> float:
    """Total weight of the edges (arrays) that the 0/1 colouring ``x`` frustrates."""
    xs = np.asarray(x, dtype=np.int64)
    return float(w[(xs[eu] ^ xs[ev]) != neg].sum())


def _tree_colouring(n, eu, ev, neg) -> list[int]:
    """A 0/1 colouring satisfying every edge of a BFS forest of the given edges."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

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


def _polish(nbrs, x) -> list[int]:
    """Greedy single-node flips from the colouring ``x`` until none improves."""
    sigma = [1 if c == 0 else -1 for c in x]
    h = [sum(sw * sigma[j] for j, sw in nb) for nb in nbrs]
    _descend(nbrs, sigma, h, range(len(nbrs)), 0.0, None)
    return [0 if s > 0 else 1 for s in sigma]


def _milp(n, elist, nbrs, *, x0, deadline, integral, triangle_cuts, odd_cycles, threads, known_lb=0.0):
    import highspy  # imported lazily: the heuristic and small measures do not need it

    m = len(elist)
    inf = highspy.kHighsInf
    # columns: x_0..x_{n-1} (binary), f_0..f_{m-1} (in [0, 1]; integral at any
    # optimum because the x are integral)
    cost = [0.0] * n + [float(w) for *_, w in elist]
    lower = [0.0] * (n + m)
    upper = [1.0] * (n + m)
    fixed = max(range(n), key=lambda i: len(nbrs[i])) if n else 0
    if n:
        upper[fixed] = 0.0  # one node fixed per block: the colouring is defined up to a swap
    integrality = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * m
    starts, index, value, rlo, rhi = [0], [], [], [], []

    def row(cols, coefs, lo, hi=inf):
        index.extend(cols)
        value.extend(coefs)
        starts.append(len(index))
        rlo.append(lo)
        rhi.append(hi)

    for k, (a, b, s, _w) in enumerate(elist):
        f = n + k
        if s > 0:  # f >= x_a - x_b, f >= x_b - x_a
            row([f, a, b], [1.0, -1.0, 1.0], 0.0)
            row([f, a, b], [1.0, 1.0, -1.0], 0.0)
        else:  # f >= x_a + x_b - 1, f >= 1 - x_a - x_b
            row([f, a, b], [1.0, -1.0, -1.0], -1.0)
            row([f, a, b], [1.0, 1.0, 1.0], 1.0)
    tri = _triangles(n, elist, nbrs) if triangle_cuts else []
    lazy = triangle_cuts == "lazy"
    for t in tri:
        negatives = sum(1 for k in t if elist[k][2] < 0)
        cols = [n + k for k in t]
        if negatives % 2:  # unbalanced: an odd number of its edges is frustrated
            row(cols, [1.0, 1.0, 1.0], 1.0)
            if triangle_cuts == "cover" or lazy:
                continue
            for i in range(3):
                coefs = [-1.0, -1.0, -1.0]
                coefs[i] = 1.0
                row(cols, coefs, -1.0)  # f_j + f_k - f_i <= 1
        elif triangle_cuts is True or triangle_cuts == "all":  # balanced: an even number
            row(cols, [-1.0, -1.0, -1.0], -2.0)
            for i in range(3):
                coefs = [1.0, 1.0, 1.0]
                coefs[i] = -1.0
                row(cols, coefs, 0.0)  # f_i <= f_j + f_k
    lp = highspy.HighsLp()
    lp.num_col_ = n + m
    lp.num_row_ = len(rlo)
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = rlo
    lp.row_upper_ = rhi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    lp.a_matrix_.num_col_ = n + m
    lp.a_matrix_.num_row_ = len(rlo)
    lp.integrality_ = integrality
    h = _new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-6 if integral else 1e-9)
    if threads:
        h.setOptionValue("threads", int(threads))
    _set_deadline(h, deadline)
    if lazy:
        lp.integrality_ = [highspy.HighsVarType.kContinuous] * (n + m)
        h.passModel(lp)
        # at most 40% of the remaining time on cutting planes; the LP bound is valid
        cut_deadline = None if deadline is None else time.perf_counter() + 0.4 * (deadline - time.perf_counter())
        lp_bound = _cutting_planes(h, n, elist, tri, cut_deadline, cycles=odd_cycles)
        known_lb = max(known_lb, (math.ceil(lp_bound - 1e-6) if integral else lp_bound))
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                np.full(n, int(highspy.HighsVarType.kInteger), dtype=np.uint8))
        _set_deadline(h, deadline)
    else:
        h.passModel(lp)
    if x0 is not None:
        # warm start as an objective cutoff: HiGHS (1.16) may hand back a user-given
        # start instead of the solution it proved optimal, so no setSolution here
        start_value = sum(w for a, b, s, w in elist if _is_frustrated(s, x0[a], x0[b]))
        h.setOptionValue("objective_bound", float(start_value) + (0.5 if integral else 1e-6))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    if not has_solution:
        if status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt,
                      highspy.HighsModelStatus.kObjectiveBound) and x0:
            return list(x0), max(known_lb, _bound_from(info, integral)), False
        if x0 is None and status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt):
            xs = [0] * n
            return xs, max(known_lb, _bound_from(info, integral)), False
        raise SolverError(f"HiGHS stopped with status {h.modelStatusToString(status)!r}",
                          hint="report this graph; try method='heuristic' meanwhile")
    vals = h.getSolution().col_value
    xs = [1 if vals[i] > 0.5 else 0 for i in range(n)]
    optimal = status == highspy.HighsModelStatus.kOptimal
    lb = max(known_lb, _bound_from(info, integral))
    obj = sum(w for a, b, s, w in elist if _is_frustrated(s, xs[a], xs[b]))
    if optimal and obj > float(info.objective_function_value) + 1e-6:
        optimal = False  # the solution handed back is not the one HiGHS proved: claim nothing
    if optimal or obj <= lb + 1e-9:
        return xs, obj, True
    if x0 is not None:
        # an interrupted solve may hand back a worse point (even the rounded LP
        # solution) than the warm start: never return worse than what we came with
        start_value = sum(w for a, b, s, w in elist if _is_frustrated(s, x0[a], x0[b]))
        if start_value < obj:
            xs, obj = list(x0), start_value
    return xs, min(lb, obj), False


def _cutting_planes(h, n, elist, tri, deadline, *, cycles: bool = True, rounds: int = 60,
                    tol: float = 1e-6, max_cycle_cuts: int = 4000):
    """Cutting planes on the LP relaxation before branching.

    Each round solves the LP, then adds (a) the violated parity inequalities of
    triangles (4 per triangle, found by enumeration) and (b) violated odd-cycle
    inequalities of longer cycles, ``sum_{e in F} f_e - sum_{e in C-F} f_e <= |F| - 1``
    for a cycle ``C`` and ``F`` with ``|F| + negatives(C)`` odd, found exactly by
    shortest paths in the signed double cover (Barahona & Mahjoub 1986). Stops when
    nothing is violated, when the bound stalls, or at the deadline.
    """
    import highspy

    inf = highspy.kHighsInf
    if tri:
        T = np.asarray(tri, dtype=np.int64)
    else:
        T = np.zeros((0, 3), dtype=np.int64)
    neg = np.asarray([1 if e[2] < 0 else 0 for e in elist], dtype=np.int64)
    odd = (neg[T].sum(axis=1) % 2) == 1 if len(T) else np.zeros(0, dtype=bool)
    added = np.zeros((len(T), 4), dtype=bool)
    added[odd, 3] = True  # the cover row of unbalanced triangles is already in the model
    patterns = np.array([[1, -1, -1], [-1, 1, -1], [-1, -1, 1], [-1, -1, -1]], dtype=float)
    seen_cycles: set = set()
    history: list[float] = []
    eu = np.asarray([e[0] for e in elist], dtype=np.int64)
    ev = np.asarray([e[1] for e in elist], dtype=np.int64)
    best = 0.0
    for _ in range(rounds):
        if deadline is not None and time.perf_counter() > deadline:
            break
        _set_deadline(h, deadline)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        obj = float(h.getInfo().objective_function_value)
        best = max(best, obj)
        history.append(obj)
        if len(history) >= 4 and history[-1] - history[-4] < 1e-3 * max(1.0, abs(obj)):
            break  # tailing off: leave the rest to branch and bound
        vals = np.asarray(h.getSolution().col_value)
        x, f = vals[:n], vals[n:]
        new_rows = 0
        if len(T):
            F = f[T]
            lhs = F @ patterns.T
            viol = np.zeros((len(T), 4), dtype=bool)
            viol[odd, :3] = lhs[odd, :3] < -1 - tol
            viol[~odd, :3] = -lhs[~odd, :3] < -tol
            viol[~odd, 3] = lhs[~odd, 3] < -2 - tol
            viol &= ~added
            rows_t, rows_p = np.nonzero(viol)
            if len(rows_t):
                added[rows_t, rows_p] = True
                k = len(rows_t)
                cols = (T[rows_t] + n).astype(np.int32)
                coefs = np.where((odd[rows_t] | (rows_p == 3))[:, None], patterns[rows_p], -patterns[rows_p])
                lo = np.where(odd[rows_t], -1.0, np.where(rows_p == 3, -2.0, 0.0))
                h.addRows(k, lo, np.full(k, inf), 3 * k, np.arange(0, 3 * k, 3, dtype=np.int32),
                          cols.reshape(-1), coefs.reshape(-1).astype(float))
                new_rows += k
        if cycles:
            cuts = _odd_cycle_cuts(n, eu, ev, neg, x, f, tol, max_cycle_cuts, seen_cycles, deadline)
            if cuts:
                starts, index, value, lo = [], [], [], []
                for edges_in_f, edges_out in cuts:
                    starts.append(len(index))
                    index.extend(n + k for k in edges_out)
                    value.extend([1.0] * len(edges_out))
                    index.extend(n + k for k in edges_in_f)
                    value.extend([-1.0] * len(edges_in_f))
                    lo.append(1.0 - len(edges_in_f))
                k = len(cuts)
                h.addRows(k, np.asarray(lo, dtype=float), np.full(k, inf), len(index),
                          np.asarray(starts, dtype=np.int32), np.asarray(index, dtype=np.int32),
                          np.asarray(value, dtype=float))
                new_rows += k
        if new_rows == 0:
            break
    return best


def _odd_cycle_cuts(n, eu, ev, neg, x, f, tol, max_cuts, seen, deadline, max_sources=256):
    """Violated odd-cycle inequalities by shortest paths in the signed double cover.

    Node ``(v, p)`` is ``v + p * n``. An edge outside ``F`` costs ``f_e`` and changes the
    parity by its negativity, an edge in ``F`` costs ``1 - f_e`` and changes it by the
    opposite; a path from ``(i, 0)`` to ``(i, 1)`` shorter than 1 is a violated
    inequality (kept when the walk is a simple cycle).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    m = len(eu)
    if m == 0:
        return []
    eps = 1e-9
    c_out = np.clip(f, 0.0, 1.0) + eps  # edge not in F
    c_in = np.clip(1.0 - f, 0.0, 1.0) + eps  # edge in F
    same = np.where(neg == 0, c_out, c_in)  # parity kept
    cross = np.where(neg == 0, c_in, c_out)  # parity flipped
    rows = np.concatenate([eu, eu + n, eu, eu + n])
    cols = np.concatenate([ev, ev + n, ev + n, ev])
    data = np.concatenate([same, same, cross, cross])
    A = csr_matrix((data, (rows, cols)), shape=(2 * n, 2 * n))
    edge_of = {}
    for k in range(m):
        a, b = int(eu[k]), int(ev[k])
        edge_of[(a, b)] = k
        edge_of[(b, a)] = k
    frac_f = (f > tol) & (f < 1 - tol)
    frac_x = (x > tol) & (x < 1 - tol)
    cand = np.zeros(n, dtype=bool)
    cand[frac_x] = True
    cand[eu[frac_f]] = True
    cand[ev[frac_f]] = True
    sources = np.nonzero(cand)[0]
    if len(sources) > max_sources:  # the most fractional nodes first
        frac = np.abs(x[sources] - 0.5)
        sources = sources[np.argsort(frac, kind="stable")[:max_sources]]
    found: list[tuple[float, tuple, tuple]] = []
    batch = 256
    for start in range(0, len(sources), batch):
        if deadline is not None and time.perf_counter() > deadline:
            break
        idx = sources[start:start + batch]
        dist, pred = dijkstra(A, directed=False, indices=idx, limit=1.0 - tol, return_predecessors=True)
        for r, i in enumerate(idx):
            i = int(i)
            d = dist[r, i + n]
            if not d < 1.0 - tol:
                continue
            path = [i + n]
            cur = i + n
            while cur != i:
                cur = int(pred[r, cur])
                if cur < 0:
                    break
                path.append(cur)
            if cur != i:
                continue
            nodes = [p % n for p in path]
            if len(set(nodes[:-1])) != len(nodes) - 1:
                continue  # not a simple cycle
            in_f, out_f = [], []
            for a, b in zip(path, path[1:]):
                k = edge_of.get((a % n, b % n))
                if k is None:
                    break
                flipped = (a >= n) != (b >= n)
                parity_change = 1 if flipped else 0
                (in_f if parity_change != neg[k] else out_f).append(k)
            else:
                key = (frozenset(in_f), frozenset(out_f))
                if key in seen or len(in_f) + len(out_f) < 3:
                    continue
                seen.add(key)
                found.append((float(d), tuple(in_f), tuple(out_f)))
        if len(found) >= max_cuts:
            break
    found.sort(key=lambda t: t[0])
    return [(a, b) for _d, a, b in found[:max_cuts]]


def highspy_inf() -> float:
    import highspy

    return highspy.kHighsInf


def _bound_from(info, integral):
    lb = float(info.mip_dual_bound)
    if not math.isfinite(lb):
        return 0.0
    lb = max(lb, 0.0)
    return math.ceil(lb - 1e-6) if integral else lb
