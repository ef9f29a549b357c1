"""``allegiance demo``: the whole pipeline on the bundled corpus, report included."""

from __future__ import annotations

import json


def test_demo_ingests_extracts_summarises_and_writes_the_report(cli, tmp_path):
    out = tmp_path / "demo"
    result = cli("demo", "--out", str(out), "--json", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    assert summary["documents"] >= 40
    assert summary["relations"] > 50 and summary["actors"] > 30
    assert summary["strongest_alliances"] and summary["strongest_rivalries"]
    assert all(row["score"] > 0 for row in summary["strongest_alliances"])
    assert all(row["score"] < 0 for row in summary["strongest_rivalries"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and "https://" not in html.split("<body", 1)[0]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == summary
    # a second run starts from a fresh store: same counts
    again = json.loads(cli("demo", "--out", str(out), "--json", "--quiet").stdout)
    assert again["documents"] == summary["documents"] and again["relations"] == summary["relations"]
