"""Which translations are current: up-to-date, outdated, in progress or missing, per language × lesson.

Pure: it reads the loaded course (and the English files' bytes for their hashes) and returns
records; the command line and the site's status page only format them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from coursegen.content.course import ENGLISH, LESSON_FILE, Course, english_hash
from coursegen.content.languages import get_language
from coursegen.escape import code_span

UP_TO_DATE = "up-to-date"
OUTDATED = "outdated"
IN_PROGRESS = "in-progress"  # started with `coursegen new`, not stamped yet: readers get English
MISSING = "missing"
STATES = (UP_TO_DATE, OUTDATED, IN_PROGRESS, MISSING)


@dataclass(frozen=True)
class LessonStatus:
    lang: str
    slug: str
    state: str
    path: str  # the file to edit (or to create, when missing), repository-relative
    reason: str  # why, in a few English words, for the terminal and pull-request comments
    translation_date: str | None = None
    original_hash: str | None = None  # the English version the translation was made from
    metadata_form: str | None = None  # "inline", "sidecar" or None

    def as_json(self) -> dict:
        return {
            "state": self.state,
            "path": self.path,
            "reason": self.reason,
            "translation_date": self.translation_date,
            "original_hash": self.original_hash,
            "metadata_form": self.metadata_form,
        }


@dataclass(frozen=True)
class CourseStatus:
    english: dict[str, str]  # slug -> MD5 of the current English README
    lessons: list[str]  # slugs in lesson order
    languages: list[str]  # translated languages (English excluded), in code order
    cells: dict[tuple[str, str], LessonStatus]
    missing_strings: dict[str, list[str]]  # lang -> interface strings it lacks (see missing_strings)
    without_strings_file: frozenset[str] = frozenset()  # languages with no strings.yml at all
    interface_totals: dict[str, int] = field(default_factory=dict)  # lang -> strings it translates (see interface_keys)
    unreviewed: frozenset[str] = frozenset()  # languages whose words no native speaker has reviewed yet

    def state(self, lang: str, slug: str) -> str:
        return self.cells[(lang, slug)].state

    def counts(self, lang: str) -> dict[str, int]:
        found = {state: 0 for state in STATES}
        for slug in self.lessons:
            found[self.state(lang, slug)] += 1
        return found

    def interface_share(self, lang: str) -> float:
        """The fraction (0..1) of the interface strings lang has in its own words."""
        total = self.interface_totals.get(lang) or 1
        return (total - len(self.missing_strings[lang])) / total

    def share_up_to_date(self, lang: str) -> float:
        """The fraction of lessons (0..1) whose translation in lang is up to date."""
        return self.counts(lang)[UP_TO_DATE] / len(self.lessons) if self.lessons else 1.0

    def as_json(self) -> dict:
        return {
            "english": {slug: {"path": f"lessons/{slug}/{LESSON_FILE}", "hash": self.english[slug]} for slug in self.lessons},
            "languages": {lang: {slug: self.state(lang, slug) for slug in self.lessons} for lang in self.languages},
            "percent_up_to_date": {lang: round(100 * self.share_up_to_date(lang), 1) for lang in self.languages},
            "details": {lang: {slug: self.cells[(lang, slug)].as_json() for slug in self.lessons} for lang in self.languages},
            "missing_strings": {lang: self.missing_strings[lang] for lang in self.languages},
            "interface": {
                lang: {"percent": round(100 * self.interface_share(lang), 1), "reviewed": lang not in self.unreviewed}
                for lang in self.languages
            },
        }


def lesson_status(course: Course, lang: str, slug: str, current_hash: str | None = None) -> LessonStatus:
    """The state of one language's translation of one lesson."""
    current_hash = current_hash or english_hash(course, slug)
    translation = course.translations.get((lang, slug))
    if translation is None:
        path = PurePosixPath("translations", lang, slug, LESSON_FILE).as_posix()
        return LessonStatus(lang, slug, MISSING, path, "no translation yet")
    path = course.path(translation.readme)
    if translation.in_progress:
        return LessonStatus(
            lang,
            slug,
            IN_PROGRESS,
            path,
            "started, not stamped yet (readers get the English page)",
            metadata_form=translation.metadata_form,
        )
    metadata = translation.metadata
    if metadata is None:
        reason = "metadata is unreadable" if translation.metadata_problems else "no translation metadata"
        return LessonStatus(lang, slug, OUTDATED, path, reason, metadata_form=translation.metadata_form)
    if metadata.original_hash != current_hash:
        state, reason = OUTDATED, f"English changed since it was translated ({metadata.translation_date[:10]})"
    else:
        state, reason = UP_TO_DATE, f"matches the current English ({metadata.translation_date[:10]})"
    return LessonStatus(lang, slug, state, path, reason, metadata.translation_date, metadata.original_hash, translation.metadata_form)


def strings_file(lang: str) -> str:
    """Where a language's interface strings are translated (repository-relative)."""
    return PurePosixPath("translations", lang, "strings.yml").as_posix()


def missing_strings(course: Course, lang: str) -> list[str]:
    """The interface strings lang's strings.yml lacks, as "block.key" in the order of
    lessons/strings.yml: every label, and the theme's words where the theme has none in lang
    (elsewhere the theme's own translation is shown). Pages show those in English."""
    own = course.strings.get(lang, {})
    return [f"{block}.{key}" for block, key in interface_keys(course, lang) if not (own.get(block) or {}).get(key)]


def interface_keys(course: Course, lang: str) -> list[tuple[str, str]]:
    """The interface strings a language translates, as (block, key): every label of
    lessons/strings.yml, and the theme's words where the theme has none in lang."""
    english = course.strings.get(ENGLISH, {})
    blocks = ["labels", "theme"] if get_language(lang).theme_borrowed else ["labels"]
    return [(block, key) for block in blocks for key in english.get(block) or {}]


def translated_languages(course: Course) -> list[str]:
    return [lang for lang in course.languages if lang != ENGLISH]


def course_status(course: Course, languages: list[str] | None = None) -> CourseStatus:
    lessons = sorted(course.lessons, key=lambda slug: course.lessons[slug].number)
    hashes = {slug: english_hash(course, slug) for slug in lessons}
    languages = [lang for lang in (languages or translated_languages(course)) if lang != ENGLISH]
    cells = {(lang, slug): lesson_status(course, lang, slug, hashes[slug]) for lang in languages for slug in lessons}
    missing = {lang: missing_strings(course, lang) for lang in languages}
    return CourseStatus(
        hashes,
        lessons,
        languages,
        cells,
        missing,
        frozenset(lang for lang in languages if lang not in course.strings),
        {lang: len(interface_keys(course, lang)) for lang in languages},
        frozenset(lang for lang in languages if not course.strings.get(lang, {}).get("reviewed", False)),
    )


def status_markdown(status: CourseStatus, repository: str | None = None, branch: str = "main") -> str:
    """The matrix as a Markdown table, for a pull-request comment."""
    marks = {UP_TO_DATE: "✅ up-to-date", OUTDATED: "⚠️ outdated", IN_PROGRESS: "✏️ in progress", MISSING: "❌ missing"}
    lines = [
        "| language | " + " | ".join(status.lessons) + " | up to date |",
        "|---|" + "---|" * len(status.lessons) + "---:|",
    ]
    for lang in status.languages:
        cells = []
        for slug in status.lessons:
            cell = status.cells[(lang, slug)]
            text = marks[cell.state]
            if repository and cell.state != MISSING:
                text = f"[{text}]({repository.rstrip('/')}/blob/{branch}/{cell.path})"
            cells.append(text)
        percent = round(100 * status.share_up_to_date(lang))
        lines.append(f"| {lang} | " + " | ".join(cells) + f" | {percent}% |")
    for lang in status.languages:
        if lang in status.without_strings_file:
            lines.append(f"\n{missing_strings_headline(lang, status.missing_strings[lang], no_file=True)}")
        elif status.missing_strings[lang]:
            keys = ", ".join(code_span(key) for key in status.missing_strings[lang])
            lines.append(f"\n{missing_strings_headline(lang, status.missing_strings[lang])}: {keys}")
    if status.unreviewed:
        lines.append(f"\n{unreviewed_line(sorted(status.unreviewed))}")
    return "\n".join(lines) + "\n"


def unreviewed_line(languages: list[str]) -> str:
    """The languages whose interface words no native speaker has reviewed yet: where to start."""
    return (
        f"interface: written, not yet reviewed by a native speaker: {', '.join(languages)}"
        " (coursegen/interface/<lang>.yml; CONTRIBUTING.md: Review your language's interface words)"
    )


def missing_strings_headline(lang: str, keys: list[str], no_file: bool = False) -> str:
    """How the command line and pull-request comments introduce a language's missing strings (a
    language with no strings.yml yet gets this one line, not every key)."""
    if no_file:
        return (
            f"{lang}: no {strings_file(lang)} yet: all {len(keys)} interface strings are shown in English"
            " (copy lessons/strings.yml there and translate it)"
        )
    return f"{lang}: {len(keys)} interface string(s) not translated in {strings_file(lang)} (shown in English)"


def status_of(course: Course) -> CourseStatus:
    """The course's status, computed once per loaded course (kept with it): every language's
    status page and every changes page asks for it."""
    if "status" not in course.memo:
        course.memo["status"] = course_status(course)
    status: CourseStatus = course.memo["status"]
    return status
