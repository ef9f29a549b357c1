"""The migration list: ordered, append-only, valid on both dialects."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from allegiance.store.schema import LATEST_VERSION, MIGRATIONS, render, statements

# Released migrations never change (stores in the field were built by them); a schema
# change is a new migration appended to MIGRATIONS, and its hash is added here.
RELEASED = {1: "a00d783598549145", 2: "e1c5ccfde76303fb", 3: "3cce2dce6a17416a", 4: "d188753d516a8d39"}


def test_versions_are_consecutive_from_one():
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    assert all(m.description for m in MIGRATIONS)


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_released_migrations_are_unchanged(version):
    sql = MIGRATIONS[version - 1].sql
    assert hashlib.sha256(sql.encode()).hexdigest()[:16] == RELEASED[version], (
        f"migration {version} was edited; append a new migration instead")


def test_every_migration_is_listed_as_released():
    assert sorted(RELEASED) == [m.version for m in MIGRATIONS]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_placeholders_are_all_filled(dialect):
    for migration in MIGRATIONS:
        rendered = render(migration.sql, dialect)
        assert "{" not in rendered and "}" not in rendered


def test_migrations_build_a_sqlite_schema_with_foreign_keys():
    conn = sqlite3.connect(":memory:")
    for migration in MIGRATIONS:
        for statement in statements(migration.sql, "sqlite"):
            conn.execute(statement)
    targets = {row[2] for row in conn.execute("PRAGMA foreign_key_list(relations)")}
    assert targets == {"documents", "actors"}
    conn.close()
