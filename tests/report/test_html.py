"""The offline HTML report: self-contained, CSP-locked, data embedded inertly."""

from __future__ import annotations

import hashlib
import json
import re

from typer.testing import CliRunner

from allegiance.cli import app
from allegiance.report import csp_hash, render_report, report_data, static_text, write_report
from allegiance.report.html import CYTOSCAPE_STYLE

_BLOCK = re.compile(r"<(script|style)([^>]*)>(.*?)</\1>", re.S)


def _blocks(html):
    return [(tag, attrs, body) for tag, attrs, body in _BLOCK.findall(html)]


def _data(html):
    for tag, attrs, body in _blocks(html):
        if 'type="application/json"' in attrs:
            return json.loads(body)
    raise AssertionError("no data block")


def test_self_contained_no_remote_loads(small_db, tmp_path):
    result = write_report(small_db, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert result.actors == 8 and result.bytes == len(html.encode())
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=", html)  # nothing fetched
    css = [body for tag, _a, body in _blocks(html) if tag == "style"][0]
    assert "url(" not in css and "@import" not in css
    assert _data(html)["meta"]["ties"] == 11


def test_csp_allows_exactly_the_embedded_blocks(small_db, tmp_path):
    page = render_report(report_data([]))
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page.html).group(1)
    assert meta.replace("&#39;", "'") == page.csp
    executable = [body for tag, attrs, body in _blocks(page.html) if tag == "script" and "application/json" not in attrs]
    styles = [body for tag, attrs, body in _blocks(page.html) if tag == "style"]
    assert len(executable) == 2 and len(styles) == 1
    script_src = re.search(r"script-src ([^;]+)", page.csp).group(1).split()
    assert sorted(script_src) == sorted(csp_hash(b) for b in executable)
    assert "'unsafe-inline'" not in page.csp and "'unsafe-eval'" not in page.csp
    assert csp_hash(CYTOSCAPE_STYLE) in page.csp and csp_hash(styles[0]) in page.csp
    assert "default-src 'none'" in page.csp and "connect-src 'none'" in page.csp


def test_no_inner_html_in_our_script():
    app_js = static_text("report.js")
    assert "innerHTML" not in app_js and "insertAdjacentHTML" not in app_js and "eval(" not in app_js
    assert "JSON.parse(document.getElementById(\"allegiance-data\").textContent)" in app_js


def test_vendored_library_matches_recorded_checksum():
    lib = static_text("cytoscape.min.js")
    recorded = re.search(r"`([0-9a-f]{64})`", static_text("VENDORED.txt")).group(1)
    assert hashlib.sha256(lib.encode("utf-8")).hexdigest() == recorded
    assert "MIT" in static_text("VENDORED.txt") and "Permission is hereby granted" in static_text("cytoscape.LICENSE.txt")


def test_hostile_text_is_embedded_inert(hostile_db, tmp_path):
    write_report(hostile_db, tmp_path / "h.html")
    html = (tmp_path / "h.html").read_text(encoding="utf-8")
    # the only raw "<script" tags are our three blocks; hostile ones are \u003c-escaped JSON
    assert html.count("<script") == 3
    assert "onerror" not in html.replace("\\u003cimg src=x onerror", "")
    assert "{{" not in html.split('id="allegiance-data">')[0]  # template syntax never rendered by us
    data = _data(html)
    names = {n["name"] for n in data["nodes"]}
    assert '<img src=x onerror="window.__pwned=1">Zorblax Front' in names
    assert any("<script>window.__pwned=3</script>" in r["sentence"] for r in data["relations"])
    assert data["documents"]["hostile-1"]["url"] == "javascript:window.__pwned=8"  # kept as data, never a link
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert "<" not in title


def test_hostile_report_title_is_escaped(tmp_path):
    page = render_report(report_data([], title="<script>alert(1)</script>{{ 7*7 }}"))
    assert "<script>alert(1)" not in page.html and "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in page.html


def test_cli_report(small_db, tmp_path):
    out = tmp_path / "sub" / "report.html"
    r = CliRunner().invoke(app, ["report", "--db", str(small_db), "--out", str(out), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["ties"] == 11 and out.is_file()
    assert not list(out.parent.glob(".report.html.*"))  # no temp file left behind


def test_cli_report_bad_inputs(tmp_path):
    r = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "missing.db"), "--out", str(tmp_path / "r.html")])
    assert r.exit_code == 1 and "no store at" in r.output and not (tmp_path / "r.html").exists()
    r = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "missing.db"), "--out", str(tmp_path)])
    assert r.exit_code == 1


def test_offline_report_of_a_large_store_is_capped_with_a_note(small_db, tmp_path):
    # a store past max_relations: the strongest max_pairs ties, no relation embedded, a note saying so
    result = write_report(small_db, tmp_path / "r.html", max_relations=5, max_pairs=4)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    data = _data(html)
    assert data["relations"] == [] and len(data["edges"]) == result.ties == 4
    assert data["meta"]["summary"]["pairs"] == 11 and data["meta"]["summary"]["pairs_left_out"] == 7
    assert data["meta"]["evidence_api"] is None and re.search(r"connect-src (&#39;|')none", html)
    assert "7 ties with" in html and "allegiance serve" in html
    weights = [e["weight"] for e in data["tables"]["alliances"] + data["tables"]["rivalries"]]
    assert min(weights, default=1) > 0
