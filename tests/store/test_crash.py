"""Resumability: kill -9 a writer mid-run, run it again, every document stored once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import crash_writer
from allegiance.store import open_store

WRITER = Path(__file__).resolve().parent / "crash_writer.py"
COUNT, BATCH = 1200, 40


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(WRITER.parent), env.get("PYTHONPATH", "")])
    return env


def _run_to_completion(url: str) -> None:
    done = subprocess.run([sys.executable, str(WRITER), url, str(COUNT), str(BATCH)],
                          capture_output=True, text=True, env=_env(), timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == f"committed {COUNT}"


@pytest.mark.slow
def test_killed_writer_resumes_and_stores_each_document_once(store_url):
    rng = random.Random()
    kill_after = rng.randint(2, COUNT // BATCH // 2)  # committed batches before the kill
    linger = rng.uniform(0.0, 0.05)  # seconds into the next batch
    proc = subprocess.Popen([sys.executable, str(WRITER), store_url, str(COUNT), str(BATCH)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        committed = 0
        for line in proc.stdout:
            committed = int(line.split()[1])
            if committed >= kill_after * BATCH:
                break
        time.sleep(linger)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"writer ended before the kill ({kill_after=})"
    assert committed >= kill_after * BATCH

    with open_store(store_url) as store:
        partial = store.status()
        assert committed <= partial.documents + partial.duplicates < COUNT, (kill_after, linger)
        assert (partial.documents + partial.duplicates) % BATCH == 0  # whole batches only

    _run_to_completion(store_url)
    crash_writer.main(store_url, COUNT, BATCH)  # a rerun of a finished job adds nothing

    copies = COUNT // 25
    with open_store(store_url) as store:
        status = store.status()
        rows = store._conn.query("SELECT id, COUNT(*) FROM documents GROUP BY id")
        assert len(rows) == COUNT and all(n == 1 for _, n in rows)
        assert sorted(r[0] for r in rows) == [f"doc{i:05d}" for i in range(COUNT)]
        assert (status.documents, status.duplicates) == (COUNT - copies, copies)
        assert status.relations == 2 * (COUNT - copies)
        assert list(store.pending_extraction()) == []
        assert store.integrity_problems() == []
        if store.dialect == "sqlite":
            assert store._conn.query("PRAGMA integrity_check") == [("ok",)]


@pytest.mark.slow
def test_concurrent_writers_store_each_document_once(store_url):
    count, batch = 300, 25
    procs = [subprocess.Popen([sys.executable, str(WRITER), store_url, str(count), str(batch)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
             for _ in range(2)]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    for proc, (_, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
    copies = count // 25
    with open_store(store_url) as store:
        status = store.status()
        assert (status.documents, status.duplicates) == (count - copies, copies)
        assert status.relations == 2 * (count - copies)
        assert store.integrity_problems() == []
