"""The API of the trust analysis: verdicts and balance over time."""

from __future__ import annotations

from fastapi.testclient import TestClient

from allegiance.web.app import create_app


def test_significance_route_gives_a_verdict_and_the_numbers_behind_it(small_db):
    client = TestClient(create_app(small_db), base_url="http://127.0.0.1")
    r = client.get("/api/significance", params={"samples": 10})
    assert r.status_code == 200
    body = r.json()
    assert body["significance"]["verdict"] == "too little data to say"
    assert body["significance"]["data"]["edges"] == 11 and body["significance"]["samples"] == 10
    assert {"components", "bloc_meaning", "camps_vs_blocs"} <= set(body)
    assert client.get("/api/significance", params={"samples": 100000}).status_code == 422


def test_windows_route_follows_blocs_and_sign_changes(small_db):
    client = TestClient(create_app(small_db), base_url="http://127.0.0.1")
    body = client.get("/api/windows", params={"samples": 5}).json()
    assert body["window"] == "1y" and len(body["windows"]) >= 10
    assert all("verdict" in w and "blocs" in w for w in body["windows"])
    custom = client.get("/api/windows", params={"window": "4y", "step": "2y", "samples": 5}).json()
    assert custom["window"] == "4y" and custom["windows"][0]["label"].startswith("1904-01-01")
    assert client.get("/api/windows", params={"window": "four"}).status_code == 422
