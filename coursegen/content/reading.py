"""The one reading of a page's Markdown: GitHub's own parser, cmark-gfm, run once per text.

Every rule that needs to know what a page is made of reads it here, never with a pattern of its
own: code (which macros never touch), links and images (which import rewrites and check
follows), raw HTML (which the output policy judges early), headings and blocks (which the
English diff compares), how deep lists and quotes nest. Each finding carries its line.

cmark-gfm gives reliable positions for blocks only (an inline's column is lost after a code span
or a raw tag that runs over a line break); each inline it found is therefore located in the
source of its block, in order: its exact place, for the rewrites, and its line.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from coursegen.content import cmark

# -- what a page is made of ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fence:
    """A code block (fenced or indented), its lines whole."""

    first_line: int
    last_line: int
    info: str  # the info string ("python", ...)
    text: str  # its lines as written, fences included


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


@dataclass(frozen=True)
class Block:
    """A block at the top of the page (a list's items each on their own), as the English diff compares them."""

    kind: str  # cmark's name: paragraph, heading, item, code_block, block_quote, table, html_block, …
    first_line: int
    last_line: int
    text: str  # its lines as written
    level: int = 0  # a heading's
    title: str = ""  # a heading's words; a paragraph's opening bold words (**Note**: …)


@dataclass(frozen=True)
class Reading:
    text: str
    code: tuple[tuple[int, int], ...]  # (start, end) of every code block (whole lines) and code span, in order
    fences: tuple[Fence, ...]
    links: tuple[Link, ...]  # in the order they are written
    html: tuple[RawHtml, ...]
    blocks: tuple[Block, ...]
    unclosed_fence: int = 0  # the line of a code fence never closed (0: none)
    unclosed_marker: str = ""  # its fence (``` or ~~~)
    depth_lines: tuple[int, ...] = ()  # where quotes and list items first nest 1, 2, 3 … deep

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(line_starts(self.text), offset)

    def outside_code(self) -> str:
        """The text with every character of code blanked (line breaks kept, so lines stay)."""
        pieces, cursor = [], 0
        for start, end in self.code:
            pieces += [self.text[cursor:start], "".join(c if c == "\n" else " " for c in self.text[start:end])]
            cursor = end
        return "".join(pieces) + self.text[cursor:]


@functools.lru_cache(maxsize=16)
def line_starts(text: str) -> tuple[int, ...]:
    starts, at = [0], text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return tuple(starts)


class _Source:
    """Offsets in the page's text from cmark's positions (1-based line, 1-based byte column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    def offset(self, line: int, column: int) -> int:
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        content = self.text[start:end]
        if column <= 1:
            return start
        if content.isascii():
            return start + min(column - 1, len(content))
        return start + len(content.encode("utf-8")[: column - 1].decode("utf-8", "ignore"))

    def line_end(self, line: int) -> int:
        return self.starts[line] - 1 if line < len(self.starts) else len(self.text)


_INLINE = {"text", "softbreak", "linebreak", "emph", "strong", "strikethrough"}  # nothing to note but a heading's words
_LEAVES = {"paragraph", "heading", "table_cell"}  # blocks whose inlines are located in their source
_NESTING = {"block_quote", "item", "tasklist"}
_CONTAINERS = {"document", "block_quote", "list", "item", "tasklist", "table", "table_header", "table_row"}
_SPLIT = {"list"}  # a top-level list is compared item by item


@dataclass
class _Leaf:
    start: int
    end: int
    code: list[str]
    targets: list[tuple[str, bool]]  # (url, image)
    tags: list[str]


@functools.lru_cache(maxsize=64)  # check, guard, render and import each ask for the same page
def read(text: str) -> Reading:
    """What text is made of, as GitHub's parser reads it."""
    # Lines end at "\n" for every rule (files are read with LF line ends); a stray CR, which
    # cmark would count as a line end, is read as a space (same length: offsets stay true).
    walk = _Walk(text)
    for kind, node, entering in cmark.nodes(text.replace("\r", " ")):
        walk.visit(kind, node, entering)
    return walk.reading()


class _Walk:
    """The parser's tree, visited node by node (entering and leaving), noted as a Reading."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.source = _Source(text)
        self.lines = text.split("\n")
        self.leaves: list[_Leaf] = []
        self.code: list[tuple[int, int]] = []
        self.fences: list[Fence] = []
        self.html: list[RawHtml] = []
        self.blocks: list[Block] = []
        self.unclosed, self.marker = 0, ""
        self.depth_lines: list[int] = []
        self.stack: list[str] = []  # the containers and leaves entered and not yet left
        self.nesting = 0  # quotes and list items on the stack
        self.leaf: _Leaf | None = None
        self.title: list[str] = []  # a heading's words, or the bold words a paragraph opens with
        self.opening: bool | None = None  # False: before a paragraph's first inline; True: in its opening bold words

    def visit(self, kind: str, node: Any, entering: bool) -> None:
        leaf = self.leaf
        if self.opening is not None and leaf is not None:  # a paragraph's opening bold words: its first inline
            if kind == "strong" and self.opening != entering:
                self.opening = True if entering else None  # entered; or left: done
            elif entering and not self.opening:
                self.opening = None
        if kind in _INLINE:
            if kind == "text" and entering and leaf is not None and (self.stack[-1] == "heading" or self.opening):
                self.title.append(cmark.string(cmark.lib.cmark_node_get_literal(node)))
        elif not entering:
            self.leave(kind, node)
        elif leaf is not None and kind in ("code", "html_inline"):
            literal = cmark.string(cmark.lib.cmark_node_get_literal(node))
            (leaf.code if kind == "code" else leaf.tags).append(literal)
            if kind == "code" and self.stack[-1] == "heading":
                self.title.append(literal)
        elif kind not in ("link", "image"):  # (those are noted on leaving)
            self.enter(kind, node)

    def leave(self, kind: str, node: Any) -> None:
        if self.leaf is not None and kind in ("link", "image"):  # (on leaving: an image in a link's text comes first)
            self.leaf.targets.append((cmark.string(cmark.lib.cmark_node_get_url(node)), kind == "image"))
        if self.stack and self.stack[-1] == kind:
            self.nesting -= self.stack.pop() in _NESTING
        if kind in _LEAVES:
            self.leaf = None
        if kind in ("heading", "paragraph") and self.blocks and self.blocks[-1].kind == kind and len(self.stack) == 1:
            self.blocks[-1] = dataclasses.replace(self.blocks[-1], title=" ".join("".join(self.title).split()))

    def enter(self, kind: str, node: Any) -> None:
        """A block: its lines, and what it is."""
        first, last = self.lines_of(kind, node)
        stack = self.stack
        top = len(stack) == 1 or (len(stack) == 2 and stack[1] in _SPLIT and kind in ("item", "tasklist"))
        if stack and top and kind not in _SPLIT and first > 0:
            level = cmark.lib.cmark_node_get_heading_level(node) if kind == "heading" else 0
            self.blocks.append(Block(kind, first, last, "\n".join(self.lines[first - 1 : last]).strip("\n"), level))
            self.title = []
        if kind in _CONTAINERS:
            stack.append(kind)
            self.nesting += kind in _NESTING
            if self.nesting > len(self.depth_lines):
                self.depth_lines.append(first)
        elif kind in _LEAVES:
            start = self.source.offset(first, cmark.lib.cmark_node_get_start_column(node))
            self.leaf = _Leaf(start, self.source.offset(last, cmark.lib.cmark_node_get_end_column(node) + 1), [], [], [])
            self.opening = False if kind == "paragraph" else None
            self.leaves.append(self.leaf)
            stack.append(kind)
        elif kind == "code_block":
            self.code_block(node, first, last)
        elif kind == "html_block":
            start, end = self.source.offset(first, 1), self.source.line_end(last)
            self.html.append(RawHtml(first, start, end, self.text[start:end]))

    def lines_of(self, kind: str, node: Any) -> tuple[int, int]:
        first, last = cmark.lib.cmark_node_get_start_line(node), cmark.lib.cmark_node_get_end_line(node)
        if cmark.lib.cmark_node_get_end_column(node) == 0 and last > first:
            last -= 1  # (cmark ends some blocks at column 0 of the next line)
        if kind == "html_block":  # its lines are its literal's (cmark ends a <script> block before it starts)
            last = first + cmark.string(cmark.lib.cmark_node_get_literal(node)).rstrip("\n").count("\n")
        return first, min(max(last, first), len(self.lines))

    def code_block(self, node: Any, first: int, last: int) -> None:
        start, end = self.source.offset(first, 1), self.source.line_end(last)
        self.code.append((start, end))
        length, offset, character = cmark.ffi.new("int *"), cmark.ffi.new("int *"), cmark.ffi.new("char *")
        fenced = cmark.lib.cmark_node_get_fenced(node, length, offset, character)
        if fenced and not self.unclosed:  # closed when its last line is a fence as long, of the same character
            closing = self.lines[last - 1].lstrip(" \t>").rstrip()
            fence = character[0].decode("latin-1")
            if last == first or not closing or closing.strip(fence) or len(closing) < length[0]:
                self.unclosed, self.marker = first, fence * length[0]
        info = cmark.string(cmark.lib.cmark_node_get_fence_info(node)).strip() if fenced else ""
        self.fences.append(Fence(first, last, info, self.text[start:end]))

    def reading(self) -> Reading:
        """Each inline located in its block's text, then everything in the order written."""
        links: list[tuple[int, Link]] = []  # (where it stands among the page's links, the link)
        for leaf in self.leaves:
            self.code += _locate_code(self.text, leaf)
            self.html += _locate_tags(self.source, self.text, leaf)
            links += _locate_links(self.source, self.text, leaf)
        self.html.sort(key=lambda chunk: chunk.start)
        for chunk in self.html:
            links += [(link.start if link.start >= 0 else chunk.start, link) for link in _html_links(self.source, chunk)]
        return Reading(
            self.text,
            tuple(sorted(self.code)),
            tuple(self.fences),
            tuple(link for _, link in sorted(links, key=lambda pair: pair[0])),
            tuple(self.html),
            tuple(self.blocks),
            self.unclosed,
            self.marker,
            tuple(self.depth_lines),
        )


def _squeezed(text: str) -> str:
    """Text without the spaces, line breaks and quote marks a code span may lose or gain."""
    return "".join(text.split()).replace(">", "")


def _locate_code(text: str, leaf: _Leaf) -> list[tuple[int, int]]:
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


def _locate_tags(source: _Source, text: str, leaf: _Leaf) -> list[RawHtml]:
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


def _locate_links(source: _Source, text: str, leaf: _Leaf) -> list[tuple[int, Link]]:
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


def _html_links(source: _Source, chunk: RawHtml) -> list[Link]:
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
