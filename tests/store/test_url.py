"""Store URLs: one parser for every way of naming a store, and displays without passwords."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from allegiance.errors import StoreError
from allegiance.store import StoreURL, open_store
from allegiance.store.url import missing_store_error


@pytest.mark.parametrize("given, kind, path", [
    (None, "sqlite", "allegiance.db"),
    (Path("x/a.db"), "sqlite", "x/a.db"),
    ("a.db", "sqlite", "a.db"),
    ("  a.db \n", "sqlite", "a.db"),
    ("sqlite:///a.db", "sqlite", "a.db"),
    ("SQLITE:///a.db", "sqlite", "a.db"),
    ("sqlite:////srv/a.db", "sqlite", "/srv/a.db"),
    ("sqlite://a.db", "sqlite", "a.db"),
    (":memory:", "sqlite", ":memory:"),
    ("sqlite:///:memory:", "sqlite", ":memory:"),
])
def test_sqlite_forms(given, kind, path):
    url = StoreURL.parse(given)
    assert (url.kind, url.path, url.dsn) == (kind, path, None)
    assert url.display == path and str(url) == path
    assert url.is_memory == (path == ":memory:")


@pytest.mark.parametrize("given", ["postgresql://me:s3cret@db:5433/news", "postgres://me:s3cret@db:5433/news",
                                   "  postgresql://me:s3cret@db:5433/news?sslmode=disable "])
def test_postgresql_forms_never_show_the_password(given):
    url = StoreURL.parse(given)
    assert url.kind == "postgresql" and url.path is None and url.dsn == given.strip()
    assert url.display == "postgresql://db:5433/news"
    assert "s3cret" not in repr(url) and "s3cret" not in str(url) and "me@" not in url.display
    assert not url.is_memory and url.exists() is None


@pytest.mark.parametrize("given, words", [
    ("mysql://host/db", "unsupported store URL"),
    ("", "unsupported store URL"),
    ("sqlite://", "no file in store URL"),
    ("sqlite:///", "no file in store URL"),
    ("postgresql://h/d?sslmode", "malformed PostgreSQL URL"),
])
def test_urls_no_store_can_have_are_one_clear_error(given, words):
    with pytest.raises(StoreError, match=words):
        StoreURL.parse(given)


def test_a_store_url_is_a_value(tmp_path):
    a, b = StoreURL.parse("sqlite:///a.db"), StoreURL.parse(Path("a.db"))
    assert a == b and hash(a) == hash(b) and StoreURL.parse(a) is a
    assert pickle.loads(pickle.dumps(a)) == a
    with pytest.raises(AttributeError):
        a.path = "b.db"  # type: ignore[misc]
    assert StoreURL.parse(tmp_path / "none.db").exists() is False
    (tmp_path / "some.db").write_bytes(b"")
    assert StoreURL.parse(tmp_path / "some.db").exists() is True


def test_open_store_takes_a_store_url(tmp_path):
    with open_store(StoreURL.parse(f"sqlite:///{tmp_path / 'a.db'}")) as store:
        assert store.location == str(tmp_path / "a.db")


@pytest.mark.parametrize("content", [None, b""])
def test_reading_a_missing_or_empty_sqlite_store_refuses_and_leaves_it_alone(tmp_path, content):
    path = tmp_path / "s.db"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        open_store(path, create=False)
    assert str(caught.value).startswith(f"no store at {path}")
    assert "run `allegiance ingest PATH --db DB` first" in str(caught.value)
    assert path.exists() == (content is not None)
    if content is not None:
        assert path.read_bytes() == content and not Path(f"{path}-wal").exists()


def test_a_throwaway_memory_store_is_never_there_to_read():
    with pytest.raises(StoreError, match="no store at :memory: \\(it is empty\\)"):
        open_store(":memory:", create=False)


def test_the_missing_store_message_is_one_line_that_says_what_to_do():
    text = str(missing_store_error(StoreURL.parse("postgresql://u:pw@h/d"), empty=True))
    assert text == ("no store at postgresql://h:5432/d (it is empty); "
                    "run `allegiance ingest PATH --db DB` first, or check the --db path")
