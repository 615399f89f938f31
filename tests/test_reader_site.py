"""The reader's side of the built site, read from its HTML and files (the browser tests are in
tests/browser/): real language, alternates, search per language, 404 pages, sitemap, charts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import LESSON, build_site, copy_course

ROOTS = {"en": "", "ms": "ms/", "ar": "ar/", "ja": "ja/", "sw": "sw/"}


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ROOTS)
def test_lesson_declares_its_language_and_every_alternate(built_site: Path, lang: str) -> None:
    html = html_of(built_site, ROOTS[lang] + LESSON)
    assert f'<html lang="{lang}"' in html
    hreflangs = re.findall(r'<link rel="alternate" href="[^"]*" hreflang="([^"]+)"', html)
    assert hreflangs == ["en", "ar", "ja", "ms", "sw", "x-default"]  # English, then the others in code order
    assert ('<body dir="rtl"' in html) == (lang == "ar")


@pytest.mark.parametrize("lang", ROOTS)
def test_each_language_has_its_own_search_index(built_site: Path, lang: str) -> None:
    index = json.loads((built_site / ROOTS[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(location.startswith(LESSON + "/") for location in locations)
    assert not [loc for loc in locations if loc.split("/")[0] in ROOTS]  # relative to the language's root
    settings = json.loads(
        re.search(r'<script id="__config" type="application/json">(.*?)</script>', html_of(built_site, ROOTS[lang] + LESSON)).group(1)
    )
    # The theme loads <base>search/search_index.json: base is the language's root.
    assert settings["base"] == ("../../" + ROOTS[lang] if ROOTS[lang] else "..")
    if lang == "ja":
        assert index["config"]["lang"] == ["en"]  # cut into words at build time (no TinySegmenter)


def test_search_indexes_hold_only_their_language(built_site: Path) -> None:
    english = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    malay = (built_site / "ms" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "pemberat" in malay and "pemberat" not in english
    assert "Learning goals" in english and "Learning goals" not in malay


@pytest.mark.parametrize(
    "lang, words",
    [("en", "Page not found"), ("ms", "Halaman tidak ditemui"), ("ar", "الصفحة غير موجودة"), ("ja", "ページが見つかりません")],
)
def test_a_404_page_per_language(built_site: Path, lang: str, words: str) -> None:
    html = (built_site / ROOTS[lang] / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html and words in html
    assert f'href="/{ROOTS[lang]}"' in html  # back to the language's home page


@pytest.mark.parametrize("lang", ROOTS)
def test_lesson_draws_the_charts(built_site: Path, lang: str) -> None:
    html = html_of(built_site, ROOTS[lang] + LESSON)
    assert html.count('<figure class="model-chart"') == 2
    assert html.count('<svg class="model-chart__bar"') >= 4


@pytest.mark.parametrize("lang", ROOTS)
def test_pages_load_nothing_from_other_hosts(built_site: Path, lang: str) -> None:
    for path in (ROOTS[lang], ROOTS[lang] + LESSON):
        html = html_of(built_site, path)
        loaded = re.findall(
            r'<(?:script|img|iframe|source)[^>]+src="([^"]+)"|<link[^>]+rel="(?:stylesheet|preconnect|preload|icon)"[^>]+href="([^"]+)"',
            html,
        )
        assert not [url for pair in loaded for url in pair if url.startswith(("http:", "https:", "//"))], path
        assert 'data-md-component="source"' not in html  # the theme would ask api.github.com


def test_sitemap_has_every_language_and_no_dates(built_site: Path) -> None:
    xml = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    english_pages = [p for p in built_site.rglob("index.html") if p.relative_to(built_site).parts[0] not in ROOTS]
    assert xml.count("<url>") == len(english_pages) * len(ROOTS)  # every page, in every language
    assert "lastmod" not in xml and 'hreflang="x-default"' in xml
    assert not (built_site / "ms" / "sitemap.xml").exists()


@pytest.fixture(scope="module")
def swahili_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course with Swahili added (no translation; the theme has no Swahili words) and a site URL."""
    root = copy_course(tmp_path_factory.mktemp("sw") / "course")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "locale: sw" not in text:
        text = text.replace("        - locale: ja\n", "        - locale: sw\n          name: Kiswahili\n        - locale: ja\n")
    config.write_text(text, encoding="utf-8")
    site = root.parent / "site"
    result = build_site(root, site, env={"SITE_URL": "https://example.org/course/"})
    assert result.returncode == 0, result.stderr
    return site


def test_borrowed_interface_words_keep_the_real_language(swahili_site: Path) -> None:
    html = html_of(swahili_site, "sw/" + LESSON)
    assert '<html lang="sw"' in html and '<body dir="ltr"' in html
    assert 'aria-label="Tafuta"' in html  # the theme has no Swahili words: translations/sw/strings.yml gives them
    assert '<div lang="en" dir="ltr">' in html  # the lesson text itself is English
    # Absolute alternates once the site's address is known.
    assert '<link rel="alternate" href="https://example.org/course/sw/16-open-source-models/" hreflang="sw">' in html
    assert '<link rel="alternate" href="https://example.org/course/16-open-source-models/" hreflang="x-default">' in html
    # The switcher stays relative (a local preview switches locally) and marks the fallback.
    ms = html_of(swahili_site, "ms/" + LESSON)
    assert re.search(
        r'<a href="../../sw/16-open-source-models/" hreflang="sw" class="md-select__link">\s*<span lang="sw">Kiswahili</span>\s*<small class="course-switcher__fallback">',
        ms,
    )
    assert "<loc>https://example.org/course/sw/</loc>" in (swahili_site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_search_excerpt_keeps_a_lessons_title_apart_from_its_summary(built_site: Path) -> None:
    """The home page's lesson list: title and summary are paragraphs of their own, so a search
    result does not read "Lesson 16: Open Source Models What makes a language model open"."""
    home = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"][0]
    assert home["location"] == ""
    assert "<p>Lesson 16: Open Source Models</p> <p>What makes" in home["text"]


def test_a_disabled_search_plugin_is_never_asked_for_its_index() -> None:
    """`search: {enabled: false}`: the theme's plugin makes no index, so ours never reads it (it
    read it, and the build stopped with an AttributeError)."""
    import types

    from material.plugins.search.plugin import SearchPlugin

    from coursegen.site.language_search import LanguageSearch, search_plugin

    plugin = SearchPlugin()
    plugin.load_config({"enabled": False})
    config = types.SimpleNamespace(plugins={"material/search": plugin})
    assert search_plugin(config) is None  # type: ignore[arg-type]
    LanguageSearch(None).start_language(config)  # type: ignore[arg-type]
    assert not hasattr(plugin, "search_index")
