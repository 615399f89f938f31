"""Where each inline GitHub's parser found is written in a page's text.

cmark-gfm gives reliable positions for blocks only: an inline's column is lost after a code span
or a raw tag that runs over a line break, and a reference link's address is in its definition.
Each code span, raw tag and link of a block (a Leaf of coursegen.content.reading's walk) is
therefore located in the block's own text, in order, as the parser read it: its exact place (for
import's rewrites) and its line.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser


@dataclass(frozen=True)
class Link:
    """A link or image: Markdown (inline, reference, autolink) or an HTML attribute (href, src)."""

    line: int
    target: str  # as written
    image: bool
    start: int = -1  # where the target is written in the text (-1: not found there as written)
    end: int = -1


@dataclass(frozen=True)
class RawHtml:
    """Raw HTML as written: an HTML block, or a tag inside a paragraph."""

    line: int
    start: int
    end: int
    html: str


@functools.lru_cache(maxsize=16)
def line_starts(text: str) -> tuple[int, ...]:
    starts, at = [0], text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return tuple(starts)


class Source:
    """Offsets in the page's text from cmark's positions (1-based line, 1-based byte column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.ascii = text.isascii()  # (then a byte's column is a character's)

    def offset(self, line: int, column: int) -> int:
        starts = self.starts
        if line < 1:
            return 0
        if line > len(starts):
            return len(self.text)
        start = starts[line - 1]
        if column <= 1:
            return start
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        if self.ascii:
            return start + min(column - 1, end - start)
        content = self.text[start:end]
        if content.isascii():
            return start + min(column - 1, len(content))
        return start + len(content.encode("utf-8")[: column - 1].decode("utf-8", "ignore"))

    def line_end(self, line: int) -> int:
        return self.starts[line] - 1 if line < len(self.starts) else len(self.text)


@dataclass
class Leaf:
    start: int
    end: int
    code: list[str]
    targets: list[tuple[str, bool]]  # (url, image)
    tags: list[str]


def _squeezed(text: str) -> str:
    """Text without the spaces, line breaks and quote marks a code span may lose or gain."""
    return "".join(text.split()).replace(">", "")


def locate_code(text: str, leaf: Leaf) -> list[tuple[int, int]]:
    """Where each code span of a block is written: a run of backticks, its content, the same run."""
    found, cursor = [], leaf.start
    for literal in leaf.code:
        at = text.find("`", cursor, leaf.end)
        while at >= 0:
            run = at
            while run < leaf.end and text[run] == "`":
                run += 1
            ticks = run - at
            close = text.find("`" * ticks, run, leaf.end)
            while close >= 0 and ((close + ticks < leaf.end and text[close + ticks] == "`") or text[close - 1] == "`"):
                close = text.find("`" * ticks, close + 1, leaf.end)  # a longer run does not close it
            if close >= 0 and _squeezed(text[run:close]) == _squeezed(literal):
                found.append((at, close + ticks))
                cursor = close + ticks
                break
            at = text.find("`", run, leaf.end)
    return found


def locate_tags(source: Source, text: str, leaf: Leaf) -> list[RawHtml]:
    found, cursor = [], leaf.start
    for tag in leaf.tags:
        at = text.find(tag, cursor, leaf.end)
        if at < 0:  # (a tag running over lines in a quote: its lines carry the quote's marks)
            at = text.find(tag.split("\n", 1)[0], cursor, leaf.end)
            end = text.find(">", at, leaf.end) + 1 if at >= 0 else 0
        else:
            end = at + len(tag)
        if at >= 0 and end > at:
            found.append(RawHtml(bisect.bisect_right(source.starts, at), at, end, text[at:end]))
            cursor = end
    return found


def locate_links(source: Source, text: str, leaf: Leaf) -> list[tuple[int, Link]]:
    """Each link's target where it is written, in its block or in a reference definition, with
    the place that orders it among the page's links (for one not found as written: where the
    search for it started)."""
    found, cursor = [], leaf.start
    for url, image in leaf.targets:
        candidates = [url, url.removeprefix("mailto:"), url.removeprefix("http://")] if url else []
        at, written = -1, url
        for candidate in dict.fromkeys(candidate for candidate in candidates if candidate):
            at = _destination(text, candidate, cursor, leaf.end)
            if at >= 0:
                written = candidate
                break
        order = cursor
        if at >= 0:
            cursor = order = at + len(written)
        elif url:
            at = _definition(text, url)
        line = bisect.bisect_right(source.starts, at if at >= 0 else order)
        found.append((order, Link(line, written, image, at, at + len(written) if at >= 0 else -1)))
    return found


def _destination(text: str, url: str, start: int, end: int) -> int:
    """Where a link's address is first written between start and end: after the "(" of
    [text](url), or as an autolink (<url>, a bare address); never the words of a link's text
    ([a.md](a.md))."""
    at = text.find(url, start, end)
    while at >= 0:
        before = text[max(start, at - 8) : at].rstrip(" \t\n<")
        if before.endswith("(") or (not before.endswith("[") and not text.startswith("](", at + len(url))):
            return at
        at = text.find(url, at + 1, end)
    return -1


def _definition(text: str, url: str) -> int:
    """Where a reference definition (`[label]: url`) writes url, or -1."""
    at = text.find(url)
    while at >= 0:
        before = text[:at].rstrip(" \t\n<")
        if before.endswith("]:"):
            return at
        at = text.find(url, at + 1)
    return -1


# Attributes that name another document or a file to load.
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background", "cite", "ping")


def html_links(source: Source, chunk: RawHtml) -> list[Link]:
    """The addresses raw HTML names, read as a browser reads the tags, each where it is written."""
    found, cursor = [], 0
    root = LexborHTMLParser(chunk.html).root
    for node in root.traverse(include_text=False) if root is not None else []:
        for name, value in node.attributes.items():
            if name.lower() not in URL_ATTRIBUTES or value is None:
                continue
            at = chunk.html.find(value, cursor) if value else -1
            if at >= 0:
                cursor = at + len(value)
                start = chunk.start + at
                found.append(Link(bisect.bisect_right(source.starts, start), value, name.lower() == "src", start, start + len(value)))
            else:  # (written with character references: the address is known, not its place)
                found.append(Link(chunk.line, value, name.lower() == "src"))
    return found
