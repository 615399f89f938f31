"""Which repository file becomes which page or asset of the site, per language.

    docs/<lang>/*.md                       → <lang>/*.md            (site pages)
    docs/assets/                           → assets/                (shared, not translated)
    lessons/<slug>/{README.md, images/}    → en/<slug>/...
    translations/<lang>/<slug>/...         → <lang>/<slug>/...

`coursegen validate` and the build both read pages through this plan; the site build copies it
into the folder the engine reads (coursegen.site.stage).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from coursegen.content.course import ENGLISH, LESSON_FILE, Course

SITE_PAGES = "docs"
SHARED_ASSETS = "assets"
TRANSLATION_ONLY_FILES = {"lesson.yml", "strings.yml"}
# Repository files that are also English site pages (other languages fall back, with a notice).
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
    folders = {key: translation.folder for key, translation in course.published_translations.items()} | course.partial_translations
    for (lang, slug), folder in sorted(folders.items()):
        if lang not in languages:
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name not in TRANSLATION_ONLY_FILES:
                relative = path.relative_to(folder).as_posix()
                plan[f"{lang}/{slug}/{relative}"] = SourceFile(course.path(path), lang, slug)
    return plan


def lesson_of(staged_path: str) -> str | None:
    parts = PurePosixPath(staged_path).parts
    return parts[1] if len(parts) >= 3 and parts[-1] == LESSON_FILE else None
