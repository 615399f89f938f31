"""The macros a page may call, bound to one page's language and lesson.

Each macro gathers the data it needs from the content model, formats it for the page's language
and renders one template from macros/. Templates hold layout only.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from coursegen.content import schemas
from coursegen.content.course import Course, Model
from coursegen.escape import markdown_literal
from coursegen.pages import status_table
from coursegen.pages.chart import ChartRow, bar_chart
from coursegen.pages.context import MacroError, PageContext, as_html_block, render_template
from coursegen.pages.facts import (
    FORMATTERS,
    card_facts,
    chart_value,
    fact_cells,
    format_day,
    isolate,
    licence_name,
    model_text,
    openness_cells,
    untranslated_prose,
)

# -- the macros --------------------------------------------------------------------------------


def _model(ctx: PageContext, model_id: Any) -> Model:
    if not isinstance(model_id, str) or model_id not in ctx.course.models:
        known = ", ".join(sorted(ctx.course.models))
        raise MacroError(f"unknown model id {model_id!r} (known: {known})")
    return ctx.course.models[model_id]


def _models(ctx: PageContext, model_ids: Any) -> list[Model]:
    if isinstance(model_ids, str) or not isinstance(model_ids, (list, tuple)):
        raise MacroError(f'expected a list of model ids like ["llama-2", "olmo-7b"], got {model_ids!r}')
    return [_model(ctx, model_id) for model_id in model_ids]


def _view_id(kind: str, models: list[Model]) -> str:
    """An id for a table's or chart's caption, the same in every language (macros are cached)."""
    return f"{kind}-" + "-".join(model["id"] for model in models[:2])


def model_card(ctx: PageContext, model_id: str) -> Markup:
    model = _model(ctx, model_id)
    base = ctx.course.models.get(model["base_model_id"]) if model["base_model_id"] else None
    return render_template(
        ctx,
        "model_card.j2",
        model=model.facts,
        organization=isolate(ctx, model["organization"]),
        base_model=isolate(ctx, model["base_model"] or ""),
        description=model_text(ctx, model, "description"),
        description_in_english=untranslated_prose(ctx, model, {"description": lambda facts: None}),
        facts=card_facts(ctx, model),
        openness=openness_cells(ctx, model),
        base=base.facts if base else None,
        checked=format_day(ctx, model["checked"]) if model.facts.get("checked") else None,
    )


def comparison_table(ctx: PageContext, model_ids: list[str], columns: list[str] | None = None) -> Markup:
    models = _models(ctx, model_ids)
    columns = list(columns or schemas.default_columns())
    known = schemas.table_columns()
    for column in columns:
        if column not in known:
            raise MacroError(f"unknown column {column!r} (known: {', '.join(known)})")
    rows = [{"model": m.facts, "cells": fact_cells(ctx, m)} for m in models]
    for row, model in zip(rows, models, strict=True):
        # A table cell names the licence and its kind; the licence's note stays on the model's card.
        if "licence" in row["cells"]:
            row["cells"]["licence"] = {**row["cells"]["licence"], "text": licence_name(ctx, model)}
    return render_template(
        ctx,
        "comparison_table.j2",
        rows=rows,
        columns=columns,
        caption=ctx.label("comparison_caption"),
        table_id=_view_id("comparison", models),
    )


def openness_table(ctx: PageContext, model_ids: list[str]) -> Markup:
    models = _models(ctx, model_ids)
    rows = [{"model": m.facts, "cells": openness_cells(ctx, m)} for m in models]
    return render_template(
        ctx,
        "openness_table.j2",
        rows=rows,
        artefacts=schemas.OPENNESS_ARTEFACTS,
        caption=ctx.label("openness_caption"),
        table_id=_view_id("openness", models),
    )


def lesson_header(ctx: PageContext) -> Markup:
    if ctx.lesson is None:
        raise MacroError("lesson_header() can only be used in a lesson's README.md")
    words = ctx.course.lesson_words(ctx.lang, ctx.lesson)
    lines = [f"# {markdown_literal(words['title'])}", ""]
    if words.get("banner"):
        image = f"![{markdown_literal(words.get('banner_alt', words['title']))}]({words['banner']})"
        lines += [f"[{image}]({words['video']})" if words.get("video") else image, ""]
    if words.get("video"):
        # The theme's button: GitHub's Markdown sets no class, so the link is written in HTML.
        label, address = escape(ctx.label("watch_video")), escape(words["video"])
        lines += [f'<p><a class="md-button" href="{address}">{label}</a></p>', ""]
    lines += [f"## {markdown_literal(ctx.label('learning_goals'))}", ""]
    lines += [f"- {markdown_literal(goal)}" for goal in words["goals"]]
    return Markup("\n".join(lines) + "\n")


def lesson_list(ctx: PageContext) -> Markup:
    """The course's lessons as a list, for a language's home page (links resolved by MkDocs)."""
    lines = []
    for slug in sorted(ctx.course.lessons, key=lambda s: ctx.course.lessons[s].number):
        words = ctx.course.lesson_words(ctx.lang, slug)
        number = ctx.in_readers_language(markdown_literal(ctx.label("lesson_number").replace("{number}", str(words["number"]))), "span")
        # The summary in a paragraph of its own: the search's excerpt keeps paragraphs apart (after
        # a line break it would run the title into the summary: "Open Source Models What makes…").
        lines.append(f"- [**{number}: {markdown_literal(words['title'])}**]({slug}/README.md)\n\n  {markdown_literal(words['summary'])}")
    return Markup("\n\n".join(lines) + "\n")


def lesson_url(ctx: PageContext, slug: str) -> Markup:
    """Where a lesson's README.md links another lesson of the course, as in
    `[fine-tuning]({{ lesson_url("18-fine-tuning") }})`: this site's page when the site has that
    lesson (imported later, say), else the lesson in the course's repository."""
    if not isinstance(slug, str) or not schemas.LESSON_SLUG.match(slug):
        raise MacroError(f"lesson_url() takes a lesson's folder name (NN-slug), not {slug!r}")
    if slug in ctx.course.lessons:
        return Markup(f"../{slug}/README.md")
    return Markup(f"{ctx.course.config.upstream.rstrip('/')}/tree/{ctx.course.config.upstream_branch}/{slug}")


def translation_status(ctx: PageContext) -> Markup:
    """The translation status table (languages × lessons), for the site's status page."""
    return status_table.translation_status(ctx)


# -- one fact inside a sentence ----------------------------------------------------------------

# The formats a sentence can hold (a card's licence and architecture are sentences of their own).
_INLINE_FORMATS = ("billions", "tokens", "month", "text")


def fact(ctx: PageContext, model_id: str, field_name: str) -> Markup:
    """One of a model's facts where prose needs it, as in `{{ fact("mixtral-8x7b", "active_parameters") }}`:
    the value from data/models.yml, formatted as the cards format it, so that prose and cards
    cannot disagree. A licence is given by its name. Formatted in the language of the page's text
    (English on a page shown in English, whatever the reader's language)."""
    model = _model(ctx, model_id)
    fields = {field.name: field for field in schemas.shown_facts() if field.shown in _INLINE_FORMATS or field.name == "licence"}
    if field_name not in fields:
        raise MacroError(f"fact() cannot print {field_name!r} (it can: {', '.join(fields)})")
    text_ctx = dataclasses.replace(ctx, lang=ctx.source_lang)
    if field_name == "licence":
        text = isolate(text_ctx, model["licence"]["name"])
    else:
        text = FORMATTERS[fields[field_name].shown or ""](text_ctx, model, field_name) or ""
    if not text:
        raise MacroError(f"{model_id} has no {field_name} in data/models.yml, so a sentence cannot state it")
    return Markup(markdown_literal(text))


# -- charts (geometry in chart.py, values in facts.py) --------------------------------------------


def model_chart(ctx: PageContext, model_ids: list[str], metric: str = "parameters") -> Markup:
    """A bar chart of one fact across models, as a captioned list of names, values and bars."""
    fields = {field.name: field for field in schemas.shown_facts() if field.chart}
    if metric not in fields:
        raise MacroError(f"unknown chart metric {metric!r} (known: {', '.join(fields)})")
    field = fields[metric]
    models = _models(ctx, model_ids)
    rows = [ChartRow(model["name"], *chart_value(ctx, model, field)) for model in models]
    return render_template(
        ctx,
        "model_chart.j2",
        bars=bar_chart(rows),
        chart_id=_view_id("chart-" + metric.replace("_", "-"), models),
        title=ctx.label(f"chart_{metric}"),
        note=ctx.label("chart_note") if field.schema and field.schema.get("type") == "array" else "",
    )


# The names a page may call, and nothing else.
PAGE_MACROS: dict[str, Callable[..., Markup]] = {
    "model_card": model_card,
    "comparison_table": comparison_table,
    "openness_table": openness_table,
    "lesson_header": lesson_header,
    "lesson_list": lesson_list,
    "lesson_url": lesson_url,
    "translation_status": translation_status,
    "model_chart": model_chart,
    "fact": fact,
}


# Macros whose HTML depends only on the language and their arguments (not on the page or lesson):
# a model's card in Malay is the same in every lesson that shows it, so it is rendered once.
SAME_ON_EVERY_PAGE = frozenset({"model_card", "comparison_table", "openness_table", "model_chart"})
# Macros whose text depends only on the course, the page's languages and the arguments: made once
# per page language and text language (a fact is formatted in the language of the page's text).
SAME_TEXT_EVERYWHERE = frozenset({"fact"})


# Their HTML, by (macro, language, arguments), for each loaded course (a course reloaded in a
# preview is a new object, with a new cache).
_RENDERED: dict[int, tuple[weakref.ref[Course], dict[tuple[str, str, str], str]]] = {}


def rendered_cache(course: Course) -> dict[tuple[str, str, str], str]:
    key = id(course)
    entry = _RENDERED.get(key)
    if entry is None or entry[0]() is not course:

        def forget(ref: weakref.ref[Course]) -> None:
            if key in _RENDERED and _RENDERED[key][0] is ref:
                del _RENDERED[key]

        entry = _RENDERED[key] = (weakref.ref(course, forget), {})
    return entry[1]


def bind_macros(ctx: PageContext) -> dict[str, Callable[..., Markup]]:
    rendered = rendered_cache(ctx.course)

    def bind(name: str, function: Callable[..., Markup]) -> Callable[..., Markup]:
        def bound(*args: Any, **kwargs: Any) -> Markup:
            return function(ctx, *args, **kwargs)

        def bound_once(*args: Any, **kwargs: Any) -> Markup:
            key = (name, ctx.lang, repr((args, sorted(kwargs.items()))))
            block = rendered.get(key)
            if block is None:
                stash: list[str] = []
                function(dataclasses.replace(ctx, html_blocks=stash), *args, **kwargs)
                block = rendered[key] = stash[0]
            return as_html_block(block, ctx.html_blocks)

        def bound_text(*args: Any, **kwargs: Any) -> Markup:
            key = (name, f"{ctx.lang}/{ctx.source_lang}", repr((args, sorted(kwargs.items()))))
            text = rendered.get(key)
            if text is None:
                text = rendered[key] = function(ctx, *args, **kwargs)
            return Markup(text)

        chosen = bound_once if name in SAME_ON_EVERY_PAGE else bound_text if name in SAME_TEXT_EVERYWHERE else bound
        chosen.__name__ = function.__name__
        return chosen

    return {name: bind(name, function) for name, function in PAGE_MACROS.items()}
