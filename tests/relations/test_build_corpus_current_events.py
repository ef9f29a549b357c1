"""scripts/build_relations_corpus.py: the Wikipedia "Current events" reader, on hand-written pages.

The pages below imitate the Markdown of github:fordred/wikinews (``docs/_posts/<day>-index.md``); every
sentence in them was written for this test.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

W = "https://en.wikipedia.org/wiki/"


def _page(day: str, politics: str, cited: str | None = None) -> str:
    cited = cited or day.replace("-", "/")
    return (f"---\nlayout: post\ntitle: {day}\ndate: {day}\npublished: true\n---\n\n\n"
            "#### Armed conflicts and attacks\n\n"
            f"* [Ruritania]({W}Ruritania \"Ruritania\") shells a border post. [(AP)](https://apnews.com/{cited}/x)\n\n"
            "#### Politics and elections\n\n" + politics + "\n#### Sports\n\n"
            f"* A team wins a cup. [(AP)](https://apnews.com/{cited}/y)\n")


PAGE_ONE = _page("2025-06-09", (
    f"* [2025 Labour Party leadership election]({W}2025_Labour_leadership \"2025 Labour leadership\")\n"
    f"  * The [Labour Party]({W}Labour_Party_(UK) \"Labour Party (UK)\") expels two *rebel* MPs after they "
    f"back a rival candidate. [(*The Guardian*)](https://www.theguardian.com/2025/06/09/a) "
    f"[(Sky)](https://news.sky.com/story/2025-06-09-b)\n"
    f"* The [Green Party]({W}Green_Party \"Green Party\") leader resigns after a vote of no confidence.\n"))
PAGE_TWO = _page("2025-06-11", (
    f"* [Unite]({W}Unite_the_Union \"Unite the Union\") withdraws its support for the [Labour Party]({W}Labour "
    f"\"Labour\"), accusing the leadership of betraying workers. [(AP)](https://apnews.com/2025-06-11/c)\n"))
# a page stored under the wrong day: everything it cites is from months earlier
PAGE_MISDATED = _page("2025-06-12", f"* A coalition collapses. [(AP)](https://apnews.com/2025/02/01/d)\n",
                      cited="2025/02/01")


def _build_script():
    spec = importlib.util.spec_from_file_location("build_relations_corpus",
                                                  REPO / "scripts" / "build_relations_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_politics_items_keep_sentences_and_drop_headings_links_and_source_citations():
    build = _build_script()
    items = build.current_events_politics_items(PAGE_ONE)
    assert items == ["The Labour Party expels two rebel MPs after they back a rival candidate.",
                     "The Green Party leader resigns after a vote of no confidence."]
    assert build.current_events_politics_items(PAGE_ONE.replace("Politics and elections", "Sports news")) == []


def test_page_dates_are_checked_against_the_dates_its_sources_cite():
    build = _build_script()
    assert build.page_date_is_plausible(PAGE_ONE, "2025-06-09")
    assert not build.page_date_is_plausible(PAGE_MISDATED, "2025-06-12")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")
def test_current_events_documents_are_weekly_parts_with_provenance(tmp_path):
    build = _build_script()
    work = tmp_path / "work"
    (work / "docs" / "_posts").mkdir(parents=True)
    for day, page in (("2025-06-09", PAGE_ONE), ("2025-06-11", PAGE_TWO), ("2025-06-12", PAGE_MISDATED)):
        (work / "docs" / "_posts" / f"{day}-index.md").write_text(page, encoding="utf-8")

    def git(*args):
        return subprocess.run(["git", "-C", str(work), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "pages")
    commit = git("rev-parse", "HEAD").strip()
    skipped: dict = {}
    docs = build.current_events_documents(work / ".git", frozenset(), skipped, actors_in=lambda text: 3,
                                          commit=commit)
    assert len(docs) == 1  # one week, short enough for one part; the misdated page is left out
    doc = docs[0]
    body = doc["text"].split("\n\n", 1)[1]
    assert body.split("\n\n") == ["The Labour Party expels two rebel MPs after they back a rival candidate.",
                                  "The Green Party leader resigns after a vote of no confidence.",
                                  "Unite withdraws its support for the Labour Party, accusing the leadership of "
                                  "betraying workers."]
    assert doc["text"].startswith(doc["title"] + "\n\n")
    assert doc["date"] == "2025-06-09" and doc["topic"] == "party" and doc["licence"] == "CC BY-SA 4.0"
    assert doc["path"] == "docs/_posts/2025-06-09-index.md;docs/_posts/2025-06-11-index.md"
    assert doc["commit"] == commit and doc["parent"] and doc["headline"] is False
    assert doc["url"] == "https://en.wikipedia.org/wiki/Portal:Current_events/2025_June_9"
    assert "Wikipedia contributors" in doc["attribution"] and "CC BY-SA 4.0" in doc["attribution"]
    assert skipped == {"current-events page whose sources are from another day": 1}
    assert build.current_events_documents(work / ".git", frozenset(), {}, actors_in=lambda text: 2,
                                          commit=commit) == []


def test_long_weeks_are_cut_into_even_parts_at_item_ends():
    build = _build_script()
    items = [f"Item {i} " + "x" * 590 + "." for i in range(7)]  # 7 items of ~600 characters
    parts = build.even_paragraph_parts(items, limit=2500)
    assert [len(p) for p in parts] == [4, 3]
    assert sum(parts, []) == items
