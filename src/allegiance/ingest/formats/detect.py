"""Which format an input is: told from its first bytes, its name only breaking ties.

Examples
--------
>>> detect_format(b"id,text\\n1,hello\\n", "a.csv"), detect_format(b"Just words.", "a.txt")
('csv', 'text')
"""

from __future__ import annotations

import json

from allegiance.ingest.encoding import GZIP_MAGIC, decode_bytes, sniff_binary
from allegiance.ingest.feeds import looks_like_feed
from allegiance.ingest.htmltext import looks_like_html

__all__ = ["FORMATS", "HEAD_BYTES", "RECORD_SUFFIXES", "detect_format"]

#: The formats :func:`detect_format` can report.
FORMATS = ("gzip", "binary", "feed", "html", "jsonl", "json", "csv", "tsv", "text")
#: Bytes read from the start of an input to tell its format.
HEAD_BYTES = 65536
#: Names that declare a record format: control characters or isolated NULs in some records do not make it binary.
RECORD_SUFFIXES = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".jsonlines")


def detect_format(head: bytes, name: str = "") -> str:
    """Name the format of an input from its first bytes (and, secondarily, its name).

    Parameters
    ----------
    head : bytes
        The first few kilobytes of the input.
    name : str, optional
        The file name; ``.csv``/``.tsv`` select CSV, ``.jsonl`` JSONL. A ``.gz``
        suffix is ignored (the content decides).

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Examples
    --------
    >>> detect_format(b"\\x1f\\x8b\\x08\\x00", "notes.txt")
    'gzip'
    >>> detect_format(b'<?xml version="1.0"?><rss version="2.0">', "news.xml")
    'feed'
    >>> detect_format(b"<!DOCTYPE html><html>", "page.txt")
    'html'
    >>> detect_format(b'{"text": "x"}\\n', "data")
    'jsonl'
    >>> detect_format(b"id,text\\n1,hello\\n", "a.csv")
    'csv'
    >>> detect_format(b"Just words.", "a.txt")
    'text'
    """
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if _starts_with_json_object(head):  # JSONL, even when a later line is damaged by NULs
        return "jsonl"
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    if sniff_binary(head, records=lower.endswith(RECORD_SUFFIXES)):
        return "binary"
    text = decode_bytes(head[:HEAD_BYTES])
    if lower.endswith(".tsv") or lower.endswith(".tab"):
        return "tsv"
    if lower.endswith(".csv"):
        return "csv"
    if looks_like_feed(text):
        return "feed"
    if looks_like_html(text):
        return "html"
    stripped = text.lstrip()
    if lower.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    if stripped.startswith("{"):
        first_lines = [line.strip() for line in stripped.split("\n", 6)[:6] if line.strip()]
        first = first_lines[0]
        for line in first_lines[:5]:  # a broken first record must not hide a JSONL file
            if not line.startswith("{"):
                continue
            try:
                if isinstance(json.loads(line), dict):
                    return "jsonl"
            except (ValueError, RecursionError):
                pass
        if lower.endswith(".json"):
            return "json"
        if len(head) < HEAD_BYTES:  # the whole input is in hand: is it one JSON document?
            try:
                json.loads(stripped)
                return "json"
            except (ValueError, RecursionError):
                pass
        if first.endswith("}") or (len(head) >= HEAD_BYTES and "\n" not in stripped):
            return "jsonl"  # a broken record, or one record longer than the sniffed head
        return "text"
    if stripped.startswith("[") and lower.endswith(".json"):
        return "json"
    if lower.endswith((".html", ".htm", ".xhtml")) and stripped.startswith("<"):
        return "html"
    return "text"


def _starts_with_json_object(head: bytes) -> bool:
    """True when the first line of ``head`` is a complete JSON object (a JSONL record)."""
    stripped = head.lstrip(b" \t\r\n")
    if not stripped.startswith(b"{"):
        return False
    first = stripped.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False
