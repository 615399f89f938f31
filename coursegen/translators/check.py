"""What a reviewer would otherwise catch by eye in a translation, as a list of problems.

Rules (each problem names the translated file and line):
- metadata present, readable and consistent (language code = folder, source_file = the lesson);
- the same heading structure as the English source;
- fenced code blocks unchanged; every macro call of the English source still present;
- relative links and images resolve (the translated file, else the English one);
- no raw HTML that could run script unless the English source has the same;
- what the page converts to (Markdown with the site's extensions) passes the output allowlist.

And warnings, which do not fail a check: the interface strings a language's strings.yml does
not translate yet (pages show them in English).

No printing and no writing: the command line prints what this returns.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from coursegen.content import coop, history
from coursegen.content.course import ENGLISH, LESSON_FILE, SITE_FOLDER, Course, Translation, english_hash
from coursegen.content.files import SITE_FOLDERS
from coursegen.content.languages import ALIASES, LANGUAGES
from coursegen.content.reading import read
from coursegen.content.sources import SourceFile
from coursegen.content.status import missing_strings, missing_strings_headline, strings_file
from coursegen.content.textfile import read_text
from coursegen.escape import brief
from coursegen.pages import scan
from coursegen.pages.codeblocks import find_fences
from coursegen.pages.context import PageContext
from coursegen.pages.guard import markup_limits, markup_problems
from coursegen.pages.prepare import check_and_render, output_check
from coursegen.pages.render import render_page, tag_limit
from coursegen.problems import CourseError, Problem

T = TypeVar("T")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _align(english: Sequence[T], translated: Sequence[T], key: Callable[[T], object]):
    """Pair up two sequences in order. Yields ("changed", e, t), ("missing", e, t_after) and
    ("extra", None, t); t_after is the translated item that follows a missing one (or None)."""
    matcher = SequenceMatcher(None, [key(e) for e in english], [key(t) for t in translated], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            yield "changed", english[i1 + k], translated[j1 + k]
        for e in english[i1 + pairs : i2]:
            yield "missing", e, translated[j2] if j2 < len(translated) else None
        for t in translated[j1 + pairs : j2]:
            yield "extra", None, t


def _near(item: object, last_line: int) -> int:
    """Where something missing should be: before the next matching item, else the file's end."""
    return getattr(item, "line", None) or getattr(item, "first_line", None) or last_line


# -- metadata -----------------------------------------------------------------------------------


def _field_line(text: str, field: str, default: int) -> int:
    match = re.search(r'"' + re.escape(field) + r'"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else default


def check_metadata(course: Course, translation: Translation, text: str) -> list[Problem]:
    shown = course.path(translation.readme)
    problems = list(translation.metadata_problems)
    metadata = translation.metadata
    if metadata is None:
        if not problems:
            problems.append(
                Problem(shown, 1, f"no translation metadata: run `coursegen stamp {shown}` to record the English version it translates")
            )
        return problems
    if translation.metadata_form == "sidecar":
        where = translation.folder.parent / coop.SIDECAR_NAME
        where_text = read_text(where, course.path(where))
        where_shown = course.path(where)
    else:
        where_text, where_shown = text, shown
    code = metadata.language_code
    if code != translation.lang:
        hint = f" ('{code}' is the older code for '{ALIASES[code]}')" if code in ALIASES else ""
        if code not in LANGUAGES and code not in ALIASES:
            hint = " (not a language code of the course)"
        problems.append(
            Problem(
                where_shown,
                _field_line(where_text, "language_code", 1),
                f"language_code '{brief(code)}' does not match the folder '{translation.lang}'{hint}",
            )
        )
    expected = course.lessons[translation.slug].source_file
    if metadata.source_file != expected:
        named = metadata.source_file.split("/")[0]
        what = "another lesson" if named in course.lessons and metadata.source_file.endswith(LESSON_FILE) else "no English lesson"
        problems.append(
            Problem(
                where_shown,
                _field_line(where_text, "source_file", 1),
                f"source_file '{brief(metadata.source_file)}' names {what}; this file translates '{expected}'",
            )
        )
    return problems


# -- structure ----------------------------------------------------------------------------------


def check_headings(shown: str, text: str, english_shown: str, english: str) -> list[Problem]:
    """The translation's headings against the English source's: same levels, in the same order.
    `stamp` refuses a translation that fails this (it still follows an older English lesson)."""
    problems = []
    last = len(text.rstrip("\n").split("\n"))
    for kind, e, t in _align(scan.headings(english, english_shown), scan.headings(text, shown), lambda h: h.level):
        if kind == "changed":
            problems.append(
                Problem(
                    shown,
                    t.line,
                    f"level-{t.level} heading where the English source has a level-{e.level} heading ({english_shown}:{e.line})",
                )
            )
        elif kind == "missing":
            problems.append(
                Problem(
                    shown,
                    _near(t, last),
                    f"a level-{e.level} heading is missing here: the English source has '{brief(e.text)}' ({english_shown}:{e.line})",
                )
            )
        else:
            problems.append(Problem(shown, t.line, f"level-{t.level} heading '{brief(t.text)}' has no counterpart in the English source"))
    return problems


def check_structure(shown: str, text: str, english_shown: str, english: str) -> list[Problem]:
    """Headings, code blocks and macro calls, compared with the English source in order."""
    problems = check_headings(shown, text, english_shown, english)
    last = len(text.rstrip("\n").split("\n"))
    for kind, e, t in _align(find_fences(english, english_shown), find_fences(text, shown), lambda f: f.text):
        if kind == "changed":
            problems.append(
                Problem(
                    shown,
                    t.first_line,
                    f"code block differs from the English source's ({english_shown}:{e.first_line}): code is not translated",
                )
            )
        elif kind == "missing":
            problems.append(Problem(shown, _near(t, last), f"a code block is missing here ({english_shown}:{e.first_line})"))
        else:
            problems.append(Problem(shown, t.first_line, "code block that the English source does not have"))
    try:  # a page with more macro calls than a page may hold cannot render: nothing to compare
        tag_limit(read(text).outside_code(), shown)
    except CourseError as error:
        return problems + error.problems
    for kind, e, t in _align(scan.macro_calls(english, english_shown), scan.macro_calls(text, shown), lambda m: m.text):
        if kind in ("changed", "missing"):
            near = t.line if kind == "changed" else _near(t, last)
            problems.append(Problem(shown, near, f"the English source calls {brief(e.text)} ({english_shown}:{e.line}); keep it unchanged"))
        if kind in ("changed", "extra"):
            problems.append(Problem(shown, t.line, f"{brief(t.text)} is not in the English source"))
    return problems


# -- links --------------------------------------------------------------------------------------


def _exists_exactly(root: Path, relative: str) -> bool:
    path = root / relative
    try:
        return path.is_file() or (path / LESSON_FILE).is_file()
    except (OSError, ValueError):  # a NUL byte or an over-long name in a contributed link
        return False


def _case_mismatch(root: Path, relative: str) -> str | None:
    """The real name of a file that exists with other capitalisation (README.MD → README.md)."""
    parent = (root / relative).parent
    name = posixpath.basename(relative)
    try:
        entries = list(parent.iterdir()) if parent.is_dir() else []
    except (OSError, ValueError):
        return None
    return next((entry.name for entry in entries if entry.name.lower() == name.lower() and entry.name != name), None)


def check_links(course: Course, shown: str, text: str, folder: str, fallback_folder: str | None) -> list[Problem]:
    """Relative links and images from a file in `folder` (repository-relative) must lead to a file;
    a translation's link may also resolve in its English lesson folder (`fallback_folder`)."""
    problems = []
    for link in scan.links(text, shown):
        target = link.target.strip()
        if not target or target.startswith("#") or target.startswith("//") or _SCHEME.match(target):
            continue
        path = unquote(re.split(r"[?#]", target, maxsplit=1)[0])
        if not path:
            continue
        what = "image" if link.image else "link"
        quoted = brief(target)
        if path.startswith("/"):
            problems.append(Problem(shown, link.line, f"{what} '{quoted}' is an absolute path: use a path relative to this file"))
            continue
        if "translated_images/" in path:
            stem = posixpath.basename(path).split(".")[0]
            problems.append(
                Problem(
                    shown,
                    link.line,
                    f"{what} '{quoted}' uses the upstream image layout: link 'images/{stem}.<ext>' (coursegen import converts it)",
                )
            )
            continue
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved == ".." or resolved.startswith("../"):
            problems.append(Problem(shown, link.line, f"{what} '{quoted}' leads outside the repository"))
            continue
        candidates = [resolved]
        if fallback_folder and (resolved == folder or resolved.startswith(folder + "/")):
            candidates.append(fallback_folder + resolved[len(folder) :])
        elif fallback_folder and resolved.startswith(posixpath.dirname(folder) + "/"):
            # A sibling lesson's page: the site shows its English text when it is not translated.
            candidates.append("lessons/" + resolved[len(posixpath.dirname(folder)) + 1 :])
        if any(_exists_exactly(course.root, candidate) for candidate in candidates):
            continue
        real = next((name for name in map(lambda c: _case_mismatch(course.root, c), candidates) if name), None)
        if real:
            problems.append(Problem(shown, link.line, f"{what} '{quoted}': the file is named '{real}' (capitals matter on the web server)"))
            continue
        lesson = next((part for part in resolved.split("/") if re.match(r"^\d{2}-", part)), None)
        hint = ""
        if lesson and lesson not in course.lessons and path.endswith(".md"):
            hint = f": lesson '{lesson}' is not hosted here, link to {course.config.upstream.rstrip('/')}/tree/{course.config.upstream_branch}/{lesson}"
        problems.append(
            Problem(shown, link.line, f"{what} '{quoted}' leads to no file ({' or '.join(brief(c) for c in candidates)}){hint}")
        )
    return problems


# -- putting it together ------------------------------------------------------------------------


def _render_problems(course: Course, text: str, lang: str, slug: str, source_lang: str, shown: str) -> list[Problem]:
    """The page rendered as the build renders it; a translation then converted to HTML and held
    against the output allowlist, as the strict build holds it."""
    limits = markup_limits(text, shown)
    if limits:  # text the converter would take too long over, or recurse too deep on
        return limits
    try:
        rendered = render_page(text, PageContext(course, lang, slug, source_lang, html_blocks=[]), shown)
    except CourseError as error:
        return error.problems
    except RecursionError:  # Jinja's parser on absurdly nested page text
        return [Problem(shown, 0, "page text is nested too deeply to render")]
    return output_check(course, SourceFile(shown, source_lang, slug), f"{lang}/{slug}/{LESSON_FILE}", lang, rendered, text)


# A page whose prose is at least this share English (by words) is a copy, not a translation.
STILL_ENGLISH_SHARE = 0.5
_PROSE_WORDS = 5  # shorter paragraphs (a name, a caption) may rightly stay as they are


def still_english(shown: str, text: str, english: str) -> list[Problem]:
    """A translation whose paragraphs of prose are mostly the English lesson's own, word for word:
    readers would get English text presented as a current translation."""
    english_prose = {" ".join(paragraph.split()) for _line, paragraph in read(english).outline.prose}
    paragraphs = [(line, " ".join(paragraph.split())) for line, paragraph in read(text).outline.prose]
    paragraphs = [(line, words) for line, words in paragraphs if len(words.split()) >= _PROSE_WORDS]
    copied = [(line, words) for line, words in paragraphs if words in english_prose]
    total = sum(len(words.split()) for _line, words in paragraphs)
    if not copied or sum(len(words.split()) for _line, words in copied) < STILL_ENGLISH_SHARE * total:
        return []
    message = (
        f"{len(copied)} of {len(paragraphs)} paragraphs are still the English lesson's text (the first on this line): "
        "translate them before stamping; readers would get English as a current translation"
    )
    return [Problem(shown, copied[0][0], message)]


def check_translation(course: Course, translation: Translation) -> list[Problem]:
    shown = course.path(translation.readme)
    lesson = course.lessons[translation.slug]
    english_shown = course.path(lesson.readme)
    try:
        text = read_text(translation.readme, shown)
        english = read_text(lesson.readme, english_shown)
    except CourseError as error:
        return error.problems
    try:
        problems = check_metadata(course, translation, text)
    except CourseError as error:  # an unreadable sidecar file
        problems = list(error.problems)
    made_elsewhere = _made_from_another_english(course, translation)
    if made_elsewhere is not None:  # not compared line by line with an English text it never saw
        problems.append(made_elsewhere)
    if not translation.in_progress:  # (a page in progress is English until stamped: status says so)
        problems += still_english(shown, text, english)
    try:
        if made_elsewhere is None:
            problems += check_structure(shown, text, english_shown, english)
        markup = markup_problems(text, shown)  # by line, before the policy judges the whole page
        problems += markup + check_links(course, shown, text, course.path(translation.folder), course.path(lesson.folder))
    except CourseError as error:  # an unclosed code block: nothing else can be read reliably
        return sorted(set(problems + error.problems))
    if not any(p.message.startswith("template syntax error") for p in problems):
        found = {problem.message.split(":", 1)[0] for problem in markup}
        rendered = _render_problems(course, text, translation.lang, translation.slug, translation.lang, shown)
        problems += [problem for problem in rendered if problem.message.split(":", 1)[0] not in found]  # said above, by line
    return sorted(set(problems))


def _made_from_another_english(course: Course, translation: Translation) -> Problem | None:
    """A translation whose English text is in no version of this repository's history (imported
    from the upstream course, whose English this course rewrote): one finding, saying so."""
    metadata = translation.metadata
    if metadata is None or metadata.original_hash == english_hash(course, translation.slug):
        return None
    base = history.find_base(course, course.path(course.lessons[translation.slug].readme), metadata.original_hash)
    if not isinstance(base, history.NotFound) or base.shallow:
        return None
    return Problem(
        course.path(translation.readme),
        0,
        "translated from an English text this repository's history does not have (for example, imported from the upstream "
        "course): it is not compared with the current English lesson; compare it by hand, update it, then run coursegen stamp",
    )


def check_english(course: Course, slug: str) -> list[Problem]:
    lesson = course.lessons[slug]
    shown = course.path(lesson.readme)
    try:
        text = read_text(lesson.readme, shown)
        problems = check_links(course, shown, text, course.path(lesson.folder), None)
    except CourseError as error:
        return error.problems
    return sorted(set(problems + _render_problems(course, text, ENGLISH, slug, ENGLISH, shown)))


def check_site_page(course: Course, page: Path) -> list[Problem]:
    """A contributed site page (docs/<lang>/…): rendered, converted and held against the output
    allowlist as the build holds it."""
    shown = course.path(page)
    lang, staged = page.relative_to(course.root / SITE_FOLDER).parts[0], page.relative_to(course.root / SITE_FOLDER).as_posix()
    try:
        text = read_text(page, shown)
        problems = markup_limits(text, shown)
        if problems:
            return problems
        rendered = check_and_render(course, SourceFile(shown, lang, None), staged, lang, text, [])
    except CourseError as error:
        return error.problems
    return output_check(course, SourceFile(shown, lang, None), staged, lang, rendered, text)


def contributed_site_pages(course: Course, within: Path | None = None) -> list[Path]:
    """The Markdown pages of docs/<lang>/ for every language but English (the maintainers')."""
    docs = course.root / SITE_FOLDER
    if not docs.is_dir():
        return []
    folders = [path for path in sorted(docs.iterdir()) if path.is_dir() and path.name not in SITE_FOLDERS | {ENGLISH}]
    pages = [page for folder in folders for page in sorted(folder.rglob("*.md"))]
    return [page for page in pages if within is None or page == within or within in page.parents]


def _select(course: Course, paths: Iterable[Path]) -> tuple[list[str], list[Translation], list[str], list[Path], list[Problem]]:
    """Which English lessons, translations, languages' strings and contributed site pages
    (docs/<lang>/) the given paths (files or folders) name."""
    english: list[str] = []
    translations: list[Translation] = []
    strings: list[str] = []  # languages whose strings.yml is named (or a folder holding it)
    pages: list[Path] = []
    problems: list[Problem] = []
    root = course.root
    for given in paths:
        path = Path(given).resolve()
        shown = Path(given).as_posix()
        try:
            parts = path.relative_to(root).parts
        except ValueError:
            problems.append(Problem(shown, 0, "is outside the course repository"))
            continue
        if not path.exists():
            problems.append(Problem(shown, 0, "no such file or folder"))
            continue
        if not parts:
            english += list(course.lessons)
            translations += list(course.translations.values())
            strings += [lang for lang in course.languages if lang != ENGLISH]
            pages += contributed_site_pages(course)
        elif parts[0] == SITE_FOLDER:
            pages += contributed_site_pages(course, path)
        elif parts[0] == "lessons":
            english += [slug for slug in course.lessons if len(parts) < 2 or parts[1] == slug]
        elif parts[0] == "translations" and parts[2:] == ("strings.yml",):
            strings.append(parts[1])
        elif parts[0] == "translations":
            found = [
                t
                for (lang, slug), t in course.translations.items()
                if (len(parts) < 2 or parts[1] == lang) and (len(parts) < 3 or parts[2] == slug)
            ]
            if not found and len(parts) >= 3:
                problems.append(Problem(shown, 0, "is not part of a lesson translation"))
            translations += found
            if len(parts) < 3:  # translations/ or translations/<lang>/: their strings.yml too
                strings += [lang for lang in course.languages if lang != ENGLISH and (len(parts) < 2 or parts[1] == lang)]
        else:
            problems.append(
                Problem(shown, 0, "is not a lesson, a translation or a site page (check looks under lessons/, translations/ and docs/)")
            )
    unique_translations = list({id(t): t for t in translations}.values())
    return list(dict.fromkeys(english)), unique_translations, list(dict.fromkeys(strings)), list(dict.fromkeys(pages)), problems


def check_course(course: Course, paths: Sequence[Path] | None = None) -> list[Problem]:
    """Every problem in the named files (default: every lesson, translation and contributed site page)."""
    english, translations, _strings, pages, problems = _select(course, paths or [course.root])
    for slug in english:
        problems += check_english(course, slug)
    for translation in sorted(translations, key=lambda t: (t.lang, t.slug)):
        problems += check_translation(course, translation)
    for page in pages:
        problems += check_site_page(course, page)
    return problems


def strings_warnings(course: Course, paths: Sequence[Path] | None = None) -> list[Problem]:
    """The interface strings not translated yet in the named languages' strings.yml (default:
    every language's): warnings, the pages show those in English."""
    _english, _translations, languages, _pages, _problems = _select(course, paths or [course.root])
    warnings = []
    for lang in languages:
        keys = missing_strings(course, lang)
        if lang not in course.strings and keys:  # one line, not every key of a file not begun
            warnings.append(Problem(strings_file(lang), 0, missing_strings_headline(lang, keys, no_file=True).split(": ", 1)[1]))
            continue
        warnings += [
            Problem(
                strings_file(lang),
                0,
                f"interface string '{key}' is not translated yet: pages show the English '{brief(_english_string(course, key))}'",
            )
            for key in keys
        ]
    return warnings


def _english_string(course: Course, key: str) -> str:
    block, _, name = key.partition(".")
    return str(course.strings[ENGLISH][block][name])
