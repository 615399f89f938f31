"""Time against input size for each pathological shape of contributed text, per stage of the
pipeline, and the growth when the size doubles (1.0-2.5: linear; about 4: quadratic).

Stages, each on the Malay lesson of a scratch copy of the course: `check` (what `coursegen check`
does with the page: review rules against the English lesson, the guard's limits, rendering, the
conversion and the output allowlist) and `build` (a page as the build takes it: checked and refused
up front by the guard's limits, else its macro calls run, converted by Markdown with the site's
extensions, held against the output allowlist and the macros' HTML put back). A stage that refuses
an input (a CourseError, a clear limit) is a fine answer: its time is what matters, and the
verdict is shown.

Then the other inputs a contributor or an upstream checkout controls, each at the same two sizes:
the English diff of a long paragraph (run in CI and every build), import's guess of a lesson's
title and summary, a sidecar with many keys, and a label pattern in strings.yml.

Each row says whether it holds the bounds the project sets: linear time (the time of the larger
input at most 5 times that of the smaller, 4 times its size; held from 50 ms up) and bounded
output (a built page at most 10 times its source). Each shape is timed in a process of its own,
the two sizes in turns, and the median of several runs is kept.

Run: make bench-hostile (SIZE=250000, the smaller size; the larger is four times it: 1 MB, the
largest text file a course may hold).
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coursegen.content import comparison, coop, reading
from coursegen.content.course import load_course
from coursegen.content.sources import SourceFile
from coursegen.pages import render
from coursegen.pages.context import restore_html_blocks
from coursegen.pages.convert import converter
from coursegen.pages.prepare import check_and_render
from coursegen.pages.sanitize import output_problems
from coursegen.problems import CourseError
from coursegen.translators.check import check_translation
from coursegen.translators.upstream import lesson_yaml

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


GROWTH = 4  # the larger input is this many times the smaller
MAX_TIME_RATIO = 5.0  # linear: at most this much longer for GROWTH times the input
MAX_PAGE_RATIO = 10.0  # bounded output: a built page at most this many times its source
# Below this (the larger input's time), copying and allocating a megabyte outweighs the work
# measured: the ratio is shown, not held to the bound (no reader waits for 50 ms).
MEASURABLE = 0.05


def _words(n: int) -> str:
    return " ".join(f"word{index % 997}" for index in range(n // 8))[:n]


# The other inputs: name -> (what is timed, given a size).
OTHER_INPUTS: dict[str, Callable[[int], Callable[[], object]]] = {
    # An 8,000-word paragraph took 16 s per command: the English diff of one long paragraph changed throughout.
    "English diff, one paragraph": lambda n: lambda: comparison.compare(_words(n), _words(n).replace("word5 ", "changed ")),
    "English diff, many paragraphs": lambda n: (
        lambda: comparison.compare(
            _words(n).replace("word9 ", "word9\n\n"), _words(n).replace("word9 ", "word9\n\n").replace("word5 ", "changed ")
        )
    ),
    # import's title and summary from a page of unclosed image brackets (160 kB took 34 s).
    "import title, ![": lambda n: lambda: lesson_yaml("01-x", "![" * (n // 2), "01-x"),
    "import title, prose": lambda n: lambda: lesson_yaml("01-x", "# T\n\n" + _words(n), "01-x"),
    # a sidecar of many keys, each key's line found for its messages (20k keys took 4.5 s)
    "sidecar keys": lambda n: (
        lambda: coop.parse_sidecar("{" + ",".join(f'"k{index}.md": {{"original_hash": "x"}}' for index in range(n // 40)) + "}", "s.json")
    ),
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


def _forget_readings() -> None:
    """The caches keyed by a text's content (pure): emptied so that each run reads its text afresh."""
    for cached in (reading.read, render._checked_pieces):
        cached.cache_clear()


def _repeats(seconds: float) -> int:
    """How many pairs of runs (smaller, larger) to time for what took this long: one short run
    is noisy, and runs of one size after another meet the memory the one before left."""
    return 9 if seconds < 0.2 else 3 if seconds < 1.0 else 1


def _once(run: Callable[[], object]) -> tuple[float, str, int]:
    """One run: seconds, verdict, and the size of what it made (a page's text)."""
    _forget_readings()
    start = time.perf_counter()
    size, verdict = 0, "ok"
    try:
        result = run()
        size = len(result) if isinstance(result, str) else 0
    except CourseError as error:
        verdict = "refused: " + error.problems[0].message[:40]
    except RecursionError:
        verdict = "RecursionError"
    return time.perf_counter() - start, verdict, size


def _paired(small: Callable[[], object], large: Callable[[], object]) -> tuple[float, float, str, int]:
    """The median times of the smaller and the larger input, run in turns; the larger's verdict and size."""
    smaller: list[float] = []
    larger: list[float] = []
    pairs = 1
    while len(larger) < pairs:
        smaller.append(_once(small)[0])
        seconds, verdict, size = _once(large)
        larger.append(seconds)
        pairs = _repeats(larger[0])
    return statistics.median(smaller), statistics.median(larger), verdict, size


LABEL_SHAPE = "{aside} repeated"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=250_000, help="the smaller input size in characters (the larger: 4×, 1 MB)")
    parser.add_argument("--shape", action="append", help="only this shape or input (repeatable)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # (one shape or input, in a process of its own)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_rows(args.one, args.size)))
        return
    # Each shape is timed in a fresh process: runs in one long process met the memory left by
    # the shapes before, which made the smaller input's times drift by up to half.
    names = [name for name in [*SHAPES, LABEL_SHAPE, *OTHER_INPUTS] if not args.shape or name in args.shape]
    small, large = args.size, GROWTH * args.size
    print(f"{'shape or input':<30} {'stage':<13} {f't({small:,})':>11} {f't({large:,})':>12} {'time×':>6} {'page×':>6}  verdict")
    failures = 0
    for name in names:
        command = [sys.executable, "-m", "benchmarks.hostile_text", "--size", str(args.size), "--one", name]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
        for row in json.loads(result.stdout.strip().splitlines()[-1]):
            ratios, within = _verdict(row["small"], row["large"], row["built"] / large)
            failures += not within
            mark = "" if within else "  OUTSIDE THE BOUNDS"
            print(
                f"{name!r:<30} {row['stage']:<13} {row['small']:>10.3f}s {row['large']:>11.3f}s {ratios}  {row['verdict']}{mark}",
                flush=True,
            )
    print(f"\n{failures} row(s) outside the bounds" if failures else "\nevery row within the bounds")
    raise SystemExit(1 if failures else 0)


def _rows(name: str, size: int) -> list[dict]:
    """The timings of one shape (at each stage) or one other input, at size and GROWTH × size."""
    small, large = size, GROWTH * size
    if name in OTHER_INPUTS:
        first, second, _, _ = _paired(OTHER_INPUTS[name](small), OTHER_INPUTS[name](large))
        return [{"stage": "-", "small": first, "large": second, "verdict": "ok", "built": 0}]
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as scratch:
        stages = _stages(Path(scratch))  # (a copy of the course in scratch, whichever stage runs)
        make = SHAPES.get(name) or (lambda n: "{aside}" * (n // 70))  # (a label: a tenth, strings.yml stays under 1 MB)
        if name == LABEL_SHAPE:
            stages = {"label pattern": _label_stage(Path(scratch))}
        rows = []
        for stage_name, stage in stages.items():
            first, second, verdict, built = _paired(functools.partial(stage, make(small)), functools.partial(stage, make(large)))
            rows.append({"stage": stage_name, "small": first, "large": second, "verdict": verdict, "built": built})
        return rows


def _label_stage(scratch: Path) -> Callable[[str], object]:
    """A Malay strings.yml whose in_brackets label is the text (a pattern of placeholders), loaded as the build loads it."""
    strings = scratch / "translations" / "ms" / "strings.yml"
    original = strings.read_text("utf-8")

    def load(text: str) -> object:
        label = text.replace("\\", "").replace('"', "").replace("\n", " ")
        strings.write_text(original.replace('in_brackets: "{text} ({aside})"', f'in_brackets: "{{text}} ({label})"'), "utf-8")
        try:
            return load_course(scratch)
        finally:
            strings.write_text(original, "utf-8")

    return load


def _verdict(first: float, second: float, size_ratio: float) -> tuple[str, bool]:
    time_ratio = second / first if first > 0.002 else 1.0
    within = (time_ratio <= MAX_TIME_RATIO or second < MEASURABLE) and size_ratio <= MAX_PAGE_RATIO
    return f"{time_ratio:>6.1f} {size_ratio:>6.1f}", within


if __name__ == "__main__":
    main()
