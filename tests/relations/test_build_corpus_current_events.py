"""scripts/build_relations_corpus.py: the Wikipedia "Current events" reader, on hand-written pages.

The day files below imitate github:ianrastall/current-events-context (``<year>/<month>/<day>.yaml``, one
copy of a day's portal page, items by section); every sentence in them was written for this test.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

DAY_ONE = """Date: '2015-06-08'
Source_URI: Portal:Current events/2015 June 8
Intelligence_Payload:
  Armed conflicts and attacks:
  - Ruritania shells a border post. (AP)
  Politics and elections:
  - Labour Party leadership election
  - The Green Party leader resigns after a vote of no confidence. (Reuters) (AP)
  Labour Party leadership election:
  - The Labour Party expels two rebel MPs after they back a rival candidate (the party says). (Sky News)
  Sports:
  - A team wins a cup. (AP)
"""
DAY_TWO = """Date: '2015-06-10'
Source_URI: Portal:Current events/2015 June 10
Intelligence_Payload:
  Politics and elections:
  - "Unite withdraws its support for the Labour Party, accusing the leadership of betraying workers. (AP)"
"""
DAY_MISFILED = """Date: '2015-02-01'
Source_URI: Portal:Current events/2015 February 1
Intelligence_Payload:
  Politics and elections:
  - A coalition collapses. (AP)
"""
DAY_OTHER_SCHEMA = """dataset: expanded
date: '2015-06-12'
events: []
"""


def _build_script():
    spec = importlib.util.spec_from_file_location("build_relations_corpus",
                                                  REPO / "scripts" / "build_relations_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _payload(text: str) -> dict:
    import yaml

    return yaml.safe_load(text)["Intelligence_Payload"]


def _git_repo(work: Path, files: dict[str, str]) -> str:
    """Write the day files into a new git repository at ``work``; its commit."""
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")

    def git(*args):
        return subprocess.run(["git", "-C", str(work), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "days")
    return git("rev-parse", "HEAD").strip()


def test_politics_items_keep_sentences_of_the_section_and_its_stories_without_citations():
    build = _build_script()
    assert build.current_events_politics_items(_payload(DAY_ONE)) == [
        "The Green Party leader resigns after a vote of no confidence.",
        "The Labour Party expels two rebel MPs after they back a rival candidate (the party says)."]
    assert build.current_events_politics_items({"Sports": ["A team wins a cup."]}) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")
def test_current_events_documents_are_weekly_parts_with_provenance(tmp_path):
    build = _build_script()
    work = tmp_path / "work"
    commit = _git_repo(work, {"2015/06/2015-06-08.yaml": DAY_ONE, "2015/06/2015-06-10.yaml": DAY_TWO,
                              "2015/06/2015-06-11.yaml": DAY_MISFILED, "2015/06/2015-06-12.yaml": DAY_OTHER_SCHEMA})
    skipped: dict = {}
    docs = build.current_events_documents(work / ".git", frozenset(), skipped, actors_in=lambda text: 3,
                                          commit=commit)
    assert len(docs) == 1  # one week, short enough for one part; the misfiled and the expanded day are left out
    doc = docs[0]
    assert doc["text"].split("\n\n")[1:] == [
        "The Green Party leader resigns after a vote of no confidence.",
        "The Labour Party expels two rebel MPs after they back a rival candidate (the party says).",
        "Unite withdraws its support for the Labour Party, accusing the leadership of betraying workers."]
    assert doc["text"].startswith(doc["title"] + "\n\n")
    assert doc["date"] == "2015-06-08" and doc["topic"] == "party" and doc["licence"] == "CC BY-SA 4.0"
    assert doc["path"] == "2015/06/2015-06-08.yaml;2015/06/2015-06-10.yaml"
    assert doc["commit"] == commit and doc["parent"] and doc["headline"] is False
    assert doc["url"] == "https://en.wikipedia.org/wiki/Portal:Current_events/2015_June_8"
    assert "Wikipedia contributors" in doc["attribution"] and "CC BY-SA 4.0" in doc["attribution"]
    assert sum(skipped.values()) == 2
    assert build.current_events_documents(work / ".git", frozenset(), {}, actors_in=lambda text: 2,
                                          commit=commit) == []


def test_long_weeks_are_cut_into_even_parts_at_item_ends():
    build = _build_script()
    items = [f"Item {i} " + "x" * 590 + "." for i in range(7)]  # 7 items of ~600 characters
    parts = build.even_paragraph_parts(items, limit=2500)
    assert [len(p) for p in parts] == [4, 3]
    assert sum(parts, []) == items


DAY_SELECTED = """Date: '2015-07-06'
Source_URI: Portal:Current events/2015 July 6
Intelligence_Payload:
  International relations:
  - Ruritania and Borduria hold talks on their border dispute.
  - Ruritania says it will not recognise the Borduria government.
  - Ruritania praises Borduria's new trade law.
  - The Borduria prime minister meets the Syldavia king (BBC News says).
  Politics and elections:
  - The Green Party leader resigns after a vote of no confidence.
"""


def test_selected_items_have_a_construction_two_actors_and_rebuild_from_their_recorded_items(tmp_path):
    build = _build_script()
    work = tmp_path / "work"
    commit = _git_repo(work, {"2015/07/2015-07-06.yaml": DAY_SELECTED})

    def two_actors(text):  # stands in for the knowledge base: the invented states are its actors
        return sum(name in text for name in ("Ruritania", "Borduria", "Syldavia"))

    used = {"Ruritania and Borduria hold talks on their border dispute."}  # already in a weekly document
    docs = build.current_events_selected_documents(work / ".git", frozenset(), {}, two_actors, used, commit=commit)
    assert len(docs) == 1
    doc = docs[0]
    # the meeting item is in a weekly document, the praise has no construction, the BBC item is left out,
    # the Green Party item names no two actors
    assert doc["text"].split("\n\n")[1:] == ["Ruritania says it will not recognise the Borduria government."]
    assert doc["items"] == ["2015-07-06#1"] and doc["id"].startswith("current-events-sel-")
    assert doc["source"] == "Wikipedia Current events portal" and "selected" in doc["attribution"]
    # a knowledge base that no longer knows the names changes nothing for a recorded document
    again = build.current_events_selected_documents(work / ".git", frozenset(), {}, lambda text: 0, set(),
                                                    recorded={doc["id"]: doc["items"]}, commit=commit)
    assert again == docs
    assert build.construction_cues("Ruritania meets Borduria; will it sign?") == ["question", "meeting"]
