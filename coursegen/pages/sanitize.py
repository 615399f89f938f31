"""The one policy on what contributed text may publish: the final HTML of a contributed page,
parsed as a browser parses it, held element by element against one allowlist.

The HTML is parsed by lexbor (selectolax), a WHATWG HTML5 parser: no depth limit, no cut-off at
`</html>`, comments read as a browser reads them (`<!-->` is a whole, empty comment). The page is
parsed inside a copy of the ancestors the theme gives it (`<main>` … `<article>`) with a marker
after it, so the same tree tells whether anything of the page would end up outside its article
(a stray `</div>`, an unclosed `<table>` or `<a>`). Nothing is stripped: every element or
attribute the allowlist refuses is reported, and the build, `check` and `validate` all report
from here (coursegen.pages.guard only gives earlier, line-precise warnings on the source).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from coursegen.content.reading import read
from coursegen.escape import terminal_safe
from coursegen.problems import Problem

# Markdown, tables, alerts and admonitions, details, code highlighting, the notices, and the
# harmless formatting raw HTML in upstream lessons uses.
TAGS = {
    "a", "abbr", "article", "b", "bdi", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title", "role", "align", "aria-label", "aria-hidden", "translate"},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},  # a task list's box (only type="checkbox", disabled)
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "col": {"span", "width"},
    "details": {"open"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "pre": {"tabindex"},  # "0" only: a code block that scrolls sideways is reachable by keyboard
}
URL_ATTRIBUTES = {"href", "src", "cite"}
URL_SCHEMES = {"http", "https", "mailto"}
STYLE_PROPERTIES = {"text-align"}  # a table column's alignment, the only style Markdown writes
THEME_ID_PREFIX = "__"  # the theme's scripts find their parts by ids in this namespace ("__config")

# A browser drops these from a URL before reading its scheme; a scheme is letters, digits, + - .
_URL_IGNORED = re.compile(r"[\x00-\x20]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_STYLE_VALUE = re.compile(r"[a-z-]+")


def _refused(tag: str, attributes: dict[str, str | None]) -> bool:
    if tag not in TAGS:
        return True
    if tag == "input" and (attributes.get("type") or "").lower() != "checkbox":
        return True  # a task list's box; any other input would be a form field
    return any(_refused_attribute(tag, name, value or "") for name, value in attributes.items())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never in an attribute a page needs
# An element's id or name: letters of any script, digits, '-', '_', '.', ':' (GitHub's heading
# anchors are such words); no quote, angle bracket, ampersand or space, which the theme's table of
# contents would print as markup (it writes href="#{{ id }}" unescaped).
SAFE_ID = re.compile(r"[^\s\"'<>&`=\\/]{1,200}")


def _refused_attribute(tag: str, name: str, value: str) -> bool:
    if name not in ATTRIBUTES["*"] and name not in ATTRIBUTES.get(tag, ()):
        return True
    if _CONTROL.search(value):
        return True
    if name == "tabindex":
        return value != "0"  # in the page's order, never ahead of it
    if name in ("id", "name") and not SAFE_ID.fullmatch(value):
        return True  # the theme prints a heading's id unescaped in the page's table of contents
    if name in URL_ATTRIBUTES:
        scheme = _SCHEME.match(_URL_IGNORED.sub("", value))
        return scheme is not None and scheme.group(1).lower() not in URL_SCHEMES
    if name == "style":
        declarations = [part.split(":", 1) for part in value.split(";") if part.strip()]
        return not all(
            len(pair) == 2 and pair[0].strip().lower() in STYLE_PROPERTIES and _STYLE_VALUE.fullmatch(pair[1].strip().lower())
            for pair in declarations
        )
    return False


def _as_written(node: LexborNode) -> str:
    """The element as a message shows it (control characters visible, as \\x02)."""
    attributes = "".join(f' {name}="{(value or "").replace(chr(34), "&quot;")}"' for name, value in sorted(node.attributes.items()))
    written = "<" + (node.tag or "") + attributes + ">"
    return terminal_safe(written)


# -- where the page sits: a copy of the ancestors the theme gives it, and a marker after it -------
# (Material's main.html: body > div.md-container > main.md-main > div.md-main__inner > div.md-content
# > article.md-content__inner; an end tag for any of these in the page would close the theme's.)
# The copies carry a mark made anew for each page, which the page's own text cannot forge.
_ANCESTORS = ("div", "main", "div", "div", "article")
_FRAME = "data-coursegen-frame"


def _framed(html: str, mark: str) -> str:
    opening = "".join(f'<{tag} {_FRAME}="{mark}">' for tag in _ANCESTORS)
    closing = f'<p {_FRAME}="{mark}">.</p>' + "".join(f"</{tag}>" for tag in reversed(_ANCESTORS))
    return opening + html + closing


# Elements without an end tag, and those whose end tag HTML lets the next element imply: they do
# not count for the nesting bound below.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "option"}
# A browser parser spends time in proportion to the depth of open elements on each new one:
# nesting is bounded before parsing (a lesson nests a few dozen deep; Chromium flattens at 512).
MAX_DEPTH = 400
_TAG_EDGE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


def open_elements(html: str, depth: int = 0) -> tuple[int, str | None]:
    """The elements left open after html (from `depth` open before it), and the first tag past
    MAX_DEPTH, counting every tag written, even inside comments or raw text (an over-count
    refuses odd pages; an under-count would be slow)."""
    for match in _TAG_EDGE.finditer(html):
        tag = match.group(2).lower()
        if tag in VOID or tag in OPTIONAL_END:
            continue
        depth = max(depth - 1, 0) if match.group(1) else depth + 1
        if depth > MAX_DEPTH:
            return depth, tag
    return depth, None


def _too_deep(html: str) -> str | None:
    return open_elements(html)[1]


def _children(node: LexborNode) -> list[LexborNode]:
    """A node's element, comment and non-blank text children."""
    found = []
    child = node.child
    while child is not None:
        if child.tag != "-text" or (child.text_content or "").strip():
            found.append(child)
        child = child.next
    return found


@dataclass
class Verdict:
    """What the policy finds in a page's HTML (all empty: it may be published)."""

    refused: list[str] = field(default_factory=list)  # elements as written, sorted, at most 5
    spills: list[str] = field(default_factory=list)  # why content would leave the article
    theme_ids: list[str] = field(default_factory=list)  # ids or names in the theme's namespace


def _spill(body: LexborNode, mark: str) -> list[str]:
    """Why the page would not stay inside its article (empty: it does)."""

    def ours(node: LexborNode | None) -> bool:
        return node is not None and node.attributes.get(_FRAME) == mark

    node = body
    for tag in _ANCESTORS:
        children = _children(node)
        if len(children) != 1 or not ours(children[0]):
            # The page ended an ancestor early: what follows landed in the one around it.
            return [f"</{tag}> closes no element of the page"]
        node = children[0]
    inside = _children(node)
    last = inside[-1] if inside else None
    if last is not None and ours(last) and [child.tag for child in _children(last)] == ["-text"]:
        return []
    marker = next((candidate for candidate in node.traverse(include_text=False) if ours(candidate) and candidate.tag == "p"), None)
    if marker is None or marker.parent is None:
        return ["the page's end could not be found"]
    if ours(marker.parent):
        # Before something: an unclosed table takes what follows it out in front of it. Else the
        # marker is inside: its text wrapped in an unclosed <a> or <b>.
        following = marker.next
        while following is not None and following.tag == "-text" and not (following.text_content or "").strip():
            following = following.next
        if following is not None:
            return [f"<{following.tag}> is not closed"]
        return [f"<{child.tag}> is not closed" for child in _children(marker) if child.tag != "-text"]
    outermost = marker.parent
    while outermost.parent is not None and not ours(outermost.parent):
        outermost = outermost.parent
    return [f"<{outermost.tag}> is not closed"]


def judge(html: str) -> Verdict:
    """The policy on one contributed page's HTML."""
    verdict = Verdict()
    if not html.strip():
        return verdict
    deep = _too_deep(html)
    if deep is not None:
        verdict.spills.append(f"elements nested more than {MAX_DEPTH} deep (<{deep}>)")
        return verdict
    mark = secrets.token_hex(8)
    document = LexborHTMLParser(_framed(html, mark))
    refused: set[str] = set()
    for fixed in (document.root, document.head, document.body):  # <body onload=…> in a page sets the real body's
        if fixed is not None and fixed.attributes:
            refused.add(_as_written(fixed))
    if document.head is not None:
        refused.update(_as_written(child) for child in _children(document.head))
    body = document.body
    assert body is not None  # an HTML5 parser always makes one
    verdict.spills = _spill(body, mark)
    for node in body.traverse(include_text=False):
        tag = node.tag or ""
        attributes = node.attributes
        if tag == "body" or tag.startswith("-") or attributes.get(_FRAME) == mark:
            continue  # the body (checked above), comments, and the copies of the theme's elements
        if _refused(tag, attributes):
            refused.add(_as_written(node))
        for name in ("id", "name"):
            value = attributes.get(name) or ""
            if value.startswith(THEME_ID_PREFIX):
                verdict.theme_ids.append(value)
    verdict.refused = sorted(refused)[:5]
    return verdict


def judge_fragment(html: str) -> Verdict:
    """The allowlist on a piece of a page's raw HTML (a tag, an HTML block) read alone: the
    elements it refuses and the theme's ids it sets (where it would end up is the whole page's)."""
    verdict = Verdict()
    root = LexborHTMLParser(html).root
    refused: set[str] = set()
    for node in root.traverse(include_text=False) if root is not None else []:
        tag = node.tag or ""
        if tag.startswith("-") or (tag in ("html", "head", "body") and not node.attributes):
            continue  # comments, and the document the parser puts around a fragment
        if _refused(tag, node.attributes):
            refused.add(_as_written(node))
        verdict.theme_ids += [value for name in ("id", "name") if (value := node.attributes.get(name) or "").startswith(THEME_ID_PREFIX)]
    verdict.refused = sorted(refused)
    return verdict


def refused_address(tag: str, attribute: str, value: str) -> str | None:
    """A Markdown link's (a href) or image's (img src) address as the allowlist sees it: None when
    accepted, else the element as a message shows it."""
    if not _refused_attribute(tag, attribute, value):
        return None
    return terminal_safe(f'<{tag} {attribute}="{value.replace(chr(34), "&quot;")}">')


REFUSED = "markup a contributed page may not publish:"


def theme_id_message(value: str) -> str:
    return f"the page sets the theme's own element id '{value}' (ids starting with '__' are the theme's)"


def refused_elements(html: str) -> list[str]:
    """The elements of html the allowlist does not accept, as they were written (empty: all fine)."""
    return judge(html).refused


_TAG_IN_MESSAGE = re.compile(r"<(/?)([a-z][a-z0-9]*)")


def _line_of(text: str, fault: str) -> int:
    """Where in the page's text the first element a message names was written (0: not found):
    for an unclosed element, the line of the opening tag left open; for an end tag that closes
    nothing, its own line; for a refused element, the first tag of its kind. Only raw HTML is
    searched, as the page's reading found it (a tag in code or in prose is not one)."""
    found = _TAG_IN_MESSAGE.search(fault)
    if not found:
        return 0
    closing, tag = found.groups()
    events = re.compile(rf"<(/?){tag}(?=[\s>/])", re.IGNORECASE)
    still_open: list[int] = []
    for chunk in read(text).html:
        for event in events.finditer(chunk.html):
            number = chunk.line + chunk.html.count("\n", 0, event.start())
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
    verdict = judge(html)
    problems = []
    if verdict.theme_ids:
        problems.append(Problem(shown_path, 0, theme_id_message(verdict.theme_ids[0])))
    if verdict.refused:
        message = f"{REFUSED} {', '.join(verdict.refused)}"
        problems.append(Problem(shown_path, _line_of(text, verdict.refused[0]), message))
    if verdict.spills:
        message = f"HTML that would spill out of the page: {'; '.join(verdict.spills)}"
        problems.append(Problem(shown_path, _line_of(text, verdict.spills[0]), message))
    return problems
