"""Hypothesis strategies for small signed graphs, shared by the balance tests."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import strategies as st

__all__ = ["signed_graphs"]


@st.composite
def signed_graphs(draw, min_nodes=1, max_nodes=9):
    """A simple undirected graph on ``0..n-1`` with a random subset of edges, each +1 or -1."""
    n = draw(st.integers(min_nodes, max_nodes))
    pairs = list(itertools.combinations(range(n), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for u, v in chosen:
        G.add_edge(u, v, sign=draw(st.sampled_from((1, -1))))
    return G
