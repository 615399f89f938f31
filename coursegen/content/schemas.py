"""JSON Schemas for the course's YAML files: a bad record is rejected with its line.

A model's fields are declared once, in MODEL_FIELDS: the schema of data/models.yml, the facts
that need a source, the label each needs in lessons/strings.yml, and how the site shows it (the
card's facts and the comparison table's columns, formatted by coursegen/pages/facts.py) all come
from that one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# An https address with nothing that could end an attribute or a Markdown link.
URL_PATTERN = r"^https://[^\s<>\"']+$"
_URL = {"type": "string", "pattern": URL_PATTERN}
_TEXT = {"type": "string", "minLength": 1}
_OPTIONAL_TEXT = {"type": ["string", "null"], "minLength": 1}
_OPENNESS_STATE = {"enum": ["yes", "no", "partial", "unknown"]}

# A lesson's folder name: its number and a slug (16-open-source-models).
LESSON_SLUG = re.compile(r"^\d{2}-[a-z0-9-]+$")
OPENNESS_ARTEFACTS = ("training_data", "weights", "evaluation_code", "training_code", "training_metrics")
# A day like "2026-11-30": when a record's facts were last compared with their sources.
_DAY = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}

# How a page may print a fact (each has a formatter in coursegen/pages/facts.py):
FACT_FORMATS = (
    "text",  # as written
    "billions",  # a number or a list of numbers, in billions, compact (CLDR): "7B, 13B, and 70B", "70億、130億、700億"
    "tokens",  # a number of tokens, the noun in the number's plural form (labels.tokens): "4,096 tokens"
    "month",  # "YYYY-MM" as the language writes a month (CLDR yMMMM): "July 2023", "2023年7月"
    "licence",  # the licence record: name, OSI approval, note
    "architecture",  # the architecture record: type, attention, notes
    "prose",  # the model's text under this key in strings.yml (translated), not in data/models.yml
)


# Bounds far above any real model (sizes and tokens in billions; a context window in tokens), so
# that a slip like 10**25 is an error at its line, not a number the page cannot format.
MAX_BILLIONS = 1_000_000
MAX_CONTEXT_WINDOW = 1_000_000_000


@dataclass(frozen=True)
class ModelField:
    """One field of a model: its place in data/models.yml and how the site shows it."""

    name: str
    schema: dict[str, Any] | None  # its value in data/models.yml (None: a "prose" fact, in strings.yml)
    required: bool = True  # the key must be present in data/models.yml (its value may be null if the schema allows)
    sourced: bool = False  # a value given needs a URL under the record's sources:
    shown: str | None = None  # a fact on pages, printed as one of FACT_FORMATS; labelled by labels.<name>
    undisclosed: bool = False  # shown: a missing value reads "Not disclosed" (else the fact is left out)
    on_card: bool = True  # shown: listed among a model card's facts
    column: bool = True  # shown: may be a column of comparison_table
    default_column: bool = False  # shown: a column of comparison_table when the page names none
    chart: bool = False  # a number (or list of numbers: the largest is drawn) model_chart may draw; titled by labels.chart_<name>

    def __post_init__(self) -> None:
        if self.shown is not None and self.shown not in FACT_FORMATS:
            raise ValueError(f"model field {self.name!r}: unknown format {self.shown!r} (known: {', '.join(FACT_FORMATS)})")
        if self.chart and self.shown not in ("billions", "tokens"):
            raise ValueError(f"model field {self.name!r}: only a number can be charted")
        if (self.schema is None) != (self.shown == "prose"):
            raise ValueError(f"model field {self.name!r}: a field has a schema unless it is prose from strings.yml")

    @property
    def label(self) -> str:
        """Its label's key under labels: in lessons/strings.yml (and the translations' strings.yml)."""
        return self.name

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label the site prints for this field."""
        return (self.label, *(["chart_" + self.name] if self.chart else []))


# The fields of a model record, with the facts in the order a reader sees them on a card and as
# table columns. A field added here is checked, shown on cards and may be a table column.
MODEL_FIELDS = (
    ModelField("id", {"type": "string", "pattern": r"^[a-z0-9][a-z0-9.-]*$"}),
    ModelField("name", _TEXT),
    ModelField("organization", _TEXT, sourced=True, shown="text", on_card=False, default_column=True),  # the card's header
    ModelField("kind", {"enum": ["base", "fine-tune"]}),
    ModelField(
        "parameters",
        {"type": "array", "minItems": 1, "items": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_BILLIONS}},
        sourced=True,
        shown="billions",
        default_column=True,
        chart=True,
    ),
    ModelField(
        "active_parameters", {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": MAX_BILLIONS}, sourced=True, shown="billions"
    ),
    ModelField(
        "architecture",
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["type"],
            "properties": {
                "type": {"enum": ["dense", "mixture-of-experts"]},
                "attention": _OPTIONAL_TEXT,
                "notes": _OPTIONAL_TEXT,
                # A fine-tune that keeps its base's architecture: its size is one of the base's.
                "same_as_base": {"type": "boolean"},
            },
        },
        sourced=True,
        shown="architecture",
        default_column=True,
    ),
    ModelField(
        "context_window",
        {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_CONTEXT_WINDOW},
        sourced=True,
        shown="tokens",
        undisclosed=True,
        default_column=True,
        chart=True,
    ),
    ModelField(
        "training_tokens",
        {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": MAX_BILLIONS},
        sourced=True,
        shown="billions",
        undisclosed=True,
    ),
    ModelField(
        "released",
        {"type": ["string", "null"], "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        sourced=True,
        shown="month",
        undisclosed=True,
        default_column=True,
    ),
    ModelField(
        "licence",
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "osi_approved"],
            "properties": {"name": _TEXT, "osi_approved": {"type": "boolean"}, "note": _OPTIONAL_TEXT},
        },
        sourced=True,
        shown="licence",
        default_column=True,
    ),
    ModelField("base_model", _OPTIONAL_TEXT, sourced=True, shown="text", on_card=False),  # the card's header
    ModelField("base_model_id", {"type": ["string", "null"]}),
    ModelField("specialty", None, shown="prose"),
    ModelField(
        "openness",
        {
            "type": "object",
            "additionalProperties": False,
            "required": list(OPENNESS_ARTEFACTS),
            "properties": {name: _OPENNESS_STATE for name in OPENNESS_ARTEFACTS},
        },
        sourced=True,
    ),
    ModelField("huggingface", _URL),
    ModelField("checked", _DAY),  # shown on the card as "facts checked on <day>"
)

# Derived from MODEL_FIELDS when asked (so that a test may add a field): list fields nowhere else.


def sourced_facts() -> tuple[str, ...]:
    """The fields whose value, when given, needs a URL under the record's sources:."""
    return tuple(field.name for field in MODEL_FIELDS if field.sourced)


def shown_facts() -> tuple[ModelField, ...]:
    """The fields a page shows as facts, in the order a reader sees them."""
    return tuple(field for field in MODEL_FIELDS if field.shown)


def table_columns() -> tuple[str, ...]:
    return tuple(field.name for field in shown_facts() if field.column)


def default_columns() -> tuple[str, ...]:
    return tuple(field.name for field in shown_facts() if field.default_column)


def model_prose() -> tuple[str, ...]:
    """What strings.yml may say about a model: its description, the prose facts, and translations
    of licence_note, attention and architecture_notes (English defaults in data/models.yml)."""
    prose = tuple(field.name for field in MODEL_FIELDS if field.shown == "prose")
    return ("description", *prose, "licence_note", "attention", "architecture_notes")


def noted_facts() -> tuple[str, ...]:
    """What may carry its own source URL and a note (why a value is open, which source was
    followed): the sourced facts, and each openness artefact on its own."""
    return (*sourced_facts(), *OPENNESS_ARTEFACTS)


def model_schema() -> dict[str, Any]:
    """The JSON schema of one model record in data/models.yml."""
    in_file = [field for field in MODEL_FIELDS if field.schema is not None]
    noted = noted_facts()
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [field.name for field in in_file if field.required] + ["sources"],
        "properties": {
            **{field.name: field.schema for field in in_file},
            "sources": {"type": "object", "additionalProperties": False, "properties": {name: _URL for name in noted}},
            "notes": {"type": "object", "additionalProperties": False, "properties": {name: _TEXT for name in noted}},
        },
    }


def models_file_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["models"],
        "properties": {"models": {"type": "array", "minItems": 1, "items": model_schema()}},
    }


LESSON = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "slug", "title", "summary", "goals"],
    "properties": {
        "number": {"type": "integer", "minimum": 0, "maximum": 99},
        "slug": {"type": "string", "pattern": LESSON_SLUG.pattern},
        "title": _TEXT,
        "summary": _TEXT,
        "video": _URL,
        "banner": {"type": "string", "pattern": r"^images/[A-Za-z0-9._-]+\.(png|jpe?g|gif|svg|webp)$"},
        "banner_alt": _TEXT,
        "goals": {"type": "array", "minItems": 1, "items": _TEXT},
        "models": {"type": "array", "items": {"type": "string"}},
        # The lesson's folder in the upstream checkout it was imported from, when that is not
        # its slug (a course nesting its lessons in chapters): a re-import keeps the slug.
        "upstream_folder": {
            "type": "string",
            "maxLength": 300,
            "pattern": r"^(?!.*(?:^|/)\.)[A-Za-z0-9_ -][A-Za-z0-9._ -]*(?:/[A-Za-z0-9_ -][A-Za-z0-9._ -]*)*$",
        },
    },
}

# A translation's lesson.yml carries only the words; everything else comes from the English file.
TRANSLATED_LESSON = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": _TEXT,
        "summary": _TEXT,
        "banner_alt": _TEXT,
        "goals": {"type": "array", "minItems": 1, "items": _TEXT},
        # Written by `coursegen new`, removed by `coursegen stamp`: the page is still being
        # translated, so readers get the English page (with the "not translated yet" notice).
        "in_progress": {"type": "boolean", "readOnly": True},
    },
}


# Labels that count something: one text per CLDR plural category of the language (English: one,
# other; Arabic: zero, one, two, few, many, other; Japanese: other), "{count}" where the number goes.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
PLURAL_LABELS = ("tokens",)
_PLURAL_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["other"],
    "properties": {category: _TEXT for category in PLURAL_CATEGORIES},
}


def strings_schema() -> dict[str, Any]:
    """The schema of a strings.yml (English or a translation)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            # false until a native speaker has read the file (coursegen/content/interface.py)
            "reviewed": {"type": "boolean"},
            "labels": {
                "type": "object",
                "properties": {key: _PLURAL_TEXT for key in PLURAL_LABELS},
                "additionalProperties": _TEXT,
            },
            # The theme's own interface words (Material's keys), for languages the theme lacks.
            "theme": {"type": "object", "additionalProperties": _TEXT},
            "models": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {key: _TEXT for key in model_prose()},
                },
            },
        },
    }


# upstream.yml, written by `coursegen sync`: where the imported pages come from.
UPSTREAM_RECORD = {
    "type": "object",
    "additionalProperties": False,
    "required": ["repository", "branch", "commit", "date"],
    "properties": {
        "repository": {"type": "string", "maxLength": 300, "pattern": r"^[^\s<>\"']+$"},
        "branch": _TEXT,
        "commit": {"type": "string", "pattern": "^[0-9a-f]{40,64}$"},
        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T[0-9:+\-.Z]+$"},
        "files": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
    },
}

COURSE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["repository", "branch", "upstream"],
    "properties": {
        "repository": _URL,
        "branch": _TEXT,
        "site_url": {"type": ["string", "null"]},
        "upstream": _URL,
        "upstream_branch": _TEXT,
    },
}
