"""What changed in an English lesson since a translation was made from it (issue 15).

A translation stores the MD5 of the exact English bytes it was made from (`original_hash`). This
finds that version in the repository's git history (`git log` + `git show`, no other tool) and
compares it with the current English file: section by section (headings), paragraph by paragraph
(list items count as paragraphs), and word by word inside a changed paragraph.

Pure apart from reading git: the command line, the site's changes pages and the pull-request
summary only format what this returns. Nothing here is HTML or Markdown: text stays text.
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from coursegen.content.course import LESSON_FILE, Course, english_hash
from coursegen.content.reading import read
from coursegen.content.textfile import BOM, bytes_hash, decode_text

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"
# Two paragraphs this similar (0..1, by words) are one paragraph changed, not one removed and one added.
SIMILAR = 0.4
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


@functools.cache
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


@functools.cache
def find_base(root: Path, path: str, original_hash: str) -> Base | NotFound:
    """The newest commit whose version of path (repository-relative to root) has this MD5."""
    commits = _history(root, path)
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


# -- paragraphs and sections ---------------------------------------------------------------------

_WORD = re.compile(r"\w+")  # (words and tokens of prose, for counting and word diffs: not Markdown)
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Section:
    title: str | None  # the heading's text; None for the text before the first heading
    level: int  # 0 before the first heading
    blocks: tuple[str, ...]  # paragraphs, list items, code blocks, in order


def blocks_of(text: str) -> list[str]:
    """The page's blocks as GitHub's parser reads them (coursegen.content.reading), as written:
    each paragraph, heading, table, quote and code block whole; a list's items each on their own."""
    return [block.text for block in read(text).blocks if block.text.strip()]


def sections_of(text: str) -> list[Section]:
    sections: list[Section] = []
    title, level = None, 0
    blocks: list[str] = []
    for block in read(text).blocks:
        if block.kind == "heading":
            if title is not None or blocks:
                sections.append(Section(title, level, tuple(blocks)))
            title, level, blocks = block.title, block.level, []
        elif block.text.strip():
            blocks.append(block.text)
    if title is not None or blocks:
        sections.append(Section(title, level, tuple(blocks)))
    return sections


def words(text: str) -> int:
    return len(_WORD.findall(text))


def _normalised(block: str) -> str:
    return " ".join(block.split())


# -- the comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockChange:
    kind: str  # added, removed or changed
    old: str | None
    new: str | None
    # changed: (op, text) pieces in order, op one of "same", "removed", "added"
    pieces: tuple[tuple[str, str], ...] = ()

    def counts(self) -> tuple[int, int]:
        """Words added and removed."""
        if self.kind == ADDED:
            return words(self.new or ""), 0
        if self.kind == REMOVED:
            return 0, words(self.old or "")
        return (
            sum(words(text) for op, text in self.pieces if op == ADDED),
            sum(words(text) for op, text in self.pieces if op == REMOVED),
        )

    def as_json(self) -> dict:
        data: dict = {"kind": self.kind, "old": self.old, "new": self.new}
        if self.kind == CHANGED:
            data["pieces"] = [[op, text] for op, text in self.pieces]
        return data


@dataclass(frozen=True)
class SectionChange:
    kind: str  # added, removed or changed (a section whose heading or paragraphs changed)
    title: str | None  # the current heading (the old one for a removed section)
    level: int
    changes: tuple[BlockChange, ...]
    old_title: str | None = None  # when the heading itself was reworded

    def counts(self) -> tuple[int, int]:
        added = removed = 0
        for change in self.changes:
            a, r = change.counts()
            added, removed = added + a, removed + r
        if self.kind == ADDED:
            added += words(self.title or "")
        elif self.kind == REMOVED:
            removed += words(self.title or "")
        elif self.old_title is not None:
            added, removed = added + words(self.title or ""), removed + words(self.old_title)
        return added, removed

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "old_title": self.old_title,
            "level": self.level,
            "changes": [change.as_json() for change in self.changes],
        }


def word_pieces(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """old → new word by word: (op, text) with op "same", "removed" or "added"."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[tuple[str, str]] = []

    def put(op: str, text: str) -> None:
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        elif text:
            pieces.append((op, text))

    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            put(SAME, "".join(a[i1:i2]))
        else:
            put(REMOVED, "".join(a[i1:i2]))
            put(ADDED, "".join(b[j1:j2]))
    return tuple(pieces)


def _similarity(old: str, new: str) -> float:
    return SequenceMatcher(None, _WORD.findall(old.lower()), _WORD.findall(new.lower()), autojunk=False).ratio()


def compare_blocks(old: tuple[str, ...], new: tuple[str, ...]) -> list[BlockChange]:
    changes: list[BlockChange] = []
    matcher = SequenceMatcher(None, [_normalised(b) for b in old], [_normalised(b) for b in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        # Pair each removed paragraph with the most similar added one still unpaired, in order.
        while removed or added:
            if removed and added and _similarity(removed[0], added[0]) >= SIMILAR:
                before, after = removed.pop(0), added.pop(0)
                changes.append(BlockChange(CHANGED, before, after, word_pieces(before, after)))
            elif removed and (not added or not any(_similarity(removed[0], other) >= SIMILAR for other in added)):
                changes.append(BlockChange(REMOVED, removed.pop(0), None))
            else:
                changes.append(BlockChange(ADDED, None, added.pop(0)))
    return changes


def compare(old_text: str, new_text: str) -> list[SectionChange]:
    """Section by section: sections are matched by heading (level and text), in order."""
    old, new = sections_of(old_text), sections_of(new_text)
    result: list[SectionChange] = []
    key = lambda s: (s.level, _normalised(s.title or "").lower())  # noqa: E731
    matcher = SequenceMatcher(None, [key(s) for s in old], [key(s) for s in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs = list(zip(old[i1:i2], new[j1:j2], strict=True))
            gone, came = [], []
        else:
            # A heading reworded at the same place and level is the same section.
            gone, came = list(old[i1:i2]), list(new[j1:j2])
            pairs = []
            if op == "replace":
                while (
                    gone
                    and came
                    and gone[0].level == came[0].level
                    and _similarity(" ".join(gone[0].blocks), " ".join(came[0].blocks)) >= SIMILAR
                ):
                    pairs.append((gone.pop(0), came.pop(0)))
        for before, after in pairs:
            changes = compare_blocks(before.blocks, after.blocks)
            renamed = before.title if key(before) != key(after) else None
            if changes or renamed is not None:
                result.append(SectionChange(CHANGED, after.title, after.level, tuple(changes), renamed))
        for section in gone:
            result.append(
                SectionChange(REMOVED, section.title, section.level, tuple(BlockChange(REMOVED, b, None) for b in section.blocks))
            )
        for section in came:
            result.append(SectionChange(ADDED, section.title, section.level, tuple(BlockChange(ADDED, None, b) for b in section.blocks)))
    return result


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
    base = find_base(course.root.resolve(), path, metadata.original_hash)
    if isinstance(base, NotFound):
        return EnglishDiff(**common, missing=base)
    new_text = decode_text(lesson.readme.read_bytes(), english_path)
    return EnglishDiff(**common, base=base, sections=tuple(compare(base.text, new_text)))


def clear_cache() -> None:
    """Forget the git history read so far (tests, and a preview after a commit)."""
    _history.cache_clear()
    find_base.cache_clear()


def outdated_diffs(course: Course, cells: dict) -> dict[tuple[str, str], EnglishDiff]:
    """The English diff of every outdated translation among status cells ((lang, slug) → LessonStatus)."""
    found = {}
    for (lang, slug), cell in cells.items():
        if cell.state == "outdated" and (lang, slug) in course.translations:
            found[(lang, slug)] = english_diff(course, lang, slug)
    return found
