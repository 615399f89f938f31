"""Time against input size for each pathological shape of contributed text, per stage of the
pipeline, and the growth when the size doubles (1.0-2.5: linear; about 4: quadratic).

Stages: `check` (the scanners a review reads and the guard's limits) and `build` (a page as the
build takes it: refused up front by the guard's limits, else its macro calls checked and run, then
converted by Markdown with the site's extensions). A stage that refuses an input (a CourseError, a clear limit) is a fine
answer: its time is what matters, and the verdict is shown.

Run: make bench-hostile (SIZE=65536 to set the smaller size; the larger is twice it).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from coursegen.content.course import load_course
from coursegen.pages import render, scan
from coursegen.pages.context import PageContext
from coursegen.pages.convert import converter
from coursegen.pages.guard import markup_limits, theme_id_problems
from coursegen.problems import CourseError

REPO = Path(__file__).resolve().parent.parent
MACRO_CALL = '{{ model_card("llama-2") }}\n\n'

# name -> text of about n characters
SHAPES: dict[str, Callable[[int], str]] = {
    "{": lambda n: "{" * n,
    "{{": lambda n: "{{" * (n // 2),
    "heading line": lambda n: "# " + "a" * n,
    "macro calls": lambda n: MACRO_CALL * (n // len(MACRO_CALL)),
    "*a": lambda n: "*a" * (n // 2),
    "![": lambda n: "![" * (n // 2),
    "[": lambda n: "[" * n,
    "900 ![ + text": lambda n: "![" * 450 + "![" * 450 + " a" * max(0, (n - 1800) // 2),
    "[x](": lambda n: "[x](" * (n // 4),
    "<": lambda n: "<" * n,
    "<a ": lambda n: "<a " * (n // 3),
    '<a "': lambda n: '<a "' * (n // 4),
    "` a": lambda n: "` a" * (n // 3),
    "{ onx=": lambda n: "{ onx=" * (n // 6),
    "<!--": lambda n: "<!--\n" * (n // 5),
    "nested lists": lambda n: "".join("  " * depth + "- a\n" for depth in range(n // 200)) * 1,
    "newlines": lambda n: "\n" * n,
}


def _stages() -> dict[str, Callable[[str], object]]:
    course = load_course(REPO)
    context = PageContext(course, "ms", "16-open-source-models", "ms")
    path = "translations/ms/16-open-source-models/README.md"
    convert = converter(REPO)  # the site's extensions, as check, validate and the build convert

    def check(text: str) -> object:
        scans = (markup_limits, theme_id_problems, scan.danger_findings)
        return ([scanner(text, path) for scanner in scans], scan.links(text), scan.headings(text), scan.macro_calls(text))

    def build(text: str) -> object:
        """As the build takes a page: refused up front, else rendered, then converted."""
        refused = markup_limits(text, path)
        if refused:
            raise CourseError(refused)
        return convert(render.render_page(text, context, path))

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
    stages = _stages()
    small, large = args.size, 2 * args.size
    print(f"{'shape':<14} {'stage':<9} {f't({small:,})':>11} {f't({large:,})':>11} {'ratio':>6}  verdict")
    for name, make in SHAPES.items():
        if args.shape and name not in args.shape:
            continue
        for stage_name, stage in stages.items():
            first, _ = _timed(stage, make(small), 60)
            second, verdict = _timed(stage, make(large), 60)
            ratio = second / first if first > 0.002 else float("nan")
            print(f"{name!r:<14} {stage_name:<9} {first:>10.3f}s {second:>10.3f}s {ratio:>6.1f}  {verdict}", flush=True)


if __name__ == "__main__":
    main()
