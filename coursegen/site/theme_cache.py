"""The theme compiled once and listed once per process, and its compiled templates kept on disk.

mkdocs-static-i18n builds every language with a new template environment; without this each
language's build would compile the theme's templates again and list the theme's thousands of
files again. The compiled templates are also kept on disk, so a preview starts without compiling.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from mkdocs.theme import Theme

from coursegen.site import patches
from coursegen.site.stage import BYTECODE_DIR


class ThemeBytecodeCache(BytecodeCache):
    """Compiled theme templates (keyed by name and source checksum), kept in memory for the whole
    process (each language's build makes a new environment) and on disk for the next process
    (a preview then starts without compiling the theme). Jinja writes the files atomically, so
    parallel builds may share the folder."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        self.disk: FileSystemBytecodeCache | None = None

    def keep_on_disk(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
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


def start(theme: Theme, root: Path) -> None:
    """At the start of a build: list the theme once per process, keep its compiled templates."""
    patches.list_theme_once(theme, THEME_LISTINGS)
    THEME_BYTECODE.keep_on_disk(root / BYTECODE_DIR)


def compile_once(env: jinja2.Environment) -> None:
    """A language's template environment: the theme compiled once per process."""
    env.bytecode_cache = THEME_BYTECODE
