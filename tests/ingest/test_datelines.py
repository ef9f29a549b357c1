"""Datelines and bylines (issue 17): their date is kept, their city is no actor, the lead sentence is parsed.

``data/dateline_layouts.jsonl`` holds plain-text articles written by us, one layout each:
``text`` (the file), ``date`` (expected, or null), ``city`` (the dateline's place, or null),
``lead`` (the start of the first body sentence) and ``relation`` (the lead's relation).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from allegiance.errors import ConfigError
from allegiance.ingest import read_documents
from allegiance.ingest.datelines import blank_header, find_header
from allegiance.model import Document
from allegiance.relations import build_pipeline, extract_relations
from allegiance.relations.pipeline import headline_context

LAYOUTS = [json.loads(line) for line in
           (Path(__file__).parent / "data" / "dateline_layouts.jsonl").read_text(encoding="utf-8").splitlines()]
IDS = [layout["name"] for layout in LAYOUTS]


def _read(tmp_path: Path, layout: dict, name: str = "article.txt", **options) -> Document:
    path = tmp_path / name
    path.write_text(layout["text"], encoding="utf-8")
    [document] = list(read_documents([path], **options))
    assert isinstance(document, Document), document
    return document


def test_the_corpus_has_at_least_30_layouts_with_datelines_and_bylines():
    assert len(LAYOUTS) >= 30
    assert len(set(IDS)) == len(IDS)
    assert sum(layout["city"] is not None for layout in LAYOUTS) >= 20
    assert sum("By " in layout["text"] for layout in LAYOUTS) >= 4


@pytest.mark.parametrize("layout", LAYOUTS, ids=IDS)
def test_the_date_of_the_header_is_the_documents_date(tmp_path, layout):
    assert _read(tmp_path, layout).date == layout["date"]


@pytest.mark.parametrize("layout", LAYOUTS, ids=IDS)
def test_the_lead_reaches_spacy_and_the_dateline_city_does_not(tmp_path, layout):
    document = _read(tmp_path, layout)
    assert layout["lead"] in document.text  # the stored text keeps everything
    parsed, body_start = headline_context(document)
    body = parsed[body_start:]
    assert len(body) == len(document.text)  # offsets into the parsed body are offsets into the text
    assert layout["lead"] in body
    if layout["city"]:
        assert layout["city"] not in body


HEADED = [layout for layout in LAYOUTS if "title" in layout]


@pytest.mark.parametrize("layout", HEADED, ids=[layout["name"] for layout in HEADED])
def test_the_headline_stays_the_title_and_header_lines_leave_the_text(tmp_path, layout):
    """Bylines ("Jane Smith, Ap Diplomatic Writer", "PTI, Sochi,") and date lines are no title and no text."""
    document = _read(tmp_path, layout)
    assert document.title == layout["title"]
    for dropped in layout["dropped"]:
        assert dropped not in document.text


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Every layout read from a file and extracted once (short texts: a few seconds)."""
    directory = tmp_path_factory.mktemp("layouts")
    documents = [_read(directory, layout, name=f"{layout['name']}.txt") for layout in LAYOUTS]
    results = list(extract_relations(documents, nlp=build_pipeline()))
    return {layout["name"]: result for layout, result in zip(LAYOUTS, results)}


@pytest.mark.parametrize("layout", LAYOUTS, ids=IDS)
def test_extraction_finds_the_lead_relation_and_never_the_city(extracted, layout):
    document, relations = extracted[layout["name"]]
    source, target, sign = layout["relation"]
    lead_at = document.text.index(layout["lead"])
    found = {(r.source.actor.name, r.target.actor.name, int(r.sign)) for r in relations
             if r.evidence.start == lead_at}
    assert (source, target, sign) in found, [(r.source.text, r.target.text, r.evidence.sentence) for r in relations]
    for r in relations:
        assert document.text[r.evidence.start:r.evidence.end] == r.evidence.sentence
        for mention in (r.source, r.target):
            assert document.text[mention.start:mention.end] == mention.text
            if layout["city"]:
                assert layout["city"] not in mention.text


def test_blanking_keeps_length_and_line_breaks():
    text = "By Jane Smith\nSOCHI, May 12, 2015 – Russia accused the United States."
    blanked = blank_header(text)
    assert len(blanked) == len(text) and blanked.index("\n") == text.index("\n")
    assert blanked.strip() == "Russia accused the United States."
    assert find_header(text).place == "SOCHI"


@pytest.mark.parametrize("text", [
    "Russia, China and Iran agreed.", "Paris – the city – voted.", "By the end of May Russia agreed.",
    "On May 12, 2015 Russia agreed.", "Moscow, Beijing — and Tehran — agreed.",
    "Ended March 1\n\nShr 34 cts vs 27 cts", "Kyiv, Ukraine\nUkraine agreed.",
])
def test_a_lead_that_only_looks_like_a_header_is_left_alone(text):
    header = find_header(text)
    assert header.spans == () and header.date is None and blank_header(text) == text


def test_date_and_date_from_filename_fill_only_documents_without_a_date(tmp_path):
    plain = {"text": "Russia accused the United States of undermining the talks.\n"}
    dated = {"text": "Sochi, May 12, 2015 – Russia accused the United States.\n"}
    assert _read(tmp_path, plain).date is None
    assert _read(tmp_path, plain, date="2016-01-02").date == "2016-01-02"
    assert _read(tmp_path, plain, name="2015-05-12-sochi.txt", date_from_filename=True).date == "2015-05-12"
    assert _read(tmp_path, plain, name="20150512_x.txt", date_from_filename=True, date="2016-01-02").date \
        == "2015-05-12"
    assert _read(tmp_path, plain, name="notes-2015.txt", date_from_filename=True).date is None
    assert _read(tmp_path, dated, date="2016-01-02").date == "2015-05-12"  # the document's own date wins


@pytest.mark.parametrize("bad", ["12/05/2015", "2015-02-30", "May 2015", "yesterday"])
def test_a_bad_date_is_refused(tmp_path, bad):
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        _read(tmp_path, {"text": "Russia agreed.\n"}, date=bad)


def cli_runner(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "allegiance", *args], capture_output=True, env=env, timeout=600)


def test_cli_date_options(tmp_path):
    path = tmp_path / "20150512_sochi.txt"
    path.write_text("Russia accused the United States of undermining the talks.\n", encoding="utf-8")
    by_name = cli_runner("extract", str(path), "--date-from-filename", "--workers", "1")
    given = cli_runner("extract", str(path), "--date", "2016-01-02", "--workers", "1")
    assert by_name.returncode == 0 and given.returncode == 0
    assert {json.loads(line)["date"] for line in by_name.stdout.splitlines()} == {"2015-05-12"}
    assert {json.loads(line)["date"] for line in given.stdout.splitlines()} == {"2016-01-02"}
    bad = cli_runner("ingest", str(path), "--db", str(tmp_path / "x.db"), "--date", "12/05/2015")
    assert bad.returncode == 2
    assert bad.stderr.decode().strip().count("\n") == 0 and b"YYYY-MM-DD" in bad.stderr
