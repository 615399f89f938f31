"""Publish an existing course (README): from a checkout shaped like today's upstream course to a
built site, with the README's commands, then the site checked as a reader and a crawler see it
under a GitHub Pages sub-path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading

import pytest
from helpers import LESSON, copy_course, coursegen
from test_subpath import Crawl
from upstream_checkout import TEST_LANGUAGES, TEST_LESSONS, lesson_pages, write_checkout

from coursegen.site.preview import serve

NAME = "imported-course"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    base = tmp_path_factory.mktemp("publish")
    root = copy_course(base / "course")
    upstream = write_checkout(base / "generative-ai-for-beginners")
    imported = coursegen(root, "import", str(upstream))
    assert imported.returncode == 0, imported.stderr
    validated = coursegen(root, "validate")
    assert validated.returncode == 0, validated.stderr
    server = serve(base / "pages", NAME, quiet=True)  # bound first: the address goes into the build
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    site = base / "pages" / NAME
    command = [sys.executable, "-m", "coursegen.cli", "--root", str(root), "build", "--site-dir", str(site)]
    built = subprocess.run(
        command, cwd=root, capture_output=True, text=True, env={**os.environ, "SITE_URL": f"{origin}/{NAME}/"}, timeout=600
    )
    assert built.returncode == 0, built.stderr
    assert f"built {1 + len(set(TEST_LANGUAGES) | {'ar', 'sw'})} language(s)" in built.stdout
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        crawl = Crawl(origin, f"{origin}/{NAME}/", site)
        crawl.run(crawl.root, f"{crawl.root}sitemap.xml", *[f"{crawl.root}{lang}/" for lang in TEST_LANGUAGES])
        yield crawl
    finally:
        server.shutdown()
        server.server_close()


def page(crawl: Crawl, path: str) -> str:
    return (crawl.site / path / "index.html").read_text("utf-8")


def test_every_language_and_page_of_the_checkout_is_built(published: Crawl) -> None:
    for lang in TEST_LANGUAGES:
        for slug in TEST_LESSONS:
            for extra in lesson_pages(slug):
                folder = extra.inner.removesuffix("README.md")
                folder = folder.removesuffix(".md") + "/" if folder.endswith(".md") else folder
                assert f"{published.root}{lang}/{slug}/{folder}" in published.pages, (lang, slug, extra.inner)
    html = page(published, "no/05-advanced-prompts")
    assert '<html lang="no"' in html  # `no` (Norwegian) is a language, not YAML's false


def test_titles_never_index(published: Crawl) -> None:
    titles = {
        url: re.search(r"<title>(.*?)</title>", (published.site / url[len(published.root) :] / "index.html").read_text("utf-8"))[1]
        for url in published.pages
        if url.startswith(published.root) and not url.endswith(".html")
    }
    assert not [url for url, title in titles.items() if title.startswith(("Index", "Readme", "README"))]
    # A translated lesson opening with a banner is titled by the banner's alt text.
    assert titles[f"{published.root}fa/05-advanced-prompts/"].startswith("Advanced prompts")


def test_right_to_left_pages_isolate_left_to_right_text(published: Crawl) -> None:
    for lang in ("fa", "he"):
        pages = [page(published, f"{lang}/{slug}") for slug in TEST_LESSONS]
        assert all(f'<html lang="{lang}"' in html and '<body dir="rtl"' in html for html in pages)
        # The notices are in the language (its words ship with the generator), the date inside isolated.
        notices = [
            notice for html in pages for notice in re.findall(r'<div class="course-notice[^"]*" role="note"[^>]*>.*?</div>', html, re.S)
        ]
        assert notices and all(f'lang="{lang}" dir="rtl">' in notice and "<bdi>" in notice for notice in notices), notices


def test_the_english_source_is_not_replaced(published: Crawl) -> None:
    html = page(published, LESSON)
    assert 'class="model-card"' in html and "Index" not in re.search(r"<title>(.*?)</title>", html)[1]
    assert not (published.site / "en").exists()  # translations/en/ is not a language


def test_no_link_is_broken_under_the_sub_path(published: Crawl) -> None:
    broken = {url: sorted(pages)[:2] for url, pages in published.referrers.items() if published.status.get(url.split("#")[0]) != 200}
    assert not broken


def test_a_lesson_links_another_lesson_on_this_site_once_imported(published: Crawl) -> None:
    """Lesson 16 links lessons 02 and 18 through lesson_url(): 18 was imported, so every language
    goes to this site's page; 02 was not, so to the course's repository."""
    for path in (LESSON, "ms/16-open-source-models", "ja/16-open-source-models"):
        html = page(published, path)
        assert 'href="../18-fine-tuning/"' in html, path
        assert "tree/main/02-exploring-and-comparing-different-llms" in html and "tree/main/18-fine-tuning" not in html
