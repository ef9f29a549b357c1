"""The local web app: the report's views live over a store, a JSON API, and a form to add articles.

Routes (all thin calls into the library):

* ``GET /`` -- the report page (:mod:`allegiance.report`), rebuilt when the store changes;
* ``GET /ingest``, ``POST /ingest`` -- paste or upload an article (size-limited after
  decompression; CSRF token); its relations are extracted, shown at once and stored, so
  they appear on the map; a bad record is reported with one line, its siblings stored;
* ``GET /api/actors``, ``/api/relations``, ``/api/graph``, ``/api/balance``,
  ``/api/documents/{id}`` (ids may contain ``/``), ``/api/status`` -- JSON, paginated where
  lists can be long (``/api/relations`` by keyset cursor, with an indexed count), described
  by OpenAPI at ``/api/openapi.json`` (the Swagger page is not served: it would load
  scripts from a CDN).

Only requests for an allowed host are answered (DNS rebinding), writes from another site
are refused, and every request body is capped as it arrives (:mod:`allegiance.web.guards`).

Every response carries a Content-Security-Policy (pages: only their own hashed
blocks; API: nothing at all), ``X-Content-Type-Options: nosniff`` and
``X-Frame-Options: DENY``. No route serves files by a user-given path.

Examples
--------
>>> import os, tempfile
>>> from fastapi.testclient import TestClient
>>> from allegiance.store import open_store
>>> db = os.path.join(tempfile.mkdtemp(), "s.db")
>>> open_store(db).close()
>>> client = TestClient(create_app(db), base_url="http://127.0.0.1")
>>> client.get("/api/status").json()["relations"]
0
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import jinja2
from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from allegiance.errors import AllegianceError, StoreError
from allegiance.web.trust import register_trust_routes
from allegiance.model import ActorKind, Document, Relation
from allegiance.web.guards import DEFAULT_ALLOWED_HOSTS, CsrfTokens, RequestGuard

__all__ = ["WebConfig", "create_app", "API_CSP"]

#: The policy of every non-page response: nothing may load or run.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_MAX_PAGE = 1000


class WebConfig:
    """Settings of one app: the store, the upload limit, the actor dictionary, report options, hosts.

    Examples
    --------
    >>> WebConfig("s.db", max_upload_bytes=5000).max_upload_bytes
    5000
    >>> WebConfig("s.db", allowed_hosts=["example.org"]).allowed_hosts
    ('127.0.0.1', 'localhost', '::1', 'example.org')
    """

    def __init__(self, db: str, *, max_upload_bytes: int = 1_000_000, actors_path: str | None = None,
                 report_options: dict[str, Any] | None = None, allowed_hosts: Iterable[str] = ()):
        self.db = db
        self.max_upload_bytes = int(max_upload_bytes)
        self.actors_path = actors_path
        self.report_options = dict(report_options or {})
        self.allowed_hosts = tuple(dict.fromkeys([*DEFAULT_ALLOWED_HOSTS, *allowed_hosts]))

    @property
    def max_request_bytes(self) -> int:
        """Largest request body: an upload at the limit, its form fields and multipart framing."""
        return 2 * self.max_upload_bytes + 65536


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("allegiance.web", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def _relation_json(r: Relation) -> dict[str, Any]:
    from allegiance.network import relation_id

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


def create_app(db: str | Path, *, max_upload_bytes: int = 1_000_000, actors_path: str | Path | None = None,
               report_options: dict[str, Any] | None = None, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The FastAPI app over one store.

    Parameters
    ----------
    db : str or path
        The store location (opened per request; SQLite or PostgreSQL URL).
    max_upload_bytes : int
        Largest article accepted by the form (pasted or uploaded).
    actors_path : path, optional
        A user actor dictionary (YAML) for extraction from the form.
    report_options : dict, optional
        Passed to :func:`allegiance.report.bounded_report_data` (``max_drawn_nodes``, ``time_limit``,
        ``max_relations``: past it the page holds aggregated ties only, ``max_pairs``: ties drawn then).
    allowed_hosts : iterable of str
        Host names answered besides 127.0.0.1, localhost and ::1 (``*``: any).

    Returns
    -------
    fastapi.FastAPI

    Examples
    --------
    >>> app = create_app(":memory:")
    >>> sorted(r.path for r in app.routes if r.path.startswith("/api/"))[:3]
    ['/api/actors', '/api/balance', '/api/documents/{doc_id:path}']
    """
    config = WebConfig(str(db), max_upload_bytes=max_upload_bytes,
                       actors_path=str(actors_path) if actors_path else None, report_options=report_options,
                       allowed_hosts=allowed_hosts)
    app = FastAPI(
        title="allegiance",
        description="Who stands with whom: the signed actor network of a store, with evidence.",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.config = config
    register_trust_routes(app)  # /api/significance, /api/windows (allegiance.web.trust)
    app.add_middleware(RequestGuard, allowed_hosts=config.allowed_hosts, max_body_bytes=config.max_request_bytes)
    tokens = CsrfTokens()
    state: dict[str, Any] = {"nlp": None, "page": None, "page_key": None}
    lock = threading.Lock()

    local = threading.local()

    @contextmanager
    def store():
        """This worker thread's open store (SQLite connections stay in their thread)."""
        from allegiance.store import open_store

        s = getattr(local, "store", None)
        if s is None:
            s = local.store = open_store(config.db)
        try:
            yield s
        except StoreError:
            local.store = None
            s.close()
            raise

    cache: OrderedDict[tuple, Any] = OrderedDict()
    cache_lock = threading.Lock()  # not `lock`: that one is held while the form extracts
    counts: OrderedDict[tuple, Any] = OrderedDict()
    pages: OrderedDict[tuple, Any] = OrderedDict()

    def remembered(kept: OrderedDict[tuple, Any], size: int, key: tuple, compute):
        """``compute()``, kept in ``kept`` under ``key`` (which must change when the answer does; LRU)."""
        with cache_lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        value = compute()
        with cache_lock:
            kept[key] = value
            while len(kept) > size:
                kept.popitem(last=False)
        return value

    def cached(key: tuple, compute):
        """Results of the costly routes, kept while the store does not change (LRU of 32)."""
        with store() as s:
            full = (tuple(s.status().to_dict().values()), *key)
        return remembered(cache, 32, full, compute)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", API_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(AllegianceError)
    async def allegiance_error(request: Request, exc: AllegianceError):
        status = 503 if isinstance(exc, StoreError) else 400
        return JSONResponse({"detail": str(exc)}, status_code=status)

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        from allegiance.report import bounded_report_data, render_report

        with store() as s:
            key = tuple(s.status().to_dict().values())
            with lock:
                if state["page_key"] != key:
                    options = {"title": "allegiance", **config.report_options}
                    data = bounded_report_data(s, **options)
                    state["page"] = render_report(
                        data, nav=[("Add an article", "/ingest"), ("API (OpenAPI)", "/api/openapi.json")],
                        connect_self=True)
                    state["page_key"] = key
                page = state["page"]
        return HTMLResponse(page.html, headers={"Content-Security-Policy": page.csp})

    def form_page(results: list[dict[str, Any]] | None = None, error: str | None = None,
                  status_code: int = 200, problems: list[str] | None = None) -> HTMLResponse:
        from allegiance.report import csp_hash, static_text

        css = static_text("report.css")
        html = _templates().get_template("ingest.html").render(
            css=Markup(css), results=results, error=error, problems=problems or [],
            limit_kb=config.max_upload_bytes // 1000, max_chars=config.max_upload_bytes,
            csrf_token=tokens.issue())
        csp = (f"default-src 'none'; style-src {csp_hash(css)}; form-action 'self'; base-uri 'none'; "
               "frame-ancestors 'none'")
        return HTMLResponse(html, status_code=status_code, headers={"Content-Security-Policy": csp})

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form() -> HTMLResponse:
        return form_page()

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_article(
        text: str = Form(""),
        title: str = Form(""),
        date: str = Form(""),
        csrf_token: str = Form(""),
        file: UploadFile | None = File(None),
    ) -> HTMLResponse:
        from allegiance.web.upload import read_upload, without_lone_surrogates

        if not tokens.valid(csrf_token):
            return form_page(error="This form has expired or did not come from this page; "
                                   "submit it again from the reloaded form.", status_code=403)
        raw: bytes | None = None
        name = "pasted text"
        if file is not None and file.filename:
            # the request cap bounds this read; decompression is capped in read_upload
            raw, name = file.file.read(config.max_upload_bytes + 1), file.filename
        elif text.strip():
            raw = without_lone_surrogates(text).encode("utf-8")
        if not raw or not raw.strip():
            return form_page(error="Paste an article or choose a file, then submit.", status_code=400)
        day = date.strip() or None
        if day is not None:
            try:
                day = dt.date.fromisoformat(day).isoformat()
            except ValueError:
                return form_page(error=f"The date {without_lone_surrogates(date)!r} is not YYYY-MM-DD.",
                                 status_code=400)
        upload = read_upload(raw, name=name, limit=config.max_upload_bytes,
                             origin=f"web:{name}" if file is not None and file.filename else "web:form")
        if not upload.documents:
            too_large = any("larger than" in p or "decompresses to more" in p for p in upload.problems)
            return form_page(error="No text could be read: " + "; ".join(upload.problems[:3])
                             if upload.problems else "No text could be read.",
                             status_code=413 if too_large else 400)
        try:
            results = _store_upload(upload.documents, title=without_lone_surrogates(title).strip() or None,
                                    date=day)
        except AllegianceError as exc:
            return form_page(error=str(exc), status_code=400)
        refused = [f"{r['id']}: {r['status']}" for r in results if r["status"].startswith("not stored")]
        return form_page(results=results, problems=[*upload.problems, *refused],
                         status_code=400 if upload.rejected or refused else 200)

    def _store_upload(docs: list[Document], *, title: str | None, date: str | None) -> list[dict[str, Any]]:
        """Extract and store the documents of one submission; the page's view of each."""
        from allegiance.relations import build_pipeline, extract_relations

        if title and (len(docs) == 1 or not docs[0].title):
            docs = [replace(docs[0], title=title), *docs[1:]]
        docs = [replace(d, date=d.date or date) for d in docs]
        with lock:
            if state["nlp"] is None:
                state["nlp"] = build_pipeline(actors_path=config.actors_path)
            extracted = list(extract_relations(docs, nlp=state["nlp"]))
        with store() as s:
            known = {d.id for d, _r in extracted if s.get_document(d.id) is not None}
            failed = _write_each(s, extracted)
        out = []
        for d, rels in extracted:
            out.append({
                "id": d.id, "title": d.title, "date": d.date,
                "status": f"not stored: {failed[d.id]}" if d.id in failed else "already in the store"
                if d.id in known else f"added with {len(rels)} relation{'' if len(rels) == 1 else 's'}",
                "relations": [{
                    "source": r.source.actor.name if r.source.actor else r.source.text,
                    "target": r.target.actor.name if r.target.actor else r.target.text,
                    "type": r.type.value, "sign": int(r.sign), "time": r.time.value,
                    "sentence": r.evidence.sentence,
                } for r in rels if not r.negated],
            })
        return out

    def _write_each(s, extracted: list[tuple[Document, list[Relation]]]) -> dict[str, str]:
        """Write the batch; if the store refuses it, each document alone. The refused ones, by id."""
        try:
            s.write_batch(extracted)
            return {}
        except StoreError:
            if len(extracted) == 1:
                raise
        failed = {}
        for d, rels in extracted:
            try:
                s.write_batch([(d, rels)])
            except StoreError as exc:
                failed[d.id] = exc.message
        return failed

    # -------------------------------------------------------------------- API

    @app.get("/api/status", tags=["store"])
    def api_status() -> dict[str, int]:
        """Store counts (documents, duplicates, rejected, actors, relations, schema version)."""
        with store() as s:
            return s.status().to_dict()

    @app.get("/api/actors", tags=["network"])
    def api_actors(
        request: Request,
        kind: ActorKind | None = Query(None, description="Only actors of this kind."),
        q: str | None = Query(None, max_length=200, description="Case-insensitive part of the name or id."),
        limit: int = Query(100, ge=1, le=_MAX_PAGE),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        """Actors that take part in stored relations, by id, paginated."""
        needle = (q or "").casefold()
        with store() as s:
            actors = [a for a in s.iter_actors()
                      if (kind is None or a.kind is kind)
                      and (not needle or needle in a.name.casefold() or needle in a.id.casefold())]
        rows = ({"id": a.id, "name": a.name, "kind": a.kind.value, "parent": a.parent, "aliases": list(a.aliases)}
                for a in actors)
        return _page(rows, limit=limit, offset=offset, request=request)

    @app.get("/api/relations", tags=["network"])
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
    ) -> dict[str, Any]:
        """Stored relations with their evidence, in storage order, one indexed page at a time.

        ``next`` (and ``cursor``) continue with the following page; ``total`` counts every match."""
        from allegiance.store.pages import RelationFilter, count_relations, last_relation_seq, relations_after

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
            total = remembered(counts, 256, (*filters, changed), lambda: count_relations(s, where))
            # plain JSON types already: FastAPI's generic encoder would be most of the time of a page
            return JSONResponse({"total": total, "limit": limit, "offset": offset, "after": after,
                                 "cursor": cursor, "next": nxt,
                                 "items": [_relation_json(r) for _seq, r in rows]}).body

        with store() as s:
            changed = last_relation_seq(s)  # relations are only ever added: a new one changes this
            body = remembered(pages, 64, (*filters, after, offset, limit, str(request.url), changed), render_page)
        return Response(body, media_type="application/json")

    @app.get("/api/evidence", tags=["network"])
    def api_evidence(
        request: Request,
        actor: str = Query(..., max_length=200, description="Actor id."),
        other: str | None = Query(None, max_length=200, description="Only the tie with this actor."),
        since: dt.date | None = Query(None), until: dt.date | None = Query(None),
        period_length: int = Query(4, ge=4, le=10, description="Characters of the date the timeline groups by."),
        limit: int = Query(200, ge=1, le=_MAX_PAGE),
        after: int = Query(0, ge=0, description="The ``cursor`` of the previous page."),
    ) -> dict[str, Any]:
        """The report page's evidence of an actor or a tie: relation rows as the page shows them
        (sentence, marks) and their documents' metadata, one keyset page at a time."""
        from allegiance.report import document_row, evidence_row
        from allegiance.store.pages import RelationFilter, relations_after

        where = RelationFilter(since=since, until=until, actor=actor, other=other, ties_only=True)
        with store() as s:
            rows = relations_after(s, after=after, limit=limit + 1, where=where)
            more, rows = len(rows) > limit, rows[:limit]
            docs = {}
            for doc_id in sorted({r.doc_id for _seq, r in rows}):
                docs[doc_id] = document_row(s.get_document(doc_id))
        cursor = rows[-1][0] if rows else None
        nxt = str(request.url.remove_query_params(["after"]).include_query_params(after=cursor)) if more else None
        return {"items": [evidence_row(r, period_length=period_length) for _seq, r in rows], "documents": docs,
                "cursor": cursor, "next": nxt}

    def _graph(since: dt.date | None, until: dt.date | None, kinds: list[ActorKind] | None):
        from allegiance.io import to_networkx

        with store() as s:
            return to_networkx(s, since=since, until=until, kinds=kinds or None,
                               time_limit=config.report_options.get("time_limit", 10.0))

    @app.get("/api/graph", tags=["network"])
    def api_graph(
        since: dt.date | None = Query(None), until: dt.date | None = Query(None),
        kind: list[ActorKind] | None = Query(None, description="Keep only actors of these kinds (repeatable)."),
    ) -> dict[str, Any]:
        """The signed network: nodes (bloc, activity, first/last seen) and ties (sign, weight, type,
        first/last seen, frustrated, evidence relation ids)."""
        def compute() -> dict[str, Any]:
            G = _graph(since, until, kind)
            nodes = [{"id": str(n), **d} for n, d in G.nodes(data=True)]
            edges = [{"source": str(u), "target": str(v), **d} for u, v, d in G.edges(data=True)]
            return {"nodes": nodes, "edges": edges, "frustration": G.graph.get("frustration"),
                    "optimal": G.graph.get("optimal")}

        return cached(("graph", since, until, tuple(kind or ())), compute)

    @app.get("/api/balance", tags=["balance"])
    def api_balance(
        since: dt.date | None = Query(None), until: dt.date | None = Query(None),
        window: str | None = Query(None, pattern=r"^\d+[dwmyDWMY]$", description="Also a series: e.g. 1y, 6m."),
    ) -> dict[str, Any]:
        """Balance of the network (the ``allegiance balance --json`` contract), optionally per window."""
        from allegiance.balance import balance_series, balance_summary
        from allegiance.network import window_series

        time_limit = config.report_options.get("time_limit", 10.0)

        def compute() -> dict[str, Any]:
            with store() as s:
                relations = list(s.iter_relations(since=since, until=until))
            from allegiance.network import build_signed_graph

            G = build_signed_graph(relations)
            out = balance_summary(G, time_limit=time_limit, walk=G.number_of_nodes() <= 300).to_dict()
            if window:
                series = balance_series(window_series(relations, window=window), walk=False, time_limit=time_limit)
                out["series"] = [{"label": b.label, **b.to_dict()} for b in series]
            return out

        return cached(("balance", since, until, window), compute)

    @app.get("/api/documents/{doc_id:path}", tags=["store"])
    def api_document(doc_id: str) -> dict[str, Any]:
        """One stored document with its relations (the id may contain ``/``)."""
        with store() as s:
            doc = s.get_document(doc_id)
            if doc is None:
                raise HTTPException(status_code=404, detail="no such document")
            relations = [_relation_json(r) for r in s.iter_relations(doc_id=doc_id)]
        return {"id": doc.id, "title": doc.title, "date": doc.date, "source": doc.source, "url": doc.url,
                "text": doc.text, "relations": relations}

    return app
