"""Seconds each scanner takes on 1 MB of pathological text (the largest file a course may hold).

Every figure must stay well under a second: a scanner that rescans from each opener would take
hours here. Run: .venv/bin/python benchmarks/hostile_text.py
"""

from __future__ import annotations

import time

from coursegen.content.coop import parse_inline_metadata, split_disclaimer
from coursegen.content.textfile import MAX_TEXT_BYTES
from coursegen.pages.render import template_problems
from coursegen.pages.scan import danger_findings, headings, links, macro_calls

N = MAX_TEXT_BYTES
CASES = {
    "<": "<" * N,
    "<a ": "<a " * (N // 3),
    "{{": "{{" * (N // 2),
    "{%": "{%" * (N // 2),
    "` a": "` a" * (N // 3),
    "[": "[" * N,
    "[x](": "[x](" * (N // 4),
    '<a "': '<a "' * (N // 4),
    "{ onx=": "{ onx=" * (N // 6),
    "newlines": "\n" * N,
    "<!--": "<!--\n" * (N // 5),
}
SCANNERS = {
    "dangers": danger_findings,
    "links": links,
    "macro_calls": macro_calls,
    "headings": headings,
    "template": template_problems,
    "metadata": parse_inline_metadata,
    "disclaimer": lambda text, _: split_disclaimer(text),
}


def main() -> None:
    print("input", *SCANNERS, sep="\t")
    for name, text in CASES.items():
        row = []
        for scanner in SCANNERS.values():
            start = time.perf_counter()
            try:
                scanner(text, "bench.md")
            except Exception:  # a CourseError is a fine answer; only the time matters here
                pass
            row.append(f"{time.perf_counter() - start:.2f}")
        print(repr(name), *row, sep="\t", flush=True)


if __name__ == "__main__":
    main()
