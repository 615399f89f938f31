"""The coursegen command: thin, it parses arguments, calls the library and prints."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console

from .course import load_course
from .macros import PageContext
from .problems import CourseError
from .render import render_page
from .textfile import read_text

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def cmd_validate(args: argparse.Namespace) -> int:
    course = load_course(args.root)
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


def cmd_build(args: argparse.Namespace) -> int:
    from . import build

    start = time.monotonic()
    only = args.only.replace(",", " ").split() if args.only else None
    results = build.build(args.config_file, args.site_dir, jobs=args.jobs, only=only, groups=args.groups, strict=not args.no_strict)
    languages = sum(len(result.languages) for result in results) + 1
    out.print(f"built {languages} language(s) in {len(results)} group(s) into {args.site_dir} in {time.monotonic() - start:.1f} s")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from . import build

    build.merge(args.parts, args.site_dir)
    out.print(f"merged {len(args.parts)} part(s) into {args.site_dir}")
    return 0


def add_build_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("build", help="build the site, languages split into groups built in parallel")
    run.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    run.add_argument("--site-dir", type=Path, default=Path("site"))
    run.add_argument("--jobs", "-j", type=int, default=0, help="builds at once (default: one per processor)")
    run.add_argument("--groups", type=int, default=0, help="split the languages into this many builds (default: --jobs)")
    run.add_argument("--only", help="build only these languages (and English), e.g. 'ms,ar': a part for `merge`")
    run.add_argument("--no-strict", action="store_true", help="do not fail on warnings")
    run.set_defaults(run=cmd_build)
    merge = commands.add_parser("merge", help="put parts built with `build --only` together into one site")
    merge.add_argument("parts", type=Path, nargs="+")
    merge.add_argument("--site-dir", type=Path, default=Path("site"))
    merge.set_defaults(run=cmd_merge)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursegen", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="the course repository (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="load every file and check it against its schema").set_defaults(run=cmd_validate)
    render = commands.add_parser("render", help="print a lesson's Markdown after macros, in a language")
    render.add_argument("lang")
    render.add_argument("lesson")
    render.set_defaults(run=cmd_render)
    add_build_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CourseError as error:
        for problem in error.problems:
            err.print(str(problem), markup=False)
        return 1


if __name__ == "__main__":
    sys.exit(main())
