"""Opening stores: URLs, SQLite settings, bad locations, schema versions and migrations."""

from __future__ import annotations

import sqlite3

import pytest

from allegiance.errors import SchemaError, StoreError
from allegiance.store import LATEST_VERSION, connect, migrate, open_store, schema_version
from allegiance.store import backend as backend_module
from allegiance.store.schema import MIGRATIONS, Migration
from store_helpers import article, doc, edited, relation


def test_default_location_is_allegiance_db_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.location == "allegiance.db"
    assert (tmp_path / "allegiance.db").is_file()


@pytest.mark.parametrize("form", ["path", "str", "relative_url", "absolute_url"])
def test_sqlite_locations(tmp_path, monkeypatch, form):
    monkeypatch.chdir(tmp_path)
    url = {
        "path": tmp_path / "a.db",
        "str": str(tmp_path / "a.db"),
        "relative_url": "sqlite:///a.db",
        "absolute_url": f"sqlite:///{tmp_path / 'a.db'}",  # sqlite:////abs/path
    }[form]
    with open_store(url) as store:
        store.write_batch([(doc("text"), None)])
    assert (tmp_path / "a.db").is_file()


def test_sqlite_store_is_wal_with_foreign_keys_and_busy_timeout(tmp_path):
    with open_store(tmp_path / "a.db", busy_timeout=2.5) as store:
        conn = store._conn.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 2500


@pytest.mark.parametrize("url, words", [
    ("mysql://host/db", "unsupported store URL"),
    ("sqlite://", "no file in store URL"),
])
def test_unsupported_urls(url, words):
    with pytest.raises(StoreError, match=words):
        open_store(url)


def test_missing_directory(tmp_path):
    with pytest.raises(StoreError, match="does not exist; create it first"):
        open_store(tmp_path / "nope" / "a.db")


def test_directory_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)


def test_garbage_file_is_not_a_store(tmp_path):
    path = tmp_path / "a.db"
    path.write_bytes(b"this is not a database at all, just some bytes\n" * 200)
    with pytest.raises(StoreError, match="not an allegiance store"):
        open_store(path)
    assert path.read_bytes().startswith(b"this is not a database")


def test_foreign_sqlite_database_is_left_alone(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="not an allegiance store"):
        open_store(path)


def test_unreachable_postgresql_is_a_clear_store_error():
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


# ------------------------------------------------------------------ migrations


def test_fresh_store_is_at_the_latest_version(store_url):
    with open_store(store_url) as store:
        assert store.status().schema_version == LATEST_VERSION
        rows = store._conn.query("SELECT version, description FROM schema_version ORDER BY version")
    assert rows == [(m.version, m.description) for m in MIGRATIONS]


def test_v1_store_is_migrated_and_keeps_its_data(store_url):
    base = article(11)
    db = connect(store_url)
    assert migrate(db, target=1) == 1
    with db.transaction():  # what version 1 of allegiance wrote
        db.executemany(
            "INSERT INTO documents (id, content_hash, text, title, date) VALUES (?, ?, ?, ?, ?)",
            [(d.id, d.content_hash, d.text, d.title, d.date)
             for d in (doc(base, "old1", title="Old", date="2019-01-01"), doc(article(12), "old2"))],
        )
        db.execute("INSERT INTO rejected (origin, message, recorded_at) VALUES (?, ?, ?)",
                   ("bad.bin", "binary", "2019-01-01T00:00:00+00:00"))
    assert "relations" not in db.table_names()
    db.close()

    with open_store(store_url) as store:
        assert store.status().to_dict() == {"documents": 2, "duplicates": 0, "rejected": 1,
                                            "actors": 0, "relations": 0, "schema_version": 4}
        assert store.get_document("old1").title == "Old"
        # the old documents are pending extraction and get their relations now
        assert [d.id for b in store.pending_extraction() for d in b] == ["old1", "old2"]
        assert store.write_batch([(store.get_document("old1"), [relation("old1")])]).relations_stored == 1
        # the near-duplicate index was built for the migrated documents
        result = store.write_batch([(doc(edited(base, 2), "new"), None)])
        assert result.duplicates_near == 1 and result.duplicates[0].duplicate_of == "old1"
        assert store.integrity_check()


def test_v2_store_is_migrated(store_url):
    db = connect(store_url)
    assert migrate(db, target=2) == 2
    db.close()
    with open_store(store_url) as store:
        assert store.status().schema_version == LATEST_VERSION


def test_newer_store_is_refused_and_left_untouched(store_url):
    with open_store(store_url) as store:
        store.write_batch([(doc("kept"), None)])
        with store._conn.transaction():
            store._conn.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (LATEST_VERSION + 1, "from the future", "2099-01-01T00:00:00+00:00"),
            )
    with pytest.raises(SchemaError, match="newer than this allegiance.*upgrade allegiance"):
        open_store(store_url)
    db = connect(store_url)
    assert schema_version(db) == LATEST_VERSION + 1
    db.close()


def test_failed_migration_rolls_back_whole(store_url, monkeypatch):
    db = connect(store_url)
    migrate(db, target=1)
    db.close()
    broken = Migration(2, "broken", "CREATE TABLE fine_so_far (x INTEGER); CREATE TABLE ((( nonsense")
    monkeypatch.setattr(backend_module, "MIGRATIONS", (MIGRATIONS[0], broken))
    monkeypatch.setattr(backend_module, "LATEST_VERSION", 2)
    with pytest.raises(SchemaError, match="migration 2 \\(broken\\) failed"):
        open_store(store_url)
    db = connect(store_url)
    assert schema_version(db) == 1
    assert "fine_so_far" not in db.table_names()
    db.close()


def test_migrate_rejects_unknown_targets():
    db = connect(":memory:")
    with pytest.raises(SchemaError, match="no schema version 99"):
        migrate(db, target=99)
    db.close()


def test_create_false_refuses_a_missing_store_and_creates_nothing(tmp_path, store_url):
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no store at .*; run `allegiance ingest"):
        open_store(path, create=False)
    assert not path.exists()
    with pytest.raises(StoreError, match="no store at"):
        open_store(store_url, create=False)  # fresh location: nothing there yet
    with open_store(store_url) as store:
        store.write_batch([(doc("text"), None)])
    with open_store(store_url, create=False) as store:
        assert store.status().documents == 1


def test_a_writer_blocked_too_long_gets_a_clear_store_error(tmp_path):
    path = tmp_path / "busy.db"
    with open_store(path) as holder, open_store(path, busy_timeout=0.2) as waiter:
        with holder._conn.transaction():  # holds the write lock
            with pytest.raises(StoreError, match="another process is writing to the store"):
                waiter.write_batch([(doc("blocked"), None)])
        assert waiter.write_batch([(doc("free again"), None)]).stored == 1
