"""HTML pages: the article's main text, title and date (trafilatura), nothing else.

Scripts, styles, navigation, headers, footers, asides, forms, comments and
related-story links are not article text; trafilatura's boilerplate removal
drops them and our own line-level debris rules (:mod:`.boilerplate`) remove
photo credits and share-button lines that slip through. The date comes from
``<meta>``/``<time>``/JSON-LD only: a page without one gets ``None``, never a
date guessed from a copyright line.

Examples
--------
>>> page = ('<html><head><title>Allies agree | Example</title>'
...         '<meta property="article:published_time" content="2019-12-21T09:00:00Z"></head>'
...         '<body><nav><a href="/">Home</a></nav><article><h1>Allies agree</h1>'
...         '<p>France and Germany agreed on Tuesday to work together on defence.</p>'
...         '<p>Photo: Getty Images</p>'
...         '<p>The two governments will hold joint exercises next spring, officials said.</p>'
...         '</article><script>var x = "President";</script></body></html>')
>>> art = extract_html(page)
>>> art.title, art.date
('Allies agree', '2019-12-21')
>>> "Getty" in art.text or "President" in art.text
False
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from lxml.etree import LxmlError
from trafilatura import bare_extraction

from allegiance.ingest.boilerplate import debris_kind, strip_inline_credits
from allegiance.ingest.dates import parse_date

__all__ = ["HtmlArticle", "extract_html", "looks_like_html", "looks_like_html_fragment", "strip_tags"]

_SHORT_RESULT = 300
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What :func:`extract_html` found in a page.

    Examples
    --------
    >>> HtmlArticle("Body.", title="T").url is None
    True
    """

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None


def looks_like_html(text: str) -> bool:
    """True when text starts like an HTML document (``<!DOCTYPE html>`` / ``<html``).

    Leading whitespace, an XML declaration and comments are skipped.

    Examples
    --------
    >>> looks_like_html("  <!doctype html><p>x</p>")
    True
    >>> looks_like_html("The <html> tag opens a page.")
    False
    """
    head = text[:4096].lstrip().lower()
    while head.startswith("<?xml") or head.startswith("<!--"):
        close = head.find("?>" if head.startswith("<?xml") else "-->")
        if close < 0:
            return False
        head = head[close + (2 if head.startswith("<?xml") else 3) :].lstrip()
    return head.startswith("<!doctype html") or head.startswith("<html") or (
        head.startswith("<") and ("<html" in head or "<body" in head)
    )


def extract_html(html: str, *, url: str | None = None) -> HtmlArticle | None:
    """Extract an article's main text, title and date from an HTML page.

    Parameters
    ----------
    html : str
        The page source.
    url : str, optional
        Where the page came from (used when the page names no canonical URL).

    Returns
    -------
    HtmlArticle or None
        ``None`` when the page holds no article text. When trafilatura finds
        nothing (e.g. a page nested too deeply for lxml), a plain streaming
        tag stripper keeps the prose paragraphs outside scripts, navigation,
        headers, footers, asides and forms; it sets no date.

    Examples
    --------
    >>> extract_html("<html><body><nav>Home</nav></body></html>") is None
    True
    """
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        found = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (LxmlError, ValueError, TypeError, AttributeError, LookupError, RecursionError):
        found = None
    if found is None:
        return _fallback(html, url)
    data = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    title = _clean(data.get("title"))
    lines = [line.strip() for line in (data.get("text") or "").split("\n")]
    if lines and title and lines[0].strip().casefold() == title.casefold():
        lines = lines[1:]
    paragraphs = [strip_inline_credits(line) for line in lines if line and not debris_kind(line)]
    text = "\n\n".join(p for p in paragraphs if p)
    if len(text) < _SHORT_RESULT:
        # lxml gives up on very deep trees and trafilatura then sees only a
        # fragment of the page: keep whichever reading found more prose.
        fallback = _fallback(html, url)
        if fallback is not None and len(fallback.text) > len(text):
            text = fallback.text
            title = title or fallback.title
    if not text:
        return None
    return HtmlArticle(
        text=text,
        title=title,
        date=parse_date(data.get("date")),
        url=_clean(data.get("url")) or url,
        source=_source(data.get("sitename"), title),
    )


_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                        "form", "button", "select", "svg", "iframe", "figcaption", "figure"})
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
                         "blockquote", "tr", "td", "pre", "main", "body", "ul", "ol", "dd", "dt"})
_VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed",
                        "source", "track", "wbr", "param"})


class _TextCollector(HTMLParser):
    """A streaming (non-recursive) tag stripper: copes with pages too deeply nested for lxml."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.blocks: list[tuple[str, float]] = []  # (text, share of it inside links)
        self.current: list[str] = []
        self.link_depth = 0
        self.link_chars = 0

    def _flush(self) -> None:
        raw = "".join(self.current)
        text = " ".join(raw.split())
        if text:
            self.blocks.append((text, self.link_chars / max(1, len(raw))))
        self.current = []
        self.link_chars = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "a":
            self.link_depth += 1
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "a" and self.link_depth:
            self.link_depth -= 1
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip_depth:
            self.current.append(data)
            if self.link_depth:
                self.link_chars += len(data)


# A prose block kept by the fallback has at least this many words and ends like a
# sentence: short enough for one-sentence briefs, long enough to drop menu items.
_MIN_FALLBACK_WORDS = 5


def _fallback(html: str, url: str | None) -> HtmlArticle | None:
    """Plain tag stripping when trafilatura finds nothing: keep prose paragraphs only."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError):  # html.parser on malformed declarations
        return None
    collector._flush()
    paragraphs = [
        strip_inline_credits(block) for block, link_share in collector.blocks
        if link_share < 0.5 and len(block.split()) >= _MIN_FALLBACK_WORDS and block[-1:] in ".!?\"'”’)"
        and not block.endswith("...") and not debris_kind(block)
    ]
    if not paragraphs:
        return None
    title = _clean("".join(collector.title))
    if title and " | " in title:
        title = title.split(" | ")[0].strip()
    return HtmlArticle(text="\n\n".join(paragraphs), title=title, url=url)


_FRAGMENT = re.compile(r"</(?:p|div|span|a|li|b|i|em|strong|h[1-6]|blockquote)\s*>|<br\s*/?>", re.IGNORECASE)


def looks_like_html_fragment(text: str) -> bool:
    """True for markup without a page around it, as scrapers store in a "text" field.

    Examples
    --------
    >>> looks_like_html_fragment("<p>Allies met.</p><p>They agreed.</p>")
    True
    >>> looks_like_html_fragment("Use <b> for bold")
    False
    """
    return text.lstrip().startswith("<") and _FRAGMENT.search(text[:20000]) is not None


def strip_tags(markup: str) -> str:
    """All text outside scripts, styles and navigation, one block per line group; never raises.

    Examples
    --------
    >>> strip_tags("<p>Allies <b>met</b>.</p><script>x()</script><p>Done &amp; dusted.</p>")
    'Allies met.\\n\\nDone & dusted.'
    """
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
    except (AssertionError, ValueError):
        pass
    collector._flush()
    return "\n\n".join(block for block, _ in collector.blocks)


def _source(sitename: object, title: str | None) -> str | None:
    name = _clean(sitename)
    if name and title and name.casefold() == title.casefold():
        return None  # trafilatura fell back to the headline: not a site name
    return name


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
