"""Read the structure of a page's Markdown, outside code: headings, macro calls, links, raw HTML.

`check` compares these between an English lesson and its translation; `import` rewrites links.
Every finding carries its 1-based line.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from dataclasses import dataclass, field

from coursegen.pages.codeblocks import protect_code
from coursegen.pages.gfm import Heading, outline

__all__ = ["Heading", "headings"]  # (a heading is the one reading's, coursegen.pages.gfm)

# An expression or statement cannot contain the next opener: this keeps the scan linear on text
# full of unclosed "{{" (a lazy ".*?" would rescan to the end from each one).
_JINJA = re.compile(r"\{\{-?(?P<expr>(?:[^{}]|\{(?!\{)|\}(?!\}))*?)-?\}\}|\{%-?(?P<stmt>(?:[^%{]|%(?!\})|\{(?!%))*?)-?%\}")
_CALL_NAME = re.compile(r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(")
# [text](target "title") and ![alt](target): the target up to whitespace or the closing bracket.
_MD_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_HTML_URL = re.compile(
    r"""\b(?P<attr>href|src|srcset|action|formaction|poster|data|xlink:href)\s*=\s*(?P<q>["']?)(?P<target>[^"'\s>]*)(?P=q)""", re.I
)
# A reference definition: [id]: target "title" (its target is a link like any other).
_REF_DEF = re.compile(r"^ {0,3}\[(?:[^\[\]\n]|\\.)+\]:[ \t]*(?P<target><[^>\n]*>|\S+)", re.M)
_DANGEROUS_TAG = re.compile(
    r"<\s*(?P<tag>script|iframe|object|embed|applet|frame|frameset|base|meta|link|style|form|svg|math)\b[^<>]{0,200}>?", re.I
)
_SCRIPT_URL = re.compile(r"(?P<scheme>javascript|vbscript|data)\s*:", re.I)
# Where attributes live: an HTML start tag (quotes may hide '>' or '<'), or a Markdown attribute
# list {: ... } (the attr_list extension sets any attribute, onclick= and href= included).
_TAG_CONTEXT = re.compile(r"<[A-Za-z](?:[^<>\"']|\"[^\"]*\"|'[^']*')*|\{[^{}\n]*\}")
_ATTRIBUTE = re.compile(r"""(?:^|(?<=[\s/"'{:.#]))(?P<name>[A-Za-z_:][-\w:.]*)\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'>}]*)""")
_URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background", "cite", "ping"}


@dataclass(frozen=True)
class MacroCall:
    line: int
    name: str | None  # the called macro, when the expression is a call
    text: str  # the whole {{ ... }} or {% ... %}, whitespace-normalised


@dataclass(frozen=True)
class Link:
    line: int
    target: str
    image: bool
    column: int = 0


@dataclass(frozen=True)
class Danger:
    line: int
    kind: str  # "tag <script>", "event handler onclick", "javascript: URL", ...
    # The markup itself, so a translation can be compared with its English source (not part of ==).
    detail: str = field(default="", compare=False)


@functools.lru_cache(maxsize=16)  # a scan asks for many lines of the same text
def _line_starts(text: str) -> list[int]:
    return [match.end() for match in re.finditer("\n", text)]


def line_at(text: str, offset: int) -> int:
    """The 1-based line of an offset. Counting the newlines before it for each finding made every
    scan quadratic in the findings (10,000 macro calls: seconds)."""
    return bisect.bisect_right(_line_starts(text), offset) + 1


@functools.lru_cache(maxsize=16)  # each check of a page asks for it several times
def outside_code(text: str, shown_path: str = "<text>") -> str:
    """The text with code replaced by same-length-in-lines placeholders (line numbers kept)."""
    return protect_code(text, shown_path).text


def headings(text: str, shown_path: str = "<text>") -> list[Heading]:
    """The page's Markdown headings, as GitHub reads them (coursegen.pages.gfm), with their lines."""
    return list(outline(text).headings)


def macro_calls(text: str, shown_path: str = "<text>") -> list[MacroCall]:
    plain = outside_code(text, shown_path)
    calls = []
    for match in _JINJA.finditer(plain):
        body = match["expr"] if match["expr"] is not None else match["stmt"]
        name = _CALL_NAME.match(body) if match["expr"] is not None else None
        calls.append(MacroCall(line_at(plain, match.start()), name["name"] if name else None, " ".join(match.group(0).split())))
    return calls


def links(text: str, shown_path: str = "<text>") -> list[Link]:
    plain = outside_code(text, shown_path)
    found = []
    for outer in _MD_LINK.finditer(plain):
        # An image inside a link's text ([![alt](banner.png)](video)) is a link of its own.
        inner = list(_MD_LINK.finditer(plain, outer.start("text"), outer.end("text")))
        for match in [outer, *inner]:
            target = match["target"].strip("<>")
            found.append(Link(line_at(plain, match.start("target")), target, bool(match["bang"]), match.start("target")))
    for match in _HTML_URL.finditer(plain):
        found.append(Link(line_at(plain, match.start("target")), match["target"], match["attr"].lower() == "src", match.start("target")))
    for match in _REF_DEF.finditer(plain):
        found.append(Link(line_at(plain, match.start("target")), match["target"].strip("<>"), False, match.start("target")))
    return sorted(found, key=lambda link: link.column)


def dangers(text: str, shown_path: str = "<text>") -> list[Danger]:
    """Raw HTML that could run script or pull in another page: tags, handlers, script URLs."""
    return sorted(set(danger_findings(text, shown_path)), key=lambda danger: (danger.line, danger.kind))


def _script_url(value: str) -> str | None:
    """The scheme of a URL that runs script or embeds a document, as a browser would read it."""
    # Browsers decode entities in attributes and ignore whitespace and control characters.
    match = _SCRIPT_URL.match(re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)))
    return match["scheme"].lower() if match else None


def danger_findings(text: str, shown_path: str = "<text>") -> list[Danger]:
    """Every occurrence of dangerous markup outside code, in text order, each with its markup.

    Unlike `dangers`, nothing is merged: two identical tags on one line are two findings, so a
    translation can be held to exactly what its English source has.
    """
    plain = outside_code(text, shown_path)
    found: list[tuple[int, Danger]] = []
    for match in _DANGEROUS_TAG.finditer(plain):
        found.append(
            (match.start(), Danger(line_at(plain, match.start()), f"<{match['tag'].lower()}> tag", " ".join(match.group(0).split())))
        )
    for context in _TAG_CONTEXT.finditer(plain):
        for attribute in _ATTRIBUTE.finditer(context.group(0)):
            offset = context.start() + attribute.start()
            name = attribute["name"].lower()
            value = attribute["value"].strip("\"'")
            if name.startswith("on"):
                found.append((offset, Danger(line_at(plain, offset), f"event handler attribute {name}=", attribute.group(0))))
            elif name in _URL_ATTRIBUTES and _script_url(value):
                found.append((offset, Danger(line_at(plain, offset), f"{_script_url(value)}: URL", value)))
    for pattern in (_MD_LINK, _REF_DEF):
        for match in pattern.finditer(plain):
            target = match["target"].strip("<>")
            if _script_url(target):
                offset = match.start("target")
                found.append((offset, Danger(line_at(plain, offset), f"{_script_url(target)}: URL", target)))
    return [danger for _, danger in sorted(found, key=lambda item: item[0])]
