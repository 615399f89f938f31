"""Headless Chromium driven by Selenium (Debian's chromium and chromedriver), shared by the browser
tests (tests/browser/) and `make screenshots` (tools/screenshots.py)."""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
DESKTOP = (1280, 900)
PHONE = (360, 740)
TABLET = (768, 1024)


@contextlib.contextmanager
def chromium(logs: dict[str, str] | None = None) -> Iterator:
    """A headless Chromium with a throwaway profile at the desktop size, keeping the given logs
    (goog:loggingPrefs; by default the console's)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", logs or {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# Languages written in a script the browser draws only with a font that Debian's chromium does
# not bring, as fontconfig names them, and the Debian package with that font (.ci/run installs
# both). Without it a page is boxes: a picture or a measure of line breaks would prove nothing.
FONT_PACKAGES = {
    "fonts-noto-cjk": {"ja": "ja", "ko": "ko", "zh-CN": "zh-cn", "zh-TW": "zh-tw", "zh-HK": "zh-hk", "zh-MO": "zh-mo"},
    "fonts-noto-core": {
        code: code for code in ("ar", "fa", "ur", "he", "hi", "mr", "ne", "bn", "pa", "ta", "te", "kn", "ml", "th", "my", "km")
    },
}


def missing_fonts(languages: list[str]) -> list[str]:
    """'<lang>: no font for its script (Debian package <name>)' for each language whose script no
    installed font covers (fontconfig's fc-list; every language, if fc-list itself is missing)."""
    import subprocess

    missing = []
    for package, codes in FONT_PACKAGES.items():
        for lang in languages:
            if lang not in codes:
                continue
            try:
                found = subprocess.run(["fc-list", f":lang={codes[lang]}", "family"], capture_output=True, text=True, timeout=30).stdout
            except (OSError, subprocess.SubprocessError):
                found = ""
            if not found.strip():
                missing.append(f"{lang}: no font for its script (Debian package {package})")
    return missing


def set_size(driver, size: tuple[int, int], scale: float = 2) -> None:
    """A desktop window of that size, or any other size as a phone (touch, no scrollbar) whose
    pixels are `scale` screen pixels each."""
    if size == DESKTOP:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.set_window_size(*size)
    else:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": size[0], "height": size[1], "deviceScaleFactor": scale, "mobile": True},
        )


def set_dark(driver, dark: bool) -> None:
    """The reader's system in dark mode or not (the theme follows prefers-color-scheme)."""
    feature = {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [feature]})


def lay_out_everything(driver) -> None:
    """Cards are laid out only near the screen (content-visibility: auto): lay them all out, so
    that width checks see their insides and a picture of the whole page shows them."""
    driver.execute_script(
        "const s = document.createElement('style');"
        "s.textContent = '.model-card { content-visibility: visible !important; }';"
        "document.head.appendChild(s);"
        "return document.documentElement.scrollHeight;"  # (read: laid out now, before a picture)
    )


def full_page_png(driver) -> bytes:
    """The whole page as PNG, beyond the window's height.

    The window is made as tall as the page for the picture (Chromium's own beyond-the-window
    capture starts right-to-left pages at the theme's hidden search panel, which reaches past the
    left edge, and so cuts their right side off), then given back its size."""
    lay_out_everything(driver)
    width, height, inner, ratio, touch = driver.execute_script(
        "return [document.documentElement.clientWidth, document.documentElement.scrollHeight,"
        " innerHeight, devicePixelRatio, navigator.maxTouchPoints > 0]"
    )
    metrics = {"width": width, "height": inner, "deviceScaleFactor": ratio, "mobile": touch}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": height})
    try:
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    finally:
        if touch:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        else:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return base64.b64decode(shot["data"])
