"""``allegiance ingest`` and ``status``: idempotent, resumable, honest about rejects."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

WORDS = (
    "alliance treaty summit border trade sanction minister parliament coalition union vote "
    "election reform budget army navy embassy talks accord crisis protest strike leader party "
    "council senate congress court policy tariff pipeline energy grain oil harbour railway "
    "province capital region frontier ceasefire envoy charter pact bloc faction caucus wing"
).split()


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[str]:
    """n short, mutually dissimilar documents of our own making (JSONL with ids)."""
    rng = random.Random(seed)
    ids = []
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as handle:
        for i in range(n):
            words = " ".join(rng.choice(WORDS) for _ in range(60))
            doc_id = f"gen-{i:05d}"
            ids.append(doc_id)
            record = {"id": doc_id, "title": f"Brief {i}", "date": "2001-01-01",
                      "text": f"Report {i} {rng.random()}: {words}."}
            handle.write(json.dumps(record) + "\n")
    return ids


def status(cli, db: Path) -> dict:
    result = cli("status", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_status_contract_and_idempotent_reingest(cli, tmp_path):
    write_corpus(tmp_path, 30)
    db = tmp_path / "s.db"
    first = cli("ingest", str(tmp_path / "corpus.jsonl"), "--db", str(db), "--quiet", "--json")
    assert first.returncode == 0, first.stderr.decode()
    counts = status(cli, db)
    assert set(counts) == {"documents", "duplicates", "rejected", "actors", "relations", "schema_version"}
    assert counts["documents"] == 30
    again = cli("ingest", str(tmp_path / "corpus.jsonl"), "--db", str(db), "--quiet", "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout)["stored"] == 0
    assert status(cli, db) == counts


def test_status_of_missing_store_is_clear_error(cli, tmp_path):
    result = cli("status", "--db", str(tmp_path / "nope.db"))
    assert result.returncode == 1
    assert "ingest" in result.stderr.decode()


def test_duplicates_are_linked_not_dropped(cli, tmp_path):
    text = "The Soviet Union and the United States were rivals throughout the cold war. " * 5
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Rivals\n\n" + text, encoding="utf-8")
    (inputs / "b.txt").write_text("Rivals\n\n" + text.upper(), encoding="utf-8")
    db = tmp_path / "d.db"
    result = cli("ingest", str(inputs), "--db", str(db), "--quiet", "--no-extract")
    assert result.returncode == 0, result.stderr.decode()
    counts = status(cli, db)
    assert counts["documents"] == 1 and counts["duplicates"] == 1


def test_rejected_inputs_counted_and_exit_1(cli, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "ok.txt").write_text("Title\n\nUnite and the GMB worked together.", encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    db = tmp_path / "r.db"
    result = cli("ingest", str(inputs), "--db", str(db), "--quiet", "--no-extract")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr.decode()
    counts = status(cli, db)
    assert counts["documents"] == 1 and counts["rejected"] == 1


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_stores_each_document_once(tmp_path):
    ids = write_corpus(tmp_path, 1500)
    db = tmp_path / "crash.db"
    command = [sys.executable, "-m", "allegiance", "ingest", str(tmp_path / "corpus.jsonl"),
               "--db", str(db), "--no-extract", "--quiet", "--batch-size", "20"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored_before_kill = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    stored_before_kill = con.execute("select count(*) from documents").fetchone()[0]
            except sqlite3.Error:
                stored_before_kill = 0
            if stored_before_kill >= 100:
                break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < stored_before_kill < len(ids), "the kill must land mid-run"

    rerun = subprocess.run(command, capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored = [row[0] for row in con.execute("select id from documents")]
    assert sorted(stored) == sorted(ids)


def test_ingest_of_the_folder_holding_the_store_does_not_read_the_store(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nUnite and the GMB worked together.", encoding="utf-8")
    first = cli("ingest", str(tmp_path), "--db", str(tmp_path / "here.db"), "--quiet", "--no-extract")
    assert first.returncode == 0, first.stderr.decode()
    again = cli("ingest", str(tmp_path), "--db", str(tmp_path / "here.db"), "--quiet", "--no-extract")
    assert again.returncode == 0, again.stderr.decode()
    assert status(cli, tmp_path / "here.db")["rejected"] == 0


def test_max_chars_cuts_long_documents_into_parts_never_drops_them(cli, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    body = " ".join(f"Sentence {i} says the treaty talks went on." for i in range(120))
    (inputs / "long.txt").write_text("Title\n\n" + body, encoding="utf-8")
    db = tmp_path / "m.db"
    result = cli("ingest", str(inputs), "--db", str(db), "--quiet", "--no-extract", "--max-chars", "1000")
    assert result.returncode == 0, result.stderr.decode()
    assert status(cli, db)["documents"] >= len(body) // 1000
