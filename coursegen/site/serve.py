"""The preview (`mkdocs serve`, `make serve ONLY=ms`): what it watches and what a rebuild renders."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from coursegen.site import patches
from coursegen.site.selection import Selection

# The course's sources (MkDocs itself watches only the staged copy, which a build writes).
WATCHED = ("course.yml", "lessons", "translations", "docs", "data", "macros", "CONTRIBUTING.md")
# Sources that shape every page: when one changed, a preview's rebuild renders every page.
EVERY_PAGE = ("data", "macros", "docs/overrides")


def watch_sources(server: LiveReloadServer, config: MkDocsConfig, root: Path, selection: Selection) -> LiveReloadServer:
    """Rebuild when a source changes, told by file events; never watch the staged copy.

    Before on_serve MkDocs watched the folder it built from (the staged copy), mkdocs.yml and,
    with --watch-theme, the theme's folders; after it, the `watch:` list of mkdocs.yml, which
    names the sources too: a preview of some languages takes from it the folders it watches in
    part (watched_sources)."""
    server.unwatch(config.docs_dir)
    watched = []
    for path in [config.config_file_path, *config.theme.dirs]:
        with contextlib.suppress(KeyError):  # (a theme folder is watched only with --watch-theme)
            server.unwatch(path)
            watched.append(path)
    patches.watch_changes_at_once(server)
    for path in dict.fromkeys(watched):
        server.watch(path)
    for source, recursive in watched_sources(root, selection):
        server.watch(str(source), recursive=recursive)
    if selection.preview:
        in_part = {(root / name).resolve() for name in IN_PART}
        config.watch[:] = [path for path in config.watch if Path(path).resolve() not in in_part]
    return server


IN_PART = ("translations", "docs")  # folders of every language: a preview watches its languages' only


def watched_sources(root: Path, selection: Selection) -> list[tuple[Path, bool]]:
    """The sources a rebuild reads, each with whether the folders in it are watched too. A
    preview of some languages reads, of translations/ and docs/, only its languages' folders
    (and docs/'s shared ones: assets, overrides): the others' are not watched (each watched
    folder is a file-event watch made before the first page is served: 1,300 of them for 55
    languages of 22 lessons). The two folders themselves are, without what is in them: a
    language folder made while the preview runs is seen (its files once the preview restarts)."""
    found = []
    for name in WATCHED:
        source = root / name
        if selection.preview and name in IN_PART and source.is_dir():
            other_languages = set(selection.configured) - selection.built
            found += [(source, False), *((child, True) for child in sorted(source.iterdir()) if child.name not in other_languages)]
        elif source.exists():
            found.append((source, True))
    return found


def mark_pages_changed_if_inputs_changed(root: Path, stage_root: Path, languages: list[str]) -> None:
    """A preview's rebuild renders only the pages whose staged file changed. Model facts, macros,
    interface strings, lesson.yml and the theme's overrides shape every page: when one of them
    changed since the last build, mark every staged page changed. (Only the languages previewed
    are read: another language's files change none of their pages.)"""
    inputs = [root / "course.yml", *(path for name in EVERY_PAGE for path in (root / name).rglob("*"))]
    inputs += [*(root / "lessons").rglob("*.yml"), *(path for lang in languages for path in (root / "translations" / lang).rglob("*.yml"))]
    newest = max((path.stat().st_mtime for path in inputs if path.is_file()), default=0.0)
    stamp = stage_root / ".inputs-stamp"
    if stamp.is_file() and float(stamp.read_text() or 0) < newest:
        for page in stage_root.rglob("*.md"):
            if not page.is_symlink():
                os.utime(page)
    stamp.write_text(repr(newest))
