"""What changed in an English lesson since a translation was made from it (issue 15).

A translation stores the MD5 of the exact English bytes it was made from (`original_hash`). This
finds that version in the repository's git history (`git log` + `git show`, no other tool) and
compares it with the current English file: section by section (headings), paragraph by paragraph
(list items count as paragraphs), and word by word inside a changed paragraph.

Pure apart from reading git: the command line, the site's changes pages and the pull-request
summary only format what this returns. Nothing here is HTML or Markdown: text stays text.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursegen.content.comparison import ADDED, CHANGED, REMOVED, SectionChange, compare
from coursegen.content.course import LESSON_FILE, Course, english_hash
from coursegen.content.textfile import BOM, bytes_hash, decode_text

GIT_TIMEOUT = 60


# -- finding the English version in git history -------------------------------------------------


@dataclass(frozen=True)
class Base:
    """The English version a translation was made from, as git has it."""

    commit: str
    date: str  # the commit's date (ISO 8601, committer's)
    text: str  # decoded as the site reads it (no BOM, LF line ends)


@dataclass(frozen=True)
class NotFound:
    """Why no English version in the history has the translation's hash, and what to do."""

    reason: str
    hint: str
    shallow: bool = False  # the clone lacks older history (a full clone may have the version)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=GIT_TIMEOUT)


def hash_variants(data: bytes) -> set[str]:
    """The MD5s the translator's copy of these bytes may have had: as stored, and with the line
    ends and byte-order mark a checkout may have given them (git may store LF and check out CRLF)."""
    plain = data[3:] if data.startswith(BOM.encode()) else data
    lf = plain.replace(b"\r\n", b"\n")
    crlf = lf.replace(b"\n", b"\r\n")
    return {bytes_hash(variant) for body in (lf, crlf) for variant in (body, BOM.encode() + body)} | {bytes_hash(data)}


def _history(root: Path, path: str) -> tuple[tuple[str, str], ...] | NotFound:
    """(commit, date) of every commit that changed path, newest first; NotFound when git cannot say."""
    try:
        result = _git(root, "log", "--format=%H%x00%cI", "--", path)
    except FileNotFoundError:
        return NotFound("git is not installed, so the English history cannot be read", "install git, or compare with the upstream course")
    except subprocess.TimeoutExpired:
        return NotFound("git took too long to list the English history", "try again")
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        return NotFound(
            f"the course is not a git repository with history ({message[0] if message else 'git log failed'})",
            "work in a clone of the course repository (`git clone`), or compare with the upstream course by eye",
        )
    commits = []
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        commit, _, date = line.partition("\x00")
        if commit:
            commits.append((commit, date))
    return tuple(commits)


def _is_shallow(root: Path) -> bool:
    try:
        return _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
    except (OSError, subprocess.TimeoutExpired):
        return False


# The versions found, by (repository, commit checked out, path, hash), for the process: a preview
# loads the course again at each save, and what the history up to a commit holds never changes.
# Only versions found are kept (not git's failures, nor what a shallow clone lacked).
_FOUND: dict[tuple[str, str, str, str], Base] = {}


def find_base(course: Course, path: str, original_hash: str) -> Base | NotFound:
    """The newest commit whose version of path (repository-relative) has this MD5 (worked out
    once per loaded course, and kept for the process by the commit checked out)."""
    key = ("find_base", path, original_hash)
    if key not in course.memo:
        root = course.root.resolve()
        head = _head(course, root)
        lasting = (str(root), head, path, original_hash) if head else None
        kept = _FOUND.get(lasting) if lasting else None
        found = kept if kept is not None else _find_base(course, root, path, original_hash)
        if lasting and isinstance(found, Base):
            _FOUND[lasting] = found
        course.memo[key] = found
    return course.memo[key]


def _head(course: Course, root: Path) -> str | None:
    """The commit checked out (read once per loaded course), or None outside a git repository."""
    if ("head",) not in course.memo:
        try:
            result = _git(root, "rev-parse", "--verify", "HEAD")
            course.memo[("head",)] = result.stdout.decode("ascii", "replace").strip() if result.returncode == 0 else None
        except (OSError, subprocess.TimeoutExpired):
            course.memo[("head",)] = None
    return course.memo[("head",)]


def _find_base(course: Course, root: Path, path: str, original_hash: str) -> Base | NotFound:
    commits = course.memo.get(("history", path))
    if commits is None:
        commits = course.memo[("history", path)] = _history(root, path)
    if isinstance(commits, NotFound):
        return commits
    for commit, date in commits:
        try:
            shown = _git(root, "show", f"{commit}:./{path}")
        except subprocess.TimeoutExpired:
            break
        if shown.returncode == 0 and original_hash in hash_variants(shown.stdout):
            try:
                text = decode_text(shown.stdout, path)
            except Exception:  # an old version that is not text: nothing to compare
                break
            return Base(commit, date, text)
    if _is_shallow(root):
        return NotFound(
            f"no English version in this clone's history of {path} has the hash {original_hash}: the clone is shallow",
            "run `git fetch --unshallow` (CI: actions/checkout with `fetch-depth: 0`) and try again",
            shallow=True,
        )
    return NotFound(
        f"no English version in the git history of {path} has the hash {original_hash} "
        f"({len(commits)} version(s) looked at): the translation was made elsewhere, for example imported from the upstream course",
        "compare the translation with the English lesson of the upstream course at its translation date, "
        "or with the current English lesson, then run `coursegen stamp`",
    )


# -- one translation's English diff --------------------------------------------------------------


@dataclass(frozen=True)
class EnglishDiff:
    lang: str
    slug: str
    english_path: str  # lessons/<slug>/README.md
    translation_path: str
    original_hash: str | None
    translation_date: str | None
    current_hash: str
    base: Base | None = None
    missing: NotFound | None = None  # why there is no base
    sections: tuple[SectionChange, ...] = field(default=())

    @property
    def found(self) -> bool:
        return self.base is not None

    @property
    def up_to_date(self) -> bool:
        return self.original_hash == self.current_hash

    def summary(self) -> dict[str, int]:
        added = removed = 0
        for section in self.sections:
            a, r = section.counts()
            added, removed = added + a, removed + r
        return {
            "sections_changed": sum(1 for s in self.sections if s.kind == CHANGED),
            "sections_added": sum(1 for s in self.sections if s.kind == ADDED),
            "sections_removed": sum(1 for s in self.sections if s.kind == REMOVED),
            "words_added": added,
            "words_removed": removed,
        }

    def as_json(self) -> dict:
        data: dict = {
            "lang": self.lang,
            "lesson": self.slug,
            "english": self.english_path,
            "translation": self.translation_path,
            "original_hash": self.original_hash,
            "translation_date": self.translation_date,
            "current_hash": self.current_hash,
            "up_to_date": self.up_to_date,
            "found": self.found,
        }
        if self.base is not None:
            data["base"] = {"commit": self.base.commit, "date": self.base.date}
            data["summary"] = self.summary()
            data["sections"] = [section.as_json() for section in self.sections]
        if self.missing is not None:
            data["reason"], data["hint"] = self.missing.reason, self.missing.hint
        return data


def english_diff(course: Course, lang: str, slug: str) -> EnglishDiff:
    """What changed in the English lesson since lang's translation of it was made.

    Raises KeyError for an unknown lesson or a missing translation (the caller says so)."""
    lesson = course.lessons[slug]
    translation = course.translations[(lang, slug)]
    english_path = course.path(lesson.readme)
    metadata = translation.metadata
    current = english_hash(course, slug)
    common: dict[str, Any] = dict(
        lang=lang,
        slug=slug,
        english_path=english_path,
        translation_path=course.path(translation.readme),
        original_hash=metadata.original_hash if metadata else None,
        translation_date=metadata.translation_date if metadata else None,
        current_hash=current,
    )
    if metadata is None:
        return EnglishDiff(
            **common,
            missing=NotFound(
                "the translation does not say which English version it was made from (no readable metadata)",
                "compare it with the current English lesson by eye, then run `coursegen stamp`",
            ),
        )
    path = f"lessons/{slug}/{LESSON_FILE}"
    base = find_base(course, path, metadata.original_hash)
    if isinstance(base, NotFound):
        return EnglishDiff(**common, missing=base)
    new_text = decode_text(lesson.readme.read_bytes(), english_path)
    return EnglishDiff(**common, base=base, sections=tuple(compare(base.text, new_text)))


def outdated_diffs(course: Course, cells: dict) -> dict[tuple[str, str], EnglishDiff]:
    """The English diff of every outdated translation among status cells ((lang, slug) → LessonStatus)."""
    found = {}
    for (lang, slug), cell in cells.items():
        if cell.state == "outdated" and (lang, slug) in course.translations:
            found[(lang, slug)] = english_diff(course, lang, slug)
    return found
