"""Every file of ../shared/data/corpora/messy handled as its README says (realdata)."""

from __future__ import annotations

import json

import pytest

from allegiance.errors import BinaryInputError, EmptyInputError, InputError, MalformedRecordError
from allegiance.ingest import read_documents
from allegiance.model import Document

pytestmark = pytest.mark.realdata


def read(path, **options):
    items = list(read_documents(path, **options))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def squash(text):
    return " ".join(text.split())


def wikinews(corpora_dir, doc_id):
    with open(corpora_dir / "wikinews" / "docs.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] == doc_id:
                return record
    raise AssertionError(doc_id)


def test_malformed_jsonl(messy_dir):
    docs, errors = read(messy_dir / "malformed.jsonl")
    assert len(docs) == 19
    assert len(errors) == 1 and isinstance(errors[0], MalformedRecordError)
    assert errors[0].path.endswith("malformed.jsonl:8")
    assert all(d.id.startswith("wikinews-") and d.date and d.title for d in docs)
    assert not any(d.origin.endswith(":15") for d in docs)  # the blank line is skipped silently


def test_articles_csv(messy_dir):
    docs, errors = read(messy_dir / "articles.csv")
    assert not errors and len(docs) == 30
    assert all(d.title and d.date and d.id.startswith("wikinews-") for d in docs)
    assert all(len(d.date) == 10 for d in docs)
    assert sum("\n" in d.text for d in docs) >= 25  # embedded newlines survived the CSV parser
    assert any('"' in d.text for d in docs)


def test_latin1(messy_dir):
    (doc,) = read(messy_dir / "latin1.txt")[0]
    assert "£1,400" in doc.text
    assert "Â£" not in doc.text and "\ufffd" not in doc.text
    assert doc.title == "Labour plans maternity pay rise"


def test_cp1252(messy_dir):
    (doc,) = read(messy_dir / "cp1252.txt")[0]
    assert "€2bn" in doc.text
    assert "“" in doc.text and "”" in doc.text and "’" in doc.text
    assert "\x80" not in doc.text and "\x93" not in doc.text


def test_crlf_bom(messy_dir, corpora_dir):
    (doc,) = read(messy_dir / "crlf_bom.txt")[0]
    assert not doc.title.startswith("\ufeff") and doc.title[0].isalpha()
    assert "\r" not in doc.text
    assert doc.title == wikinews(corpora_dir, "wikinews-351468125eba")["title"]


@pytest.mark.parametrize("name", ["empty.txt", "whitespace_only.txt"])
def test_empty_files(messy_dir, name):
    docs, errors = read(messy_dir / name)
    assert not docs and len(errors) == 1 and isinstance(errors[0], EmptyInputError)
    assert errors[0].path.endswith(name)


def test_binary_random(messy_dir):
    docs, errors = read(messy_dir / "binary_random.bin")
    assert not docs and isinstance(errors[0], BinaryInputError)


def test_gzip_named_txt_is_unpacked_not_fed_raw(messy_dir, corpora_dir):
    (doc,) = read(messy_dir / "binary_gzip_named.txt")[0]
    record = wikinews(corpora_dir, "wikinews-0cdc653de4ea")
    assert doc.title == record["title"]
    assert squash(doc.text) == squash(record["text"])


@pytest.mark.slow
def test_huge_single_line(messy_dir):
    path = messy_dir / "huge_single_line.txt"
    docs, errors = read(path)
    assert not errors and len(docs) >= 5
    assert [d.origin for d in docs] == [f"{path}#part{k}" for k in range(1, len(docs) + 1)]
    assert all(len(d.text) <= 1_000_000 for d in docs)
    total = sum(len(d.text) for d in docs)
    assert total >= path.stat().st_size * 0.99  # nothing lost but the spaces at the cuts
    assert all(d.text[-1] in '.!?"\')' for d in docs[:-1])  # cut at sentence ends


@pytest.mark.parametrize("n, doc_id", [(1, "wikinews-2b6091fa56f9"), (2, "wikinews-694279c4f714"),
                                       (3, "wikinews-4c31c6d58e41")])
def test_html_built(messy_dir, corpora_dir, n, doc_id):
    (doc,) = read(messy_dir / "html_built" / f"wikinews_{n}.html")[0]
    record = wikinews(corpora_dir, doc_id)
    assert doc.title == record["title"]
    assert doc.date == record["date"]
    for junk in ("Loading ad slot", "dataLayer", "Related stories", "Five things we learned",
                 "Markets close higher", "cookies", "Subscribe", "All rights reserved", "Getty"):
        assert junk not in doc.text
    if "Parliament" not in record["text"]:
        assert "Parliament" not in doc.text  # the analytics script mentions it
    source = squash(record["text"])
    paragraphs = [squash(p) for p in doc.text.split("\n\n") if not p.startswith("This article is adapted")]
    assert paragraphs and all(p in source for p in paragraphs)  # HTML collapses runs of spaces
    assert sum(len(p) for p in paragraphs) >= 0.9 * len(source)


@pytest.mark.parametrize("name, title, date", [
    ("nj.com1.html", "Republican N.J. senator rips Christie over State of the State speech", "2015-01-14"),
    ("tnr.com1.html", None, "2014-11-22"),
    ("usnews.com2.html", "Cigar rollers in Havana thrilled with warming U.S.-Cuba policy", None),
])
def test_html_raw(messy_dir, name, title, date):
    (doc,) = read(messy_dir / "html_raw" / name)[0]
    if title:
        assert doc.title == title
    assert doc.date == date  # usnews prints no date: none is guessed
    for junk in ("function(", "var ", "googletag", "Loading Photo Gallery", "MORE POLITICS"):
        assert junk not in doc.text


def test_dump(messy_dir):
    docs, errors = read(messy_dir / "dump_concatenated.txt")
    assert not errors and len(docs) == 6
    assert len({d.id for d in docs}) == 6
    assert all(d.origin.rsplit(":", 1)[1].isdigit() for d in docs)


def test_whole_folder_never_raises(messy_dir):
    docs, errors = read(messy_dir)
    assert len(docs) >= 60
    assert all(e.path and str(e) for e in errors)


@pytest.mark.parametrize("name, sizes", [("bbc_politics", 403), ("wikinews", 274)])
def test_reference_corpora_as_jsonl(corpora_dir, name, sizes):
    docs, errors = read(corpora_dir / name / "docs.jsonl")
    assert not errors and len(docs) == sizes
