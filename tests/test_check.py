"""`coursegen check`: every problem a reviewer would catch, each with its file and line."""

from __future__ import annotations

from pathlib import Path

from helpers import LESSON, coursegen, translation

from coursegen.content.course import load_course
from coursegen.translators.check import check_course

MS = f"translations/ms/{LESSON}/README.md"


def test_our_translations_pass(repo: Path) -> None:
    assert check_course(load_course(repo)) == []
    result = coursegen(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "" and "ok" in result.stderr
    paths = [f"translations/{lang}/{LESSON}/README.md" for lang in ("ms", "ar", "ja")]
    assert coursegen(repo, "check", *paths, "lessons").returncode == 0


def test_the_shipped_swahili_lesson_passes() -> None:
    """The tests' copy of the course leaves Swahili's lesson out (a language falling back to
    English); the repository's own lesson is stamped, complete and clean."""
    shipped = Path(__file__).resolve().parent.parent
    result = coursegen(shipped, "check", "translations/sw")
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    assert check_course(load_course(shipped)) == []


def _line(lines: list[str], needle: str) -> int:
    return next(index for index, line in enumerate(lines) if needle in line) + 1


def test_a_broken_translation_lists_each_problem_with_its_line(course_copy: Path) -> None:
    readme = translation(course_copy, "ms")
    text = readme.read_text("utf-8")
    text = text.replace('"language_code": "ms"', '"language_code": "ja"')
    text = text.replace("## Pengenalan", "### Pengenalan")  # a level changed
    text = text.replace("max_new_tokens=60", "max_new_tokens=61")  # code changed
    text = text.replace('{{ model_card("olmo-7b") }}\n', "")  # a macro call dropped
    text += (
        "\n![Rajah](images/tiada.png)\n\n"
        "[Pelajaran 18](../18-fine-tuning/README.md)\n\n"
        "[Pelajaran ini](../16-open-source-models/README.MD)\n\n"
        '<object data="x.swf"></object>\n\n<a href="#" onclick="steal()">klik</a>\n\n[klik](javascript:alert(1))\n'
    )
    readme.write_text(text, "utf-8")
    lines = text.split("\n")
    result = coursegen(course_copy, "check", MS)
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert all(line.startswith(f"{MS}:") for line in out), [line for line in out if not line.startswith(f"{MS}:")]
    expected = [
        (_line(lines, '"language_code"'), "language_code 'ja' does not match the folder 'ms'"),
        (_line(lines, "### Pengenalan"), "level-3 heading where the English source has a level-2 heading"),
        (_line(lines, "```python"), "code block differs from the English source's"),
        (_line(lines, "images/tiada.png"), "image 'images/tiada.png' leads to no file"),
        (_line(lines, "../18-fine-tuning/README.md"), "lesson '18-fine-tuning' is not hosted here"),
        (_line(lines, "README.MD"), "the file is named 'README.md'"),
        (_line(lines, "<object"), 'markup a contributed page may not publish: <object data="x.swf">'),
        (_line(lines, "onclick"), 'markup a contributed page may not publish: <a href="#" onclick="steal()">'),
        (_line(lines, "javascript:"), 'markup a contributed page may not publish: <a href="javascript:alert(1)">'),
    ]
    for line, message in expected:
        assert any(o.startswith(f"{MS}:{line}: ") and message in o for o in out), (line, message, out)
    missing_card = [o for o in out if 'model_card("olmo-7b")' in o]
    assert len(missing_card) == 1 and "keep it unchanged" in missing_card[0]
    assert "problem(s) in 1 file(s)" in result.stderr
    assert "Traceback" not in result.stderr


def test_metadata_must_exist_and_name_the_lesson(course_copy: Path) -> None:
    ja = translation(course_copy, "ja")
    ja.write_text(
        ja.read_text("utf-8").replace('"source_file": "16-open-source-models/README.md"', '"source_file": "17-ai-agents/README.md"'),
        "utf-8",
    )
    ar = translation(course_copy, "ar")
    ar_lines = ar.read_text("utf-8").split("\n")
    ar.write_text("\n".join(ar_lines[ar_lines.index("-->") + 1 :]), "utf-8")
    result = coursegen(course_copy, "check", "translations")
    assert result.returncode == 1
    assert (
        f"translations/ar/{LESSON}/README.md:1: no translation metadata: run `coursegen stamp translations/ar/{LESSON}/README.md`"
        in result.stdout
    )
    assert f"translations/ja/{LESSON}/README.md:6: source_file '17-ai-agents/README.md' names no English lesson" in result.stdout
    assert "translations/ms/" not in result.stdout


def test_unreadable_input_is_a_problem_not_a_crash(course_copy: Path) -> None:
    readme = translation(course_copy, "ms")
    text = readme.read_text("utf-8")
    readme.write_text(text + "\n```python\nprint('never closed')\n", "utf-8")
    result = coursegen(course_copy, "check", MS)
    assert result.returncode == 1
    line = text.count("\n") + 2
    assert f"{MS}:{line}: code block opened with ``` is never closed" in result.stdout
    assert "Traceback" not in result.stderr
    broken = course_copy / "translations" / "ja" / LESSON / "README.md"
    broken.write_text(broken.read_text("utf-8").replace('"language_code": "ja"', '"language_code": ja'), "utf-8")
    result = coursegen(course_copy, "check", str(broken))
    assert result.returncode == 1
    assert f"translations/ja/{LESSON}/README.md:7: translation metadata is not valid JSON" in result.stdout + result.stderr


def test_paths_outside_translations_are_refused(course_copy: Path, tmp_path: Path) -> None:
    result = coursegen(course_copy, "check", str(tmp_path), "data/models.yml", "translations/ms/nope")
    assert result.returncode == 1
    assert f"{tmp_path.as_posix()}: is outside the course repository" in result.stdout
    assert "data/models.yml: is not a lesson, a translation or a site page" in result.stdout
    assert "translations/ms/nope: no such file or folder" in result.stdout


def test_hostile_links_and_nesting_are_problems(course_copy: Path) -> None:
    readme = translation(course_copy, "ms")
    readme.write_text(readme.read_text("utf-8") + "\n[a](x%00y)\n\n[b](" + "a" * 5000 + ".md)\n\n{{ " + "(" * 3000 + " }}\n", "utf-8")
    result = coursegen(course_copy, "check", MS)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "link 'x%00y' leads to no file (translations/ms/16-open-source-models/x\\x00y or " in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) < 500
    assert "nested too deeply" in result.stdout


def test_contributed_site_pages_are_checked_like_the_build_checks_them(course_copy: Path) -> None:
    """docs/<lang>/ pages are contributed text too: check converts them and holds the HTML against
    the output rules (here: a table left open would hold the rest of the page)."""
    (course_copy / "docs/ms/spill.md").write_text("# Tajuk\n\n<table><tr><td>Sel\n\nTeks.\n", encoding="utf-8")
    expected = "docs/ms/spill.md:3: HTML that would spill out of the page: <table> is not closed"
    for named in ([], ["docs"], ["docs/ms"], ["docs/ms/spill.md"]):
        result = coursegen(course_copy, "check", *named)
        assert (result.returncode, result.stdout.splitlines()) == (1, [expected]), named
    # English pages are the maintainers': check names none of them.
    english = coursegen(course_copy, "check", "docs/en")
    assert english.returncode == 0 and english.stdout == ""
