"""allegiance.io: edge lists in, the annotated network as networkx/pandas objects, and exports.

:func:`read_edge_list` reads a CSV edge list ``source,target,sign[,weight][,time]``
collapsing multi-row pairs by the sign of their summed signed weight (and
:func:`read_edge_list_windows` one graph per time label); :func:`read_edge_arrays` reads
the same graph into flat numpy arrays (:class:`allegiance.network.EdgeArrays`).

:func:`to_networkx` builds the signed actor network of a store with its balance
annotations (bloc, frustrated, first/last seen, dominant type); :func:`edges_frame`,
:func:`nodes_frame` and :func:`relations_frame` are pandas views for notebooks;
:func:`export_store` writes GraphML, GEXF (dynamic, for Gephi), node-link JSON, CSV or
Parquet, atomically; :func:`read_graph` and :func:`read_table` read them back.

Examples
--------
>>> from allegiance.io import to_networkx, edges_frame
>>> len(edges_frame(to_networkx([])))
0
"""

from allegiance.io.edgelist import (
    EDGE_COLUMNS as EDGE_LIST_COLUMNS,
    parse_edge_rows,
    read_edge_arrays,
    read_edge_list,
    read_edge_list_windows,
)
from allegiance.io.export import (
    FORMATS,
    ExportResult,
    export_graph,
    export_store,
    flatten_graph,
    read_graph,
    read_table,
    signed_for_export,
    table_paths,
)
from allegiance.io.graph import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    RELATION_COLUMNS,
    edges_frame,
    nodes_frame,
    relations_frame,
    to_networkx,
)

__all__ = [
    "EDGE_COLUMNS",
    "EDGE_LIST_COLUMNS",
    "FORMATS",
    "NODE_COLUMNS",
    "RELATION_COLUMNS",
    "ExportResult",
    "edges_frame",
    "export_graph",
    "export_store",
    "flatten_graph",
    "parse_edge_rows",
    "read_edge_arrays",
    "read_edge_list",
    "read_edge_list_windows",
    "nodes_frame",
    "read_graph",
    "read_table",
    "relations_frame",
    "signed_for_export",
    "table_paths",
    "to_networkx",
]
