"""scripts/build_relations_corpus.py: the White House press-briefing reader, on a hand-written briefing.

The file below imitates github:brian14708/wh-briefings (``press-briefings/<yyyy-mm>/<date>-<slug>.md``:
YAML front matter, then the transcript with hard-wrapped lines, no-break spaces and Markdown escapes);
every sentence in it was written for this test.
"""

from __future__ import annotations

import shutil

import pytest

from .test_build_corpus_current_events import _build_script, _git_repo

BRIEFING = """---
tags: press-briefings
date: '2022-03-04'
source_url: https://example.org/briefing-room/2022/03/04/press-briefing/
title: "Press Briefing by Press\\_Secretary, March 4,\\_2022"
---
\u00a0
James S. Brady Press Briefing Room

1:04 P.M. EST

MS. PSAKI:\u00a0 Good afternoon.\u00a0 A few things at the top.

Q\u00a0\u00a0\u00a0 Will Ruritania\u00a0back Borduria if the talks \\[fail\\]?

MS. PSAKI:\u00a0 I would not get ahead of
Ruritania on that.

We have been clear with Borduria.

Q\u00a0\u00a0\u00a0 What about the weather?

MS. PSAKI:\u00a0 It is sunny.

Q\u00a0\u00a0\u00a0 Reuters reports Syldavia and Borduria signed a pact.\u00a0 Is that true?

MS. PSAKI:\u00a0 I have seen the reports.

Q\u00a0\u00a0\u00a0 Does Syldavia still oppose Ruritania?

MS. PSAKI:\u00a0 Yes.

END\u00a0\u00a0\u00a0\u00a0 1:40 P.M. EST
"""


def _actors(text):  # stands in for the knowledge base: the invented states are its actors
    return sum(name in text for name in ("Ruritania", "Borduria", "Syldavia"))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_briefing_documents_keep_questions_about_two_actors_with_their_answers_and_rebuild_from_items(tmp_path):
    build = _build_script()
    work = tmp_path / "work"
    commit = _git_repo(work, {"press-briefings/2022-03/2022-03-04-press-briefing-march-4.md": BRIEFING})
    docs = build.wh_briefing_documents(work / ".git", frozenset(), {}, _actors, commit=commit)
    assert len(docs) == 1
    doc = docs[0]
    # lines joined, escapes and no-break spaces undone; the weather question names no actor, the Reuters
    # one is left out (no Reuters text in the corpus); an answer's paragraphs go with its question
    assert doc["text"].split("\n\n")[1:] == [
        "Q: Will Ruritania back Borduria if the talks [fail]?",
        "MS. PSAKI: I would not get ahead of Ruritania on that.",
        "We have been clear with Borduria.",
        "Q: Does Syldavia still oppose Ruritania?",
        "MS. PSAKI: Yes.",
    ]
    assert doc["id"].startswith("wh-briefing-") and doc["date"] == "2022-03-04"
    assert doc["parent"] == "Press Briefing by Press Secretary, March 4, 2022 (2022-03-04)"
    assert doc["source"] == "White House press briefings" and "public domain" in doc["attribution"]
    # a knowledge base that no longer knows the names changes nothing for a recorded document
    again = build.wh_briefing_documents(work / ".git", frozenset(), {}, lambda text: 0,
                                        recorded={doc["id"]: doc["items"]}, commit=commit)
    assert again == docs
    # one exchange is too few for a document of its own
    assert build.wh_briefing_documents(work / ".git", frozenset(), {}, lambda t: 2 * ("Syldavia" in t),
                                       commit=commit) == []


def test_a_reserved_briefing_title_is_skipped_and_counted(tmp_path):
    build = _build_script()
    work = tmp_path / "work"
    commit = _git_repo(work, {"press-briefings/2022-03/2022-03-04-press-briefing-march-4.md": BRIEFING})
    from allegiance.relations.reserved import normalised_title_hash

    skipped: dict = {}
    reserved = frozenset({normalised_title_hash("Press Briefing by Press Secretary, March 4, 2022")})
    assert build.wh_briefing_documents(work / ".git", reserved, skipped, _actors, commit=commit) == []
    assert skipped == {"reserved title": 1}


def test_the_build_scripts_docstring_examples_run():
    import doctest

    result = doctest.testmod(_build_script(), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 3
