"""MkDocs' settings for one language's build: staged pages, addresses, navigation, theme language."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from coursegen.content.course import ENGLISH, LESSON_FILE, Course
from coursegen.content.languages import get_language
from coursegen.content.sources import REPOSITORY_PAGES, SITE_PAGES, SourceFile
from coursegen.content.textfile import read_text
from coursegen.pages.gfm import ALERTS
from coursegen.pages.prepare import page_title
from coursegen.problems import CourseError

log = get_plugin_logger(__name__)


def configure(config: MkDocsConfig, course: Course, lang: str, docs_dir: Path, home_only: bool, links_not_found: int) -> None:
    """Point MkDocs at the language's staged folder; addresses from course.yml; its navigation;
    the theme's interface strings in the language (or borrowed, see theme_language).

    home_only: only the home page of this language is built (its other pages by another build),
    so its links to them are not reported missing (links_not_found: the level mkdocs.yml sets)."""
    config.docs_dir = str(docs_dir)
    config.validation.links.not_found = logging.DEBUG if home_only else links_not_found
    settings = course.config
    config.repo_url = settings.repository
    config.repo_name = "/".join(settings.repository.rstrip("/").split("/")[-2:])
    config.edit_uri = f"edit/{settings.branch}/"
    if settings.site_url:
        config.site_url = settings.site_url
    config.nav = ["index.md"] if home_only else navigation(course, lang)
    config.theme["language"] = theme_language(config, get_language(lang).theme_language)
    interface_words(config, course, lang)


# The palette's toggles, by the scheme each belongs to: the label naming what a click does.
TOGGLE_LABELS = {"default": "toggle_dark", "slate": "toggle_light"}
# Pages shown in English in every language (REPOSITORY_PAGES): their navigation title is a label.
NAV_LABELS = {"contributing.md": "nav_contributing"}


def interface_words(config: MkDocsConfig, course: Course, lang: str) -> None:
    """The words MkDocs and the theme take from mkdocs.yml, in the language being built (from
    strings.yml, English as the fallback): the site's name and description, the palette toggles'
    titles, the headings' permalink title. The theme prints these unescaped: each is given as
    escaped Markup, which its `| e` filter leaves as it is."""
    config.site_name = escape(course.label(lang, "site_name"))
    config.site_description = escape(course.label(lang, "site_description"))
    for option in config.theme["palette"] or []:
        scheme = option.get("scheme", "default")
        if option.get("toggle") and scheme in TOGGLE_LABELS:
            option["toggle"]["name"] = escape(course.label(lang, TOGGLE_LABELS[scheme]))
    # Python-Markdown escapes the attributes it writes: plain text here.
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = course.label(lang, "permalink")
    # A paragraph of just "[TOC]" is text on GitHub, not a table of contents (and looking for it
    # walked every page's whole tree).
    config.mdx_configs["toc"]["marker"] = ""
    # Each alert's title, and the language of its words when it is not the page's (an English
    # title on a page whose language has no word for it yet is marked English).
    found = {kind: course.label_in(lang, f"alert_{kind.lower()}") for kind in ALERTS}
    alerts = {kind: ("" if words_lang == lang else words_lang, text) for kind, (words_lang, text) in found.items()}
    config.mdx_configs.setdefault("coursegen.pages.gfm", {})["alert_titles"] = alerts
    config.mdx_configs["coursegen.pages.gfm"]["atoms"] = atom_names(course)


def atom_names(course: Course) -> tuple[str, ...]:
    """The names a page keeps on one line (coursegen.pages.gfm): each model's, and each short
    licence name ("Apache 2.0"; a long one may wrap like a sentence)."""
    names = {model["name"] for model in course.models.values()}
    names |= {model["licence"]["name"] for model in course.models.values() if len(model["licence"]["name"].split()) <= 2}
    return tuple(sorted(names))


def chapters(course: Course) -> dict[str, list[str]]:
    """A nested course's chapters: the slug of each lesson whose folder in the upstream checkout
    (lesson.yml's upstream_folder) holds other lessons -> their slugs, in order (the lessons
    directly inside it; a lesson in no chapter is in none of the lists)."""
    folders = {slug: lesson.facts["upstream_folder"] for slug, lesson in course.lessons.items() if "upstream_folder" in lesson.facts}
    found: dict[str, list[str]] = {}
    for slug in sorted(folders, key=lambda slug: course.lessons[slug].number):
        around = [other for other, folder in folders.items() if folders[slug].startswith(folder + "/")]
        if around:  # the deepest folder holding it is its chapter
            found.setdefault(max(around, key=lambda other: len(folders[other])), []).append(slug)
    return found


def chapter_title(course: Course, lang: str, slug: str) -> str:
    """A chapter's title in a language: its page's title there, by the rule every page's title
    follows (its translated lesson.yml, else its first heading), else the English one."""
    translation = course.published_translations.get((lang, slug))
    if translation is not None:
        try:
            text = read_text(translation.readme, course.path(translation.readme))
        except CourseError:
            text = ""
        source = SourceFile(course.path(translation.readme), lang, slug)
        title = page_title(course, source, f"{lang}/{slug}/{LESSON_FILE}", text) if text else None
        if title:
            return title
    return str(course.lessons[slug].facts["title"])


def navigation(course: Course, lang: str) -> list:
    """Home, the lessons in order under a translated heading (a nested course's chapters as a
    level of it), then the site's other pages."""
    lessons = sorted(course.lessons.values(), key=lambda lesson: lesson.number)
    pages = sorted(
        {path.name for path in (course.root / SITE_PAGES / ENGLISH).glob("*.md") if path.name != "index.md"}
        | {name for name, source in REPOSITORY_PAGES.items() if (course.root / source).is_file()}
    )
    nested = chapters(course)
    inside = {slug for slugs in nested.values() for slug in slugs}

    def entry(slug: str) -> str | dict:
        """A lesson's page; a chapter's page followed by its lessons, under the chapter's title."""
        if slug not in nested:
            return f"{slug}/README.md"
        title = str(escape(chapter_title(course, lang, slug)))
        return {title: [f"{slug}/README.md", *(entry(lesson) for lesson in nested[slug])]}

    return [
        "index.md",
        # The theme prints navigation titles unescaped: a translated label is text, not HTML.
        {str(escape(course.label(lang, "lessons"))): [entry(lesson.slug) for lesson in lessons if lesson.slug not in inside]},
        *({str(escape(course.label(lang, NAV_LABELS[page]))): page} if page in NAV_LABELS else page for page in pages),
    ]


def theme_language(config: MkDocsConfig, wanted: str) -> str:
    """The theme's interface language, or English when the theme has no strings for `wanted`
    (a stock build stops with TemplateNotFound on such a language, e.g. sw or pcm)."""
    for folder in config.theme.dirs:
        if (Path(folder) / "partials" / "languages" / f"{wanted}.html").is_file():
            return wanted
    log.info("the theme has no interface strings for '%s': using English ones where strings.yml has none (its theme: block)", wanted)
    return ENGLISH
