"""The running web app in a real headless Chromium: the live map, evidence on click, the time
filter, the form adding an article to the map, and hostile input staying inert."""

from __future__ import annotations


import pytest

pytest.importorskip("multipart", reason="the article form needs python-multipart (pip install python-multipart)")

pytestmark = pytest.mark.slow


def _edge(driver, a, b):
    return driver.execute_script(
        "var key = arguments[0]; var e = window.allegianceCy.edges().filter(function (e) {"
        " return [e.source().id(), e.target().id()].sort().join('|') === key; }); return e.length ? e[0].id() : null;",
        "|".join(sorted((a, b))))


def test_live_map_form_and_filters(browser, serve, small_db, tmp_path):
    with serve(small_db, log=tmp_path / "server.log") as base, browser.chromium() as driver:
        driver.get(base + "/")
        browser.wait_ready(driver)
        assert browser.visible_counts(driver) == (8, 11)
        assert driver.execute_script("return window.__csp_violations") == []
        driver.save_screenshot(str(tmp_path / "web-map.png"))

        browser.click_edge(driver, _edge(driver, "GBR-LAB", "GBR-UNITE"))
        assert "Labour welcomed the backing of Unite." in browser.wait_for_text(driver, "evidence-list", "Labour welcomed")

        periods = driver.execute_script(
            "return JSON.parse(document.getElementById('allegiance-data').textContent).timeline.periods"
            ".map(function (p) { return p.label; })")
        browser.set_range(driver, "time-to", periods.index("1907"))
        assert browser.visible_counts(driver) == (5, 3)  # Entente Cordiale, Anglo-Russian agreement, Labour-Unite
        driver.save_screenshot(str(tmp_path / "web-map-to-1907.png"))

        # paste an article in the form: its relations are shown at once and join the map
        driver.get(base + "/ingest")
        driver.find_element("id", "text").send_keys("Moscow announced a joint narcotics raid with US forces.")
        driver.find_element("name", "date").send_keys("2010-11-18")
        driver.find_element("id", "submit").click()
        # the server parses the article before it answers (the first time it also loads the model)
        results = browser.wait_for_id(driver, "results").text
        assert "Russia" in results and "United States" in results and "added with" in results
        driver.save_screenshot(str(tmp_path / "web-form-result.png"))
        driver.find_element("id", "to-map").click()
        browser.wait_ready(driver)
        assert browser.visible_counts(driver) == (9, 12)
        browser.click_edge(driver, _edge(driver, "RUS", "USA"))
        assert "joint narcotics raid" in browser.wait_for_text(driver, "evidence-list", "joint narcotics raid")
        assert browser.no_hostile_effects(driver) == []


def test_hostile_input_served_inert(browser, serve, hostile_inputs, store_fixtures, tmp_path):
    db, actors = hostile_inputs
    with serve(db, "--actors", str(actors), log=tmp_path / "server.log") as base, browser.chromium() as driver:
        driver.get(base + "/")
        browser.wait_ready(driver)
        assert browser.visible_counts(driver) == (2, 1)
        browser.click_edge(driver, driver.execute_script("return window.allegianceCy.edges()[0].id()"))
        text = browser.wait_for_text(driver, "evidence", "<script>window.__pwned=3</script>")
        assert "<script>window.__pwned=3</script>" in text and "{{ 7*7 }}" in text
        assert driver.find_elements("css selector", "#evidence a, #evidence script, #evidence img") == []
        driver.save_screenshot(str(tmp_path / "web-hostile-map.png"))
        assert browser.no_hostile_effects(driver) == []

        # the hostile text again through the form (new wording, so a new document)
        driver.get(base + "/ingest")
        hostile = store_fixtures.HOSTILE_TEXT.replace("Later", "Then")
        driver.execute_script("document.getElementById('text').value = arguments[0];", hostile)
        driver.find_element("name", "title").send_keys("<img src=x onerror=\"window.__pwned=9\">")
        driver.find_element("id", "submit").click()
        results = browser.wait_for_id(driver, "results")
        assert "<script>window.__pwned=3</script>" in results.text
        assert "Zorblax Front" in results.text and "{{ 7*7 }}" in results.text
        assert driver.find_elements("css selector", "#results script, #results img") == []
        driver.save_screenshot(str(tmp_path / "web-hostile-form.png"))
        assert browser.no_hostile_effects(driver) == []

        driver.get(base + "/api/documents/hostile-1")
        assert "window.__pwned=3" in driver.find_element("tag name", "body").text
        assert browser.no_hostile_effects(driver) == []

        driver.get(base + "/")
        browser.wait_ready(driver)
        assert browser.no_hostile_effects(driver) == []
        assert driver.execute_script("return window.__csp_violations") == []
        assert "PWNED" not in driver.title


def test_summary_page_loads_evidence_through_the_api(browser, serve, small_db, hostile_inputs, tmp_path):
    """A store past --embed-max-relations: the page holds aggregated ties, a click fetches the sentences."""
    with serve(small_db, "--embed-max-relations", "0", log=tmp_path / "server.log") as base, \
            browser.chromium() as driver:
        driver.get(base + "/")
        browser.wait_ready(driver)
        data = driver.execute_script("return JSON.parse(document.getElementById('allegiance-data').textContent)")
        assert data["relations"] == [] and data["meta"]["summary"]["pairs_left_out"] == 0
        assert browser.visible_counts(driver) == (8, 11)
        driver.execute_script(
            "window.__fetched = []; var f = window.fetch;"
            "window.fetch = function (u, o) { window.__fetched.push(String(u)); return f.call(window, u, o); };")
        browser.click_edge(driver, _edge(driver, "GBR-LAB", "GBR-UNITE"))
        assert "Labour welcomed the backing of Unite." in browser.wait_for_text(driver, "evidence-list", "Labour welcomed")
        fetched = driver.execute_script("return window.__fetched")
        assert len(fetched) == 1 and fetched[0].startswith("/api/evidence?actor=")
        assert "1 sentence" in driver.find_element("id", "evidence-hint").text
        assert driver.execute_script("return window.__csp_violations") == []

    db, actors = hostile_inputs  # hostile evidence fetched at run time stays text
    with serve(db, "--actors", str(actors), "--embed-max-relations", "0", log=tmp_path / "hostile.log") as base, \
            browser.chromium() as driver:
        driver.get(base + "/")
        browser.wait_ready(driver)
        browser.click_edge(driver, driver.execute_script("return window.allegianceCy.edges()[0].id()"))
        text = browser.wait_for_text(driver, "evidence", "<script>window.__pwned=3</script>")
        assert "<script>window.__pwned=3</script>" in text and "{{ 7*7 }}" in text
        assert driver.find_elements("css selector", "#evidence a, #evidence script, #evidence img") == []
        assert browser.no_hostile_effects(driver) == []
        assert driver.execute_script("return window.__csp_violations") == []
