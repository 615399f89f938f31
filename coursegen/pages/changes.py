"""The translators' page of an outdated lesson: what changed in English since the translation.

One page per language and outdated lesson, at /<lang>/changes/<slug>/ (written into the staged
folder by coursegen.site.changes: `changes_page` is its whole Markdown). The words around
the diff are in the reader's language (strings files); the diff itself is the English text,
escaped (it comes from contributors) and marked with <ins> and <del>. Where the build has no git
history the page says so instead of failing.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from coursegen.content import history
from coursegen.content.comparison import ADDED, REMOVED, SAME, BlockChange
from coursegen.content.course import Course
from coursegen.content.languages import ENGLISH, language_name
from coursegen.content.status import OUTDATED, lesson_status, status_of
from coursegen.escape import markdown_literal
from coursegen.pages.context import MacroError, PageContext, render_template
from coursegen.pages.facts import format_timestamp

FOLDER = "changes"  # /<lang>/changes/<slug>/


def has_changes_page(course: Course, lang: str, slug: str) -> bool:
    """A changes page exists for an outdated translation that says which English it came from."""
    if (lang, slug) not in course.translations or course.translations[(lang, slug)].metadata is None:
        return False
    cell = status_of(course).cells.get((lang, slug))  # computed once per build: asked on every status page
    return (cell.state if cell is not None else lesson_status(course, lang, slug).state) == OUTDATED


def changes_href(to_language_root: str, slug: str, directory_urls: bool = True) -> str:
    """The changes page's address, from the address of the language's root (relative is fine)."""
    return f"{to_language_root}{FOLDER}/{slug}" + ("/" if directory_urls else ".html")


def _text(value: str) -> Markup:
    """English text, escaped: HTML characters, and braces (the page's text goes through the macro
    renderer, which must see no `{{ }}` in it); line breaks kept without a blank line, which would
    end Markdown's HTML block."""
    escaped = str(escape(value)).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")
    return Markup(escaped.replace("\n", "&#10;"))


def change_html(change: BlockChange) -> Markup:
    if change.kind == ADDED:
        return Markup("<ins>") + _text(change.new or "") + Markup("</ins>")
    if change.kind == REMOVED:
        return Markup("<del>") + _text(change.old or "") + Markup("</del>")
    parts = []
    for op, piece in change.pieces:
        if op == SAME:
            parts.append(_text(piece))
        else:
            # Spaces outside the mark: an underline or strike-through under a space reads as a typo.
            tag = "ins" if op == ADDED else "del"
            core = piece.strip()
            if not core:
                parts.append(_text(piece))
                continue
            lead, tail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
            parts.append(_text(lead) + Markup(f"<{tag}>") + _text(core) + Markup(f"</{tag}>") + _text(tail))
    return Markup("").join(parts)


def english_changes(ctx: PageContext, slug: str) -> Markup:
    """The page: a title, where the translation came from, then the English diff by section."""
    course = ctx.course
    if slug not in course.lessons:
        raise MacroError(f"english_changes(): no lesson {slug!r}")
    lang = ctx.lang
    words = course.lesson_words(lang, slug)
    language = language_name(lang, course.label_in(lang, "changes_translated_on")[0])  # CLDR's, in the sentence's language
    title = ctx.label("changes_title").replace("{lesson}", words["title"])
    translation = course.translations.get((lang, slug))
    diff = history.english_diff(course, lang, slug) if translation is not None else None
    repository, branch = course.config.repository.rstrip("/"), course.config.branch
    values: dict[str, Any] = {
        "title": title,
        "language": language,
        "links": [
            (ctx.label("changes_open_translation"), f"../../{slug}/", None),
            (ctx.label("notice_read_english"), f"../../../{slug}/", ENGLISH),
            (
                ctx.label("changes_edit_translation"),
                f"{repository}/edit/{branch}/{course.path(translation.readme)}" if translation else "",
                None,
            ),
            (ctx.label("notice_how_to_update"), "../../contributing/#update-a-translation", None),
        ],
        "found": diff is not None and diff.base is not None,
        "sections": [],
    }
    if diff is not None:
        values["translated"] = (
            ctx.label("changes_translated_on")
            .replace("{date}", format_timestamp(ctx, diff.translation_date))
            .replace("{language}", language)
        )
    if diff is None or diff.base is None:
        # Only a shallow clone can be helped by more history; a translation made from an English
        # text this repository never had is compared by hand, then stamped.
        shallow = diff is None or (diff.missing is not None and diff.missing.shallow)
        values["missing"] = ctx.label("changes_no_history" if shallow else "changes_made_elsewhere")
        stamp = f"coursegen stamp {course.path(translation.readme)}" if translation is not None else ""
        values["command"] = f"coursegen diff {lang} {slug}" if shallow else stamp
        values["reason"] = diff.missing.reason if diff is not None and diff.missing else ""
    else:
        summary = diff.summary()
        values["based_on"] = (
            ctx.label("changes_based_on")
            .replace("{commit}", diff.base.commit[:10])
            .replace("{date}", format_timestamp(ctx, diff.base.date))
        )
        values["commit"] = diff.base.commit
        values["summary"] = (
            ctx.label("changes_summary")
            .replace("{sections}", str(summary["sections_changed"] + summary["sections_added"] + summary["sections_removed"]))
            .replace("{added}", str(summary["words_added"]))
            .replace("{removed}", str(summary["words_removed"]))
        )
        kinds = {
            "changed": ctx.label("changes_section_changed"),
            "added": ctx.label("changes_section_added"),
            "removed": ctx.label("changes_section_removed"),
        }
        block_kinds = {
            "changed": ctx.label("changes_paragraph_changed"),
            "added": ctx.label("changes_paragraph_added"),
            "removed": ctx.label("changes_paragraph_removed"),
        }
        for section in diff.sections:
            values["sections"].append(
                {
                    "kind": section.kind,
                    "kind_text": kinds[section.kind],
                    "title": section.title if section.title is not None else ctx.label("changes_before_first_heading"),
                    "english_title": section.title is not None,
                    "old_title": section.old_title,
                    "changes": [{"kind": c.kind, "kind_text": block_kinds[c.kind], "html": change_html(c)} for c in section.changes],
                }
            )
    heading = "# " + markdown_literal(title) + "\n\n"
    return Markup(heading) + render_template(ctx, "english_changes.j2", **values)


def changes_page(course, lang: str, slug: str) -> str:  # noqa: ANN001
    """The changes page's whole Markdown, in lang: its title, then one HTML block (no page macro:
    contributed pages cannot call this)."""
    heading, _, block = str(english_changes(PageContext(course, lang, None, lang), slug)).partition("\n\n")
    # The build runs the page through the macro renderer: no brace of a label or of the English
    # text may reach it (the heading's are backslash-escaped already).
    return heading + "\n\n" + block.replace("{", "&#123;").replace("}", "&#125;")
