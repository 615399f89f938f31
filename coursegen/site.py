"""Lay out the course as the static-site engine reads it: one folder per language.

    docs/<lang>/*.md                       → <lang>/*.md            (site pages)
    docs/assets/                           → assets/                (shared, not translated)
    lessons/<slug>/{README.md, images/}    → en/<slug>/...
    translations/<lang>/<slug>/...         → <lang>/<slug>/...

Nothing here imports an engine: the adapter points the engine at the staged folder and asks
`SourceMap` which repository file produced a page.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .course import ENGLISH, LESSON_FILE, Course

SITE_PAGES = "docs"
SHARED_ASSETS = "assets"
NOT_STAGED = {"overrides"}  # theme templates, read by the engine from docs/overrides directly
TRANSLATION_ONLY_FILES = {"lesson.yml", "strings.yml"}
# Repository files that are also English site pages (other languages fall back, with a notice).
BYTECODE_DIR = ".build/theme-bytecode"  # the engine's compiled theme templates, kept between builds
REPOSITORY_PAGES = {"contributing.md": "CONTRIBUTING.md"}


@dataclass(frozen=True)
class SourceFile:
    path: str  # repository-relative path of the file that produced a page or asset
    lang: str  # the language of its text
    lesson: str | None  # lesson slug, for lesson pages and their images


class SourceMap(dict[str, SourceFile]):
    """Staged path (as the engine names it) → the repository file it came from."""


def plan_stage(course: Course, languages: list[str]) -> SourceMap:
    """Which repository file goes where in the staged tree, for the languages being built."""
    plan = SourceMap()
    root = course.root
    docs = root / SITE_PAGES
    for path in sorted((docs / SHARED_ASSETS).rglob("*")) if (docs / SHARED_ASSETS).is_dir() else []:
        if path.is_file():
            relative = path.relative_to(docs).as_posix()
            plan[relative] = SourceFile(f"{SITE_PAGES}/{relative}", ENGLISH, None)
    for lang in languages:
        pages = docs / lang
        for path in sorted(pages.rglob("*")) if pages.is_dir() else []:
            if path.is_file():
                relative = path.relative_to(docs).as_posix()
                plan[relative] = SourceFile(f"{SITE_PAGES}/{relative}", lang, None)
    for name, source in REPOSITORY_PAGES.items():
        if (root / source).is_file():
            plan.setdefault(f"{ENGLISH}/{name}", SourceFile(source, ENGLISH, None))
    for slug, lesson in course.lessons.items():
        for path in sorted(lesson.folder.rglob("*")):
            if path.is_file() and path.name not in TRANSLATION_ONLY_FILES:
                relative = path.relative_to(lesson.folder).as_posix()
                plan[f"{ENGLISH}/{slug}/{relative}"] = SourceFile(course.path(path), ENGLISH, slug)
    for (lang, slug), translation in course.translations.items():
        if lang not in languages:
            continue
        for path in sorted(translation.folder.rglob("*")):
            if path.is_file() and path.name not in TRANSLATION_ONLY_FILES:
                relative = path.relative_to(translation.folder).as_posix()
                plan[f"{lang}/{slug}/{relative}"] = SourceFile(course.path(path), lang, slug)
    return plan


def stage(course: Course, languages: list[str], target: Path) -> SourceMap:
    """Copy the planned files into target, writing only what changed and removing the rest.

    Unchanged files keep their modification time, so a live-reloading server sees only real edits.
    """
    plan = plan_stage(course, languages)
    _sync(course, plan, target)
    return plan


def stage_per_language(course: Course, languages: list[str], target: Path) -> SourceMap:
    """Stage each language in its own folder, target/<lang>, the folder the engine reads while it
    builds that language: <lang>/ plus links to English (target/en holds en/ and assets/).

    The engine walks every file of the folder it builds from, once per language: with only two
    languages in each folder a build's cost does not grow with the number of languages.
    """
    plan = plan_stage(course, sorted(set(languages) | {ENGLISH}))
    shared = {ENGLISH, SHARED_ASSETS}
    _sync(course, SourceMap({k: v for k, v in plan.items() if k.split("/")[0] in shared}), target / ENGLISH)
    for lang in languages:
        if lang == ENGLISH:
            continue
        folder = target / lang
        _sync(course, SourceMap({k: v for k, v in plan.items() if k.split("/")[0] == lang}), folder, keep=shared)
        for name in shared:
            link = folder / name
            if not link.is_symlink():
                shutil.rmtree(link, ignore_errors=True)
                link.symlink_to(Path("..") / ENGLISH / name, target_is_directory=True)
    for folder in target.iterdir():
        if folder.is_dir() and folder.name not in languages and folder.name != ENGLISH:
            clean(folder)
    return plan


def _sync(course: Course, plan: SourceMap, target: Path, keep: set[str] = frozenset()) -> None:
    """Make target hold exactly the planned files (top-level names in keep are left alone)."""
    target.mkdir(parents=True, exist_ok=True)
    for staged, source in plan.items():
        destination = target / staged
        data = (course.root / source.path).read_bytes()
        if destination.is_file() and destination.read_bytes() == data:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
    for top in sorted(target.iterdir()):
        if top.name in keep:
            continue
        paths = [top] if top.is_file() or top.is_symlink() else [*sorted(top.rglob("*"), reverse=True), top]
        for path in paths:
            relative = path.relative_to(target).as_posix()
            if (path.is_file() or path.is_symlink()) and relative not in plan:
                path.unlink()
            elif path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()


def lesson_of(staged_path: str) -> str | None:
    parts = PurePosixPath(staged_path).parts
    return parts[1] if len(parts) >= 3 and parts[-1] == LESSON_FILE else None


def clean(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
