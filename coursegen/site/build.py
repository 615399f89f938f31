"""Build the site fast: the languages split into groups, one MkDocs build per group, in parallel.

mkdocs-static-i18n builds every language one after another in one process, and each language's
build walks the files of every language: the cost grows with the square of the number of
languages. Here each group of languages is a separate MkDocs build, run in its own worker process
with MkDocs' own `load_config` and `build`, and given its languages, staging folder and output
folder as arguments: the coursegen plugin's options, set on the loaded configuration (see
coursegen.site.selection). The groups' folders are then moved together into one site. Every group
also builds English (the engine needs its default language); only the first group keeps its pages.

The languages are the course's folders (content.course.course_languages), read once, here. The same
groups can run on separate machines: `--only` builds some languages into a folder and `merge`
puts such folders together, with the same result as one full build.
"""

from __future__ import annotations

import html
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from coursegen.content.course import ENGLISH, SITE_FOLDER, course_languages
from coursegen.pages.status_table import WITHHELD_PLACE
from coursegen.problems import CourseError, Problem
from coursegen.site import patches

MARKER = ".coursegen-languages"  # names the languages an output folder holds, for `merge`
WITHHELD_FILE = ".coursegen-withheld"  # the pages a part held back, for the status pages of the merged site
PLUGIN = "coursegen"  # the plugin's name in mkdocs.yml


@dataclass(frozen=True)
class GroupResult:
    languages: tuple[str, ...]
    site_dir: Path
    seconds: float
    withheld: tuple[str, ...] = ()  # `file:line: message` of each translated page held back
    # the same, by the language whose folder holds the page (English: the root's pages)
    withheld_by_language: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    """One group's build: English plus `languages`, into site_dir, staged in work_dir."""

    config_file: Path
    languages: tuple[str, ...]
    site_dir: Path
    work_dir: Path
    strict: bool = True
    with_english: bool = True  # False: another group provides the English pages


def configured_languages(config_file: Path) -> list[str]:
    """The course's languages (its folders), the default language of mkdocs.yml first."""
    return course_root_and_languages(config_file)[1]


def course_root_and_languages(config_file: Path) -> tuple[Path, list[str]]:
    """The course's folder (the plugin's `root`) and its languages, the default one first."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from coursegen.site.selection import i18n_plugin

    patches.apply()
    try:
        config = load_config(str(config_file))
    except ConfigurationError as error:
        raise CourseError(Problem(str(config_file), 0, str(error))) from None
    default = i18n_plugin(config).default_language
    root = (config_file.parent / config.plugins["coursegen"].config.root).resolve()
    return root, [default] + [code for code in course_languages(root) if code != default]


def split(languages: list[str], groups: int, weights: dict[str, int] | None = None, english: int = 0) -> list[list[str]]:
    """Languages dealt into at most `groups` groups of about equal work: with weights (see
    language_weights), the heaviest first, each to the group with the least so far, the first group
    starting with `english` (it builds the English pages too); without, round-robin. A group's
    languages keep their order; no group but the first is empty."""
    groups = max(1, min(groups, len(languages)))
    if weights is None:
        return [languages[index::groups] for index in range(groups)]
    loads, members = [english] + [0] * (groups - 1), [set[str]() for _ in range(groups)]
    for lang in sorted(languages, key=lambda code: (-weights.get(code, 0), code)):
        lightest = min(range(groups), key=lambda index: (loads[index], len(members[index]), index))
        loads[lightest] += weights.get(lang, 0)
        members[lightest].add(lang)
    # (a group left empty would build English for nothing; the first builds it for the site)
    return [[lang for lang in languages if lang in group] for index, group in enumerate(members) if group or index == 0]


def language_weights(root: Path, languages: list[str]) -> dict[str, int]:
    """What building each language costs, about: the bytes of its Markdown pages (a build's time
    grows with its pages' text). English's is twice its pages' (its lessons and site pages): the
    group that builds it also makes the site's root files, the sitemap and the theme's assets."""

    def size(folder: Path) -> int:
        return sum(path.stat().st_size for path in folder.rglob("*.md")) if folder.is_dir() else 0

    return {
        lang: 2 * (size(root / "lessons") + size(root / SITE_FOLDER / lang))
        if lang == ENGLISH
        else size(root / "translations" / lang) + size(root / SITE_FOLDER / lang)
        for lang in languages
    }


def _timed_build(group: Group) -> tuple[float, str | None, dict[str, tuple[str, ...]]]:
    """(What a worker process returns: plain values.)"""
    start = time.monotonic()
    error, withheld = _run_mkdocs(group)
    shutil.rmtree(group.work_dir, ignore_errors=True)  # (its stage: removed in parallel, here)
    return time.monotonic() - start, error, withheld


def run_groups(tasks: list[Group], jobs: int) -> list[GroupResult]:
    """Each group's MkDocs build in a process of its own, at most `jobs` at once; CourseError if
    one failed."""
    # A fresh process per group (maxtasksperchild=1): nothing one build leaves in memory
    # reaches another, as with separate `mkdocs build` commands.
    with multiprocessing.get_context().Pool(min(jobs, len(tasks)), maxtasksperchild=1) as pool:
        outcomes = pool.map(_timed_build, tasks, chunksize=1)
    return [_result(group, *outcome) for group, outcome in zip(tasks, outcomes, strict=True)]


def _result(group: Group, seconds: float, error: str | None, by_language: dict[str, tuple[str, ...]]) -> GroupResult:
    if error is not None:
        # The error names the file that failed (the group is only how the work was shared).
        raise CourseError(Problem(str(group.config_file), 0, f"the build failed:\n{error}"))
    withheld = tuple(sorted({line for lines in by_language.values() for line in lines}))
    return GroupResult(group.languages, group.site_dir, seconds, withheld, by_language)


def _mark(result: GroupResult, with_english: bool) -> None:
    """Say in a group's folder which languages it holds and what it withheld (for `merge`)."""
    held = sorted(set(result.languages) | ({ENGLISH} if with_english else set()))
    (result.site_dir / MARKER).write_text("\n".join(held) + "\n", encoding="utf-8")
    (result.site_dir / WITHHELD_FILE).write_text("".join(line + "\n" for line in result.withheld), encoding="utf-8")


def _run_mkdocs(group: Group) -> tuple[str | None, dict[str, tuple[str, ...]]]:
    """MkDocs' build of the group, its languages given as the plugin's options: (None, or the
    warnings and the error as text if it failed (a strict build fails on any warning); the
    translated pages it withheld, by the language folder that holds each)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    patches.apply()
    os.chdir(group.config_file.parent)
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)  # quiet, as `mkdocs build --quiet`, but warnings counted (strict)
    logger.propagate = False
    messages = _Messages()
    logger.addHandler(messages)
    try:
        config = load_config(str(group.config_file), site_dir=str(group.site_dir), strict=group.strict)
        options = config.plugins[PLUGIN].config
        options.languages = list(group.languages) or [ENGLISH]
        options.stage_dir = str(group.work_dir / "stage")
        options.listed_stage = True  # (the group's own stage, removed when it is built)
        options.skip_default_pages = not group.with_english
        options.withhold = True  # a deploy survives one bad translated page (see the plugin's option)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except Exception as error:  # reported to the parent process, which raises CourseError
        detail = str(error) if type(error).__module__.startswith("mkdocs") else traceback.format_exc()
        return "\n".join([*messages.lines, detail]).strip(), {}
    finally:
        logger.removeHandler(messages)
    course_build = getattr(config.plugins[PLUGIN], "build", None)  # (the plugin object: coursegen.site.plugin)
    pages = course_build.pages if course_build is not None else None
    withheld: dict[str, set[str]] = {}
    for uri, problems in pages.withheld.items() if pages else []:
        withheld.setdefault(uri.split("/")[0], set()).update(str(problem) for problem in problems)
    return None, {lang: tuple(sorted(lines)) for lang, lines in sorted(withheld.items())}


class _Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def merge(parts: list[Path], target: Path, *, final: bool = True) -> None:
    """Put group outputs together: the group holding English gives the root and shared files,
    every other group only its own /<lang>/ folders. Moves folders, so parts are used up.

    The pages the parts held back are listed on the status pages once all are in (`final`), or
    kept for a later merge (a part built with --only)."""
    owners: dict[str, Path] = {}
    withheld: set[str] = set()
    for part in parts:
        marker = part / MARKER
        if not marker.is_file():
            raise CourseError(Problem(str(part), 0, f"not a folder written by `coursegen build --only` (no {MARKER})"))
        if (part / WITHHELD_FILE).is_file():
            withheld.update((part / WITHHELD_FILE).read_text(encoding="utf-8").splitlines())
        for lang in marker.read_text(encoding="utf-8").split():
            if lang != ENGLISH or ENGLISH not in owners:
                owners.setdefault(lang, part)
    base = owners.get(ENGLISH)
    if base is None:
        raise CourseError(Problem(str(parts[0]), 0, "no part holds English, the default language"))
    if target.exists():
        shutil.rmtree(target)
    shutil.move(str(base), str(target))
    for lang, part in sorted(owners.items()):
        if part is base or lang == ENGLISH:
            continue
        shutil.rmtree(target / lang, ignore_errors=True)
        shutil.move(str(part / lang), str(target / lang))
    (target / MARKER).unlink()
    (target / WITHHELD_FILE).unlink(missing_ok=True)
    if final:
        list_withheld(target, sorted(withheld))
    else:
        (target / WITHHELD_FILE).write_text("".join(line + "\n" for line in sorted(withheld)), encoding="utf-8")


def list_withheld(site: Path, withheld: list[str]) -> None:
    """Write the translated pages this build held back into the status pages, in the place the
    status macro left (the list is known only once every group is built)."""
    if not withheld:
        return
    items = "".join(f'<li><code dir="ltr">{html.escape(line)}</code></li>' for line in withheld)
    for page in [site / "status" / "index.html", *site.glob("*/status/index.html")]:
        text = page.read_text("utf-8") if page.is_file() else ""
        start = text.find(WITHHELD_PLACE)
        if start >= 0:
            end = text.index("</p>", start) + len("</p>")
            # Replaced, never written into: the page may be a second name of a file in the cache.
            replacement = page.with_name(page.name + ".withheld")
            replacement.write_text(text[:start] + f'<ul class="status-withheld__list">{items}</ul>' + text[end:], "utf-8")
            os.replace(replacement, page)


def build(
    config_file: Path, site_dir: Path, jobs: int = 0, only: list[str] | None = None, groups: int = 0, strict: bool = True
) -> list[GroupResult]:
    """Build the languages of mkdocs.yml (or `only` those, plus English) into site_dir.

    jobs: builds run at once, each in its own process (default: the number of processors).
    groups: how many builds the languages are split into (default: as many as jobs).
    """
    config_file = config_file.resolve()
    root, languages = course_root_and_languages(config_file)
    if only:
        unknown = [code for code in only if code not in languages]
        if unknown:
            raise CourseError(Problem(str(config_file), 0, f"unknown language(s) {', '.join(unknown)} (known: {', '.join(languages)})"))
        languages = [code for code in languages if code in only or code == ENGLISH]
    jobs = jobs or os.cpu_count() or 1
    others = [code for code in languages if code != ENGLISH]
    weights = language_weights(root, languages)
    plan = split(others, groups or jobs, weights, weights[ENGLISH]) if others else [[]]
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".coursegen-build-", dir=site_dir.parent) as scratch:
        work = Path(scratch)
        tasks = [
            Group(config_file, tuple(codes), work / f"site-{index}", work / f"work-{index}", strict, with_english=index == 0)
            for index, codes in enumerate(plan)
        ]
        results = run_groups(tasks, jobs)
        for result, group in zip(results, tasks, strict=True):
            _mark(result, group.with_english)
        merge([result.site_dir for result in results], work / "merged", final=not only)
        if only:  # a part for a later merge: say which languages it holds
            (work / "merged" / MARKER).write_text("\n".join(languages) + "\n", encoding="utf-8")
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(str(work / "merged"), str(site_dir))
    return results
