"""Time against input size for each pathological shape of contributed text, per stage of the
pipeline, and the growth when the size doubles (1.0-2.5: linear; about 4: quadratic).

Stages, each on the Malay lesson of a scratch copy of the course: `check` (what `coursegen check`
does with the page: review rules against the English lesson, the guard's limits, rendering, the
conversion and the output allowlist) and `build` (a page as the build takes it: checked and refused
up front by the guard's limits, else its macro calls run, converted by Markdown with the site's
extensions, held against the output allowlist and the macros' HTML put back). A stage that refuses
an input (a CourseError, a clear limit) is a fine answer: its time is what matters, and the
verdict is shown.

Run: make bench-hostile (SIZE=65536 to set the smaller size; the larger is twice it; SIZE=524288
measures 1 MB).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coursegen.content.course import load_course
from coursegen.content.sources import SourceFile
from coursegen.pages.context import restore_html_blocks
from coursegen.pages.convert import converter
from coursegen.pages.prepare import check_and_render
from coursegen.pages.sanitize import output_problems
from coursegen.problems import CourseError
from coursegen.translators.check import check_translation

REPO = Path(__file__).resolve().parent.parent
COURSE = ("course.yml", "mkdocs.yml", "lessons", "translations", "data", "macros", "docs")
MACRO_CALL = '{{ model_card("llama-2") }}\n\n'

# name -> text of about n characters
SHAPES: dict[str, Callable[[int], str]] = {
    "{": lambda n: "{" * n,
    "{{": lambda n: "{{" * (n // 2),
    "heading line": lambda n: "# " + "a" * (n - 2),
    "macro calls": lambda n: MACRO_CALL * (n // len(MACRO_CALL)),
    "*a": lambda n: "*a" * (n // 2),
    "![": lambda n: "![" * (n // 2),
    "[": lambda n: "[" * n,
    "900 ![ + text": lambda n: "![" * 900 + " a" * max(0, (n - 1800) // 2),
    "[x](": lambda n: "[x](" * (n // 4),
    "<": lambda n: "<" * n,
    "<a ": lambda n: "<a " * (n // 3),
    '<a "': lambda n: '<a "' * (n // 4),
    "` a": lambda n: "` a" * (n // 3),
    "{ onx=": lambda n: "{ onx=" * (n // 6),
    "<!--": lambda n: "<!--\n" * (n // 5),
    "nested lists": lambda n: "".join("  " * (depth % 100) + "- a\n" for depth in range(n // 100))[:n],
    "newlines": lambda n: "\n" * n,
}


def _stages(scratch: Path) -> dict[str, Callable[[str], object]]:
    """The two stages, on a copy of the course in scratch (the page under test is written there)."""
    for folder in COURSE:
        copy = shutil.copytree if (REPO / folder).is_dir() else shutil.copy
        copy(REPO / folder, scratch / folder)
    course = load_course(scratch)
    path = "translations/ms/16-open-source-models/README.md"
    translation = course.translations[("ms", "16-open-source-models")]
    source = SourceFile(path, "ms", "16-open-source-models")
    convert = converter(scratch)  # the site's extensions, as check, validate and the build convert

    def check(text: str) -> object:
        """`coursegen check` on the page: review rules, rendering, conversion, output allowlist."""
        (scratch / path).write_text(text, encoding="utf-8")
        problems = check_translation(course, translation)
        if problems:
            raise CourseError(problems)
        return problems

    def build(text: str) -> object:
        """As the build takes a page: checked and rendered (refused up front by the limits),
        converted, held against the output allowlist, the macros' HTML put back."""
        blocks: list[str] = []
        html = convert(check_and_render(course, source, "ms/16-open-source-models/README.md", "ms", text, blocks))
        problems = output_problems(html, path)
        if problems:
            raise CourseError(problems)
        return restore_html_blocks(html, blocks)

    return {"check": check, "build": build}


def _timed(stage: Callable[[str], object], text: str, limit: float) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        stage(text)
        verdict = "ok"
    except CourseError as error:
        verdict = "refused: " + error.problems[0].message[:40]
    except RecursionError:
        verdict = "RecursionError"
    return time.perf_counter() - start, verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=64 * 1024, help="the smaller input size in characters")
    parser.add_argument("--shape", action="append", help="only this shape (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as scratch:
        _table(_stages(Path(scratch)), args.size, args.shape)


def _table(stages: dict[str, Callable[[str], object]], size: int, only: list[str] | None) -> None:
    small, large = size, 2 * size
    print(f"{'shape':<14} {'stage':<9} {f't({small:,})':>11} {f't({large:,})':>11} {'ratio':>6}  verdict")
    for name, make in SHAPES.items():
        if only and name not in only:
            continue
        for stage_name, stage in stages.items():
            first, _ = _timed(stage, make(small), 60)
            second, verdict = _timed(stage, make(large), 60)
            ratio = second / first if first > 0.002 else float("nan")
            print(f"{name!r:<14} {stage_name:<9} {first:>10.3f}s {second:>10.3f}s {ratio:>6.1f}  {verdict}", flush=True)


if __name__ == "__main__":
    main()
