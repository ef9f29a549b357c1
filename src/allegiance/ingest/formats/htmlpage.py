"""An HTML page: its article text, title, date, source and URL; boilerplate left out.

Examples
--------
>>> from allegiance.ingest.options import ReadOptions
>>> body = "The two rivals signed a pact. " * 5
>>> page = f"<html><head><title>Pact</title></head><body><article><p>{body}</p></article></body></html>"
>>> [d.text[:29] for d in read_html(page, "p.html", ReadOptions())]
['The two rivals signed a pact.']
"""

from __future__ import annotations

from typing import Iterator

from allegiance.errors import EmptyInputError, InputError
from allegiance.ingest.formats.records import documents
from allegiance.ingest.htmltext import extract_html
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document

__all__ = ["read_html"]


def read_html(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    article = extract_html(text)
    if article is None:
        yield EmptyInputError("is an HTML page without article text", path=origin,
                              hint="give the article page itself, or its text")
        return
    yield from documents(article.text, origin, options, title=article.title, date=article.date,
                          source=article.source, url=article.url)
