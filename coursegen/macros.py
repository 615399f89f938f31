"""The macros a page may call, bound to one page's language and lesson.

Each macro gathers the data it needs from the content model, formats it for the page's language
and renders one template from macros/. Templates hold layout only.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .chart import ChartRow, bar_chart
from .course import Course, Model
from .languages import LANGUAGES
from .schemas import OPENNESS_ARTEFACTS

MACROS_FOLDER = "macros"

# Columns a comparison table may show, in the order a reader expects them.
TABLE_COLUMNS = (
    "organization", "parameters", "active_parameters", "architecture", "context_window",
    "training_tokens", "released", "licence", "base_model", "specialty",
)


class MacroError(Exception):
    """A macro was called wrongly (unknown model id, column, ...): the message is for the author."""


@dataclass(frozen=True)
class PageContext:
    course: Course
    lang: str  # the language the page is shown in
    lesson: str | None = None  # the lesson's slug on a lesson page
    source_lang: str = "en"  # the language of the page's text (English on a fallback page)
    # When a list: macros put their HTML here and leave a mark in the Markdown (see HTML_BLOCK_MARK).
    html_blocks: list[str] | None = None

    def label(self, key: str) -> str:
        return self.course.label(self.lang, key)

    @property
    def locale(self) -> Locale:
        return babel_locale(self.lang)


@functools.lru_cache(maxsize=None)
def babel_locale(lang: str) -> Locale:
    """The locale that formats numbers and dates for a language (parsed once: it is asked often)."""
    code = LANGUAGES[lang].babel_locale if lang in LANGUAGES else "en"
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _template_environment(course: Course) -> ImmutableSandboxedEnvironment:
    # Our own templates, but they print contributed strings: autoescape everything.
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(course.root / MACROS_FOLDER),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_ENVIRONMENTS: dict[Path, ImmutableSandboxedEnvironment] = {}


def template_environment(course: Course) -> ImmutableSandboxedEnvironment:
    if course.root not in _ENVIRONMENTS:
        _ENVIRONMENTS[course.root] = _template_environment(course)
    return _ENVIRONMENTS[course.root]


# Where a macro's HTML goes back after Markdown. Markdown would pass the HTML through unchanged,
# but it parses it tag by tag to find where the block ends: on a lesson full of model cards that
# is most of a page's build time. An HTML comment is a block Markdown keeps as it is.
HTML_BLOCK_MARK = "<!-- coursegen-html-block {} -->"


def _as_html_block(html: str, stash: list[str] | None = None) -> Markup:
    """Macro output as one raw HTML block: no blank lines, so Markdown keeps it whole."""
    block = "\n".join(line for line in html.split("\n") if line.strip())
    if stash is not None:
        stash.append(block)
        return Markup("\n" + HTML_BLOCK_MARK.format(len(stash) - 1) + "\n")
    return Markup("\n" + block + "\n")


def restore_html_blocks(html: str, stash: list[str]) -> str:
    """Put the stashed macro HTML back in place of its marks, in a page's HTML."""
    for index, block in enumerate(stash):
        html = html.replace(HTML_BLOCK_MARK.format(index), block, 1)
    return html


# -- formatting facts for a language ----------------------------------------------------------


def format_number(ctx: PageContext, value: float) -> str:
    return format_decimal(value, locale=ctx.locale)


def format_billions(ctx: PageContext, values: list[float]) -> str:
    text = ", ".join(format_number(ctx, v) + "\u00a0" + ctx.label("billion_short") for v in values)
    if ctx.lang in LANGUAGES and LANGUAGES[ctx.lang].direction == "rtl":
        # "7 B, 13 B, 70 B" kept left to right as one piece (LRI ... PDI), not reordered as "B, 13 B, 7"
        text = "\u2066" + text + "\u2069"
    return text


def format_month(ctx: PageContext, value: str) -> str:
    year, month = map(int, value.split("-"))
    return format_date(datetime.date(year, month, 1), "LLLL y", locale=ctx.locale)


def format_day(ctx: PageContext, value: str) -> str:
    """A day such as "2026-11-30" as the reader's language writes it (30 November 2026, 2026年11月30日)."""
    year, month, day = map(int, value.split("-"))
    return format_date(datetime.date(year, month, day), "long", locale=ctx.locale)


def model_text(ctx: PageContext, model: Model, key: str, english_default: str | None = None) -> str | None:
    return ctx.course.model_text(ctx.lang, model.id, key) or english_default


def fact_cells(ctx: PageContext, model: Model) -> dict[str, dict[str, Any]]:
    """Every fact of a model as {label, text, source} ready to print, in the page's language."""
    facts = model.facts
    not_disclosed = ctx.label("not_disclosed")
    architecture = facts["architecture"]
    architecture_text = ctx.label("dense" if architecture["type"] == "dense" else "mixture_of_experts")
    extra = [
        model_text(ctx, model, "attention", architecture.get("attention")),
        model_text(ctx, model, "architecture_notes", architecture.get("notes")),
    ]
    architecture_text = ctx.label("list_separator").join([architecture_text] + [e for e in extra if e])
    licence = facts["licence"]
    licence_kind = ctx.label("osi_approved" if licence["osi_approved"] else "not_osi_approved")
    licence_note = model_text(ctx, model, "licence_note", licence.get("note"))
    cells = {
        "organization": facts["organization"],
        "parameters": format_billions(ctx, facts["parameters"]),
        "active_parameters": format_billions(ctx, [facts["active_parameters"]]) if facts["active_parameters"] else None,
        "architecture": architecture_text,
        "context_window": (
            format_number(ctx, facts["context_window"]) + " " + ctx.label("tokens") if facts["context_window"] else not_disclosed
        ),
        "training_tokens": (
            format_billions(ctx, [facts["training_tokens"]]) + " " + ctx.label("tokens") if facts["training_tokens"] else not_disclosed
        ),
        "released": format_month(ctx, facts["released"]) if facts["released"] else not_disclosed,
        "licence": f"{licence['name']} ({licence_kind})" + (ctx.label("sentence_separator") + licence_note if licence_note else ""),
        "base_model": facts["base_model"],
        "specialty": model_text(ctx, model, "specialty"),
    }
    return {
        key: {"label": ctx.label(key), "text": text, "source": facts["sources"].get(key)}
        for key, text in cells.items()
        if text
    }


def openness_cells(ctx: PageContext, model: Model) -> list[dict[str, str]]:
    return [
        {"artefact": artefact, "label": ctx.label(artefact), "state": model["openness"][artefact],
         "text": ctx.label("state_" + model["openness"][artefact]),
         # a source for this artefact alone, when the record has one (else sources.openness backs it)
         "source": model["sources"].get(artefact)}
        for artefact in OPENNESS_ARTEFACTS
    ]


# -- the macros --------------------------------------------------------------------------------


def _model(ctx: PageContext, model_id: Any) -> Model:
    if not isinstance(model_id, str) or model_id not in ctx.course.models:
        known = ", ".join(sorted(ctx.course.models))
        raise MacroError(f"unknown model id {model_id!r} (known: {known})")
    return ctx.course.models[model_id]


def _models(ctx: PageContext, model_ids: Any) -> list[Model]:
    if isinstance(model_ids, str) or not isinstance(model_ids, (list, tuple)):
        raise MacroError(f"expected a list of model ids like [\"llama-2\", \"olmo-7b\"], got {model_ids!r}")
    return [_model(ctx, model_id) for model_id in model_ids]


def _render(ctx: PageContext, template: str, **values: Any) -> Markup:
    html = template_environment(ctx.course).get_template(template).render(label=ctx.label, lang=ctx.lang, **values)
    return _as_html_block(html, ctx.html_blocks)


def model_card(ctx: PageContext, model_id: str) -> Markup:
    model = _model(ctx, model_id)
    base = ctx.course.models.get(model["base_model_id"]) if model["base_model_id"] else None
    return _render(
        ctx, "model_card.j2",
        model=model.facts,
        description=model_text(ctx, model, "description"),
        facts=fact_cells(ctx, model),
        openness=openness_cells(ctx, model),
        base=base.facts if base else None,
        checked=format_day(ctx, model["checked"]) if model.facts.get("checked") else None,
    )


def comparison_table(ctx: PageContext, model_ids: list[str], columns: list[str] | None = None) -> Markup:
    models = _models(ctx, model_ids)
    columns = list(columns or ["organization", "parameters", "architecture", "context_window", "released", "licence"])
    for column in columns:
        if column not in TABLE_COLUMNS:
            raise MacroError(f"unknown column {column!r} (known: {', '.join(TABLE_COLUMNS)})")
    rows = [{"model": m.facts, "cells": fact_cells(ctx, m)} for m in models]
    for row, model in zip(rows, models):
        # A table cell names the licence and its kind; the licence's note stays on the model's card.
        if "licence" in row["cells"]:
            kind = ctx.label("osi_approved" if model["licence"]["osi_approved"] else "not_osi_approved")
            row["cells"]["licence"] = {**row["cells"]["licence"], "text": f"{model['licence']['name']} ({kind})"}
    return _render(ctx, "comparison_table.j2", rows=rows, columns=columns, caption=ctx.label("comparison_caption"))


def openness_table(ctx: PageContext, model_ids: list[str]) -> Markup:
    models = _models(ctx, model_ids)
    rows = [{"model": m.facts, "cells": openness_cells(ctx, m)} for m in models]
    return _render(ctx, "openness_table.j2", rows=rows, artefacts=OPENNESS_ARTEFACTS, caption=ctx.label("openness_caption"))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")


def markdown_text(value: str) -> str:
    """Contributed words placed in generated Markdown: no markup of their own.

    HTML characters become entities; Markdown's own are backslash-escaped, braces included,
    since `{: onclick=... }` after a heading would set an attribute (attr_list).
    """
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def lesson_header(ctx: PageContext) -> Markup:
    if ctx.lesson is None:
        raise MacroError("lesson_header() can only be used in a lesson's README.md")
    words = ctx.course.lesson_words(ctx.lang, ctx.lesson)
    lines = [f"# {markdown_text(words['title'])}", ""]
    if words.get("banner"):
        image = f"![{markdown_text(words.get('banner_alt', words['title']))}]({words['banner']})"
        lines += [f"[{image}]({words['video']})" if words.get("video") else image, ""]
    if words.get("video"):
        lines += [f"[{markdown_text(ctx.label('watch_video'))}]({words['video']}){{ .md-button }}", ""]
    lines += [f"## {markdown_text(ctx.label('learning_goals'))}", ""]
    lines += [f"- {markdown_text(goal)}" for goal in words["goals"]]
    return Markup("\n".join(lines) + "\n")


def lesson_list(ctx: PageContext) -> Markup:
    """The course's lessons as a list, for a language's home page (links resolved by MkDocs)."""
    lines = []
    for slug in sorted(ctx.course.lessons, key=lambda s: ctx.course.lessons[s].number):
        words = ctx.course.lesson_words(ctx.lang, slug)
        number = ctx.label("lesson_number").replace("{number}", str(words["number"]))
        lines.append(
            f"- [**{markdown_text(number)}: {markdown_text(words['title'])}**]({slug}/README.md)  \n"
            f"  {markdown_text(words['summary'])}"
        )
    return Markup("\n".join(lines) + "\n")


def translation_status(ctx: PageContext) -> Markup:
    """The translation status table (languages × lessons), for the site's status page."""
    from .status_page import translation_status as table  # imported here: it builds on this module

    return table(ctx)
# -- charts (geometry in coursegen/chart.py) ----------------------------------------------------

CHART_METRICS = ("parameters", "context_window")


def _chart_value(ctx: PageContext, model: Model, metric: str) -> tuple[float | None, str]:
    """The bar's length and the value's text: a family's largest size, all sizes written out."""
    if metric == "parameters":
        sizes = model["parameters"]
        return (max(sizes) if sizes else None), format_billions(ctx, sizes)
    value = model["context_window"]
    if not value:
        return None, ctx.label("not_disclosed")
    return value, format_number(ctx, value) + " " + ctx.label("tokens")


def model_chart(ctx: PageContext, model_ids: list[str], metric: str = "parameters") -> Markup:
    """A bar chart of one fact across models, as inline SVG with a title and description."""
    if metric not in CHART_METRICS:
        raise MacroError(f"unknown chart metric {metric!r} (known: {', '.join(CHART_METRICS)})")
    models = _models(ctx, model_ids)
    rows = []
    for model in models:
        value, text = _chart_value(ctx, model, metric)
        rows.append(ChartRow(model["name"], value, text))
    rtl = ctx.lang in LANGUAGES and LANGUAGES[ctx.lang].direction == "rtl"
    chart = bar_chart(rows, rtl=rtl)
    chart_id = "chart-" + metric.replace("_", "-") + "-" + "-".join(model["id"] for model in models[:2])
    return _render(
        ctx, "model_chart.j2",
        chart=chart,
        chart_id=chart_id,
        title=ctx.label(f"chart_{metric}"),
        description=ctx.label("list_separator").join(f"{row.name}: {row.text}" for row in rows),
        note=ctx.label("chart_note") if metric == "parameters" else "",
    )


# The names a page may call, and nothing else.
PAGE_MACROS: dict[str, Callable[..., Markup]] = {
    "model_card": model_card,
    "comparison_table": comparison_table,
    "openness_table": openness_table,
    "lesson_header": lesson_header,
    "lesson_list": lesson_list,
    "translation_status": translation_status,
    "model_chart": model_chart,
}


# Macros whose HTML depends only on the language and their arguments (not on the page or lesson):
# a model's card in Malay is the same in every lesson that shows it, so it is rendered once.
SAME_ON_EVERY_PAGE = frozenset({"model_card", "comparison_table", "openness_table", "model_chart"})


def bind_macros(ctx: PageContext) -> dict[str, Callable[..., Markup]]:
    def bind(name: str, function: Callable[..., Markup]) -> Callable[..., Markup]:
        def bound(*args: Any, **kwargs: Any) -> Markup:
            return function(ctx, *args, **kwargs)

        def bound_once(*args: Any, **kwargs: Any) -> Markup:
            key = (name, ctx.lang, repr((args, sorted(kwargs.items()))))
            block = ctx.course.rendered.get(key)
            if block is None:
                stash: list[str] = []
                function(dataclasses.replace(ctx, html_blocks=stash), *args, **kwargs)
                block = ctx.course.rendered[key] = stash[0]
            return _as_html_block(block, ctx.html_blocks)

        chosen = bound_once if name in SAME_ON_EVERY_PAGE else bound
        chosen.__name__ = function.__name__
        return chosen

    return {name: bind(name, function) for name, function in PAGE_MACROS.items()}
