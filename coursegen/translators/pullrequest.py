"""A pull request's translations, checked and summarised for CI.

`python -m coursegen.translators.pullrequest --base REF` lists the files changed since HEAD left REF
(`git diff REF...HEAD`), runs `coursegen check` on the contributed files among them (translations, site pages) and writes
the translation status of the languages they touch, as Markdown, to the CI job summary
($GITHUB_STEP_SUMMARY; standard output as well): each of their lessons' state before and after
(`ms 16-open-source-models: outdated → up to date`) and, for a translation still outdated, what
changed in English since it (`coursegen diff`, which needs the history: `fetch-depth: 0`).
Exits non-zero when the check fails.

It reads file names from git and runs only our own commands: no contributed code is executed.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from coursegen.content.course import ENGLISH
from coursegen.escape import code_block

LANGUAGE_FOLDERS = ("translations", "docs")  # translations/<lang>/..., docs/<lang>/...
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # not docs/assets, docs/overrides
COURSEGEN = [sys.executable, "-m", "coursegen.cli"]


def changed_paths(root: Path, base: str) -> list[str]:
    """Repository-relative paths changed between base and HEAD, deletions included."""
    result = subprocess.run(
        ["git", "diff", "--name-only", "-z", "--no-renames", f"{base}...HEAD", "--"],
        cwd=root,
        capture_output=True,
        check=True,
    )
    return [os.fsdecode(path) for path in result.stdout.split(b"\0") if path]


def touched(paths: list[str]) -> tuple[list[str], list[str]]:
    """The contributed files among paths (translations/<lang>/, docs/<lang>/), and every
    language a path belongs to."""
    files, languages = [], set()
    for path in paths:
        parts = PurePosixPath(path).parts
        if len(parts) < 3 or parts[0] not in LANGUAGE_FOLDERS:
            continue
        lang = parts[1]
        if lang == ENGLISH or not LANGUAGE_CODE.fullmatch(lang):
            continue
        languages.add(lang)
        files.append(path)
    return files, sorted(languages)


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*COURSEGEN, *args], cwd=root, capture_output=True, text=True)


def status_markdown(root: Path, languages: list[str]) -> tuple[int, str]:
    """`coursegen status --format markdown` for these languages (all, if it has no --lang)."""
    filters = [arg for lang in languages for arg in ("--lang", lang)]
    result = _run(root, "status", "--format", "markdown", *filters)
    if result.returncode == 2 and "--lang" in result.stderr:
        result = _run(root, "status", "--format", "markdown")
        if result.returncode == 0:
            return 0, "(every language: this `coursegen status` has no `--lang` filter)\n\n" + result.stdout
    if result.returncode != 0:
        return result.returncode, code_block(result.stdout + result.stderr)
    return 0, result.stdout


def summarise(root: Path, base: str) -> tuple[int, str]:
    """The exit code and the Markdown summary of the pull request's translations."""
    paths = changed_paths(root, base)
    files, languages = touched(paths)
    lines = ["## Translations in this pull request", ""]
    if not languages:
        lines.append("No translation changed.")
        return 0, "\n".join(lines) + "\n"
    lines += [f"Languages: {', '.join(languages)}", "", "### Check", ""]
    existing = [path for path in files if (root / path).is_file()]
    code = 0
    if existing:
        check = _run(root, "check", *existing)
        code = 1 if check.returncode else 0
        verdict = "passed" if check.returncode == 0 else "found problems"
        lines += [f"`coursegen check` on {len(existing)} changed file(s) {verdict}.", ""]
        if check.stdout.strip() or check.stderr.strip():
            lines += [code_block(check.stdout + check.stderr), ""]
    else:
        lines += ["No translation file to check (only deletions).", ""]
    status_code, table = status_markdown(root, languages)
    code = code or (1 if status_code else 0)
    lines += ["### Status", "", table.rstrip(), ""]
    lines += before_and_after(root, base, languages)
    return code, "\n".join(lines)


# -- issue 15: each touched language's lessons before and after, and what English changed -------

STATE_WORDS = {
    "up-to-date": "up to date",
    "outdated": "outdated",
    "in-progress": "in progress",
    "missing": "missing",
}  # status.STATES, as words


# What a course at another commit needs to be loaded (its status read by the same rule as now).
_COURSE_PATHS = ("course.yml", "lessons", "translations", "data", "macros", "docs")


def states_at(root: Path, base: str, languages: list[str]) -> dict[tuple[str, str], str] | None:
    """Each lesson's state in each language at base: the course as that commit has it, loaded
    and judged by coursegen.content.status, the rule `coursegen status` applies now (None when it
    does not load). The files are git's data, unpacked as data (no link, nothing run)."""
    from coursegen.content.course import load_course
    from coursegen.content.status import course_status
    from coursegen.problems import CourseError

    listed = subprocess.run(["git", "ls-tree", "--name-only", base], cwd=root, capture_output=True, text=True)
    paths = [path for path in _COURSE_PATHS if path in listed.stdout.split("\n")]
    if listed.returncode != 0 or "course.yml" not in paths:
        return None
    archive = subprocess.run(["git", "archive", "--format=tar", base, "--", *paths], cwd=root, capture_output=True)
    if archive.returncode != 0:
        return None
    with tempfile.TemporaryDirectory(prefix="coursegen-base-") as scratch:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(scratch, filter="data")
        try:
            status = course_status(load_course(Path(scratch), set(languages) | {ENGLISH}), languages)
        except CourseError:
            return None
    return {cell: state.state for cell, state in status.cells.items()}


def before_and_after(root: Path, base: str, languages: list[str]) -> list[str]:
    """`ms 16-open-source-models: outdated → up to date` for each lesson of each touched language,
    then `coursegen diff` (Markdown) of every translation still outdated."""
    from coursegen.content.course import load_course
    from coursegen.content.status import MISSING, OUTDATED, course_status
    from coursegen.problems import CourseError

    lines = ["### Before → after", ""]
    try:
        course = load_course(root)
    except CourseError:
        return lines + ["The course does not load (see the check above): no before → after.", ""]
    status = course_status(course, [lang for lang in languages if lang != ENGLISH])
    before_states = states_at(root, base, status.languages) or {}
    outdated = []
    for lang in status.languages:
        for slug in status.lessons:
            after = status.state(lang, slug)
            before = before_states.get((lang, slug), MISSING)
            mark = "" if before == after else " (changed by this pull request)"
            lines.append(f"- {lang} {slug}: {STATE_WORDS[before]} → {STATE_WORDS[after]}{mark}")
            if after == OUTDATED and (lang, slug) in course.translations:
                outdated.append((lang, slug))
    lines.append("")
    for lang, slug in outdated:
        result = _run(root, "diff", lang, slug, "--format", "markdown")
        text = result.stdout.strip() or code_block(result.stderr)
        lines += [
            f"<details><summary>{lang} {slug}: what changed in English since the translation</summary>",
            "",
            text,
            "",
            "</details>",
            "",
        ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursegen.translators.pullrequest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the course repository (default: .)")
    parser.add_argument(
        "--base",
        default="HEAD^1",
        help="the branch the pull request targets (default: HEAD^1, the base parent of the merge commit that CI checks out)",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        code, summary = summarise(root, args.base)
    except subprocess.CalledProcessError as error:
        print(f"git diff {args.base}...HEAD failed: {error.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        return 2
    sys.stdout.write(summary)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(summary)
    return code


if __name__ == "__main__":
    sys.exit(main())
