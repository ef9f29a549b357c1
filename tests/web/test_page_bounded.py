"""The map page of a large store is bounded: aggregated ties only, no relation read into Python
(issue 16, finding 10); the evidence of a tie comes from ``/api/evidence`` page by page."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import allegiance.store.pages as store_pages
import allegiance.store.reader as store_reader
import allegiance.store.rows as store_rows
from allegiance.web import create_app

pytestmark = pytest.mark.slow

_BENCHMARK = Path(__file__).parent.parent.parent / "benchmarks" / "web_load.py"
RELATIONS = 20_000
MAX_PAIRS = 300


@pytest.fixture(scope="module")
def large_db(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("allegiance_bench_web_load", _BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_synthetic_store(tmp_path_factory.mktemp("large") / "large.db", RELATIONS)


@pytest.fixture()
def rows_read(monkeypatch) -> list[int]:
    """Counts every stored relation turned into a Python object (the store's row reader)."""
    seen = [0]
    original = store_rows._relation

    def counting(row):
        seen[0] += 1
        return original(row)

    monkeypatch.setattr(store_reader, "_relation", counting)  # Store.iter_relations
    monkeypatch.setattr(store_pages, "_relation", counting)
    return seen


def _page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="allegiance-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_page_of_a_large_store_is_bounded(large_db, rows_read):
    app = create_app(large_db, report_options={"max_pairs": MAX_PAIRS, "time_limit": 1.0})
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/")
    assert page.status_code == 200
    # every relation embedded was ~9 MB for 20,000 relations; 300 ties and the scripts are < 1 MB
    assert len(page.content) < 1_000_000
    assert rows_read[0] == 0  # aggregated in SQL: not one relation read into Python
    data = _page_data(page.text)
    assert data["relations"] == [] and len(data["edges"]) == MAX_PAIRS
    summary = data["meta"]["summary"]
    assert summary["pairs_shown"] == MAX_PAIRS and summary["pairs_left_out"] == summary["pairs"] - MAX_PAIRS > 0
    assert data["meta"]["relations"] == RELATIONS and summary["relations_left_out"] > 0
    assert "ties with" in page.text and "left out" in page.text  # the note on the page
    assert sum(p["positive"] + p["negative"] for p in data["timeline"]["periods"]) == RELATIONS
    assert data["meta"]["evidence_api"] == "/api/evidence"

    # the strongest tie's evidence, fetched as the page does: every relation of the pair, by cursor
    edge = data["edges"][0]
    url, items, pages = f"/api/evidence?actor={edge['source']}&other={edge['target']}&limit=2", [], 0
    while url:
        pages += 1
        body = client.get(url).json()
        items += body["items"]
        assert set(body["documents"]) == {r["doc"] for r in body["items"]}
        url = body["next"]
    assert len(items) == edge["count"] >= 2
    assert {frozenset((r["source"], r["target"])) for r in items} == {frozenset((edge["source"], edge["target"]))}
    assert rows_read[0] <= edge["count"] + pages  # only the rows asked for (and one look-ahead a page)

