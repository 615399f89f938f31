"""A one-language preview's first build in two processes (`make serve ONLY=ms`).

Before its server answers, `mkdocs serve` builds every page of English and of the language
previewed, one after the other: the translator waits for English pages while the page they asked
for is ready. On Linux with more than one processor the first build forks once the course is
loaded and staged. The forked copy builds the English pages into a folder of its own and ends
there; this process builds the language previewed (and English's home page only, which the
engine needs), then waits for the copy, lays the English pages over its own and keeps their
search entries, which its later rebuilds (each save) merge as they always do. The site served is
the one a single process builds (tests/test_preview_split.py compares them file for file).
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
from typing import Any, NoReturn

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from coursegen.site.course_build import CourseBuild

SITE, ENTRIES = "site", "search-entries.json"  # what the copy leaves in its folder


@dataclass
class Split:
    folder: Path  # the copy's output: its site and its English search entries
    child: int  # the copy's process id in this process; 0 in the copy
    parent: int  # this process's id
    ended: bool = False  # the copy has ended and been waited for


def worth_it(build: CourseBuild) -> bool:
    # (Forked processes only where forking is safe: Linux; macOS's system libraries are not.)
    processors = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1  # (those this process may use)
    return build.selection.preview and len(build.selection.built) > 1 and sys.platform == "linux" and processors > 1


def fork(config: MkDocsConfig, build: CourseBuild) -> Split:
    """At the start of the default language's build (the course staged): the copy goes on to
    build English alone into its folder; this process English's home page, then the others."""
    folder = Path(tempfile.mkdtemp(prefix="coursegen-preview-"))
    selection, parent = build.selection, os.getpid()
    child = os.fork()
    if child == 0:
        build.selection = dataclasses.replace(selection, built=frozenset({selection.default}))
        config.site_dir = str(folder / SITE)
    else:
        build.selection = dataclasses.replace(selection, skip_default_pages=True)
    return Split(folder, child, parent)


def finish(split: Split, site_dir: Path, search_entries: dict[str, list[dict[str, Any]]], default: str) -> None:
    """The first build's end (its languages written): the copy leaves its English search entries
    and ends; this process waits for it, lays its English pages over its own and keeps their
    entries (search_entries: the preview's, by language)."""
    if split.child == 0:
        _end_copy(split, search_entries.get(default, []))
    try:
        status = _wait(split)
        if status != 0 or not (split.folder / ENTRIES).is_file():
            raise PluginError(f"the English pages could not be built ({_why(status)})")
        shutil.copytree(split.folder / SITE, site_dir, dirs_exist_ok=True)
        search_entries[default] = json.loads((split.folder / ENTRIES).read_text(encoding="utf-8"))
    finally:
        stop(split)


def stop(split: Split) -> None:
    """The copy stopped (in this process) or ended (in the copy, which never returns into MkDocs'
    serve: it would delete the site being served), and its folder dropped. Called again, nothing."""
    if split.child == 0:
        error = sys.exc_info()[1]  # (on_shutdown runs in the `finally` of MkDocs' serve)
        if error is not None and not type(error).__module__.startswith("mkdocs"):  # (MkDocs has told its own)
            traceback.print_exc()
        _exit(1)
    if not split.ended:
        try:
            os.kill(split.child, signal.SIGTERM)
        except ProcessLookupError:
            pass
        _wait(split)
    shutil.rmtree(split.folder, ignore_errors=True)


def _end_copy(split: Split, english_entries: list[dict[str, Any]]) -> NoReturn:
    """In the copy: leave its English search entries, and end whatever happens. If this process
    is gone (stopped while the copy built), nobody will read them: the folder goes too."""
    code = 1
    try:
        (split.folder / ENTRIES).write_text(json.dumps(english_entries), encoding="utf-8")
        if os.getppid() != split.parent:
            shutil.rmtree(split.folder, ignore_errors=True)
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        _exit(code)


def _wait(split: Split) -> int:
    """The copy's exit code (negative: the signal that stopped it), once it has ended."""
    try:
        _, status = os.waitpid(split.child, 0)
    except ChildProcessError:  # (waited for already)
        split.ended = True
        return 1
    split.ended = True
    return os.waitstatus_to_exitcode(status)


def _why(status: int) -> str:
    if status < 0:
        return f"the process building them was stopped by {signal.Signals(-status).name}"
    return "the messages above say why"


def _exit(code: int) -> NoReturn:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
