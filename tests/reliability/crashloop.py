"""Kill ``allegiance ingest`` and ``allegiance extract`` with SIGKILL at random points, rerun.

The machinery behind ``tests/reliability/test_crash_loop.py`` and
``benchmarks/crash_loop.py``. Every run is the real command in a subprocess (its own
session, so nothing it starts can outlive the test). A kill lands at a random point
of progress: a poller reads the store (or the output file) while the command writes
and sends SIGKILL once a randomly drawn count is reached, after a random linger of a
few milliseconds so that kills also land inside a transaction.

Examples
--------
>>> relation_key({"doc_id": "d", "evidence": {"start": 0}, "source": {"start": 1, "end": 2},
...               "target": {"start": 3, "end": 4}, "sign": -1})
('d', 0, 1, 2, 3, 4, -1)
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

__all__ = [
    "CrashReport",
    "KillResult",
    "allegiance_command",
    "check_jsonl_lines",
    "extract_crash_loop",
    "ingest_crash_loop",
    "relation_key",
    "run_and_kill",
    "store_contents",
    "verify_store",
]

RelationKey = tuple[str, int, int, int, int, int, int]


def allegiance_command(*args: str) -> list[str]:
    """The argv that runs the installed CLI with this interpreter.

    Examples
    --------
    >>> allegiance_command("status")[-2:]
    ['allegiance', 'status']
    """
    return [sys.executable, "-m", "allegiance", *args]


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="200")


def relation_key(record: dict[str, Any]) -> RelationKey:
    """The identity of a relation in ``extract --format jsonl`` output (as the store keys it)."""
    return (
        str(record["doc_id"]), int(record["evidence"]["start"]),
        int(record["source"]["start"]), int(record["source"]["end"]),
        int(record["target"]["start"]), int(record["target"]["end"]), int(record["sign"]),
    )


def check_jsonl_lines(data: bytes) -> list[dict[str, Any]]:
    """Parse JSONL output line by line; raise AssertionError naming the first bad line.

    Every line must end with a newline (no half-written last line) and be one JSON
    object with the contract keys.

    Examples
    --------
    >>> check_jsonl_lines(b"")
    []
    >>> check_jsonl_lines(b'{"doc_id": "a"')
    Traceback (most recent call last):
    ...
    AssertionError: line 1 is half-written (no newline at the end of the output)
    """
    records: list[dict[str, Any]] = []
    if not data:
        return records
    lines = data.split(b"\n")
    if lines[-1] != b"":
        raise AssertionError(f"line {len(lines)} is half-written (no newline at the end of the output)")
    for number, line in enumerate(lines[:-1], start=1):
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise AssertionError(f"line {number} is not valid JSON ({exc}): {line[:120]!r}") from None
        missing = {"doc_id", "source", "target", "sign", "type", "evidence"} - set(record)
        if missing:
            raise AssertionError(f"line {number} lacks {sorted(missing)}")
        records.append(record)
    return records


# --------------------------------------------------------------------------- probes


def sqlite_count(db: Path, sql: str) -> int:
    """Run a COUNT query on a SQLite store read-only; 0 while the store or table is missing."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error:
        return 0
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def line_count(path: Path) -> int:
    """Complete lines written to ``path`` so far."""
    try:
        with path.open("rb") as handle:
            return handle.read().count(b"\n")
    except OSError:
        return 0


@dataclass(frozen=True)
class KillResult:
    """One run: killed (by us, with SIGKILL) or finished by itself."""

    killed: bool
    returncode: int
    progress_at_kill: int
    orphans: int = 0
    stderr: str = ""


def _session_members(leader: int) -> int:
    count = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != leader:
            try:
                if os.getsid(int(pid)) == leader:
                    count += 1
            except OSError:
                continue
    return count


def _reap_group(proc: subprocess.Popen, grace: float = 3.0) -> int:
    """Kill what is left of the run's own session (worker processes) after ``grace``
    seconds to exit by themselves; return how many were left."""
    deadline = time.monotonic() + grace
    left = _session_members(proc.pid)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = _session_members(proc.pid)
    if left:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return left


def run_and_kill(
    argv: Sequence[str],
    *,
    progress: Callable[[], int],
    target: int,
    linger: float = 0.0,
    stdout: Any = subprocess.DEVNULL,
    timeout: float = 600.0,
    poll: float = 0.01,
) -> KillResult:
    """Run ``argv``; SIGKILL it once ``progress()`` reaches ``target`` (plus ``linger`` seconds).

    A run that finishes before the target is reached is not killed (its return code
    is reported instead). Whatever the run started in its session is killed afterwards
    and counted as ``orphans``.
    """
    # stderr goes to a file, not a pipe: an orphaned worker holding the pipe would block us
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(list(argv), stdout=stdout, stderr=errors, env=_env(),
                                start_new_session=True)
        killed, reached = False, 0
        deadline = time.monotonic() + timeout
        try:
            while proc.poll() is None:
                reached = progress()
                if reached >= target:
                    if linger:
                        time.sleep(linger)
                    if proc.poll() is None:
                        proc.send_signal(signal.SIGKILL)
                        killed = True
                    break
                if time.monotonic() > deadline:
                    raise AssertionError(f"{argv} did not reach {target} in {timeout} s")
                time.sleep(poll)
            proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            orphans = _reap_group(proc)
        errors.seek(0)
        err = errors.read()
    killed = killed and proc.returncode == -signal.SIGKILL
    return KillResult(killed, proc.returncode, reached, orphans, err.decode("utf-8", "replace")[-2000:])


# --------------------------------------------------------------------------- store


def store_contents(db: Path) -> tuple[Counter, Counter, dict[str, int], list[str]]:
    """Document ids, relation keys (with multiplicity), status and integrity problems of a store."""
    from allegiance.store import open_store

    with open_store(db, create=False) as store:
        docs = Counter(doc.id for doc in store.iter_documents())
        relations = Counter(rel.key for rel in store.iter_relations())
        return docs, relations, store.status().to_dict(), store.integrity_problems()


@dataclass
class CrashReport:
    """Counts of a crash loop and of the final check against the clean run."""

    crashes_survived: int = 0
    runs: int = 0
    finished_before_kill: int = 0
    orphan_processes: int = 0
    documents: int = 0
    relations: int = 0
    lost_documents: int = 0
    duplicate_documents: int = 0
    lost_relations: int = 0
    extra_relations: int = 0
    duplicate_relations: int = 0
    integrity_problems: list[str] = field(default_factory=list)
    kills: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def count_run(self, result, **kill: Any) -> None:
        """Count one run of :func:`run_and_kill`; ``kill`` describes it in ``kills``."""
        self.runs += 1
        self.orphan_processes += result.orphans
        self.kills.append({**kill, "killed": result.killed, "returncode": result.returncode})
        if result.killed:
            self.crashes_survived += 1
        else:
            self.finished_before_kill += 1


def verify_store(db: Path, doc_ids: Sequence[str], reference: set[RelationKey], report: CrashReport) -> None:
    """Fill the final counts of ``report``: every document and relation stored exactly once."""
    docs, relations, status, problems = store_contents(db)
    report.documents = len(docs)
    report.relations = sum(relations.values())
    report.lost_documents = len(set(doc_ids) - set(docs))
    report.duplicate_documents = sum(n - 1 for n in docs.values()) + int(status["duplicates"])
    report.lost_relations = len(reference - set(relations))
    report.extra_relations = len(set(relations) - reference)
    report.duplicate_relations = sum(n - 1 for n in relations.values())
    report.integrity_problems = problems


# --------------------------------------------------------------------------- loops


def ingest_crash_loop(
    corpus: Path,
    db: Path,
    *,
    documents: int,
    kills_text: int,
    kills_extract: int,
    rng: random.Random,
    batch_size: int = 20,
    workers: int = 1,
    log: Callable[[str], None] = lambda line: None,
) -> CrashReport:
    """Kill ``allegiance ingest`` ``kills_text + kills_extract`` times, then finish it.

    First ``--no-extract`` runs are killed at random numbers of stored documents, then
    runs with extraction at random numbers of extracted documents; a final run
    completes the job and one more must add nothing.
    """
    report = CrashReport()
    base = ["ingest", str(corpus), "--db", str(db), "--batch-size", str(batch_size),
            "--workers", str(workers), "--quiet"]
    stored_sql = "SELECT COUNT(*) FROM documents"
    extracted_sql = "SELECT COUNT(*) FROM documents WHERE extracted = 1"
    plans: list[tuple[str, list[str], str, int]] = []
    for target in sorted(rng.sample(range(1, documents - batch_size), kills_text)):
        plans.append(("text", [*base, "--no-extract"], stored_sql, target))
    for target in sorted(rng.sample(range(1, documents - batch_size), kills_extract)):
        plans.append(("extract", base, extracted_sql, target))
    for phase, args, sql, target in plans:
        result = run_and_kill(
            allegiance_command(*args), progress=lambda sql=sql: sqlite_count(db, sql),
            target=target, linger=rng.uniform(0.0, 0.03),
        )
        report.count_run(result, phase=phase, target=target, at=result.progress_at_kill)
        log(f"ingest {phase}: target {target}, at {result.progress_at_kill}, rc {result.returncode}")
        if not result.killed and result.returncode != 0:
            raise AssertionError(f"ingest failed by itself (rc {result.returncode}): {result.stderr}")
    final = subprocess.run(allegiance_command(*base, "--json"), capture_output=True, env=_env(), timeout=900)
    if final.returncode != 0:
        raise AssertionError(f"the resumed ingest failed: {final.stderr.decode()[-2000:]}")
    again = subprocess.run(allegiance_command(*base, "--json"), capture_output=True, env=_env(), timeout=900)
    if again.returncode != 0:
        raise AssertionError(f"the repeated ingest failed: {again.stderr.decode()[-2000:]}")
    counts = json.loads(again.stdout.decode().strip().splitlines()[-1])
    if counts["stored"] or counts["relations"] or counts["extracted"]:
        raise AssertionError(f"a repeated ingest of a finished job did work: {counts}")
    return report


def extract_crash_loop(
    corpus: Path,
    workdir: Path,
    *,
    reference_lines: list[bytes],
    kills: int,
    rng: random.Random,
    max_target: int,
    workers: int = 1,
    log: Callable[[str], None] = lambda line: None,
) -> CrashReport:
    """Kill ``allegiance extract CORPUS > FILE`` ``kills`` times; each partial file must be
    valid line by line and a prefix of the clean run's output."""
    report = CrashReport()
    for k, target in enumerate(sorted(rng.sample(range(1, max_target), kills))):
        out = workdir / f"partial{k:02d}.jsonl"
        with out.open("wb") as handle:
            result = run_and_kill(
                allegiance_command("extract", str(corpus), "--workers", str(workers), "--quiet"),
                progress=lambda out=out: line_count(out), target=target,
                linger=rng.uniform(0.0, 0.03), stdout=handle,
            )
        data = out.read_bytes()
        records = check_jsonl_lines(data)
        lines = data.split(b"\n")[:-1] if data else []
        if lines != reference_lines[: len(lines)]:
            raise AssertionError(f"partial output {out} is not a prefix of the clean run's output")
        report.count_run(result, phase="extract", target=target, lines=len(records))
        log(f"extract: target {target}, lines {len(records)}, rc {result.returncode}")
    return report


def clean_extract(corpus: Path, out: Path, *, workers: int = 1) -> list[bytes]:
    """One uninterrupted ``allegiance extract`` run; its output lines (validated)."""
    with out.open("wb") as handle:
        done = subprocess.run(allegiance_command("extract", str(corpus), "--workers", str(workers), "--quiet"),
                              stdout=handle, stderr=subprocess.PIPE, env=_env(), timeout=1800)
    if done.returncode != 0:
        raise AssertionError(f"the clean extract run failed: {done.stderr.decode()[-2000:]}")
    data = out.read_bytes()
    check_jsonl_lines(data)
    return data.split(b"\n")[:-1] if data else []
