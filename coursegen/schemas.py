"""JSON Schemas for the course's YAML files: a bad record is rejected with its line."""

_URL = {"type": "string", "pattern": r"^https://[^\s<>\"']+$"}
_TEXT = {"type": "string", "minLength": 1}
_OPTIONAL_TEXT = {"type": ["string", "null"], "minLength": 1}
_OPENNESS_STATE = {"enum": ["yes", "no", "partial", "unknown"]}

# Facts that need a source URL whenever they are given.
SOURCED_FACTS = (
    "organization",
    "parameters",
    "active_parameters",
    "context_window",
    "training_tokens",
    "released",
    "licence",
    "architecture",
    "openness",
    "base_model",
)
OPENNESS_ARTEFACTS = ("training_data", "weights", "evaluation_code", "training_code", "training_metrics")
# A day like "2026-11-30": when a record's facts were last compared with their sources.
_DAY = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}
# What a record may explain in `notes` (why a value is open, which source was followed) and what
# may carry its own source URL: the facts, and each openness artefact on its own.
NOTED_FACTS = SOURCED_FACTS + OPENNESS_ARTEFACTS

MODEL = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id", "name", "organization", "kind", "base_model", "base_model_id", "parameters",
        "active_parameters", "context_window", "training_tokens", "released", "licence",
        "architecture", "openness", "huggingface", "checked", "sources",
    ],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9.-]*$"},
        "name": _TEXT,
        "organization": _TEXT,
        "kind": {"enum": ["base", "fine-tune"]},
        "base_model": _OPTIONAL_TEXT,
        "base_model_id": {"type": ["string", "null"]},
        "parameters": {"type": "array", "minItems": 1, "items": {"type": "number", "exclusiveMinimum": 0}},
        "active_parameters": {"type": ["number", "null"], "exclusiveMinimum": 0},
        "context_window": {"type": ["integer", "null"], "minimum": 1},
        "training_tokens": {"type": ["number", "null"], "exclusiveMinimum": 0},
        "released": {"type": ["string", "null"], "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        "licence": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "osi_approved"],
            "properties": {"name": _TEXT, "osi_approved": {"type": "boolean"}, "note": _OPTIONAL_TEXT},
        },
        "architecture": {
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
        "openness": {
            "type": "object",
            "additionalProperties": False,
            "required": list(OPENNESS_ARTEFACTS),
            "properties": {name: _OPENNESS_STATE for name in OPENNESS_ARTEFACTS},
        },
        "huggingface": _URL,
        "checked": _DAY,
        "notes": {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: _TEXT for name in NOTED_FACTS},
        },
        "sources": {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: _URL for name in NOTED_FACTS},
        },
    },
}

MODELS_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["models"],
    "properties": {"models": {"type": "array", "minItems": 1, "items": MODEL}},
}

LESSON = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "slug", "title", "summary", "goals"],
    "properties": {
        "number": {"type": "integer", "minimum": 0, "maximum": 99},
        "slug": {"type": "string", "pattern": r"^\d{2}-[a-z0-9-]+$"},
        "title": _TEXT,
        "summary": _TEXT,
        "video": _URL,
        "banner": {"type": "string", "pattern": r"^images/[A-Za-z0-9._-]+\.(png|jpe?g|gif|svg|webp)$"},
        "banner_alt": _TEXT,
        "goals": {"type": "array", "minItems": 1, "items": _TEXT},
        "models": {"type": "array", "items": {"type": "string"}},
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
    },
}

STRINGS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "labels": {"type": "object", "additionalProperties": _TEXT},
        "models": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                # English defaults for licence_note, attention and architecture_notes
                # live in data/models.yml; a language may translate them here.
                "properties": {
                    "description": _TEXT,
                    "specialty": _TEXT,
                    "licence_note": _TEXT,
                    "attention": _TEXT,
                    "architecture_notes": _TEXT,
                },
            },
        },
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
