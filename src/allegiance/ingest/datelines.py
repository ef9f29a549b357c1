"""Datelines and bylines at the start of an article body: their date, and where they are.

News bodies often open with a header before the lead sentence: a dateline
("SOCHI, May 12, 2015 – Russia accused …", "MOSCOW (Reuters) —",
"Kyiv, Ukraine —"), a byline ("By Jane Smith") or a date line ("Published:
12 May 2015", "Updated 13 May 2015 09:00 GMT"). :func:`find_header` finds them
in the first lines and reads the date they give (``None`` when none is
complete: a date is never invented); :func:`blank_header` replaces them by
spaces of equal length, so the text parsed for relations no longer holds the
dateline's city while every offset still points into the stored text.

Examples
--------
>>> text = "SOCHI, May 12, 2015 – Russia accused the United States."
>>> header = find_header(text)
>>> header.date, text[header.end:]
('2015-05-12', 'Russia accused the United States.')
>>> blank_header(text) == " " * header.end + text[header.end:]
True
>>> date_from_filename("2015-05-12-sochi.txt"), date_from_filename("notes.txt")
('2015-05-12', None)
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass

from allegiance.errors import ConfigError
from allegiance.ingest.boilerplate import is_byline
from allegiance.ingest.dates import is_date_line, is_update_line, parse_date

__all__ = ["ArticleHeader", "blank_header", "date_from_filename", "find_header", "given_date"]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:{_WEEKDAY}(?:{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?|{_DAY}\s+{_MONTH}(?:,?\s+\d{{4}})?)"
    r"|\d{4}-\d{2}-\d{2})"
)
# A place name: one to four capitalised words ("Sochi", "NEW YORK", "St. Petersburg", "Dar es Salaam").
_WORD = r"[A-ZÀ-Þ][\w'’.\-]*"
_PLACE = rf"{_WORD}(?:\s+(?:(?:de|es|al|el|la|da|do|del|upon|on)\s+)?{_WORD}){{0,3}}"
_AGENCY = r"\((?P<agency>[A-Za-z][\w&.'’ /-]{0,30})\)"
_DASH = r"(?:\s*[—–]\s*|\s+--?\s+|\s*:\s+|\s*\n)"
_DATELINE = re.compile(
    rf"(?P<city>{_PLACE})"
    rf"(?:,\s*(?P<region>{_PLACE}))??"
    rf"(?:,\s*(?P<date>{_DATE}))?"
    rf"(?:\s*{_AGENCY})?"
    rf"(?:,?\s*(?P<date2>{_DATE}))?"
    rf"(?P<dash>{_DASH})",
)
_PUBLISHED = re.compile(r"(?i)(?:first\s+|last\s+)?(?:published|updated|posted|modified|dated?)\b")
_ISO_IN_NAME = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_MAX_HEADER_LINES = 6
_MAX_LINE_CHARS = 120


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """What opens an article body before its lead sentence.

    Attributes
    ----------
    spans : tuple of (int, int)
        Character spans of the dateline, byline and date lines in the text.
    date : str or None
        ISO date the header gives (a publication date before an update date),
        ``None`` when it gives no complete date.
    place : str or None
        The dateline's city, if there is a dateline.

    Examples
    --------
    >>> find_header("By Jane Smith\\nMOSCOW (Reuters) - Russia agreed.").spans
    ((0, 13), (14, 33))
    """

    spans: tuple[tuple[int, int], ...] = ()
    date: str | None = None
    place: str | None = None

    @property
    def end(self) -> int:
        """Where the body proper starts (0 when there is no header)."""
        return self.spans[-1][1] if self.spans else 0


def _line_at(text: str, pos: int) -> tuple[str, int]:
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return text[pos:end], end


def _header_line(line: str) -> tuple[bool, str | None, bool]:
    """(is a byline or date line, its date, the date is an update date)."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_LINE_CHARS:
        return False, None, False
    if is_byline(stripped):
        return True, None, False
    label = _PUBLISHED.match(stripped)
    # "Published: 12 May 2015 | Updated: 13 May 2015": the first part is the publication
    first = re.split(r"\s+[|·•;]\s+", stripped)[0] if label else stripped
    date = parse_date(first)
    if is_date_line(stripped) or (label and date):
        return True, date, is_update_line(stripped)
    return False, None, False


def _dateline(text: str, pos: int) -> re.Match[str] | None:
    """A dateline at ``pos``: a place with a date, region or agency (an ALL-CAPS place may stand alone)."""
    match = _DATELINE.match(text, pos)
    if not match or "\n" in text[match.start():match.start("dash")]:
        return None
    has_more = match["date"] or match["date2"] or match["agency"]
    if match["region"] and not has_more and match["dash"].strip() not in ("—", "–", "-", "--"):
        return None  # "Russia, China: ..." or a line "Paris, France" before the body is no dateline
    city = match["city"]
    if not has_more and not match["region"]:
        if not (city.isupper() and len(city) >= 3) or not match["dash"].strip():
            return None  # "Russia — a country ..." is a sentence; an ALL-CAPS place needs a dash
    if not match["dash"].strip() and not (match["agency"] or parse_date(match["date"] or match["date2"] or "")):
        return None  # a line "Ended March 1" is no dateline: on its own line it needs a full date or an agency
    after = text[match.end():match.end() + 1]
    if after and match["dash"].strip() and not (after.isupper() or after in "\"'“‘(" or after.isdigit()):
        return None  # the lead sentence starts with a capital (or a quote)
    return match


def find_header(text: str) -> ArticleHeader:
    """Find the dateline, bylines and date lines that open ``text``.

    Looks at the first lines only; stops at the first line that is neither a
    byline nor a date line, after reading a dateline at its start if there is one.

    Parameters
    ----------
    text : str
        An article body (its title already taken off).

    Returns
    -------
    ArticleHeader
        Empty when the body opens with its lead sentence.

    Examples
    --------
    >>> find_header("Kyiv, Ukraine — Ukraine thanked Poland.").place
    'Kyiv'
    >>> find_header("Published: 12 May 2015\\nBy Ana Lopez\\n\\nRussia agreed.").date
    '2015-05-12'
    >>> find_header("London, May 12 – Britain agreed.").date is None  # no year: not made up
    True
    >>> find_header("Russia and China agreed.").spans
    ()
    """
    spans: list[tuple[int, int]] = []
    dates: list[tuple[bool, str]] = []
    place = None
    pos = 0
    for _ in range(_MAX_HEADER_LINES):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        line, line_end = _line_at(text, pos)
        is_header, date, updated = _header_line(line)
        if is_header:
            spans.append((pos, pos + len(line.rstrip())))
            if date:
                dates.append((updated, date))
            pos = line_end
            continue
        match = _dateline(text, pos)
        if match:
            end = match.end("dash") if match["dash"].strip() else match.start("dash")
            spans.append((pos, end))
            place = match["city"]
            date = parse_date(match["date"] or match["date2"] or "")
            if date:
                dates.append((False, date))
            if not match["dash"].strip():
                pos = match.end()
                continue  # "Sochi, May 12, 2015" on its own line: bylines may follow
        break
    ordered = sorted(dates, key=lambda item: item[0])  # publication dates before update dates
    return ArticleHeader(spans=tuple(spans), date=ordered[0][1] if ordered else None, place=place)


def blank_header(text: str) -> str:
    """``text`` with its header (see :func:`find_header`) replaced by spaces of equal length.

    Line breaks are kept, so every offset into the result is an offset into ``text``.

    Examples
    --------
    >>> blank_header("MOSCOW (AP) — Russia agreed.")
    '              Russia agreed.'
    >>> blank_header("Russia agreed.")
    'Russia agreed.'
    """
    header = find_header(text)
    if not header.spans:
        return text
    pieces, last = [], 0
    for start, end in header.spans:
        pieces.append(text[last:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def date_from_filename(path: str | os.PathLike[str]) -> str | None:
    """The date written in a file's name (``2015-05-12-sochi.txt``, ``20150512_x.txt``), or ``None``.

    Examples
    --------
    >>> date_from_filename("news/20150512_sochi.txt")
    '2015-05-12'
    >>> date_from_filename("2015-13-45.txt") is None
    True
    """
    for match in _ISO_IN_NAME.finditer(os.path.basename(os.fspath(path))):
        try:
            day = _dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        return parse_date(day)
    return None


def given_date(value: str | None) -> str | None:
    """A date given by the user (``--date``) as ``YYYY-MM-DD``; ``None`` stays ``None``.

    Raises
    ------
    ConfigError
        When ``value`` is not an ISO date of the calendar.

    Examples
    --------
    >>> given_date("2015-05-12"), given_date(None)
    ('2015-05-12', None)
    >>> given_date("12/05/2015")
    Traceback (most recent call last):
    allegiance.errors.ConfigError: --date '12/05/2015' is not a date; give it as YYYY-MM-DD, e.g. 2015-05-12
    """
    if value is None:
        return None
    text = value.strip()
    date = parse_date(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    if date is None:
        raise ConfigError(f"--date {value!r} is not a date", hint="give it as YYYY-MM-DD, e.g. 2015-05-12")
    return date
