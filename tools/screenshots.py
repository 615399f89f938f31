"""`make screenshots`: pictures of the site for a person to look at, every language at three widths.

The course is built and served under its GitHub Pages sub-path, as `make preview` does
(coursegen.site.preview), and headless Chromium (tools/browser.py) saves the whole of the lesson,
home, status and 404 pages of every language at 1280, 768 and 360 px wide, plus the lesson in dark mode,
as <out>/<lang>-<page>-<width>.png (for example test-artifacts/ja-lesson-360.png).

    python -m tools.screenshots [--root .] [--out test-artifacts] [--languages "en ar"]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from coursegen.content.course import course_languages
from coursegen.site import preview
from tools.browser import DESKTOP, PHONE, TABLET, chromium, full_page_png, missing_fonts, set_dark, set_size

PAGES = {"lesson": "16-open-source-models/", "home": "", "status": "status/", "404": "no-such-page/"}
SIZES = (DESKTOP, TABLET, PHONE)
SCHEMES = {False: "default", True: "slate"}  # dark mode -> the theme's colour scheme


def photograph(driver, url: str, lang: str, dark: bool, size: tuple[int, int]) -> bytes:
    """The page at url, whole, once it shows lang (a 404 goes to its language's page first)."""
    from selenium.webdriver.support.ui import WebDriverWait

    set_size(driver, size, scale=1)  # one picture pixel per CSS pixel: the file is `width` wide
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})  # (a scrollbar narrows the picture)
    set_dark(driver, dark)
    # A first visit: the theme keeps the colour scheme it showed in local storage (leave the site,
    # so that no page of it writes there again, and forget it).
    driver.get("about:blank")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "local_storage"})
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && document.documentElement.lang === arguments[0]"
            " && document.body.dataset.mdColorScheme === arguments[1]"
            " && Array.from(document.images).every(image => image.complete)",
            lang,
            SCHEMES[dark],
        )
    )
    driver.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1])")
    return full_page_png(driver)


def shots(languages: list[str]):
    """(language, page, dark) in the order taken: every page in light mode, the lesson in dark too."""
    for lang in languages:
        for page in PAGES:
            yield lang, page, False
        yield lang, "lesson", True


def take(root: Path, out: Path, languages: list[str]) -> list[Path]:
    name = preview.repository_name(root)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder:
        server = preview.serve(Path(folder), name, quiet=True)  # bound first: its address goes into the build
        site = f"http://127.0.0.1:{server.server_address[1]}/{name}/"
        if preview.build(root, Path(folder) / name, site).returncode != 0:
            raise SystemExit(1)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        written = []
        try:
            with chromium() as driver:
                out.mkdir(parents=True, exist_ok=True)
                for lang, page, dark in shots(languages):
                    url = site + ("" if lang == "en" else f"{lang}/") + PAGES[page]
                    for size in SIZES:
                        target = out / f"{lang}-{page}{'-dark' if dark else ''}-{size[0]}.png"
                        target.write_bytes(photograph(driver, url, lang, dark, size))
                        written.append(target)
        finally:
            server.shutdown()
            server.server_close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the course repository (default: .)")
    parser.add_argument("--out", type=Path, default=Path("test-artifacts"), help="where the pictures go (default: test-artifacts)")
    parser.add_argument("--languages", help="only these languages, e.g. 'en ar' (default: every language of the course)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    known = course_languages(root)
    languages = args.languages.replace(",", " ").split() if args.languages else known
    fonts = missing_fonts(languages)
    if fonts:  # pictures of boxes would prove nothing
        print("screenshots refused: " + "; ".join(fonts), file=sys.stderr)
        return 1
    unknown = [lang for lang in languages if lang not in known]
    if unknown:  # (its pages would never show: the browser would wait for them until it timed out)
        print(f"screenshots refused: the course has no language {', '.join(unknown)} (it has: {' '.join(known)})", file=sys.stderr)
        return 1
    written = take(root, args.out, languages)
    widths = " and ".join(str(size[0]) for size in SIZES)
    print(f"{len(written)} screenshots: {len(languages)} language(s) × {len(PAGES)} pages and the dark lesson, at {widths} px")
    for path in written:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
