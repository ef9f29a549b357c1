"""Crash safety: SIGKILL ``allegiance ingest`` and ``allegiance extract`` at random points
of a 2,000-document corpus, rerun each time, then every document and relation is stored
exactly once (compared with a clean run) and the store passes its integrity check."""

from __future__ import annotations

import json
import random
import signal
import subprocess

import pytest

from crashloop import (
    CrashReport,
    allegiance_command,
    check_jsonl_lines,
    clean_extract,
    extract_crash_loop,
    ingest_crash_loop,
    line_count,
    relation_key,
    run_and_kill,
    sqlite_count,
    verify_store,
)

DOCUMENTS = 2000


def test_check_jsonl_lines_accepts_whole_lines_and_names_the_bad_one():
    good = b'{"doc_id": "a", "source": {}, "target": {}, "sign": 1, "type": "ally", "evidence": {}}\n'
    assert len(check_jsonl_lines(good * 3)) == 3
    with pytest.raises(AssertionError, match="line 2 is not valid JSON"):
        check_jsonl_lines(good + b"{oops\n")
    with pytest.raises(AssertionError, match="line 2 is half-written"):
        check_jsonl_lines(good + good[:20])
    with pytest.raises(AssertionError, match="lacks"):
        check_jsonl_lines(b'{"doc_id": "a"}\n')


def test_run_and_kill_kills_at_the_target_and_reports_a_finished_run(tmp_path):
    out = tmp_path / "ticks.txt"
    loop = "import time\nfor i in range(10**6):\n    print(i, flush=True); time.sleep(0.005)"
    with out.open("wb") as handle:
        result = run_and_kill(["python3", "-c", loop], progress=lambda: line_count(out), target=5,
                              stdout=handle)
    assert result.killed and result.returncode == -signal.SIGKILL
    assert result.progress_at_kill >= 5
    quick = run_and_kill(["python3", "-c", "pass"], progress=lambda: 0, target=1)
    assert not quick.killed and quick.returncode == 0


def test_sqlite_count_is_zero_for_a_missing_store(tmp_path):
    assert sqlite_count(tmp_path / "none.db", "SELECT COUNT(*) FROM documents") == 0


@pytest.mark.slow
def test_killed_ingest_and_extract_lose_nothing(tmp_path, corpus_file):
    """28 SIGKILLs (15 ingest --no-extract, 5 ingest with extraction, 4+ extract) on 2,000 documents."""
    rng = random.Random()
    seed = rng.randrange(10**6)
    rng.seed(seed)
    corpus, records = corpus_file(DOCUMENTS)
    log: list[str] = [f"seed {seed}"]

    # the clean single run: the relations every interrupted job must end with
    reference_lines = clean_extract(corpus, tmp_path / "clean.jsonl")
    reference = {relation_key(json.loads(line)) for line in reference_lines}
    assert len(reference) == len(reference_lines) > DOCUMENTS  # templated sentences fire rules

    extract_report = extract_crash_loop(
        corpus, tmp_path, reference_lines=reference_lines, kills=4, rng=rng,
        max_target=len(reference_lines) // 10, log=log.append,
    )
    report = ingest_crash_loop(
        corpus, tmp_path / "store.db", documents=DOCUMENTS, kills_text=15, kills_extract=5,
        rng=rng, log=log.append,
    )
    verify_store(tmp_path / "store.db", [r["id"] for r in records], reference, report)
    summary = {k: v for k, v in report.to_dict().items() if k != "kills"}
    summary["extract_crashes_survived"] = extract_report.crashes_survived
    print(json.dumps(summary))
    context = "\n".join(log)

    assert report.crashes_survived + extract_report.crashes_survived >= 20, context
    assert report.crashes_survived >= 15, context
    assert report.orphan_processes == 0 and extract_report.orphan_processes == 0, context
    assert report.documents == DOCUMENTS and report.lost_documents == 0, context
    assert report.duplicate_documents == 0, context
    assert (report.lost_relations, report.extra_relations, report.duplicate_relations) == (0, 0, 0), context
    assert report.relations == len(reference), context
    assert report.integrity_problems == [], context


@pytest.mark.slow
def test_killed_parallel_extract_leaves_no_worker_behind(tmp_path, corpus_file):
    """SIGKILL of ``extract --workers 2`` mid-stream: output valid, no orphaned worker process."""
    corpus, _ = corpus_file(600)
    out = tmp_path / "partial.jsonl"
    with out.open("wb") as handle:
        result = run_and_kill(allegiance_command("extract", str(corpus), "--workers", "2", "--quiet"),
                              progress=lambda: line_count(out), target=40, stdout=handle)
    check_jsonl_lines(out.read_bytes())
    assert result.killed, result.stderr
    assert result.orphans == 0, f"{result.orphans} worker processes outlived the killed extract"
