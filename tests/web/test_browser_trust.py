"""The served map shows the trust views (verdict, bloc timeline, sign changes) under the app's CSP."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("multipart", reason="the app needs python-multipart (pip install python-multipart)")

pytestmark = pytest.mark.slow


def test_served_page_shows_verdict_and_bloc_timeline_without_csp_violations(browser, serve, small_db, tmp_path):
    with serve(small_db, log=tmp_path / "server.log") as base, browser.chromium() as driver:
        driver.get(base + "/")
        browser.wait_ready(driver)
        assert "too little data to say" in driver.find_element("id", "verdict").text
        assert driver.find_elements("css selector", "#bloc-timeline tbody tr")
        assert driver.find_element("id", "sign-changes").text.startswith("Ties that changed sign")
        driver.get(base + "/api/windows?samples=5")
        body = json.loads(driver.find_element("tag name", "body").text)
        assert body["windows"] and "verdict" in body["windows"][0]
        driver.get(base + "/")
        browser.wait_ready(driver)
        assert driver.execute_script("return window.__csp_violations") == []
