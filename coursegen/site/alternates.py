"""Where each page lives in every language: the language switcher, hreflang links, the sitemap.

Every page of the course exists in every configured language (an untranslated page is shown in
English at the language's address), so all of this follows from the content model and the list
of languages, without looking at any other language's build output. That keeps one language's
build independent of the others (a build can be split per language and merged).

A page is named by its *key*: its address below a language's root, "" for the home page,
"about/" or "16-open-source-models/". English lives at the site root, every other language at
"<lang>/".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.sax.saxutils import escape, quoteattr

from coursegen.content.course import ENGLISH, LESSON_FILE, Course
from coursegen.content.languages import get_language
from coursegen.content.sources import REPOSITORY_PAGES, SITE_PAGES

INDEX_FILES = {"index.md", LESSON_FILE}


@dataclass(frozen=True)
class Alternate:
    lang: str  # language code, or "x-default"
    name: str  # the language's own name, for the switcher
    link: str  # absolute URL when the site URL is known, else relative to the site root
    translated: bool  # False where the page falls back to English


def key_of_markdown(relative: str) -> str:
    """A page's key from its Markdown path below the language folder (directory URLs)."""
    path = PurePosixPath(relative)
    if path.name in INDEX_FILES:
        return "" if path.parent == PurePosixPath(".") else f"{path.parent.as_posix()}/"
    return f"{path.with_suffix('').as_posix()}/"


def key_of_url(url: str, lang: str, default: str = ENGLISH) -> str:
    """A page's key from its site URL ("ms/16-open-source-models/" → "16-open-source-models/")."""
    url = "" if url in (".", "./") else url.lstrip("/")
    prefix = f"{lang}/"
    if lang != default and (url == lang or url.startswith(prefix)):
        return url[len(prefix) :]
    return url


def page_keys(course: Course) -> list[str]:
    """Every page the site has in each language: the English site pages, then the lessons."""
    english = course.root / SITE_PAGES / ENGLISH
    names = {p.relative_to(english).as_posix() for p in english.rglob("*.md")}
    names |= {name for name, source in REPOSITORY_PAGES.items() if (course.root / source).is_file()}
    keys = sorted((key_of_markdown(name) for name in names), key=lambda k: (k != "", k))
    keys += [f"{slug}/" for slug in sorted(course.lessons, key=lambda s: course.lessons[s].number)]
    return keys


def is_translated(course: Course, lang: str, key: str) -> bool:
    """Whether a page has its own text in lang (else the site shows the English page there)."""
    if lang == ENGLISH:
        return True
    slug = key.rstrip("/")
    if slug in course.lessons:
        return (lang, slug) in course.published_translations
    folder = course.root / SITE_PAGES / lang
    candidates = [f"{slug}.md", f"{slug}/index.md"] if slug else ["index.md"]
    return any((folder / name).is_file() for name in candidates)


def page_url(lang: str, key: str, default: str = ENGLISH) -> str:
    """The page's address relative to the site root."""
    return key if lang == default else f"{lang}/{key}"


def absolute(site_url: str | None, url: str) -> str:
    return site_url.rstrip("/") + "/" + url if site_url else url


def alternates(course: Course, key: str, languages: list[str], site_url: str | None = None, default: str = ENGLISH) -> list[Alternate]:
    """The page in every language, then x-default (the default language's page). Worked out once
    per loaded course (a page's key is the same in every language of a build, and each is asked
    twice: hreflang links and the switcher; is_translated looks for files)."""
    remembered = ("alternates", key, tuple(languages), site_url, default)
    if remembered not in course.memo:
        course.memo[remembered] = tuple(_alternates(course, key, languages, site_url, default))
    return list(course.memo[remembered])


def _alternates(course: Course, key: str, languages: list[str], site_url: str | None, default: str) -> list[Alternate]:
    keys = {lang: _changes_key(course, lang, key) for lang in [*languages, default]}
    found = [
        Alternate(
            lang,
            get_language(lang).native_name,
            absolute(site_url, page_url(lang, keys[lang], default)),
            is_translated(course, lang, keys[lang]),
        )
        for lang in languages
    ]
    found.append(
        Alternate("x-default", get_language(default).native_name, absolute(site_url, page_url(default, keys[default], default)), True)
    )
    return found


def _changes_key(course: Course, lang: str, key: str) -> str:
    """A translators' changes page (changes/<slug>/, issue 15) exists only where that language's
    translation is outdated: elsewhere the page in that language is the lesson itself."""
    from coursegen.pages.changes import FOLDER, has_changes_page

    parts = key.split("/")
    if len(parts) != 3 or parts[0] != FOLDER or parts[1] not in course.lessons:
        return key
    return key if lang != ENGLISH and has_changes_page(course, lang, parts[1]) else f"{parts[1]}/"


def sitemap_xml(course: Course, languages: list[str], site_url: str | None = None, default: str = ENGLISH) -> str:
    """A sitemap of every page in every language, each with its hreflang alternates.

    No modification dates: the output must not change from one build of the same tree to the next.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for key in page_keys(course):
        links = alternates(course, key, languages, site_url, default)
        # (every language's entry of a page lists the same alternates: written once per page)
        written = [f'    <xhtml:link rel="alternate" hreflang={quoteattr(link.lang)} href={quoteattr(link.link)}/>' for link in links]
        for lang in languages:
            lines.append(f"  <url><loc>{escape(absolute(site_url, page_url(lang, key, default)))}</loc>")
            lines += written
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
