"""Which files a course's folders may hold: symbolic links that stay inside its content folders,
names that stay plain in a URL, and, in the contributed folders, only pages, the format's data
files and images that are what their names say (by their bytes)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from coursegen.content import coop
from coursegen.content.languages import ENGLISH
from coursegen.problems import Problem, display_path

SITE_FOLDER = "docs"  # the site's own pages, one folder per language
CONTENT_FOLDERS = ("lessons", "translations", SITE_FOLDER, "data", "macros")
# File names that stay plain in a URL, an HTML attribute and a shell: no quotes, spaces or brackets.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
# The folders that hold one language each: a build that reads only some languages (a preview)
# checks only theirs (the others are read, and checked, by the builds that publish them).
BY_LANGUAGE = ("translations", SITE_FOLDER)


def _walk(root: Path, folder: Path, unread: frozenset[str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk of folder, not descending into the language folders in `unread` (their own names
    are still met, in their parent's listing)."""
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        yield dirpath, dirnames, filenames
        if unread and Path(dirpath).parent == root and Path(dirpath).name in BY_LANGUAGE:
            dirnames[:] = [name for name in dirnames if name not in unread]


def refuse_outside_links(root: Path, folder: Path, unread: frozenset[str] = frozenset()) -> list[Problem]:
    """Symbolic links under a content folder must stay inside the course's content folders.

    Outside the repository is never allowed; inside it, only the content folders are, so that a
    link cannot publish .git/config, a .env file or the virtual environment either.
    """
    problems = []
    real_root = root.resolve()
    allowed = [real_root / name for name in CONTENT_FOLDERS]
    for dirpath, dirnames, filenames in _walk(root, folder, unread):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):  # a loop, or a link to nothing
                    problems.append(Problem(_link_path(path, root), 0, f"symbolic link leads nowhere or in a loop ({os.readlink(path)})"))
                    continue
                if not any(target == place or place in target.parents for place in allowed):
                    where = "outside the repository" if real_root not in target.parents else "outside the course's content folders"
                    problems.append(Problem(_link_path(path, root), 0, f"symbolic link points {where} ({os.readlink(path)})"))
    return problems


def _link_path(path: Path, root: Path) -> str:
    """The path of a link itself (display_path would follow it to its target)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return display_path(path, root)


def refuse_unsafe_names(root: Path, folder: Path, unread: frozenset[str] = frozenset()) -> list[Problem]:
    """File and folder names become URLs and HTML attributes: letters, digits, '.', '_', '-' only."""
    problems = []
    for dirpath, dirnames, filenames in _walk(root, folder, unread):
        for name in dirnames + filenames:
            if not _SAFE_NAME.match(name):
                problems.append(
                    Problem(_link_path(Path(dirpath) / name, root), 0, f"file name {name!r} may only use letters, digits, '.', '_' and '-'")
                )
    return problems


# What a contributed folder (translations/, docs/<lang>/) may hold: pages, the format's own data
# files, and raster images whose bytes are the kind their name says. Anything else would be
# published as it is: an .html or .js file, an .svg holding script, a "picture" that is a web page.
_IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),  # and "WEBP" at byte 8
}
CONTRIBUTED_DATA_FILES = {"strings.yml", "lesson.yml", coop.SIDECAR_NAME}
SITE_FOLDERS = {"assets", "overrides"}  # docs/ folders of the maintainers, not a language's


def is_image(name: str, head: bytes) -> bool:
    """A PNG, JPEG, GIF or WebP image by its first bytes, as its name says (what a translation
    may publish besides pages: the build refuses anything else, and import does not bring it)."""
    suffix = PurePosixPath(name).suffix.lower()
    signatures = _IMAGE_SIGNATURES.get(suffix)
    if signatures is None:
        return False
    return any(head.startswith(signature) for signature in signatures) and (suffix != ".webp" or head[8:12] == b"WEBP")


def _is_image(path: Path) -> bool:
    with path.open("rb") as file:
        return is_image(path.name, file.read(16))


def refuse_unpublishable_files(root: Path, unread: frozenset[str] = frozenset()) -> list[Problem]:
    """Every file of the contributed folders is a Markdown page, a data file of the format, or a
    PNG, JPEG, GIF or WebP image by its bytes; anything else is refused before the build."""
    docs = root / SITE_FOLDER
    folders = (
        [root / "translations"]
        + [path for path in sorted(docs.iterdir()) if path.is_dir() and path.name not in SITE_FOLDERS | {ENGLISH} | unread]
        if docs.is_dir()
        else [root / "translations"]
    )
    problems = []
    for folder in folders:
        for dirpath, _dirnames, filenames in _walk(root, folder, unread):
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.suffix.lower() == ".md" or name in CONTRIBUTED_DATA_FILES or _is_image(path):
                    continue
                problems.append(
                    Problem(
                        _link_path(path, root),
                        0,
                        "not published from a translation: only Markdown pages and PNG, JPEG, GIF or WebP images "
                        "(checked by their bytes) may be here",
                    )
                )
    return problems
