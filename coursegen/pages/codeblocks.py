"""Code in a page's Markdown, as GitHub's parser finds it (coursegen.content.reading), set aside so
that nothing inside it is ever treated as Jinja.

Lessons teach prompt templates written as {{ variable }}: those must reach the reader as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coursegen.content.reading import Fence, read
from coursegen.problems import CourseError, Problem

__all__ = ["Fence", "ProtectedText", "find_fences", "protect_code"]


def find_fences(text: str, shown_path: str) -> list[Fence]:
    """Every code block (fenced or indented); an unclosed fence is an error naming its opening line."""
    reading = read(text)
    if reading.unclosed_fence:
        raise CourseError(Problem(shown_path, reading.unclosed_fence, f"code block opened with {reading.unclosed_marker} is never closed"))
    return list(reading.fences)


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


# Our own mark (a NUL never reaches a page: coursegen.content.textfile refuses it), not Markdown.
_PLACEHOLDER = re.compile(r"\x00(?P<index>\d+)\x00(?P<newlines>\n*)")


def _placeholder(index: int, piece: str) -> str:
    return f"\x00{index}\x00" + "\n" * piece.count("\n")


def protect_code(text: str, shown_path: str) -> ProtectedText:
    """Replace code blocks and code spans by placeholders that Jinja leaves alone."""
    find_fences(text, shown_path)  # (an unclosed fence is reported, not guessed at)
    pieces: list[str] = []
    out: list[str] = []
    cursor = 0
    for start, end in read(text).code:
        pieces.append(text[start:end])
        out += [text[cursor:start], _placeholder(len(pieces) - 1, pieces[-1])]
        cursor = end
    out.append(text[cursor:])
    return ProtectedText("".join(out), pieces)
