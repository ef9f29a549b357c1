"""The report file in a real headless Chromium: renders, clicks through to evidence,
filters by time, and runs no hostile script. Screenshots go to the test's tmp folder."""

from __future__ import annotations

import pytest

from allegiance.report import write_report

pytestmark = pytest.mark.slow


def _edge_id(driver, a, b):
    return driver.execute_script(
        "var cy = window.allegianceCy, key = arguments[0]; var e = cy.edges().filter(function (e) {"
        " return [e.source().id(), e.target().id()].sort().join('|') === key; });"
        "return e.length ? e[0].id() : null;", "|".join(sorted((a, b))))


def test_report_renders_clicks_and_filters(browser, small_db, tmp_path):
    report = write_report(small_db, tmp_path / "report.html")
    with browser.chromium() as driver:
        driver.get((tmp_path / "report.html").as_uri())
        browser.wait_ready(driver)
        assert browser.visible_counts(driver) == (8, 11)
        assert driver.execute_script("return window.__csp_violations") == []
        driver.save_screenshot(str(tmp_path / "report.png"))

        # clicking the Labour-Unite tie (a component of its own) shows its sentence, highlighted
        edge = _edge_id(driver, "GBR-LAB", "GBR-UNITE")
        browser.click_edge(driver, edge)
        browser.wait_for_text(driver, "evidence-list", "Labour welcomed the backing of Unite.")
        items = driver.find_elements("css selector", "#evidence-list li")
        assert len(items) == 1
        assert "Labour welcomed the backing of Unite." in items[0].text
        marks = [m.text for m in items[0].find_elements("css selector", "mark")]
        assert marks == ["Labour", "Unite"]
        assert "Dispatch d8" in items[0].text
        driver.save_screenshot(str(tmp_path / "report-evidence.png"))

        # the time filter: only 1914 leaves the four declarations of war and Austria's support
        periods = driver.execute_script("return JSON.parse(document.getElementById('allegiance-data').textContent).timeline.periods.map(function (p) { return p.label; })")
        browser.set_range(driver, "time-from", periods.index("1914"))
        browser.set_range(driver, "time-to", periods.index("1914"))
        driver.find_element("id", "time-undated").click()
        nodes, edges = browser.visible_counts(driver)
        assert (nodes, edges) == (5, 5)
        # the view follows the filter, and the open evidence is redrawn under it
        assert driver.execute_script(
            "var cy = window.allegianceCy, x = cy.extent(); return cy.nodes(':visible').every(function (n) {"
            " var p = n.position(); return p.x >= x.x1 && p.x <= x.x2 && p.y >= x.y1 && p.y <= x.y2; });")
        assert "No sentence in the current filters." in driver.find_element("id", "evidence-hint").text
        driver.save_screenshot(str(tmp_path / "report-1914.png"))

        # the kind filter: dropping parties hides Labour-Unite
        driver.find_element("id", "reset").click()
        assert browser.visible_counts(driver) == (8, 11)
        driver.find_element("css selector", "input.kind[value=party]").click()
        assert browser.visible_counts(driver) == (6, 10)

        # search finds an actor and shows its evidence
        driver.find_element("id", "reset").click()
        driver.find_element("id", "search").send_keys("austria")
        driver.find_element("css selector", "#search-results button").click()
        assert "Austria-Hungary" in driver.find_element("id", "evidence-title").text
        assert len(driver.find_elements("css selector", "#evidence-list li")) == 3
        assert browser.no_hostile_effects(driver) == []
    assert report.ties == 11


def test_hostile_report_runs_no_script(browser, hostile_db, tmp_path):
    write_report(hostile_db, tmp_path / "hostile.html")
    with browser.chromium() as driver:
        driver.get((tmp_path / "hostile.html").as_uri())
        browser.wait_ready(driver)
        assert browser.visible_counts(driver) == (2, 1)
        edge = driver.execute_script("return window.allegianceCy.edges()[0].id()")
        browser.click_edge(driver, edge)
        text = browser.wait_for_text(driver, "evidence", "<script>window.__pwned=3</script>")
        # the hostile markup is shown as text, literally
        assert "<script>window.__pwned=3</script>" in text and "{{ 7*7 }}" in text
        assert "<img src=x onerror=\"window.__pwned=1\">Zorblax Front" in text
        assert driver.find_elements("css selector", "#evidence a") == []  # javascript: url is not a link
        assert driver.find_elements("css selector", "#evidence script, #evidence img") == []
        driver.find_element("id", "search").send_keys("Zorblax")
        assert "Zorblax" in browser.wait_for_text(driver, "search-results", "Zorblax")
        driver.save_screenshot(str(tmp_path / "hostile.png"))
        assert browser.no_hostile_effects(driver) == []
        assert driver.execute_script("return window.__csp_violations") == []
        assert "PWNED" not in driver.title
