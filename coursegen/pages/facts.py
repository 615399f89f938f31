"""A model's facts as a page prints them, in the page's language.

Which facts there are, their labels and their formats are declared once, in MODEL_FIELDS
(coursegen/content/schemas.py); this module holds one formatter per format.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
from collections.abc import Callable
from typing import Any

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from coursegen.content import schemas
from coursegen.content.course import ENGLISH, Model
from coursegen.content.languages import babel_locale, is_rtl
from coursegen.pages.context import PageContext

# Unicode's first-strong isolate and pop-directional isolate: the text between keeps its own
# direction and order inside text of the other direction (a Latin name in Arabic, Arabic in the
# chart's left-to-right drawing).
_FSI, _PDI = "\u2068", "\u2069"
NO_BREAK = "\u00a0"


def isolate(ctx: PageContext, text: str) -> str:
    """On a right-to-left page, a value set apart so that it reads in its own order."""
    return _FSI + text + _PDI if is_rtl(ctx.lang) and text else text


def fill(pattern: str, **values: str) -> str:
    """A label that is a pattern ("{text} ({aside})"): placeholders replaced, nothing else read."""
    for name, value in values.items():
        pattern = pattern.replace("{" + name + "}", value)
    return pattern


def sentences(ctx: PageContext, parts: list[str | None]) -> str:
    """Phrases that carry their own commas, one after the other as sentences (labels.sentence_separator)."""
    return ctx.label("sentence_separator").join(part for part in parts if part)


def in_brackets(ctx: PageContext, text: str, aside: str) -> str:
    """ "Apache 2.0 (OSI-approved ...)": the brackets the language uses (labels.in_brackets)."""
    return fill(ctx.label("in_brackets"), text=text, aside=aside)


def format_number(ctx: PageContext, value: float) -> str:
    return format_decimal(value, locale=ctx.locale)


def format_compact(ctx: PageContext, number: decimal.Decimal) -> str:
    """A large number as the language abbreviates it (CLDR short compact decimals): 7B, 70億, 7 مليار.

    Babel 2.19.0's format_compact_decimal divides by the wrong power of ten when a pattern has a
    negative half ("0B;-0B" in Swahili turns 7 billion into "70B"): the same CLDR pattern is chosen
    here and its positive half read (tests/test_formats.py says when Babel no longer needs it).
    """
    patterns = ctx.locale.compact_decimal_formats["short"]
    magnitudes = [int(magnitude) for magnitude in patterns["other"] if int(magnitude) <= number]
    if not magnitudes:
        return format_decimal(number, locale=ctx.locale)
    magnitude = str(max(magnitudes))
    positive = patterns["other"][magnitude].pattern.split(";")[0]
    if positive == "0":  # CLDR's "no abbreviation at this size"
        return format_decimal(number, locale=ctx.locale)
    scaled = round(number / (int(magnitude) // 10 ** (positive.count("0") - 1)), 2).normalize()
    category = ctx.locale.plural_form(scaled)
    pattern = patterns.get(category, patterns["other"]).get(magnitude, patterns["other"][magnitude])
    return pattern.apply(scaled, ctx.locale, decimal_quantization=False)


def format_billions(ctx: PageContext, values: list[float]) -> str:
    """Sizes in billions ("7B, 13B, and 70B"): compact numbers in the language's list pattern."""
    billion = decimal.Decimal(10) ** 9
    return format_list([format_compact(ctx, decimal.Decimal(str(value)) * billion) for value in values], locale=ctx.locale)


def format_count(ctx: PageContext, label: str, number: int) -> str:
    """A number with its noun in the right plural form ("4,096 tokens", "4,096 رمزًا", "tokeni 4,096")."""
    source, forms = ctx.course.plural_label(ctx.lang, label)
    category = babel_locale(source).plural_form(number)
    count = format_number(ctx, number)
    text = fill(forms.get(category, forms["other"]), count=count)
    # the number stays on one line with its noun (a narrow table cell breaks elsewhere)
    return text.replace(count + " ", count + NO_BREAK).replace(" " + count, NO_BREAK + count)


def format_month(ctx: PageContext, value: str) -> str:
    """A month such as "2023-07" as the language writes it (July 2023, 2023年7月, يوليو 2023)."""
    year, month = map(int, value.split("-"))
    return format_skeleton("yMMMM", datetime.date(year, month, 1), locale=ctx.locale).replace(" ", NO_BREAK)  # one piece


def format_day(ctx: PageContext, value: str) -> str:
    """A day such as "2026-11-30" as the reader's language writes it (30 November 2026, 2026年11月30日)."""
    year, month, day = map(int, value.split("-"))
    return format_date(datetime.date(year, month, day), "long", locale=ctx.locale)


def format_timestamp(ctx: PageContext, value: str | None) -> str:
    """A translation date as metadata records it ("2025-05-06T14:32:10Z") as the reader's language
    writes the day; text that is not such a date is shown as it is."""
    if not value:
        return ""
    try:
        day = datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return value
    return format_date(day, format="long", locale=ctx.locale)


def model_text(ctx: PageContext, model: Model, key: str, english_default: str | None = None) -> str | None:
    return ctx.course.model_text(ctx.lang, model.id, key) or english_default


def licence_name(ctx: PageContext, model: Model) -> str:
    """The licence's name and whether OSI approved it: what a table cell says of it."""
    licence = model["licence"]
    kind = ctx.label("osi_approved" if licence["osi_approved"] else "not_osi_approved")
    return in_brackets(ctx, isolate(ctx, licence["name"]), kind)


# -- one formatter per format of schemas.FACT_FORMATS: (page, model, field name) -> text, or
# None when the model has no value.


def _text(ctx: PageContext, model: Model, name: str) -> str | None:
    return isolate(ctx, model.facts.get(name) or "") or None


def _billions(ctx: PageContext, model: Model, name: str) -> str | None:
    value = model.facts.get(name)
    if not value:
        return None
    return format_billions(ctx, value if isinstance(value, list) else [value])


def _tokens(ctx: PageContext, model: Model, name: str) -> str | None:
    value = model.facts.get(name)
    return format_count(ctx, "tokens", value) if value else None


def _month(ctx: PageContext, model: Model, name: str) -> str | None:
    value = model.facts.get(name)
    return format_month(ctx, value) if value else None


def _licence(ctx: PageContext, model: Model, name: str) -> str | None:
    licence = model.facts.get(name)
    if not licence:
        return None
    return sentences(ctx, [licence_name(ctx, model), model_text(ctx, model, "licence_note", licence.get("note"))])


def _architecture(ctx: PageContext, model: Model, name: str) -> str | None:
    architecture = model.facts.get(name)
    if not architecture:
        return None
    return sentences(
        ctx,
        [
            ctx.label("dense" if architecture["type"] == "dense" else "mixture_of_experts"),
            model_text(ctx, model, "attention", architecture.get("attention")),
            model_text(ctx, model, "architecture_notes", architecture.get("notes")),
        ],
    )


def _prose(ctx: PageContext, model: Model, name: str) -> str | None:
    return model_text(ctx, model, name)


FORMATTERS: dict[str, Callable[[PageContext, Model, str], str | None]] = {
    "text": _text,
    "billions": _billions,
    "tokens": _tokens,
    "month": _month,
    "licence": _licence,
    "architecture": _architecture,
    "prose": _prose,
}
if set(FORMATTERS) != set(schemas.FACT_FORMATS):  # a format declared without a formatter, or the reverse
    raise RuntimeError(f"fact formats without a formatter: {sorted(set(schemas.FACT_FORMATS) ^ set(FORMATTERS))}")


# The model prose (strings.yml `models:`) each format prints, with its English in data/models.yml.
_PROSE_OF_FORMAT: dict[str, dict[str, Callable[[dict], str | None]]] = {
    "licence": {"licence_note": lambda facts: facts["licence"].get("note")},
    "architecture": {
        "attention": lambda facts: facts["architecture"].get("attention"),
        "architecture_notes": lambda facts: facts["architecture"].get("notes"),
    },
}


def untranslated_prose(ctx: PageContext, model: Model, keys: dict[str, Callable[[dict], str | None]]) -> bool:
    """Whether text about the model would be printed in English on this page: the page's
    language has no translation for a piece of prose that exists in English."""
    if ctx.lang == ENGLISH:
        return False
    own = ctx.course.strings.get(ctx.lang, {}).get("models", {}).get(model.id, {})
    return any(
        not own.get(key) and (ctx.course.model_text(ENGLISH, model.id, key) or english(model.facts)) for key, english in keys.items()
    )


def fact_cells(ctx: PageContext, model: Model) -> dict[str, dict[str, Any]]:
    """The facts a page shows of a model, as {label, text, source, lang} in the page's language,
    in the declared order; a fact with no value reads "Not disclosed" or is left out, as declared.

    A fact whose prose the page's language has not translated is given whole in English (lang
    "en"), not as a sentence that changes language halfway through."""
    cells = {}
    for field in schemas.shown_facts():
        prose: dict[str, Callable[[dict], str | None]] = (
            {field.name: lambda facts: None} if field.shown == "prose" else _PROSE_OF_FORMAT.get(field.shown or "", {})
        )
        in_english = bool(model.facts.get(field.name) or field.shown == "prose") and untranslated_prose(ctx, model, prose)
        text_ctx = dataclasses.replace(ctx, lang=ENGLISH) if in_english else ctx
        text = FORMATTERS[field.shown](text_ctx, model, field.name) if field.shown else None
        if not text and field.undisclosed:
            text = ctx.label("not_disclosed")
        if text:
            cells[field.name] = {
                "label": ctx.label(field.label),
                "text": text,
                "source": model.facts["sources"].get(field.name),
                "lang": ENGLISH if in_english else None,
            }
    return cells


def card_facts(ctx: PageContext, model: Model) -> dict[str, dict[str, Any]]:
    """The facts listed on a model's card (the others are in its header)."""
    on_card = {field.name for field in schemas.shown_facts() if field.on_card}
    return {name: cell for name, cell in fact_cells(ctx, model).items() if name in on_card}


def chart_value(ctx: PageContext, model: Model, field: schemas.ModelField) -> tuple[float | None, str]:
    """A bar's length and its text: a family's largest size, all its sizes written out (isolated:
    the chart is drawn left to right, its text may be right to left)."""
    value = model.facts.get(field.name)
    length = (max(value) if value else None) if isinstance(value, list) else (value or None)
    return length, isolate(ctx, FORMATTERS[field.shown or ""](ctx, model, field.name) or ctx.label("not_disclosed"))


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
