"""The coursegen command: thin, it parses arguments, calls the library and prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from coursegen.content.course import ENGLISH, LESSON_FILE, load_course
from coursegen.content.sources import SourceFile
from coursegen.content.status import OUTDATED, UP_TO_DATE
from coursegen.escape import code_block, markdown_literal, terminal_safe
from coursegen.pages import prepare as pages
from coursegen.pages.prepare import validate_pages
from coursegen.problems import CourseError, Problem, display_path

CACHE_VARIABLE = "COURSEGEN_CACHE_DIR"  # where `coursegen build` keeps built parts (else the user's cache folder)

if TYPE_CHECKING:
    from coursegen.translators.importer import ImportResult


# soft_wrap: a `file:line: message` must stay on one line, whatever the terminal width; no emoji
# codes: rich would print `README.md:100: …` as `README.md💯 …`.
class _Console(Console):
    """Rich's console, showing the control characters of the text it prints instead of sending
    them to the terminal (file paths, messages and lesson text come from contributors)."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(terminal_safe(item) if isinstance(item, str) else item for item in objects), **options)


err = _Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = _Console(highlight=False, soft_wrap=True, emoji=False)


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
    path = course.path(translation.readme if translation else course.lessons[args.lesson].readme)
    source = SourceFile(path, args.lang if translation else ENGLISH, args.lesson)
    # The same checks and rendering as the build (coursegen.pages.prepare), so what it prints is what ships.
    text = pages.check_and_render(course, source, f"{args.lang}/{args.lesson}/{LESSON_FILE}", args.lang, pages.read_page(course, path))
    sys.stdout.write(text)
    return 0


# -- translators' workflow: status, check, new, stamp, import -------------------------------------

STATE_STYLES = {"up-to-date": "green", "outdated": "yellow", "in-progress": "magenta", "missing": "red"}


def cmd_status(args: argparse.Namespace) -> int:
    from coursegen.content.history import outdated_diffs
    from coursegen.content.status import course_status, missing_strings_headline, status_markdown, unreviewed_line
    from coursegen.pages.prepare import withheld_pages
    from coursegen.translators import diff as view

    course = load_course(args.root)
    status = course_status(course, args.lang or None)
    diffs = outdated_diffs(course, status.cells)  # how much English changed since each outdated one
    if args.format == "json":
        data = status.as_json()
        for (lang, slug), diff in diffs.items():
            found = diff.as_json()
            data["details"][lang][slug]["changes"] = (
                {"base": found["base"], **found["summary"]} if diff.base else {"found": False, "reason": found["reason"]}
            )
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(status_markdown(status, course.config.repository, course.config.branch) + view.sizes_markdown(diffs))
    else:
        table = Table(title="Translation status", title_justify="left")
        table.add_column("language")
        for slug in status.lessons:
            table.add_column(slug)
        table.add_column("up to date", justify="right")
        for lang in status.languages:
            cells = [Text(status.state(lang, slug), style=STATE_STYLES[status.state(lang, slug)]) for slug in status.lessons]
            table.add_row(lang, *cells, f"{round(100 * status.share_up_to_date(lang))}%")
        out.print(table)
        if diffs:
            sizes = Table(title="Outdated: how much the English changed since (quickest first)", title_justify="left")
            for column in ("language", "lesson", "sections", "words", "translated from"):
                sizes.add_column(column, justify="right" if column == "words" else "left")
            for (lang, slug), diff in sorted(diffs.items(), key=lambda item: view._effort(item[1])):
                sizes.add_row(lang, slug, *view.size_cells(diff))
            out.print(sizes)
            out.print("see the changes: coursegen diff LANG LESSON", markup=False)
        _print_withheld(withheld_pages(course, status.languages))
        for lang in status.languages:
            if lang in status.without_strings_file:
                out.print(missing_strings_headline(lang, status.missing_strings[lang], no_file=True), markup=False)
            elif status.missing_strings[lang]:
                out.print(f"{missing_strings_headline(lang, status.missing_strings[lang])}:", markup=False)
                out.print("  " + ", ".join(status.missing_strings[lang]), markup=False)
        if status.unreviewed:
            out.print(unreviewed_line(sorted(status.unreviewed)), markup=False)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from coursegen.content.history import english_diff
    from coursegen.translators import diff as view

    course = load_course(args.root)
    if args.lesson not in course.lessons:
        err.print(f"unknown lesson '{args.lesson}' (known: {', '.join(sorted(course.lessons))})", markup=False)
        return 2
    if (args.lang, args.lesson) not in course.translations:
        err.print(
            f"{args.lang} has no translation of {args.lesson} yet: start one with `coursegen new {args.lang} {args.lesson}`", markup=False
        )
        return 2
    diff = english_diff(course, args.lang, args.lesson)
    if args.format == "json":
        sys.stdout.write(json.dumps(diff.as_json(), indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(view.markdown_view(diff))
    elif diff.base is None:
        for line in view.not_found_lines(diff):
            err.print(line, markup=False)
    else:
        Console(highlight=False, emoji=False).print(view.terminal_view(diff))  # wrapped to the terminal, unlike `out`
    return 0 if diff.base is not None else 1


def cmd_check(args: argparse.Namespace) -> int:
    from coursegen.translators.check import check_course, strings_warnings
    from coursegen.translators.facts_age import stale_facts_warnings

    course = load_course(args.root)
    problems = check_course(course, args.paths or None)
    warnings = strings_warnings(course, args.paths or None)  # reported, but the check passes
    if not args.paths:  # (the whole course: its model facts too)
        warnings += stale_facts_warnings(course)
    for warning in warnings:
        out.print(f"warning: {warning}", markup=False, soft_wrap=True)
    for problem in problems:
        out.print(str(problem), markup=False, soft_wrap=True)
    if problems:
        files = len({problem.path for problem in problems})
        err.print(f"{len(problems)} problem(s) in {files} file(s)", markup=False)
        return 1
    err.print(f"ok: no problems found ({len(warnings)} warning(s))" if warnings else "ok: no problems found", markup=False)
    return 0


def _report_written(root: Path, written: list[Path], verb: str = "wrote") -> None:
    if written:  # (one print: rich takes a tenth of a millisecond a call, an import writes thousands)
        out.print("\n".join(f"{verb} {display_path(path, root)}" for path in written), markup=False, soft_wrap=True)


def cmd_new(args: argparse.Namespace) -> int:
    from coursegen.translators.workflow import plan_new

    course = load_course(args.root)
    transaction = plan_new(course, args.lang, args.lesson, force=args.force)
    _report_written(course.root, transaction.commit())
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    from coursegen.translators.workflow import plan_stamp

    course = load_course(args.root)
    _report_written(course.root, plan_stamp(course, args.paths, force=args.force).commit())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from coursegen.translators.importer import plan_import

    course = load_course(args.root)
    replaceable: frozenset[Path] = getattr(args, "replaceable", frozenset())  # (sync: what it wrote last time, untouched since)
    result = plan_import(
        course,
        args.source,
        languages=args.lang or None,
        lessons=args.lesson or None,
        force=args.force,
        english=args.english,
        replaceable=replaceable,
    )
    for warning in result.warnings:
        err.print(f"warning: {warning}", markup=False, soft_wrap=True)
    if result.problems:
        for problem in sorted(set(result.problems)):
            err.print(str(problem), markup=False, soft_wrap=True)
        err.print("nothing was imported", markup=False)
        return 1
    transaction = result.transaction
    written = [] if args.dry_run else transaction.commit()
    if hasattr(args, "written"):  # (sync: what the import brought, for the next sync to replace)
        args.written.update(transaction.current)
    _report_written(course.root, list(transaction.planned) if args.dry_run else written, "would write" if args.dry_run else "wrote")
    # The summary lists every file not brought, with its reason: these with the rest.
    kept = [
        Problem(display_path(path, course.root), 0, "it exists and differs: kept (--force replaces it)")
        for path in dict.fromkeys(transaction.skipped)
    ]
    result.skipped[:0] = kept
    _print_import_summary(result, course.root, args.dry_run)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """Fetch what the site uses of the upstream course, import it, record the commit: the changes
    are left in the working tree for review (nothing is committed)."""
    from coursegen.translators import sync

    course = load_course(args.root)
    url, branch = args.source or course.config.upstream, args.branch or course.config.upstream_branch
    try:
        fetched = sync.fetch(url, branch, course.root)
    except CourseError as error:
        err.print(str(error), markup=False)
        return 1
    out.print(
        f"upstream {url} ({branch}) at {fetched.commit[:12]}, {fetched.date}: pages, sidecars and {fetched.linked} linked file(s) fetched",
        markup=False,
    )
    args.source, args.replaceable, args.written = fetched.checkout, sync.untouched(course.root), {}
    with out.capture() as captured:  # (shown below, and kept for --summary)
        code = cmd_import(args)
        if code == 0 and not args.dry_run:
            try:
                _print_withheld(pages.withheld_pages(load_course(args.root)))
            except CourseError as error:
                _print_withheld(error.problems)
    summary = captured.get()
    sys.stdout.write(summary)
    if code == 0 and not args.dry_run:
        path = display_path(sync.record(course.root, url, branch, fetched, args.written), course.root)
        out.print(f"recorded in {path}; nothing committed: review with git status and git diff", markup=False)
    if args.summary:  # Markdown for a pull request's body: the upstream text stays text in a code block
        heading = f"Upstream {url} ({branch}) at commit {fetched.commit[:12]}, {fetched.date[:10]}."
        Path(args.summary).write_text(f"{markdown_literal(heading)}\n\n{code_block(summary)}\n", "utf-8")
    return code


def _print_withheld(withheld: list[Problem]) -> None:
    """The translated pages a deploy holds back (the English page shown in their place), with the
    reason, by file and line: after `status`, and after a sync's import."""
    if withheld:
        out.print("withheld from the site until fixed (the English page is shown, with a notice):", markup=False)
        for problem in withheld:
            out.print(f"  {problem}", markup=False, soft_wrap=True)


def _print_import_summary(result: ImportResult, root: Path, dry_run: bool) -> None:
    """What a maintainer acts on: what came in, in which state, what was left out, what to review."""
    english = [entry for entry in result.imported if entry.startswith(f"{ENGLISH}/")]
    translated_pages = len(result.imported) - len(english)
    by_language: dict[str, Counter[str]] = {}
    for (lang, _slug), state in sorted(result.states.items()):
        by_language.setdefault(lang, Counter())[state] += 1
    other_pages: Counter[str] = Counter()  # pages of lessons whose README.md is not translated
    for entry in result.imported:
        lang, slug, inner = entry.split("/", 2)
        if lang != ENGLISH and (lang, slug) not in result.states:
            other_pages[lang] += 1
    for lang in other_pages:
        by_language.setdefault(lang, Counter())
    by_language = dict(sorted(by_language.items()))
    verb = "would import" if dry_run else "imported"
    out.print(
        f"\n{verb}: {len(english)} English page(s), {len(result.states)} translated lesson(s) in {len(by_language)} language(s)"
        f" ({translated_pages} translated page(s) in all" + (f"; {result.unchanged} unchanged" if result.unchanged else "") + ")",
        markup=False,
    )
    for lang, states in by_language.items():
        counts = [f"{states[state]} {state}" for state in (UP_TO_DATE, OUTDATED) if states[state]]
        if other_pages[lang]:
            counts.append(f"{other_pages[lang]} page(s) of lessons whose README.md is not translated")
        out.print(f"  {lang}: {', '.join(counts)}", markup=False, soft_wrap=True)
    if result.skipped:
        out.print(f"skipped ({len(result.skipped)}):", markup=False)
        for problem in result.skipped:
            out.print(f"  {problem}", markup=False, soft_wrap=True)
    if result.removed:
        out.print(f"removed upstream, kept here ({len(result.removed)}):", markup=False)
        for problem in result.removed:
            out.print(f"  {problem}", markup=False, soft_wrap=True)
    if result.generated:
        out.print("lesson.yml written from the lesson's text, to review (title, summary, goals):", markup=False)
        for path in result.generated:
            out.print(f"  {display_path(path, root)}", markup=False, soft_wrap=True)


def add_translator_commands(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser("status", help="which translations are up-to-date, outdated or missing")
    status.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    status.add_argument("--lang", action="append", help="only this language (repeatable)")
    status.set_defaults(run=cmd_status)
    diff = commands.add_parser("diff", help="what changed in the English lesson since a translation was made (from git history)")
    diff.add_argument("lang")
    diff.add_argument("lesson")
    diff.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    diff.set_defaults(run=cmd_diff)
    check = commands.add_parser("check", help="check translations (and lessons) as a reviewer would; file:line: message")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: everything)")
    check.set_defaults(run=cmd_check)
    new = commands.add_parser("new", help="start a translation of a lesson (never replaces a file)")
    new.add_argument("lang")
    new.add_argument("lesson")
    new.add_argument("--force", action="store_true", help="replace an existing translation")
    new.set_defaults(run=cmd_new)
    stamp = commands.add_parser("stamp", help="record that translations match the current English lessons")
    stamp.add_argument("paths", nargs="+", type=Path)
    stamp.add_argument("--force", action="store_true", help="stamp even when the headings do not match the current English lesson")
    stamp.set_defaults(run=cmd_stamp)
    imp = commands.add_parser("import", help="bring lessons and translations from an upstream course checkout")
    imp.add_argument("source", type=Path, help="the upstream checkout")
    imp.add_argument("--lang", action="append", help="only this language (repeatable)")
    imp.add_argument("--lesson", action="append", help="only this lesson (repeatable)")
    imp.add_argument("--force", action="store_true", help="replace existing files (of the languages and lessons selected)")
    imp.add_argument(
        "--english", action="store_true", help="also bring in upstream's English lessons where this course has them (with --force: replace)"
    )
    imp.add_argument("--dry-run", action="store_true", help="show what would be written")
    imp.set_defaults(run=cmd_import)
    sync = commands.add_parser("sync", help="fetch the upstream course (course.yml's upstream) and import it, for review")
    sync.add_argument("--from", dest="source", help="another repository address than course.yml's upstream (a fork, a local mirror)")
    sync.add_argument("--branch", help="another branch than course.yml's upstream_branch")
    for option in ("--lang", "--lesson"):
        sync.add_argument(option, action="append", help=f"only this {option[2:]} (repeatable)")
    sync.add_argument("--force", action="store_true", help="replace existing files (of the languages and lessons selected)")
    sync.add_argument("--english", action="store_true", help="also bring in upstream's English lessons where this course has them")
    sync.add_argument("--dry-run", action="store_true", help="show what would be written")
    sync.add_argument("--summary", type=Path, help="also write the summary to this file, as Markdown (a pull request's body)")
    sync.set_defaults(run=cmd_sync)


def cmd_build(args: argparse.Namespace) -> int:
    from coursegen.site import build

    start = time.monotonic()
    only = args.only.replace(",", " ").split() if args.only else None
    config_file = args.config_file or args.root / "mkdocs.yml"
    cache_dir = args.cache_dir or (Path(os.environ[CACHE_VARIABLE]) if os.environ.get(CACHE_VARIABLE) else None)
    if only or args.no_cache:  # (a part for `merge` is built whole: the cache is for whole sites)
        results = build.build(config_file, args.site_dir, jobs=args.jobs, only=only, groups=args.groups, strict=not args.no_strict)
        languages = sum(len(result.languages) for result in results) + 1
        out.print(f"built {languages} language(s) in {len(results)} group(s) into {args.site_dir} in {time.monotonic() - start:.1f} s")
        withheld = sorted({line for result in results for line in result.withheld})
    else:
        from coursegen.site import build_cache

        done = build_cache.build_with_cache(
            config_file, args.site_dir, cache_dir, jobs=args.jobs, groups=args.groups, strict=not args.no_strict
        )
        reused = f"; {len(done.restored) + len(done.kept)} unchanged, from the cache" if done.restored or done.kept else ""
        out.print(
            f"built {len(done.built)} language(s) in {len(done.groups)} group(s) into {args.site_dir} "
            f"in {time.monotonic() - start:.1f} s{reused}"
        )
        withheld = list(done.withheld)
    if withheld:
        err.print(
            f"withheld {len(withheld)} problem(s) of translated pages, not published until fixed (readers get a notice, "
            "and the English page where there is one):"
        )
        for line in withheld:
            err.print(f"  {line}", markup=False, highlight=False)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from coursegen.site import build

    build.merge(args.parts, args.site_dir)
    out.print(f"merged {len(args.parts)} part(s) into {args.site_dir}")
    return 0


def add_build_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("build", help="build the site, languages split into groups built in parallel")
    run.add_argument("--config-file", type=Path, help="the site's configuration (default: mkdocs.yml of --root)")
    run.add_argument("--site-dir", type=Path, default=Path("site"))
    run.add_argument("--jobs", "-j", type=int, default=0, help="builds at once (default: one per processor)")
    run.add_argument("--groups", type=int, default=0, help="split the languages into this many builds (default: --jobs)")
    run.add_argument("--only", help="build only these languages (and English), e.g. 'ms,ar': a part for `merge`")
    run.add_argument("--no-strict", action="store_true", help="do not fail on warnings")
    run.add_argument(
        "--cache-dir",
        type=Path,
        help=f"where built parts of the site are kept for the next build (default: ${CACHE_VARIABLE}, else the user's cache folder)",
    )
    run.add_argument("--no-cache", action="store_true", help="build every language, reading and writing no cache")
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
    add_translator_commands(commands)
    add_build_commands(commands)
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
