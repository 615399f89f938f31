"""A real browser on the built site: Debian's chromium driven by Selenium + chromedriver (the
driver from tools/browser.py, shared with `make screenshots`).

The site is served from a thread on 127.0.0.1. Without chromium, chromedriver or axe-core (a
contributor's laptop) tests/conftest.py leaves these tests out, with one line saying how to
enable them; with CI=true they run, and a missing browser fails the run instead.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import pytest
from helpers import AXE, HOW_TO_ENABLE_BROWSER_TESTS, REPO, browser_tools_missing, in_ci

from coursegen.content.course import course_languages
from tools.browser import DESKTOP, chromium, full_page_png, lay_out_everything, missing_fonts, set_size

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


def _require_browser() -> None:
    missing = browser_tools_missing()
    if missing is None:
        # The pages' scripts need their fonts, or every measure of a line break measures boxes.
        fonts = missing_fonts([*course_languages(REPO), "zh-CN"])
        if fonts:
            pytest.fail("browser tests refuse to run without the fonts of the shipped languages: " + "; ".join(fonts))
        return
    if in_ci():
        pytest.fail(f"CI=true (everything runs) but {missing}: {HOW_TO_ENABLE_BROWSER_TESTS}")
    pytest.skip(f"browser tests: {missing}; {HOW_TO_ENABLE_BROWSER_TESTS}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_folder(directory: Path):
    """A built site served on 127.0.0.1 (a free port); its address, ending in "/"."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built site, served for the whole run."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chinese_site_url(chinese_site: Path):
    """The course copy with a Chinese site (tests/chinese.py), served for the whole run."""
    with serve_folder(chinese_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def watching_browser():
    """A browser that also logs every network event (CDP, read with get_log("performance")):
    its own session, so that the other tests' browser does not pile up such logs."""
    _require_browser()
    with chromium({"browser": "ALL", "performance": "ALL"}) as driver:
        yield driver


class Reader:
    """What a test does in the browser: open pages, collect console errors, check, photograph."""

    def __init__(self, driver, base: str) -> None:
        self.driver = driver
        self.base = base  # the site's address, ending in "/"
        self.origin = base.rstrip("/")
        self.errors: list[str] = []

    def open(self, path: str, size: tuple[int, int] = DESKTOP) -> None:
        """Load a page at a desktop window size, or as a phone of that size (touch, no scrollbar)."""
        set_size(self.driver, size)
        self.driver.get(self.base + path)
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")
        self.collect_console()

    def wait(self, condition, timeout: float = 15):
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(condition)

    def collect_console(self) -> None:
        for entry in self.driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                self.errors.append(entry.get("message", ""))

    @property
    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.base)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def axe_violations(self, within: str = "") -> list[dict]:
        """axe-core's serious and critical violations on the open page (or in the elements a CSS
        selector names)."""
        if not self.js("return typeof window.axe !== 'undefined'"):
            self.js(AXE.read_text(encoding="utf-8"))
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(arguments[0] ? {include: [arguments[0]]} : document, {resultTypes: ['violations']})"
            ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
            ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
            within,
        )
        return [v for v in result if v["impact"] in ("serious", "critical")]

    def lay_out_everything(self) -> None:
        lay_out_everything(self.driver)

    def screenshot(self, name: str) -> Path:
        """The whole page, beyond the window's height, as test-artifacts/screenshots/<name>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        target.write_bytes(full_page_png(self.driver))
        return target


@pytest.fixture
def reader(browser, site_url):
    browser.get_log("browser")  # drop what earlier tests left
    yield Reader(browser, site_url)


@pytest.fixture
def chinese_reader(browser, chinese_site_url):
    browser.get_log("browser")
    yield Reader(browser, chinese_site_url)
