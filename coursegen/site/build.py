"""Build the site fast: the languages split into groups, one MkDocs build per group, in parallel.

mkdocs-static-i18n builds every language one after another in one process, and each language's
build walks the files of every language: the cost grows with the square of the number of
languages. Here each group of languages is a separate `mkdocs build` (its own staging folder and
output folder, see COURSEGEN_LANGUAGES and COURSEGEN_STAGE_DIR in the adapter); the groups' folders
are then moved together into one site. Every group also builds English (the engine needs its
default language); only the group that owns English keeps it.

The same groups can run on separate machines: `--only` builds some languages into a folder and
`merge` puts such folders together, with the same result as one full build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from coursegen.content.course import ENGLISH
from coursegen.problems import CourseError, Problem

MARKER = ".coursegen-languages"  # names the languages an output folder holds, for `merge`


@dataclass(frozen=True)
class GroupResult:
    languages: tuple[str, ...]
    site_dir: Path
    seconds: float


def configured_languages(config_file: Path) -> list[str]:
    """The locales listed under the i18n plugin in mkdocs.yml, default language first."""

    class Loader(yaml.SafeLoader):
        pass

    # Tags like !ENV or !!python/name only matter to MkDocs; here they are read as plain values.
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = plugin["i18n"].get("languages") or []
            codes = [str(entry["locale"]) for entry in entries]
            default = [str(entry["locale"]) for entry in entries if entry.get("default")]
            return default + [code for code in codes if code not in default]
    raise CourseError(Problem(str(config_file), 0, "no i18n plugin with languages"))


def split(languages: list[str], groups: int) -> list[list[str]]:
    """Languages dealt round-robin into at most `groups` groups of about equal size."""
    groups = max(1, min(groups, len(languages)))
    return [languages[index::groups] for index in range(groups)]


def build_group(
    config_file: Path, languages: list[str], site_dir: Path, work_dir: Path, strict: bool = True, with_english: bool = True
) -> GroupResult:
    """One `mkdocs build` of English plus `languages`, into site_dir (English pages left out
    when another group provides them)."""
    start = time.monotonic()
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "COURSEGEN_LANGUAGES": ",".join(languages) or ENGLISH,
        "COURSEGEN_STAGE_DIR": str(work_dir / "stage"),
        "COURSEGEN_SKIP_DEFAULT": "" if with_english else "1",
    }
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--quiet",
        "--clean",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(site_dir),
    ]
    if strict:
        command.append("--strict")
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=config_file.parent)
    if result.returncode != 0:
        shown = ", ".join(languages)
        raise CourseError(Problem(str(config_file), 0, f"the build of {shown} failed:\n{result.stderr.strip()}"))
    held = sorted(set(languages) | ({ENGLISH} if with_english else set()))
    (site_dir / MARKER).write_text("\n".join(held) + "\n", encoding="utf-8")
    return GroupResult(tuple(languages), site_dir, time.monotonic() - start)


def merge(parts: list[Path], target: Path) -> None:
    """Put group outputs together: the group holding English gives the root and shared files,
    every other group only its own /<lang>/ folders. Moves folders, so parts are used up."""
    owners: dict[str, Path] = {}
    for part in parts:
        marker = part / MARKER
        if not marker.is_file():
            raise CourseError(Problem(str(part), 0, f"not a folder written by `coursegen build --only` (no {MARKER})"))
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


def build(
    config_file: Path, site_dir: Path, jobs: int = 0, only: list[str] | None = None, groups: int = 0, strict: bool = True
) -> list[GroupResult]:
    """Build the languages of mkdocs.yml (or `only` those, plus English) into site_dir.

    jobs: builds run at once (default: the number of processors). groups: how many builds the
    languages are split into (default: as many as jobs).
    """
    languages = configured_languages(config_file)
    if only:
        unknown = [code for code in only if code not in languages]
        if unknown:
            raise CourseError(Problem(str(config_file), 0, f"unknown language(s) {', '.join(unknown)} (known: {', '.join(languages)})"))
        languages = [code for code in languages if code in only or code == ENGLISH]
    jobs = jobs or os.cpu_count() or 1
    others = [code for code in languages if code != ENGLISH]
    plan = split(others, groups or jobs) if others else [[]]
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".coursegen-build-", dir=site_dir.parent) as scratch:
        work = Path(scratch)

        def run(index: int) -> GroupResult:
            return build_group(config_file, plan[index], work / f"site-{index}", work / f"work-{index}", strict, with_english=index == 0)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(run, range(len(plan))))
        merge([result.site_dir for result in results], work / "merged")
        if only:  # a part for a later merge: say which languages it holds
            (work / "merged" / MARKER).write_text("\n".join(languages) + "\n", encoding="utf-8")
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(str(work / "merged"), str(site_dir))
    return results
