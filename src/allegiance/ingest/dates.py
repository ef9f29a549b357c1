"""Publication dates: parse what news pages and feeds write, never invent a day.

Examples
--------
>>> parse_date("Published 10 Nov 2019, 14:10 GMT")
'2019-11-10'
>>> parse_date("November 2019") is None   # no day given: not made up
True
>>> is_date_line("23 November 2019")
True
"""

from __future__ import annotations

import datetime as _dt
import re
import warnings
from typing import Any

from dateutil import parser as _dateutil_parser

__all__ = ["is_date_line", "is_update_line", "parse_date"]

# Two different defaults: a field dateutil filled in from the default (rather
# than read from the string) shows up as a difference between the two parses.
_DEFAULT_A = _dt.datetime(2000, 1, 1)
_DEFAULT_B = _dt.datetime(2001, 2, 2)

_MIN_YEAR = 1000
_MAX_YEAR = 2200

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
).split()
# Words that may stand around a date on a date line ("Published 10 Nov 2019, 14:10 GMT").
_DATE_LINE_WORDS = frozenset(
    _MONTHS
    + _WEEKDAYS
    + (
        "published updated posted last first modified on at am pm a.m p.m utc gmt bst cet cest "
        "est edt cst cdt pst pdt mst mdt ist aest aedt jst z t st nd rd th of date dated "
        "uhr le am by time"
    ).split()
)
_PREFIX = re.compile(
    r"^\s*(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|dated?)\b(?:\s+on)?|date)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_UPDATE_LABEL = re.compile(r"^\s*(?:last\s+)?(?:updated|modified)\b", re.IGNORECASE)
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s_])")
_MONTH_NAME = re.compile(r"(?i)\b(?:" + "|".join(_MONTHS) + r")\b")
_DOTTED_TIME = re.compile(r"\b(\d{1,2})\.(\d{2})\b(?!\.\d)")
_TOKENS = re.compile(r"[^\W\d_]+|\d+")


def _from_datetime(value: _dt.date) -> str | None:
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _parse(text: str, *, dayfirst: bool, fuzzy: bool) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            a = _dateutil_parser.parse(text, default=_DEFAULT_A, dayfirst=dayfirst, fuzzy=fuzzy, ignoretz=True)
            b = _dateutil_parser.parse(text, default=_DEFAULT_B, dayfirst=dayfirst, fuzzy=fuzzy, ignoretz=True)
        except (ValueError, OverflowError, TypeError, ArithmeticError):
            return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None  # year, month or day missing: do not invent it
    return _from_datetime(a)


def parse_date(value: Any, *, dayfirst: bool = False) -> str | None:
    """Normalise a publication date to ISO ``YYYY-MM-DD``, or ``None``.

    Accepts ISO dates and datetimes (the date is taken as written, time zones
    are not applied), RFC 2822 ("Tue, 10 Nov 2009 14:10:00 +0000"), and what
    pages print ("Published 10 Nov 2019, 14:10 GMT", "23 November 2019",
    "Friday, January 4, 2019"), as well as ``datetime.date`` objects. A value
    without year, month *and* day gives ``None``: a date is never invented.

    Parameters
    ----------
    value : str, datetime.date or None
        The raw value.
    dayfirst : bool, default False
        Read an ambiguous numeric date such as ``03/04/2019`` as 3 April
        (otherwise 4 March). Unambiguous dates are read either way.

    Returns
    -------
    str or None
        ``YYYY-MM-DD`` or ``None`` when there is no complete, plausible date.

    Examples
    --------
    >>> parse_date("2019-12-21T09:00:00Z")
    '2019-12-21'
    >>> parse_date("Tue, 10 Nov 2009 23:10:00 -0500")
    '2009-11-10'
    >>> parse_date("Last modified on Tue 3 Mar 2020 10.02 GMT")
    '2020-03-03'
    >>> parse_date("Friday, January 4, 2019")
    '2019-01-04'
    >>> parse_date("03/04/2019", dayfirst=True)
    '2019-04-03'
    >>> parse_date("Comments (12)") is None
    True
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, _dt.datetime):
        return _from_datetime(value.date())
    if isinstance(value, _dt.date):
        return _from_datetime(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 200:
        return None
    iso = _ISO.match(text)
    if iso:
        try:
            return _from_datetime(_dt.date(int(iso[1]), int(iso[2]), int(iso[3])))
        except ValueError:
            return None
    text = _PREFIX.sub("", text)
    if not text or not any(ch.isdigit() for ch in text):
        return None
    if _MONTH_NAME.search(text):
        text = _DOTTED_TIME.sub(r"\1:\2", text)  # "10.02 GMT" is a time when the month is a word
    return _parse(text, dayfirst=dayfirst, fuzzy=False) or (
        _parse(text, dayfirst=dayfirst, fuzzy=True) if len(text) <= 80 else None
    )


def is_date_line(line: str) -> bool:
    """True when a whole (short) line is a date, as printed under a headline.

    Every word on the line must be a month, weekday, time-zone or one of the
    usual labels ("Published", "Updated", "at" ...), so a headline that merely
    contains a date is not a date line.

    Examples
    --------
    >>> is_date_line("Published 10 Nov 2019, 14:10 GMT")
    True
    >>> is_date_line("Election called for 12 December 2019")
    False
    """
    text = line.strip()
    if not text or len(text) > 80:
        return False
    for token in _TOKENS.findall(text.casefold()):
        if not token.isdigit() and token not in _DATE_LINE_WORDS:
            return False
    return parse_date(text) is not None


def is_update_line(line: str) -> bool:
    """True when a date line gives the last update ("Updated 13 May 2015"), not the publication.

    Examples
    --------
    >>> is_update_line("Last updated: 13 May 2015"), is_update_line("Published 12 May 2015")
    (True, False)
    """
    return bool(_UPDATE_LABEL.match(line))
