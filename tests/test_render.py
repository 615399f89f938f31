"""Rendering page text: macros in the page's language, code untouched, errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import LESSON

from coursegen.content.course import Course, load_course
from coursegen.pages.context import PageContext
from coursegen.pages.render import render_page
from coursegen.problems import CourseError


@pytest.fixture(scope="module")
def course(repo: Path) -> Course:
    return load_course(repo)


def render(course: Course, text: str, lang: str = "en", lesson: str | None = LESSON) -> str:
    return render_page(text, PageContext(course, lang, lesson), "lessons/x/README.md")


def error_of(course: Course, text: str) -> str:
    with pytest.raises(CourseError) as caught:
        render(course, text)
    [problem] = caught.value.problems
    return str(problem)


def test_model_card_in_english_and_malay(course: Course) -> None:
    english = render(course, '{{ model_card("mixtral-8x7b") }}')
    assert 'id="model-mixtral-8x7b"' in english
    assert "Sparse mixture of experts" in english and "46.7B" in english and "12.9B" in english
    assert "https://arxiv.org/abs/2401.04088" in english  # a fact's source is linked
    malay = render(course, '{{ model_card("mixtral-8x7b") }}', "ms")
    assert course.label("ms", "mixture_of_experts") in malay
    assert course.model_text("ms", "mixtral-8x7b", "description") in malay.replace("&#39;", "'")
    assert "Sparse mixture of experts" not in malay


def test_missing_translation_falls_back_to_english_strings(course: Course) -> None:
    html = render(course, '{{ model_card("olmo-7b") }}', "de")  # no strings for de in this course
    # English labels, German numbers (CLDR groups thousands with a dot in de)
    assert "Context window" in html and "2.048" in html


def test_tables(course: Course) -> None:
    ids = '["llama-2", "mistral-7b", "mixtral-8x7b", "falcon-40b", "olmo-7b"]'
    table = render(course, "{{ comparison_table(" + ids + ', ["parameters", "context_window", "licence"]) }}')
    assert table.count("<tr>") == 6 and "4,096" in table and "Apache 2.0" in table
    openness = render(course, "{{ openness_table(" + ids + ") }}", "ms")
    assert openness.count('class="openness openness--yes"') >= 6  # OLMo: five yes, others: weights
    assert course.label("ms", "training_data") in openness


def test_code_is_never_rendered(course: Course) -> None:
    text = (
        "Use `{{ user_input }}` inline.\n\n"
        '```python\nprompt = "{{ question }}"\n{% for x in y %}\n```\n\n'
        "~~~\n{{ model_card('nope') }}\n~~~\n"
        '{{ model_card("olmo-7b") }}\n'
    )
    html = render(course, text)
    assert "`{{ user_input }}`" in html
    assert 'prompt = "{{ question }}"\n{% for x in y %}' in html
    assert "{{ model_card('nope') }}" in html
    assert 'id="model-olmo-7b"' in html


def test_unknown_model_names_the_line(course: Course) -> None:
    assert error_of(course, "intro\n\n\n{{ model_card('gpt-5') }}\n").startswith("lessons/x/README.md:4: unknown model id 'gpt-5' (known: ")


def test_unknown_macro_or_variable_names_the_line(course: Course) -> None:
    message = error_of(course, "# Title\n\n{{ modle_card('olmo-7b') }}\n")
    assert message.startswith("lessons/x/README.md:3: unknown macro 'modle_card' (page text may only call: ")
    assert error_of(course, "\n{{ secret }}\n").startswith("lessons/x/README.md:2: 'secret' is not a macro")


def test_unknown_column_and_syntax_errors(course: Course) -> None:
    assert error_of(course, '{{ comparison_table(["olmo-7b"], ["colour"]) }}').startswith("lessons/x/README.md:1: unknown column 'colour'")
    assert error_of(course, "a\n{% if true %}\nb\n").startswith("lessons/x/README.md:2: template syntax error: Unexpected end of template.")
    assert error_of(course, "```\nnever closed\n") == "lessons/x/README.md:1: code block opened with ``` is never closed"


def test_page_text_cannot_reach_python(course: Course) -> None:
    message = error_of(course, "{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    assert message.startswith("lessons/x/README.md:1: ")
    message = error_of(course, "{{ model_card.__globals__ }}")
    assert (
        message
        == 'lessons/x/README.md:1: only macro calls like {{ model_card("llama-2") }} are allowed in page text, not an attribute lookup'
    )


def test_macro_output_escapes_contributed_strings(course: Course) -> None:
    course.strings.setdefault("xx", {"labels": {}, "models": {}})
    course.strings["xx"]["models"]["olmo-7b"] = {"description": "<script>alert(1)</script>"}
    html = render(course, '{{ model_card("olmo-7b") }}', "xx")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    del course.strings["xx"]


def test_disclaimer_becomes_a_note_and_metadata_disappears(course: Course) -> None:
    translation = course.translations[("ms", LESSON)]
    html = render_page(translation.readme.read_text(encoding="utf-8"), PageContext(course, "ms", LESSON, "ms"), "t")
    assert "CO_OP_TRANSLATOR_METADATA" not in html and "CO-OP TRANSLATOR DISCLAIMER" not in html
    assert '\n<div class="admonition info">\n<p class="admonition-title">' in html
