"""Debris rules: every row has a line that fires it and the prose it must leave alone."""

from __future__ import annotations

import pytest

from allegiance.ingest.boilerplate import (
    DEBRIS_RULES,
    debris_kind,
    debris_rule,
    is_byline,
    is_name_line,
    strip_inline_credits,
)

# One line per rule that must fire it (rule name -> line).
FIRES = {
    "credit_label": "Photo: Reuters/Pool",
    "caption_label": "Image caption, Supporters gathered outside the building",
    "agency_credit": "Getty Images",
    "show_hide_image": "Show Hide image",
    "toggle_caption": "Toggle caption",
    "copyright_credit": "© AFP 2019",
    "skip_link": "Skip to main content",
    "nav_word": "Sign in",
    "advertisement": "Advertisement",
    "share": "Facebook Twitter Email",
    "read_more": "Read more: Why the vote matters",
    "comments": "Comments (12)",
    "newsletter": "Sign up to our newsletter",
    "cookies": "We use cookies to improve your experience.",
    "copyright": "© 2024 Example Media. All rights reserved.",
    "legal_links": "Terms | Privacy | Contact us",
    "reading_time": "4 min read",
    "listen": "Listen to this article",
    "tags": "Tags: elections, opposition, pacts",
    "pager": "Previous article",
    "reuse": "Reuse this content",
    "loading": "Loading Photo Gallery",
    "more_section": "MORE POLITICS",
    "relative_time": "Published 2 hours ago",
    "counter": "1,234 shares",
    "paywall_chrome": "Give this article",
    "source_credit": "Source: CNN",
    "contact": "Matt Friedman may be reached at mf@example.com. Follow him on Twitter @MattF.",
    "separator": "==========",
    "live_badge": "Live",
}

# Prose or headlines each rule must not swallow (rule name -> line).
SPARES = {
    "credit_label": "Photographers were kept away from the summit.",
    "caption_label": "The image of the two leaders shaking hands went round the world.",
    "agency_credit": "Reuters reported that the talks had failed.",
    "show_hide_image": "Show me the money, said the minister.",
    "toggle_caption": "Close allies of the president resigned.",
    "copyright_credit": "Copyright reform divides the coalition.",
    "skip_link": "Skip the queue: ministers fast-track the bill.",
    "nav_word": "Search for a new leader begins",
    "advertisement": "Advertising ban splits the cabinet",
    "share": "Share prices fell as the coalition collapsed.",
    "read_more": "Read the full statement on the website, he said.",
    "comments": "Comments by the minister angered Paris.",
    "newsletter": "Sign up here if you want to vote, the council urged.",
    "cookies": "Girl Scouts sold cookies outside parliament.",
    "copyright": "All rights to the land were reserved for the crown, the treaty said.",
    "legal_links": "Terms of the ceasefire were agreed on Monday.",
    "reading_time": "The minister read 4 minutes of the statement.",
    "listen": "Listen to the people, the opposition leader told MPs.",
    "tags": "Tags and labels were banned by the new law.",
    "pager": "Next week the party votes on its leader.",
    "reuse": "Reuse of the old base was agreed.",
    "loading": "Loading of the ships resumed after the strike.",
    "more_section": "More politicians join the rebellion",
    "relative_time": "Two hours ago the minister resigned.",
    "counter": "365 seats for the Conservatives",
    "paywall_chrome": "Like his father, the minister backed the treaty.",
    "source_credit": "Sources close to the minister denied the claim.",
    "contact": "The minister said she would follow the party line on the vote.",
    "separator": "Ends justify the means, the minister said.",
    "live_badge": "Live exports ban passes the Commons",
}


def test_every_rule_has_a_firing_and_a_sparing_example():
    names = {rule.name for rule in DEBRIS_RULES}
    assert names == set(FIRES) == set(SPARES)


@pytest.mark.parametrize("name", sorted(FIRES))
def test_rule_fires(name):
    rule = debris_rule(FIRES[name])
    assert rule is not None and rule.name == name


@pytest.mark.parametrize("name", sorted(SPARES))
def test_rule_spares_prose(name):
    assert debris_rule(SPARES[name]) is None


def test_kinds():
    assert debris_kind("Photograph: AFP via Getty Images") == "credit"
    assert debris_kind("Most read") == "chrome"
    assert debris_kind("x" * 200) is None


@pytest.mark.parametrize(
    "line",
    ["By Sarah Jones", "BY STAFF REPORTER", "By Our Political Correspondent",
     "By Michael Brown and Priya Patel", "By Tom Harris, Diplomatic Editor", "Written by Tom Baker",
     "by Jane Doe in Paris"],
)
def test_bylines(line):
    assert is_byline(line)


@pytest.mark.parametrize(
    "line",
    ["By leaving the EU, Britain will lose.", "By 2020 the party had gone", "By the end of the year",
     "By The Way", "Bystanders were hurt"],
)
def test_not_bylines(line):
    assert not is_byline(line)


def test_name_lines():
    assert is_name_line("Ana Lopez")
    assert is_name_line("Jean de Gaulle")
    assert not is_name_line("Ana")
    assert not is_name_line("The party split")
    assert not is_name_line("Russia and the US agreed")


def test_inline_credits_removed_but_other_brackets_kept():
    text = "The leaders met (Photo: Reuters/Pool) in Lisbon (Portugal) [Image: AFP]."
    assert strip_inline_credits(text) == "The leaders met in Lisbon (Portugal)."
