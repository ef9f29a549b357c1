"""RSS and Atom feeds."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.errors import EmptyInputError, InputError, UnreadableInputError
from allegiance.ingest import feed_records, looks_like_feed, read_documents
from allegiance.model import Document


def test_rss_items_become_documents(ingest_fixtures):
    path = ingest_fixtures / "feed_rss.xml"
    docs = list(read_documents(path))
    assert all(isinstance(d, Document) for d in docs)
    assert [(d.id, d.title, d.date, d.url) for d in docs] == [
        ("wire-a1", "Coalition partners agree budget", "2021-06-14", "https://wire.example/a1"),
        (docs[1].id, "Unions and employers resume talks", "2021-06-15", "https://wire.example/a2"),
        (docs[2].id, "Headline-only item about the vote", None, None),
    ]
    # content:encoded is preferred to the teaser, its HTML extracted, the credit dropped.
    assert docs[0].text == ("The two coalition partners agreed a budget on Monday after a week of talks."
                            "\n\nThe opposition said the deal would not last.")
    # Entities are not expanded (no entity-expansion attacks).
    assert "lol" not in docs[1].text
    assert docs[1].text.startswith("Unions and employers resumed talks on Tuesday.")
    assert docs[2].text == "Headline-only item about the vote"
    assert [d.origin.rsplit(":", 1)[1] for d in docs] == ["7", "15", "21"]


def test_atom_feed():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><id>urn:x:1</id><title>Envoys meet</title><link rel="alternate" href="https://x.example/e1"/>
<published>2020-01-02T10:00:00Z</published><summary>The envoys of the two rivals met in Geneva.</summary></entry>
</feed>"""
    (doc,) = read_documents("-", stdin=io.BytesIO(atom))
    assert (doc.id, doc.title, doc.date, doc.url, doc.text) == (
        "urn:x:1", "Envoys meet", "2020-01-02", "https://x.example/e1", "The envoys of the two rivals met in Geneva.")


def test_feed_without_items_and_broken_feed():
    (empty,) = read_documents("-", stdin=io.BytesIO(b"<rss><channel><title>x</title></channel></rss>"))
    assert isinstance(empty, EmptyInputError)
    (broken,) = read_documents("-", stdin=io.BytesIO(b"<rss"))
    assert isinstance(broken, (UnreadableInputError, EmptyInputError))


@pytest.mark.parametrize("text, expected", [
    ("<?xml version='1.0'?><rss>", True), ("<!-- c --><feed>", True), ("<rdf:RDF>", True),
    ("<html>", False), ("rss feed", False)])
def test_looks_like_feed(text, expected):
    assert looks_like_feed(text) is expected


def test_feed_records_raw():
    records = [r for _, r in feed_records("<rss><channel><item><title>T</title></item></channel></rss>")]
    assert records == [{"id": None, "title": "T", "text": None, "date": None, "url": None}]


def test_external_entities_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            '<rss><channel><item><title>T</title><description>Before &xxe; after.</description></item>'
            '</channel></rss>')
    (doc,) = read_documents("-", stdin=io.BytesIO(feed.encode()))
    assert "TOP-SECRET" not in doc.text
    assert doc.text.startswith("Before")


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300), st.text(max_size=100))
def test_feeds_with_random_content_never_raise(body, title):
    feed = f"<?xml version='1.0'?><rss><channel><item><title>{title}</title><description>{body}</description></item>"
    items = list(read_documents("-", stdin=io.BytesIO(feed.encode("utf-8", "surrogatepass"))))
    assert len(items) == 1  # the one item comes out as a document or as one error, never as nothing
    (item,) = items
    assert isinstance(item, (Document, InputError)), repr(item)
    if isinstance(item, Document):
        assert item.text.strip()
    else:  # one clear line saying what to do
        message = str(item)
        assert message.strip() and "\n" not in message, message
