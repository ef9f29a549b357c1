"""allegiance.io: the annotated network as networkx/pandas objects, and exports.

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
    annotate_balance,
    component_blocs,
    edges_frame,
    nodes_frame,
    relations_frame,
    to_networkx,
)

__all__ = [
    "EDGE_COLUMNS",
    "FORMATS",
    "NODE_COLUMNS",
    "RELATION_COLUMNS",
    "ExportResult",
    "annotate_balance",
    "component_blocs",
    "edges_frame",
    "export_graph",
    "export_store",
    "flatten_graph",
    "nodes_frame",
    "read_graph",
    "read_table",
    "relations_frame",
    "signed_for_export",
    "table_paths",
    "to_networkx",
]
