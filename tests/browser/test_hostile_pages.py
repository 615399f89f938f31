"""Hostile text that is neutralised, not refused, stays inert in a real browser.

A site is built from every corpus entry marked `neutralised: true` (tests/hostile/expected.yml),
and every page of it is loaded in Chromium, which must see: no dialog (alert, confirm, prompt,
print: recorded by a script that runs before the page's own, and caught if one still opens), no
script but the theme's (its bundle under assets/javascripts/ and its three inline scripts) and
our 404 page's, no
event handler or script URL in the page, and no request leaving the site (Chromium's network
events). Each entry's hostile text is on some page, as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import REPO, build_site, copy_course
from test_hostile import CASES, case_bytes

from .conftest import serve_folder

NEUTRALISED = [case for case in CASES if case.get("neutralised")]

# Runs in every page before its own scripts: dialogs are recorded instead of shown.
RECORD_DIALOGS = """
window.recordedDialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.recordedDialogs.push(name + "(" + args.join(", ") + ")"); return null; };
}
"""

# What the page holds: its scripts, event handlers and script URLs anywhere in the document.
PAGE_FACTS = """
const urls = [...document.querySelectorAll("[href], [src], [action], [formaction], [data]")]
  .flatMap(e => ["href", "src", "action", "formaction", "data"].map(a => e.getAttribute(a) || ""));
return {
  dialogs: window.recordedDialogs || ["the recorder did not run"],
  scripts: [...document.scripts].map(s => ({src: s.src, type: s.type, text: s.src ? "" : s.text})),
  handlers: [...document.querySelectorAll("*")].flatMap(e =>
    [...e.attributes].filter(a => a.name.startsWith("on")).map(a => e.tagName + " " + a.name + "=" + a.value)),
  script_urls: urls.filter(u => /^\\s*(javascript|vbscript|data):/i.test(u)),
  text: document.documentElement.innerText + " " + document.title,
};
"""
_SCOPE = re.compile(r'new URL\("[^"]*",location\)')  # the theme's one inline value that varies by page
# Our 404 page's scripts (docs/overrides/404.html): fixed code called with the site's own values.
_OUR_CALL = re.compile(r"\}\)\((?:\{\{.*?\}\}|[^;])*\);\s*$", re.S)
OUR_SCRIPTS = {
    _OUR_CALL.sub("})(…);", script).strip()
    for script in re.findall(r"<script>(.*?)</script>", (REPO / "docs/overrides/404.html").read_text("utf-8"), re.S)
}


def _theme_inline(text: str) -> str:
    return _SCOPE.sub('new URL("",location)', text)


def _ours(text: str) -> bool:
    return _OUR_CALL.sub("})(…);", text).strip() in OUR_SCRIPTS


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("neutralised")
    root = copy_course(folder / "course")
    targets = [case["target"] for case in NEUTRALISED]
    assert len(set(targets)) == len(targets), "each neutralised entry needs its own target"
    for case in NEUTRALISED:
        (root / case["target"]).write_bytes(case_bytes(case))
    result = build_site(root, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def seen(watching_browser, hostile_site: Path) -> dict[str, dict]:
    """Every page of the site loaded once: what the browser saw on each, by path."""
    from selenium.common.exceptions import UnexpectedAlertPresentException
    from selenium.webdriver.support.ui import WebDriverWait

    driver = watching_browser
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_DIALOGS})
    pages = sorted(path.relative_to(hostile_site).as_posix() for path in hostile_site.rglob("*.html"))
    found: dict[str, dict] = {}
    with serve_folder(hostile_site) as base:
        driver.get_log("performance")  # nothing from before
        for page in pages:
            facts: dict = {}
            try:
                driver.get(base + page)
                WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
                facts = driver.execute_script(PAGE_FACTS)
            except UnexpectedAlertPresentException as dialog:
                facts = {"dialogs": [f"a dialog opened: {dialog.alert_text}"]}
            events = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
            facts["requests"] = [
                (event["params"].get("type", ""), event["params"]["request"]["url"])
                for event in events
                if event["method"] == "Network.requestWillBeSent"
            ]
            facts["base"] = base
            found[page] = facts
    return found


def test_every_page_was_loaded(seen: dict[str, dict]) -> None:
    assert len(seen) > 20 and "ms/16-open-source-models/index.html" in seen and "ar/about/index.html" in seen


def test_no_dialog_opens(seen: dict[str, dict]) -> None:
    assert {page: facts["dialogs"] for page, facts in seen.items() if facts["dialogs"]} == {}


def test_only_the_themes_scripts_run(seen: dict[str, dict]) -> None:
    theme_inline = {_theme_inline(script["text"]) for script in seen["index.html"]["scripts"] if not script["src"]}
    wrong = {}
    for page, facts in seen.items():
        base = facts["base"]
        for script in facts.get("scripts", []):
            if script["src"]:
                ours = script["src"].startswith(base + "assets/javascripts/")
            else:  # inline: the theme's own, or data it reads (type application/json)
                ours = script["type"] == "application/json" or _theme_inline(script["text"]) in theme_inline or _ours(script["text"])
            if not ours:
                wrong.setdefault(page, []).append(script["src"] or script["text"][:120])
        script_requests = [url for kind, url in facts["requests"] if kind == "Script" and not url.startswith(base + "assets/javascripts/")]
        wrong.setdefault(page, []).extend(script_requests)
        wrong[page] += facts.get("handlers", []) + facts.get("script_urls", [])
    assert {page: found for page, found in wrong.items() if found} == {}


def test_no_request_leaves_the_site(seen: dict[str, dict]) -> None:
    leaving = {}
    for page, facts in seen.items():
        # The theme's stylesheets draw icons from data: URLs; nothing else may come from outside.
        # (Chromium's own pages load chrome:// resources into the same log, seen once on a busy
        # machine: no web page may load one, and none is a request over the network.)
        outside = [(kind, url[:80]) for kind, url in facts["requests"] if not url.startswith((facts["base"], "chrome://"))]
        outside = [(kind, url) for kind, url in outside if not (url.startswith("data:image/svg+xml") and kind in ("Image", "Other"))]
        if outside:
            leaving[page] = outside
    assert leaving == {}


@pytest.mark.parametrize("case", NEUTRALISED, ids=lambda case: case["file"])
def test_the_hostile_text_is_shown_as_text(case: dict, seen: dict[str, dict]) -> None:
    assert any(case["shows"] in facts.get("text", "") for facts in seen.values()), case["shows"]
