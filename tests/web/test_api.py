"""The web app through FastAPI's test client: pages, JSON API, form, headers, limits."""

from __future__ import annotations

import pytest

pytest.importorskip("multipart", reason="the article form needs python-multipart (pip install python-multipart)")
from fastapi.testclient import TestClient  # noqa: E402

from allegiance.cli.serve import is_loopback  # noqa: E402
from allegiance.web import API_CSP, create_app  # noqa: E402


LOCAL = "http://127.0.0.1"  # the test client's default host, "testserver", is not an allowed host


@pytest.fixture()
def client(small_db):
    return TestClient(create_app(small_db, max_upload_bytes=5000), base_url=LOCAL)


def token(client) -> dict[str, str]:
    """The CSRF token field of a freshly served form."""
    import re

    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', client.get("/ingest").text).group(1)}


def test_index_is_the_report_with_its_csp(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'sha256-" in csp and "'unsafe-inline'" not in csp and "connect-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert 'id="allegiance-data"' in r.text and 'href="/ingest"' in r.text


def test_actors_paginated(client):
    r = client.get("/api/actors", params={"limit": 3})
    body = r.json()
    assert body["total"] == 8 and len(body["items"]) == 3 and body["next"].endswith("offset=3&limit=3")
    last = client.get("/api/actors", params={"limit": 3, "offset": 6}).json()
    assert len(last["items"]) == 2 and last["next"] is None
    assert client.get("/api/actors", params={"kind": "party"}).json()["total"] == 1
    assert [a["id"] for a in client.get("/api/actors", params={"q": "austria"}).json()["items"]] == ["AUT"]
    assert client.get("/api/actors", params={"kind": "planet"}).status_code == 422


def test_relations_filters(client):
    assert client.get("/api/relations").json()["total"] == 11
    assert client.get("/api/relations", params={"actor": "DEU"}).json()["total"] == 5
    assert client.get("/api/relations", params={"sign": -1}).json()["total"] == 5
    assert client.get("/api/relations", params={"since": "1914-01-01", "until": "1914-12-31"}).json()["total"] == 5
    page = client.get("/api/relations", params={"limit": 4, "offset": 8}).json()
    assert len(page["items"]) == 3 and page["next"] is None
    item = page["items"][0]
    assert {"doc_id", "source", "target", "sign", "type", "evidence", "id"} <= set(item)
    for bad in ({"sign": 0}, {"sign": 2}, {"since": "yesterday"}, {"limit": 0}, {"limit": 5000}, {"offset": -1}):
        assert client.get("/api/relations", params=bad).status_code == 422, bad


def test_graph_and_balance(client):
    g = client.get("/api/graph").json()
    assert len(g["nodes"]) == 8 and len(g["edges"]) == 11 and g["frustration"] == 1
    edge = next(e for e in g["edges"] if {e["source"], e["target"]} == {"GBR", "DEU"})
    assert edge["sign"] == -1 and edge["type"] == "fight" and edge["first_seen"] == "1914-08-04"
    assert {"bloc", "activity", "first_seen", "last_seen"} <= set(g["nodes"][0])
    g1914 = client.get("/api/graph", params={"since": "1914-01-01", "until": "1914-12-31"}).json()
    assert len(g1914["edges"]) == 5
    assert len(client.get("/api/graph", params=[("kind", "party"), ("kind", "union")]).json()["edges"]) == 1
    b = client.get("/api/balance", params={"window": "5y"}).json()
    assert b["edges"] == 11 and b["frustration"]["value"] == 1 and len(b["series"]) == 3
    assert client.get("/api/balance", params={"window": "5 years"}).status_code == 422


def test_documents(client):
    d = client.get("/api/documents/d5").json()
    assert d["title"] == "Dispatch d5" and len(d["relations"]) == 2 and "Vienna declared war" in d["text"]
    r = client.get("/api/documents/nope")
    assert r.status_code == 404 and r.headers["content-security-policy"] == API_CSP


def test_document_says_where_it_came_from(tmp_path):
    from allegiance.model import Document
    from allegiance.store import open_store

    db = tmp_path / "prov.db"
    with open_store(db) as s:
        s.write_batch([(Document.from_text("Britain formed an alliance with France.", id="p1", title="Pact",
                                           origin="articles/pact.txt"), None),
                       (Document.from_text("Germany declared war on France.", id="p2", source="Daily Example",
                                           url="https://example.org/war", origin="feed.jsonl:2"), None)])
    client = TestClient(create_app(db), base_url=LOCAL)
    d = client.get("/api/documents/p1").json()
    assert (d["title"], d["source"], d["url"], d["origin"]) == ("Pact", "articles/pact.txt", None,
                                                                  "articles/pact.txt")
    d = client.get("/api/documents/p2").json()
    assert (d["source"], d["url"], d["origin"]) == ("https://example.org/war", "https://example.org/war",
                                                     "feed.jsonl:2")


def test_rejected_form_keeps_what_was_pasted_escaped(client):
    import html
    import re

    text = 'Britain backs France.\n</textarea><script>alert(1)</script> & "more"'
    title = '"><img src=x onerror=alert(1)> Pact'
    r = client.post("/ingest", data={**token(client), "text": text, "title": title, "date": "04/09/1904"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    kept = re.search(r'<textarea id="text"[^>]*>\n?(.*?)</textarea>', r.text, re.S).group(1)
    assert html.unescape(kept) == text
    value = re.search(r'<input name="title" type="text" maxlength="500" value="([^"]*)"', r.text).group(1)
    assert html.unescape(value) == title
    assert 'value="04/09/1904"' in r.text  # the date too, to be corrected
    # an empty submission and a successful one come back with an empty form
    r = client.post("/ingest", data={**token(client), "text": "   ", "title": "Kept"})
    assert r.status_code == 400 and 'value="Kept"' in r.text


def test_openapi_documents_the_api_and_no_cdn_docs(client):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/actors", "/api/relations", "/api/graph", "/api/balance", "/api/documents/{doc_id}"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/relations"]["get"]["parameters"]}
    assert {"actor", "since", "until", "sign", "limit", "offset"} <= params
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


def test_no_file_serving_routes(client):
    for path in ("/static/../../etc/passwd", "/../etc/passwd", "/api/documents/..%2F..%2Fetc%2Fpasswd", "/etc/passwd"):
        r = client.get(path)
        assert r.status_code == 404 and "root:" not in r.text


def test_form_adds_relations_to_the_map(client, small_db):
    before = client.get("/api/status").json()["relations"]
    r = client.post("/ingest", data={**token(client), "text": "Britain formed an alliance with France.",
                                     "title": "Pact",
                                     "date": "1904-04-09"})
    assert r.status_code == 200
    assert "United Kingdom" in r.text and "France" in r.text and "added with" in r.text
    assert "style-src 'sha256-" in r.headers["content-security-policy"]
    assert client.get("/api/status").json()["relations"] > before
    # the same article again adds nothing
    r = client.post("/ingest", data={**token(client), "text": "Britain formed an alliance with France.",
                                     "title": "Pact",
                                     "date": "1904-04-09"})
    assert "already in the store" in r.text
    # and the map (rebuilt because the store changed) shows the new evidence
    assert "Britain formed an alliance with France." in client.get("/").text


def test_form_upload_and_limits(client):
    r = client.post("/ingest", data=token(client),
                    files={"file": ("a.txt", b"Moscow announced a joint raid with US forces.", "text/plain")})
    assert r.status_code == 200 and "United States" in r.text
    r = client.post("/ingest", data=token(client), files={"file": ("big.txt", b"word " * 2000, "text/plain")})
    assert r.status_code == 413 and "larger than 5 kB" in r.text
    r = client.post("/ingest", data={**token(client), "text": "   "})
    assert r.status_code == 400 and "Paste an article" in r.text
    r = client.post("/ingest", data={**token(client), "text": "Britain backs France.", "date": "04/09/1904"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text
    r = client.post("/ingest", data={**token(client), "text": "word " * 2000})
    assert r.status_code == 413
    # a body far over the limit is refused before it is parsed
    r = client.post("/ingest", content=b"x" * 200_000, headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and "too large" in r.json()["detail"]


def test_form_is_escaped(client):
    r = client.post("/ingest", data={**token(client),
                                     "text": "Britain <script>window.__pwned=1</script> backed France {{ 7*7 }}.",
                                     "title": "<img src=x onerror=alert(1)>"})
    assert r.status_code == 200
    assert "<script>window.__pwned" not in r.text and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in r.text
    assert "<img src=x" not in r.text and "{{ 7*7 }}" in r.text


def test_store_errors_are_one_line(tmp_path):
    folder = tmp_path / "not-a-store.db"
    folder.write_text("this is not sqlite")
    client = TestClient(create_app(folder), raise_server_exceptions=False, base_url=LOCAL)
    r = client.get("/api/status")
    assert r.status_code == 503 and "detail" in r.json()


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


def test_cli_serve_defaults_to_loopback_and_warns_otherwise(small_db, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from allegiance.cli import app

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: calls.append(kw))
    r = CliRunner().invoke(app, ["serve", "--db", str(small_db)])
    assert r.exit_code == 0 and calls[-1]["host"] == "127.0.0.1" and "warning" not in r.output
    r = CliRunner().invoke(app, ["serve", "--db", str(small_db), "--host", "0.0.0.0", "--port", "9"])
    assert r.exit_code == 0 and calls[-1] == {"host": "0.0.0.0", "port": 9, "log_level": "warning"}
    assert "warning" in r.output and "no login" in r.output
    r = CliRunner().invoke(app, ["serve", "--db", str(small_db) + ".missing"])
    assert r.exit_code == 1 and "no store at" in r.output and len(calls) == 2


def test_relations_and_evidence_of_one_tie(client):
    both = client.get("/api/relations", params={"actor": "GBR-LAB", "other": "GBR-UNITE"}).json()
    assert both["total"] == len(both["items"]) >= 1
    assert all({r["source"]["id"], r["target"]["id"]} == {"GBR-LAB", "GBR-UNITE"}
               for r in both["items"])
    assert client.get("/api/relations", params={"other": "GBR-UNITE"}).status_code == 400
    ev = client.get("/api/evidence", params={"actor": "GBR-UNITE", "other": "GBR-LAB", "limit": 1}).json()
    assert ev["items"][0]["sentence"] == "Labour welcomed the backing of Unite."
    assert set(ev["documents"]) == {ev["items"][0]["doc"]} and ev["items"][0]["marks"]
    assert client.get("/api/evidence").status_code == 422  # an actor is required
