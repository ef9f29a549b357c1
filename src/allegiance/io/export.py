"""Exports of the annotated network to the tools analysts already use.

========  =======================================================================
format    what is written
========  =======================================================================
graphml   GraphML (yEd, Cytoscape, igraph, R); lists and dicts as JSON text
gexf      GEXF 1.2 for Gephi, dynamic: nodes and edges carry ``start``/``end`` (first
          and last seen) and each edge a dynamic ``sign_by_year`` attribute
json      networkx node-link JSON (lists and dicts kept as JSON)
csv       ``PATH`` = one row per tie; ``<stem>.nodes.csv`` and ``<stem>.relations.csv`` beside it
          (UTF-8, CRLF rows, missing values and empty strings both written as empty fields;
          text cells that a spreadsheet would run as a formula are neutralised, see
          :func:`neutralise_formulas`)
parquet   the same three tables as Parquet (pyarrow)
========  =======================================================================

Ambivalent ties whose signs cancel exactly (``weight`` 0: as much positive as negative
evidence) are written with ``sign`` 0 in every format, and a year whose signs cancel has
sign 0 in ``periods``/``sign_by_year`` (see :func:`signed_for_export`). The analysis
graph itself keeps a ±1 sign for them (the most recent relation's sign, else −1), as
balance measures need one; ``ambivalent`` flags ties whose weaker side is strong.

Every file is written to a temporary file in the target folder and renamed when
complete, so a crash never leaves half an export. :func:`read_graph` and
:func:`read_table` read the files back with the attribute types restored.

Examples
--------
>>> import os, tempfile
>>> from allegiance.io import to_networkx
>>> path = os.path.join(tempfile.mkdtemp(), "g.graphml")
>>> result = export_graph(to_networkx([]), path, "graphml")
>>> result.paths == [path], read_graph(path).number_of_nodes()
(True, 0)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from pandas.api.types import is_object_dtype, is_string_dtype

from allegiance.errors import ConfigError, InputError
from allegiance.io.atomic import atomic_path
from allegiance.io.graph import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    RELATION_COLUMNS,
    _relations_of,
    _typed,
    edges_frame,
    nodes_frame,
    relations_frame,
    to_networkx,
)

__all__ = ["FORMATS", "FORMULA_TRIGGERS", "ExportResult", "export_graph", "export_store", "flatten_graph",
           "neutralise_formulas", "read_graph", "read_table", "signed_for_export", "table_paths"]

FORMATS = ("graphml", "gexf", "json", "csv", "parquet")
_JSON_ATTRS = ("types", "evidence", "periods")


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    format: str
    paths: list[str]
    nodes: int
    edges: int
    relations: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """As a JSON-ready dict.

        Examples
        --------
        >>> ExportResult("csv", ["a.csv"], 1, 0).to_dict()["paths"]
        ['a.csv']
        """
        return {"format": self.format, "paths": self.paths, "nodes": self.nodes, "edges": self.edges,
                "relations": self.relations}


def _year_span(year: str) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


def flatten_graph(G: nx.Graph, fmt: str = "graphml") -> nx.Graph:
    """A copy of an annotated graph whose attribute values GraphML/GEXF can hold.

    ``None`` values are left out, ``types``, ``evidence`` and ``periods`` become JSON
    text. For ``fmt="gexf"`` nodes and edges also get ``label``, ``start`` and ``end``
    (first and last seen), edges a dynamic ``sign_by_year`` attribute, and the edge
    ``type`` is written as ``relation_type`` (GEXF keeps ``type`` for directedness).

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("a", "b", sign=1, types={"ally": 1}, first_seen=None)
    >>> flatten_graph(G)["a"]["b"]
    {'sign': 1, 'types': '{"ally": 1}'}
    """
    H = nx.Graph()
    for k, v in G.graph.items():
        if isinstance(v, (str, int, float, bool)):
            H.graph[k] = v
    for n, d in G.nodes(data=True):
        attrs = {k: _flat(k, v) for k, v in d.items() if v is not None}
        if fmt == "gexf":
            attrs["label"] = str(d.get("name") or n)
            if d.get("first_seen"):
                attrs["start"] = d["first_seen"]
            if d.get("last_seen"):
                attrs["end"] = d["last_seen"]
        H.add_node(str(n), **attrs)
    for u, v, d in G.edges(data=True):
        attrs = {k: _flat(k, val) for k, val in d.items() if val is not None}
        if fmt == "gexf":
            if d.get("first_seen"):
                attrs["start"] = d["first_seen"]
            if d.get("last_seen"):
                attrs["end"] = d["last_seen"]
            if d.get("periods"):
                attrs["sign_by_year"] = [(int(s), *_year_span(y)) for y, s in d["periods"]]
            if "type" in attrs:  # "type" is GEXF's own edge attribute (directed/undirected)
                attrs["relation_type"] = attrs.pop("type")
        H.add_edge(str(u), str(v), **attrs)
    if fmt == "gexf":
        H.graph["mode"] = "dynamic"
    return H


def _flat(key: str, value: Any) -> Any:
    if key in _JSON_ATTRS or isinstance(value, (list, tuple, dict)):
        return json.dumps(value, sort_keys=True)
    return value


def table_paths(path: str | os.PathLike[str]) -> dict[str, Path]:
    """Where the edge, node and relation tables of a CSV/Parquet export go.

    Examples
    --------
    >>> {k: p.name for k, p in table_paths("out/ties.csv").items()}
    {'edges': 'ties.csv', 'nodes': 'ties.nodes.csv', 'relations': 'ties.relations.csv'}
    """
    p = Path(path)
    return {"edges": p, "nodes": p.with_name(f"{p.stem}.nodes{p.suffix}"),
            "relations": p.with_name(f"{p.stem}.relations{p.suffix}")}


def signed_for_export(G: nx.Graph) -> nx.Graph:
    """``G``, or a copy of it whose ties with cancelling signs (weight 0) have ``sign`` 0.

    A tie with zero weight has as much positive as negative evidence; the sign the
    analysis graph gives it to keep balance measures defined is not a finding, so
    every export writes 0 instead.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=-1, weight=0.0, positive=0.8, negative=0.8)
    >>> G.add_edge("b", "c", sign=-1, weight=0.8, positive=0.0, negative=0.8)
    >>> H = signed_for_export(G)
    >>> H["a"]["b"]["sign"], H["b"]["c"]["sign"], G["a"]["b"]["sign"]
    (0, -1, -1)
    """
    cancelled = [(u, v) for u, v, d in G.edges(data=True)
                 if d.get("weight") == 0 and d.get("positive", 0) > 0 and d.get("negative", 0) > 0]
    if not cancelled:
        return G
    H = G.copy()
    for u, v in cancelled:
        H[u][v]["sign"] = 0
    return H


def export_graph(G: nx.Graph, path: str | os.PathLike[str], fmt: str, *, relations: Any = None) -> ExportResult:
    """Write an annotated graph (from :func:`allegiance.io.to_networkx`) in one format.

    Parameters
    ----------
    G : networkx.Graph
        The annotated network.
    path : path
        The file to write (for ``csv``/``parquet``: the edge table; the node and relation
        tables go beside it, see :func:`table_paths`).
    fmt : {"graphml", "gexf", "json", "csv", "parquet"}
    relations : iterable of Relation, optional
        For the relation table of ``csv``/``parquet`` (left out when None).

    Ties whose signs cancel (weight 0) are written with sign 0 (:func:`signed_for_export`).

    Returns
    -------
    ExportResult

    Examples
    --------
    >>> import os, tempfile
    >>> G = nx.Graph(); G.add_edge("a", "b", sign=-1, weight=1.0)
    >>> export_graph(G, os.path.join(tempfile.mkdtemp(), "g.gexf"), "gexf").edges
    1
    """
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    G = signed_for_export(G)
    target = Path(path)
    written: list[str] = []
    n_rel = None
    if fmt == "graphml":
        with atomic_path(target) as tmp:
            nx.write_graphml(flatten_graph(G, "graphml"), tmp, named_key_ids=True)
        written.append(str(target))
    elif fmt == "gexf":
        with atomic_path(target) as tmp:
            nx.write_gexf(flatten_graph(G, "gexf"), tmp)
        written.append(str(target))
    elif fmt == "json":
        payload = {"format": "allegiance-graph", "version": 1,
                   "graph": nx.node_link_data(G, edges="edges")}
        with atomic_path(target) as tmp:
            tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        written.append(str(target))
    else:
        paths = table_paths(target)
        frames = {"edges": edges_frame(G), "nodes": nodes_frame(G)}
        if relations is not None:
            frames["relations"] = relations_frame(relations)
            n_rel = len(frames["relations"])
        for name, frame in frames.items():
            with atomic_path(paths[name]) as tmp:
                if fmt == "csv":
                    # "\r\n" rows: fields holding a lone "\r" or "\n" get quoted, so they round-trip
                    neutralise_formulas(frame).to_csv(tmp, index=False, lineterminator="\r\n")
                else:
                    try:
                        frame.to_parquet(tmp, index=False)
                    except ImportError as exc:
                        raise ConfigError("Parquet needs pyarrow", hint="pip install pyarrow") from exc
            written.append(str(paths[name]))
    return ExportResult(fmt, written, G.number_of_nodes(), G.number_of_edges(), n_rel)


#: A text cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame):
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas (CSV injection).

    Article text and actor names are hostile input: a cell such as
    ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would run when the CSV is opened
    in a spreadsheet. As OWASP advises, every *text* cell starting with
    ``= + - @``, a tab or a carriage return gets a single quote in front (which
    spreadsheets show as text and hide). Cells already starting with a single quote
    get one more, so :func:`read_table` can take exactly one off and every value
    round-trips. Numeric columns (``sign``, ``weight``, ``confidence`` ...) are
    written as numbers and left alone: ``-1`` there is a number, not a formula.
    Only CSV is neutralised; GraphML, GEXF, JSON and Parquet are not read as
    formulas and are written unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"name": ["=HYPERLINK(1)", "-x", "'q", "ok"], "sign": [-1, 1, -1, 1]})
    >>> out = neutralise_formulas(frame)
    >>> out["name"].tolist(), out["sign"].tolist()
    (["'=HYPERLINK(1)", "'-x", "''q", 'ok'], [-1, 1, -1, 1])
    """
    out = frame.copy()
    for column in out.columns:
        if is_object_dtype(out[column]) or is_string_dtype(out[column]):
            out[column] = out[column].map(_neutralise_cell)
    return out


def _neutralise_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith((*FORMULA_TRIGGERS, "'")):
        return "'" + value
    return value


def _restore_cell(value: Any) -> Any:
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def export_store(source: Any, path: str | os.PathLike[str], fmt: str, **options: Any) -> ExportResult:
    """Build the annotated network of a store and export it (see :func:`export_graph`).

    Parameters
    ----------
    source : Store, str, path or iterable of Relation
    path : path
    fmt : str
    **options
        Passed to :func:`allegiance.io.to_networkx`.

    Examples
    --------
    >>> import os, tempfile
    >>> export_store([], os.path.join(tempfile.mkdtemp(), "e.csv"), "csv").paths[0].endswith("e.csv")
    True
    """
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    relations = _relations_of(source)
    G = to_networkx(relations, **options)
    return export_graph(G, path, fmt, relations=relations if fmt in ("csv", "parquet") else None)


def _decode(d: dict[str, Any]) -> None:
    for k in _JSON_ATTRS:
        if isinstance(d.get(k), str):
            d[k] = json.loads(d[k])
    if "periods" in d:
        d["periods"] = [tuple(p) for p in d["periods"]]


def read_graph(path: str | os.PathLike[str], fmt: str | None = None) -> nx.Graph:
    """Read a GraphML, GEXF or JSON export back, with JSON attributes decoded.

    Examples
    --------
    >>> import os, tempfile
    >>> G = nx.Graph(); G.add_edge("a", "b", sign=1, types={"ally": 2})
    >>> p = os.path.join(tempfile.mkdtemp(), "g.graphml")
    >>> _ = export_graph(G, p, "graphml")
    >>> read_graph(p)["a"]["b"]["types"]
    {'ally': 2}
    """
    p = Path(path)
    fmt = (fmt or p.suffix.lstrip(".")).lower()
    try:
        if fmt == "graphml":
            G = nx.read_graphml(p)
        elif fmt == "gexf":
            G = nx.read_gexf(p)
            for *_e, d in G.edges(data=True):
                if "relation_type" in d:
                    d["type"] = d.pop("relation_type")
        elif fmt == "json":
            payload = json.loads(p.read_text(encoding="utf-8"))
            G = nx.node_link_graph(payload["graph"], edges="edges")
            for _n, d in G.nodes(data=True):
                _decode(d)
            for *_e, d in G.edges(data=True):
                if "periods" in d:
                    d["periods"] = [tuple(x) for x in d["periods"]]
            return G
        else:
            raise ConfigError(f"cannot read {fmt!r} as a graph", hint="use graphml, gexf or json")
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"cannot read the export ({exc})", path=str(p), hint="give a file written by allegiance export") from exc
    for _n, d in G.nodes(data=True):
        _decode(d)
    for *_e, d in G.edges(data=True):
        _decode(d)
    return G


def read_table(path: str | os.PathLike[str]):
    """Read a CSV or Parquet table of an export back with the column types it was written with.

    Examples
    --------
    >>> import os, tempfile
    >>> from allegiance.io import to_networkx
    >>> p = os.path.join(tempfile.mkdtemp(), "e.parquet")
    >>> _ = export_graph(to_networkx([]), p, "parquet")
    >>> list(read_table(p).columns)[:2]
    ['source', 'target']
    """
    p = Path(path)
    try:
        frame = pd.read_parquet(p) if p.suffix.lower() == ".parquet" else pd.read_csv(
            p, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the table ({exc})", path=str(p), hint="give a file written by allegiance export") from exc
    if p.suffix.lower() != ".parquet":  # undo neutralise_formulas: one quote off each text cell
        for column in frame.columns:
            frame[column] = frame[column].map(_restore_cell)
    cols = tuple(frame.columns)
    numeric = {"sign": "int64", "count": "int64", "n_positive": "int64", "n_negative": "int64",
               "weight": "float64", "positive": "float64", "negative": "float64", "bloc": "int64",
               "activity": "int64", "degree": "int64", "confidence": "float64", "sentence_start": "int64",
               "sentence_end": "int64"}
    if cols not in (EDGE_COLUMNS, NODE_COLUMNS, RELATION_COLUMNS):
        raise InputError("not an allegiance export table", path=str(p), hint="give a file written by allegiance export")
    for col in ("past", "frustrated", "ambivalent", "directed", "negated"):
        if col in frame.columns and frame[col].dtype != bool:
            frame[col] = frame[col].map({"True": True, "False": False, True: True, False: False})
            numeric[col] = "bool"
    for col in ("past", "frustrated", "ambivalent", "directed", "negated"):
        numeric.setdefault(col, "bool")
    return _typed(frame, {k: v for k, v in numeric.items() if k in frame.columns})
