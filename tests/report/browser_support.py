"""A real headless Chromium (Debian packages, see scripts/setup_browser.sh) driven by Selenium.

Shared by tests/report and tests/web (the web tests load this file by path).
"""

from __future__ import annotations

import fcntl
import functools
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1800",
]

# Recorded before any page script runs: CSP violations and whether hostile code ran.
PROBE = """
window.__csp_violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp_violations.push(e.violatedDirective + ' ' + (e.blockedURI || ''));
});
"""


SETUP_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "setup_browser.sh"


@functools.lru_cache(maxsize=1)
def _install_browser() -> str:
    """Run scripts/setup_browser.sh once (one process at a time, across xdist workers)."""
    if all(Path(exe).exists() for exe in (CHROMIUM, CHROMEDRIVER)):
        return "present"
    lock_path = Path(tempfile.gettempdir()) / "allegiance-setup-browser.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if all(Path(exe).exists() for exe in (CHROMIUM, CHROMEDRIVER)):
                return "present"
            done = subprocess.run(["bash", str(SETUP_SCRIPT)], capture_output=True, text=True, timeout=900)
            return "installed" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["failed"])[-1]
        except (OSError, subprocess.TimeoutExpired) as exc:
            return str(exc)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None (installs the browser first when it can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    outcome = _install_browser()
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not Path(exe).exists():
            return f"{exe} missing and scripts/setup_browser.sh could not install it ({outcome})"
    return None


@contextmanager
def chromium() -> Iterator["object"]:
    """A fresh headless Chromium with its own profile folder, quit afterwards."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="allegiance-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as exc:  # the binary exists but cannot start (e.g. missing libraries)
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"headless Chromium cannot start: {str(exc).splitlines()[0]}")
    try:
        driver.set_page_load_timeout(60)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_until(driver, condition, *, timeout: float, what: str):
    """Poll ``condition(driver)`` until it gives something truthy (returned), at most ``timeout`` seconds.

    Raises AssertionError naming ``what`` was awaited, with the last lines of the browser log.
    """
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)
    except TimeoutException:
        logs = driver.get_log("browser")
        raise AssertionError(f"timed out after {timeout} s waiting for {what}; browser log: {logs[-5:]}") from None


def wait_ready(driver, timeout: float = 60.0) -> None:
    """Wait until the report script has drawn everything (``body[data-ready]``)."""
    wait_until(driver, lambda d: d.execute_script("return document.body && document.body.dataset.ready === '1'"),
               timeout=timeout, what="the report to finish rendering")


def wait_for_text(driver, element_id: str, needle: str, timeout: float = 20.0) -> str:
    """The text of the element ``element_id`` once it contains ``needle`` (its last text on timeout,
    so that the caller's assertion shows what was there instead)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    last = {"text": ""}

    def has_needle(d) -> bool:
        last["text"] = d.find_element("id", element_id).text
        return needle in last["text"]

    try:
        WebDriverWait(driver, timeout, poll_frequency=0.05).until(has_needle)
    except TimeoutException:
        pass
    return last["text"]


def visible_counts(driver) -> tuple[int, int]:
    """(visible actors, visible ties) as the page reports them, checked against the graph."""
    status = driver.find_element("id", "status")
    nodes = int(status.get_attribute("data-visible-nodes"))
    edges = int(status.get_attribute("data-visible-edges"))
    drawn = driver.execute_script(
        "var cy = window.allegianceCy; return [cy.nodes(':visible').length, cy.edges(':visible').length];")
    assert [nodes, edges] == drawn
    return nodes, edges


def click_edge(driver, edge_id: str) -> None:
    """A real mouse click at the rendered midpoint of an edge of the canvas (once the view has
    settled on it: the midpoint inside the canvas and the same on two polls in a row)."""
    from selenium.webdriver.common.action_chains import ActionChains

    driver.execute_script(
        "var cy = window.allegianceCy; var e = cy.getElementById(arguments[0]);"
        "cy.fit(e.connectedNodes(), 150);", edge_id)
    seen: list[list[float]] = []

    def settled_midpoint(d):
        x, y, width, height = d.execute_script(
            "var cy = window.allegianceCy; var p = cy.getElementById(arguments[0]).renderedMidpoint();"
            "return [p.x, p.y, cy.width(), cy.height()];", edge_id)
        stable = bool(seen) and seen[-1] == [x, y]
        seen.append([x, y])
        return (x, y) if stable and 0 <= x <= width and 0 <= y <= height else None

    x, y = wait_until(driver, settled_midpoint, timeout=10, what=f"edge {edge_id} to settle in view")
    graph = driver.find_element("id", "graph")
    size = graph.size
    ActionChains(driver).move_to_element_with_offset(
        graph, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()


def set_range(driver, element_id: str, value: int) -> None:
    """Move a range input as a user would (value + input event)."""
    driver.execute_script(
        "var i = document.getElementById(arguments[0]); i.value = String(arguments[1]);"
        "i.dispatchEvent(new Event('input', {bubbles: true}));", element_id, value)


def no_hostile_effects(driver) -> list[str]:
    """Signs that injected script ran: the hostile fixtures set ``window.__pwned``."""
    problems = []
    if driver.execute_script("return typeof window.__pwned !== 'undefined'"):
        problems.append("window.__pwned was set")
    if driver.execute_script("return document.title.indexOf('PWNED') >= 0"):
        problems.append("document.title was changed")
    return problems


def wait_for_id(driver, element_id: str, timeout: float = 180.0):
    """The element with ``element_id`` once the page holding it has loaded (e.g. after a form post)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.find_elements("id", element_id))[0]
