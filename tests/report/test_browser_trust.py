"""The trust views in a real headless Chromium: verdict, balance band, bloc timeline, camp moves,
sign changes with their evidence, culled labels shown on hover; no CSP violation."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from allegiance.report import render_report, report_data

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("allegiance_test_trust_eras", Path(__file__).parent / "test_trust.py")
_trust = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_trust)


def test_windows_bloc_timeline_and_sign_changes_render_without_csp_violations(browser, tmp_path):
    page = tmp_path / "eras.html"
    page.write_text(render_report(report_data(_trust.two_eras(), title="two eras")).html, encoding="utf-8")
    with browser.chromium() as driver:
        driver.get(page.as_uri())
        browser.wait_ready(driver)
        assert "Balance of the whole map:" in driver.find_element("id", "verdict").text
        assert "null samples" in driver.find_element("id", "verdict-reason").text
        # the balance line has its chance band
        assert driver.find_elements("css selector", "#balance-chart polygon.chance-band")
        # bloc membership over time: one row per actor, coloured cells where it sits in a bloc
        rows = driver.find_elements("css selector", "#bloc-timeline tbody tr")
        assert len(rows) >= 6
        cells = driver.find_elements("css selector", "#bloc-timeline td[data-bloc]")
        assert cells and all(c.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)" for c in cells)
        assert driver.find_elements("css selector", "#camp-moves tbody tr")
        # a sign change opens the sentences that show the new sign
        changes = driver.find_elements("css selector", "#sign-change-table tbody tr")
        assert changes
        changes[0].click()
        assert "turned" in browser.wait_for_text(driver, "evidence-title", "turned")
        items = driver.find_elements("css selector", "#evidence-list li")
        assert items
        # the blocs are explained where they are shown
        assert "A bloc is" in driver.find_element("id", "blocs").text
        driver.save_screenshot(str(tmp_path / "eras.png"))
        assert driver.execute_script("return window.__csp_violations") == []


def test_dense_map_hides_colliding_names_and_hover_shows_them(browser, tmp_path):
    data = report_data(_trust.two_eras(), balance_windows=False)
    for n in data.nodes[1:]:  # crowd every actor onto the first one
        n["x"], n["y"] = data.nodes[0]["x"] + 3, data.nodes[0]["y"] + 2
    from allegiance.report.trust import cull_labels

    cull_labels(data.nodes)
    page = tmp_path / "dense.html"
    page.write_text(render_report(data).html, encoding="utf-8")
    with browser.chromium() as driver:
        driver.get(page.as_uri())
        browser.wait_ready(driver)
        shown = driver.execute_script(
            "return window.allegianceCy.nodes().map(function (n) { return n.style('label'); });")
        assert sum(1 for s in shown if s) == 1
        hidden = driver.execute_script(
            "var n = window.allegianceCy.nodes().filter(function (n) { return !n.style('label'); })[0];"
            "n.emit('mouseover'); return [n.data('name'), n.style('label')];")
        assert hidden[0] and hidden[1] == hidden[0]
        assert driver.execute_script("return window.__csp_violations") == []
