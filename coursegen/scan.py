"""Read the structure of a page's Markdown, outside code: headings, macro calls, links, raw HTML.

`check` compares these between an English lesson and its translation; `import` rewrites links.
Every finding carries its 1-based line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .codeblocks import protect_code

_HEADING = re.compile(r"^ {0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t#]*$")
_JINJA = re.compile(r"\{\{-?(?P<expr>.*?)-?\}\}|\{%-?(?P<stmt>.*?)-?%\}", re.S)
_CALL_NAME = re.compile(r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(")
# [text](target "title") and ![alt](target): the target up to whitespace or the closing bracket.
_MD_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_HTML_URL = re.compile(r"""\b(?P<attr>href|src|srcset|action|formaction|poster|data|xlink:href)\s*=\s*(?P<q>["']?)(?P<target>[^"'\s>]*)(?P=q)""", re.I)
_DANGEROUS_TAG = re.compile(r"<\s*(?P<tag>script|iframe|object|embed|frame|frameset|base|meta|link|style|form|svg|math)\b", re.I)
_EVENT_HANDLER = re.compile(r"<[^>]*?\s(?P<attr>on[a-z]+)\s*=", re.I | re.S)
_SCRIPT_URL = re.compile(r"(?P<scheme>javascript|vbscript|data)\s*:", re.I)


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str


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


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def outside_code(text: str, shown_path: str = "<text>") -> str:
    """The text with code replaced by same-length-in-lines placeholders (line numbers kept)."""
    return protect_code(text, shown_path).text


def headings(text: str, shown_path: str = "<text>") -> list[Heading]:
    found = []
    for number, line in enumerate(outside_code(text, shown_path).split("\n"), 1):
        match = _HEADING.match(line)
        if match:
            found.append(Heading(number, len(match["marks"]), (match["text"] or "").strip()))
    return found


def macro_calls(text: str, shown_path: str = "<text>") -> list[MacroCall]:
    plain = outside_code(text, shown_path)
    calls = []
    for match in _JINJA.finditer(plain):
        body = match["expr"] if match["expr"] is not None else match["stmt"]
        name = _CALL_NAME.match(body) if match["expr"] is not None else None
        calls.append(MacroCall(_line_at(plain, match.start()), name["name"] if name else None, " ".join(match.group(0).split())))
    return calls


def links(text: str, shown_path: str = "<text>") -> list[Link]:
    plain = outside_code(text, shown_path)
    found = []
    for outer in _MD_LINK.finditer(plain):
        # An image inside a link's text ([![alt](banner.png)](video)) is a link of its own.
        inner = list(_MD_LINK.finditer(plain, outer.start("text"), outer.end("text")))
        for match in [outer, *inner]:
            target = match["target"].strip("<>")
            found.append(Link(_line_at(plain, match.start("target")), target, bool(match["bang"]), match.start("target")))
    for match in _HTML_URL.finditer(plain):
        found.append(Link(_line_at(plain, match.start("target")), match["target"], match["attr"].lower() == "src", match.start("target")))
    return sorted(found, key=lambda link: link.column)


def dangers(text: str, shown_path: str = "<text>") -> list[Danger]:
    """Raw HTML that could run script or pull in another page: tags, handlers, script URLs."""
    plain = outside_code(text, shown_path)
    found = []
    for match in _DANGEROUS_TAG.finditer(plain):
        found.append(Danger(_line_at(plain, match.start()), f"<{match['tag'].lower()}> tag"))
    for match in _EVENT_HANDLER.finditer(plain):
        found.append(Danger(_line_at(plain, match.start("attr")), f"event handler attribute {match['attr'].lower()}="))
    for link in links(text, shown_path):
        scheme = _SCRIPT_URL.match(re.sub(r"[\s\x00-\x1f]", "", link.target))
        if scheme:
            found.append(Danger(link.line, f"{scheme['scheme'].lower()}: URL"))
    return sorted(set(found), key=lambda danger: (danger.line, danger.kind))


def rewrite_links(text: str, change: Callable[[Link], str], shown_path: str = "<text>") -> str:
    """The text with each link target outside code replaced by change(link); code is untouched.

    `import` uses this to move upstream links to our layout.
    """
    protected = protect_code(text, shown_path)
    plain = protected.text

    def splice(match: re.Match, spans: list[tuple[str, str]]) -> str:
        """The match with its named groups replaced (in order of position)."""
        whole, start, cursor, out = match.group(0), match.start(), 0, []
        for group, value in spans:
            out += [whole[cursor : match.start(group) - start], value]
            cursor = match.end(group) - start
        return "".join(out) + whole[cursor:]

    def markdown_at(base: int) -> Callable[[re.Match], str]:
        def markdown(match: re.Match) -> str:
            # An image inside the link's text ([![alt](banner.png)](video)) is rewritten too.
            inner = _MD_LINK.sub(markdown_at(base + match.start("text")), match["text"])
            target = match["target"]
            offset = base + match.start("target")
            new = change(Link(_line_at(plain, offset), target.strip("<>"), bool(match["bang"]), offset))
            return splice(match, [("text", inner), ("target", f"<{new}>" if target.startswith("<") else new)])

        return markdown

    def html(match: re.Match) -> str:
        link = Link(_line_at(plain, match.start("target")), match["target"], match["attr"].lower() == "src", match.start("target"))
        return splice(match, [("target", change(link))])

    return protected.restore(_HTML_URL.sub(html, _MD_LINK.sub(markdown_at(0), plain)))
