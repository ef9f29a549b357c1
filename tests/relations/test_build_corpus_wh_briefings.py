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


STATEMENTS = """---
date: '2023-05-02'
source_url: https://example.org/briefing-room/2023/05/02/press-briefing/
title: Press Briefing, May 2, 2023
---

MS. JEAN-PIERRE: Good afternoon.

Q   Is Syldavia arming Borduria?

MS. JEAN-PIERRE: We have not seen Syldavia arm Borduria.

If Ruritania invades Borduria, we will respond.

Q   And the weather?

MS. JEAN-PIERRE: Ruritania and Syldavia will not attend, I think.

Ruritania praised Borduria. Reuters says Syldavia will not help Ruritania.
"""


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_statement_documents_keep_briefers_negations_and_conditions_labelled_by_speaker(tmp_path):
    build = _build_script()
    work = tmp_path / "work"
    path = "press-briefings/2023-05/2023-05-02-press-briefing.md"
    commit = _git_repo(work, {path: STATEMENTS})
    # the paragraph a question-and-answer document already holds (p2) is not taken again
    docs = build.wh_statement_documents(work / ".git", frozenset(), {}, _actors, used={path: {"p2"}}, commit=commit,
                                        limit=5)
    assert docs == []  # two statements left: fewer than three
    docs = build.wh_statement_documents(work / ".git", frozenset(), {}, _actors, commit=commit, limit=5)
    [doc] = docs
    # the question is left out, the praise has no negation or condition, the Reuters paragraph is left out;
    # a paragraph that continues a turn gets its speaker's label
    assert doc["text"].split("\n\n")[1:] == [
        "MS. JEAN-PIERRE: We have not seen Syldavia arm Borduria.",
        "MS. JEAN-PIERRE: If Ruritania invades Borduria, we will respond.",
        "MS. JEAN-PIERRE: Ruritania and Syldavia will not attend, I think.",
    ]
    assert doc["id"].startswith("wh-briefing-sel-") and doc["items"] == ["p2", "p3", "p5"]
    again = build.wh_statement_documents(work / ".git", frozenset(), {}, lambda text: 0,
                                         recorded={doc["id"]: doc["items"]}, commit=commit)
    assert again == docs


NEGATIONS = """---
date: '2023-06-06'
source_url: https://example.org/briefing-room/2023/06/06/press-briefing/
title: Press Briefing, June 6, 2023
---

MS. JEAN-PIERRE: Good afternoon.

Q   Is Syldavia not helping Borduria?

MS. JEAN-PIERRE: We are not sending troops to Borduria.

We have not seen Syldavia arm Borduria.

Ruritania will not accept Borduria's terms, and it is not a model for Syldavia.

Ruritania praised Borduria.
"""


def _actor_spans(text):
    import re

    return [(m.start(), m.end(), frozenset({m.group()})) for m in re.finditer(r"Ruritania|Borduria|Syldavia", text)]


def _actors_with_spans(text):
    return len({ids for _, _, ids in _actor_spans(text)})


_actors_with_spans.spans = _actor_spans


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_negation_documents_keep_negated_ties_between_two_actors_found_by_the_parser(tmp_path):
    build = _build_script()
    from allegiance.nlp.model import load_model

    nlp = load_model(disable=["ner"])
    work = tmp_path / "work"
    path = "press-briefings/2023-06/2023-06-06-press-briefing.md"
    commit = _git_repo(work, {path: NEGATIONS})
    docs = build.wh_negation_documents(work / ".git", frozenset(), {}, _actors_with_spans, nlp, commit=commit,
                                       limit=5)
    [doc] = docs
    # the reporter's question is left out; "will not accept" is a stance (a refusal), "is not a model" no tie,
    # and the praise has no negation: only the briefer's "we" not sending troops, and what she has not seen
    assert doc["text"].split("\n\n")[1:] == [
        "MS. JEAN-PIERRE: We are not sending troops to Borduria.",
        "MS. JEAN-PIERRE: We have not seen Syldavia arm Borduria.",
    ]
    assert doc["id"].startswith("wh-briefing-neg-") and doc["items"] == ["p2", "p3"]
    again = build.wh_negation_documents(work / ".git", frozenset(), {}, lambda text: 0, nlp,
                                        recorded={doc["id"]: doc["items"]}, commit=commit)
    assert again == docs
    # a briefing another family draws on is not used at all (one briefing, one split)
    assert build.wh_negation_documents(work / ".git", frozenset(), {}, _actors_with_spans, nlp,
                                       used={path: {"p5"}}, commit=commit, limit=5) == []


def test_a_negated_tie_needs_two_actors_in_the_negated_verbs_clause():
    build = _build_script()
    from allegiance.nlp.model import load_model

    nlp = load_model(disable=["ner"])
    found = build.negated_tie_sentences(
        "Syldavia does not support Borduria. Syldavia spoke, and Borduria did not vote. We will not help Syldavia.",
        _actor_spans, nlp)
    assert found == ["Syldavia does not support Borduria.", "We will not help Syldavia."]
    assert build.negated_tie_sentences("We will not help Syldavia.", _actor_spans, nlp, speaker_we=False) == []


def test_one_document_is_kept_per_body_text_the_frozen_test_one_first():
    build = _build_script()
    same = "Title A\n\nMS. PSAKI: We back Borduria."
    outputs = {"family": [{"id": "d-train", "text": same}, {"id": "d-other", "text": "Title\n\nOther text."}],
               "other": [{"id": "d-test", "text": "Title B\n\nMS. PSAKI: We back Borduria."}]}
    skipped: dict = {}
    build.drop_duplicate_texts(outputs, {"d-train": "train", "d-test": "test"}, skipped)
    assert [d["id"] for d in outputs["family"]] == ["d-other"] and [d["id"] for d in outputs["other"]] == ["d-test"]
    assert skipped == {"same text as another document": 1}
    unique = {"family": [{"id": "x", "text": "T\n\nOne."}, {"id": "y", "text": "T\n\nTwo."}]}
    build.drop_duplicate_texts(unique, {}, skipped)
    assert [d["id"] for d in unique["family"]] == ["x", "y"]


def test_a_state_of_the_union_speaker_is_found_under_the_datasets_spellings():
    from allegiance.actors.kb import load_knowledge_base

    build, kb = _build_script(), load_knowledge_base()
    assert build.sotu_speaker("William Mc Kinley", kb) == "PER:william_mckinley"  # "Mc Kinley" joined
    assert build.sotu_speaker("Harry S Truman", kb) == "PER:harry_truman"  # the initial dotted
    assert build.sotu_speaker("Gerald R Ford", kb) == "PER:gerald_ford"  # the initial dropped
    assert build.sotu_speaker("George Bush", kb) == "PER:george_h_w_bush"  # the table: two Bushes
    assert build.sotu_speaker("Nobody Q Unknown", kb) is None
