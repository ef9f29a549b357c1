"""Reductions and biconnected blocks (``allegiance.balance._reduce``): the index is
unchanged by them, and the blocks are networkx's, in networkx's order."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st
from signed_strategies import signed_graphs

from allegiance.balance._reduce import Reduced, adjacency, biconnected_blocks, reduce_graph, whole_graph
from allegiance.balance._signed import signed_edges


def brute(nodes, edges):
    """Minimum frustration over colourings of ``nodes`` (edges: {(a, b): (s, w)})."""
    nodes = sorted(nodes)
    best = float("inf")
    for bits in itertools.product((0, 1), repeat=len(nodes)):
        x = dict(zip(nodes, bits))
        best = min(best, sum(w for (a, b), (s, w) in edges.items() if (x[a] != x[b]) == (s > 0)))
    return best if nodes else 0


def networkx_blocks(adj, alive):
    H = nx.Graph()
    H.add_nodes_from(alive)
    for a in alive:
        for b in adj[a]:
            if a < b:
                H.add_edge(a, b)
    out = []
    for comp in nx.biconnected_component_edges(H):
        edges = {}
        for a, b in comp:
            a, b = min(a, b), max(a, b)
            edges[(a, b)] = tuple(adj[a][b])
        out.append(({x for e in edges for x in e}, edges))
    return out


def test_a_pendant_path_is_removed_and_a_triangle_kept():
    G = nx.Graph([(0, 1, {"sign": -1}), (1, 2, {"sign": -1}), (0, 2, {"sign": -1}), (2, 3, {"sign": 1}),
                  (3, 4, {"sign": -1})])
    red = reduce_graph(signed_edges(G))
    # the triangle's nodes have degree 2 too: series reductions fold it into a constant
    assert red.alive == set() and red.const == 1.0
    G.add_edges_from([(0, 3, {"sign": 1}), (1, 3, {"sign": 1})])  # now a 4-clique-ish core stays
    red = reduce_graph(signed_edges(G))
    assert 4 not in red.alive and red.alive == {0, 1, 2, 3}


def test_opposite_parallel_edges_after_a_series_step_go_to_the_constant():
    # 0 -(+)- 1 -(+)- 2 and 0 -(-)- 2: the series edge 0-2 (+) meets the direct one (-)
    G = nx.Graph([(0, 1, {"sign": 1}), (1, 2, {"sign": 1}), (0, 2, {"sign": -1}), (0, 3, {"sign": 1}),
                  (2, 3, {"sign": 1}), (0, 4, {"sign": 1}), (2, 4, {"sign": -1})])
    red = reduce_graph(signed_edges(G))
    assert red.const >= 1


@settings(max_examples=120, deadline=None)
@given(signed_graphs())
def test_reductions_keep_the_index(G):
    E = signed_edges(G)
    whole = {(a, b): (s, w) for a, b, s, w in zip(E.u, E.v, E.s, E.w)}
    red = reduce_graph(E)
    nodes, edges = whole_graph(red.adj, red.alive)
    assert brute(range(E.n), whole) == red.const + brute(nodes, edges)


@settings(max_examples=120, deadline=None)
@given(signed_graphs(max_nodes=11), st.booleans())
def test_blocks_are_networkx_blocks_in_networkx_order(G, reduce):
    E = signed_edges(G)
    red = reduce_graph(E) if reduce else Reduced(adj=adjacency(E), const=0.0, stack=[], alive=set(range(E.n)))
    got = biconnected_blocks(red.adj, red.alive)
    want = networkx_blocks(red.adj, red.alive)
    assert [(n, list(e.items())) for n, e in got] == [(n, list(e.items())) for n, e in want]


@settings(max_examples=80, deadline=None)
@given(signed_graphs(max_nodes=9))
def test_the_index_adds_up_over_blocks(G):
    E = signed_edges(G)
    adj = adjacency(E)
    alive = set(range(E.n))
    nodes, edges = whole_graph(adj, alive)
    blocks = biconnected_blocks(adj, alive)
    assert sorted(k for _n, e in blocks for k in e) == sorted(edges)
    assert brute(nodes, edges) == sum(brute(n, e) for n, e in blocks)


def test_blocks_of_a_long_path_do_not_recurse():
    # 200,000 nodes on a path plus a closing edge: one block, found without recursion
    n = 200_000
    adj = {i: {} for i in range(n)}
    for i in range(n):
        j = (i + 1) % n
        adj[i][j] = [1, 1.0]
        adj[j][i] = [1, 1.0]
    blocks = biconnected_blocks(adj, set(range(n)))
    assert len(blocks) == 1 and len(blocks[0][1]) == n
