"""The JSON API of the web app: actors, relations (keyset pages), evidence, graph, balance, documents.

An :class:`fastapi.APIRouter` included by :func:`allegiance.web.create_app`; every route gets
the app's :class:`allegiance.web.context.AppContext` through ``Depends(app_context)``.

Examples
--------
>>> sorted(r.path for r in router.routes)[:2]
['/api/actors', '/api/balance']
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from allegiance.balance import balance_series, balance_summary
from allegiance.io import to_networkx
from allegiance.model import ActorKind, Relation
from allegiance.network import build_signed_graph, relation_id, window_series
from allegiance.report import document_row, evidence_row
from allegiance.store.pages import RelationFilter, count_relations, last_relation_seq, relations_after
from allegiance.web.context import AppContext, app_context

__all__ = ["router"]

_MAX_PAGE = 1000
router = APIRouter()


def _relation_json(r: Relation) -> dict[str, Any]:
    data = r.to_dict()
    data["id"] = relation_id(r)
    return data


def _page(items: Iterator[Any], *, limit: int, offset: int, request: Request) -> dict[str, Any]:
    """One page of a stream plus the total count (the stream is read to its end)."""
    total = 0
    out = []
    for item in items:
        if offset <= total < offset + limit:
            out.append(item)
        total += 1
    nxt = None
    if offset + limit < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"total": total, "limit": limit, "offset": offset, "next": nxt, "items": out}


@router.get("/api/status", tags=["store"])
def api_status(ctx: AppContext = Depends(app_context)) -> dict[str, int]:
    """Store counts (documents, duplicates, rejected, actors, relations, schema version)."""
    with ctx.store() as s:
        return s.status().to_dict()

@router.get("/api/actors", tags=["network"])
def api_actors(
    request: Request,
    kind: ActorKind | None = Query(None, description="Only actors of this kind."),
    q: str | None = Query(None, max_length=200, description="Case-insensitive part of the name or id."),
    limit: int = Query(100, ge=1, le=_MAX_PAGE),
    offset: int = Query(0, ge=0),
    ctx: AppContext = Depends(app_context),
) -> dict[str, Any]:
    """Actors that take part in stored relations, by id, paginated."""
    needle = (q or "").casefold()
    with ctx.store() as s:
        actors = [a for a in s.iter_actors()
                  if (kind is None or a.kind is kind)
                  and (not needle or needle in a.name.casefold() or needle in a.id.casefold())]
    rows = ({"id": a.id, "name": a.name, "kind": a.kind.value, "parent": a.parent, "aliases": list(a.aliases)}
            for a in actors)
    return _page(rows, limit=limit, offset=offset, request=request)

@router.get("/api/relations", tags=["network"])
def api_relations(
    request: Request,
    actor: str | None = Query(None, max_length=200, description="Actor id (as source or target)."),
    other: str | None = Query(None, max_length=200, description="With ``actor``: only relations between "
                              "the two actors, either way round."),
    since: dt.date | None = Query(None, description="On or after this date."),
    until: dt.date | None = Query(None, description="On or before this date."),
    sign: int | None = Query(None, ge=-1, le=1, description="1: with, -1: against."),
    limit: int = Query(100, ge=1, le=_MAX_PAGE),
    offset: int = Query(0, ge=0, description="Matching relations to skip (``after`` is cheaper)."),
    after: int | None = Query(None, ge=0, description="The ``cursor`` of the previous page: continue after it."),
    ctx: AppContext = Depends(app_context),
) -> dict[str, Any]:
    """Stored relations with their evidence, in storage order, one indexed page at a time.

    ``next`` (and ``cursor``) continue with the following page; ``total`` counts every match."""
    if sign == 0:
        raise HTTPException(status_code=422, detail="sign must be 1 or -1")
    where = RelationFilter(since=since, until=until, actor=actor, sign=sign, other=other)
    filters = (tuple(where.clauses), tuple(where.params))

    def render_page() -> bytes:
        rows = relations_after(s, after=after or 0, limit=limit + 1, skip=offset, where=where)
        more, rows = len(rows) > limit, rows[:limit]
        cursor = rows[-1][0] if rows else None
        nxt = None
        if more:
            nxt = str(request.url.remove_query_params(["offset", "after", "limit"])
                      .include_query_params(after=cursor, limit=limit))
        total = ctx.remembered(ctx.counts, 256, (*filters, changed), lambda: count_relations(s, where))
        # plain JSON types already: FastAPI's generic encoder would be most of the time of a page
        return JSONResponse({"total": total, "limit": limit, "offset": offset, "after": after,
                             "cursor": cursor, "next": nxt,
                             "items": [_relation_json(r) for _seq, r in rows]}).body

    with ctx.store() as s:
        changed = last_relation_seq(s)  # relations are only ever added: a new one changes this
        body = ctx.remembered(ctx.pages, 64, (*filters, after, offset, limit, str(request.url), changed), render_page)
    return Response(body, media_type="application/json")

@router.get("/api/evidence", tags=["network"])
def api_evidence(
    request: Request,
    actor: str = Query(..., max_length=200, description="Actor id."),
    other: str | None = Query(None, max_length=200, description="Only the tie with this actor."),
    since: dt.date | None = Query(None), until: dt.date | None = Query(None),
    period_length: int = Query(4, ge=4, le=10, description="Characters of the date the timeline groups by."),
    limit: int = Query(200, ge=1, le=_MAX_PAGE),
    after: int = Query(0, ge=0, description="The ``cursor`` of the previous page."),
    ctx: AppContext = Depends(app_context),
) -> dict[str, Any]:
    """The report page's evidence of an actor or a tie: relation rows as the page shows them
    (sentence, marks) and their documents' metadata, one keyset page at a time."""
    where = RelationFilter(since=since, until=until, actor=actor, other=other, ties_only=True)
    with ctx.store() as s:
        rows = relations_after(s, after=after, limit=limit + 1, where=where)
        more, rows = len(rows) > limit, rows[:limit]
        docs = {}
        for doc_id in sorted({r.doc_id for _seq, r in rows}):
            docs[doc_id] = document_row(s.get_document(doc_id))
    cursor = rows[-1][0] if rows else None
    nxt = str(request.url.remove_query_params(["after"]).include_query_params(after=cursor)) if more else None
    return {"items": [evidence_row(r, period_length=period_length) for _seq, r in rows], "documents": docs,
            "cursor": cursor, "next": nxt}

def _graph(ctx: AppContext, since: dt.date | None, until: dt.date | None, kinds: list[ActorKind] | None):
    with ctx.store() as s:
        return to_networkx(s, since=since, until=until, kinds=kinds or None,
                           time_limit=ctx.config.report_options.get("time_limit", 10.0))

@router.get("/api/graph", tags=["network"])
def api_graph(
    since: dt.date | None = Query(None), until: dt.date | None = Query(None),
    kind: list[ActorKind] | None = Query(None, description="Keep only actors of these kinds (repeatable)."),
    ctx: AppContext = Depends(app_context),
) -> dict[str, Any]:
    """The signed network: nodes (bloc, activity, first/last seen) and ties (sign, weight, type,
    first/last seen, frustrated, evidence relation ids)."""
    def compute() -> dict[str, Any]:
        G = _graph(ctx, since, until, kind)
        nodes = [{"id": str(n), **d} for n, d in G.nodes(data=True)]
        edges = [{"source": str(u), "target": str(v), **d} for u, v, d in G.edges(data=True)]
        return {"nodes": nodes, "edges": edges, "frustration": G.graph.get("frustration"),
                "optimal": G.graph.get("optimal")}

    return ctx.cached(("graph", since, until, tuple(kind or ())), compute)

@router.get("/api/balance", tags=["balance"])
def api_balance(
    since: dt.date | None = Query(None), until: dt.date | None = Query(None),
    window: str | None = Query(None, pattern=r"^\d+[dwmyDWMY]$", description="Also a series: e.g. 1y, 6m."),
    ctx: AppContext = Depends(app_context),
) -> dict[str, Any]:
    """Balance of the network (the ``allegiance balance --json`` contract), optionally per window."""
    time_limit = ctx.config.report_options.get("time_limit", 10.0)

    def compute() -> dict[str, Any]:
        with ctx.store() as s:
            relations = list(s.iter_relations(since=since, until=until))
        G = build_signed_graph(relations)
        out = balance_summary(G, time_limit=time_limit, walk=G.number_of_nodes() <= 300).to_dict()
        if window:
            series = balance_series(window_series(relations, window=window), walk=False, time_limit=time_limit)
            out["series"] = [{"label": b.label, **b.to_dict()} for b in series]
        return out

    return ctx.cached(("balance", since, until, window), compute)

@router.get("/api/documents/{doc_id:path}", tags=["store"])
def api_document(doc_id: str, ctx: AppContext = Depends(app_context)) -> dict[str, Any]:
    """One stored document with its relations (the id may contain ``/``).

    ``source`` is where a reader finds the article (:attr:`Document.provenance`: URL,
    else the source field, else ``origin``, the path it was read from).
    """
    with ctx.store() as s:
        doc = s.get_document(doc_id)
        if doc is None:
            raise HTTPException(status_code=404, detail="no such document")
        relations = [_relation_json(r) for r in s.iter_relations(doc_id=doc_id)]
    return {"id": doc.id, "title": doc.title, "date": doc.date, "source": doc.provenance, "url": doc.url,
            "origin": doc.origin, "text": doc.text, "relations": relations}
