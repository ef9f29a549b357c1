"""The report's timeline: relations per period by sign, and balance per time window.

:func:`choose_period` picks the bucket (year, month or day) for a date range;
:func:`period_rows` counts relations with and against per period (empty periods shown as
such); :func:`balance_rows` gives the balance of each window (the sliding windows of a long
range come from :mod:`allegiance.report.trust`). Used by
:func:`allegiance.report.data.report_data`.

Examples
--------
>>> period_rows([{"period": "1914", "sign": -1}], None, "1913-01-01", "1914-12-31", "year")
[{'label': '1913', 'positive': 0, 'negative': 0}, {'label': '1914', 'positive': 0, 'negative': 1}]
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any, Mapping, Sequence

from allegiance.balance import balance_series
from allegiance.model import Relation
from allegiance.network import window_series
from allegiance.network.windows import choose_window

__all__ = ["PERIOD_LENGTH", "balance_rows", "choose_period", "period_rows"]

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


#: characters of an ISO date that name its period
PERIOD_LENGTH = {"year": 4, "month": 7, "day": 10}


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



def period_rows(rel_rows: Sequence[Mapping[str, Any]], period_counts: Mapping[str, list[int]] | None,
                first: str | None, last: str | None, period: str) -> list[dict[str, Any]]:
    """Relations with (positive) and against (negative) per period label, every period of the
    range included (a long daily range keeps only the days with relations)."""
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
    return [{"label": p, "positive": c[0], "negative": c[1]} for p, c in sorted(per.items())]


def balance_rows(trust: Mapping[str, Any], kept: Sequence[Relation], first: str | None, last: str | None, *,
                 compute: bool, time_limit: float, seed: int) -> tuple[str | None, list[dict[str, Any]]]:
    """The window length and one balance row per window: the sliding windows of ``trust`` when it
    has them, else (when ``compute`` and the range has two dates) fixed windows computed here."""
    if trust.get("windows"):
        return trust["windows"]["window"], trust["windows"]["windows"]
    rows: list[dict[str, Any]] = []
    window = None
    if compute and first and last and first != last:
        window = choose_window(first, last, sliding=False)[0]
        series = window_series(kept, window=window)
        for s in balance_series(series, walk=False, time_limit=min(1.0, time_limit), seed=seed):
            tb = s.triangle_balance
            rows.append({
                "label": s.label, "nodes": s.nodes, "edges": s.edges, "negative_edges": s.negative_edges,
                "frustration": s.frustration.value,
                "normalised": None if not s.edges else round(s.normalised_frustration, 4),
                "triangle_balance": None if math.isnan(tb) else round(tb, 4),
            })
    return window, rows
