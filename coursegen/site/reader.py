"""The reader's side of each page: its real language, hreflang links and the language switcher.

Computed from the content model and the configured languages (coursegen.site.alternates), never
from other languages' build output, so a build of some languages makes the same pages as a full
build. The hreflang links are absolute when site_url is set; the switcher's links stay relative,
so that a local preview switches languages locally.
"""

from __future__ import annotations

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from coursegen.content.course import Course
from coursegen.content.languages import get_language
from coursegen.content.sources import SourceFile
from coursegen.pages.guard import title_as_html
from coursegen.site import alternates
from coursegen.site.selection import Selection


def template_globals(env: jinja2.Environment, course: Course, lang: str, default: str) -> None:
    """The page's real language and interface words for the templates (docs/overrides/): the
    theme's templates do not escape, so contributed words are given escaped."""
    env.globals["course_lang"] = lang
    env.globals["course_dir"] = get_language(lang).direction
    env.globals["course_label"] = lambda key: escape(course.label(lang, key))
    env.globals["course_theme_label"] = lambda key: escape(course.theme_label(lang, key) or "")
    env.globals["course_home"] = "" if lang == default else f"{lang}/"


def page_html(html: str, page: Page, source: SourceFile | None, lang: str) -> str:
    """The title escaped for the theme; the text of an English fallback page marked as English."""
    # The theme prints page.meta.title (else the heading's text) unescaped: give it HTML text.
    if page.title:
        page.meta["title"] = title_as_html(page.title)
    if source is None or source.lang == lang:
        return html
    language = get_language(source.lang)
    return f'<div lang="{language.code}" dir="{language.direction}">\n{html}\n</div>'


def set_alternate(config: MkDocsConfig, links: list[alternates.Alternate]) -> None:
    """hreflang links, which the theme prints in <head>. mkdocs-static-i18n sets extra.alternate
    as an attribute, which templates read before the mapping's item: set both."""
    config.extra["alternate"] = links
    config.extra.alternate = links  # type: ignore[attr-defined]  # an attribute static-i18n sets


def language_links(context: TemplateContext, page: Page, config: MkDocsConfig, course: Course, selection: Selection, lang: str) -> None:
    """The page's hreflang links and its language switcher (`course_switcher`)."""
    languages, default = list(selection.configured), selection.default
    key = alternates.key_of_url(page.url, lang, default)
    # The templates read the Alternate objects' attributes (faster than a dict's keys, which the
    # template engine finds only after a failed attribute lookup: 110 links per page).
    set_alternate(config, alternates.alternates(course, key, languages, config.site_url or None, default))
    context["course_switcher"] = [  # type: ignore[typeddict-unknown-key]  # our template variable
        link for link in alternates.alternates(course, key, languages, None, default) if link.lang != "x-default"
    ]


def home_links(config: MkDocsConfig, course: Course, selection: Selection) -> None:
    """Pages without a page of their own (404) offer the home page in each language."""
    links = alternates.alternates(course, "", list(selection.configured), None, selection.default)
    set_alternate(config, [link for link in links if link.lang != "x-default"])
