"""Web debris in pasted text: photo credits, share buttons, bylines, page chrome.

Each rule is a row in :data:`DEBRIS_RULES`: a name, a kind and a regular
expression that must match a *whole* (stripped, short) line. The kinds are

``credit``
    photo/image credits and captions ("Photo: Getty", "Image source, EPA");
    never left in an article's text.
``chrome``
    page furniture (share buttons, "Advertisement", "Read more: ...",
    "Related Topics", cookie and copyright lines, navigation words).
``separator``
    an explicit break between pasted articles ("==========", "- - - - -",
    "ENDS"); strong evidence of a boundary.

Bylines ("By Sarah Jones", "BY STAFF REPORTER") are recognised by
:func:`is_byline`; they are header metadata, not debris of the body.

Examples
--------
>>> debris_kind("Photo: Getty")
'credit'
>>> debris_kind("Share this article")
'chrome'
>>> debris_kind("The party's Corbynsceptics allied with its BAME leadership.") is None
True
>>> is_byline("By Tom Harris, Diplomatic Editor")
True
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = [
    "DEBRIS_RULES",
    "DebrisRule",
    "debris_kind",
    "debris_rule",
    "is_byline",
    "is_name_line",
    "strip_inline_credits",
]

MAX_DEBRIS_LINE = 160


class DebrisRule(NamedTuple):
    """One line-level debris pattern (matched case-insensitively against a whole line)."""

    name: str
    kind: str
    pattern: str


_CREDIT_WORDS = r"(?:photo|photograph|picture|pic|image|img|illustration|video|graphic|credit|photo\s+credit|image\s+credit)s?"

DEBRIS_RULES: tuple[DebrisRule, ...] = (
    # --- credits and captions -------------------------------------------------------------
    DebrisRule("credit_label", "credit", rf"\(?{_CREDIT_WORDS}\s*(?:[:,|/\-–—]|by\b)\s*.{{0,100}}"),
    DebrisRule("caption_label", "credit", r"(?:image|photo|video)\s+(?:caption|source|copyright)\b.{0,140}"),
    DebrisRule("agency_credit", "credit",
               r"(?:getty(?:\s+images)?|afp|reuters|ap|pa(?:\s+media)?|epa|shutterstock|alamy|ap\s+photo|pa\s+wire)"
               r"(?:\s*(?:/|via|and)\s*[\w .]{1,40})?"),
    DebrisRule("show_hide_image", "credit", r"(?:show|hide)\s+(?:hide\s+|show\s+)?(?:image|caption|photo)s?"),
    DebrisRule("toggle_caption", "credit", r"(?:toggle|expand|enlarge|close)\s+(?:caption|image|this\s+image)"),
    DebrisRule("copyright_credit", "credit", r"(?:©|\(c\)|copyright)\s*(?:getty|afp|reuters|ap|pa|epa)\b.{0,60}"),
    # --- page chrome ----------------------------------------------------------------------
    DebrisRule("skip_link", "chrome", r"skip\s+to\s+(?:main\s+)?(?:content|navigation|article|search)"),
    DebrisRule("nav_word", "chrome",
               r"(?:menu|search|sign\s*in|sign\s*up|log\s*in|log\s*out|register|subscribe|home|close|"
               r"main\s+menu|navigation|more|back\s+to\s+top|print|save|copy\s+link|listen|follow)"),
    DebrisRule("advertisement", "chrome", r"(?:advertisement|advertising|sponsored(?:\s+content)?|ad|promoted|"
                                          r"continue\s+reading(?:\s+below)?|story\s+continues\s+below(?:\s+advertisement)?)"),
    DebrisRule("share", "chrome",
               r"(?:share(?:\s+(?:this|the)\s+(?:article|story|page))?(?:\s+on\s+\w+)?|tweet|email|"
               r"(?:facebook|twitter|x|email|whatsapp|linkedin|pinterest|reddit|messenger|copy\s+link)"
               r"(?:[\s|,·•/]+(?:facebook|twitter|x|email|whatsapp|linkedin|pinterest|reddit|messenger|copy\s+link))+)"),
    DebrisRule("read_more", "chrome", r"(?:read\s+more|read\s+next|see\s+also|more\s+on\s+this\s+story|"
                                      r"related(?:\s+(?:topics|stories|articles|content|links|coverage|internet\s+links))?|"
                                      r"most\s+(?:read|popular|viewed|shared)|top\s+stories|trending(?:\s+now)?|"
                                      r"recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|editor'?s\s+picks?)"
                                      r"(?:\s*[:\-–—|]\s*.{0,140})?"),
    DebrisRule("comments", "chrome", r"(?:comments?|view\s+comments|show\s+comments|join\s+the\s+conversation|"
                                     r"leave\s+a\s+comment)(?:\s*\(\d+\)|\s+\d+)?"),
    DebrisRule("newsletter", "chrome", r"(?:sign\s+up|subscribe)\b.{0,60}\b(?:newsletter|briefing|email|alerts?|updates)\b.{0,40}"
                                       r"|get\s+(?:our|the)\s+.{0,40}newsletter.{0,40}"),
    DebrisRule("cookies", "chrome", r"(?:cookie\s+(?:settings|policy|preferences|consent|notice)|"
                                    r"(?:accept|reject|manage)\s+(?:all\s+)?(?:cookies|preferences)|"
                                    r".{0,60}\b(?:we|this\s+(?:site|website))\s+uses?\s+cookies\b.{0,100})"),
    DebrisRule("copyright", "chrome", r"(?:©|\(c\)|copyright\s*©?)\s*\d{4}\b.{0,140}|©\s*\w.{0,140}|.{0,100}all\s+rights\s+reserved\.?"),
    DebrisRule("legal_links", "chrome", r"(?:terms(?:\s+(?:of\s+(?:use|service)|and\s+conditions))?|privacy(?:\s+policy)?|"
                                        r"contact\s+us|about\s+us|accessibility|help)"
                                        r"(?:\s*[|·•]\s*(?:terms.*|privacy.*|contact.*|about.*|accessibility|help|cookies?.*))*"),
    DebrisRule("reading_time", "chrome", r"\d{1,3}\s*(?:min(?:ute)?s?)\s+read"),
    DebrisRule("listen", "chrome", r"listen\s+to\s+(?:this\s+)?(?:article|story)(?:\s*[\d:]+)?"),
    DebrisRule("tags", "chrome", r"(?:tags?|topics|filed\s+under|categories|keywords)\s*(?::.{0,140})?"),
    DebrisRule("pager", "chrome", r"(?:previous|next|prev|older|newer)\s+(?:article|story|post|page|item)s?"
                                  r"(?:\s*[:\-–—|]\s*.{0,140})?"),
    DebrisRule("reuse", "chrome", r"(?:reuse|republish)\s+this\s+(?:content|article|story)"),
    DebrisRule("loading", "chrome", r"loading\s*(?:photo\s+gallery|gallery|video|comments|more|\.\.\.|…)?"),
    DebrisRule("more_section", "chrome", r"(?-i:MORE\s+[A-Z&]+(?:\s+[A-Z&]+)?)"),
    DebrisRule("relative_time", "chrome",
               r"(?:published|updated|posted)?\s*(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
               r"|(?:published|posted|updated|just\s+now|yesterday)"),
    DebrisRule("counter", "chrome", r"\d[\d,.]*\s*[km]?\s*(?:shares?|comments?|views?|likes?|reads?|responses?)"),
    DebrisRule("paywall_chrome", "chrome",
               r"(?:supported\s+by|give\s+this\s+article|gift\s+this\s+article|learn\s+more|leer\s+en\s+español|"
               r"restack|like|type\s+your\s+email.{0,4}|already\s+a\s+subscriber\??(?:\s*(?:sign|log)\s+in)?|"
               r"subscribe\s+now|become\s+a\s+member|support\s+our\s+journalism|donate|"
               r"this\s+article\s+is\s+more\s+than\s+\d+\s+(?:years?|months?)\s+old)"),
    DebrisRule("source_credit", "credit", r"source\s*:\s*[\w][\w .,/&'’\-]{0,60}"),
    DebrisRule("contact", "chrome",
               r"(?=.{0,80}\b(?:follow|reach|reached|contact|e-?mail|write\s+to|find)\b)"
               r"(?=.{0,140}(?:\s@\w{2,}|\b[\w.+\-]+@[\w\-]+\.[\w.]+))"
               r"(?:[^\n]{0,160})"),
    DebrisRule("separator", "separator", r"(?:[-=_*#~•+]\s?){5,}|(?:end\s+of\s+(?:article|story)|ends)"),
    DebrisRule("live_badge", "chrome", r"(?:live|breaking(?:\s+news)?|updated|new|exclusive|opinion|analysis|watch|video)"),
)

# One alternation, tried left to right in C: the first rule matching the whole line wins.
_RULE_BY_GROUP = {f"r{k}": rule for k, rule in enumerate(DEBRIS_RULES)}
_COMBINED = re.compile(
    "^(?:" + "|".join(f"(?P<r{k}>{rule.pattern})" for k, rule in enumerate(DEBRIS_RULES)) + r")\s*$",
    re.IGNORECASE,
)

_NAME_TOKEN = r"(?:[A-Z][\w'’\-]*\.?|Mc\w+|O'\w+|de|van|von|da|al|bin|le|la)"
_BYLINE = re.compile(
    rf"^(?i:(?:written\s+|reporting\s+|words\s+)?by)\s*:?\s+"
    rf"(?P<who>{_NAME_TOKEN}(?:(?:\s*[,&]\s*|\s+(?:and|in|for|of)\s+|\s+){_NAME_TOKEN})*)$"
)
_NAME_LINE = re.compile(r"^[A-Z][a-z'’\-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’\-]+|de|van|von|da|al|bin|le|la)){1,3}$")
_INLINE_CREDIT = re.compile(
    rf"\s*[(\[]\s*{_CREDIT_WORDS}\s*(?::|by\b)[^()\[\]\n]{{1,80}}[)\]]",
    re.IGNORECASE,
)


def debris_kind(line: str) -> str | None:
    """The kind of debris a whole line is (``"credit"``, ``"chrome"`` or ``"separator"``), else ``None``.

    Parameters
    ----------
    line : str
        One line of text (surrounding whitespace is ignored). Lines longer
        than 160 characters are never debris.

    Examples
    --------
    >>> debris_kind("Photograph: AFP via Getty Images")
    'credit'
    >>> debris_kind("Read more: Why the vote matters")
    'chrome'
    >>> debris_kind("Politics") is None
    True
    """
    rule = debris_rule(line)
    return rule.kind if rule else None


def debris_rule(line: str) -> DebrisRule | None:
    """The first :data:`DEBRIS_RULES` row that matches the whole line, else ``None``.

    Examples
    --------
    >>> debris_rule("Show Hide image").name
    'show_hide_image'
    """
    text = line.strip().strip("|•·-–— ")
    if not text or len(text) > MAX_DEBRIS_LINE:
        return None
    match = _COMBINED.match(text)
    return _RULE_BY_GROUP[match.lastgroup] if match and match.lastgroup else None


def is_byline(line: str) -> bool:
    """True for a byline such as "By Sarah Jones" or "BY STAFF REPORTER".

    Examples
    --------
    >>> is_byline("By Michael Brown and Priya Patel")
    True
    >>> is_byline("By the end of the year the party had split.")
    False
    """
    text = line.strip()
    if not text or len(text) > 100 or len(text.split()) > 10:
        return False
    match = _BYLINE.match(text)
    if not match:
        return False
    # "By The Way" reads like a name; "By the end of ..." does not match at all.
    return not re.match(r"(?:The|A|An|This|That|Then|Now|Law|Far|Contrast|Comparison)\b", match.group("who"))


def is_name_line(line: str) -> bool:
    """True for a bare personal name on its own line ("Ana Lopez"), as bylines are printed.

    Examples
    --------
    >>> is_name_line("Ana Lopez")
    True
    >>> is_name_line("Related Topics")  # shape only: callers check debris first
    True
    >>> is_name_line("The party split")
    False
    """
    return bool(_NAME_LINE.match(line.strip()))


def strip_inline_credits(text: str) -> str:
    """Remove parenthesised credits inside a paragraph: "(Photo: Getty Images)".

    Examples
    --------
    >>> strip_inline_credits("The leaders met (Photo: Reuters/Pool) in Lisbon.")
    'The leaders met in Lisbon.'
    """
    if "(" not in text and "[" not in text:
        return text
    return _INLINE_CREDIT.sub("", text)
