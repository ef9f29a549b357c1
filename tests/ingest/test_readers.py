"""read_documents over every input format, with errors yielded instead of raised."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    MalformedRecordError,
    UnreadableInputError,
)
from allegiance.ingest import detect_format, read_documents
from allegiance.model import Document, document_id

ARTICLE = "Allies at last\n\nBritain and France signed a pact on Monday.\n\nGermany criticised the deal.\n"


def docs_and_errors(items):
    items = list(items)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --------------------------------------------------------------------------- plain text


def test_plain_text_file(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    (doc,) = read_documents(path)
    assert doc.title == "Allies at last"
    assert doc.text == "Britain and France signed a pact on Monday.\n\nGermany criticised the deal."
    assert doc.id == document_id(doc.text)
    assert doc.origin == str(path)
    assert doc.date is None


def test_dump_articles_get_line_origins(ingest_fixtures):
    docs, errors = docs_and_errors(read_documents(ingest_fixtures / "dump_wire_style.txt"))
    assert not errors
    assert [d.origin.rsplit(":", 1)[1] for d in docs] == ["3", "17", "29"]
    assert len({d.id for d in docs}) == 3


def test_split_dumps_false_gives_one_document(ingest_fixtures):
    docs, _ = docs_and_errors(read_documents(ingest_fixtures / "dump_wire_style.txt", split_dumps=False))
    assert len(docs) == 1 and docs[0].origin.endswith("dump_wire_style.txt")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_encodings(tmp_path, encoding):
    text = "Pay to rise by £1,400\n\nThe minister said the rise – worth “a lot” – starts in 2007.\n"
    if encoding == "latin-1":
        text = text.replace("–", "-").replace("“", '"').replace("”", '"')
    path = write(tmp_path, "e.txt", text.replace("\n", "\r\n").encode(encoding))
    (doc,) = read_documents(path)
    assert doc.title == "Pay to rise by £1,400"
    assert doc.text == text.split("\n\n", 1)[1].strip()


# --------------------------------------------------------------------------- JSONL / JSON


def test_jsonl_fields_ids_dates_and_errors(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": "T1", "text": "Russia and the US agreed.", "date": "18 Nov 2010",
                    "source": "Wire", "url": "https://x.example/1", "speaker": "PER:joe_biden"}),
        "",
        "{broken",
        json.dumps({"text": "No id here.", "published": "2010-11-19T10:00:00Z"}),
        json.dumps({"body": "No text field, but a body."}),
        json.dumps({"title": "only a title"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps(["not", "an", "object"]),
    ]
    path = write(tmp_path, "d.jsonl", "\n".join(lines) + "\n")
    docs, errors = docs_and_errors(read_documents(path))
    assert [(d.id, d.title, d.date, d.source, d.url, d.origin) for d in docs] == [
        ("a1", "T1", "2010-11-18", "Wire", "https://x.example/1", f"{path}:1"),
        (document_id("No id here."), None, "2010-11-19", None, None, f"{path}:4"),
        (document_id("No text field, but a body."), None, None, None, None, f"{path}:5"),
    ]
    assert [d.speaker for d in docs] == ["PER:joe_biden", None, None]  # whoever speaks in a speech or statement
    assert [(type(e), e.path) for e in errors] == [
        (MalformedRecordError, f"{path}:3"),
        (MalformedRecordError, f"{path}:6"),
        (EmptyInputError, f"{path}:7"),
        (MalformedRecordError, f"{path}:8"),
        (MalformedRecordError, f"{path}:9"),
    ]
    assert "--text-column" in str(errors[1])


def test_sentence_only_records_are_one_document_per_line(tmp_path):
    path = write(tmp_path, "s.jsonl", '{"id": "s1", "sentence": "A allied with B."}\n'
                                      '{"id": "s2", "sentence": "A allied with B."}\n')
    docs, _ = docs_and_errors(read_documents(path))
    assert [(d.id, d.text) for d in docs] == [("s1", "A allied with B."), ("s2", "A allied with B.")]


def test_jsonl_detected_by_content_and_named_columns(tmp_path):
    path = write(tmp_path, "records.dat", '{"key": "k1", "story": "x", "body": "The text.", "when": "2001-09-11"}\n')
    docs, _ = docs_and_errors(read_documents(path, text_column="body", date_column="when", id_column="key"))
    assert [(d.id, d.text, d.date) for d in docs] == [("k1", "The text.", "2001-09-11")]


def test_json_array_file(tmp_path):
    path = write(tmp_path, "a.json", json.dumps([{"id": "x", "text": "One."}, {"text": "Two."}, 3], indent=2))
    docs, errors = docs_and_errors(read_documents(path))
    assert [d.text for d in docs] == ["One.", "Two."]
    assert errors[0].path == f"{path}#record3"


# --------------------------------------------------------------------------- CSV / TSV


def test_csv_real_parser_and_default_column_mapping(tmp_path):
    text = ('id,published,headline,source,text\n'
            'c1,2019-09-06,"Leader, resigned","Wire","Line one, with a comma.\n\n""Quoted"" line two."\n'
            'c2,6 Sep 2019,Second,,Plain text.\n'
            ',,,,\n'
            'c3,,,,\n')
    path = write(tmp_path, "a.csv", text)
    docs, errors = docs_and_errors(read_documents(path))
    assert [(d.id, d.title, d.date, d.source) for d in docs] == [
        ("c1", "Leader, resigned", "2019-09-06", "Wire"), ("c2", "Second", "2019-09-06", None)]
    assert docs[0].text == 'Line one, with a comma.\n\n"Quoted" line two.'
    assert [d.origin for d in docs] == [f"{path}:2", f"{path}:5"]
    assert [(type(e), e.path) for e in errors] == [(EmptyInputError, f"{path}:7")]


def test_csv_big_fields(tmp_path):
    big = "word " * 100_000
    path = write(tmp_path, "big.csv", f'text\n"{big}"\n')
    (doc,) = read_documents(path)
    assert len(doc.text) == len(big.strip())


def test_tsv_and_semicolon_csv(tmp_path):
    tsv = write(tmp_path, "a.tsv", "title\ttext\nT\tTab separated text.\n")
    semi = write(tmp_path, "b.csv", "title;text;date\nT;Semicolon text.;2020-01-02\n")
    assert [d.text for d in read_documents([tsv, semi])] == ["Tab separated text.", "Semicolon text."]


def test_csv_missing_named_column_is_one_clear_error(tmp_path):
    path = write(tmp_path, "a.csv", "id,content\n1,x\n")
    (error,) = read_documents(path, text_column="article")
    assert isinstance(error, MalformedRecordError)
    assert "'article'" in str(error) and "--text-column" in str(error) and "content" in str(error)
    (error,) = read_documents(write(tmp_path, "b.csv", "text\nx\n"), date_column="when")
    assert "--date-column" in str(error)


def test_csv_text_column_option(tmp_path):
    path = write(tmp_path, "a.csv", "ID,Article,Pub\n1,The text.,2020-01-02\n")
    (doc,) = read_documents(path, text_column="Article", date_column="Pub", id_column="ID")
    assert (doc.id, doc.text, doc.date) == ("1", "The text.", "2020-01-02")


# --------------------------------------------------------------------------- HTML


def test_html_by_sniffing_not_extension(ingest_fixtures, tmp_path):
    html = (ingest_fixtures / "page_with_chrome.html").read_bytes()
    path = write(tmp_path, "saved_page.txt", html)
    (doc,) = read_documents(path)
    assert doc.title == "Trade unions join forces against pay freeze"
    assert doc.date == "2021-06-14"
    assert doc.url == "https://courier.example/news/unions-pay-freeze"
    assert doc.source == "The Example Courier"
    assert doc.text.startswith("Three public-sector trade unions announced on Monday")
    assert doc.text.endswith("before the ballots close in July.")
    for junk in ("Minister praised", "Senate", "tracker", "Front page", "cookies", "Celebrity chef",
                 "Weather warning", "All rights reserved", "Example Agency", "Rosa Lind", ".promo"):
        assert junk not in doc.text


def test_html_without_article_text(tmp_path):
    path = write(tmp_path, "e.html", "<!DOCTYPE html><html><body><nav>Home</nav></body></html>")
    (error,) = read_documents(path)
    assert isinstance(error, EmptyInputError)


# --------------------------------------------------------------------------- gzip, binary, empty


@pytest.mark.parametrize("name", ["a.txt.gz", "a.txt", "a.gz", "a.jsonl.gz"])
def test_gzip_of_any_format_is_unpacked(tmp_path, name):
    payload = ARTICLE if "jsonl" not in name else json.dumps({"id": "j", "text": "Gzipped JSONL."}) + "\n"
    path = write(tmp_path, name, gzip.compress(payload.encode("utf-8")))
    docs, errors = docs_and_errors(read_documents(path))
    assert not errors
    assert docs[0].text in ("Britain and France signed a pact on Monday.\n\nGermany criticised the deal.",
                            "Gzipped JSONL.")


def test_corrupt_gzip_is_an_error(tmp_path):
    data = gzip.compress(ARTICLE.encode() * 50)
    path = write(tmp_path, "bad.txt.gz", data[: len(data) // 2])
    items = list(read_documents(path))
    assert len(items) == 1 and isinstance(items[0], UnreadableInputError)
    assert "gzip" in str(items[0])


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"\x00" * 100 + b"text",
                                  b"%PDF-1.4\n\x00\x01binary"])
def test_binary_is_rejected(tmp_path, data):
    path = write(tmp_path, "x.txt", data)
    (error,) = read_documents(path)
    assert isinstance(error, BinaryInputError)
    assert error.path == str(path) and error.hint


@pytest.mark.parametrize("data, fragment", [(b"", "empty"), (b"  \n\t\r\n  ", "whitespace"),
                                            (b"Photo: Getty\nShow Hide image\n", "no article text")])
def test_empty_inputs(tmp_path, data, fragment):
    path = write(tmp_path, "e.txt", data)
    (error,) = read_documents(path)
    assert isinstance(error, EmptyInputError)
    assert fragment in str(error)


def test_missing_path_is_an_error_and_the_batch_goes_on(tmp_path):
    good = write(tmp_path, "good.txt", ARTICLE)
    items = list(read_documents([tmp_path / "missing.txt", good]))
    assert isinstance(items[0], UnreadableInputError) and "no such file" in str(items[0])
    assert isinstance(items[1], Document)


# --------------------------------------------------------------------------- directories and stdin


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path):
    write(tmp_path, "b.txt", "Second file body.")
    write(tmp_path, "a/z.txt", "Nested file body.")
    write(tmp_path, "a.txt", "First file body.")
    write(tmp_path, ".hidden.txt", "Hidden body.")
    write(tmp_path, ".git/config.txt", "Hidden dir body.")
    texts = [d.text for d in read_documents(tmp_path)]
    assert texts == ["First file body.", "Nested file body.", "Second file body."]
    assert texts == [d.text for d in read_documents(str(tmp_path))]  # deterministic


def test_stdin_text_and_jsonl():
    (doc,) = read_documents("-", stdin=io.BytesIO(ARTICLE.encode()))
    assert doc.origin == "-" and doc.title == "Allies at last"
    docs = list(read_documents(["-"], stdin=io.BytesIO(b'{"id":"1","text":"A."}\n{"id":"2","text":"B."}\n')))
    assert [(d.id, d.origin) for d in docs] == [("1", "-:1"), ("2", "-:2")]


# --------------------------------------------------------------------------- very large texts


def test_long_text_is_split_into_parts(tmp_path):
    sentence = "The allies met again and agreed to keep working together. "
    path = write(tmp_path, "long.txt", sentence * 2000)
    docs, errors = docs_and_errors(read_documents(path, max_chars=10_000))
    assert not errors and len(docs) == 12
    assert [d.origin for d in docs] == [f"{path}#part{k}" for k in range(1, 13)]
    assert all(len(d.text) <= 10_000 for d in docs)
    assert all(d.text.endswith("together.") for d in docs)
    assert sum(d.text.count("allies") for d in docs) == 2000


def test_long_record_parts_keep_the_given_id(tmp_path):
    path = write(tmp_path, "r.jsonl", json.dumps({"id": "big", "text": "Word. " * 5000}) + "\n")
    docs = list(read_documents(path, max_chars=10_000))
    assert len(docs) >= 3
    assert [d.id for d in docs] == [f"big#part{k}" for k in range(1, len(docs) + 1)]
    assert [d.origin for d in docs] == [f"{path}:1#part{k}" for k in range(1, len(docs) + 1)]
    assert sum(d.text.count("Word.") for d in docs) == 5000


# --------------------------------------------------------------------------- format detection


@pytest.mark.parametrize(
    "head, name, expected",
    [
        (b"\x1f\x8b\x08", "x.txt", "gzip"),
        (b"\x89PNG\r\n\x1a\n\x00", "x.txt", "binary"),
        (b"  <!doctype html><html>", "x", "html"),
        (b"<html><body>", "x.txt", "html"),
        (b"<p>fragment</p>", "x.html", "html"),
        (b'{"text": "x"}\n{"text": "y"}\n', "x.txt", "jsonl"),
        (b'{\n  "text": "x"\n}\n', "x", "json"),
        (b"[{\"text\": \"x\"}]", "x.json", "json"),
        (b"a,b\n1,2\n", "x.CSV", "csv"),
        (b"a\tb\n", "x.tsv.gz", "tsv"),
        (b"{not json at all", "x.txt", "text"),
        (b"The <html> tag opens a page.", "x.txt", "text"),
    ],
)
def test_detect_format(head, name, expected):
    assert detect_format(head, name) == expected


# --------------------------------------------------------------------------- never raises


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000), st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
                      st.text(max_size=500).map(lambda t: gzip.compress(t.encode("utf-16")))),
       name=st.sampled_from(["x.txt", "x.csv", "x.jsonl", "x.html", "x.json", "x.tsv", "x.gz", "x"]))
def test_read_documents_never_raises_on_random_input(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    for item in read_documents(path, max_chars=500):
        assert isinstance(item, (Document, InputError))
        if isinstance(item, Document):
            assert item.text.strip() and len(item.text) <= 500 and item.id
            assert item.origin.startswith(str(path))
        else:
            assert item.path.startswith(str(path)) and str(item)


def test_jsonl_with_a_broken_first_line_is_still_jsonl(tmp_path):
    path = write(tmp_path, "records", '{"text": "trunc\n{"text": "Second record."}\n')
    docs, errors = docs_and_errors(read_documents(path))
    assert [d.text for d in docs] == ["Second record."]
    assert errors[0].path == f"{path}:1"


def test_text_stdin_stream_is_accepted():
    (doc,) = read_documents("-", stdin=io.StringIO("Plain text from a text stream."))
    assert doc.text == "Plain text from a text stream."


def test_markdown_heading_title(tmp_path):
    (doc,) = read_documents(write(tmp_path, "n.md", "# Allies at last\n\nThe two rivals signed a pact.\n"))
    assert doc.title == "Allies at last"


def test_json_array_without_any_text_field_is_one_error(tmp_path):
    path = write(tmp_path, "meta.json", json.dumps([{"id": 1, "title": "a"}, {"id": 2, "title": "b"}]))
    (error,) = read_documents(path)
    assert isinstance(error, MalformedRecordError) and error.path == str(path)
    assert "--text-column" in str(error)


def test_jsonl_whose_first_record_is_longer_than_the_sniffed_head():
    record = json.dumps({"id": "long", "text": "Allies met. " * 20_000})
    (doc,) = read_documents("-", stdin=io.BytesIO(record.encode() + b"\n"))
    assert doc.id == "long" and doc.origin == "-:1"


def test_html_inside_a_record_text_field_is_extracted(tmp_path):
    page = ("<html><head><title>Pact signed</title></head><body><nav>Home</nav><article>"
            "<p>The two rival parties signed an electoral pact on Monday after weeks of talks.</p>"
            "<p>Their leaders said the pact would hold until the next general election.</p>"
            "</article><script>var x = 'Senate';</script></body></html>")
    path = write(tmp_path, "r.jsonl", json.dumps({"id": "h", "text": page}) + "\n"
                 + json.dumps({"id": "f", "text": "<p>Short <b>fragment</b>.</p><p>Second.</p>"}) + "\n"
                 + json.dumps({"id": "plain", "text": "Use <b> for bold."}) + "\n")
    docs = {d.id: d for d in read_documents(path)}
    assert docs["h"].title == "Pact signed" and "Senate" not in docs["h"].text and "<" not in docs["h"].text
    assert docs["h"].text.startswith("The two rival parties signed")
    assert docs["f"].text == "Short fragment.\n\nSecond."
    assert docs["plain"].text == "Use <b> for bold."
