"""Hostile requests to the web app (issue 16): surrogates, gzip bombs, bodies without end,
other hosts and other sites, a store too large to read per request, ids with slashes."""

from __future__ import annotations

import asyncio
import gzip
import importlib.util
import json
import re
import tracemalloc
import zlib
from pathlib import Path

import pytest

pytest.importorskip("multipart", reason="the article form needs python-multipart (pip install python-multipart)")
from fastapi.testclient import TestClient  # noqa: E402

from allegiance.store import open_store  # noqa: E402
from allegiance.web import create_app  # noqa: E402

LOCAL = "http://127.0.0.1"
_BENCH = Path(__file__).parent.parent.parent / "benchmarks" / "web_load.py"


def _web_load():
    spec = importlib.util.spec_from_file_location("allegiance_bench_web_load", _BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def token(client) -> dict[str, str]:
    """The CSRF field of a freshly served form (none on a server that has no token)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/ingest").text)
    return {"csrf_token": found.group(1)} if found else {}


@pytest.fixture()
def no_nlp(monkeypatch):
    """Extraction replaced by "no relations": these tests are about the web border, not the NLP."""
    import allegiance.relations as relations

    monkeypatch.setattr(relations, "build_pipeline", lambda **_kw: object())
    monkeypatch.setattr(relations, "extract_relations", lambda docs, **_kw: ((d, []) for d in docs))
    import allegiance.run.worker as executor  # the form ingests through the CLI's runner (its worker side)

    monkeypatch.setattr(executor, "extraction_outcomes", lambda docs, **_kw: ((d, []) for d in docs))


def stored_texts(db) -> list[str]:
    with open_store(db) as store:
        return [d.text for d in store.iter_documents()]


# ------------------------------------------------------------------ finding 3: lone surrogates


def test_upload_with_a_lone_surrogate_stores_the_valid_sibling(small_db):
    client = TestClient(create_app(small_db, max_upload_bytes=5000), base_url=LOCAL, raise_server_exceptions=False)
    body = ('{"title": "bad \\ud800 title", "text": "Britain formed an alliance with France \\udfff today."}\n'
            '{"text": "Moscow announced a joint raid with US forces."}\n').encode()
    r = client.post("/ingest", data=token(client), files={"file": ("two.jsonl", body, "application/json")})
    assert r.status_code in (200, 400), r.text[:300]
    texts = stored_texts(small_db)
    assert "Moscow announced a joint raid with US forces." in texts
    # the bad record is stored with U+FFFD (offsets kept) or reported with a line
    assert "Britain formed an alliance with France \ufffd today." in texts or "surrogate" in r.text
    assert client.get("/api/status").status_code == 200


# ------------------------------------------------------------------ finding 9: bombs and endless bodies


def gzip_bomb(decompressed_mb: int, *, nested: bool = False) -> bytes:
    """A gzip member of ``decompressed_mb`` MB of words, built in steps (small on disk and in memory)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"word " * (1 << 18)  # 1.25 MB
    parts = [packer.compress(block) for _ in range(decompressed_mb * 4 // 5)]
    data = b"".join(parts) + packer.flush()
    return gzip.compress(data) if nested else data


@pytest.mark.parametrize("nested", [False, True], ids=["gzip", "gzip-in-gzip"])
def test_gzip_bomb_is_refused_without_inflating_it(small_db, no_nlp, nested):
    bomb = gzip_bomb(300, nested=nested)
    assert len(bomb) < 500_000  # under the 1 MB form limit, as in the report (443 kB)
    client = TestClient(create_app(small_db), base_url=LOCAL, raise_server_exceptions=False)
    fields = token(client)
    before = stored_texts(small_db)
    tracemalloc.start()
    try:
        r = client.post("/ingest", data=fields, files={"file": ("bomb.txt.gz", bomb, "application/gzip")})
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.status_code in (400, 413), r.status_code
    assert ("gzip inside gzip" if nested else "decompresses to more than") in r.text
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB allocated while refusing the bomb"
    assert stored_texts(small_db) == before


def test_gzip_upload_within_the_limit_is_read(small_db, no_nlp):
    client = TestClient(create_app(small_db, max_upload_bytes=5000), base_url=LOCAL)
    packed = gzip.compress(b"Moscow announced a joint raid with US forces.")
    r = client.post("/ingest", data=token(client), files={"file": ("a.txt.gz", packed, "application/gzip")})
    assert r.status_code == 200 and "Moscow announced a joint raid with US forces." in stored_texts(small_db)


def _endless_multipart(app, *, chunk: int, chunks: int) -> tuple[int, int]:
    """POST a chunked multipart body (no Content-Length) straight to the ASGI app: (status, bytes pulled)."""
    boundary = "xyzzy"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    pulled = 0
    sent = 0
    status: list[int] = []

    async def receive():
        nonlocal pulled, sent
        body = head if sent == 0 else b"word " * (chunk // 5)
        sent += 1
        pulled += len(body)
        return {"type": "http.request", "body": body, "more_body": sent < chunks}

    async def send(message):
        if message["type"] == "http.response.start":
            status.append(message["status"])

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/ingest", "raw_path": b"/ingest", "query_string": b"", "root_path": "",
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
             "headers": [(b"host", b"127.0.0.1:8000"), (b"transfer-encoding", b"chunked"),
                         (b"content-type", f"multipart/form-data; boundary={boundary}".encode())]}
    asyncio.run(app(scope, receive, send))
    return status[0], pulled


def test_chunked_upload_is_cut_off_at_the_total_cap(small_db, no_nlp):
    app = create_app(small_db, max_upload_bytes=5000)
    status, pulled = _endless_multipart(app, chunk=64 * 1024, chunks=400)  # 25 MB offered
    assert status == 413
    assert pulled <= app.state.config.max_request_bytes + 64 * 1024


# ------------------------------------------------------------------ finding 10: no full scan per request


@pytest.fixture(scope="module")
def many_relations(tmp_path_factory) -> Path:
    return _web_load().write_synthetic_store(tmp_path_factory.mktemp("many") / "many.db", 300, per_document=10)


def test_relations_page_reads_only_its_rows(many_relations, monkeypatch):
    from allegiance.store.backend import SQLiteDatabase

    rows_read = []
    real_query = SQLiteDatabase.query

    def counting_query(self, sql, params=()):
        rows = real_query(self, sql, params)
        rows_read.append(len(rows))
        return rows

    client = TestClient(create_app(many_relations), base_url=LOCAL)
    client.get("/api/status")  # open the store first
    monkeypatch.setattr(SQLiteDatabase, "query", counting_query)
    body = client.get("/api/relations", params={"limit": 5}).json()
    assert body["total"] == 300 and len(body["items"]) == 5
    assert sum(rows_read) <= 20, f"{sum(rows_read)} rows read for a page of 5"
    rows_read.clear()
    deep = client.get("/api/relations", params={"limit": 5, "offset": 250}).json()
    assert len(deep["items"]) == 5 and sum(rows_read) <= 20


def test_relations_cursor_walks_every_relation_once(many_relations):
    client = TestClient(create_app(many_relations), base_url=LOCAL)
    seen, url, pages = [], "/api/relations?limit=64&sign=-1", 0
    while url:
        body = client.get(url).json()
        seen.extend(item["id"] for item in body["items"])
        url, pages = body["next"], pages + 1
    total = client.get("/api/relations", params={"sign": -1, "limit": 1}).json()["total"]
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 64)
    with open_store(many_relations) as store:
        assert total == sum(1 for _ in store.iter_relations(sign=-1))


def test_relation_count_uses_an_index(many_relations):
    from allegiance.store.pages import RelationFilter

    with open_store(many_relations) as store:
        for where in (RelationFilter(), RelationFilter(actor="A001")):
            plan = " ".join(str(row[-1]) for row in store._conn.query(
                f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM relations r WHERE {where.where()}", where.params))
            assert "INDEX" in plan, plan


# ------------------------------------------------------------------ finding 12: hosts and other sites


def test_other_hosts_are_refused(small_db):
    client = TestClient(create_app(small_db))
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
        for path in ("/api/relations", "/"):
            r = client.get(path, headers={"host": host})
            assert r.status_code == 400 and "allowed-host" in r.json()["detail"], host
            assert "Dispatch" not in r.text and "GBR" not in r.text
    for host in ("127.0.0.1:8000", "localhost", "[::1]:8000", "LOCALHOST."):
        assert client.get("/api/status", headers={"host": host}).status_code == 200, host


def test_allowed_hosts_are_configurable(small_db):
    client = TestClient(create_app(small_db, allowed_hosts=["archive.lan"]))
    assert client.get("/api/status", headers={"host": "archive.lan:8000"}).status_code == 200
    assert client.get("/api/status", headers={"host": "evil.example"}).status_code == 400
    assert TestClient(create_app(small_db, allowed_hosts=["*"])).get("/api/status").status_code == 200


def test_serve_allows_the_bound_host_and_allowed_hosts(small_db, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from allegiance.cli import app

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: served.append(web))
    r = CliRunner().invoke(app, ["serve", "--db", str(small_db), "--host", "192.168.1.4",
                                 "--allowed-host", "archive.lan", "--allowed-host", "atlas.lan"])
    assert r.exit_code == 0, r.output
    hosts = served[-1].state.config.allowed_hosts
    assert {"127.0.0.1", "localhost", "::1", "192.168.1.4", "archive.lan", "atlas.lan"} == set(hosts)


def test_cross_site_posts_are_refused_and_store_nothing(small_db, no_nlp):
    client = TestClient(create_app(small_db), base_url=LOCAL)
    before = stored_texts(small_db)
    article = {"text": "Britain formed an alliance with France."}
    attempts = [
        ({}, {"origin": "http://evil.example"}),  # a cross-site form
        ({}, {}),  # no token (curl, an old form)
        ({"csrf_token": "1700000000.00ff"}, {}),  # forged token
        (token(client), {"origin": "null", "sec-fetch-site": "cross-site"}),  # a sandboxed frame
        (token(client), {"sec-fetch-site": "same-site"}),  # another port or subdomain
        (token(client), {"origin": "http://localhost.evil.example:8000"}),
    ]
    for fields, headers in attempts:
        r = client.post("/ingest", data={**article, **fields}, headers=headers)
        assert r.status_code == 403, (fields, headers, r.status_code)
    assert stored_texts(small_db) == before
    r = client.post("/ingest", data={**article, **token(client)},
                    headers={"origin": LOCAL + ":8000", "sec-fetch-site": "same-origin"})
    assert r.status_code == 200 and article["text"] in stored_texts(small_db)
    # what a browser sends for the page's own form under Referrer-Policy: no-referrer
    r = client.post("/ingest", data={"text": "Moscow announced a joint raid with US forces.", **token(client)},
                    headers={"origin": "null", "sec-fetch-site": "same-origin"})
    assert r.status_code == 200


# ------------------------------------------------------------------ finding 14b: ids with a slash


def test_documents_with_a_slash_in_their_id_are_routable(many_relations):
    client = TestClient(create_app(many_relations), base_url=LOCAL)
    for path in ("/api/documents/doc/7", "/api/documents/doc%2F7"):
        r = client.get(path)
        assert r.status_code == 200, path
        body = r.json()
        assert body["id"] == "doc/7" and len(body["relations"]) == 10
    assert client.get("/api/documents/doc/7/more").status_code == 404
    assert json.loads(client.get("/api/openapi.json").text)["paths"].get("/api/documents/{doc_id}")


def test_cached_relation_count_follows_new_relations(small_db):
    client = TestClient(create_app(small_db), base_url=LOCAL)
    assert client.get("/api/relations", params={"sign": 1}).json()["total"] == 6
    with open_store(small_db) as store:  # another writer (an ingest) adds a relation
        doc = next(store.iter_documents())
        rel = next(store.iter_relations(doc_id=doc.id, sign=1))
        from dataclasses import replace

        from allegiance.model import Evidence
        store.write_batch([(doc, [replace(rel, evidence=Evidence(rel.evidence.sentence, 10_000, 10_050))])])
    assert client.get("/api/relations", params={"sign": 1}).json()["total"] == 7
