"""The pages of the web app: the map (``/``) and the form that adds articles (``/ingest``).

An :class:`fastapi.APIRouter` included by :func:`allegiance.web.create_app`; every route gets
the app's :class:`allegiance.web.context.AppContext` through ``Depends(app_context)``.

Examples
--------
>>> sorted(r.path for r in router.routes)
['/', '/ingest', '/ingest']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache
from typing import Any

import jinja2
from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from allegiance import relations as relations_stage
from allegiance.errors import AllegianceError
from allegiance.run.ingest import ingest_documents
from allegiance.model import Document, Relation
from allegiance.report import bounded_report_data, csp_hash, render_report, static_text
from allegiance.web.context import AppContext, app_context
from allegiance.web.upload import read_upload, without_lone_surrogates

__all__ = ["router"]

router = APIRouter()


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("allegiance.web", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(ctx: AppContext = Depends(app_context)) -> HTMLResponse:
    with ctx.store() as s:
        key = tuple(s.status().to_dict().values())
        with ctx.lock:
            if ctx.state["page_key"] != key:
                options = {"title": "allegiance", **ctx.config.report_options}
                data = bounded_report_data(s, **options)
                ctx.state["page"] = render_report(
                    data, nav=[("Add an article", "/ingest"), ("API (OpenAPI)", "/api/openapi.json")],
                    connect_self=True)
                ctx.state["page_key"] = key
            page = ctx.state["page"]
    return HTMLResponse(page.html, headers={"Content-Security-Policy": page.csp})


def form_page(ctx: AppContext, results: list[dict[str, Any]] | None = None, error: str | None = None,
              status_code: int = 200, problems: list[str] | None = None,
              kept: dict[str, str] | None = None) -> HTMLResponse:
    """The form page; ``kept`` refills the fields of a rejected submission (escaped by the template)."""
    css = static_text("report.css")
    html = _templates().get_template("ingest.html").render(
        css=Markup(css), results=results, error=error, problems=problems or [], kept=kept or {},
        limit_kb=ctx.config.max_upload_bytes // 1000, max_chars=ctx.config.max_upload_bytes,
        csrf_token=ctx.tokens.issue())
    csp = (f"default-src 'none'; style-src {csp_hash(css)}; form-action 'self'; base-uri 'none'; "
           "frame-ancestors 'none'")
    return HTMLResponse(html, status_code=status_code, headers={"Content-Security-Policy": csp})


@router.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
def ingest_form(ctx: AppContext = Depends(app_context)) -> HTMLResponse:
    return form_page(ctx)


@router.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
def ingest_article(
    text: str = Form(""),
    title: str = Form(""),
    date: str = Form(""),
    csrf_token: str = Form(""),
    file: UploadFile | None = File(None),
    ctx: AppContext = Depends(app_context),
) -> HTMLResponse:
    # a rejected submission comes back with what was typed or pasted, to be corrected
    kept = {"text": without_lone_surrogates(text), "title": without_lone_surrogates(title),
            "date": without_lone_surrogates(date)}
    if not ctx.tokens.valid(csrf_token):
        return form_page(ctx, kept=kept, error="This form has expired or did not come from this page; "
                               "submit it again from the reloaded form.", status_code=403)
    raw: bytes | None = None
    name = "pasted text"
    if file is not None and file.filename:
        # the request cap bounds this read; decompression is capped in read_upload
        raw, name = file.file.read(ctx.config.max_upload_bytes + 1), file.filename
    elif text.strip():
        raw = without_lone_surrogates(text).encode("utf-8")
    if not raw or not raw.strip():
        return form_page(ctx, kept=kept, error="Paste an article or choose a file, then submit.", status_code=400)
    day = date.strip() or None
    if day is not None:
        try:
            day = dt.date.fromisoformat(day).isoformat()
        except ValueError:
            return form_page(ctx, kept=kept, error=f"The date {without_lone_surrogates(date)!r} is not YYYY-MM-DD.",
                             status_code=400)
    upload = read_upload(raw, name=name, limit=ctx.config.max_upload_bytes,
                         origin=f"web:{name}" if file is not None and file.filename else "web:form")
    if not upload.documents:
        too_large = any("larger than" in p or "decompresses to more" in p for p in upload.problems)
        return form_page(ctx, kept=kept, error="No text could be read: " + "; ".join(upload.problems[:3])
                         if upload.problems else "No text could be read.",
                         status_code=413 if too_large else 400)
    try:
        results = _store_upload(ctx, upload.documents, title=without_lone_surrogates(title).strip() or None,
                                date=day)
    except AllegianceError as exc:
        return form_page(ctx, kept=kept, error=str(exc), status_code=400)
    refused = [f"{r['id']}: {r['status']}" for r in results if r["status"].startswith("not stored")]
    return form_page(ctx, results=results, problems=[*upload.problems, *refused],
                     status_code=400 if upload.rejected or refused else 200)


def _store_upload(ctx: AppContext, docs: list[Document], *, title: str | None, date: str | None) -> list[dict[str, Any]]:
    """Store and extract the documents of one submission (the CLI's ingest job); the page's view of each."""
    if title and (len(docs) == 1 or not docs[0].title):
        docs = [replace(docs[0], title=title), *docs[1:]]
    docs = [replace(d, date=d.date or date) for d in docs]
    extracted: dict[str, list[Relation]] = {}
    refusals: list[str] = []
    with ctx.lock:
        if ctx.state["nlp"] is None:
            ctx.state["nlp"] = relations_stage.build_pipeline(actors_path=ctx.config.actors_path)
        with ctx.store() as s:
            known = {d.id for d in docs if s.get_document(d.id) is not None}
            ingest_documents(docs, s, nlp=ctx.state["nlp"], on_error=lambda error: refusals.append(error.message),
                             on_extracted=lambda d, rels: extracted.__setitem__(d.id, rels))
            stored = {d.id for d in docs if d.id in known or s.get_document(d.id) is not None}
    out = []
    for d in docs:
        rels = extracted.get(d.id, [])
        refused = next((m for m in refusals if d.id in m), refusals[0] if refusals else "refused by the store")
        out.append({
            "id": d.id, "title": d.title, "date": d.date,
            "status": refused if d.id not in stored else "already in the store" if d.id in known
            else f"added with {len(rels)} relation{'' if len(rels) == 1 else 's'}" if d.id in extracted
            else "added as a duplicate of a stored text (its relations are that text's)",
            "relations": [{
                "source": r.source.actor.name if r.source.actor else r.source.text,
                "target": r.target.actor.name if r.target.actor else r.target.text,
                "type": r.type.value, "sign": int(r.sign), "time": r.time.value,
                "sentence": r.evidence.sentence,
            } for r in rels if not r.negated],
        })
    return out
