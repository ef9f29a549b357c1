"""``read_documents(exclude=...)`` skips named files inside walked directories."""

from __future__ import annotations

from allegiance.errors import InputError
from allegiance.ingest import read_documents


def test_excluded_file_in_directory_is_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nNato backed Kyiv.", encoding="utf-8")
    (tmp_path / "store.db").write_bytes(b"SQLite format 3\x00" + bytes(200))
    items = list(read_documents([tmp_path], exclude=[tmp_path / "store.db"]))
    assert [type(i).__name__ for i in items] == ["Document"]


def test_without_exclude_the_binary_file_is_rejected(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nNato backed Kyiv.", encoding="utf-8")
    (tmp_path / "store.db").write_bytes(b"SQLite format 3\x00" + bytes(200))
    items = list(read_documents([tmp_path]))
    assert sum(isinstance(i, InputError) for i in items) == 1
