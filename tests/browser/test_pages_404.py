"""A missing address on GitHub Pages, in a real browser: Pages answers every one with the site's
root 404.html (status 404, address unchanged), and under /<lang>/ the reader must still get that
language's 404 page (docs/overrides/404.html), styled, at the address they asked for."""

from __future__ import annotations

import pytest
from helpers import served_like_pages

from .conftest import Reader

NAME = "course-fork"


@pytest.fixture(scope="module")
def pages_url(tmp_path_factory: pytest.TempPathFactory):
    with served_like_pages(tmp_path_factory.mktemp("pages-404"), NAME) as url:
        yield url


@pytest.mark.parametrize(
    "path, lang, direction, heading",
    [
        ("ms/nope/", "ms", "ltr", "Halaman tidak ditemui"),
        ("ar/x/y", "ar", "rtl", "الصفحة غير موجودة"),
        ("ja/a/b/?from=x#top", "ja", "ltr", "ページが見つかりません"),
        ("nope/", "en", "ltr", "Page not found"),
        ("msx/a/", "en", "ltr", "Page not found"),  # only a language's own folder has its 404 page
    ],
)
def test_a_missing_address_shows_the_404_page_of_its_language(browser, pages_url, path, lang, direction, heading):
    browser.get_log("browser")
    reader = Reader(browser, pages_url)
    reader.open(path)
    reader.wait(lambda d: d.execute_script("return document.documentElement.lang") == lang)
    reader.wait(lambda d: d.execute_script("return document.readyState") == "complete")
    assert reader.path == path  # the address the reader asked for stays in the address bar
    assert reader.js("return document.body.dir") == direction
    assert reader.js("return document.querySelector('article h1').textContent.trim()") == heading
    # The theme's stylesheet applies at any depth (the 404 pages' links are absolute).
    assert reader.js("return getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    home = pages_url + ("" if lang == "en" else f"{lang}/")
    assert reader.js("return document.querySelector('article a').href") == home
    reader.collect_console()
    assert [error for error in reader.errors if "status of 404" not in error] == []
