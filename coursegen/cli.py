"""The coursegen command: thin, it parses arguments, calls the library and prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from .course import load_course
from .macros import PageContext
from .pages import validate_pages
from .problems import CourseError
from .render import render_page
from .textfile import read_text

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def cmd_validate(args: argparse.Namespace) -> int:
    course = load_course(args.root)
    problems = validate_pages(course)  # render every page in every language, as the build would
    if problems:
        raise CourseError(problems)
    out.print(
        f"ok: {len(course.lessons)} lesson(s), {len(course.models)} model(s), "
        f"{len(course.translations)} translation(s) in {len(course.languages)} language(s)"
    )
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    course = load_course(args.root)
    if args.lesson not in course.lessons:
        err.print(f"unknown lesson '{args.lesson}' (known: {', '.join(course.lessons)})")
        return 2
    translation = course.translations.get((args.lang, args.lesson))
    path = translation.readme if translation else course.lessons[args.lesson].readme
    ctx = PageContext(course, args.lang, args.lesson, args.lang if translation else "en")
    sys.stdout.write(render_page(read_text(path, course.path(path)), ctx, course.path(path)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursegen", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="the course repository (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="load every file and check it against its schema").set_defaults(run=cmd_validate)
    render = commands.add_parser("render", help="print a lesson's Markdown after macros, in a language")
    render.add_argument("lang")
    render.add_argument("lesson")
    render.set_defaults(run=cmd_render)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CourseError as error:
        for problem in error.problems:
            err.print(str(problem), markup=False, soft_wrap=True)
        return 1
    except OSError as error:  # a missing or unreadable file or folder: say which, no traceback
        err.print(f"{error.filename or args.root}: {error.strerror or error}", markup=False, soft_wrap=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
