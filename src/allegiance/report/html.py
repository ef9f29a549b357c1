"""The self-contained offline HTML report.

One file: the vendored graph library (Cytoscape.js, MIT, see ``static/VENDORED.txt``),
our script and stylesheet are embedded, the data sits in a
``<script type="application/json">`` block (``<``, ``>`` and ``&`` escaped, read with
``JSON.parse(textContent)``), and a Content-Security-Policy meta tag allows exactly
those two scripts and that stylesheet by their SHA-256 hashes: no inline event
handler, no injected ``<script>``, no remote load can run. The page is rendered with
Jinja2 autoescaping; article text only ever reaches the DOM through ``textContent``.

Examples
--------
>>> from allegiance.report.data import report_data
>>> page = render_report(report_data([]))
>>> page.html.startswith("<!doctype html>"), "script-src 'sha256-" in page.csp
(True, True)
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Sequence

import jinja2
from markupsafe import Markup

from allegiance.errors import ConfigError
from allegiance.io.atomic import write_atomic
from allegiance.report.data import ReportData, _finite
from allegiance.report.summary import bounded_report_data
from allegiance.store import open_store

__all__ = ["RenderedReport", "ReportResult", "render_report", "write_report", "csp_hash", "static_text",
           "write_atomic"]


def static_text(name: str) -> str:
    """The text of one of the report's packaged static files.

    Examples
    --------
    >>> "Cytoscape Consortium" in static_text("cytoscape.LICENSE.txt")
    True
    """
    return resources.files("allegiance.report").joinpath("static", name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The CSP source expression (``'sha256-...'``) allowing an inline block with this text.

    Examples
    --------
    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


#: The one stylesheet Cytoscape.js injects into the page (allowed by its hash).
CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    lib, app, css = static_text("cytoscape.min.js"), static_text("report.js"), static_text("report.css")
    for name, text, closing in (("cytoscape.min.js", lib, "</script"), ("report.js", app, "</script"),
                                ("report.css", css, "</style")):
        if closing in text.lower():
            raise ConfigError(f"static file {name} contains {closing!r} and cannot be embedded")
    return lib, app, css


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("allegiance.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _json_for_script(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(_finite(data), ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


@dataclass(frozen=True)
class RenderedReport:
    """A rendered page and the Content-Security-Policy it was built for."""

    html: str
    csp: str


def _summary(meta: dict[str, Any], connect_self: bool = False) -> str:
    b = meta["balance"]
    parts = [f"{meta['relations']} relations from {meta['documents']} documents",
             f"{meta['actors']} actors, {meta['ties']} ties ({b['negative_edges']} hostile)"]
    if meta.get("first_date"):
        parts.append(f"{meta['first_date']} to {meta['last_date']}")
    if meta["ties"]:
        tb = b["triangle_balance"]
        parts.append(
            f"frustration index {b['frustration']:g}{'' if b['optimal'] else ' (best found)'}"
            f" (normalised balance {b['normalised']})"
            + (f", {tb:.0%} of {sum(b['triangles'].values())} triangles balanced" if tb is not None else "")
            + (f", {b['blocs']} blocs across its {meta['window']} windows" if b.get("windowed")
               else f", {b['blocs']} blocs")
            + (f" — balance verdict: {b['verdict']}" if b.get("verdict") else "")
        )
    text = "; ".join(parts) + "."
    cut = meta.get("summary")
    if cut:
        text += (f" This store is large: the {cut['pairs_shown']} strongest of its {cut['pairs']} ties are shown"
                 + (f" ({cut['pairs_left_out']} ties with {cut['relations_left_out']} relations left out)"
                    if cut["pairs_left_out"] else "")
                 + "; evidence sentences are not embedded"
                 + (" and load when a tie or an actor is clicked." if connect_self else
                    ": open the store with `allegiance serve` to read them, or export them with `allegiance export`."))
    return text


def render_report(
    data: ReportData,
    *,
    nav: Sequence[tuple[str, str]] = (),
    connect_self: bool = False,
) -> RenderedReport:
    """Render report data as one self-contained HTML page.

    Parameters
    ----------
    data : ReportData
        From :func:`allegiance.report.report_data`.
    nav : sequence of (label, href)
        Links shown under the title (the web app adds its form and API).
    connect_self : bool
        Allow ``connect-src 'self'`` (the served page; the offline file needs none).

    Returns
    -------
    RenderedReport

    Examples
    --------
    >>> from allegiance.report.data import report_data
    >>> "default-src 'none'" in render_report(report_data([])).csp
    True
    """
    lib, app, css = _assets()
    content = data.to_dict()
    # the served page fetches evidence the summary of a large store leaves out; the offline file cannot
    content["meta"] = {**content["meta"], "evidence_api": "/api/evidence" if connect_self else None}
    data_json = _json_for_script(content)
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {csp_hash(lib)} {csp_hash(app)}",
        f"style-src {csp_hash(css)} {csp_hash(CYTOSCAPE_STYLE)}",
        "img-src data:",
        "connect-src 'self'" if connect_self else "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ])
    meta = data.meta
    footer = (f"Generated by allegiance from {meta.get('generated_from') or 'relations'}. "
              "Graph drawn with Cytoscape.js 3.34.4 (MIT licence).")
    html = _environment().get_template("report.html").render(
        title=meta.get("title") or "allegiance report",
        summary=_summary(meta, connect_self),
        nav=list(nav),
        csp=csp,
        css=Markup(css),
        library_js=Markup(lib),
        app_js=Markup(app),
        data_json=Markup(data_json),
        footer=footer,
    )
    return RenderedReport(html=html, csp=csp)


@dataclass(frozen=True)
class ReportResult:
    """Where a report was written and what it holds."""

    path: str
    bytes: int
    actors: int
    ties: int
    drawn_actors: int
    relations: int
    documents: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """As a JSON-ready dict.

        Examples
        --------
        >>> ReportResult("r.html", 1, 0, 0, 0, 0, 0, 0.1).to_dict()["path"]
        'r.html'
        """
        return {"path": self.path, "bytes": self.bytes, "actors": self.actors, "ties": self.ties,
                "drawn_actors": self.drawn_actors, "relations": self.relations,
                "documents": self.documents, "seconds": round(self.seconds, 3)}


def write_report(
    db: Any,
    out: str | os.PathLike[str],
    **options: Any,
) -> ReportResult:
    """Write the offline HTML report of a store.

    Parameters
    ----------
    db : str, path or Store
        A store location (opened read-only in spirit: nothing is written to it) or an
        open :class:`allegiance.store.Store`.
    out : path
        The HTML file to write (atomically).
    **options
        Passed to :func:`allegiance.report.report_data` (``title``,
        ``max_drawn_nodes``, ``time_limit``, ``top``, ``seed``).

    Returns
    -------
    ReportResult

    Examples
    --------
    >>> import tempfile, os
    >>> from allegiance.store import open_store
    >>> folder = tempfile.mkdtemp()
    >>> with open_store(os.path.join(folder, "s.db")) as store:
    ...     result = write_report(store, os.path.join(folder, "r.html"))
    >>> result.actors, os.path.exists(result.path)
    (0, True)
    """
    start = time.perf_counter()
    if hasattr(db, "iter_relations"):
        data = bounded_report_data(db, **options)
    else:
        with open_store(db, create=False) as store:
            data = bounded_report_data(store, **options)
    page = render_report(data)
    path = write_atomic(out, page.html)
    meta = data.meta
    return ReportResult(path=str(path), bytes=len(page.html.encode("utf-8")), actors=meta["actors"],
                        ties=meta["ties"], drawn_actors=meta["drawn_actors"], relations=meta["relations"],
                        documents=meta["documents"], seconds=time.perf_counter() - start)
