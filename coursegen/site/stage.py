"""Stage the course for the static-site engine: the planned files (coursegen.content.sources)
copied into one folder per language, writing only what changed.

Nothing here imports an engine: the plugin points the engine at the staged folder and asks
`SourceMap` which repository file produced a page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


def stage_per_language(course: Course, languages: list[str], target: Path, link: bool = False) -> SourceMap:
    """Stage each language in its own folder, target/<lang>, the folder the engine reads while it
    builds that language: <lang>/ plus links to English (target/en holds en/ and assets/).

    The engine walks every file of the folder it builds from, once per language: with only two
    languages in each folder a build's cost does not grow with the number of languages.

    link: the course's files are staged as second names of themselves (hard links), not copies
    (see _link); only for a stage of the build's own, which nothing writes into or marks, and
    which is removed after it (never the preview's: it marks its staged pages changed).
    """
    plan = plan_stage(course, sorted(set(languages) | {ENGLISH}))
    shared = {ENGLISH, SHARED_ASSETS}
    _sync(course, SourceMap({k: v for k, v in plan.items() if k.split("/")[0] in shared}), target / ENGLISH, link=link)
    for lang in languages:
        if lang == ENGLISH:
            continue
        folder = target / lang
        generated = {k: v for k, v in changes.generated_pages(course, [lang]).items() if k not in plan}
        _sync(
            course,
            SourceMap({k: v for k, v in plan.items() if k.split("/")[0] == lang}),
            folder,
            keep=shared,
            generated=generated,
            link=link,
        )
        for name in shared:
            to_english = folder / name
            if not to_english.is_symlink():
                shutil.rmtree(to_english, ignore_errors=True)
                to_english.symlink_to(Path("..") / ENGLISH / name, target_is_directory=True)
    for folder in target.iterdir():
        if folder.is_dir() and folder.name not in languages and folder.name != ENGLISH:
            clean(folder)
    return plan


def _sync(
    course: Course,
    plan: SourceMap,
    target: Path,
    keep: frozenset[str] | set[str] = frozenset(),
    generated: dict[str, bytes] | None = None,
    link: bool = False,
) -> None:
    """Make target hold exactly the planned files and the generated ones (staged path → bytes;
    top-level names in keep are left alone); with link, the planned files as hard links."""
    target.mkdir(parents=True, exist_ok=True)
    generated = generated or {}
    files: list[tuple[str, Path | bytes]] = [(staged, course.root / source.path) for staged, source in plan.items()]
    files += generated.items()
    made: set[Path] = set()  # (folders made or found: each asked for once, not once per file)

    def make_folder(folder: Path) -> None:
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)

    for staged, source in files:
        destination = target / staged
        if link and isinstance(source, Path):
            make_folder(destination.parent)
            if _link(source, destination):
                continue
        data = source.read_bytes() if isinstance(source, Path) else source
        if destination.is_file() and destination.read_bytes() == data:
            continue
        make_folder(destination.parent)
        if destination.is_file() and destination.stat().st_nlink > 1:
            destination.unlink()  # a second name of a course file: replaced, never written into
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


def _link(source: Path, destination: Path) -> bool:
    """destination made a second name of source (a file system names a file far faster than it
    makes one: 15 µs against 600 on the ext4 of our benchmarks); False where it cannot (another
    file system, one without hard links, a file of another user's): the file is copied instead."""
    try:
        os.link(source, destination)
    except FileExistsError:
        if os.path.samefile(source, destination):
            return True
        destination.unlink()
        return _link(source, destination)
    except OSError:
        return False
    return True


def clean(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
