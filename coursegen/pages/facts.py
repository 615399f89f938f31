"""A model's facts as a page prints them, in the page's language.

Which facts there are, their labels and their formats are declared once, in MODEL_FIELDS
(coursegen/content/schemas.py); this module holds one formatter per format.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from coursegen.content import schemas
from coursegen.content.course import Model
from coursegen.content.languages import LANGUAGES
from coursegen.pages.context import PageContext


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


# -- one formatter per format of schemas.FACT_FORMATS: (page, model, field name) -> text, or
# None when the model has no value.


def _text(ctx: PageContext, model: Model, name: str) -> str | None:
    return model.facts.get(name) or None


def _billions(ctx: PageContext, model: Model, name: str) -> str | None:
    value = model.facts.get(name)
    if not value:
        return None
    return format_billions(ctx, value if isinstance(value, list) else [value])


def _billion_tokens(ctx: PageContext, model: Model, name: str) -> str | None:
    value = model.facts.get(name)
    return format_billions(ctx, [value]) + " " + ctx.label("tokens") if value else None


def _tokens(ctx: PageContext, model: Model, name: str) -> str | None:
    value = model.facts.get(name)
    return format_number(ctx, value) + " " + ctx.label("tokens") if value else None


def _month(ctx: PageContext, model: Model, name: str) -> str | None:
    value = model.facts.get(name)
    return format_month(ctx, value) if value else None


def _licence(ctx: PageContext, model: Model, name: str) -> str | None:
    licence = model.facts.get(name)
    if not licence:
        return None
    kind = ctx.label("osi_approved" if licence["osi_approved"] else "not_osi_approved")
    note = model_text(ctx, model, "licence_note", licence.get("note"))
    return f"{licence['name']} ({kind})" + (ctx.label("sentence_separator") + note if note else "")


def _architecture(ctx: PageContext, model: Model, name: str) -> str | None:
    architecture = model.facts.get(name)
    if not architecture:
        return None
    parts = [
        ctx.label("dense" if architecture["type"] == "dense" else "mixture_of_experts"),
        model_text(ctx, model, "attention", architecture.get("attention")),
        model_text(ctx, model, "architecture_notes", architecture.get("notes")),
    ]
    return ctx.label("list_separator").join(part for part in parts if part)


def _prose(ctx: PageContext, model: Model, name: str) -> str | None:
    return model_text(ctx, model, name)


FORMATTERS: dict[str, Callable[[PageContext, Model, str], str | None]] = {
    "text": _text,
    "billions": _billions,
    "billion_tokens": _billion_tokens,
    "tokens": _tokens,
    "month": _month,
    "licence": _licence,
    "architecture": _architecture,
    "prose": _prose,
}
if set(FORMATTERS) != set(schemas.FACT_FORMATS):  # a format declared without a formatter, or the reverse
    raise RuntimeError(f"fact formats without a formatter: {sorted(set(schemas.FACT_FORMATS) ^ set(FORMATTERS))}")


def fact_cells(ctx: PageContext, model: Model) -> dict[str, dict[str, Any]]:
    """The facts a page shows of a model, as {label, text, source} in the page's language, in the
    declared order; a fact with no value reads "Not disclosed" or is left out, as declared."""
    cells = {}
    for field in schemas.shown_facts():
        text = FORMATTERS[field.shown](ctx, model, field.name) if field.shown else None
        if not text and field.undisclosed:
            text = ctx.label("not_disclosed")
        if text:
            cells[field.name] = {"label": ctx.label(field.label), "text": text, "source": model.facts["sources"].get(field.name)}
    return cells


def card_facts(ctx: PageContext, model: Model) -> dict[str, dict[str, Any]]:
    """The facts listed on a model's card (the others are in its header)."""
    on_card = {field.name for field in schemas.shown_facts() if field.on_card}
    return {name: cell for name, cell in fact_cells(ctx, model).items() if name in on_card}


def chart_value(ctx: PageContext, model: Model, field: schemas.ModelField) -> tuple[float | None, str]:
    """A bar's length and its text: a family's largest size, all its sizes written out."""
    value = model.facts.get(field.name)
    length = (max(value) if value else None) if isinstance(value, list) else (value or None)
    return length, FORMATTERS[field.shown or ""](ctx, model, field.name) or ctx.label("not_disclosed")


def openness_cells(ctx: PageContext, model: Model) -> list[dict[str, str]]:
    return [
        {
            "artefact": artefact,
            "label": ctx.label(artefact),
            "state": model["openness"][artefact],
            "text": ctx.label("state_" + model["openness"][artefact]),
            # a source for this artefact alone, when the record has one (else sources.openness backs it)
            "source": model["sources"].get(artefact),
        }
        for artefact in schemas.OPENNESS_ARTEFACTS
    ]
