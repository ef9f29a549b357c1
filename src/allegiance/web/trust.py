"""API routes of the "can I trust this?" analysis: significance per map, balance over time.

Routes of their own module, added by :func:`allegiance.web.app.create_app` with one
:func:`register_trust_routes` line (``add_api_route``, so ``app.routes`` keeps plain
routes with a ``path``). Each route is a thin call into the library:

* ``GET /api/significance`` -- :func:`allegiance.balance.significance.balance_significance`
  and :func:`allegiance.balance.components.component_balance` of the (optionally
  date-bounded) map: verdict, z-scores, p-values, the numbers behind "too little data",
  and per-component camps, blocs and dipoles;
* ``GET /api/windows`` -- :func:`allegiance.balance.temporal.temporal_balance` over sliding
  windows (sizes chosen from the data unless ``window``/``step`` are given): per-window
  balance with its chance band and verdict, blocs over time, camp moves and sign changes.

The store is opened per request from ``app.state.config.db``; results are not cached
here (the store may change between calls), and sample counts are capped.

Examples
--------
>>> from fastapi.testclient import TestClient
>>> from allegiance.web.app import create_app
>>> client = TestClient(create_app(":memory:"), base_url="http://127.0.0.1")
>>> client.get("/api/significance").json()["significance"]["verdict"]
'too little data to say'
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, Query, Request

from allegiance.balance.components import BLOC_MEANING, CAMPS_VS_BLOCS, component_balance
from allegiance.balance.significance import balance_significance, default_samples
from allegiance.balance.temporal import temporal_balance
from allegiance.network import build_signed_graph, window_series
from allegiance.network.windows import choose_window, window_start
from allegiance.store import open_store

__all__ = ["MAX_SAMPLES", "register_trust_routes"]

#: Most null samples a request may ask for (interactive use).
MAX_SAMPLES = 500


def _relations(request: Request, since: dt.date | None, until: dt.date | None) -> list:
    with open_store(request.app.state.config.db) as store:
        return list(store.iter_relations(since=since, until=until))


def api_significance(
    request: Request,
    since: dt.date | None = Query(None), until: dt.date | None = Query(None),
    samples: int | None = Query(None, ge=1, le=MAX_SAMPLES, description="Null samples per model (default by size)."),
    seed: int = Query(0, ge=0),
) -> dict[str, Any]:
    """Balance measures against null models with a plain-language verdict, and balance per component."""
    G = build_signed_graph(_relations(request, since, until))
    n = samples or default_samples(G.number_of_edges())
    time_limit = request.app.state.config.report_options.get("time_limit", 10.0)
    return {"significance": balance_significance(G, samples=n, seed=seed).to_dict(),
            "components": [c.to_dict() for c in component_balance(G, seed=seed, time_limit=time_limit)],
            "bloc_meaning": BLOC_MEANING, "camps_vs_blocs": CAMPS_VS_BLOCS}


def api_windows(
    request: Request,
    since: dt.date | None = Query(None), until: dt.date | None = Query(None),
    window: str | None = Query(None, pattern=r"^\d+[dwmyDWMY]$", description="Window length, e.g. 4y."),
    step: str | None = Query(None, pattern=r"^\d+[dwmyDWMY]$", description="Distance between window starts."),
    samples: int = Query(30, ge=1, le=MAX_SAMPLES, description="Shuffled-sign samples per window."),
    seed: int = Query(0, ge=0),
) -> dict[str, Any]:
    """Balance per sliding window with its chance band, bloc membership over time, camp moves, sign changes."""
    relations = _relations(request, since, until)
    dates = sorted(str(r.date)[:10] for r in relations if r.date)
    if not dates:
        return {"window": None, "step": None, "windows": [], "moves": [], "sign_changes": []}
    if window is None:
        window, step = choose_window(dates[0], dates[-1])
    series = window_series(relations, window=window.lower(), step=step.lower() if step else None,
                           start=since or window_start(dates[0], window.lower()), end=until)
    out = temporal_balance(series, samples=samples, seed=seed).to_dict()
    return {"window": window, "step": step or window, **out}


def register_trust_routes(app: FastAPI) -> None:
    """Add ``GET /api/significance`` and ``GET /api/windows`` to ``app``."""
    app.add_api_route("/api/significance", api_significance, methods=["GET"], tags=["balance"])
    app.add_api_route("/api/windows", api_windows, methods=["GET"], tags=["balance"])
