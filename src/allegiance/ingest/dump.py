"""Pasted multi-article dumps: find the articles, their titles and dates, drop the debris.

People copy articles out of web pages and paste them one after the other into
a text file. Between and around the articles sit photo credits ("Photo:
Getty", "Show Hide image"), bylines, dates, share buttons, "Related Topics"
and cookie lines. This module splits such a file into its articles.

How it works
------------
Every line is classified (blank, prose ``body``, ``short`` headline-like line,
``credit``/``chrome``/``separator`` debris, ``byline``, ``date``). Runs of
non-body lines between paragraphs are *gaps*. A gap is an article boundary
when it holds a headline-like line and enough header evidence around it: a
byline, a date line or a separator ("=====") counts 2, a credit or chrome
line 1 each, and 2 are needed. The headline is the longest short line next
to header lines (so "World news" above a headline loses to the headline),
else the last short line before the next paragraph. When the byline and date
sit below a one-paragraph standfirst ("Title / Standfirst. / By X / date"),
the headline is the short line above the standfirst. A plain single article
has no boundary gap; its first short line is its title.

Debris lines are removed everywhere, never only at boundaries; credits never
stay in the text. Closing author bios ("Stephen Bush is special correspondent
at the New Statesman ...") are prose, not debris, and are always kept.

Examples
--------
>>> text = '''First headline here
... By Ann Smith
... 3 March 2020
...
... The council voted to merge the two boroughs on Tuesday.
...
... Photo: Getty
... Show Hide image
... Second headline about the vote
...
... The opposition criticised the decision and promised an appeal.
... '''
>>> [(a.title, a.date, a.byline) for a in split_dump(text)]
[('First headline here', '2020-03-03', 'By Ann Smith'), ('Second headline about the vote', None, None)]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from allegiance.ingest.boilerplate import debris_kind, is_name_line, strip_inline_credits
from allegiance.ingest.datelines import HeaderLine, header_line

__all__ = ["DumpArticle", "looks_like_dump", "parse_single_article", "split_dump"]

BLANK, BODY, SHORT = "blank", "body", "short"
CREDIT, CHROME, SEPARATOR, BYLINE, DATE = "credit", "chrome", "separator", "byline", "date"
_DEBRIS = (CREDIT, CHROME, SEPARATOR)
_HEADER = (CREDIT, CHROME, SEPARATOR, BYLINE, DATE)
_WEIGHT = {BYLINE: 2, DATE: 2, SEPARATOR: 2, CREDIT: 1, CHROME: 1}
_MIN_BOUNDARY_SCORE = 2
_MAX_TITLE_WORDS = 25
_MAX_SHORT_CHARS = 250
_PROSE_END = re.compile(r"[.!;:…,](?:[\"'”’)\]]*)$")
# Headlines may end in an abbreviation ("... trade deal with U.S.") without being prose.
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Inc|Ltd|Corp|Co|Jr|Sr|St|Bros|plc|vs)\.)$")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for by and or but as is be up out off new over its his her who why how "
    "not no yes all our your my we you he she it they them via per vs with from into onto than then".split()
)


@dataclass(frozen=True, slots=True)
class DumpArticle:
    """One article found in a pasted text.

    Attributes
    ----------
    title : str or None
        The headline (``None`` when the text starts straight with prose).
    text : str
        The body, debris removed, paragraphs separated by blank lines.
    date : str or None
        ISO date from a date line in the article's header, else ``None``.
    byline : str or None
        The byline line as printed ("By Sarah Jones", "Ana Lopez").
    line : int
        1-based line number where the article starts in the input.

    Examples
    --------
    >>> DumpArticle("A title", "Body.").date is None
    True
    """

    title: str | None
    text: str
    date: str | None = None
    byline: str | None = None
    line: int = 1


def _classify(line: str) -> str:
    text = line.strip()
    if not text:
        return BLANK
    if len(text) > _MAX_SHORT_CHARS:
        return BODY
    kind = debris_kind(text)
    if kind == "credit":
        return CREDIT
    if kind == "chrome":
        return CHROME
    if kind == "separator":
        return SEPARATOR
    header = header_line(text)
    if header is not None:
        return DATE if header.date else BYLINE
    if len(text.split()) > _MAX_TITLE_WORDS:
        return BODY
    if _PROSE_END.search(text) and not _ABBREVIATION_END.search(text) and not _is_all_caps(text):
        return BODY
    return SHORT


def _is_candidate(line: str, *, min_words: int = 2) -> bool:
    text = line.strip()
    words = text.split()
    if not min_words <= len(words) <= _MAX_TITLE_WORDS:
        return False
    first = text.lstrip("#").lstrip()[:1]
    return first.isupper() or first.isdigit() or first in "\"'“‘«(<["


def _next_nonblank(kinds: list[str], i: int, end: int) -> int | None:
    for j in range(i + 1, end):
        if kinds[j] != BLANK:
            return j
    return None


def _prev_nonblank(kinds: list[str], i: int, start: int) -> int | None:
    for j in range(i - 1, start - 1, -1):
        if kinds[j] != BLANK:
            return j
    return None


def _mark_name_bylines(lines: list[str], kinds: list[str], start: int, end: int) -> None:
    """A bare name ("Ana Lopez") right above a date line, or below a credit after a headline, is a byline."""
    seen_short = False
    for i in range(start, end):
        if kinds[i] != SHORT:
            continue
        if is_name_line(lines[i]):
            nxt = _next_nonblank(kinds, i, end)
            prv = _prev_nonblank(kinds, i, start)
            if (nxt is not None and kinds[nxt] == DATE) or (
                seen_short and prv is not None and kinds[prv] in (CREDIT, BYLINE)
            ):
                kinds[i] = BYLINE
                continue
        seen_short = True


def _gaps(kinds: list[str]) -> list[tuple[int, int]]:
    """Maximal runs of non-body lines, as (start, end) index pairs."""
    gaps = []
    i, n = 0, len(kinds)
    while i < n:
        if kinds[i] == BODY:
            i += 1
            continue
        j = i
        while j < n and kinds[j] != BODY:
            j += 1
        gaps.append((i, j))
        i = j
    return gaps


def _choose_title(lines: list[str], kinds: list[str], start: int, end: int, *, leading: bool) -> int | None:
    """The headline of a gap: the longest short line next to header lines (credit, byline, date).

    Section labels ("World news") sit next to header lines too, but are shorter
    than headlines. Without header lines the first (leading gap) or last short
    line is taken.
    """
    candidates = [i for i in range(start, end) if kinds[i] == SHORT and _is_candidate(lines[i])]
    if not candidates and leading:
        candidates = [i for i in range(start, end) if kinds[i] == SHORT and _is_candidate(lines[i], min_words=1)]
    if not candidates:
        return None
    adjacent = []
    for i in candidates:
        nxt = _next_nonblank(kinds, i, end)
        prv = _prev_nonblank(kinds, i, start)
        if (nxt is not None and kinds[nxt] in _HEADER) or (prv is not None and kinds[prv] in _HEADER):
            adjacent.append(i)
    if adjacent:
        return max(adjacent, key=lambda i: (len(lines[i].split()), -i))
    return candidates[0] if leading else candidates[-1]


def _boundary_score(kinds: list[str], start: int, end: int) -> int:
    if end - start == 1 and kinds[start] == BLANK:
        return 0  # the blank line between two paragraphs
    score = 0
    chrome = 0
    for i in range(start, end):
        kind = kinds[i]
        if kind == CHROME:
            chrome += 1
            if chrome > 2:
                continue
        score += _WEIGHT.get(kind, 0)
    return score


def _truecase(title: str, body: str) -> str:
    """Give an ALL-CAPS headline the casing its words have in the article body."""
    forms: dict[str, Counter[str]] = {}
    for word in _WORD.findall(body):
        forms.setdefault(word.casefold(), Counter())[word] += 1

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        seen = forms.get(word.casefold())
        if seen:
            best = max(seen.items(), key=lambda kv: (kv[1], kv[0].islower()))[0]
        elif len(word) <= 3 and word.casefold() not in _FUNCTION_WORDS:
            best = word  # probably an acronym (EU, UN, NHS)
        else:
            best = word.lower()
        if match.start() == 0:
            best = best[:1].upper() + best[1:]
        return best

    return _WORD.sub(fix, title)


def _is_all_caps(text: str) -> bool:
    if text.upper() != text or text.lower() == text:  # quick C-level test first
        return False
    return sum(1 for ch in text if ch.isalpha()) >= 4


class _Builder:
    """Collects the lines of one article while the gaps are walked."""

    def __init__(self, title: str | None, line: int) -> None:
        self.title = title
        self.line = line
        self.date: str | None = None
        self.date_is_update = False
        self.byline: str | None = None
        self.lines: list[str] = []

    def finish(self) -> DumpArticle:
        text = _join_paragraphs(self.lines)
        title = self.title.lstrip("#").strip() or None if self.title else None  # Markdown "# Title"
        if title and _is_all_caps(title):
            title = _truecase(title, text)
        return DumpArticle(title=title, text=text, date=self.date, byline=self.byline, line=self.line)


def _join_paragraphs(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        line = strip_inline_credits(line.strip()) if line.strip() else ""
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line)
    return "\n".join(out).strip()


def _date_before(lines: list[str], kinds: list[str], start: int, title_at: int) -> str | None:
    """A date line printed above the headline (some sites put it there)."""
    for j in range(title_at - 1, start - 1, -1):
        if kinds[j] == DATE:
            return _line_date(lines[j]).date
    return None


def _line_date(line: str) -> HeaderLine:
    """The date a line classified ``DATE`` gives."""
    return header_line(line) or HeaderLine()


def _take_header(article: _Builder, lines: list[str], kinds: list[str], start: int, end: int) -> None:
    """Lines after a title up to the body: keep metadata, drop debris, keep the rest as text."""
    for i in range(start, end):
        kind = kinds[i]
        read = _line_date(lines[i]) if kind == DATE else None
        if read is not None and (article.date is None or (article.date_is_update and not read.updated)):
            article.date = read.date or article.date  # a publication date before an update date
            article.date_is_update = read.updated
        elif kind == BYLINE and article.byline is None:
            article.byline = lines[i].strip()
        elif kind in _HEADER:
            continue
        else:
            article.lines.append(lines[i])


def _next_body(kinds: list[str], i: int) -> int:
    """The index of the first body line at or after ``i`` (``len(kinds)`` when none)."""
    return next((j for j in range(i, len(kinds)) if kinds[j] == BODY), len(kinds))


def _take_prose_above_title(article: _Builder, lines: list[str], kinds: list[str], start: int, title_at: int) -> None:
    """Lines above the first headline: drop header lines and section labels, keep the rest as text.

    A section label ("Politics", "World news") is a short line of at most three
    words starting like a headline, above a headline that has header lines
    (byline, date, credit). Without header lines nothing marks a page layout, so
    every line is kept: "and pact ?" or "Labour" there are words of the text.
    """
    page = any(kinds[i] in _HEADER for i in range(start, _next_body(kinds, title_at)))
    kept = [lines[i] for i in range(start, title_at)
            if kinds[i] not in (*_HEADER, BLANK)
            and not (page and len(lines[i].split()) <= 3 and _is_candidate(lines[i], min_words=1))]
    if kept:
        article.lines.extend([*kept, ""])


def _take_inside(article: _Builder, lines: list[str], kinds: list[str], start: int, end: int, *, trailing: bool) -> None:
    """A gap inside an article (or after the last one): drop debris; in a footer, drop what follows debris."""
    in_footer = False
    for i in range(start, end):
        kind = kinds[i]
        if kind in _DEBRIS:
            in_footer = in_footer or trailing
            continue
        if in_footer and kind != BLANK:
            continue
        article.lines.append(lines[i])


def _decide(lines: list[str], kinds: list[str], gaps: list[tuple[int, int]], *,
            split: bool) -> tuple[dict[int, int], set[int]]:
    """Which gaps start an article (gap index -> headline line) and which are late headers.

    A *late header* is a gap of header lines only (byline, date, credits) that
    follows a headline and a one-paragraph standfirst: "Title / Standfirst. /
    By X / 3 May 2021". Its byline and date belong to the article above it.
    """
    n = len(lines)
    titles: dict[int, int] = {}
    late_headers: set[int] = set()
    for g, (start, end) in enumerate(gaps):
        if start == 0:
            continue
        if split and end != n and _boundary_score(kinds, start, end) >= _MIN_BOUNDARY_SCORE:
            title_at = _choose_title(lines, kinds, start, end, leading=False)
            if title_at is not None:
                titles[g] = title_at
    for g in range(1, len(gaps)):
        start, end = gaps[g]
        prev_start, prev_end = gaps[g - 1]
        if g in titles or end == n or _boundary_score(kinds, start, end) < _MIN_BOUNDARY_SCORE:
            continue
        if any(kinds[i] not in (*_HEADER, BLANK) for i in range(start, end)):
            continue
        if not any(kinds[i] in (BYLINE, DATE) for i in range(start, end)):
            continue
        standfirst = range(prev_end, start)
        if len(standfirst) != 1 or len(lines[prev_end].split()) > 60:
            continue
        if prev_start == 0:
            late_headers.add(g)  # the first article's own header, below its standfirst
            continue
        if not split or g - 1 in titles:
            continue
        candidates = [i for i in range(prev_start, prev_end) if kinds[i] == SHORT and _is_candidate(lines[i])]
        if candidates:
            titles[g - 1] = candidates[-1]
            late_headers.add(g)
    return titles, late_headers


def _articles(text: str, *, split: bool) -> list[DumpArticle]:
    lines = text.split("\n")
    kinds = [_classify(line) for line in lines]
    gaps = _gaps(kinds)
    for start, end in gaps:
        _mark_name_bylines(lines, kinds, start, end)
    titles, late_headers = _decide(lines, kinds, gaps, split=split)
    gap_index = {start: (g, end) for g, (start, end) in enumerate(gaps)}
    has_body = BODY in kinds

    articles: list[_Builder] = []
    current: _Builder | None = None
    i, n = 0, len(lines)
    while i < n:
        if kinds[i] == BODY:
            if current is None:  # the text starts straight with prose
                current = _Builder(None, i + 1)
                articles.append(current)
            current.lines.append(lines[i])
            i += 1
            continue
        g, end = gap_index[i]
        start, i = i, end
        if current is None:  # the gap before the first paragraph
            # A lone line is text, not a title; tables and lists (no prose) still have a headline.
            several = has_body or sum(1 for k in kinds if k != BLANK) >= 2
            title_at = _choose_title(lines, kinds, start, end, leading=True) if several else None
            if title_at is None:
                current = _Builder(None, start + 1)
                articles.append(current)
                _take_inside(current, lines, kinds, start, end, trailing=not has_body)
            else:
                current = _Builder(lines[title_at].strip(), title_at + 1)
                articles.append(current)
                current.date = _date_before(lines, kinds, start, title_at)
                _take_prose_above_title(current, lines, kinds, start, title_at)
                _take_header(current, lines, kinds, title_at + 1, end)
            continue
        if g in late_headers:
            _take_header(current, lines, kinds, start, end)
            continue
        title_at = titles.get(g)
        if title_at is None:
            _take_inside(current, lines, kinds, start, end, trailing=end == n)
            continue
        # Lines before the headline: prose-adjacent ones close the previous article;
        # anything after the first header/debris line is page chrome between articles.
        for j in range(start, title_at):
            kind = kinds[j]
            if kind in _HEADER:
                break
            if not (kind == SHORT and len(lines[j].split()) <= 3):
                current.lines.append(lines[j])
        pending_date = _date_before(lines, kinds, start, title_at)
        current = _Builder(lines[title_at].strip(), title_at + 1)
        articles.append(current)
        _take_header(current, lines, kinds, title_at + 1, end)
        if current.date is None:
            current.date = pending_date
    return [article.finish() for article in articles]


def split_dump(text: str) -> list[DumpArticle]:
    """Split a pasted text into its articles, with titles, dates and bylines; drop web debris.

    A text holding one ordinary article comes back as one :class:`DumpArticle`
    whose title is its first short line (when it has one).

    Parameters
    ----------
    text : str
        Decoded text (``\\n`` line ends).

    Returns
    -------
    list of DumpArticle
        At least one article for non-blank text; an empty list for blank text.

    Examples
    --------
    >>> arts = split_dump("Russia and the US\\n\\nMoscow and Washington agreed to work together.\\n")
    >>> arts[0].title, arts[0].text
    ('Russia and the US', 'Moscow and Washington agreed to work together.')
    """
    if not text.strip():
        return []
    return _articles(text, split=True)


def parse_single_article(text: str) -> DumpArticle | None:
    """Read a text as exactly one article: title from its first short line, debris removed.

    Examples
    --------
    >>> parse_single_article("Photo: Getty\\nA headline\\n\\nSome prose here.").title
    'A headline'
    """
    if not text.strip():
        return None
    return _articles(text, split=False)[0]


def looks_like_dump(text: str) -> bool:
    """True when a text is several articles pasted together (it splits into two or more).

    Examples
    --------
    >>> looks_like_dump("One headline\\n\\nJust one short article body here.")
    False
    """
    return len(split_dump(text)) > 1
