"""HTML extraction on pages we wrote ourselves."""

from __future__ import annotations

from allegiance.ingest import extract_html, looks_like_html


def test_fixture_page(ingest_fixtures):
    page = (ingest_fixtures / "page_with_chrome.html").read_text(encoding="utf-8")
    article = extract_html(page)
    assert article.title == "Trade unions join forces against pay freeze"
    assert article.date == "2021-06-14"
    assert article.text.count("\n\n") == 3  # four paragraphs, blank-line separated
    assert "Photo:" not in article.text and "Most read" not in article.text


def test_page_without_a_date_gets_none():
    page = ("<html><head><title>Rivals meet</title></head><body><article>"
            "<p>The two rival parties met in the capital to discuss a possible coalition agreement.</p>"
            "<p>Both leaders said the talks had been useful and that they would meet again next week.</p>"
            "<footer>© 2014 Example</footer></article></body></html>")
    article = extract_html(page)
    assert article.date is None
    assert "2014" not in article.text


def test_looks_like_html():
    assert looks_like_html("<?xml version='1.0'?>\n<!DOCTYPE html><html>")
    assert looks_like_html("<!-- saved page -->\n<html lang='en'>")
    assert not looks_like_html("Plain text that mentions <b>bold</b>.")
    assert not looks_like_html("")
