"""The structure of a page that check compares between an English lesson and its translation, and
that import rewrites: headings, macro calls and links, outside code, each with its 1-based line.

All of it comes from the one reading of the page (coursegen.content.reading, GitHub's parser);
only the macro calls, which are Jinja and not Markdown, are found here, in the text left once
code is blanked.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from coursegen.content.locate import Link, line_starts
from coursegen.content.reading import Heading, read
from coursegen.pages.codeblocks import find_fences

__all__ = ["Heading", "Link", "MacroCall", "headings", "line_at", "links", "macro_calls"]  # (Heading, Link: the reading's)

# Jinja's {{ expression }} and {% statement %}. An expression or statement cannot contain the next
# opener: this keeps the scan linear on text full of unclosed "{{" (a lazy ".*?" would rescan to
# the end from each one).
_JINJA = re.compile(r"\{\{-?(?P<expr>(?:[^{}]|\{(?!\{)|\}(?!\}))*?)-?\}\}|\{%-?(?P<stmt>(?:[^%{]|%(?!\})|\{(?!%))*?)-?%\}")
_CALL_NAME = re.compile(r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(")


@dataclass(frozen=True)
class MacroCall:
    line: int
    name: str | None  # the called macro, when the expression is a call
    text: str  # the whole {{ ... }} or {% ... %}, whitespace-normalised


def line_at(text: str, offset: int) -> int:
    """The 1-based line of an offset in text."""
    return bisect.bisect_right(line_starts(text), offset)


def headings(text: str, shown_path: str = "<text>") -> list[Heading]:
    """The page's Markdown headings, as GitHub reads them, with their lines."""
    return list(read(text).outline.headings)


def macro_calls(text: str, shown_path: str = "<text>") -> list[MacroCall]:
    find_fences(text, shown_path)  # an unclosed fence is reported, not guessed at
    plain = read(text).outside_code()
    calls = []
    for match in _JINJA.finditer(plain):
        body = match["expr"] if match["expr"] is not None else match["stmt"]
        name = _CALL_NAME.match(body) if match["expr"] is not None else None
        calls.append(MacroCall(line_at(plain, match.start()), name["name"] if name else None, " ".join(match.group(0).split())))
    return calls


def links(text: str, shown_path: str = "<text>") -> list[Link]:
    """Every link and image of the page outside code: Markdown's (inline, reference, autolink) and
    raw HTML's addresses, in the order written."""
    find_fences(text, shown_path)
    return list(read(text).links)
