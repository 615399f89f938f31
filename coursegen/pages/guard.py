"""Early, line-precise warnings on a contributed page's source, derived from the one output
policy (coursegen.pages.sanitize) so that they cannot disagree with it.

The policy judges the page's final HTML, as a browser parses it; here the same allowlist is held
against each piece of raw HTML and each link the page's reading (coursegen.content.reading) found,
so a translator learns the line of what will be refused. Also here: links that would leave the
site, and nesting too deep to show.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import PurePosixPath

from coursegen.content.cmark import render_html
from coursegen.content.languages import ENGLISH
from coursegen.content.reading import read
from coursegen.escape import brief
from coursegen.pages import sanitize
from coursegen.pages.codeblocks import find_fences
from coursegen.pages.scan import links
from coursegen.problems import CourseError, Problem

# Lists and quotes: a lesson nests a few deep; the site's converter recurses once per level.
MAX_NESTING = 20


def markup_problems(text: str, shown_path: str) -> list[Problem]:
    """What the output policy will refuse in a contributed page, found in its source, by line:
    raw HTML the allowlist does not accept (a <script>, an onerror=, an id of the theme's), and
    link or image addresses it does not accept (javascript:, data:)."""
    try:
        find_fences(text, shown_path)
    except CourseError as error:
        return list(error.problems)
    reading = read(text)
    problems = []
    for chunk in reading.html:
        # As the page publishes it: GitHub's tag filter writes <script>, <iframe>, <style> … as text.
        verdict = sanitize.judge_fragment(render_html(chunk.html))
        for written in verdict.refused:
            problems.append(Problem(shown_path, _line_in(chunk.line, chunk.html, written), f"{sanitize.REFUSED} {written}"))
        for value in verdict.theme_ids:
            problems.append(Problem(shown_path, _line_in(chunk.line, chunk.html, value), sanitize.theme_id_message(value)))
    for link in reading.links:
        tag, attribute = ("img", "src") if link.image else ("a", "href")
        address = sanitize.refused_address(tag, attribute, html.unescape(link.target))
        if address is not None and not any(problem.line == link.line for problem in problems):
            problems.append(Problem(shown_path, link.line, f"{sanitize.REFUSED} {address}"))
    return sorted(set(problems), key=lambda problem: (problem.line, problem.message))


def _line_in(first_line: int, chunk: str, written: str) -> int:
    """The line of a chunk of raw HTML where the element (or value) named is written."""
    name = written[1:].split(" ", 1)[0].rstrip(">").lower() if written.startswith("<") else written
    at = chunk.lower().find(("<" + name) if written.startswith("<") else name.lower())
    return first_line + (chunk.count("\n", 0, at) if at >= 0 else 0)


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
            problems.append(Problem(shown_path, link.line, f"link '{brief(link.target, 80)}' leads out of the site's folder"))
    return problems


def markup_limits(text: str, shown_path: str) -> list[Problem]:
    """Structure the site cannot show: an unclosed code fence, lists or quotes nested deeper than
    MAX_NESTING, raw HTML nested deeper than the output policy's bound (for every page, English too)."""
    try:
        find_fences(text, shown_path)
    except CourseError as error:
        return list(error.problems)
    reading = read(text)
    problems = []
    if len(reading.depth_lines) > MAX_NESTING:
        problems.append(Problem(shown_path, reading.depth_lines[MAX_NESTING], f"lists or quotes nested more than {MAX_NESTING} deep"))
    depth = 0
    for chunk in reading.html:
        depth, deep = sanitize.open_elements(chunk.html, depth)
        if deep is not None:
            problems.append(Problem(shown_path, chunk.line, f"HTML elements nested more than {sanitize.MAX_DEPTH} deep (<{deep}>)"))
            break
    return problems


def title_as_html(title: str) -> str:
    """A page title ready for a theme that prints titles unescaped (<title>, navigation).

    The engine takes the title from the first heading with tags stripped but entities kept, and
    the theme's `striptags` decodes them again: a heading `&lt;/title&gt;&lt;script&gt;` would
    become markup. Decode once, escape once: the reader sees exactly the heading's text.
    """
    return html.escape(html.unescape(title), quote=True)
