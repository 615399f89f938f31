"""The site's translation status page: the status matrix as a table in the reader's language.

Called through the `translation_status()` macro; the states are the ones `coursegen status`
prints, so the page and the command cannot disagree.
"""

from __future__ import annotations

from babel.lists import format_list
from babel.numbers import format_percent
from markupsafe import Markup, escape

from coursegen.content import interface
from coursegen.content.course import ENGLISH
from coursegen.content.languages import LANGUAGES
from coursegen.content.status import MISSING, status_of, strings_file
from coursegen.pages.changes import changes_href, has_changes_page
from coursegen.pages.context import PageContext, render_template
from coursegen.pages.facts import format_day, format_timestamp

STATE_LABELS = {
    "up-to-date": "status_up_to_date",
    "outdated": "status_outdated",
    "in-progress": "status_in_progress",
    "missing": "status_missing",
}


def translation_status(ctx: PageContext) -> Markup:
    course = ctx.course
    status = status_of(course)
    repository, branch = course.config.repository.rstrip("/"), course.config.branch
    lessons = [
        {"slug": slug, "heading": ctx.label("lesson_number").replace("{number}", str(course.lessons[slug].number))}
        for slug in status.lessons
    ]
    rows = []
    for lang in status.languages:
        cells = []
        for slug in status.lessons:
            cell = status.cells[(lang, slug)]
            # A missing translation links to the English file to translate; the others to the file to edit.
            href = (
                f"{repository}/blob/{branch}/lessons/{slug}/README.md"
                if cell.state == MISSING
                else f"{repository}/edit/{branch}/{cell.path}"
            )
            entry = {"slug": slug, "state": cell.state, "text": ctx.label(STATE_LABELS[cell.state]), "href": href, "path": cell.path}
            if has_changes_page(course, lang, slug):  # the translators' page of what changed in English
                to_root = "../" if ctx.lang == ENGLISH else "../../"
                entry["changes_href"] = changes_href(f"{to_root}{lang}/", slug)
                entry["changes_text"] = ctx.label("status_see_changes")
            cells.append(entry)
        share, words = status.share_up_to_date(lang), status.interface_share(lang)
        rows.append(
            {
                "lang": lang,
                "name": LANGUAGES[lang].native_name if lang in LANGUAGES else lang,
                "cells": cells,
                "percent": round(100 * share, 1),
                "percent_text": format_percent(share, locale=ctx.locale),
                "interface": interface_cell(ctx, lang, words, reviewed=lang not in status.unreviewed),
            }
        )
    table = render_template(ctx, "translation_status.j2", lessons=lessons, rows=rows, caption=ctx.label("status_caption"))
    return upstream_line(ctx) + facts_checked_line(ctx) + table + missing_strings_list(ctx) + withheld_list(ctx)


def interface_cell(ctx: PageContext, lang: str, share: float, reviewed: bool) -> dict:
    """How much of the site's own words lang has, and whether a native speaker has reviewed them:
    an unreviewed language links to its shipped file, where a reviewer starts."""
    repository, branch = ctx.course.config.repository.rstrip("/"), ctx.course.config.branch
    shipped = interface.shipped_file(lang)
    return {
        "percent": round(100 * share, 1),
        "percent_text": format_percent(share, locale=ctx.locale),
        "reviewed": reviewed,
        "review_text": ctx.label("status_interface_reviewed" if reviewed else "status_interface_unreviewed"),
        "review_href": None if reviewed else f"{repository}/blob/{branch}/coursegen/interface/{shipped.name}",
    }


def upstream_line(ctx: PageContext) -> Markup:
    """Which upstream commit the imported pages come from, and when it was made (upstream.yml):
    how fresh the site is. The address and the commit read left to right on any page."""
    record = ctx.course.upstream_record
    if not record:
        return Markup("")
    repository, commit = str(record["repository"]).rstrip("/"), str(record["commit"])
    named = Markup('<a href="{}">{}</a>').format(repository, repository) if repository.startswith("https://") else escape(repository)
    short = Markup("<code>{}</code>").format(commit[:12])
    if repository.startswith("https://github.com/"):
        short = Markup('<a href="{}/commit/{}">{}</a>').format(repository, commit, short)
    values = {
        "repository": Markup('<bdi dir="ltr">{}</bdi>').format(named),
        "commit": Markup('<bdi dir="ltr">{}</bdi>').format(short),
        "date": Markup("<bdi>{}</bdi>").format(format_timestamp(ctx, str(record["date"]))),
    }
    return Markup(ctx.in_readers_language(Markup('<p class="status-upstream">{}</p>').format(filled(ctx.label("status_upstream"), values))))


def facts_checked_line(ctx: PageContext) -> Markup:
    """The model whose facts were compared with their sources longest ago, and when (`coursegen
    check` warns once that is more than six months ago): how current the lesson's facts are."""
    checked = [model for model in ctx.course.models.values() if model.facts.get("checked")]
    if not checked:
        return Markup("")
    oldest = min(checked, key=lambda model: (model["checked"], model.id))
    values = {
        "date": Markup("<bdi>{}</bdi>").format(format_day(ctx, oldest["checked"])),
        "model": Markup('<bdi translate="no">{}</bdi>').format(oldest["name"]),
    }
    return Markup(
        ctx.in_readers_language(Markup('<p class="status-facts">{}</p>').format(filled(ctx.label("status_facts_checked"), values)))
    )


def filled(label: str, values: dict[str, Markup]) -> Markup:
    """A label with its {name}s replaced by our markup (the label itself escaped: contributed text)."""
    words = str(escape(label))
    for name, value in values.items():
        words = words.replace("{" + name + "}", str(value))
    return Markup(words)


def missing_strings_list(ctx: PageContext) -> Markup:
    """Each language's interface strings not translated yet, by key (the list `coursegen status`
    prints), each language linking to the file that translates them."""
    course, status = ctx.course, status_of(ctx.course)
    repository, branch = course.config.repository.rstrip("/"), course.config.branch
    languages = [
        {
            "lang": lang,
            "name": LANGUAGES[lang].native_name if lang in LANGUAGES else lang,
            "file": strings_file(lang),
            "href": f"{repository}/edit/{branch}/{strings_file(lang)}"
            if lang in course.strings
            else f"{repository}/blob/{branch}/lessons/strings.yml",
            # the keys in the language's list pattern, each as code (or one phrase: no file yet)
            "missing": ctx.label("status_strings_no_file")
            if lang in status.without_strings_file
            else Markup(format_list([Markup("<code>{}</code>").format(key) for key in status.missing_strings[lang]], locale=ctx.locale)),
        }
        for lang in status.languages
        if status.missing_strings[lang]
    ]
    if not languages:
        return Markup("")
    return render_template(ctx, "missing_strings.j2", languages=languages, heading=ctx.label("status_strings_missing"))


# Where the status page lists the translated pages a deploy held back (coursegen.site.build
# writes the list in once every group of languages is built; until then: none).
WITHHELD_PLACE = '<p class="status-withheld__list">'


def withheld_list(ctx: PageContext) -> Markup:
    heading, none = ctx.label("status_withheld"), ctx.label("status_withheld_none")
    return Markup(
        ctx.in_readers_language(Markup('<div class="status-withheld"><p>{}</p>' + WITHHELD_PLACE + "{}</p></div>").format(heading, none))
    )
