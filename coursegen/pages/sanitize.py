"""The guarantee on the output: the HTML a contributed page converts to is held against an
allowlist of what Markdown, its extensions, our notices and the theme legitimately produce, by a
maintained sanitizer (nh3, the binding of Rust's ammonia). Whatever the sanitizer would remove (an
element, an attribute, a URL scheme) is reported with the element, never silently stripped: the
source scans (coursegen.pages.guard) give early, line-precise messages, this holds the result.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import lxml.html
import nh3

from coursegen.pages.guard import theme_ids_in_html
from coursegen.problems import Problem

# Markdown, tables, admonitions, details, code highlighting, md_in_html, the notices, and the
# harmless formatting raw HTML in upstream lessons uses.
TAGS = {
    "a", "abbr", "article", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title", "role", "align", "aria-label", "aria-hidden", "translate"},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "col": {"span", "width"},
    "details": {"open"},
    "time": {"datetime"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
STYLE_PROPERTIES = {"text-align"}  # a table column's alignment, the only style Markdown writes


def _style(value: str) -> str:
    pairs = (part.split(":", 1) for part in value.split(";") if ":" in part)
    return ";".join(sorted(f"{name.strip().lower()}:{text.strip()}" for name, text in pairs))


def _elements(html: str) -> Counter[tuple[str, tuple[tuple[str, str], ...]]]:
    """Each element as (tag, attributes), counted (the sanitizer's parser may nest them otherwise)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):  # a comment or processing instruction
            continue
        attributes = tuple(sorted((name, _style(value) if name == "style" else value) for name, value in element.attrib.items()))
        found[(element.tag, attributes)] += 1
    return found


def refused_elements(html: str) -> list[str]:
    """The elements of html the allowlist does not accept, as they were written (empty: all fine)."""
    if not html.strip():
        return []
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=False,
        filter_style_properties=STYLE_PROPERTIES,
    )
    removed = _elements(html) - _elements(cleaned)
    return ["<" + tag + "".join(f' {name}="{value}"' for name, value in attributes) + ">" for (tag, attributes) in sorted(removed)][:5]


# Elements without an end tag, and those whose end tag HTML lets the next element imply.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "option"}


# A start or end tag: its name, and attributes that may hold quoted text but no bare "<" (so a
# failed match stops at the next "<": the scan stays linear on text full of unfinished tags,
# where html.parser takes minutes on 250 kB of "<a ").
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^<>"']|"[^"]*"|'[^']*')*)>""")
_RAW_TEXT = {"script", "style", "textarea", "title"}  # their content is not markup


def _tags(html: str) -> Iterator[tuple[bool, str]]:
    """(is an end tag, name) of each tag in html, in order; comments and raw text skipped."""
    lowered = html.lower()
    position = 0
    while (start := html.find("<", position)) >= 0:
        if html.startswith("<!--", start):
            end = html.find("-->", start + 4)
            if end < 0:
                return
            position = end + 3
            continue
        found = _TAG.match(html, start)
        if found is None:
            position = start + 1
            continue
        closing, name = bool(found.group(1)), found.group(2).lower()
        position = found.end()
        if name in _RAW_TEXT and not closing:
            end = lowered.find(f"</{name}", position)
            position = len(html) if end < 0 else end
        if not found.group(3).rstrip().endswith("/") or closing:
            yield closing, name


def unbalanced_elements(html: str) -> list[str]:
    """Why html would not stay inside the page's article (empty: it does). A browser lets an
    unclosed <table> hold the rest of the page, a stray </div> close the theme's own box, and an
    unclosed <a> or <b> spread over the text that follows (HTML reopens such formatting)."""
    still_open: list[str] = []
    open_count: Counter[str] = Counter()  # (membership in constant time: the stack may be deep)
    faults: list[str] = []
    for closing, tag in _tags(html):
        if not closing:
            if tag not in VOID:
                still_open.append(tag)
                open_count[tag] += 1
        elif not open_count[tag]:
            if tag not in VOID and tag != "p":  # a stray </p> only adds an empty paragraph
                faults.append(f"</{tag}> closes no element of the page")
        else:
            while (inner := still_open.pop()) != tag:
                open_count[inner] -= 1
                if inner not in OPTIONAL_END:
                    faults.append(f"<{inner}> is not closed before </{tag}>")
            open_count[tag] -= 1
    faults += [f"<{tag}> is not closed" for tag in still_open if tag not in OPTIONAL_END]
    return faults[:5]


_TAG_IN_MESSAGE = re.compile(r"<(/?)([a-z][a-z0-9]*)")


def _line_of(text: str, fault: str) -> int:
    """Where in the page's text the first element a message names was written (0: not found):
    for an unclosed element, the line of the opening tag left open; for an end tag that closes
    nothing, its own line; for a refused element, the first tag of its kind."""
    found = _TAG_IN_MESSAGE.search(fault)
    if not found:
        return 0
    closing, tag = found.groups()
    events = re.compile(rf"<(/?){tag}(?=[\s>/])", re.IGNORECASE)
    still_open: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        for event in events.finditer(line):
            if not closing and "not closed" not in fault:
                return number  # a refused element: where its kind first appears
            if not event.group(1):
                still_open.append(number)
            elif still_open:
                still_open.pop()
            elif closing:
                return number
    return still_open[-1] if still_open and not closing else 0


def output_problems(html: str, shown_path: str, text: str = "") -> list[Problem]:
    """What a contributed page's converted HTML may not publish, naming the file, and the line
    of text (the page as its contributor wrote it) where the element was written, when it can be
    found there (the strict build, `check` and `validate` all report these)."""
    problems = []
    clobbering = theme_ids_in_html(html)
    if clobbering:
        message = f"the page sets the theme's own element id '{clobbering[0]}' (ids starting with '__' are the theme's)"
        problems.append(Problem(shown_path, 0, message))
    refused = refused_elements(html)
    if refused:
        problems.append(Problem(shown_path, _line_of(text, refused[0]), f"markup a contributed page may not publish: {', '.join(refused)}"))
    unbalanced = unbalanced_elements(html)
    if unbalanced:
        message = f"HTML that would spill out of the page: {'; '.join(unbalanced)}"
        problems.append(Problem(shown_path, _line_of(text, unbalanced[0]), message))
    return problems
