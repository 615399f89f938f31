"""The content model: loading, the source hash, and the schema's rejections with their lines."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import LESSON, seed_text

from coursegen.content import coop
from coursegen.content.course import english_hash, load_course
from coursegen.content.textfile import source_hash
from coursegen.problems import CourseError


def problems_of(root: Path) -> list[str]:
    with pytest.raises(CourseError) as caught:
        load_course(root)
    return [str(problem) for problem in caught.value.problems]


def test_loads_the_repository(repo: Path) -> None:
    course = load_course(repo)
    assert list(course.lessons) == [LESSON]
    assert {"llama-2", "mistral-7b", "mixtral-8x7b", "falcon-40b", "olmo-7b"} <= set(course.models)
    assert {("ms", LESSON), ("ar", LESSON), ("ja", LESSON)} <= set(course.translations)
    assert course.models["mixtral-8x7b"]["architecture"]["type"] == "mixture-of-experts"
    assert course.models["mistral-7b"]["architecture"]["type"] == "dense"
    assert course.models["gpt4all-falcon"]["base_model"] == "Falcon-7B"


def test_every_model_fact_has_a_source(repo: Path) -> None:
    for model in load_course(repo).models.values():
        for fact in ("organization", "parameters", "licence", "architecture", "openness"):
            assert model["sources"][fact].startswith("https://"), (model.id, fact)


def test_translated_words_fall_back_to_english(repo: Path) -> None:
    course = load_course(repo)
    assert course.label("ms", "parameters") != course.label("en", "parameters")
    assert course.label("xx", "parameters") == "Parameters"  # unknown language → English
    words = course.lesson_words("ms", LESSON)
    assert words["video"] == course.lessons[LESSON].facts["video"]  # not translated: from English
    assert words["title"] != course.lessons[LESSON].facts["title"]


def test_source_hash_is_md5_of_raw_bytes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert source_hash(empty) == "d41d8cd98f00b204e9800998ecf8427e"
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(b"\xef\xbb\xbf# Title\r\n")
    assert source_hash(crlf) == hashlib.md5(b"\xef\xbb\xbf# Title\r\n").hexdigest()  # no normalisation


def test_our_translations_record_the_current_english_hash(repo: Path) -> None:
    course = load_course(repo)
    current = english_hash(course, LESSON)
    for (lang, slug), translation in course.translations.items():
        assert translation.metadata is not None and translation.metadata_form == "inline", lang
        assert translation.metadata.original_hash == current, f"{lang}/{slug} is outdated"
        assert translation.metadata.language_code == lang
        assert translation.metadata.source_file == f"{LESSON}/README.md"


def test_seed_metadata_parses() -> None:
    found = coop.parse_inline_metadata(seed_text(), "seed")
    assert found is not None and found.metadata is not None
    assert found.metadata.original_hash == "85b754d4dc980f270f264d17116d9a5f"
    assert (found.first_line, found.last_line) == (1, 9)


# -- the schema's rejections, each with its file and line ---------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_rejects_wrong_type_with_line(course_copy: Path) -> None:
    models = course_copy / "data" / "models.yml"
    _replace(models, "context_window: 4096", "context_window: four thousand")
    line = _line_of(models, "four thousand")
    assert problems_of(course_copy) == [
        f"data/models.yml:{line}: models.0.context_window: expected integer or null, got str 'four thousand'"
    ]


def test_rejects_unquoted_no_read_as_false(course_copy: Path) -> None:
    models = course_copy / "data" / "models.yml"
    _replace(models, 'training_data: "no"', "training_data: no")
    line = _line_of(models, "training_data: no")
    [problem] = problems_of(course_copy)
    assert problem.startswith(f"data/models.yml:{line}: models.0.openness.training_data: False is not one of")


def test_rejects_unknown_field_and_missing_source(course_copy: Path) -> None:
    models = course_copy / "data" / "models.yml"
    _replace(
        models,
        "    huggingface: https://huggingface.co/meta-llama/Llama-2-7b-hf\n",
        "    huggingface: https://huggingface.co/meta-llama/Llama-2-7b-hf\n    stars: 5\n",
    )
    found = problems_of(course_copy)
    assert found == [
        f"data/models.yml:{_line_of(models, 'stars: 5')}: unknown key 'stars' (expected one of: id, name, "
        + found[0].split("id, name, ", 1)[1]
    ]
    _replace(models, "    stars: 5\n", "")
    _replace(models, "      context_window: https://arxiv.org/abs/2307.09288\n", "")
    [problem] = problems_of(course_copy)
    assert problem.endswith("llama-2: 'context_window' has no source URL")
    assert problem.startswith(f"data/models.yml:{_line_of(models, 'sources:')}:")


def test_rejects_duplicate_keys_and_tabs(course_copy: Path) -> None:
    lesson = course_copy / "lessons" / LESSON / "lesson.yml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text + "title: Again\n", encoding="utf-8")
    [problem] = problems_of(course_copy)
    assert problem == (
        f"lessons/{LESSON}/lesson.yml:{text.count(chr(10)) + 1}: duplicate key 'title' (first defined on line {_line_of(lesson, 'title: Open')})"
    )
    lesson.write_text(text.replace("goals:\n  - ", "goals:\n\t- ", 1), encoding="utf-8")
    [problem] = problems_of(course_copy)
    assert problem == f"lessons/{LESSON}/lesson.yml:{_line_of(lesson, chr(9))}: indented with a tab: YAML needs spaces"


def test_rejects_unknown_model_in_lesson_and_strings(course_copy: Path) -> None:
    _replace(course_copy / "lessons" / LESSON / "lesson.yml", "olmo-7b", "olmo-9000")
    _replace(course_copy / "translations" / "ms" / "strings.yml", "  olmo-7b:", "  olmo-9000:")
    found = problems_of(course_copy)
    assert any(p.startswith(f"lessons/{LESSON}/lesson.yml:") and "unknown model id 'olmo-9000'" in p for p in found)
    assert any(p.startswith("translations/ms/strings.yml:") and "unknown model id 'olmo-9000'" in p for p in found)


def test_rejects_a_language_folder_that_is_not_a_course_language(course_copy: Path) -> None:
    (course_copy / "translations" / "zh").mkdir()
    assert problems_of(course_copy) == ["translations/zh: 'zh' is not a language code of the course: use 'zh-CN'"]


def test_a_preview_keeps_parsed_yaml_and_hands_each_caller_its_own_copy(monkeypatch):
    from coursegen.content import yamlfile

    monkeypatch.setattr(yamlfile, "_PARSED", {})  # what keep_parsed() does in a preview's process
    first = yamlfile.parse_yaml("sizes: [7, 13]\n", "data/models.yml")
    first.data["sizes"].append(70)  # a caller changing its data changes no one else's
    again = yamlfile.parse_yaml("sizes: [7, 13]\n", "data/models.yml")
    assert again.data == {"sizes": [7, 13]} and again.line_of(["sizes"]) == 1
    # A file that does not parse is reported at each load, with its own path.
    for _ in range(2):
        with pytest.raises(CourseError, match="lessons/x/lesson.yml:2: invalid YAML"):
            yamlfile.parse_yaml("title: [unclosed\n", "lessons/x/lesson.yml")
