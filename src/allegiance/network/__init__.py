"""allegiance.network: signed, weighted, temporal graphs (networkx) of who stands with whom.

Two ways in: :func:`build_signed_graph` aggregates extracted relations (one edge per
actor pair, weighted vote on the sign, evidence ids kept), and :func:`read_edge_list`
reads a CSV edge list ``source,target,sign[,weight][,time]`` collapsing multi-row pairs
by the sign of their summed signed weight; :func:`read_edge_arrays` reads the same graph
into flat numpy arrays (:class:`EdgeArrays`) for networks of a million edges.

Examples
--------
>>> import networkx as nx
>>> from allegiance.network import build_signed_graph
>>> build_signed_graph([]).number_of_edges()
0
"""

from allegiance.network.build import Window, build_signed_graph, parse_duration, relation_id, window_series
from allegiance.network.edgelist import (
    EDGE_COLUMNS,
    EdgeArrays,
    parse_edge_rows,
    read_edge_arrays,
    read_edge_list,
    read_edge_list_windows,
)

__all__ = [
    "EDGE_COLUMNS",
    "EdgeArrays",
    "Window",
    "build_signed_graph",
    "parse_duration",
    "parse_edge_rows",
    "read_edge_arrays",
    "read_edge_list",
    "read_edge_list_windows",
    "relation_id",
    "window_series",
]
