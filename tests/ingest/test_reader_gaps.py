"""Reader gaps (issue 14): a CSV header naming a column twice, a small CSV dense in stray NULs, --date on CSV and feeds.

- A header that names the text column (or another column the reader uses) twice: the first
  column of that name is read, and one line (a MalformedRecordError on the header, so the
  exit code says something was not read) names the column and says the other was ignored.
  Before, the *last* column won silently.
- A CSV whose NULs are isolated (no run of zeros, as binary formats have) is read like other
  text, the NULs removed; before, a small CSV with a few NULs was refused whole as binary.
"""

from __future__ import annotations

import pytest

from allegiance.errors import BinaryInputError, InputError, MalformedRecordError
from allegiance.ingest import read_documents, sniff_binary
from allegiance.model import Document

SIBLING = "Sibling record says Britain backed France."


def read(path) -> tuple[list[Document], list[InputError]]:
    items = list(read_documents([path]))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


@pytest.mark.parametrize("header, row", [
    ("text,title,text", f"{SIBLING},T,other words"),
    ("Text,title, TEXT ", f"{SIBLING},T,other words"),
    ("text,title,text", f"{SIBLING},T,"),  # the second column empty: the first still read
])
def test_a_text_column_named_twice_reads_the_first_and_says_so(tmp_path, header, row):
    path = tmp_path / "twice.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    docs, errors = read(path)
    assert [d.text for d in docs] == [SIBLING]
    [error] = errors
    assert isinstance(error, MalformedRecordError) and error.path == f"{path}:1"
    assert "'text' twice" in error.message and "first" in error.message
    assert "\n" not in str(error)


def test_a_title_column_named_twice_reads_the_first(tmp_path):
    path = tmp_path / "titles.csv"
    path.write_text(f"title,text,title\nFirst title,{SIBLING},Second title\n", encoding="utf-8")
    docs, errors = read(path)
    assert [(d.title, d.text) for d in docs] == [("First title", SIBLING)]
    assert len(errors) == 1 and "'title' twice" in errors[0].message


def test_a_column_the_reader_does_not_use_may_be_named_twice(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(f"text,notes,notes\n{SIBLING},a,b\n", encoding="utf-8")
    docs, errors = read(path)
    assert [d.text for d in docs] == [SIBLING] and errors == []


@pytest.mark.parametrize("name, sep", [("nuls.csv", ","), ("nuls.tsv", "\t")])
def test_a_small_csv_dense_in_isolated_nuls_is_read_with_them_removed(tmp_path, name, sep):
    rows = [["text", "title"], ["\x00", "\x00"], ["nul\x00byte", "n\x00"], [SIBLING, "sibling"]]
    data = "".join(sep.join(r) + "\r\n" for r in rows).encode("utf-8")
    assert sniff_binary(data) == "binary data"  # too dense for plain text: a CSV is judged by record
    path = tmp_path / name
    path.write_bytes(data)
    docs, errors = read(path)
    assert not any(isinstance(e, BinaryInputError) for e in errors), [str(e) for e in errors]
    assert [d.text for d in docs] == ["nulbyte", SIBLING]
    assert all("\x00" not in d.text for d in docs)
    assert errors == []  # the row that held only NULs is a blank row once they are removed


def test_a_csv_with_lone_surrogate_bytes_and_nuls_keeps_its_good_rows(tmp_path):
    data = ("text,title\r\n\x00,\x00\r\n\ud800,\ud800\r\n" + f"{SIBLING},s\r\n").encode("utf-8", "surrogatepass")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    docs, _ = read(path)
    assert SIBLING in [d.text for d in docs]


@pytest.mark.parametrize("data", [
    b"\x00\x00\x00\x00" + f"text\n{SIBLING}\n".encode() * 20,  # a run of zeros: a binary format
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40,
])
def test_binary_data_named_csv_is_still_refused(tmp_path, data):
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    [error] = list(read_documents([path]))
    assert isinstance(error, BinaryInputError)


def test_csv_rows_without_a_date_take_the_given_date(tmp_path):
    """``--date`` (and ``--date-from-filename``) date CSV rows too, as they date every other record."""
    path = tmp_path / "2015-05-12-rows.csv"
    path.write_text(f"text,date\n{SIBLING},\n{SIBLING} Again.,2001-02-03\n", encoding="utf-8")
    docs, _ = read_documents_with(path, date="2020-01-02")
    assert [d.date for d in docs] == ["2020-01-02", "2001-02-03"]
    docs, _ = read_documents_with(path, date_from_filename=True)
    assert [d.date for d in docs] == ["2015-05-12", "2001-02-03"]


def read_documents_with(path, **options) -> tuple[list[Document], list[InputError]]:
    items = list(read_documents([path], **options))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


def test_undated_feed_items_take_the_given_date(tmp_path):
    """The same gap in the feed reader: its fixed field names dropped ``--date`` too."""
    path = tmp_path / "news.xml"
    path.write_text('<rss version="2.0"><channel><item><title>Pact</title><description>Rivals agree.</description>'
                    "</item></channel></rss>", encoding="utf-8")
    docs, errors = read_documents_with(path, date="2020-01-02")
    assert [(d.text, d.date) for d in docs] == [("Rivals agree.", "2020-01-02")] and errors == []
