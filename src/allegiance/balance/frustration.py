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
   is proven optimal without any MILP. Blocks above 20,000 edges then get a
   **fractional packing** bound (``_fractional.py``): the packing LP over a pool of
   unbalanced cycles (every unbalanced triangle and the packed cycles, grown by pricing
   with shortest paths in the signed double cover), certified by scaling its solution
   to feasibility, so a stopped or inexact solve still proves what it reports. On the
   Wikipedia elections network it raises the bound from 14,580 to 14,765. Blocks
   above 60,000 edges then spend the time left on more local search and stop there:
   the first solves of the cover ILP and of the MILP do not finish at that size, and
   HiGHS's root LP ran minutes past the deadline. Otherwise a **cycle-cover ILP** is tried:
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

from __future__ import annotations

import math
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Hashable, Mapping

import networkx as nx
import numpy as np

from allegiance.balance._colouring import colouring_cost, is_frustrated
from allegiance.balance._cover import cycle_cover as _cycle_cover
from allegiance.balance._deadline import past, seconds_left, share_of, solve_deadline
from allegiance.balance._fractional import fractional_packing_bound as _fractional_packing_bound
from allegiance.balance._large import frustrated_mask as _frustrated_mask
from allegiance.balance._large import heuristic_arrays as _heuristic_arrays
from allegiance.balance._milp import node_colour_milp as _milp
from allegiance.balance._packing import cycle_packing_bound as _cycle_packing_bound
from allegiance.balance._reduce import Reduced as _Reduced
from allegiance.balance._reduce import adjacency as _adjacency
from allegiance.balance._reduce import biconnected_blocks as _blocks
from allegiance.balance._reduce import reduce_graph as _reduce
from allegiance.balance._reduce import whole_graph as _whole
from allegiance.balance._search import local_search as _local_search
from allegiance.balance._signed import SignedEdges, signed_edges
from allegiance.errors import ConfigError
from allegiance.network.edgelist import EdgeArrays

__all__ = ["FrustrationResult", "frustration_index", "frustrated_edges", "frustration_of"]

_METHODS = ("milp", "heuristic")
_LARGE_BLOCK = 20_000  # edges; blocks above it get the full local search as warm start
_HUGE_BLOCK = 60_000  # edges; above it no cycle cover and no MILP (their first solves do not finish)
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
    return [(E.nodes[a], E.nodes[b]) for a, b, s in zip(E.u, E.v, E.s) if is_frustrated(s, x[a], x[b])]


def _total(edges, G, weight):
    if weight is None:
        return len(edges)
    E = signed_edges(G, weight=weight)
    lookup = {frozenset((E.nodes[a], E.nodes[b])): w for a, b, w in zip(E.u, E.v, E.w)}
    return sum(lookup[frozenset(e)] for e in edges)


@dataclass(frozen=True, slots=True)
class _Options:
    """The settings of :func:`frustration_index` that every block is solved with."""

    method: str
    deadline: float | None
    rng: random.Random
    integral: bool
    warm_start: bool
    triangle_cuts: bool | str
    odd_cycles: bool
    cycle_cover: bool
    restarts: int
    threads: int | None
    trace: dict = field(default_factory=dict)  # bounds of the stages, summed over blocks (for stats)

    def note(self, stage: str, value: float) -> None:
        self.trace[stage] = self.trace.get(stage, 0) + value


def frustration_index(G: nx.Graph, *, method: str = "milp", time_limit: float | None = None,
                      weight: str | None = None, seed: int = 0, reduce: bool = True, decompose: bool = True,
                      warm_start: bool = True, triangle_cuts: bool | str = "lazy", odd_cycles: bool = True,
                      cycle_cover: bool = True, restarts: int = 8, threads: int | None = None) -> FrustrationResult:
    """Frustration index (line index of balance) of a signed graph.

    Parameters
    ----------
    G : networkx graph or EdgeArrays
        Edges carry ``sign`` (+1/-1); directed graphs and multigraphs are read in their undirected
        signed view (pairs collapsed by the sign of the summed signed weight). ``EdgeArrays`` (from
        :func:`~allegiance.network.read_edge_arrays`) skip networkx; any ``weight`` then uses theirs.
    method : {"milp", "heuristic"}
        Exact (HiGHS; optimal unless ``time_limit`` stops it), or multi-start local search with a
        proven lower bound (above 50,000 edges on flat arrays throughout, see ``_large.py``).
    time_limit : float, optional
        Seconds for the whole solve; when reached, the best colouring, the proven lower bound
        and the gap come back with ``optimal=False``. The stages stop a twentieth of it (at most
        2 s) early, kept for building the result. Linear passes that any answer needs (reading
        the graph, reductions, one spanning-tree colouring) are not cut short: on a tiny limit
        they set the floor of the run time.
    weight : str, optional
        Edge attribute holding a magnitude; ``None`` counts every edge as 1.
    seed : int
        Seed of the local search (results are reproducible for a given seed).
    reduce, decompose, warm_start : bool
        Switch off the reductions, the biconnected blocks or the warm start (benchmarks).
    triangle_cuts : {"lazy", True, "cover", False}
        Violated triangle (and odd-cycle) cuts only (default); all 4 parity rows of every
        triangle up front (Aref et al.); only the cover row of unbalanced triangles; none.
    odd_cycles : bool
        With ``"lazy"``, also separate odd-cycle inequalities (Barahona & Mahjoub 1986).
    cycle_cover : bool
        Try constraint generation on unbalanced cycles before the node-colour MILP.
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
    """
    if method not in _METHODS:
        raise ConfigError(f"unknown frustration method {method!r}", hint="use 'milp' or 'heuristic'")
    if time_limit is not None and time_limit < 0:
        raise ConfigError(f"time_limit must be >= 0, got {time_limit}")
    start = time.perf_counter()
    rng = random.Random(seed)
    E = None if isinstance(G, EdgeArrays) else signed_edges(G, weight=weight)
    m = G.m if E is None else E.m
    if method == "heuristic" and m >= _ARRAY_HEURISTIC_EDGES:
        return _heuristic_on_arrays(*_as_arrays(G, E, weight), rng=rng, restarts=restarts, start=start,
                                    time_limit=time_limit)
    if E is None:
        E = _signed_from_arrays(G, weighted=weight is not None)
    opts = _Options(method, solve_deadline(start, time_limit), rng,
                    all(float(w).is_integer() for w in E.w), warm_start, triangle_cuts, odd_cycles, cycle_cover,
                    restarts, threads)
    return _exact_pipeline(E, opts, start, reduce=reduce, decompose=decompose)


def _as_arrays(G, E, weight):
    """``(nodes, u, v, sign, weight)`` arrays of ``G`` (EdgeArrays) or of its indexed edges ``E``."""
    if E is None:
        w = G.weight if weight is not None else np.ones(G.m)
        return list(G.nodes), G.u, G.v, G.sign, w
    return (list(E.nodes), np.asarray(E.u, dtype=np.int64), np.asarray(E.v, dtype=np.int64),
            np.asarray(E.s, dtype=np.int8), np.asarray(E.w, dtype=float))


def _exact_pipeline(E: SignedEdges, opts: _Options, start: float, *, reduce: bool, decompose: bool):
    """Reductions, blocks, every block solved, the colouring extended back to ``E``."""
    if reduce:
        red = _reduce(E)
    else:
        red = _Reduced(adj=_adjacency(E), const=0.0, stack=[], alive=set(range(E.n)))
    blocks = _blocks(red.adj, red.alive) if decompose else [_whole(red.adj, red.alive)]
    lower = red.const
    optimal = True
    solved_blocks = 0
    frustrated_reduced: set[frozenset] = set()
    for nodes, edges in blocks:
        if len(edges) < 3:
            continue  # a bridge (or empty) block: never frustrated
        solved_blocks += 1
        x, lb, opt = _solve_block(nodes, edges, opts)
        lower += lb
        optimal = optimal and opt
        for (a, b), (s, _w) in edges.items():
            if is_frustrated(s, x[a], x[b]):
                frustrated_reduced.add(frozenset((a, b)))
    colour = _colour_reduced(red, frustrated_reduced)
    _undo_reductions(red.stack, colour)
    for i in range(E.n):
        colour.setdefault(i, 0)
    stats = {
        "nodes": E.n, "edges": E.m,
        "reduced_nodes": len(red.alive),
        "reduced_edges": sum(len(red.adj[a]) for a in red.alive) // 2,
        "constant": red.const, "blocks_solved": solved_blocks,
        "largest_block_edges": max((len(e) for _, e in blocks), default=0),
        **{f"{stage}_of_blocks": value for stage, value in opts.trace.items()},
    }
    return _result(E, colour, lower, optimal, opts, start, stats)


def _colour_reduced(red, frustrated_reduced) -> dict[int, int]:
    """A colouring of the reduced graph satisfying every edge not in ``frustrated_reduced``."""
    colour: dict[int, int] = {}
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
    return colour


def _undo_reductions(stack, colour) -> None:
    """Colour the removed nodes, last removal first (in place)."""
    for rec in reversed(stack):
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


def _result(E, colour, lower, optimal, opts, start, stats) -> FrustrationResult:
    """Evaluate ``colour`` on the original edges and state what is proven."""
    frustrated = []
    value = 0.0
    for a, b, s, w in zip(E.u, E.v, E.s, E.w):
        if is_frustrated(s, colour[a], colour[b]):
            frustrated.append((E.nodes[a], E.nodes[b]))
            value += w
    if opts.integral:
        value = int(round(value))
        lower = int(math.ceil(lower - 1e-6))
    lower = min(lower, value)
    if optimal and lower < value:  # numerical safety: never claim what is not proven
        optimal = False
    if optimal:
        lower = value
    return FrustrationResult(
        value=value, optimal=optimal, lower_bound=lower, gap=0.0 if value == 0 else (value - lower) / value,
        seconds=time.perf_counter() - start, method=opts.method,
        partition={E.nodes[i]: colour[i] for i in range(E.n)}, frustrated_edges=tuple(frustrated), stats=stats,
    )


def _signed_from_arrays(A: EdgeArrays, *, weighted: bool) -> SignedEdges:
    """The indexed edges of :class:`~allegiance.network.edgelist.EdgeArrays` (already the
    undirected signed view); magnitudes 1 unless ``weighted``."""
    nodes = tuple(A.nodes)
    w = A.weight.astype(float).tolist() if weighted else [1.0] * A.m
    return SignedEdges(nodes, {v: i for i, v in enumerate(nodes)}, tuple(A.u.tolist()), tuple(A.v.tolist()),
                       tuple(int(s) for s in A.sign.tolist()), tuple(w), weighted)


def _heuristic_on_arrays(nodes, eu, ev, sign, w, *, rng, restarts, start, time_limit) -> FrustrationResult:
    """The heuristic result of a large graph, from edge arrays (see ``_large.py``); the
    time :func:`solve_deadline` keeps back goes to building the result."""
    x, value, lower = _heuristic_arrays(len(nodes), eu, ev, sign, w, rng=rng, restarts=restarts,
                                        deadline=solve_deadline(start, time_limit))
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


def _block_lists(nodes, edges):
    """Local ids of a block: ``(order, nbrs, elist)`` with ``nbrs[i] = [(j, s*w)]`` and
    ``elist[k] = (a, b, s, w)``."""
    order = sorted(nodes)
    local = {n: i for i, n in enumerate(order)}
    nbrs: list[list[tuple[int, float]]] = [[] for _ in order]
    for (a, b), (s, w) in edges.items():
        nbrs[local[a]].append((local[b], s * w))
        nbrs[local[b]].append((local[a], s * w))
    elist = [(local[a], local[b], s, w) for (a, b), (s, w) in edges.items()]
    return order, nbrs, elist


def _warm_start(nbrs, elist, opts: _Options):
    """The local-search colouring the block starts from (None without a warm start)."""
    if not (opts.method == "heuristic" or opts.warm_start):
        return None
    budget = seconds_left(share_of(opts.deadline, 0.2))
    if opts.method == "heuristic" or len(elist) > _LARGE_BLOCK:  # a large block: the MILP is slow, search harder
        return _local_search(nbrs, opts.rng, restarts=opts.restarts, budget=budget)
    # a quick warm start: the MILP does the rest
    return _local_search(nbrs, opts.rng, restarts=min(2, opts.restarts), budget=budget,
                         steps=min(1000, 2 * len(nbrs)))


def _solve_block(nodes, edges, opts: _Options):
    """One biconnected block: ``(colouring by node, lower bound, proven optimal)``."""
    order, nbrs, elist = _block_lists(nodes, edges)
    n = len(order)

    def by_node(x):
        return {order[i]: x[i] for i in range(n)}

    deadline = opts.deadline
    x0 = _warm_start(nbrs, elist, opts)
    known_lb = 0.0
    if x0 is not None:
        # edge-disjoint unbalanced cycles: a combinatorial lower bound; when the local
        # search meets it, optimality is proven without the MILP
        cycles: list | None = [] if (opts.method == "milp" and opts.cycle_cover) else None
        if not past(deadline):
            known_lb = _cycle_packing_bound(n, elist, nbrs, cycles, deadline=deadline, colouring=x0)
            opts.note("packing_bound", known_lb)
        val = colouring_cost(elist, x0)
        if opts.method == "heuristic" or val <= known_lb + 1e-9 or past(deadline):
            return by_node(x0), min(known_lb, val), val <= known_lb + 1e-9
        if cycles is not None and len(elist) > _LARGE_BLOCK and not past(deadline):
            fractional = _fractional_stage(n, elist, cycles, opts)
            opts.note("fractional_packing_bound", fractional)
            known_lb = max(known_lb, fractional)
            if val <= known_lb + 1e-9:
                return by_node(x0), known_lb, True
        if len(elist) > _HUGE_BLOCK:
            # the MILP's root LP does not finish at this size and HiGHS does not stop it
            # at the deadline (seen minutes over): the time left goes to the search
            x0 = _search_more(nbrs, elist, x0, opts)
            val = colouring_cost(elist, x0)
            return by_node(x0), min(known_lb, val), val <= known_lb + 1e-9
        if cycles is not None and len(elist) <= _HUGE_BLOCK and not past(deadline):
            x0, known_lb, proven = _cover_stage(n, elist, nbrs, x0, cycles, known_lb, opts)
            if proven:
                return by_node(x0), known_lb, True
    if x0 is not None and past(deadline):
        return by_node(x0), known_lb, False
    x, lb, opt = _milp(n, elist, nbrs, x0=x0, deadline=deadline, integral=opts.integral,
                       triangle_cuts=opts.triangle_cuts, odd_cycles=opts.odd_cycles, threads=opts.threads,
                       known_lb=known_lb)
    return by_node(x), lb, opt


def _fractional_stage(n, elist, cycles, opts: _Options) -> float:
    """The fractional cycle-packing bound, with at most 40% of the remaining time (60%
    above ``_HUGE_BLOCK`` edges, where only the search comes after it)."""
    sub = share_of(opts.deadline, 0.6 if len(elist) > _HUGE_BLOCK else 0.4)
    lb = _fractional_packing_bound(n, elist, cycles, deadline=sub, threads=opts.threads)
    return math.ceil(lb - 1e-6) if opts.integral else lb * (1 - 1e-9)


def _search_more(nbrs, elist, x0, opts: _Options):
    """More starts of the local search until the deadline (all of them without one);
    the better of their colouring and ``x0``."""
    budget = seconds_left(opts.deadline)
    x = _local_search(nbrs, opts.rng, restarts=opts.restarts * (1 if budget is None else 1000), budget=budget)
    return x if colouring_cost(elist, x) < colouring_cost(elist, x0) else x0


def _cover_stage(n, elist, nbrs, x0, cycles, known_lb, opts: _Options):
    """The cycle-cover stage, with at most half the remaining time: ``(best colouring,
    lower bound, proven)``."""
    colour, lb, proven = _cycle_cover(n, elist, nbrs, x0, cycles, deadline=share_of(opts.deadline, 0.5), integral=opts.integral,
                                      threads=opts.threads)
    if opts.integral:
        lb = math.ceil(lb - 1e-6)
    # the cover's colouring is the best met so far: a better cutoff for the MILP
    return colour, max(known_lb, lb), proven

