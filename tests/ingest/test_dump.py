"""Splitting pasted multi-article dumps (seed, the messy dump, our own dumps) and not splitting articles."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest import decode_bytes, looks_like_dump, parse_single_article, split_dump
from allegiance.ingest.boilerplate import debris_kind

SEED_TITLES = ["Russia and the US: friends at last?", "Why isn't Labour putting forward Corbynite candidates?"]
CREDIT_WORDS = ("Getty", "Show Hide image", "Photo:", "Photograph:", "Image caption", "Image source", "AFP via")


def _no_debris_lines(text: str) -> None:
    for line in text.split("\n"):
        assert debris_kind(line) is None, line
    for word in CREDIT_WORDS:
        assert word not in text, word


# --------------------------------------------------------------------------- the reference seed


@pytest.mark.realdata
def test_seed_splits_into_exactly_two_titled_articles(seed_path):
    articles = split_dump(decode_bytes(seed_path.read_bytes()))
    assert [a.title for a in articles] == SEED_TITLES
    first, second = articles
    assert first.text.startswith("The former rivals form a politically symbolic alliance")
    assert first.text.endswith("what is the true nature of this politically significant alliance?")
    assert second.text.startswith("Despite his successes as a candidate")
    assert "Unite and the GMB working together" in second.text
    # Decision: the closing author bio is prose of the article, kept (never split off, never debris).
    assert second.text.endswith("provides a quick and essential guide to British politics.")
    for article in articles:
        _no_debris_lines(article.text)
        assert article.date is None  # the seed prints no dates: none invented
        assert "\u00a0" not in article.text


# --------------------------------------------------------------------------- the messy dump


@pytest.mark.realdata
def test_messy_dump_gives_the_six_expected_articles(messy_dir):
    expected = json.loads((messy_dir / "dump_concatenated.expected.json").read_text(encoding="utf-8"))
    articles = split_dump(decode_bytes((messy_dir / "dump_concatenated.txt").read_bytes()))
    assert [a.title for a in articles] == [e["title"] for e in expected]
    assert [a.date for a in articles] == [e["date"] for e in expected]
    assert [a.byline for a in articles] == [e["byline_line"] for e in expected]
    for article in articles:
        _no_debris_lines(article.text)
        assert "Skip to main content" not in article.text
        assert "Related Topics" not in article.text and "Most read" not in article.text
        assert "Cookie settings" not in article.text and "Share this article" not in article.text
        assert len(article.text) > 1000
    # "Read more:" inside a body is removed, the body around it kept.
    samoa = articles[2]
    assert "Read more" not in samoa.text
    assert "The only civil servants not assigned" in samoa.text


# --------------------------------------------------------------------------- our own dumps


def test_wire_style_dump(ingest_fixtures):
    """Dates above headlines, section labels, "Photograph: X/Agency" credits, share/reuse lines."""
    articles = split_dump((ingest_fixtures / "dump_wire_style.txt").read_text(encoding="utf-8"))
    assert [(a.title, a.date) for a in articles] == [
        ("Nordic neighbours sign defence pact after decades of rivalry", "2020-03-02"),
        ("Farmers' union breaks with ruling party over subsidy cuts", "2020-03-03"),
        ("Rival factions unite behind a single candidate for mayor", "2020-03-04"),
    ]
    for article in articles:
        _no_debris_lines(article.text)
        assert "World news" not in article.text and "Topics" not in article.text
        assert article.text.count("\n") >= 2  # single-newline paragraphs kept as lines
    assert articles[0].text.endswith("negotiated in secret.")


def test_blog_style_dump(ingest_fixtures):
    """Title-case headlines, "Written by" bylines, "at 9:41 am" dates, tags, pagers, comments."""
    articles = split_dump((ingest_fixtures / "dump_blog_style.txt").read_text(encoding="utf-8"))
    assert [(a.title, a.date, a.byline) for a in articles] == [
        ("Two Opposition Parties Agree Electoral Pact", "2021-03-05", "Written by Tom Baker"),
        ("Minister Accuses Neighbouring State of Election Meddling", "2021-03-07", "Written by Clara Oswald"),
    ]
    for article in articles:
        _no_debris_lines(article.text)
        for junk in ("Tags:", "Previous article", "Comments (3)", "Tweet", "Continue reading", "©", "Home"):
            assert junk not in article.text
    assert "Critics within both parties" in articles[0].text  # the paragraph after the advert stays


def test_single_article_with_subheads_and_inline_debris_is_not_split(ingest_fixtures):
    text = (ingest_fixtures / "single_with_subheads.txt").read_text(encoding="utf-8")
    articles = split_dump(text)
    assert len(articles) == 1
    assert not looks_like_dump(text)
    article = articles[0]
    assert article.title == "Coalition talks stall as junior partner walks out"
    assert "What happens next" in article.text and "A long road ahead" in article.text
    _no_debris_lines(article.text)


def test_all_caps_headline_is_truecased_from_the_body():
    text = (
        "Skip to main content\n\nFirst story about the vote\nBy Ann Lee\n4 May 2021\n\n"
        "The council voted to approve the budget on Tuesday.\n\n"
        "Photo: Getty\n\nNATO AND EU AGREE JOINT PATROLS\nBy Bob Kay\n5 May 2021\n\n"
        "The Nato alliance and the EU agreed joint patrols in the Baltic on Wednesday.\n"
    )
    articles = split_dump(text)
    assert [a.title for a in articles] == ["First story about the vote", "Nato and EU agree joint patrols"]


def test_first_short_line_is_the_title_of_a_plain_article():
    article = parse_single_article("Allies at last\n\nThe two rivals signed a pact on Monday.\n")
    assert article.title == "Allies at last"
    assert article.text == "The two rivals signed a pact on Monday."


def test_no_title_when_the_text_starts_with_prose():
    article = parse_single_article("The two rivals signed a pact on Monday.\n\nIt was a surprise.\n")
    assert article.title is None
    assert article.text.startswith("The two rivals")


def test_single_short_line_is_text_not_a_title():
    articles = split_dump("Britain formed an alliance with France")
    assert [(a.title, a.text) for a in articles] == [(None, "Britain formed an alliance with France")]


def test_header_byline_and_date_of_a_single_article():
    article = parse_single_article("Pact signed\nBy Ann Lee\nPublished 4 May 2021, 10:00 BST\n\nBody text here.")
    assert (article.title, article.date, article.byline, article.text) == (
        "Pact signed", "2021-05-04", "By Ann Lee", "Body text here.")


def test_parse_single_article_never_splits(ingest_fixtures):
    text = (ingest_fixtures / "dump_wire_style.txt").read_text(encoding="utf-8")
    article = parse_single_article(text)
    assert "Farmers' union breaks with ruling party" in article.text
    _no_debris_lines(article.text)


def test_blank_text():
    assert split_dump(" \n\t\n") == []
    assert parse_single_article("") is None


def test_lines_are_reported():
    articles = split_dump("Headline one here\nBy A Writer\n\nBody one.\n\nPhoto: X\nShow Hide image\n"
                          "Headline two here\n\nBody two.\n")
    assert [a.line for a in articles] == [1, 8]


# --------------------------------------------------------------------------- ordinary articles are never split


def _corpus_texts(corpora_dir):
    for name in ("bbc_politics", "wikinews"):
        with open(corpora_dir / name / "docs.jsonl", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                yield record, f"{record['title']}\n\n{record['text']}"


@pytest.mark.realdata
@pytest.mark.slow
def test_no_bbc_or_wikinews_article_is_split(corpora_dir):
    checked = 0
    for record, text in _corpus_texts(corpora_dir):
        articles = split_dump(text)
        assert len(articles) == 1, record["id"]
        assert articles[0].title == record["title"], record["id"]
        checked += 1
    assert checked >= 600


# --------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .?\n:PhotoBy12Nov2019"), max_size=400))
def test_split_dump_is_total_and_keeps_no_blank_articles(text):
    articles = split_dump(text)
    for article in articles:
        assert article.text == article.text.strip()
        assert article.line >= 1
    if text.strip():
        assert articles


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "The minister said the alliance would hold for years to come.",
    "Opposition leaders accused the government of betraying its partners.",
    "Both sides agreed to meet again in the spring.",
]), min_size=1, max_size=8))
def test_prose_only_texts_are_one_article_with_all_paragraphs(paragraphs):
    text = "\n\n".join(paragraphs)
    articles = split_dump(text)
    assert len(articles) == 1
    assert articles[0].text == text


def test_standfirst_between_headline_and_byline(ingest_fixtures):
    """Headline, one-sentence standfirst, then byline and date: the header sits below the standfirst."""
    articles = split_dump((ingest_fixtures / "dump_standfirst_style.txt").read_text(encoding="utf-8"))
    assert [(a.title, a.date, a.byline) for a in articles] == [
        ("Envoys agree to reopen embassies after five-year freeze", "2021-04-08",
         "By Nadia Rahman, Diplomatic Correspondent"),
        ("Ruling party expels three MPs who voted with the opposition", "2021-04-09",
         "By Owen Pryce, Political Editor"),
    ]
    assert articles[0].text.startswith("The two governments said the move would help trade")
    assert articles[1].text.startswith("The party leadership accused the three")
    assert "By Owen" not in articles[0].text and "BST" not in articles[1].text


def test_separator_lines_split_plain_pasted_articles():
    text = (
        "Mayor and council settle budget row\n\n"
        "The mayor and the council agreed a budget on Monday after weeks of public argument.\n\n"
        "==============================\n\n"
        "Unions threaten strike over pensions\n\n"
        "Two unions said on Tuesday that they would ballot members over the pension changes.\n"
    )
    articles = split_dump(text)
    assert [a.title for a in articles] == ["Mayor and council settle budget row", "Unions threaten strike over pensions"]
    assert all("===" not in a.text for a in articles)


def test_one_separator_inside_an_article_without_a_headline_does_not_split():
    text = ("Talks resume\n\nThe two sides met again on Monday.\n\n* * * * *\n\n"
            "They will meet again next week, officials said.\n")
    (article,) = split_dump(text)
    assert article.text == "The two sides met again on Monday.\n\nThey will meet again next week, officials said."


@pytest.mark.realdata
@pytest.mark.slow
def test_no_reuters_story_is_split_and_all_caps_headlines_are_titles(corpora_dir):
    path = corpora_dir / "reuters21578" / "docs.jsonl"
    if not path.is_file():
        pytest.skip("reuters21578 corpus not available")
    checked = titled = 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number % 10:
                continue  # every tenth story keeps the test quick
            record = json.loads(line)
            articles = split_dump(f"{record['title']}\n\n{record['text']}")
            assert len(articles) == 1, record["id"]
            checked += 1
            titled += (articles[0].title or "").casefold() == record["title"].casefold()
    assert checked > 1800
    assert titled >= 0.995 * checked


def test_headline_ending_in_an_abbreviation_is_still_a_headline():
    (article,) = split_dump("China calls for better trade deal with U.S.\n\nChina called on Monday for a new deal.\n")
    assert article.title == "China calls for better trade deal with U.S."


def test_broadcaster_style_dump(ingest_fixtures):
    """"Published / 2 hours ago" (no date invented), image source/caption pairs, "Updated ... EDT", share counters."""
    articles = split_dump((ingest_fixtures / "dump_broadcaster_style.txt").read_text(encoding="utf-8"))
    assert [(a.title, a.date) for a in articles] == [
        ("Prime minister and rebels strike deal on housing bill", None),
        ("Senate leaders agree stopgap funding to avert shutdown", "2020-03-03"),
        ("Regional parties form alliance ahead of state election", None),
    ]
    for article in articles:
        _no_debris_lines(article.text)
        for junk in ("Published", "hours ago", "Share", "Source:", "shares", "Give this article", "Image"):
            assert junk not in article.text
    assert articles[0].text.endswith("fewer homes built.")


def test_prose_above_a_leading_title_is_kept_as_text():
    """Found by the hostile fuzz (seed=1240, n_junk=7, repeat=1, utf-16): a lower-case line above
    a one-word "title" was dropped as if it were a section label, losing its words."""
    text = "and pact ?\n\n[bold]\n\na a Labour France ? France ] Russia signed."
    for article in (split_dump(text)[0], parse_single_article(text)):
        assert article.title == "[bold]"
        assert article.text.startswith("and pact ?")
        assert article.text.endswith("Russia signed.")
    label = split_dump("Politics\nLabour wins the vote\nBy Sarah Jones\n\nThe party won on Monday.")[0]
    assert (label.title, label.text) == ("Labour wins the vote", "The party won on Monday.")  # a label still goes


def test_capitalised_words_above_a_title_without_header_lines_are_kept():
    """Without a byline, date or credit nothing marks a page layout: "Labour" is text, not a section label."""
    article = split_dump("Labour\nRussia signed\nthe strike.")[0]
    assert (article.title, article.text) == ("Russia signed", "Labour\n\nthe strike.")
