"""The coursegen command as a contributor runs it: output and exit codes."""

from __future__ import annotations

from pathlib import Path

from helpers import LESSON, coursegen


def test_validate_reports_the_course(repo: Path) -> None:
    result = coursegen(repo, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 lesson(s), 20 model(s), ")


def test_validate_lists_every_problem_with_file_and_line(course_copy: Path) -> None:
    lesson = course_copy / "lessons" / LESSON / "lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("number: 16", "number: sixteen"), encoding="utf-8")
    (course_copy / "translations" / "ms" / "strings.yml").write_bytes(b"labels:\n  model: \xff\n")
    result = coursegen(course_copy, "validate")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"lessons/{LESSON}/lesson.yml:1: number: expected integer, got str 'sixteen'",
        "translations/ms/strings.yml:2: not valid UTF-8 (byte 0xff): save the file as UTF-8",
    ]
    assert "Traceback" not in result.stderr


def test_render_prints_the_translated_lesson(repo: Path) -> None:
    result = coursegen(repo, "render", "ms", LESSON)
    assert result.returncode == 0, result.stderr
    assert '<article class="model-card" id="model-olmo-7b"' in result.stdout
    assert "CO_OP_TRANSLATOR_METADATA" not in result.stdout


def test_control_characters_from_a_page_are_shown_not_sent_to_the_terminal(course_copy: Path) -> None:
    """A contributed link holding ESC sequences (set the window's title, clear the screen) reaches
    the terminal as visible text in validate's message, never as the sequence itself."""
    page = course_copy / "translations" / "ms" / "16-open-source-models" / "README.md"
    page.write_text("# Tajuk\n\n[x](../../../\x1b]0;owned\x07\x1b[2J.md)\n", "utf-8")
    result = coursegen(course_copy, "validate")
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "link '../../../\\x1b]0;owned\\x07\\x1b[2J.md' leads out of the site's folder" in result.stderr


def test_a_problem_on_line_100_keeps_its_line_number(course_copy: Path) -> None:
    """`file:100: message`, not rich's emoji code :100: turned into a picture."""
    page = course_copy / "translations" / "ms" / "16-open-source-models" / "README.md"
    page.write_text("# Tajuk\n" + "\n" * 98 + "[x](tiada.md)\n", "utf-8")
    result = coursegen(course_copy, "check", "translations/ms/16-open-source-models/README.md")
    assert "translations/ms/16-open-source-models/README.md:100: link 'tiada.md' leads to no file" in result.stdout
