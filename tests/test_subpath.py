"""The site built for a GitHub Pages project sub-path, served there and crawled.

The course is built for http://127.0.0.1:<port>/<name>/ with a name that is not the
repository's (as for a fork), served the way Pages serves it (coursegen.site.preview: nothing
outside /<name>/, 404.html for missing pages), and every internal link, image, script,
stylesheet, hreflang alternate, sitemap entry and the search index of every page of every
language is fetched: none may fail or leave the sub-path.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from helpers import served_like_pages

from coursegen.content.languages import LANGUAGES

NAME = "course-fork"
FORK = "https://github.com/someone/course-fork"
LINK_ATTRIBUTES = ("href", "src", "poster", "data")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


class PageParser(HTMLParser):
    """Every URL a page refers to, the anchors it defines, and Material's __config."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.edit_links: list[str] = []
        self.config_text = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        values = {name: value for name, value in attrs if value is not None}
        for name in ("id", "name") if tag == "a" else ("id",):
            if name in values:
                self.ids.add(values[name])
        self.urls += [values[name] for name in LINK_ATTRIBUTES if name in values]
        if "srcset" in values:
            self.urls += [candidate.split()[0] for candidate in values["srcset"].split(",") if candidate.strip()]
        if values.get("rel") == "edit":
            self.edit_links.append(values["href"])
        self._in_config = tag == "script" and values.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config:
            self.config_text += data

    def handle_endtag(self, tag):
        self._in_config = False


@dataclass
class Crawl:
    origin: str  # http://127.0.0.1:<port>
    root: str  # origin + /<name>/
    site: Path
    status: dict[str, int] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)  # HTML page -> its anchors
    referrers: dict[str, set[str]] = field(default_factory=dict)  # URL (with fragment) -> pages
    pages: set[str] = field(default_factory=set)
    edit_links: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)  # URLs referred to for the first time, not yet queued

    def fetch(self, url: str) -> tuple[int, str, bytes]:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get_content_type(), error.read()

    def refer(self, page: str, link: str) -> None:
        target = urljoin(page, link.strip())
        scheme = urlsplit(target).scheme
        assert scheme != "javascript", f"{page}: javascript: URL {link!r}"
        if scheme in ("http", "https") and target.startswith(self.origin + "/"):
            if target not in self.referrers:
                self.fresh.append(target)
            self.referrers.setdefault(target, set()).add(page)

    def read(self, url: str) -> None:
        """Fetch url once; find what it refers to when it is a page or a stylesheet."""
        if url in self.status:
            return
        status, kind, body = self.fetch(url)
        self.status[url] = status
        if status != 200:
            return
        if kind == "text/html":
            self.pages.add(url)
            parser = PageParser()
            parser.feed(body.decode("utf-8"))
            self.ids[url] = parser.ids
            self.edit_links += parser.edit_links
            for link in parser.urls:
                self.refer(url, link)
            if parser.config_text:  # Material's search worker and the index it loads
                config = json.loads(parser.config_text)
                self.refer(url, config["search"])
                self.refer(url, config["base"].rstrip("/") + "/search/search_index.json")
        elif kind == "text/css":
            for link in CSS_URL.findall(body.decode("utf-8")):
                if not link.startswith("data:"):
                    self.refer(url, link)
        elif url.endswith("/sitemap.xml"):
            for link in re.findall(r"<loc>([^<]+)</loc>|href=\"([^\"]+)\"", body.decode("utf-8")):
                self.refer(url, link[0] or link[1])

    def run(self, *starts: str) -> None:
        for start in starts:
            self.referrers.setdefault(start, set()).add("(start)")
        queue = list(starts)
        while queue:
            self.read(urldefrag(queue.pop())[0])
            # Only the URLs first seen on the page just read: each is read once (linear in links).
            queue += [target for target in self.fresh if urldefrag(target)[0] not in self.status]
            self.fresh.clear()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    base = tmp_path_factory.mktemp("subpath")
    with served_like_pages(base, NAME, env={"REPOSITORY": FORK}) as root:
        site = Crawl(root.removesuffix(f"/{NAME}/"), root, base / "pages" / NAME)
        languages = [path.name for path in site.site.iterdir() if path.name in LANGUAGES]
        site.run(site.root, f"{site.root}sitemap.xml", *[f"{site.root}{lang}/" for lang in languages])
        yield site


def test_every_page_of_every_language_is_reached(crawl):
    on_disk = {
        crawl.root + path.parent.relative_to(crawl.site).as_posix().removeprefix(".") + ("/" if path.parent != crawl.site else "")
        for path in crawl.site.rglob("index.html")
    }
    assert {"ms", "ar", "ja"} <= {path.name for path in crawl.site.iterdir() if (path / "index.html").is_file()}
    assert len(on_disk) >= 12
    assert on_disk <= crawl.pages, sorted(on_disk - crawl.pages)


def test_no_internal_link_is_broken_or_leaves_the_sub_path(crawl):
    outside = {url: sorted(pages) for url, pages in crawl.referrers.items() if not url.startswith(crawl.root)}
    assert not outside, outside
    broken = {
        url: (crawl.status[urldefrag(url)[0]], sorted(pages))
        for url, pages in crawl.referrers.items()
        if crawl.status[urldefrag(url)[0]] != 200
    }
    assert not broken, broken


def test_every_anchor_exists(crawl):
    missing = {}
    for url, pages in crawl.referrers.items():
        page, fragment = urldefrag(url)
        if fragment and page in crawl.ids and fragment not in crawl.ids[page]:
            missing[url] = sorted(pages)
    assert not missing, missing


def test_search_index_and_language_alternates_are_under_the_sub_path(crawl):
    # One search index per language, under that language's root, used by that language's pages.
    indexes = {url for url in crawl.status if url.endswith("/search/search_index.json")}
    assert f"{crawl.root}search/search_index.json" in indexes and f"{crawl.root}ms/search/search_index.json" in indexes
    assert all(crawl.status[index] == 200 for index in indexes)
    assert sum(len(crawl.referrers[index]) for index in indexes) == len(crawl.pages)
    lesson = f"{crawl.root}ms/16-open-source-models/"
    parser = PageParser()
    parser.feed(crawl.fetch(lesson)[2].decode("utf-8"))
    alternates = {urljoin(lesson, url) for url in parser.urls}
    for lang in ("ar", "ja", "ms"):
        assert f"{crawl.root}{lang}/16-open-source-models/" in alternates
    assert f"{crawl.root}16-open-source-models/" in alternates


def test_edit_links_point_at_the_repository_from_the_environment(crawl):
    assert crawl.edit_links
    assert all(link.startswith(f"{FORK}/edit/main/") for link in crawl.edit_links), crawl.edit_links
    assert f"{FORK}/edit/main/translations/ms/16-open-source-models/README.md" in crawl.edit_links


def test_served_like_pages(crawl):
    for url in (f"{crawl.origin}/", f"{crawl.origin}/ms/", f"{crawl.origin}/assets/course.css", f"{crawl.origin}/{NAME}x/"):
        assert crawl.fetch(url)[0] == 404, url
    assert crawl.fetch(f"{crawl.root}assets/")[0] == 404  # no folder listings
    assert crawl.fetch(crawl.root.rstrip("/"))[0] == 200  # redirected to the trailing slash


def test_a_missing_page_gets_the_404_page_whose_links_work_from_any_depth(crawl):
    missing = f"{crawl.root}ms/no/such/page/"
    status, kind, body = crawl.fetch(missing)
    assert (status, kind) == (404, "text/html")
    parser = PageParser()
    parser.feed(body.decode("utf-8"))
    links = [urldefrag(urljoin(missing, url))[0] for url in parser.urls]
    internal = [url for url in links if url.startswith(crawl.origin)]
    assert any(url.endswith(".css") for url in internal)
    for url in internal:
        assert url.startswith(crawl.root) and crawl.fetch(url)[0] == 200, url


def test_the_environment_overrides_the_addresses_of_course_yml(monkeypatch, repo):
    from coursegen.content.course import load_config

    monkeypatch.setenv("SITE_URL", "https://someone.github.io/course-fork/")
    monkeypatch.setenv("REPOSITORY", FORK)
    problems = []
    config = load_config(repo, problems)
    assert (config.site_url, config.repository, problems) == ("https://someone.github.io/course-fork/", FORK, [])
    monkeypatch.setenv("REPOSITORY", "javascript:alert(1)")
    load_config(repo, problems)
    assert [str(problem) for problem in problems] == ["REPOSITORY (environment variable): not an https:// address: 'javascript:alert(1)'"]
