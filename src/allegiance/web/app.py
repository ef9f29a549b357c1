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

The routes live in :mod:`allegiance.web.pages` and :mod:`allegiance.web.api` (FastAPI routers);
what they share (the store per worker thread, caches, the form's model, CSRF tokens) is one
:class:`allegiance.web.context.AppContext`, given to each route by ``Depends``.

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

from pathlib import Path
from typing import Any, Iterable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from allegiance.errors import AllegianceError, StoreError
from allegiance.web.api import router as api_router
from allegiance.web.context import AppContext
from allegiance.web.guards import DEFAULT_ALLOWED_HOSTS, RequestGuard
from allegiance.web.pages import router as pages_router
from allegiance.web.trust import register_trust_routes

__all__ = ["WebConfig", "create_app", "API_CSP"]

#: The policy of every non-page response: nothing may load or run.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


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
    >>> sorted(p for p in app.openapi()["paths"] if p.startswith("/api/"))[:3]
    ['/api/actors', '/api/balance', '/api/documents/{doc_id}']
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
    app.state.context = AppContext(config)
    register_trust_routes(app)  # /api/significance, /api/windows (allegiance.web.trust)
    app.add_middleware(RequestGuard, allowed_hosts=config.allowed_hosts, max_body_bytes=config.max_request_bytes)
    app.middleware("http")(_security_headers)
    app.add_exception_handler(AllegianceError, _allegiance_error)
    app.include_router(pages_router)
    app.include_router(api_router)
    return app


async def _security_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", API_CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


async def _allegiance_error(request: Request, exc: AllegianceError):
    status = 503 if isinstance(exc, StoreError) else 400
    return JSONResponse({"detail": str(exc)}, status_code=status)
