"""The annotated signed network of a store, as a networkx graph and as pandas tables.

:func:`to_networkx` builds the actor graph (one edge per pair, see
:func:`allegiance.network.build_signed_graph`) and annotates it with the balance
analysis (:func:`allegiance.balance.annotate.annotate_balance`): each node's ``bloc`` and ``activity``, each edge's dominant ``type``,
``first_seen``/``last_seen``, whether it is ``past`` only and whether the optimal
balance colouring marks it ``frustrated``. :func:`edges_frame`, :func:`nodes_frame`
and :func:`relations_frame` are the pandas views for notebooks.

Examples
--------
>>> from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType
>>> a, b = Actor("A", "Alpha", ActorKind.PARTY), Actor("B", "Beta", ActorKind.PARTY)
>>> r = Relation("d1", Mention("Alpha", 0, 5, a), Mention("Beta", 17, 21, b), RelationType.ALLY,
...              Evidence("Alpha allied with Beta.", 0, 23), date="2020-01-01")
>>> G = to_networkx([r])
>>> G["A"]["B"]["type"], G["A"]["B"]["frustrated"], G.nodes["A"]["bloc"]
('ally', False, 0)
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
import pandas as pd

from allegiance.balance.annotate import annotate_balance
from allegiance.model import Relation, TimeFrame
from allegiance.network import build_signed_graph, relation_id
from allegiance.store import open_store

__all__ = [
    "EDGE_COLUMNS",
    "NODE_COLUMNS",
    "RELATION_COLUMNS",
    "edges_frame",
    "nodes_frame",
    "relations_frame",
    "to_networkx",
]

#: Columns of :func:`edges_frame`, in order.
EDGE_COLUMNS = ("source", "target", "sign", "weight", "type", "types", "count", "n_positive", "n_negative",
                "positive", "negative", "first_seen", "last_seen", "past", "frustrated", "ambivalent", "evidence")
#: Columns of :func:`nodes_frame`, in order.
NODE_COLUMNS = ("id", "name", "kind", "parent", "bloc", "activity", "degree", "first_seen", "last_seen")
#: Columns of :func:`relations_frame`, in order.
RELATION_COLUMNS = ("id", "doc_id", "date", "source", "source_name", "source_kind", "source_mention", "target",
                    "target_name", "target_kind", "target_mention", "sign", "type", "time", "directed",
                    "negated", "confidence", "sentence", "sentence_start", "sentence_end")


def _relations_of(source: Any) -> list[Relation]:
    if hasattr(source, "iter_relations"):
        return list(source.iter_relations())
    if isinstance(source, (str, Path)):
        with open_store(source, create=False) as store:
            store.verify()  # a corrupted store is refused, not exported half-read
            return list(store.iter_relations())
    return list(source)


def to_networkx(source: Any, *, annotate: bool = True, seed: int = 0, time_limit: float | None = 10.0,
                **options: Any) -> nx.Graph:
    """The annotated signed actor network of a store (or of relations).

    Parameters
    ----------
    source : Store, str, path or iterable of Relation
        An open store, a store location, or relations.
    annotate : bool
        Add the balance annotations (``bloc``, ``frustrated``); see
        :func:`allegiance.balance.annotate.annotate_balance`.
    seed, time_limit
        For the balance solves.
    **options
        Passed to :func:`allegiance.network.build_signed_graph` (``since``, ``until``,
        ``kinds``, ``half_life_days``, ``collapse_factions``...).

    Returns
    -------
    networkx.Graph
        Nodes: ``name, kind, parent, bloc, activity, first_seen, last_seen``. Edges: ``sign,
        weight, type, types, count, n_positive, n_negative, positive, negative, first_seen,
        last_seen, past, frustrated, ambivalent, evidence`` (relation ids) and
        ``periods`` (``[(year, net sign), ...]``, 0 where a year's signs cancel; used for GEXF dynamics).

    Examples
    --------
    >>> to_networkx([]).number_of_nodes()
    0
    """
    relations = _relations_of(source)
    G = build_signed_graph(relations, **options)
    by_id = {relation_id(r): r for r in relations}
    seen: dict[Any, list[str]] = {}
    activity: Counter = Counter()
    for u, v, d in G.edges(data=True):
        rels = [by_id[e] for e in d["evidence"] if e in by_id]
        d["type"] = sorted(d["types"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if d["types"] else ""
        d["first_seen"], d["last_seen"] = d.pop("first_date"), d.pop("last_date")
        d["past"] = bool(rels) and all(r.time is TimeFrame.PAST for r in rels)
        per_year: dict[str, float] = {}
        for r in rels:
            if r.date:
                per_year[r.date[:4]] = per_year.get(r.date[:4], 0.0) + int(r.sign) * float(r.confidence)
        # a year whose signs cancel has sign 0 (as a tie of weight 0 has in every export)
        d["periods"] = [(y, 1 if s > 1e-12 else -1 if s < -1e-12 else 0) for y, s in sorted(per_year.items())]
        for n in (u, v):
            activity[n] += d["count"]
            for date in (d["first_seen"], d["last_seen"]):
                if date:
                    seen.setdefault(n, []).append(date)
    for n, d in G.nodes(data=True):
        dates = sorted(seen.get(n, []))
        d["activity"] = activity[n]
        d["first_seen"] = dates[0] if dates else None
        d["last_seen"] = dates[-1] if dates else None
        d["bloc"] = -1
    for u, v, d in G.edges(data=True):
        d["frustrated"] = False
    if annotate:
        annotate_balance(G, seed=seed, time_limit=time_limit)
    return G


def edges_frame(G: nx.Graph):
    """One row per tie (columns :data:`EDGE_COLUMNS`; ``types`` and ``evidence`` as JSON text).

    Examples
    --------
    >>> import networkx as nx
    >>> list(edges_frame(to_networkx([])).columns)[:3]
    ['source', 'target', 'sign']
    """
    rows = []
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        rows.append({
            "source": str(u), "target": str(v), "sign": int(d["sign"]), "weight": float(d["weight"]),
            "type": d.get("type", ""), "types": json.dumps(d.get("types", {}), sort_keys=True),
            "count": int(d.get("count", 0)), "n_positive": int(d.get("n_positive", 0)),
            "n_negative": int(d.get("n_negative", 0)), "positive": float(d.get("positive", 0.0)),
            "negative": float(d.get("negative", 0.0)), "first_seen": d.get("first_seen"),
            "last_seen": d.get("last_seen"), "past": bool(d.get("past", False)),
            "frustrated": bool(d.get("frustrated", False)), "ambivalent": bool(d.get("ambivalent", False)),
            "evidence": json.dumps(list(d.get("evidence", []))),
        })
    frame = pd.DataFrame(rows, columns=list(EDGE_COLUMNS))
    return _typed(frame, {"sign": "int64", "count": "int64", "n_positive": "int64", "n_negative": "int64",
                          "weight": "float64", "positive": "float64", "negative": "float64",
                          "past": "bool", "frustrated": "bool", "ambivalent": "bool"})


def nodes_frame(G: nx.Graph):
    """One row per actor (columns :data:`NODE_COLUMNS`).

    Examples
    --------
    >>> list(nodes_frame(to_networkx([])).columns)[:3]
    ['id', 'name', 'kind']
    """
    rows = [{
        "id": str(n), "name": d.get("name") or str(n), "kind": d.get("kind") or "", "parent": d.get("parent"),
        "bloc": int(d.get("bloc", -1)), "activity": int(d.get("activity", 0)), "degree": int(G.degree(n)),
        "first_seen": d.get("first_seen"), "last_seen": d.get("last_seen"),
    } for n, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0]))]
    frame = pd.DataFrame(rows, columns=list(NODE_COLUMNS))
    return _typed(frame, {"bloc": "int64", "activity": "int64", "degree": "int64"})


def relations_frame(source: Any):
    """One row per relation with its evidence (columns :data:`RELATION_COLUMNS`).

    Parameters
    ----------
    source : Store, str, path or iterable of Relation

    Examples
    --------
    >>> len(relations_frame([]))
    0
    """
    rows = []
    for r in _relations_of(source):
        a, b = r.source.actor, r.target.actor
        rows.append({
            "id": relation_id(r), "doc_id": r.doc_id, "date": r.date,
            "source": a.id if a else None, "source_name": a.name if a else None,
            "source_kind": a.kind.value if a else None, "source_mention": r.source.text,
            "target": b.id if b else None, "target_name": b.name if b else None,
            "target_kind": b.kind.value if b else None, "target_mention": r.target.text,
            "sign": int(r.sign), "type": r.type.value, "time": r.time.value, "directed": bool(r.directed),
            "negated": bool(r.negated), "confidence": float(r.confidence), "sentence": r.evidence.sentence,
            "sentence_start": int(r.evidence.start), "sentence_end": int(r.evidence.end),
        })
    frame = pd.DataFrame(rows, columns=list(RELATION_COLUMNS))
    return _typed(frame, {"sign": "int64", "directed": "bool", "negated": "bool", "confidence": "float64",
                          "sentence_start": "int64", "sentence_end": "int64"})


def _typed(frame, numeric: dict[str, str]):
    """Numeric columns typed; every other column a nullable string column."""
    for col in frame.columns:
        frame[col] = frame[col].astype(numeric[col]) if col in numeric else frame[col].astype("string")
    return frame
