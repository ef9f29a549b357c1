"""Ingest: turn any political text input into :class:`~allegiance.model.Document` objects.

Readers for plain text (any common encoding), pasted multi-article dumps, HTML
pages, RSS/Atom feeds, JSONL, JSON, CSV/TSV and gzip of any of these; binary and empty inputs
are reported, never fed to the NLP stage.

Examples
--------
>>> import io
>>> from allegiance.ingest import read_documents
>>> [d.title for d in read_documents("-", stdin=io.BytesIO(b"Allies at last\\n\\nThe two rivals signed a pact."))]
['Allies at last']
"""

from allegiance.ingest.boilerplate import DEBRIS_RULES, DebrisRule, debris_kind, is_byline
from allegiance.ingest.chunks import split_long_text
from allegiance.ingest.dates import is_date_line, is_update_line, parse_date
from allegiance.ingest.datelines import ArticleHeader, blank_header, date_from_filename, find_header, given_date
from allegiance.ingest.dump import DumpArticle, looks_like_dump, parse_single_article, split_dump
from allegiance.ingest.encoding import decode_bytes, normalise_text, sniff_binary
from allegiance.ingest.feeds import feed_records, looks_like_feed
from allegiance.ingest.htmltext import HtmlArticle, extract_html, looks_like_html, looks_like_html_fragment, strip_tags
from allegiance.ingest.readers import FORMATS, ReadOptions, detect_format, read_documents

__all__ = [
    "ArticleHeader",
    "DEBRIS_RULES",
    "DebrisRule",
    "DumpArticle",
    "FORMATS",
    "HtmlArticle",
    "ReadOptions",
    "blank_header",
    "date_from_filename",
    "debris_kind",
    "decode_bytes",
    "detect_format",
    "extract_html",
    "feed_records",
    "find_header",
    "given_date",
    "is_byline",
    "is_date_line",
    "is_update_line",
    "looks_like_dump",
    "looks_like_feed",
    "looks_like_html",
    "looks_like_html_fragment",
    "normalise_text",
    "parse_date",
    "parse_single_article",
    "read_documents",
    "sniff_binary",
    "split_dump",
    "split_long_text",
    "strip_tags",
]
