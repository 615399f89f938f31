"""`python -m coursegen.translators.interface_check [lang ...]`: the words shipped with the
generator (coursegen/interface/<lang>.yml) held to the rules a course's strings.yml follows
(placeholders, CLDR plural categories), and complete against lessons/strings.yml of the course in
the current folder. A reviewer runs it after editing a file; tests/test_every_language.py runs it
on every language."""

from __future__ import annotations

import sys
from pathlib import Path

from coursegen.content.course import load_strings
from coursegen.content.interface import INTERFACE_FOLDER, coverage_problems, shipped_file
from coursegen.content.languages import ENGLISH, LANGUAGES
from coursegen.problems import Problem


def main(argv: list[str]) -> int:
    root = Path.cwd()
    problems: list[Problem] = []
    english = load_strings(root, root / "lessons" / "strings.yml", ENGLISH, {}, problems)
    langs = argv or [lang for lang in LANGUAGES if lang != ENGLISH]
    for lang in langs:
        path = shipped_file(lang)
        if not path.is_file():
            problems.append(Problem(path.as_posix(), 0, f"{lang}: no shipped file"))
            continue
        found: list[Problem] = []
        shipped = load_strings(INTERFACE_FOLDER.parent.parent, path, lang, {}, found, english=english)
        problems += found or coverage_problems(lang, shipped, english, path.relative_to(INTERFACE_FOLDER.parent.parent).as_posix())
    for problem in problems:
        print(problem)
    print(f"{len(langs)} language(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
