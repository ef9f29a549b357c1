"""Cycle-packing lower bound and triangle listing (``allegiance.balance._packing``):
against brute force and against the plain-Python packing they replace."""

from __future__ import annotations

import itertools
import random
import time
from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.balance._packing import cycle_packing_bound, edge_triangles


def brute_force_frustration(n, elist):
    best = float("inf")
    for bits in itertools.product((0, 1), repeat=n):
        best = min(best, sum(w for a, b, s, w in elist if (bits[a] != bits[b]) == (s > 0)))
    return best


def reference_packing(n, elist, triangles):
    """The plain-Python packing (one BFS forest per pass, rebuilt from scratch), given
    the triangles in the documented order: the bound must be the same."""
    used = [False] * len(elist)
    bound = 0.0
    for t in triangles:
        if sum(1 for k in t if elist[k][2] < 0) % 2 and not any(used[k] for k in t):
            for k in t:
                used[k] = True
            bound += min(elist[k][3] for k in t)
    while True:
        adj = [[] for _ in range(n)]
        for k, (a, b, _s, _w) in enumerate(elist):
            if not used[k]:
                adj[a].append((b, k))
                adj[b].append((a, k))
        spin, depth, parent, tree = [0] * n, [0] * n, [None] * n, set()
        for root in range(n):
            if spin[root] or not adj[root]:
                continue
            spin[root] = 1
            queue = deque([root])
            while queue:
                a = queue.popleft()
                for b, k in adj[a]:
                    if not spin[b]:
                        spin[b], depth[b], parent[b] = spin[a] * elist[k][2], depth[a] + 1, (a, k)
                        tree.add(k)
                        queue.append(b)
        odd = [k for k, (a, b, s, _w) in enumerate(elist) if not used[k] and k not in tree and spin[b] != spin[a] * s]
        if not odd:
            return bound
        odd.sort(key=lambda k: depth[elist[k][0]] + depth[elist[k][1]])
        for k in odd:
            if used[k]:
                continue
            cycle, (a, b) = [k], elist[k][:2]
            while a != b:
                if depth[a] >= depth[b]:
                    a, e = parent[a]
                else:
                    b, e = parent[b]
                cycle.append(e)
            if any(used[e] for e in cycle):
                continue
            for e in cycle:
                used[e] = True
            bound += min(elist[e][3] for e in cycle)


def is_unbalanced_cycle(elist, cycle):
    nodes: dict = {}
    for k in cycle:
        for x in elist[k][:2]:
            nodes[x] = nodes.get(x, 0) + 1
    if any(d != 2 for d in nodes.values()) or len(set(cycle)) != len(cycle):
        return False
    # connected: walk it
    left = set(cycle)
    k = left.pop()
    start, cur = elist[k][0], elist[k][1]
    while cur != start:
        k = next(k for k in left if cur in elist[k][:2])
        left.discard(k)
        a, b = elist[k][:2]
        cur = b if cur == a else a
    if left:
        return False
    negatives = sum(1 for k in cycle if elist[k][2] < 0)
    return negatives % 2 == 1


@st.composite
def simple_graphs(draw, max_nodes=8, weighted=False):
    n = draw(st.integers(1, max_nodes))
    pairs = list(itertools.combinations(range(n), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    elist = []
    for a, b in chosen:
        if draw(st.booleans()):
            a, b = b, a
        w = draw(st.sampled_from([1.0, 2.0, 0.5])) if weighted else 1.0
        elist.append((a, b, draw(st.sampled_from([1, -1])), w))
    return n, elist


def random_graph(n, m, seed, p_negative=0.4):
    rng = random.Random(seed)
    pairs = rng.sample(list(itertools.combinations(range(n), 2)), m)
    return [(a, b, -1 if rng.random() < p_negative else 1, 1.0) for a, b in pairs]


# --- triangles --------------------------------------------------------------------------

def test_one_triangle_is_listed_and_a_path_is_not():
    assert edge_triangles(3, [(0, 1, 1, 1.0), (1, 2, -1, 1.0), (2, 0, 1, 1.0)]) == [(0, 2, 1)]
    assert edge_triangles(4, [(0, 1, 1, 1.0), (1, 2, -1, 1.0), (2, 3, 1, 1.0), (3, 0, 1, 1.0)]) == []


@settings(max_examples=120, deadline=None)
@given(simple_graphs(max_nodes=9))
def test_triangles_match_brute_force_in_the_documented_order(graph):
    n, elist = graph
    eid = {frozenset(e[:2]): k for k, e in enumerate(elist)}
    want = []
    for x, y, z in itertools.combinations(range(n), 3):
        ks = [eid.get(frozenset(p)) for p in ((x, y), (x, z), (y, z))]
        if None not in ks:
            want.append((ks[0], z, tuple(ks)))
    want.sort()
    assert edge_triangles(n, elist) == [t for _k, _z, t in want]


def test_triangles_around_a_hub_are_all_found():
    # a wheel: a hub joined to every node of a 300-cycle has 300 triangles
    n = 301
    elist = [(0, i, 1, 1.0) for i in range(1, n)] + [(i, i % 300 + 1, -1, 1.0) for i in range(1, n)]
    assert len(edge_triangles(n, elist)) == 300


# --- the packing bound ------------------------------------------------------------------

def test_a_negative_triangle_needs_one_deletion_and_a_balanced_one_none():
    assert cycle_packing_bound(3, [(0, 1, -1, 1.0), (1, 2, -1, 1.0), (0, 2, -1, 1.0)]) == 1.0
    assert cycle_packing_bound(3, [(0, 1, -1, 1.0), (1, 2, -1, 1.0), (0, 2, 1, 1.0)]) == 0.0


def test_an_unbalanced_square_is_found_by_the_forest_a_balanced_one_is_not():
    square = [(0, 1, 1, 1.0), (1, 2, 1, 1.0), (2, 3, 1, 1.0), (3, 0, -1, 1.0)]
    cycles: list = []
    assert cycle_packing_bound(4, square, None, cycles) == 1.0
    assert [sorted(c) for c in cycles] == [[0, 1, 2, 3]]
    balanced = [(0, 1, -1, 1.0), (1, 2, 1, 1.0), (2, 3, 1, 1.0), (3, 0, -1, 1.0)]
    cycles = []
    assert cycle_packing_bound(4, balanced, None, cycles) == 0.0 and cycles == []


def test_the_bound_counts_the_lightest_edge_of_each_cycle():
    elist = [(0, 1, -1, 3.0), (1, 2, -1, 0.5), (0, 2, -1, 2.0)]
    assert cycle_packing_bound(3, elist) == 0.5


def test_empty_and_edgeless():
    assert cycle_packing_bound(0, []) == 0.0
    assert cycle_packing_bound(5, []) == 0.0


@settings(max_examples=150, deadline=None)
@given(simple_graphs(max_nodes=8, weighted=True))
def test_bound_is_below_the_exact_index_and_its_cycles_are_unbalanced(graph):
    n, elist = graph
    cycles: list = []
    bound = cycle_packing_bound(n, elist, None, cycles)
    assert 0 <= bound <= brute_force_frustration(n, elist) + 1e-9
    assert all(is_unbalanced_cycle(elist, c) for c in cycles)
    assert (bound > 0) == bool(cycles)


@settings(max_examples=100, deadline=None)
@given(simple_graphs(max_nodes=12))
def test_bound_equals_the_plain_python_packing(graph):
    n, elist = graph
    assert cycle_packing_bound(n, elist) == reference_packing(n, elist, edge_triangles(n, elist))


def test_bound_equals_the_plain_python_packing_on_larger_graphs():
    for seed, (n, m) in enumerate([(60, 300), (200, 600), (120, 1500)]):
        elist = random_graph(n, m, seed)
        assert cycle_packing_bound(n, elist) == reference_packing(n, elist, edge_triangles(n, elist))


def test_a_past_deadline_stops_after_the_triangles_with_a_valid_bound():
    elist = random_graph(80, 400, 7)
    full = cycle_packing_bound(80, elist)
    early = cycle_packing_bound(80, elist, deadline=time.perf_counter() - 1)
    assert 0 < early <= full
