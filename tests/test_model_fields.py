"""A model field is declared once (schemas.MODEL_FIELDS): everything else about it is derived."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursegen.cli import main
from coursegen.content import schemas
from coursegen.content.course import load_course
from coursegen.content.schemas import ModelField
from coursegen.pages.context import PageContext
from coursegen.pages.facts import FORMATTERS
from coursegen.pages.macros import comparison_table, model_card, model_chart
from coursegen.problems import CourseError

# A field a newcomer might add: the size of the vocabulary, shown as written.
VOCABULARY = ModelField("vocabulary", {"type": ["string", "null"], "minLength": 1}, sourced=True, shown="text")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def with_vocabulary(monkeypatch: pytest.MonkeyPatch, course_copy: Path) -> Path:
    """The declaration with one more field, and a course copy whose llama-2 gives it a value."""
    monkeypatch.setattr(schemas, "MODEL_FIELDS", (*schemas.MODEL_FIELDS, VOCABULARY))
    models = course_copy / "data" / "models.yml"
    text = models.read_text(encoding="utf-8")
    # The field is required (the default), so every record names it; only llama-2 has a value.
    text = text.replace("\n    huggingface: ", "\n    vocabulary: null\n    huggingface: ")
    text = text.replace("    vocabulary: null\n", '    vocabulary: "32,000 tokens"\n', 1)
    text = text.replace("    sources:\n", "    sources:\n      vocabulary: https://example.org/vocabulary\n", 1)
    models.write_text(text, encoding="utf-8")
    return course_copy


def test_a_field_added_to_the_declaration_shows_on_cards_and_as_a_column(with_vocabulary: Path, capsys) -> None:
    strings = with_vocabulary / "lessons" / "strings.yml"
    _replace(strings, "  specialty: Specialises in\n", "  specialty: Specialises in\n  vocabulary: Vocabulary\n")
    course = load_course(with_vocabulary)
    assert course.models["llama-2"]["vocabulary"] == "32,000 tokens"
    for lang in ("en", "ms", "ar"):
        ctx = PageContext(course, lang, "16-open-source-models", lang)
        card = model_card(ctx, "llama-2")
        assert '<div class="model-card__fact model-card__fact--vocabulary">' in card
        assert "<dt>Vocabulary</dt>" in card  # English label: no translation yet
        # on a right-to-left page, a value as written is isolated so that it reads in its own order
        value = "\u206832,000 tokens\u2069" if lang == "ar" else "32,000 tokens"
        assert f'<dd>{value}&nbsp;<a class="model-card__source" href="https://example.org/vocabulary"' in card
        assert "model-card__fact--vocabulary" not in model_card(ctx, "olmo-7b")  # no value: left out
        table = comparison_table(ctx, ["llama-2", "olmo-7b"], ["parameters", "vocabulary"])
        assert '<th scope="col">Vocabulary</th>' in table
        assert f'<td data-column="vocabulary">{value}</td></tr>' in table
        assert "vocabulary" in schemas.table_columns()
    # A source for it is required whenever a value is given.
    _replace(with_vocabulary / "data" / "models.yml", "      vocabulary: https://example.org/vocabulary\n", "")
    with pytest.raises(CourseError) as caught:
        load_course(with_vocabulary)
    assert [p.message for p in caught.value.problems] == ["llama-2: 'vocabulary' has no source URL"]


def test_a_field_without_its_label_fails_validate_naming_it(with_vocabulary: Path, capsys) -> None:
    assert main(["--root", str(with_vocabulary), "validate"]) == 1
    errors = capsys.readouterr().err.splitlines()
    labels_line = (with_vocabulary / "lessons" / "strings.yml").read_text(encoding="utf-8").split("\n").index("labels:") + 1
    assert errors == [
        f"lessons/strings.yml:{labels_line}: no label 'vocabulary' for the model field 'vocabulary' (see coursegen/content/schemas.py)"
    ]


def test_a_chart_field_needs_its_chart_title(course_copy: Path) -> None:
    _replace(course_copy / "lessons" / "strings.yml", "  chart_context_window: Context window per model\n", "")
    with pytest.raises(CourseError) as caught:
        load_course(course_copy)
    assert [p.message for p in caught.value.problems] == [
        "no label 'chart_context_window' for the model field 'context_window' (see coursegen/content/schemas.py)"
    ]


def test_a_field_in_the_file_but_not_declared_is_refused(course_copy: Path) -> None:
    _replace(course_copy / "data" / "models.yml", "    huggingface: ", "    vocabulary: today\n    huggingface: ")
    with pytest.raises(CourseError) as caught:
        load_course(course_copy)
    assert "unknown key 'vocabulary'" in str(caught.value)


def test_everything_is_derived_from_the_declaration(repo: Path) -> None:
    names = [field.name for field in schemas.MODEL_FIELDS]
    assert len(names) == len(set(names))
    schema = schemas.model_schema()
    assert list(schema["properties"]) == [field.name for field in schemas.MODEL_FIELDS if field.schema] + ["sources", "notes"]
    assert list(schema["properties"]["sources"]["properties"]) == [*schemas.sourced_facts(), *schemas.OPENNESS_ARTEFACTS]
    assert schemas.table_columns() == (
        "organization",
        "parameters",
        "active_parameters",
        "architecture",
        "context_window",
        "training_tokens",
        "released",
        "licence",
        "base_model",
        "specialty",
    )
    assert set(schemas.default_columns()) <= set(schemas.table_columns())
    assert set(FORMATTERS) == set(schemas.FACT_FORMATS)
    ctx = PageContext(load_course(repo), "ja", "16-open-source-models", "ja")
    assert 'id="chart-parameters-llama-2-olmo-7b"' in model_chart(ctx, ["llama-2", "olmo-7b"], "parameters")


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (dict(name="x", schema={}, shown="stars"), "unknown format 'stars'"),
        (dict(name="x", schema=None, shown="text"), "a field has a schema unless it is prose"),
        (dict(name="x", schema={}, shown="month", chart=True), "only a number can be charted"),
    ],
)
def test_a_bad_declaration_fails_at_once(field: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ModelField(**field)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("context_window: 10000000000000000000000000", "is greater than the maximum of 1000000000"),
        ("context_window: .inf", "'.inf' is not a number a page can show"),
        ("context_window: .nan", "'.nan' is not a number a page can show"),
    ],
)
def test_impossible_numbers_in_the_data_are_refused_at_their_line(written: str, message: str, tmp_path: Path, capsys) -> None:
    """A huge, infinite or undefined number is an error at data/models.yml:LINE, never a traceback
    in check, validate or the build."""
    from helpers import copy_course

    root = copy_course(tmp_path / "course")
    data = root / "data" / "models.yml"
    lines = data.read_text("utf-8").split("\n")
    line = next(number for number, text in enumerate(lines, 1) if text.strip() == "context_window: 4096")
    lines[line - 1] = lines[line - 1].replace("context_window: 4096", written)
    data.write_text("\n".join(lines), "utf-8")
    for command in ("validate", "check"):
        code = main(["--root", str(root), command])
        captured = capsys.readouterr()
        assert code == 1 and "Traceback" not in captured.err
        assert f"data/models.yml:{line}:" in captured.out + captured.err and message in captured.out + captured.err
