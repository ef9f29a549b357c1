"""Bad input to every reader (``allegiance.ingest.read_documents``): random bytes, Unicode,
control characters, invalid UTF-8, random JSONL and CSV, 10 MB single lines, deeply nested
HTML, empty files. Nothing raises; each rejected input is one clear error naming where it
is; everything readable is still read."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.errors import EmptyInputError, InputError, MalformedRecordError
from allegiance.ingest import read_documents
from allegiance.model import Document

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
SUFFIXES = ["", ".txt", ".jsonl", ".json", ".csv", ".tsv", ".html", ".xml", ".gz", ".md"]

#: words a good record is made of (so it is certainly text)
SAFE_TEXT = st.lists(st.sampled_from(["Labour", "backed", "the", "strike", "Russia", "and", "France",
                                      "signed", "a", "pact", "on", "Monday", "talks", "failed"]),
                     min_size=1, max_size=12).map(lambda words: " ".join(words) + ".")


def read_all(data: bytes, suffix: str = "") -> list[Document | InputError]:
    """Read ``data`` as a file named with ``suffix`` and as standard input; both must agree
    in kind; return the file's items after checking every one of them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_documents([path]))
    for item in items:
        assert isinstance(item, (Document, InputError)), type(item)
        if isinstance(item, Document):
            assert isinstance(item.text, str) and item.text.strip()
            assert item.id and item.origin
        else:
            message = str(item)
            assert message and "\n" not in message, message  # one line a user can act on
            assert item.path and "input" in item.path, message  # says where
    if not suffix:
        from_stdin = list(read_documents("-", stdin=io.BytesIO(data)))
        assert [type(x).__name__ for x in from_stdin] == [type(x).__name__ for x in items]
    return items


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_raise(data, suffix, fuzz_counter):
    items = read_all(data, suffix)
    fuzz_counter.tried(rejected=sum(isinstance(x, InputError) for x in items))
    if not data:
        assert len(items) == 1 and isinstance(items[0], EmptyInputError)


@FUZZ
@given(text=st.text(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_unicode_and_control_characters_never_raise(text, suffix, fuzz_counter):
    items = read_all(text.encode("utf-8"), suffix)
    fuzz_counter.tried(rejected=sum(isinstance(x, InputError) for x in items))
    if text.strip() and any(ch.isalpha() for ch in text) and suffix in ("", ".txt"):
        assert items, "a text with letters gave neither a document nor an error"


@FUZZ
@given(prefix=st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),
       good=SAFE_TEXT, junk=st.binary(min_size=1, max_size=8).filter(lambda b: b"\n" not in b))
def test_control_characters_and_invalid_utf8_inside_text_keep_the_text(prefix, good, junk, fuzz_counter):
    data = prefix.encode() + good.encode() + b" " + junk + b" " + good.encode()
    items = read_all(data, ".txt")
    fuzz_counter.tried(rejected=sum(isinstance(x, InputError) for x in items))
    docs = [x for x in items if isinstance(x, Document)]
    if not any(isinstance(x, InputError) for x in items):  # not judged binary: the words survive
        assert good.split()[0] in " ".join(d.text for d in docs)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def jsonl_lines(draw):
    """A JSONL file: good records (id, text) mixed with junk lines; returns (lines, good ids,
    how many lines are certainly an error: JSON that is no record, records with blank text)."""
    lines, good, certain = [], [], 0
    for n in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["good", "good", "json", "text", "bytes", "empty_text"]))
        if kind == "good":
            doc_id = f"g{n}"
            lines.append(json.dumps({"id": doc_id, "text": draw(SAFE_TEXT), "date": draw(st.text(max_size=12))}).encode())
            good.append(doc_id)
        elif kind == "json":
            value = draw(_JSON_VALUES)
            if isinstance(value, dict) and any(k in value for k in ("text", "body", "content", "article",
                                                                    "story", "full_text", "fulltext", "sentence")):
                value = {"junk": value}
            lines.append(json.dumps(value).encode())
            certain += 1
        elif kind == "text":  # (control characters: see the NUL test below and the tests above)
            lines.append(draw(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
                                      max_size=60).filter(lambda t: t.strip())).encode())
        elif kind == "bytes":  # invalid UTF-8 and the like
            lines.append(draw(st.binary(min_size=1, max_size=40).filter(
                lambda b: b.strip() and min(b) >= 32)))
        else:
            lines.append(json.dumps({"id": f"e{n}", "text": " "}).encode())
            certain += 1
    return lines, good, certain


@FUZZ
@given(case=jsonl_lines())
def test_random_jsonl_keeps_every_good_record(case, fuzz_counter):
    lines, good, certain = case
    first = json.dumps({"id": "first", "text": "Unite and the GMB worked together."}).encode()
    data = b"\n".join([first, *lines]) + b"\n"  # a good first line: the file is JSONL
    items = read_all(data, ".jsonl")
    docs = [x for x in items if isinstance(x, Document)]
    errors = [x for x in items if isinstance(x, InputError)]
    fuzz_counter.tried(rejected=len(errors))
    assert [d.id for d in docs] == ["first", *good]  # the rest is processed, in order
    # every other line is one error (a junk line that decodes to blank space is skipped) ...
    assert certain <= len(errors) <= len(lines) - len(good)
    for error in errors:  # ... naming its line
        assert error.path.rsplit(":", 1)[1].isdigit(), str(error)


@FUZZ
@given(rows=st.lists(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
                             min_size=0, max_size=5), max_size=30),
       good=st.lists(SAFE_TEXT, max_size=5))
def test_random_csv_keeps_every_good_row(rows, good, fuzz_counter):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text", "date"])
    for i, text in enumerate(good):
        writer.writerow([f"good{i}", text, "2020-01-01"])
    for row in rows:
        writer.writerow(row)
    items = read_all(buffer.getvalue().encode("utf-8"), ".csv")
    fuzz_counter.tried(rejected=sum(isinstance(x, InputError) for x in items))
    ids = [x.id for x in items if isinstance(x, Document)]
    assert ids[: len(good)] == [f"good{i}" for i in range(len(good))]


# ------------------------------------------------------------------ big and deep inputs


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["words", "one_token", "jsonl"])
def test_ten_megabyte_single_line_is_read_in_parts(tmp_path, shape):
    size = 10 * 1024 * 1024
    # numbered words: no two parts are the same text (ids are content hashes)
    words = " ".join(f"Russia and France signed pact {i}" for i in range(size // 30))[:size]
    text = "x" * size if shape == "one_token" else words
    path = tmp_path / ("big.jsonl" if shape == "jsonl" else "big.txt")
    if shape == "jsonl":
        path.write_text(json.dumps({"id": "big", "text": text}) + "\n", encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")
    items = list(read_documents([path]))
    docs = [x for x in items if isinstance(x, Document)]
    assert not [x for x in items if isinstance(x, InputError)]
    assert len(docs) >= 10 and all(len(d.text) <= 1_000_000 for d in docs)
    assert all("#part" in d.origin for d in docs)
    if shape != "one_token":
        assert len(docs) == len({d.id for d in docs})
    # nothing but whitespace at the cuts is lost
    assert sum(len(d.text) for d in docs) >= len(text.strip()) - len(docs) * 2


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_html_keeps_its_text(tmp_path, depth):
    body = "<div>" * depth + "<p>Britain formed an alliance with France against Germany.</p>" + "</div>" * depth
    path = tmp_path / "deep.html"
    path.write_text(f"<!DOCTYPE html><html><head><title>Deep page</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    items = list(read_documents([path]))
    docs = [x for x in items if isinstance(x, Document)]
    assert docs and not [x for x in items if isinstance(x, InputError)], items
    assert "Britain formed an alliance with France" in " ".join(d.text for d in docs)


def test_a_short_article_survives_deep_nesting(tmp_path):
    paragraph = "<p>Israel attacked Hamas near the border.</p>"
    kept = []
    for depth in (250, 300):
        path = tmp_path / f"deep{depth}.html"
        path.write_text("<html><body>" + "<div>" * depth + paragraph + "</div>" * depth + "</body></html>")
        kept.append([x.text for x in read_documents([path]) if isinstance(x, Document)])
    assert kept[0] == kept[1] == ["Israel attacked Hamas near the border."]


def test_unclosed_and_hostile_html_never_raises(tmp_path):
    samples = [
        "<html><body><div><div><p>Unclosed tags everywhere",
        "<html>" + "<table><tr><td>" * 5000 + "Labour backed the strike.",
        "<!DOCTYPE html><html><script>" + "x" * 100_000 + "</script><p>Russia and France signed a pact.</p>",
        "<html><body>" + "<!--" * 1000 + "Hidden?</body></html>",
        "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>]><rss><channel>"
        "<item><title>&b;</title><description>&b;&b;</description></item></channel></rss>",
    ]
    for i, html in enumerate(samples):
        path = tmp_path / f"hostile{i}.html"
        path.write_text(html, encoding="utf-8")
        for item in read_documents([path]):
            assert isinstance(item, (Document, InputError))
            if isinstance(item, Document):
                assert len(item.text) < 1_000_000


def test_empty_and_blank_files_are_rejected_with_their_name_and_the_rest_is_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n  ")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    (tmp_path / "good.txt").write_text("Britain formed an alliance with France.", encoding="utf-8")
    items = list(read_documents([tmp_path]))
    docs = [x for x in items if isinstance(x, Document)]
    errors = {Path(x.path).name: x for x in items if isinstance(x, InputError)}
    assert [d.text for d in docs] == ["Britain formed an alliance with France."]
    assert set(errors) == {"empty.txt", "blank.txt", "empty.jsonl", "bom.txt"}, errors
    assert all(isinstance(e, EmptyInputError) for e in errors.values()), errors


def test_field_names_with_control_characters_stay_on_one_line(tmp_path):
    path = tmp_path / "keys.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Unite backed Corbyn."}) + "\n"
                    + json.dumps({"x\n\u001b[31mred": 1}) + "\n", encoding="utf-8")
    [error] = [x for x in read_documents([path]) if isinstance(x, InputError)]
    assert "\n" not in str(error) and "\x1b" not in str(error), str(error)


def test_one_nul_byte_in_a_jsonl_record_rejects_only_that_record(tmp_path):
    good = [json.dumps({"id": f"r{i}", "text": f"Labour backed strike number {i}."}) for i in range(200)]
    path = tmp_path / "records.jsonl"
    path.write_bytes(("\n".join(good[:1]) + "\n").encode() + b'{"id": "bad", "text": "a\x00b"}\n'
                     + ("\n".join(good[1:]) + "\n").encode())
    items = list(read_documents([path]))
    assert [x.id for x in items if isinstance(x, Document)] == [f"r{i}" for i in range(200)]
    assert [x.path for x in items if isinstance(x, InputError)] == [f"{path}:2"]


def test_a_header_only_csv_is_reported_empty(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"id,text\n")
    items = list(read_documents([path]))
    assert len(items) == 1 and isinstance(items[0], EmptyInputError), items


def test_a_malformed_jsonl_line_is_named_by_its_line_number(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Unite backed Corbyn."}\n{"id": "b", "text": \n'
                     b'{"id": "c", "text": "Russia condemned Ukraine."}\n')
    items = list(read_documents([path]))
    assert [x.id for x in items if isinstance(x, Document)] == ["a", "c"]
    [error] = [x for x in items if isinstance(x, InputError)]
    assert isinstance(error, MalformedRecordError) and error.path == f"{path}:2"
