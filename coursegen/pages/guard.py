"""Hold contributed pages to what their English source allows: no new script, frames or handlers.

A translation arrives from someone we do not know. Raw HTML that can run script or pull in
another document (<script>, <iframe>, onclick=, javascript: and data: URLs, ...) is refused
unless the English page has exactly the same markup; the strict build and `coursegen check`
both call `unexpected_dangers`, so the two always agree.
"""

from __future__ import annotations

import functools
import html
import itertools
import posixpath
import re
from collections import Counter
from pathlib import PurePosixPath

from coursegen.pages.scan import danger_findings, line_at, links, outside_code
from coursegen.problems import CourseError, Problem

# Python-Markdown takes time quadratic in the number of unclosed '[' or '<' (20 kB of '[' takes
# 80 s) and recurses once per nested list marker on a line. A lesson uses a few dozen of each.
MAX_OPENERS = 1000
MAX_NESTING = 20
_NESTED_MARKERS = re.compile(r"^(?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t]|$)){" + str(MAX_NESTING + 1) + ",}", re.M)

MAX_INDENT = 4 * MAX_NESTING
MAX_BRACKET_WORK = 20_000_000  # brackets × paragraph length: a few seconds of the converter's time
MAX_INLINE_WORK = 1_000_000_000  # inline marks × paragraph length: about a second (a lesson: < 100,000)
_INLINE_MARKS = ("*", "_", "\\", "&")  # and code spans, each a placeholder of two NULs in the plain text
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_DEEP_INDENT = re.compile(r"^(?:    |\t| {0,3}\t){" + str(MAX_NESTING) + r"} *\S", re.M)
_HTML_TAG = re.compile(r"<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9-]{0,30})\b[^<>]{0,2000}?(?P<self_closing>/)?>")
_VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li"}

ENGLISH = "en"


def unexpected_dangers(translation_text: str, english_text: str | None, shown_path: str) -> list[Problem]:
    """Dangerous markup in a translation that its English source does not have (file:line each).

    `english_text` is None when the page has no English counterpart: then nothing is allowed.
    Markup is compared as written, so a changed script URL or frame address is refused too.
    An unclosed code fence in the translation is itself reported (as a CourseError's problems).
    """
    try:
        found = danger_findings(translation_text, shown_path)
    except CourseError as error:
        return list(error.problems)
    allowed = Counter(_allowed_by(english_text)) if english_text is not None else Counter()
    problems = []
    for danger in found:
        key = (danger.kind, danger.detail)
        if allowed[key] > 0:
            allowed[key] -= 1
            continue
        problems.append(
            Problem(
                shown_path,
                danger.line,
                f"{danger.kind} '{_shorten(danger.detail)}' is not in the English source: a translation may not add "
                "markup that can run script or load another page (copy it unchanged from the English page, or remove it)",
            )
        )
    return problems


@functools.lru_cache(maxsize=64)  # an English page is the source of every language's translation
def _allowed_by(english_text: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple((d.kind, d.detail) for d in danger_findings(english_text, "English source"))
    except CourseError:
        return ()  # the English page reports its own broken code fence


def english_source_of(path: str) -> str | None:
    """The English file a contributed page translates, as a repository path; None for English files.

    translations/<lang>/<slug>/README.md → lessons/<slug>/README.md; docs/<lang>/x.md → docs/en/x.md.
    """
    parts = PurePosixPath(path).parts
    if len(parts) >= 4 and parts[0] == "translations":
        return PurePosixPath("lessons", *parts[2:]).as_posix()
    if len(parts) >= 3 and parts[0] == "docs" and parts[1] != ENGLISH:
        return PurePosixPath("docs", ENGLISH, *parts[2:]).as_posix()
    return None


def links_leaving_site(text: str, staged_path: str, shown_path: str) -> list[Problem]:
    """Relative links that climb above the site's root from where the page is published."""
    problems = []
    folder = posixpath.dirname(staged_path)
    try:
        found = links(text, shown_path)
    except CourseError as error:
        return list(error.problems)
    for link in found:
        target = link.target.split("#", 1)[0].split("?", 1)[0]
        if not target or ":" in target.split("/", 1)[0] or target.startswith("/"):
            continue  # same-page anchor, a URL with a scheme, or site-absolute
        resolved = posixpath.normpath(posixpath.join(folder, target))
        if resolved == ".." or resolved.startswith("../"):
            problems.append(Problem(shown_path, link.line, f"link '{_shorten(link.target)}' leads out of the site's folder"))
    return problems


def markup_limits(text: str, shown_path: str) -> list[Problem]:
    """Text the Markdown converter would take hours over, or crash on, refused up front."""
    try:
        plain = outside_code(text, shown_path)
    except CourseError as error:
        return list(error.problems)
    problems = []
    for opener in ("[", "<"):
        if plain.count(opener) > MAX_OPENERS:
            offset = -1
            for _ in range(MAX_OPENERS + 1):
                offset = plain.index(opener, offset + 1)
            problems.append(
                Problem(
                    shown_path,
                    plain.count("\n", 0, offset) + 1,
                    f"more than {MAX_OPENERS} '{opener}' outside code: "
                    "the Markdown converter slows down sharply on so many (put such text in a code block)",
                )
            )
    match = _NESTED_MARKERS.search(plain)
    if match:
        problems.append(
            Problem(shown_path, plain.count("\n", 0, match.start()) + 1, f"lists or quotes nested more than {MAX_NESTING} deep")
        )
    # Each unclosed '[' makes the converter scan the rest of its paragraph: the cost is the number
    # of brackets times the paragraph's length (900 '![' in a 1 MB paragraph: minutes). And each
    # inline element it makes (emphasis, code span, escape, entity) copies its paragraph's whole
    # text once (470k '*a' in one paragraph: minutes).
    position = 0
    for boundary in [*_PARAGRAPH_BREAK.finditer(plain), None] if not problems else []:
        end = boundary.start() if boundary else len(plain)
        brackets = plain.count("[", position, end)
        marks = sum(plain.count(mark, position, end) for mark in _INLINE_MARKS) + plain.count("\x00", position, end) // 2
        message = None
        if brackets * (end - position) > MAX_BRACKET_WORK:
            message = f"a paragraph of {end - position:,} characters with {brackets:,} '[': too slow to convert (split it)"
        elif marks * (end - position) > MAX_INLINE_WORK:
            message = f"a paragraph this long with {marks:,} inline marks (*, _, `, \\, &): too slow to convert (split it)"
        if message:
            problems.append(Problem(shown_path, line_at(plain, position), message))
            break
        position = boundary.end() if boundary else end
    # Nesting across lines: the converter recurses once per level of indentation (lists,
    # admonitions, quotes) and per open HTML element, and the stack runs out at a few hundred.
    match = _DEEP_INDENT.search(plain)
    if match:
        line = plain.count("\n", 0, match.start()) + 1
        problems.append(Problem(shown_path, line, f"indented more than {MAX_INDENT} columns: nesting this deep cannot be shown"))
    depth = 0
    for tag in _HTML_TAG.finditer(plain):
        if tag["name"].lower() in _VOID_ELEMENTS or tag["self_closing"]:
            continue
        depth += -1 if tag["close"] else 1
        if depth > MAX_NESTING:
            line = plain.count("\n", 0, tag.start()) + 1
            problems.append(Problem(shown_path, line, f"HTML elements nested more than {MAX_NESTING} deep"))
            break
        depth = max(depth, 0)
    return problems


# The theme's scripts find their settings and parts by element ids in its own namespace ("__config"
# holds the search worker's address): a page that sets such an id could hand the theme its own
# script. Written as an attribute (HTML, attr_list `{: id=… }`) or as an attr_list `#id`.
# (An attr_list block is matched whole, stopping at any other brace, so the scan stays linear.)
_THEME_ID_SOURCE = re.compile(r"""\b(?:id|name)\s*=\s*["']?\s*__|\{[^{}\n]*#__[^{}\n]*\}""")
_THEME_ID_HTML = re.compile(r"""\b(?:id|name)\s*=\s*["']?(__[^"'\s>]*)""")


def theme_id_problems(text: str, shown_path: str) -> list[Problem]:
    """Ids and names in the theme's namespace ("__…") set by a contributed page, by line."""
    plain = outside_code(text, shown_path)
    return [
        Problem(shown_path, line_at(plain, match.start()), "an id or name starting with '__' belongs to the theme's own elements")
        for match in itertools.islice(_THEME_ID_SOURCE.finditer(plain), 10)
    ]


def theme_ids_in_html(html: str) -> list[str]:
    """The same, in a page's converted HTML (what Markdown actually made of the text)."""
    return _THEME_ID_HTML.findall(html)


def title_as_html(title: str) -> str:
    """A page title ready for a theme that prints titles unescaped (<title>, navigation).

    The engine takes the title from the first heading with tags stripped but entities kept, and
    the theme's `striptags` decodes them again: a heading `&lt;/title&gt;&lt;script&gt;` would
    become markup. Decode once, escape once: the reader sees exactly the heading's text.
    """
    return html.escape(html.unescape(title), quote=True)


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
