"""What each part of the built site depends on, as one key per part (coursegen.site.build_cache).

The site is made of parts that the builds already make apart: the root part (the English pages,
the root 404 page, sitemap, root search index, the theme's assets: what the build holding English
writes outside the language folders) and one part per other language (its folder, /<lang>/). A
part's key is a SHA-256 of everything its build reads:

- the code: Python's version, every installed distribution's name and version (MkDocs, Material,
  mkdocs-static-i18n, pymdown-extensions, cmarkgfm, Jinja, Babel, ...) and the bytes of every
  file of the coursegen package (its code, its interface words);
- the shared inputs, by content: every file directly in the course's root (course.yml,
  mkdocs.yml, upstream.yml, CONTRIBUTING.md, ...), lessons/, data/, macros/, and every folder of
  docs/ and translations/ that is not another language's (docs/en, docs/assets, docs/overrides);
- what a language's build reads of the other languages: the loaded course (coursegen.content's
  model: every translation's metadata and words, every strings.yml, the configuration after
  SITE_URL and REPOSITORY), which the status page, the language switcher and the notices are made
  from, serialised as data; the names of every language's site pages (docs/<lang>/), which the
  switcher asks for; the git history of lessons/ (the changes pages name the commit a translation
  was made from); the configured languages; strict or not;
- a language part: the bytes of its own files (translations/<lang>/, docs/<lang>/);
- the root part: the date the build stamps (SOURCE_DATE_EPOCH, from the last commit), which only
  sitemap.xml.gz carries.

So a translated page's text invalidates its language's part only (its metadata, lesson.yml or
strings.yml are in the loaded course: every part); English, the data, templates, code or versions
invalidate every part. Anything the serialiser does not know raises: no key, no cache.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import coursegen
from coursegen.content.course import ENGLISH, Course
from coursegen.content.files import CONTENT_FOLDERS, SITE_FOLDER
from coursegen.site import reproducible

FORMAT = 1  # raised when what a key covers or how the store is laid out changes
ROOT_PART = "_root"  # the part that is not a language folder (no language code starts with "_")
PER_LANGUAGE = ("translations", SITE_FOLDER)  # folders holding one folder per language
SKIPPED_NAMES = {"__pycache__"}


Stat = tuple[int, int, int, int]  # a file's size, modification and change times (ns), inode


@dataclass(frozen=True)
class Inputs:
    keys: dict[str, str]  # part (ROOT_PART or a language) -> key
    files: dict[str, Stat]  # every input file -> its Stat when it was read
    hashes: dict[str, tuple[Stat, str]]  # every input file -> (its Stat, its SHA-256): see part_keys

    def unchanged(self) -> bool:
        """Whether every input file is as it was when the keys were made (no edit during the build)."""
        return _stats(self.files) == self.files


def part_keys(
    course: Course, config_file: Path, languages: list[str], strict: bool, known: dict[str, tuple[Stat, str]] | None = None
) -> Inputs:
    """The key of the root part and of each language's part (languages: every language built).

    known: the SHA-256 of files as the last run read them, with their Stat then: a file whose
    size, times and inode are all as they were is not read again (its change time, which no tool
    can set back, changes with every write)."""
    root = course.root
    per_language: dict[str, list[str]] = {lang: [] for lang in languages if lang != ENGLISH}
    shared: list[str] = []
    files: dict[str, Stat] = {}
    hashes: dict[str, tuple[Stat, str]] = {}
    known = known or {}

    def line(path: Path, name: str) -> str:
        stat = path.stat()
        found = files[str(path)] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        before = known.get(str(path))
        digest = before[1] if before is not None and tuple(before[0]) == found else hashlib.sha256(path.read_bytes()).hexdigest()
        hashes[str(path)] = (found, digest)
        return f"{name}\0{digest}"

    page_names: list[str] = []  # docs/<lang>/...: which site pages each language has
    for entry in sorted(os.scandir(root), key=lambda entry: entry.name):
        if entry.is_file():
            shared.append(line(Path(entry.path), entry.name))
    if config_file.parent.resolve() != root:
        shared.append(line(config_file, str(config_file)))
    for folder in CONTENT_FOLDERS:
        top = root / folder
        for child in sorted(top.iterdir()) if top.is_dir() else []:
            owner = child.name if folder in PER_LANGUAGE and child.name in per_language else None
            lines = [line(path, name) for path, name in _walk(child, f"{folder}/{child.name}")]
            (per_language[owner] if owner else shared).extend(lines)
            if folder == SITE_FOLDER and owner:
                page_names.extend(line.partition("\0")[0] for line in lines)
    package = Path(coursegen.__file__).resolve().parent
    code = [line(path, name) for path, name in _walk(package, "coursegen")]
    common = _digest(
        {
            "format": FORMAT,
            "python": sys.version,
            "distributions": installed_versions(),
            "code": code,
            "shared": shared,
            "pages": page_names,
            "course": canonical(course),
            "english_history": english_history(root),
            "languages": languages,
            "strict": strict,
        }
    )
    keys = {ROOT_PART: _digest({"common": common, "part": ROOT_PART, "epoch": build_epoch(course)})}
    for lang, lines in per_language.items():
        keys[lang] = _digest({"common": common, "part": lang, "files": lines})
    return Inputs(keys, files, hashes)


def installed_versions() -> list[str]:
    """Every installed distribution's name and version (the build's engine and its libraries)."""
    found = {f"{dist.metadata['Name']}=={dist.version}".lower() for dist in importlib.metadata.distributions() if dist.metadata["Name"]}
    return sorted(found)


def english_history(root: Path) -> list[str]:
    """The commits that changed lessons/ (what the changes pages look a translation's English up
    in) and whether the clone is shallow, as git prints them (or its error)."""
    lines = []
    for args in (["log", "--format=%H%x00%cI", "--", "lessons"], ["rev-parse", "--is-shallow-repository"]):
        try:
            result = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError) as error:
            lines.append(f"{args[0]}: {type(error).__name__}")
            continue
        lines.append(
            f"{args[0]}: {result.returncode}\n{result.stdout.decode('utf-8', 'replace')}\n{result.stderr.decode('utf-8', 'replace')}"
        )
    return lines


def build_epoch(course: Course) -> str:
    """The SOURCE_DATE_EPOCH the build's processes will use (coursegen.site.reproducible)."""
    users = os.environ.get(reproducible.VARIABLE)
    return users if users is not None else str(reproducible.build_epoch(course, reproducible.git_commit_time(course.root)))


def canonical(value: Any) -> Any:
    """Loaded data as JSON values, every type named; raises TypeError on a type it does not know
    (a key must not leave out what it cannot see)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, PurePath):
        return ["path", value.as_posix()]
    if isinstance(value, enum.Enum):
        return ["enum", type(value).__qualname__, canonical(value.value)]
    if isinstance(value, (datetime.date, datetime.time)):  # (datetime is a date)
        return [type(value).__name__, value.isoformat()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # (fields left out of comparisons, such as Course.memo, are derived: not inputs)
        fields = {field.name: canonical(getattr(value, field.name)) for field in dataclasses.fields(value) if field.compare}
        return [type(value).__qualname__, fields]
    if isinstance(value, dict):
        return ["dict", [[canonical(key), canonical(item)] for key, item in value.items()]]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [canonical(item) for item in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted((canonical(item) for item in value), key=_text)]
    if isinstance(value, bytes):
        return ["bytes", hashlib.sha256(value).hexdigest()]
    raise TypeError(f"no key for a value of type {type(value).__qualname__}")


def _walk(folder: Path, name: str) -> list[tuple[Path, str]]:
    """Every file under folder (or folder itself, a file), symbolic links followed (the course's
    loading refuses links out of its folders and loops), with its path below the course."""
    if not folder.is_dir():
        return [(folder, name)] if folder.is_file() else []
    found = []
    for directory, dirnames, filenames in os.walk(folder, followlinks=True):
        dirnames[:] = sorted(name for name in dirnames if name not in SKIPPED_NAMES)
        relative = Path(directory).relative_to(folder).as_posix()
        prefix = name if relative == "." else f"{name}/{relative}"
        found += [(Path(directory) / file, f"{prefix}/{file}") for file in sorted(filenames) if not file.endswith(".pyc")]
    return found


def _stats(files: dict[str, Stat]) -> dict[str, Stat]:
    found = {}
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    return found


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(value: Any) -> str:
    return hashlib.sha256(_text(value).encode("utf-8")).hexdigest()
