"""Mention-level actor detection against the development gold (needs ../shared/data).

Gold actor strings are the source/target strings of the relation gold sets
(SEESAW: canonical names; Park et al. 2021: surface strings). A sample of the
dev split is scored here; ``benchmarks``-style full figures are in the
closing note of issue 4.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from allegiance.actors.evaluation import detection_scores

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

SAMPLE = 200


def _gold(path, limit):
    by_sentence: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["split"] != "dev":
                continue
            if record["sentence"] not in by_sentence and len(by_sentence) >= limit:
                continue
            by_sentence[record["sentence"]] += [record["source"], record["target"]]
    return dict(by_sentence)


@pytest.mark.parametrize(("dataset", "min_recall", "min_precision"),
                         [("park2021", 0.72, 0.55), ("seesaw", 0.40, 0.5)])
def test_detection_against_dev_gold(shared_dir, actor_nlp, dataset, min_recall, min_precision):
    path = shared_dir / "data" / "relations" / dataset / "pairs.jsonl"
    if not path.is_file():
        pytest.skip(f"{dataset} gold not available")
    scores = detection_scores(actor_nlp, _gold(path, SAMPLE))
    print(dataset, scores.to_dict())
    assert scores.sentences == SAMPLE
    assert scores.recall >= min_recall
    assert scores.precision >= min_precision
