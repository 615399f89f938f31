"""Starting and stamping translations: the files `coursegen new` and `coursegen stamp` write.

Both plan their writes into a Transaction (all or nothing) and return it; the command line
commits it. Dates are UTC, in the form the translated-lesson format uses.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from coursegen.content import coop, interface
from coursegen.content.course import LESSON_FILE, Course, Translation, english_hash
from coursegen.content.languages import ENGLISH, LANGUAGES, get_language
from coursegen.content.plurals import fit_plural_labels
from coursegen.content.textfile import BOM, read_text
from coursegen.problems import CourseError, Problem
from coursegen.translators.writes import Transaction

# Appended to a new translation, in the format's disclaimer block: the translator translates it.
DISCLAIMER = (
    "**Disclaimer**: This translation was written by the course's contributors. The English lesson "
    "is the authoritative version: where the two differ, follow the English."
)


def utc_now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def current_metadata(course: Course, lang: str, slug: str, date: str) -> coop.Metadata:
    return coop.Metadata(english_hash(course, slug), date, course.lessons[slug].source_file, lang)


def _known_language(lang: str) -> str:
    if lang in LANGUAGES:
        return lang
    try:
        hint = f": use '{get_language(lang).code}'"
    except KeyError:
        hint = f" (known: {', '.join(sorted(LANGUAGES))})"
    raise CourseError(Problem(lang, 0, f"'{lang}' is not a language code of the course{hint}"))


def plan_new(course: Course, lang: str, slug: str, date: str | None = None, force: bool = False) -> Transaction:
    """A translation to start from: the English text under a metadata header, the words of
    lesson.yml, and the language's strings file when it has none. Refuses to replace files."""
    lang = _known_language(lang)
    if lang == ENGLISH:
        raise CourseError(Problem(lang, 0, "English is the source language: translations are in other languages"))
    if slug not in course.lessons:
        raise CourseError(Problem(slug, 0, f"no lesson '{slug}' (known: {', '.join(sorted(course.lessons))})"))
    lesson = course.lessons[slug]
    folder = course.root / "translations" / lang / slug
    existing = [path for path in (folder / LESSON_FILE, folder / "lesson.yml") if path.exists()]
    if existing and not force:
        raise CourseError(
            [Problem(course.path(path), 0, "already exists: edit it, then run `coursegen stamp`; nothing was written") for path in existing]
        )
    metadata = current_metadata(course, lang, slug, date or utc_now())
    english = read_text(lesson.readme, course.path(lesson.readme))
    body = english.rstrip("\n") + f"\n\n---\n\n{coop.DISCLAIMER_START}\n{DISCLAIMER}\n{coop.DISCLAIMER_END}\n"
    transaction = Transaction(course.root, force=force)
    sidecar = course.root / "translations" / lang / coop.SIDECAR_NAME
    if sidecar.is_file():  # the language keeps its metadata in the sidecar file: add to it
        transaction.write(sidecar, _sidecar_with(course, sidecar, {metadata.source_file: metadata}), replace=True)
        transaction.write(folder / LESSON_FILE, body)
    else:
        transaction.write(folder / LESSON_FILE, coop.format_inline_metadata(metadata) + body)
    words = {key: lesson.facts[key] for key in ("title", "summary", "banner_alt", "goals") if key in lesson.facts}
    transaction.write(
        folder / "lesson.yml",
        f"# {LANGUAGES[lang].english_name} words of lessons/{slug}/lesson.yml: translate the values.\n"
        + yaml.safe_dump(words, allow_unicode=True, sort_keys=False, width=100)
        + IN_PROGRESS_LINES,
    )
    strings = course.root / "translations" / lang / "strings.yml"
    if not strings.exists():
        transaction.write(strings, strings_to_translate(course, lang))
    return transaction


# The end of a new translation's lesson.yml; `coursegen stamp` takes these lines away.
IN_PROGRESS_LINES = (
    "# Until you run `coursegen stamp` on the translated README.md, readers get the English page\n"
    '# with a "not translated yet" notice, and `coursegen status` shows this lesson as in progress.\n'
    "in_progress: true\n"
)


def without_in_progress(text: str) -> str:
    return text.replace(IN_PROGRESS_LINES, "").replace("in_progress: true\n", "")


def strings_to_translate(course: Course, lang: str) -> str:
    """A language's first strings.yml: the course's words that nothing translates yet in lang (its
    name, the prose about its models; every label when the generator ships none for lang), in
    English, each plural label with exactly lang's plural categories."""
    english = course.strings.get(ENGLISH, {})
    shipped = interface.shipped_words(lang, english)
    known = interface.merge(shipped, {})
    wanted: dict = {}
    for block in ("labels", "theme"):
        if block == "theme" and not get_language(lang).theme_borrowed:
            continue
        missing = {key: value for key, value in (english.get(block) or {}).items() if not known[block].get(key)}
        if missing:
            wanted[block] = missing
    if english.get("models"):
        wanted["models"] = english["models"]
    header = (
        f"# {LANGUAGES[lang].english_name} words of this course: translate the values (keys stay in English).\n"
        f"# The site's other words come with the generator (coursegen/interface/{lang}.yml); a label\n"
        "# added here replaces its shipped text, a key left out is shown in English.\n"
    )
    body = yaml.safe_dump(wanted, allow_unicode=True, sort_keys=False, width=100) if wanted else "labels: {}\n"
    return header + fit_plural_labels(body, lang)


def _sidecar_with(course: Course, path: Path, entries: dict[str, coop.Metadata]) -> str:
    current = coop.Sidecar()
    if path.is_file():
        current = coop.parse_sidecar(read_text(path, course.path(path)), course.path(path))
        if current.problems:
            raise CourseError(current.problems)
    return coop.format_sidecar({**current.entries, **entries}, current.other)


def _stamp_inline(raw: bytes, shown: str, metadata: coop.Metadata) -> bytes:
    """The file with its metadata comment replaced or added; every other byte kept (BOM, CRLF)."""
    text = raw.decode("utf-8")
    bom = text.startswith(BOM)
    crlf = "\r\n" in text
    plain = (text[1:] if bom else text).replace("\r\n", "\n")
    found = coop.parse_inline_metadata(plain, shown)
    if found is not None and any("never closed" in problem.message for problem in found.problems):
        raise CourseError(list(found.problems))  # replacing an unclosed comment would eat the file
    stamped = coop.replace_inline_metadata(plain, metadata)
    if crlf:
        stamped = stamped.replace("\n", "\r\n")
    return ((BOM if bom else "") + stamped).encode("utf-8")


def headings_problems(course: Course, translation: Translation) -> list[Problem]:
    """What `check` says about a translation's headings against the current English lesson."""
    from coursegen.translators.check import check_headings

    lesson = course.lessons[translation.slug]
    shown, english_shown = course.path(translation.readme), course.path(lesson.readme)
    try:
        problems = check_headings(shown, read_text(translation.readme, shown), english_shown, read_text(lesson.readme, english_shown))
    except CourseError as error:
        return list(error.problems)
    if problems:
        problems.append(
            Problem(
                shown,
                0,
                "not stamped: its headings still follow an older English lesson; bring in the English changes "
                f"(`coursegen diff {translation.lang} {translation.slug}` shows them), or stamp with --force",
            )
        )
    return problems


def plan_stamp(course: Course, paths: list[Path], date: str | None = None, force: bool = False) -> Transaction:
    """Record the current English hash and date in each translation's metadata (inline or
    sidecar, as the file already does); nothing else in the files changes.

    Refuses (unless force) a translation whose headings do not match the current English
    lesson's: it cannot have been brought up to date."""
    date = date or utc_now()
    transaction = Transaction(course.root)
    problems: list[Problem] = []
    by_path = {translation.readme.resolve(): translation for translation in course.translations.values()}
    sidecars: dict[Path, dict[str, coop.Metadata]] = {}
    for given in paths:
        path = Path(given).resolve()
        if path.is_dir():
            path = path / LESSON_FILE
        translation = by_path.get(path)
        if translation is None:
            problems.append(Problem(Path(given).as_posix(), 0, "is not a translated lesson (translations/<lang>/<lesson>/README.md)"))
            continue
        if not force:
            refused = headings_problems(course, translation)
            if refused:
                problems += refused
                continue
        metadata = current_metadata(course, translation.lang, translation.slug, date)
        if translation.in_progress:  # stamped: it is a translation now, for readers too
            words_file = translation.folder / "lesson.yml"
            transaction.write(words_file, without_in_progress(read_text(words_file, course.path(words_file))), replace=True)
        sidecar = translation.folder.parent / coop.SIDECAR_NAME
        form = translation.metadata_form or ("sidecar" if sidecar.is_file() else "inline")
        if form == "sidecar":
            sidecars.setdefault(sidecar, {})[metadata.source_file] = metadata
            continue
        try:
            transaction.write(
                translation.readme, _stamp_inline(translation.readme.read_bytes(), course.path(translation.readme), metadata), replace=True
            )
        except (CourseError, UnicodeDecodeError) as error:
            problems += (
                error.problems if isinstance(error, CourseError) else [Problem(course.path(translation.readme), 0, "not valid UTF-8")]
            )
    for sidecar, entries in sidecars.items():
        try:
            transaction.write(sidecar, _sidecar_with(course, sidecar, entries), replace=True)
        except CourseError as error:
            problems += error.problems
    if problems:
        raise CourseError(problems)
    return transaction
