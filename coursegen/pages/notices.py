"""The notices a reader sees at the top of a page that is not a current translation.

- outdated: the page is a translation made from an older English version (or one that does not
  say which version it was made from);
- fallback: the page has no translation in the reader's language and is shown in English;
- withheld: the page's translation breaks the output rules, so the deploy shows the English page.

Pure: the adapter passes the languages and the addresses (it knows the page's URL); this returns
an HTML block for the top of the page's Markdown (macros/notice.j2), or "" when no notice is
needed. Every word comes from the strings files, in the reader's language, and is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from coursegen.content.course import ENGLISH, Course
from coursegen.content.languages import LANGUAGES, language_name
from coursegen.content.status import OUTDATED, lesson_status
from coursegen.pages.context import PageContext, render_html
from coursegen.pages.facts import format_timestamp

# The translators' guide on the site (CONTRIBUTING.md) and its two sections the notices link to.
GUIDE_PAGE = "contributing"
START_ANCHOR = "start-a-translation"
UPDATE_ANCHOR = "update-a-translation"

OUTDATED_CLASS = "course-notice course-notice--outdated"
FALLBACK_CLASS = "course-notice course-notice--fallback"
WITHHELD_CLASS = "course-notice course-notice--fallback course-notice--withheld"


@dataclass(frozen=True)
class NoticeLinks:
    english: str  # the same page in English
    update_guide: str  # how to update a translation
    start_guide: str  # how to start one


def _notice(ctx: PageContext, css: str, title_key: str, text: str | Markup, links: list[tuple[str, str, str | None]]) -> str:
    """macros/notice.j2: the notice as one raw HTML block, then a blank line.

    Its language and direction are those of its words: a language with no translation of the
    notice yet shows the English one, marked English and left to right inside a right-to-left page
    (else its full stop would jump to the start of the line)."""
    words_lang, title = ctx.course.label_in(ctx.lang, title_key)
    direction = LANGUAGES[words_lang].direction if words_lang in LANGUAGES else "ltr"
    anchors = [{"words": words, "href": href, "hreflang": hreflang} for words, href, hreflang in links]
    values = {"css": css, "title": title, "text": text, "links": anchors, "words_lang": words_lang, "direction": direction}
    return render_html(ctx, "notice.j2", **values) + "\n\n"


def _isolated(label: str, name: str, value: str) -> Markup:
    """A label with its {name} replaced by value in <bdi>: a date or a name keeps its own order
    inside text of the other direction (an Urdu sentence around "17 اکتوبر 2025")."""
    before, found, after = label.partition("{" + name + "}")
    if not found:
        return escape(label)
    return escape(before) + Markup("<bdi>") + escape(value) + Markup("</bdi>") + escape(after)


def outdated_notice(course: Course, lang: str, slug: str, links: NoticeLinks) -> str:
    status = lesson_status(course, lang, slug)
    if status.state != OUTDATED:
        return ""
    ctx = PageContext(course, lang, slug, lang)
    if status.translation_date:
        text = _isolated(ctx.label("notice_outdated"), "date", format_timestamp(ctx, status.translation_date))
    else:
        text = escape(ctx.label("notice_outdated_undated"))
    return _notice(
        ctx,
        OUTDATED_CLASS,
        "notice_outdated_title",
        text,
        [(ctx.label("notice_read_english"), links.english, ENGLISH), (ctx.label("notice_how_to_update"), links.update_guide, None)]
        + _changes_link(course, ctx, lang, slug, links),
    )


# -- issue 15: the link to the translators' changes page (coursegen/pages/changes.py) -----------


def _changes_link(course: Course, ctx: PageContext, lang: str, slug: str, links: NoticeLinks) -> list[tuple[str, str, str | None]]:
    from coursegen.pages.changes import changes_href, has_changes_page

    if not has_changes_page(course, lang, slug):
        return []
    guide = links.update_guide.split("#")[0]  # <to the language's root>contributing/ (or .html)
    directory_urls = guide.endswith("/")
    root = guide[: -len(GUIDE_PAGE + ("/" if directory_urls else ".html"))]
    return [(ctx.label("notice_see_changes"), changes_href(root, slug, directory_urls), None)]


def _in_english(course: Course, lang: str, css: str, words: str, link_words: str, href: str) -> str:
    """The notice of a page shown in English instead of lang (its words: `words`, `words`_title)."""
    words_lang, label = course.label_in(lang, words)
    ctx = PageContext(course, words_lang)  # all its words in one language: the reader's, else English
    text = _isolated(label, "language", language_name(lang, words_lang))
    return _notice(ctx, css, f"{words}_title", text, [(ctx.label(link_words), href, None)])


def fallback_notice(course: Course, lang: str, links: NoticeLinks) -> str:
    return _in_english(course, lang, FALLBACK_CLASS, "notice_fallback", "notice_start_translation", links.start_guide)


def withheld_notice(course: Course, lang: str, links: NoticeLinks) -> str:
    return _in_english(course, lang, WITHHELD_CLASS, "notice_withheld", "notice_how_to_update", links.update_guide)


def page_notice(course: Course, lang: str, source_lang: str, lesson: str | None, links: NoticeLinks) -> str:
    """The notice for a page shown in `lang` whose text is in `source_lang` ("" when none)."""
    if lang == ENGLISH:
        return ""
    if source_lang != lang:
        return fallback_notice(course, lang, links)
    if lesson is not None and lesson in course.lessons:
        return outdated_notice(course, lang, lesson, links)
    return ""


def insert_notice(markdown: str, notice: str) -> str:
    """Put a notice just below the page's title (the first `# ` heading), else at the top.

    MkDocs takes a page's title from its first element only when that is the `# ` heading, so
    a notice above it would cost the page its title in the navigation and the browser tab.
    """
    if not notice:
        return markdown
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: index + 1] + ["", notice.strip("\n"), ""] + lines[index + 1 :])
        if line.strip():
            break
    return notice + markdown
