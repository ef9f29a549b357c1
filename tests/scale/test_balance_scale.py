"""Balance at (a small) scale: the edge-list reader, the relation graph builder and the
heuristic frustration index on a generated signed graph with planted camps.

The full 1,000,000-edge run is ``benchmarks/balance_scale.py`` (a benchmark, not a test).
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from allegiance.balance import frustration_index
from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType
from allegiance.io import read_edge_list
from allegiance.network import build_signed_graph

EDGES, DEGREE, NOISE = 6000, 6, 0.05


def planted(edges: int = EDGES, degree: int = DEGREE, noise: float = NOISE, seed: int = 3):
    """Distinct signed edges over two planted camps, and how many edges the camps frustrate."""
    n = edges // degree
    rng = random.Random(seed)
    camp = [rng.random() < 0.5 for _ in range(n)]
    out, frustrated = [], 0
    for a in range(n):
        for offset in rng.sample(range(1, (n - 1) // 2 + 1), degree):
            b = (a + offset) % n
            sign = 1 if camp[a] == camp[b] else -1
            if rng.random() < noise:
                sign, frustrated = -sign, frustrated + 1
            out.append((a, b, sign))
    return out, frustrated


@pytest.fixture(scope="module")
def graph_edges():
    return planted()


@pytest.mark.slow
def test_edge_list_reader_keeps_every_distinct_edge(tmp_path, graph_edges):
    edges, _ = graph_edges
    path = tmp_path / "edges.csv"
    path.write_text("source,target,sign\n" + "".join(f"n{a},n{b},{s}\n" for a, b, s in edges), encoding="utf-8")
    G = read_edge_list(path)
    assert G.number_of_edges() == EDGES
    assert sum(1 for *_, s in G.edges(data="sign") if s < 0) == sum(1 for *_, s in edges if s < 0)


@pytest.mark.slow
def test_relation_builder_streams_many_relations_into_one_edge_each(graph_edges):
    edges, _ = graph_edges
    actors = {}
    evidence = Evidence("A generated sentence.", 0, 21)

    def actor(i):
        return actors.setdefault(i, Actor(f"N{i}", f"Node {i}", ActorKind.GROUP))

    relations = (
        Relation(f"d{k}", Mention("x", 0, 1, actor(a)), Mention("y", 2, 3, actor(b)),
                 RelationType.ALLY if s > 0 else RelationType.OPPOSE, evidence)
        for k, (a, b, s) in enumerate(edges)
    )
    G = build_signed_graph(relations)
    assert G.number_of_edges() == EDGES
    assert all(G[f"N{a}"][f"N{b}"]["sign"] == s for a, b, s in edges[:500])


@pytest.mark.slow
def test_heuristic_frustration_is_bounded_by_the_planted_camps(graph_edges):
    edges, frustrated = graph_edges
    G = nx.Graph()
    G.add_edges_from((a, b, {"sign": s}) for a, b, s in edges)
    result = frustration_index(G, method="heuristic")
    assert result.lower_bound <= result.value <= frustrated
    assert result.value > 0  # the noise does frustrate edges
    # the partition the heuristic reports frustrates exactly `value` edges
    part = result.partition
    assert sum(1 for a, b, s in edges if (s > 0) != (part[a] == part[b])) == result.value
