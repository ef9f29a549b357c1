"""Commands that only read a store refuse a missing or empty one with one line, and change nothing.

Every such command asks ``open_store(url, create=False)`` (issue 14: one check instead of
hand-written "does the file exist" tests, which let an empty file or an empty PostgreSQL
schema be turned into a new store by a command meant only to read it).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from allegiance.cli import app
from allegiance.errors import StoreError

READERS = {
    "status": lambda db, out: ["status", "--db", db],
    "balance": lambda db, out: ["balance", "--db", db, "--json"],
    "report": lambda db, out: ["report", "--db", db, "--out", str(out / "r.html")],
    "export": lambda db, out: ["export", "--db", db, "--format", "json", "--out", str(out / "g.json")],
}


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("content", [None, b""], ids=["missing", "empty-file"])
def test_reading_commands_refuse_a_store_that_is_not_there(tmp_path, command, content):
    db = tmp_path / "s.db"
    if content is not None:
        db.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    r = CliRunner().invoke(app, READERS[command](str(db), out))
    assert r.exit_code == 1, r.output
    assert f"no store at {db}" in r.output and "allegiance ingest" in r.output
    assert db.exists() == (content is not None)
    if content is not None:
        assert db.read_bytes() == content and not (tmp_path / "s.db-wal").exists()
    assert list(out.iterdir()) == []


def test_library_readers_refuse_an_empty_store_file(tmp_path):
    from allegiance.io import to_networkx
    from allegiance.report import write_report

    db = tmp_path / "s.db"
    db.write_bytes(b"")
    with pytest.raises(StoreError, match="no store at"):
        to_networkx(str(db))
    with pytest.raises(StoreError, match="no store at"):
        write_report(str(db), tmp_path / "r.html")
    assert db.read_bytes() == b"" and not (tmp_path / "r.html").exists()
