"""Find fenced and inline code in Markdown, so that nothing inside it is ever treated as Jinja.

Lessons teach prompt templates written as {{ variable }}: those must reach the reader as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coursegen.problems import CourseError, Problem

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.S)


@dataclass(frozen=True)
class Fence:
    first_line: int  # 1-based line of the opening fence
    last_line: int  # 1-based line of the closing fence
    info: str  # the info string ("python", ...)
    text: str  # the whole block, fences included


def find_fences(text: str, shown_path: str) -> list[Fence]:
    """Every fenced code block; an unclosed fence is an error naming its opening line."""
    fences = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        match = _FENCE_OPEN.match(lines[index])
        if match and not (match["fence"][0] == "`" and "`" in match["info"]):
            marker = match["fence"]
            closing = re.compile(r"^[ \t]*" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")
            end = index + 1
            while end < len(lines) and not closing.match(lines[end]):
                end += 1
            if end >= len(lines):
                raise CourseError(Problem(shown_path, index + 1, f"code block opened with {marker} is never closed"))
            fences.append(Fence(index + 1, end + 1, match["info"].strip(), "\n".join(lines[index : end + 1])))
            index = end + 1
        else:
            index += 1
    return fences


@dataclass
class ProtectedText:
    """Markdown with every code region replaced by a placeholder of the same line count."""

    text: str
    pieces: list[str]

    def restore(self, rendered: str) -> str:
        def put_back(match: re.Match) -> str:
            index = int(match["index"])
            if index >= len(self.pieces):  # not one of ours (files and YAML strings hold no NUL)
                return match.group(0)
            piece = self.pieces[index]
            extra_newlines = len(match["newlines"]) - piece.count("\n")
            return piece + "\n" * max(extra_newlines, 0)

        return _PLACEHOLDER.sub(put_back, rendered)


_PLACEHOLDER = re.compile(r"\x00(?P<index>\d+)\x00(?P<newlines>\n*)")


def _placeholder(index: int, piece: str) -> str:
    return f"\x00{index}\x00" + "\n" * piece.count("\n")


def protect_code(text: str, shown_path: str) -> ProtectedText:
    """Replace fenced blocks and inline code spans by placeholders that Jinja leaves alone."""
    pieces: list[str] = []
    lines = text.split("\n")
    out: list[str] = []
    cursor = 0
    for fence in find_fences(text, shown_path):
        before = lines[cursor : fence.first_line - 1]
        if before:  # (no lines before a fence on the first line: an empty chunk would add one)
            out.append(_protect_inline("\n".join(before), pieces))
        pieces.append(fence.text)
        out.append(_placeholder(len(pieces) - 1, fence.text))
        cursor = fence.last_line
    if cursor < len(lines) or not out:
        out.append(_protect_inline("\n".join(lines[cursor:]), pieces))
    return ProtectedText("\n".join(out), pieces)


def _protect_inline(chunk: str, pieces: list[str]) -> str:
    def replace(match: re.Match) -> str:
        if "\n\n" in match.group(0):  # a code span never crosses a paragraph break
            return match.group(0)
        pieces.append(match.group(0))
        return _placeholder(len(pieces) - 1, match.group(0))

    return _INLINE_CODE.sub(replace, chunk)
