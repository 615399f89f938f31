"""Stage the course for the static-site engine: the planned files (coursegen.content.sources)
in one folder per language, copied there writing only what changed (stage_per_language: the
preview's and `mkdocs build`'s stage), or listed for the engine (list_per_language: a build's own).

Nothing here imports an engine: the plugin points the engine at the staged folder and asks
`SourceMap` which repository file produced a page.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coursegen.content.course import ENGLISH, Course
from coursegen.content.sources import SHARED_ASSETS, SourceMap, plan_stage
from coursegen.site import changes


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
        generated = {k: v for k, v in changes.generated_pages(course, [lang]).items() if k not in plan}
        _sync(course, SourceMap({k: v for k, v in plan.items() if k.split("/")[0] == lang}), folder, keep=shared, generated=generated)
        for name in shared:
            link = folder / name
            if not link.is_symlink():
                shutil.rmtree(link, ignore_errors=True)
                link.symlink_to(Path("..") / ENGLISH / name, target_is_directory=True)
    for folder in target.iterdir():
        if folder.is_dir() and folder.name not in languages and folder.name != ENGLISH:
            clean(folder)
    return plan


def list_per_language(course: Course, languages: list[str], target: Path) -> tuple[SourceMap, dict[str, list[str]]]:
    """The folders of stage_per_language with no copy of the course's files: only the pages made
    for the build are written; each folder's files are listed (folder → its files), for the
    engine to find there (coursegen.site.patches.list_docs_folders) and read from the repository
    (coursegen.site.selection.point_at_sources). A build's own stage, a temporary folder, is
    listed: making a file costs the ext4 of our benchmarks 0.6 ms of system time and a folder
    0.3 ms, and a group's copies of 28 languages took 2.1 s. (A preview's stage holds copies: it
    marks a page changed by its file's time.)"""
    plan = plan_stage(course, sorted(set(languages) | {ENGLISH}))
    shared = [staged for staged in plan if staged.split("/")[0] in (ENGLISH, SHARED_ASSETS)]
    _sync(course, SourceMap(), target / ENGLISH)
    listings = {str(target / ENGLISH): shared}
    for lang in languages:
        if lang == ENGLISH:
            continue
        generated = {k: v for k, v in changes.generated_pages(course, [lang]).items() if k not in plan}
        _sync(course, SourceMap(), target / lang, generated=generated)
        listings[str(target / lang)] = [staged for staged in plan if staged.split("/")[0] == lang] + list(generated) + shared
    return plan, listings


def walk_listing(top: str, paths: list[str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk's (folder, its folders, its files) from top down, over the files listed (relative,
    "/"): a folder is entered as the caller leaves the list of folders (MkDocs sorts it in place)."""
    tree: dict[str, Any] = {}
    for path in paths:
        *folders, name = path.split("/")
        node = tree
        for folder in folders:
            node = node.setdefault(folder, {})
        node[name] = None
    stack = [(top, tree)]
    while stack:
        folder, node = stack.pop()
        names = [name for name, child in node.items() if child is not None]
        yield folder, names, [name for name, child in node.items() if child is None]
        stack += [(os.path.join(folder, name), node[name]) for name in reversed(names)]


def _sync(
    course: Course, plan: SourceMap, target: Path, keep: frozenset[str] | set[str] = frozenset(), generated: dict[str, bytes] | None = None
) -> None:
    """Make target hold exactly the planned files and the generated ones (staged path → bytes;
    top-level names in keep are left alone)."""
    target.mkdir(parents=True, exist_ok=True)
    generated = generated or {}
    files = [(staged, lambda source=source: (course.root / source.path).read_bytes()) for staged, source in plan.items()]
    files += [(staged, lambda data=data: data) for staged, data in generated.items()]
    made: set[Path] = set()  # (folders made or found: each asked for once, not once per file)
    for staged, read in files:
        destination = target / staged
        data = read()
        if destination.is_file() and destination.read_bytes() == data:
            continue
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        destination.write_bytes(data)
    for top in sorted(target.iterdir()):
        if top.name in keep:
            continue
        paths = [top] if top.is_file() or top.is_symlink() else [*sorted(top.rglob("*"), reverse=True), top]
        for path in paths:
            relative = path.relative_to(target).as_posix()
            if (path.is_file() or path.is_symlink()) and relative not in plan and relative not in generated:
                path.unlink()
            elif path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()


def clean(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
