"""The demo report analyses 1914-2020 in windows: no bloc mixes the world wars with the Cold War."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory, nlp_model):
    from allegiance.demo.run import run_demo

    summary = run_demo(tmp_path_factory.mktemp("demo"))
    page = open(summary.report, encoding="utf-8").read()
    raw = re.search(r'<script type="application/json" id="allegiance-data">(.*?)</script>', page, re.S).group(1)
    return page, json.loads(raw)


def _years(label: str) -> tuple[int, int]:
    a, b = label.split("..")
    return dt.date.fromisoformat(a).year, dt.date.fromisoformat(b).year


@pytest.mark.slow
def test_demo_report_shows_windows_bloc_timeline_and_sign_changes(demo_report):
    page, data = demo_report
    w = data["timeline"]["windows"]
    assert w is not None and len(w["windows"]) >= 10
    assert any(x["blocs"] for x in w["windows"])
    assert w["sign_changes"] and all(c["evidence"] for c in w["sign_changes"])
    assert data["tables"]["significance"]["verdict"]
    for anchor in ('id="bloc-timeline"', 'id="moves"', 'id="sign-changes"', 'id="verdict"'):
        assert anchor in page


@pytest.mark.slow
def test_no_demo_bloc_mixes_the_first_world_war_with_the_cold_war(demo_report):
    _page, data = demo_report
    rows = [r for r in data["tables"]["blocs"] if r["window"] != "undated"]
    assert rows
    for r in rows:
        start, end = _years(r["window"])
        assert end - start < 10, r["window"]
        assert not (start <= 1918 and end >= 1947), r["window"]
        members = {m[1] for m in r["members"]}
        # the pooled map put the Anti-Comintern Pact with France and Serbia
        assert not ("ANTICOMINTERN" in members and members & {"FRA", "SRB"}), r
    wwi = [{m[1] for m in r["members"]} for r in rows if _years(r["window"])[0] == 1914]  # the war years
    assert any({"FRA", "GBR"} <= g for g in wwi)
    assert not any({"GBR", "DEU"} <= g for g in wwi)
