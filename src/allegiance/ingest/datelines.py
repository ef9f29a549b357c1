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
from allegiance.model import Document

__all__ = [
    "NEWS_AGENCIES",
    "ArticleHeader",
    "HeaderLine",
    "blank_header",
    "date_from_filename",
    "parsed_body",
    "find_header",
    "given_date",
    "header_line",
]

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


# News agencies that sign articles ("PTI, Washington,", "Jane Smith, Associated Press").
NEWS_AGENCIES = (
    "AP", "Ap", "Associated Press", "AFP", "Agence France-Presse", "Reuters", "PTI", "Press Trust of India",
    "IANS", "ANI", "UNI", "Xinhua", "TASS", "DPA", "dpa", "EFE", "ANSA", "Kyodo", "Yonhap", "Bernama",
    "Anadolu", "Bloomberg", "NNA", "Interfax",
)
# What a byline's job title ends with ("Ap National Security Writer", "Opinion Columnist").
_JOB_NOUNS = r"(?:Writer|Correspondent|Reporter|Editor|Columnist|Contributor|Staff)"
_AGENCY_NAME = "(?:" + "|".join(re.escape(name) for name in sorted(NEWS_AGENCIES, key=len, reverse=True)) + ")"
_PERSON = r"[A-Z][\w'’\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’\-]+)){1,3}"
_JOB_TITLE = rf"(?:[A-Z][\w'’\-]+\s+){{0,4}}{_JOB_NOUNS}s?"
_SIGNED_LINES = (
    # "Jane Smith and Ali Khan, Associated Press", "Jane Smith, Ap Diplomatic Writer", "Jane Smith, Foreign Editor"
    re.compile(rf"{_PERSON}(?:(?:\s*,\s*|\s+and\s+){_PERSON})*\s*,\s*(?:{_AGENCY_NAME}|{_JOB_TITLE})"),
    # "PTI, Washington," (agency, city)
    re.compile(rf"{_AGENCY_NAME}\s*,\s*{_PLACE}\s*,?"),
    # "Opinion Columnist" under a byline
    re.compile(rf"(?:[A-Z][\w'’\-]+\s+){{1,3}}{_JOB_NOUNS}"),
)
# "11:28 AMT": an abbreviation after a time is a time zone, known or not.
_ZONE_AFTER_TIME = re.compile(r"(\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)\s+[A-Z]{2,5}\b", re.IGNORECASE)
_DOTTED_MERIDIEM = re.compile(r"\b([ap])\.m\.?", re.IGNORECASE)
_SEGMENT = re.compile(r"\s+[|·•;]\s+")


@dataclass(frozen=True, slots=True)
class HeaderLine:
    """A whole line of an article's header: a byline, a date line, or both ("by Jane Smith | May 12, 2015").

    Attributes
    ----------
    date : str or None
        ISO date the line gives (its publication date when it gives an update date too).
    updated : bool
        The line gives only an update date ("Updated 13 May 2015").
    """

    date: str | None = None
    updated: bool = False


def _is_signature(text: str) -> bool:
    """A byline: "By Jane Smith", "Jane Smith, Associated Press", "PTI, Washington,", "Opinion Columnist"."""
    if is_byline(text):
        return True
    if len(text.split()) > 12:
        return False
    return any(pattern.fullmatch(text) for pattern in _SIGNED_LINES)


def _date_segment(text: str) -> HeaderLine | None:
    text = _ZONE_AFTER_TIME.sub(r"\1", _DOTTED_MERIDIEM.sub(r"\1m", text))  # "9:30 a.m. ET" -> "9:30 am"
    if not is_date_line(text):
        return None
    return HeaderLine(date=parse_date(text), updated=is_update_line(text))


def header_line(line: str) -> HeaderLine | None:
    """Read a whole line as a byline or date line of an article's header, else ``None``.

    A line may hold several parts separated by ``|`` or ``·``, each a byline or
    a date ("PUBLISHED: 10:48, Tue, May 12, 2015 | UPDATED: ..."): its date is
    the first publication date. A time zone after a time is skipped, known or
    not ("May 12, 2015 - 11:28 MSK").

    Examples
    --------
    >>> header_line("by Jane Smith | May 12, 2015 12:26 PM")
    HeaderLine(date='2015-05-12', updated=False)
    >>> header_line("UPDATED: 10:20, Wed, May 13, 2015 | PUBLISHED: 09:15, Tue, May 12, 2015").date
    '2015-05-12'
    >>> header_line("Jane Smith and Ali Khan, Associated Press")
    HeaderLine(date=None, updated=False)
    >>> header_line("Russia accuses US over talks") is None
    True
    """
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_LINE_CHARS:
        return None
    whole = _date_segment(stripped)  # "May 12, 2015 | 9:32pm" is one date
    if whole is not None:
        return whole
    parts = []
    for part in _SEGMENT.split(stripped):
        read = HeaderLine() if _is_signature(part) else _date_segment(part)
        if read is None:
            return None
        parts.append(read)
    dated = sorted((part for part in parts if part.date), key=lambda part: part.updated)
    return dated[0] if dated else HeaderLine(updated=any(part.updated for part in parts))


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
        read = header_line(line)
        if read is not None:
            spans.append((pos, pos + len(line.rstrip())))
            if read.date:
                dates.append((read.updated, read.date))
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


def parsed_body(document: Document) -> str:
    """The text of ``document`` that is parsed for actors and relations: its header blanked.

    ``allegiance extract`` and ``allegiance actors`` both parse this, so a
    dateline's city or a byline's name is an actor mention in neither. It has
    the length of ``document.text``: every offset into it is an offset into the
    stored text.

    Examples
    --------
    >>> parsed_body(Document("d", "HANOI (AP) — Vietnam agreed."))
    '             Vietnam agreed.'
    """
    return blank_header(document.text)


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
