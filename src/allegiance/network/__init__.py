"""allegiance.network: signed, weighted, temporal graphs (networkx) of who stands with whom.

:func:`build_signed_graph` aggregates extracted relations (one edge per actor pair,
weighted vote on the sign, evidence ids kept) and :func:`graph_of_store` does it for the
relations of a store; :func:`sum_pairs` is the rule that collapses the rows of one pair
of an edge list (read by :mod:`allegiance.io.edgelist`), and :class:`EdgeArrays` holds
such a graph as flat numpy arrays for networks of a million edges.

Examples
--------
>>> import networkx as nx
>>> from allegiance.network import build_signed_graph
>>> build_signed_graph([]).number_of_edges()
0
"""

from allegiance.network.build import (
    Window,
    build_signed_graph,
    graph_of_store,
    parse_duration,
    relation_id,
    window_series,
)
from allegiance.network.edgelist import EdgeArrays, collapse_arrays, sum_pairs

__all__ = [
    "EdgeArrays",
    "Window",
    "build_signed_graph",
    "collapse_arrays",
    "graph_of_store",
    "parse_duration",
    "relation_id",
    "sum_pairs",
    "window_series",
]
