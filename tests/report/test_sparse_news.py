"""Twelve real news articles make a sparse map: the verdict is "too little data", not "100% balanced"."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow


def test_twelve_wikinews_articles_give_too_little_data(shared_dir, nlp_model, tmp_path):
    from typer.testing import CliRunner

    import allegiance.cli.balance  # noqa: F401  (registers the command)
    from allegiance.cli.app import app
    from allegiance.pipeline import ingest_into_store
    from allegiance.report import report_data_from_store, render_report
    from allegiance.store import open_store

    corpus = shared_dir / "data" / "corpora" / "wikinews"
    if not (corpus / "docs.jsonl").exists():
        pytest.skip("the Wikinews corpus is not available")
    ids = set((corpus / "politics_ids.txt").read_text().split())
    docs = [json.loads(line) for line in (corpus / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    chosen = sorted((d for d in docs if d["id"] in ids and d["date"].startswith("2019")), key=lambda d: d["id"])[:12]
    assert len(chosen) == 12
    src = tmp_path / "twelve.jsonl"
    src.write_text("".join(json.dumps({k: d[k] for k in ("id", "title", "date", "text")}) + "\n" for d in chosen))
    db = tmp_path / "twelve.db"
    with open_store(db) as store:
        ingest_into_store([src], store)
        data = report_data_from_store(store)
    assert data.meta["balance"]["verdict"] == "too little data to say"
    assert "too little data to say" in render_report(data).html
    r = CliRunner().invoke(app, ["balance", "--db", str(db), "--json", "--samples", "20"])
    out = json.loads(r.stdout)
    assert out["significance"]["verdict"] == "too little data to say"
    assert out["significance"]["reason"]  # the numbers behind it are printed
