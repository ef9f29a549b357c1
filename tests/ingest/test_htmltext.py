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


def test_page_too_deep_for_lxml_falls_back_to_plain_tag_stripping():
    page = ("<html><head><title>Treaty signed | Site</title><script>var leak = 'President';</script></head>"
            "<body><nav>Home News</nav>" + "<div>" * 20_000
            + "<p>The two rivals signed a treaty on Monday in the capital <a href='/c'>city</a>.</p>"
            + "<p>Photo: Getty Images</p>"
            + "<p><a href='/r'>Five things we learned from the summit this week, in pictures.</a></p>"
            + "</div>" * 20_000 + "</body></html>")
    article = extract_html(page)
    assert article.text == "The two rivals signed a treaty on Monday in the capital city."
    assert article.title == "Treaty signed"
    assert article.date is None


def test_fallback_does_not_turn_link_lists_into_text():
    page = ("<html><body>" + "<div>" * 20_000
            + "".join(f"<p><a href='/{k}'>Story number {k} about the election results tonight.</a></p>"
                      for k in range(30))
            + "</div>" * 20_000 + "</body></html>")
    assert extract_html(page) is None
