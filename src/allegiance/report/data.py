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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import networkx as nx

from allegiance.balance import (
    alliance_fragility,
    balance_series,
    balance_summary,
    edge_strain,
    predict_signs,
)
from allegiance.balance.components import component_blocs
from allegiance.errors import ConfigError
from allegiance.model import Document, Relation, TimeFrame
from allegiance.network import build_signed_graph, relation_id, window_series
from allegiance.network.windows import choose_window
from allegiance.report.trust import cull_labels, separate_nodes, trust_sections, window_blocs

__all__ = ["ReportData", "report_data", "report_data_from_store", "BLOC_COLOURS", "choose_period", "evidence_row",
           "document_row"]

#: Colours of the largest blocs, in order (colour-blind safe, Okabe-Ito plus two).
BLOC_COLOURS = ("#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#D55E00", "#009E73",
                "#F0E442", "#7f3c8d", "#11a579", "#3969ac")
OTHER_COLOUR = "#9a9a9a"


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


def choose_period(first: str | None, last: str | None) -> str:
    """The timeline's bucket: ``"year"``, ``"month"`` or ``"day"`` for a date range.

    Examples
    --------
    >>> choose_period("1914-08-05", "2020-01-01"), choose_period("1987-02-26", "1987-10-20")
    ('year', 'month')
    >>> choose_period("2020-01-01", "2020-01-20"), choose_period(None, None)
    ('day', 'year')
    """
    if not first or not last:
        return "year"
    a, b = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    days = (b - a).days
    if days > 3 * 365:
        return "year"
    if days > 62:
        return "month"
    return "day"


_PERIOD_LEN = {"year": 4, "month": 7, "day": 10}


def _all_periods(first: str, last: str, period: str) -> list[str]:
    """Every period label from ``first`` to ``last`` (years, months or days)."""
    a, b = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    if period == "year":
        return [str(y) for y in range(a.year, b.year + 1)]
    if period == "month":
        out, (y, m) = [], (a.year, a.month)
        while (y, m) <= (b.year, b.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    return [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


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


def _component_layout(G: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    n = G.number_of_nodes()
    if n == 1:
        return {next(iter(G)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(G.nodes, key=str)
        return {a: (-70.0, 0.0), b: (70.0, 0.0)}
    pos = nx.kamada_kawai_layout(G, weight=None) if n <= 12 else nx.spring_layout(
        G, seed=seed, weight=None, iterations=60 if n < 2000 else 30, k=1.5 / math.sqrt(n))
    scale = 70 * math.sqrt(n)
    return {v: (float(x) * scale, float(y) * scale) for v, (x, y) in pos.items()}


def _layout(G: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Lay out each connected component on its own, then pack them in rows, largest first."""
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), sorted(map(str, c))))
    if not comps:
        return {}
    boxes = []
    for comp in comps:
        pos = _component_layout(G.subgraph(comp), seed)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + 90, max(ys) - min(ys) + 90))
    row_width = max(max(b[3] for b in boxes), 1.6 * math.sqrt(sum(b[3] * b[4] for b in boxes)))
    out: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in pos.items():
            out[v] = (round(x + px - x0 + 45, 1), round(y + py - y0 + 45, 1))
        x += w
        row_height = max(row_height, h)
    return out


def _prediction_confidence(p) -> float:
    """In [0, 1]: ``|2P(+) - 1|`` for the feature model; for the triad vote, the net share of the
    voting triads that agree, shrunk by one phantom neighbour so that a single shared neighbour
    gives 0.5, not certainty."""
    if p.probability is not None:
        return round(abs(2 * p.probability - 1), 3)
    return round(abs(p.score) / (p.common_neighbours + 1), 3) if p.common_neighbours else 0.0


def _prediction_pairs(G: nx.Graph, *, top_actors: int) -> list[tuple[Any, Any]]:
    """Unobserved pairs among the most connected actors that share at least one neighbour.

    All pairs with a common neighbour number in the millions on large maps; the table
    shows a few dozen, so candidates come from the ``top_actors`` best connected actors.
    """
    top = sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))[:top_actors]
    nbrs = {n: set(G[n]) for n in top}
    return [(a, b) for i, a in enumerate(top) for b in top[i + 1:]
            if b not in nbrs[a] and nbrs[a] & nbrs[b]]


def report_data(
    relations: Iterable[Relation],
    documents: Mapping[str, Document] | None = None,
    *,
    title: str = "allegiance report",
    max_drawn_nodes: int = 400,
    time_limit: float = 10.0,
    top: int = 25,
    seed: int = 0,
    balance_windows: bool = True,
    generated_from: str | None = None,
    samples: int | None = None,
    graph: nx.Graph | None = None,
    period_counts: Mapping[str, list[int]] | None = None,
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

    def rel_date(r: Relation) -> str | None:
        d = _valid_date(r.date)
        if d is None and r.doc_id in documents:
            d = _valid_date(documents[r.doc_id].date)
        return d

    dates = [rel_date(r) for r in kept]
    dated = sorted(d for d in dates if d)
    first, last = (dated[0], dated[-1]) if dated else (None, None)
    if graph is not None:
        first, last = graph.graph.get("first_date"), graph.graph.get("last_date")
    period = choose_period(first, last)
    plen = _PERIOD_LEN[period]
    # relations carry their effective date so the graph and windows agree with the page
    from dataclasses import replace

    kept = [replace(r, date=d) if d != r.date else r for r, d in zip(kept, dates)]

    G = build_signed_graph(kept) if graph is None else graph
    index = {relation_id(r): i for i, r in enumerate(kept)}

    # balance of the whole map
    summary = balance_summary(G, time_limit=time_limit, walk=G.number_of_nodes() <= 300, seed=seed)
    strain = edge_strain(G, result=summary.frustration)
    groups_found, blocs_optimal = component_blocs(G, seed=seed, time_limit=time_limit)
    fragility = alliance_fragility(G)
    predictions = predict_signs(G, _prediction_pairs(G, top_actors=200),
                                partition=summary.frustration.partition) if G.number_of_edges() else {}

    trust = trust_sections(G, kept, index, first=first, last=last, samples=samples, seed=seed,
                           time_limit=min(5.0, time_limit)) if balance_windows and graph is None else {}

    # blocs: number them by size, colour the largest ones that have at least two members
    bloc_of: dict[str, int | None] = {}
    bloc_rows: list[dict[str, Any]] = []
    groups = sorted(groups_found, key=lambda g: (-len(g), sorted(map(str, g))))
    for i, members in enumerate(g for g in groups if len(g) > 1):
        for n in members:
            bloc_of[n] = i
        bloc_rows.append({"bloc": i, "size": len(members),
                          "members": sorted([str(G.nodes[n].get("name", n)), str(n)] for n in members)})
    if trust.get("windows"):  # a long range: blocs of each window, never of the pooled century
        bloc_of, bloc_rows = window_blocs(trust["windows"], {n: str(G.nodes[n].get("name", n)) for n in G},
                                          pooled=groups)
    activity = Counter()
    for u, v, d in G.edges(data=True):
        activity[u] += d["count"]
        activity[v] += d["count"]
    order = sorted(G.nodes, key=lambda n: (-activity[n], str(n)))
    drawn = set(order[:max_drawn_nodes])
    pos = _layout(G.subgraph(drawn), seed)
    top_activity = max(activity.values(), default=1)

    nodes = []
    for n in order:
        d = G.nodes[n]
        b = bloc_of.get(n)
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": str(n), "name": str(d.get("name") or n), "kind": str(d.get("kind") or ""),
            "parent": d.get("parent"), "bloc": b,
            "colour": OTHER_COLOUR if b is None or (b >= len(BLOC_COLOURS) and not trust.get("windows"))
            else BLOC_COLOURS[b % len(BLOC_COLOURS)],
            "activity": activity[n], "degree": G.degree(n),
            "size": round(14 + 36 * math.sqrt(activity[n] / top_activity), 1),
            "x": x, "y": y, "drawn": n in drawn,
        })
    separate_nodes(nodes)  # no two discs overlap in the densest cluster
    cull_labels(nodes)

    top_weight = max((d["weight"] for *_e, d in G.edges(data=True)), default=1.0) or 1.0
    edges = []
    edge_index: dict[frozenset, str] = {}
    for i, (u, v, d) in enumerate(sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))):
        rel_idx = sorted(index[e] for e in d["evidence"] if e in index)
        s = strain.get((u, v)) or strain.get((v, u))
        eid = f"e{i}"
        edge_index[frozenset((u, v))] = eid
        edges.append({
            "id": eid, "source": str(u), "target": str(v), "sign": int(d["sign"]),
            "weight": round(float(d["weight"]), 4), "total": round(float(d["total"]), 4),
            "count": int(d["count"]), "n_positive": int(d["n_positive"]), "n_negative": int(d["n_negative"]),
            "types": dict(d["types"]), "first": d["first_date"], "last": d["last_date"],
            "past": all(kept[j].time is TimeFrame.PAST for j in rel_idx) if rel_idx else False,
            "frustrated": bool(s.frustrated) if s else False,
            "ambivalent": bool(d["ambivalent"]),
            "width": round(1.5 + 6.5 * float(d["weight"]) / top_weight, 2),
            "drawn": u in drawn and v in drawn,
            "relations": rel_idx,
        })

    rel_rows = [evidence_row(r, i, period_length=plen) for i, r in enumerate(kept)]
    docs_out = {doc_id: document_row(documents.get(doc_id)) for doc_id in sorted({r.doc_id for r in kept})}

    # timeline
    per = defaultdict(lambda: [0, 0])
    for row in rel_rows:
        if row["period"]:
            per[row["period"]][0 if row["sign"] > 0 else 1] += 1
    for label, (n_with, n_against) in (period_counts or {}).items():
        per[label][0] += n_with
        per[label][1] += n_against
    labels = _all_periods(first, last, period) if first and last else []
    if len(labels) > 400:  # a long daily range: keep only the days with relations
        labels = []
    for label in labels:
        per[label]  # touch: an empty period is shown as such
    periods = [{"label": p, "positive": c[0], "negative": c[1]} for p, c in sorted(per.items())]
    balance_rows = []
    window = None
    if trust.get("windows"):
        window = trust["windows"]["window"]
        balance_rows = trust["windows"]["windows"]
    elif balance_windows and graph is None and first and last and first != last:
        window = choose_window(first, last, sliding=False)[0]
        series = window_series(kept, window=window)
        for s in balance_series(series, walk=False, time_limit=min(1.0, time_limit), seed=seed):
            tb = s.triangle_balance
            balance_rows.append({
                "label": s.label, "nodes": s.nodes, "edges": s.edges, "negative_edges": s.negative_edges,
                "frustration": s.frustration.value,
                "normalised": None if not s.edges else round(s.normalised_frustration, 4),
                "triangle_balance": None if math.isnan(tb) else round(tb, 4),
            })

    name = {n["id"]: n["name"] for n in nodes}

    def pair_row(u: Any, v: Any, **extra: Any) -> dict[str, Any]:
        d = G[u][v]
        return {"edge": edge_index[frozenset((u, v))], "source": str(u), "target": str(v),
                "source_name": name[str(u)], "target_name": name[str(v)], "sign": int(d["sign"]),
                "weight": round(float(d["weight"]), 3), "count": int(d["count"]), **extra}

    by_weight = sorted(G.edges(data=True), key=lambda e: (-e[2]["weight"], -e[2]["count"], str(e[0]), str(e[1])))
    # a tie whose two signs cancel out (weight 0) is neither an alliance nor a rivalry
    alliances = [pair_row(u, v) for u, v, d in by_weight if d["sign"] > 0 and d["weight"] > 0][:top]
    rivalries = [pair_row(u, v) for u, v, d in by_weight if d["sign"] < 0 and d["weight"] > 0][:top]
    strained = sorted(
        # only ties a balanced map would flip: the balanced sign differs from the observed one
        ((u, v, s) for (u, v), s in strain.items() if s.balanced_sign != G[u][v]["sign"]),
        key=lambda t: (not t[2].frustrated, -t[2].unbalanced_triangles, -G[t[0]][t[1]]["weight"], str(t[0]), str(t[1])),
    )
    strained_rows = [pair_row(u, v, frustrated=s.frustrated, balanced_sign=s.balanced_sign,
                              triangles=s.triangles, unbalanced_triangles=s.unbalanced_triangles)
                     for u, v, s in strained[:top]]
    fragile = sorted(
        ((u, v, s) for (u, v), s in fragility.items() if s.shared_enemies),
        key=lambda t: (-(t[2].fragility if not math.isnan(t[2].fragility) else 0), -t[2].shared_enemies,
                       str(t[0]), str(t[1])),
    )
    fragile_rows = [pair_row(u, v, shared_enemies=s.shared_enemies, shared_friends=s.shared_friends,
                             divisive=s.divisive, fragility=round(s.fragility, 3), enemy_only=s.enemy_only)
                    for u, v, s in fragile[:top]]
    pred = sorted(
        predictions.items(),
        key=lambda kv: (-kv[1].common_neighbours, -abs(kv[1].score), str(kv[0][0]), str(kv[0][1])),
    )
    pred_rows = [{
        "source": str(u), "target": str(v), "source_name": name.get(str(u), str(u)),
        "target_name": name.get(str(v), str(v)), "sign": p.sign, "score": round(p.score, 3),
        "common_neighbours": p.common_neighbours, "method": p.method,
        "confidence": _prediction_confidence(p),
    } for (u, v), p in pred if p.common_neighbours]
    pred_rows = [row for row in pred_rows if row["confidence"] > 0][:top]  # confidence 0 is no prediction

    fr = summary.frustration
    meta = {
        "title": title,
        "generated_from": generated_from,
        "relations": len(kept),
        "relations_skipped": dict(skipped),
        "documents": len(docs_out),
        "actors": G.number_of_nodes(),
        "ties": G.number_of_edges(),
        "drawn_actors": len(drawn),
        "max_drawn_nodes": max_drawn_nodes,
        "period": period,
        "first_date": first,
        "last_date": last,
        "window": window,
        "kinds": sorted({n["kind"] for n in nodes}),
        "balance": {
            "triangles": summary.triangles.to_dict(),
            "triangle_balance": None if math.isnan(summary.triangle_balance) else round(summary.triangle_balance, 4),
            "frustration": fr.value, "optimal": bool(fr.optimal),
            "normalised": None if not summary.edges else round(summary.normalised_frustration, 4),
            "negative_edges": summary.negative_edges,
            "blocs": len(bloc_rows), "blocs_optimal": blocs_optimal,
            "verdict": trust["significance"]["verdict"] if trust else None,
            "windowed": bool(trust.get("windows")),
        },
        "bloc_meaning": trust.get("bloc_meaning"), "camps_vs_blocs": trust.get("camps_vs_blocs"),
        "bloc_colours": list(BLOC_COLOURS),
    }
    meta.update(extra_meta or {})
    return ReportData(meta=meta, nodes=nodes, edges=edges, relations=rel_rows, documents=docs_out,
                      timeline={"period": period, "periods": periods, "balance": balance_rows,
                                "windows": trust.get("windows")},
                      tables={"alliances": alliances, "rivalries": rivalries, "strained": strained_rows,
                              "fragile": fragile_rows, "blocs": bloc_rows, "predictions": pred_rows,
                              "significance": trust.get("significance"), "components": trust.get("components", []),
                              "forecast": trust.get("forecast")})


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
