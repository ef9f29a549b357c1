"""Everything the report and the web app show, computed once from relations.

:func:`report_data` turns stored relations (and the documents they come from) into
one plain, JSON-ready :class:`ReportData`: the actors and ties of the signed network
(with blocs, activity, a fixed layout and the ties a balanced map would flip), every
relation as evidence (sentence, offsets of both mentions, document), a timeline
(relations per period by sign, balance per window) and the analyst's tables
(strongest alliances and rivalries, most strained ties, fragile alliances, blocs,
predicted signs).

Drawing large maps: at most ``max_drawn_nodes`` actors (the most active ones) are
drawn; every relation stays in the data and is reachable from the search box and
the tables, so no evidence is ever dropped.

Examples
--------
>>> from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType
>>> uk, fr = Actor("GBR", "United Kingdom", ActorKind.COUNTRY), Actor("FRA", "France", ActorKind.COUNTRY)
>>> r = Relation("d1", Mention("Britain", 0, 7, uk), Mention("France", 31, 37, fr), RelationType.ALLY,
...              Evidence("Britain formed an alliance with France.", 0, 39), date="1904-04-08")
>>> data = report_data([r])
>>> len(data.nodes), data.edges[0]["sign"], data.relations[0]["marks"]
(2, 1, [[0, 7, 'source'], [31, 37, 'target']])
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

import networkx as nx

from allegiance.balance import alliance_fragility, balance_summary, edge_strain, predict_signs
from allegiance.balance.components import component_blocs
from allegiance.errors import ConfigError
from allegiance.model import Document, Relation
from allegiance.network import build_signed_graph, relation_id
from allegiance.report.drawing import BLOC_COLOURS, bloc_assignment, edge_rows, node_rows
from allegiance.report.tables import pair_tables, prediction_pairs, prediction_rows
from allegiance.report.timeline import PERIOD_LENGTH, balance_rows, choose_period, period_rows
from allegiance.report.trust import trust_sections

__all__ = ["ReportData", "report_data", "report_data_from_store", "BLOC_COLOURS", "choose_period", "evidence_row",
           "document_row"]


@dataclass(frozen=True)
class ReportData:
    """What a report shows, as plain JSON-ready lists and dicts.

    Attributes
    ----------
    meta : dict
        Title, counts, period unit, date range, balance summary, notes.
    nodes : list of dict
        ``id, name, kind, parent, bloc, colour, activity, degree, size, x, y, drawn``.
    edges : list of dict
        ``id, source, target, sign, weight, total, count, n_positive, n_negative, types,
        first, last, past, frustrated, ambivalent, relations`` (indexes into ``relations``).
    relations : list of dict
        ``id, doc, source, target, sign, type, time, date, period, confidence, directed,
        sentence, marks`` (``[start, end, "source"|"target"]`` offsets in the sentence).
    documents : dict
        Document id -> ``title, date, source, url``.
    timeline : dict
        ``periods`` (label, positive, negative) and ``balance`` (one row per window).
    tables : dict
        ``alliances, rivalries, strained, fragile, blocs, predictions``.
    """

    meta: dict[str, Any]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    documents: dict[str, dict[str, Any]]
    timeline: dict[str, Any]
    tables: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Everything as one JSON-ready dict.

        Examples
        --------
        >>> sorted(report_data([]).to_dict())
        ['documents', 'edges', 'meta', 'nodes', 'relations', 'tables', 'timeline']
        """
        return {"meta": self.meta, "nodes": self.nodes, "edges": self.edges, "relations": self.relations,
                "documents": self.documents, "timeline": self.timeline, "tables": self.tables}

    def to_json(self) -> str:
        """Compact JSON (NaN written as null).

        Examples
        --------
        >>> report_data([]).to_json().startswith('{"meta"')
        True
        """
        return json.dumps(_finite(self.to_dict()), ensure_ascii=False, separators=(",", ":"))


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _valid_date(value: Any) -> str | None:
    """An ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or None."""
    if not value:
        return None
    text = str(value).strip()[:10]
    if not _DATE.match(text):
        return None
    try:
        dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        return None
    return text


def _marks(r: Relation) -> list[list[Any]]:
    base, length = r.evidence.start, len(r.evidence.sentence)
    out = []
    for m, role in ((r.source, "source"), (r.target, "target")):
        a, b = m.start - base, m.end - base
        if 0 <= a < b <= length:
            out.append([a, b, role])
    out.sort()
    # overlapping marks (a mention inside another) keep the first only
    kept: list[list[Any]] = []
    for mark in out:
        if not kept or mark[0] >= kept[-1][1]:
            kept.append(mark)
    return kept


def evidence_row(r: Relation, i: int | None = None, *, period_length: int = 4) -> dict[str, Any]:
    """One relation as the page shows it as evidence (both actors must be resolved).

    Examples
    --------
    >>> from allegiance.model import Actor, ActorKind, Evidence, Mention, RelationType
    >>> uk, fr = Actor("GBR", "United Kingdom", ActorKind.COUNTRY), Actor("FRA", "France", ActorKind.COUNTRY)
    >>> r = Relation("d1", Mention("Britain", 0, 7, uk), Mention("France", 31, 37, fr), RelationType.ALLY,
    ...              Evidence("Britain formed an alliance with France.", 0, 39), date="1904-04-08")
    >>> row = evidence_row(r, 0, period_length=7)
    >>> row["period"], row["marks"], row["sign"]
    ('1904-04', [[0, 7, 'source'], [31, 37, 'target']], 1)
    """
    return {
        "i": i, "id": relation_id(r), "doc": r.doc_id,
        "source": r.source.actor.id, "target": r.target.actor.id,  # type: ignore[union-attr]
        "source_mention": r.source.text, "target_mention": r.target.text,
        "sign": int(r.sign), "type": r.type.value, "time": r.time.value, "date": r.date,
        "period": r.date[:period_length] if r.date else None, "confidence": round(float(r.confidence), 3),
        "directed": bool(r.directed), "sentence": r.evidence.sentence, "marks": _marks(r),
    }


def document_row(doc: Document | None) -> dict[str, Any]:
    """A document's metadata as the page shows it under its evidence (no text).

    Examples
    --------
    >>> document_row(Document(id="d1", text="...", title="Entente"))["title"]
    'Entente'
    """
    return {"title": doc.title if doc else None, "date": doc.date if doc else None,
            "source": doc.source if doc else None, "url": doc.url if doc else None,
            "origin": doc.origin if doc else None}


def _kept_relations(relations: Iterable[Relation]) -> tuple[list[Relation], Counter]:
    """The relations drawn, and how many were left out and why (unresolved, negated, self)."""
    kept: list[Relation] = []
    skipped = Counter()
    for r in relations:
        a, b = r.source.actor, r.target.actor
        if a is None or b is None:
            skipped["unresolved"] += 1
        elif r.negated:
            skipped["negated"] += 1
        elif a.id == b.id:
            skipped["self"] += 1
        else:
            kept.append(r)
    return kept, skipped


def _dated_relations(kept: list[Relation], documents: Mapping[str, Document]):
    """The relations with their effective date (their own, else their document's, if valid), and
    the first and last of those dates."""

    def rel_date(r: Relation) -> str | None:
        d = _valid_date(r.date)
        if d is None and r.doc_id in documents:
            d = _valid_date(documents[r.doc_id].date)
        return d

    dates = [rel_date(r) for r in kept]
    dated = sorted(d for d in dates if d)
    first, last = (dated[0], dated[-1]) if dated else (None, None)
    # relations carry their effective date so the graph and windows agree with the page
    return [replace(r, date=d) if d != r.date else r for r, d in zip(kept, dates)], first, last


def _evidence(kept: list[Relation], documents: Mapping[str, Document], period: str):
    """Every relation as evidence, and the metadata of the documents they come from."""
    rel_rows = [evidence_row(r, i, period_length=PERIOD_LENGTH[period]) for i, r in enumerate(kept)]
    docs_out = {doc_id: document_row(documents.get(doc_id)) for doc_id in sorted({r.doc_id for r in kept})}
    return rel_rows, docs_out


def _prepared(relations: Iterable[Relation], documents: Mapping[str, Document], graph: nx.Graph | None):
    """The relations kept (with their effective dates), those skipped, and the first and last date
    (of the aggregated ``graph`` when one is given)."""
    kept, skipped = _kept_relations(relations)
    kept, first, last = _dated_relations(kept, documents)
    if graph is not None:
        first, last = graph.graph.get("first_date"), graph.graph.get("last_date")
    return kept, skipped, first, last


@dataclass(frozen=True)
class _Analyses:
    """The balance analyses of the whole map (and, over time, ``trust``'s sections)."""

    summary: Any
    strain: Mapping
    groups: list
    blocs_optimal: bool
    fragility: Mapping
    predictions: Mapping
    trust: Mapping[str, Any]


def _analyse(G: nx.Graph, kept: list[Relation], index: Mapping[str, int], *, first: str | None, last: str | None,
             time_limit: float, seed: int, samples: int | None, over_time: bool) -> _Analyses:
    """Balance summary, strain, blocs, fragility, predicted signs and (``over_time``) the trust sections."""
    summary = balance_summary(G, time_limit=time_limit, walk=G.number_of_nodes() <= 300, seed=seed)
    strain = edge_strain(G, result=summary.frustration)
    groups_found, blocs_optimal = component_blocs(G, seed=seed, time_limit=time_limit)
    fragility = alliance_fragility(G)
    predictions = predict_signs(G, prediction_pairs(G, top_actors=200),
                                partition=summary.frustration.partition) if G.number_of_edges() else {}
    trust = trust_sections(G, kept, index, first=first, last=last, samples=samples, seed=seed,
                           time_limit=min(5.0, time_limit)) if over_time else {}
    return _Analyses(summary, strain, groups_found, blocs_optimal, fragility, predictions, trust)


def _drawn_map(G: nx.Graph, kept: list[Relation], index: Mapping[str, int], found: _Analyses,
               max_drawn_nodes: int, seed: int):
    """The bloc rows, node rows, the actors drawn, the edge rows and the edge id of each pair."""
    bloc_of, bloc_rows = bloc_assignment(G, found.groups, found.trust)
    nodes, drawn = node_rows(G, bloc_of, windowed=bool(found.trust.get("windows")),
                             max_drawn_nodes=max_drawn_nodes, seed=seed)
    edges, edge_index = edge_rows(G, kept, index, found.strain, drawn)
    return bloc_rows, nodes, drawn, edges, edge_index


def _tables(G: nx.Graph, nodes: list[dict[str, Any]], edge_index: Mapping[frozenset, str], found: _Analyses,
            bloc_rows: list[dict[str, Any]], top: int) -> dict[str, Any]:
    """The analyst's tables (:mod:`allegiance.report.tables`), the blocs and the trust sections."""
    name = {n["id"]: n["name"] for n in nodes}
    tables = pair_tables(G, name, edge_index, strain=found.strain, fragility=found.fragility, top=top)
    trust = found.trust
    return {**tables, "blocs": bloc_rows, "predictions": prediction_rows(found.predictions, name, top),
            "significance": trust.get("significance"), "components": trust.get("components", []),
            "forecast": trust.get("forecast")}


def _balance_meta(found: _Analyses, n_blocs: int) -> dict[str, Any]:
    """``meta``'s ``balance`` (the balance of the whole map in numbers, and the verdict) and what
    blocs and camps mean."""
    summary, trust = found.summary, found.trust
    fr = summary.frustration
    balance = {
        "triangles": summary.triangles.to_dict(),
        "triangle_balance": None if math.isnan(summary.triangle_balance) else round(summary.triangle_balance, 4),
        "frustration": fr.value, "optimal": bool(fr.optimal),
        "normalised": None if not summary.edges else round(summary.normalised_frustration, 4),
        "negative_edges": summary.negative_edges,
        "blocs": n_blocs, "blocs_optimal": found.blocs_optimal,
        "verdict": trust["significance"]["verdict"] if trust else None,
        "windowed": bool(trust.get("windows")),
    }
    return {"balance": balance, "bloc_meaning": trust.get("bloc_meaning"),
            "camps_vs_blocs": trust.get("camps_vs_blocs")}


def report_data(
    relations: Iterable[Relation], documents: Mapping[str, Document] | None = None, *,
    title: str = "allegiance report", max_drawn_nodes: int = 400, time_limit: float = 10.0, top: int = 25,
    seed: int = 0, balance_windows: bool = True, generated_from: str | None = None, samples: int | None = None,
    graph: nx.Graph | None = None, period_counts: Mapping[str, list[int]] | None = None,
    extra_meta: Mapping[str, Any] | None = None,
) -> ReportData:
    """Compute everything a report shows from relations and their documents.

    Parameters
    ----------
    relations : iterable of Relation
        Stored or extracted relations (consumed once). Relations without two resolved
        actors, negated ones and self-loops are counted in ``meta`` but not drawn.
    documents : mapping doc id -> Document, optional
        For titles, dates and sources of the evidence (text is not copied).
    title : str
        Shown at the top of the page.
    max_drawn_nodes : int
        Draw at most this many actors (the most active); evidence is never dropped.
    time_limit : float
        Seconds for each exact balance solve (frustration, blocs); the best solution
        found is used when it runs out, and ``meta`` says it is not proven optimal.
    top : int
        Rows per table.
    seed : int
        Seed for the layout and the heuristics (same input, same report).
    balance_windows : bool
        Compute balance per time window for the timeline.
    generated_from : str, optional
        Where the relations came from (the store), shown on the page.
    samples : int, optional
        Null-model samples for the significance verdict (default by size; see
        :mod:`allegiance.report.trust`). Documents spanning more than a few years are
        analysed in sliding windows too (``timeline["windows"]``).
    graph : networkx.Graph, optional
        An already aggregated network to show instead of building one from ``relations``
        (which should then be empty): the bounded summary of a large store
        (:func:`allegiance.report.summary.summary_data_from_store`); ``G.graph`` gives
        ``first_date`` and ``last_date``. Sliding windows are not computed for it.
    period_counts : mapping period -> [with, against], optional
        Relations per timeline period counted elsewhere (added to those of ``relations``).
    extra_meta : mapping, optional
        Entries that replace or extend ``meta`` (true counts of a summary).

    Returns
    -------
    ReportData

    Examples
    --------
    >>> report_data([]).meta["relations"]
    0
    """
    if max_drawn_nodes < 1:
        raise ConfigError(f"max_drawn_nodes must be at least 1, got {max_drawn_nodes}")
    documents = documents or {}
    kept, skipped, first, last = _prepared(relations, documents, graph)
    period = choose_period(first, last)  # the timeline's bucket
    G = build_signed_graph(kept) if graph is None else graph
    index = {relation_id(r): i for i, r in enumerate(kept)}
    over_time = balance_windows and graph is None
    found = _analyse(G, kept, index, first=first, last=last, time_limit=time_limit, seed=seed, samples=samples,
                     over_time=over_time)
    bloc_rows, nodes, drawn, edges, edge_index = _drawn_map(G, kept, index, found, max_drawn_nodes, seed)
    rel_rows, docs_out = _evidence(kept, documents, period)
    periods = period_rows(rel_rows, period_counts, first, last, period)
    window, windows_balance = balance_rows(found.trust, kept, first, last, compute=over_time, time_limit=time_limit, seed=seed)
    tables = _tables(G, nodes, edge_index, found, bloc_rows, top)
    meta = {
        "title": title, "generated_from": generated_from, "relations": len(kept), "relations_skipped": dict(skipped),
        "documents": len(docs_out), "actors": G.number_of_nodes(), "ties": G.number_of_edges(),
        "drawn_actors": len(drawn), "max_drawn_nodes": max_drawn_nodes, "period": period,
        "first_date": first, "last_date": last, "window": window, "kinds": sorted({n["kind"] for n in nodes}),
        **_balance_meta(found, len(bloc_rows)), "bloc_colours": list(BLOC_COLOURS), **(extra_meta or {}),
    }
    timeline = {"period": period, "periods": periods, "balance": windows_balance, "windows": found.trust.get("windows")}
    return ReportData(meta=meta, nodes=nodes, edges=edges, relations=rel_rows, documents=docs_out,
                      timeline=timeline, tables=tables)


def report_data_from_store(store: Any, **options: Any) -> ReportData:
    """:func:`report_data` over every relation of an open store.

    Parameters
    ----------
    store : allegiance.store.Store
        An open store.
    **options
        Passed to :func:`report_data`.

    Examples
    --------
    >>> from allegiance.store import open_store
    >>> with open_store(":memory:") as store:
    ...     report_data_from_store(store).meta["actors"]
    0
    """
    relations = list(store.iter_relations())
    documents: dict[str, Document] = {}
    for doc_id in sorted({r.doc_id for r in relations}):
        doc = store.get_document(doc_id)
        if doc is not None:
            # keep metadata only: the text is not needed once evidence is cut out
            documents[doc_id] = Document(id=doc.id, text="", title=doc.title, date=doc.date,
                                         source=doc.source, url=doc.url, origin=doc.origin)
    options.setdefault("title", "allegiance report")
    options.setdefault("generated_from", str(store.location))
    return report_data(relations, documents, **options)