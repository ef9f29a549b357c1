"""RSS and Atom feeds: one document per item (headline-only items too).

Examples
--------
>>> from allegiance.ingest.options import ReadOptions
>>> item = "<item><title>Pact</title><description>Rivals agree.</description></item>"
>>> rss = f'<rss version="2.0"><channel>{item}</channel></rss>'
>>> [d.text for d in read_feed(rss, "f.xml", ReadOptions())]
['Rivals agree.']
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from allegiance.errors import EmptyInputError, InputError, UnreadableInputError
from allegiance.ingest.feeds import feed_records
from allegiance.ingest.formats.records import line_origin, record_documents, short
from allegiance.ingest.options import ReadOptions
from allegiance.model import Document

__all__ = ["read_feed"]


def read_feed(text: str, origin: str, options: ReadOptions) -> Iterator[Document | InputError]:
    """One document per feed item; an item without a date of its own takes ``options.date``."""
    try:
        items = list(feed_records(text))
    except ValueError as exc:
        yield UnreadableInputError(f"is a feed that cannot be parsed ({short(exc)})", path=origin,
                                   hint="check that the RSS/Atom XML is complete")
        return
    if not items:
        yield EmptyInputError("is a feed without items", path=origin,
                              hint="give a feed with <item> or <entry> elements")
        return
    # a feed's fields have fixed names: the column options do not apply, --date still does
    feed_options = replace(options, text_column="text", date_column=None, title_column=None, id_column=None)
    for line, record in items:
        if not record["text"] and record["title"]:
            record["text"] = record["title"]  # headline-only items are still news
        yield from record_documents(record, line_origin(origin, line), feed_options, "feed item")
