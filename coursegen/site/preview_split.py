"""A one-language preview's first build in two processes (`make serve ONLY=ms`).

Before its server answers, `mkdocs serve` builds every page of English and of the language
previewed, one after the other: the translator waits for English pages while the page they asked
for is ready. On Linux with more than one processor the first build forks once the course is
loaded and staged. The forked copy builds the English pages into a folder of its own and ends
there; this process builds the language previewed (and English's home page only, which the
engine needs), then waits for the copy, lays the English pages over its own and keeps their
search entries, which its later rebuilds (each save) merge as they always do. The site served is
the one a single process builds (tests/test_serve.py compares them file for file).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from coursegen.site.course_build import CourseBuild

SITE, ENTRIES = "site", "search-entries.json"  # what the copy leaves in its folder


@dataclass
class Split:
    folder: Path  # the copy's output: its site and its English search entries
    child: int  # the copy's process id in this process; 0 in the copy


def worth_it(build: CourseBuild) -> bool:
    # (Forked processes only where forking is safe: Linux; macOS's system libraries are not.)
    return build.selection.preview and sys.platform == "linux" and (os.cpu_count() or 1) > 1


def fork(config: MkDocsConfig, build: CourseBuild) -> Split:
    """At the start of the default language's build (the course staged): the copy goes on to
    build English alone into its folder; this process English's home page, then the others."""
    folder = Path(tempfile.mkdtemp(prefix="coursegen-preview-"))
    selection = build.selection
    child = os.fork()
    if child == 0:
        build.selection = dataclasses.replace(selection, built=frozenset({selection.default}))
        config.site_dir = str(folder / SITE)
    else:
        build.selection = dataclasses.replace(selection, skip_default_pages=True)
    return Split(folder, child)


def finish(split: Split, site_dir: Path, search_entries: dict[str, list[dict[str, Any]]], default: str) -> None:
    """The first build's end (its languages written): the copy leaves its English search entries
    and ends; this process waits for it, lays its English pages over its own and keeps their
    entries (search_entries: the preview's, by language)."""
    if split.child == 0:
        end_copy(split, search_entries.get(default, []))
    search_entries[default] = take_english(split, site_dir)


def end_copy(split: Split, english_entries: list[dict[str, Any]]) -> None:
    """In the copy: leave its English search entries and end (nothing of MkDocs' serve may run in it)."""
    (split.folder / ENTRIES).write_text(json.dumps(english_entries), encoding="utf-8")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def take_english(split: Split, site_dir: Path) -> list[dict[str, Any]]:
    """In this process, its languages written: wait for the copy, lay its English pages over this
    site, and return their search entries."""
    try:
        _, status = os.waitpid(split.child, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not (split.folder / ENTRIES).is_file():
            raise PluginError("the English pages could not be built (the messages above say why)")
        shutil.copytree(split.folder / SITE, site_dir, dirs_exist_ok=True)
        entries: list[dict[str, Any]] = json.loads((split.folder / ENTRIES).read_text(encoding="utf-8"))
        return entries
    finally:
        shutil.rmtree(split.folder, ignore_errors=True)


def stop(split: Split) -> None:
    """A build that failed: the copy ends there (never returning into MkDocs' serve, which would
    delete the site being served); this process waits for it and drops its folder."""
    if split.child == 0:
        error = sys.exc_info()[1]  # (on_shutdown runs in the `finally` of MkDocs' serve)
        if error is not None and not type(error).__module__.startswith("mkdocs"):  # (MkDocs has told its own)
            traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    try:
        os.kill(split.child, signal.SIGTERM)
        os.waitpid(split.child, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    shutil.rmtree(split.folder, ignore_errors=True)
