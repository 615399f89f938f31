"""The theme compiled once and listed once per process, and its compiled templates kept on disk.

mkdocs-static-i18n builds every language with a new template environment; without this each
language's build would compile the theme's templates again and list the theme's thousands of
files again. A preview (`mkdocs serve`) also keeps the compiled templates on disk, so that it
starts without compiling: in the user's cache folder, never in the checkout, because Jinja
unpickles those files and a file in the checkout may come from anyone's pull request. A build
(`make site`, CI) reads and writes no such file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from mkdocs.theme import Theme

from coursegen.site import patches


class ThemeBytecodeCache(BytecodeCache):
    """Compiled theme templates (keyed by name and source checksum), kept in memory for the whole
    process (each language's build makes a new environment) and on disk for the next process
    (a preview then starts without compiling the theme). Jinja writes the files atomically, so
    parallel builds may share the folder."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        self.disk: FileSystemBytecodeCache | None = None

    def keep_on_disk(self, folder: Path | None) -> None:
        if folder is None:
            self.disk = None
            return
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.disk = FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)  # leaves bucket.code None if the source changed
            if bucket.code is not None:
                self.compiled[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)


THEME_BYTECODE = ThemeBytecodeCache()
THEME_LISTINGS: dict[tuple, list[str]] = {}  # the theme's files, by theme folders (patches.list_theme_once)


def bytecode_folder(root: Path) -> Path:
    """Where a preview of the course at root keeps its compiled theme: the user's cache folder."""
    digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("coursegen")) / "theme-bytecode" / digest


def start(theme: Theme, root: Path, preview: bool) -> None:
    """At the start of a build: list the theme once per process; a preview keeps its compiled
    templates on disk (outside the checkout), a build keeps them in memory only."""
    patches.list_theme_once(theme, THEME_LISTINGS)
    THEME_BYTECODE.keep_on_disk(bytecode_folder(root) if preview else None)


def share_compiled_theme() -> None:
    """Every template environment of the process (one per language's build, and those of the
    theme's search plugin) compiles the theme once, into THEME_BYTECODE."""
    patches.compile_theme_once(THEME_BYTECODE)
