"""Choosing time windows from the data: when to cut a corpus into windows, and how wide.

A map that pools a century (the First World War with the Cold War) draws blocs no
historian would accept. :func:`needs_windows` says when a date range is long enough
to be analysed in windows (more than :data:`WINDOWED_SPAN_YEARS` years), and
:func:`choose_window` picks a window length and step giving about
:data:`TARGET_WINDOWS` sliding windows, each overlapping the next by half.

Examples
--------
>>> needs_windows("1914-08-05", "2017-06-10"), needs_windows("2015-01-01", "2016-06-01")
(True, False)
>>> choose_window("1914-08-05", "2017-06-10")
('8y', '4y')
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["TARGET_WINDOWS", "WINDOWED_SPAN_YEARS", "choose_window", "needs_windows", "window_start"]

#: Date ranges longer than this many years are analysed in windows by default.
WINDOWED_SPAN_YEARS = 3
#: About this many (non-overlapping) window lengths fit in the range.
TARGET_WINDOWS = 14


def _day(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def needs_windows(first: str | dt.date | None, last: str | dt.date | None) -> bool:
    """True when the range spans more than :data:`WINDOWED_SPAN_YEARS` years.

    Examples
    --------
    >>> needs_windows(None, "2020-01-01")
    False
    """
    if not first or not last:
        return False
    return (_day(last) - _day(first)).days > WINDOWED_SPAN_YEARS * 365.25


def choose_window(first: str | dt.date, last: str | dt.date, *, sliding: bool = True) -> tuple[str, str]:
    """Window length and step (``"8y"``, ``"4y"``) for a date range.

    The length is the range over :data:`TARGET_WINDOWS`, rounded up to whole years
    (ranges over 3 years), months (over 62 days) or days; the step is half the length
    when ``sliding`` (each window overlaps the next by half), else the length.

    Examples
    --------
    >>> choose_window("1987-02-26", "1987-10-20"), choose_window("2020-01-01", "2020-01-20", sliding=False)
    (('1m', '1m'), ('2d', '2d'))
    """
    days = max(1, (_day(last) - _day(first)).days + 1)
    if days > 3 * 365:
        n, unit = max(1, math.ceil(days / 365.25 / TARGET_WINDOWS)), "y"
    elif days > 62:
        n, unit = max(1, math.ceil(days / 30.44 / TARGET_WINDOWS)), "m"
    else:
        n, unit = max(1, math.ceil(days / TARGET_WINDOWS)), "d"
    step = max(1, n // 2) if sliding else n
    return f"{n}{unit}", f"{step}{unit}"


def window_start(first: str | dt.date, window: str) -> str:
    """Where a series of ``window``-long windows starts: 1 January for years, the 1st for months.

    Examples
    --------
    >>> window_start("1914-08-05", "8y"), window_start("1987-02-26", "1m"), window_start("2020-01-03", "2d")
    ('1914-01-01', '1987-02-01', '2020-01-03')
    """
    day = _day(first).isoformat()
    if window.endswith("y"):
        return day[:4] + "-01-01"
    if window.endswith("m"):
        return day[:7] + "-01"
    return day
