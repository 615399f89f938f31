"""The one reading of a page's Markdown: GitHub's own parser, cmark-gfm, run once per text.

Every rule that needs to know what a page is made of reads it here, never with a pattern of its
own: code (which macros never touch), links and images (which import rewrites and check
follows), raw HTML (which the output policy judges early), headings and blocks (which the
English diff compares), how deep lists and quotes nest. Each finding carries its line.

cmark-gfm gives reliable positions for blocks only: each inline it found is located in the text
of its block (coursegen.content.locate).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from coursegen.content import cmark
from coursegen.content.locate import Leaf, Link, RawHtml, Source, html_links, line_starts, locate_code, locate_links, locate_tags

# -- what a page is made of ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fence:
    """A code block (fenced or indented), its lines whole."""

    first_line: int
    last_line: int
    info: str  # the info string ("python", ...)
    text: str  # its lines as written, fences included


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
class Heading:
    line: int  # 1-based line of the page's text
    level: int
    text: str  # as the reader sees it (no Markdown marks)


@dataclass(frozen=True)
class Outline:
    """What the titles and summaries of pages are taken from."""

    headings: tuple[Heading, ...]  # every heading written in Markdown (not raw HTML's <h2>)
    # Paragraphs of prose at the top level of the page (not in a quote, list, table or HTML), as
    # (line, text); a paragraph that only holds images or links is not prose.
    prose: tuple[tuple[int, str], ...]
    first_image: tuple[int, str] | None  # (line, alt text) of the page's first image
    # The items of the first list of each section: (heading text, item texts).
    section_lists: tuple[tuple[str, tuple[str, ...]], ...] = ()


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
    outline: Outline = Outline((), (), None)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(line_starts(self.text), offset)

    def outside_code(self) -> str:
        """The text with every character of code blanked (line breaks kept, so lines stay)."""
        pieces, cursor = [], 0
        for start, end in self.code:
            pieces += [self.text[cursor:start], "".join(c if c == "\n" else " " for c in self.text[start:end])]
            cursor = end
        return "".join(pieces) + self.text[cursor:]


_INLINE = {"text", "softbreak", "linebreak", "emph", "strong", "strikethrough"}  # nothing to note but a heading's words
_LEAVES = {"paragraph", "heading", "table_cell"}  # blocks whose inlines are located in their source
_NESTING = {"block_quote", "item", "tasklist"}
_CONTAINERS = {"document", "block_quote", "list", "item", "tasklist", "table", "table_header", "table_row"}
_SPLIT = {"list"}  # a top-level list is compared item by item
_OUTLINED = {"heading", "paragraph", "item", "tasklist", "list"}  # the blocks the outline notes on leaving
# cmark-gfm's functions asked at every node, held (attribute lookups add up over a page's nodes)
_literal, _start_line, _end_line, _end_column, _start_column, _heading_level = (
    cmark.literal,
    cmark.lib.cmark_node_get_start_line,
    cmark.lib.cmark_node_get_end_line,
    cmark.lib.cmark_node_get_end_column,
    cmark.lib.cmark_node_get_start_column,
    cmark.lib.cmark_node_get_heading_level,
)


@functools.lru_cache(maxsize=64)  # check, guard, render and import each ask for the same page
def read(text: str) -> Reading:
    """What text is made of, as GitHub's parser reads it."""
    # Lines end at "\n" for every rule (files are read with LF line ends); a stray CR, which
    # cmark would count as a line end, is read as a space (same length: offsets stay true).
    walk = _Walk(text)
    cmark.walk(text.replace("\r", " "), walk.visit)
    return walk.reading()


class _Walk:
    """The parser's tree, visited node by node (entering and leaving), noted as a Reading."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.source = Source(text)
        self.lines = text.split("\n")
        self.line_count, self.starts = len(self.lines), self.source.starts
        # Each leaf block with where cmark-gfm put it (first line, its column, last line, the
        # column after it): its offsets in the text are worked out only for a leaf holding an
        # inline to locate (most hold none).
        self.leaves: list[tuple[Leaf, int, int, int, int]] = []
        self.breaks = 0  # line breaks met in the last leaf entered
        self.code: list[tuple[int, int]] = []
        self.fences: list[Fence] = []
        self.html: list[RawHtml] = []
        self.blocks: list[Block] = []
        self.unclosed, self.marker = 0, ""
        self.depth_lines: list[int] = []
        self.stack: list[str] = []  # the containers and leaves entered and not yet left
        self.nesting = 0  # quotes and list items on the stack
        self.leaf: Leaf | None = None
        self.title: list[str] = []  # a heading's words, or the bold words a paragraph opens with
        self.titled: tuple[str, int, int, str, int] | None = None  # the top-level heading or paragraph being read
        self.opening: bool | None = None  # False: before a paragraph's first inline; True: in its opening bold words
        # The outline: words are collected by every collector open when they are met.
        self.collecting: list[list[str]] = []
        self.headings: list[Heading] = []
        self.heading: tuple[int, int] | None = None  # (line, level) of the heading being read
        self.prose: list[tuple[int, str]] = []
        self.paragraph: tuple[int, list[str]] | None = None  # a top-level paragraph being read
        self.has_prose = False  # it has words outside links and images
        self.wrapped = 0  # links, images and emphases entered and not left
        self.in_image = 0
        self.first_image: tuple[int, str] | None = None  # (the index of its leaf in leaves, alt text)
        self.alt: list[str] | None = None
        self.section: str | None = None  # the heading whose first list is awaited
        self.section_lists: list[tuple[str, tuple[str, ...]]] = []
        self.list_depth = 0  # lists entered within the section's first list
        self.items: list[list[str]] = []  # its items' words, in order
        self.open_items: list[list[str]] = []

    def visit(self, kind: str, node: Any, entering: bool) -> None:
        leaf = self.leaf
        if self.opening is not None and leaf is not None:  # a paragraph's opening bold words: its first inline
            if kind == "strong" and self.opening != entering:
                self.opening = True if entering else None  # entered; or left: done
            elif entering and not self.opening:
                self.opening = None
        if kind == "text":  # (the commonest node: a leaf, met entering only)
            self.words(_literal(node))
        elif kind in _INLINE:
            if kind in ("softbreak", "linebreak"):
                self.words(" ")
                self.breaks += 1
            else:  # emph, strong, strikethrough
                self.wrapped += 1 if entering else -1
        elif not entering:
            self.leave(kind, node)
        elif leaf is not None and kind in ("code", "html_inline"):
            literal = _literal(node)
            (leaf.code if kind == "code" else leaf.tags).append(literal)
            if kind == "code":
                self.words(literal)
        elif kind in ("link", "image"):  # (their addresses are noted on leaving)
            self.wrapped += 1
            if kind == "image":
                self.in_image += 1
                if self.first_image is None and self.alt is None and leaf is not None:
                    self.alt = []
        else:
            self.enter(kind, node)

    def words(self, literal: str) -> None:
        """Words met: for a heading's or an opening bold title, and every collector open (an
        image's words are its alt text only: a page's text, as a reader sees it, does not show them)."""
        if self.in_image:
            if self.alt is not None:
                self.alt.append(literal)
            return
        if self.leaf is not None and (self.stack[-1] == "heading" or self.opening):
            self.title.append(literal)
        for collector in self.collecting:
            collector.append(literal)
        if self.wrapped == 0 and literal.strip():
            self.has_prose = True  # words of its own, not all in a link, an image or emphasis (a caption)

    def leave(self, kind: str, node: Any) -> None:
        if kind in ("link", "image"):
            self.wrapped -= 1
            if self.leaf is not None:  # (on leaving: an image in a link's text comes first)
                self.leaf.targets.append((cmark.string(cmark.lib.cmark_node_get_url(node)), kind == "image"))
            if kind == "image":
                self.in_image -= 1
                if self.alt is not None and self.first_image is None and self.leaf is not None and not self.in_image:
                    self.first_image = (len(self.leaves) - 1, " ".join("".join(self.alt).split()))  # (its line: at the end)
        if kind in _OUTLINED:
            self.leave_outline(kind)
        if self.stack and self.stack[-1] == kind:
            self.nesting -= self.stack.pop() in _NESTING
        if kind in _LEAVES:
            self.leaf = None
        if self.titled is not None and kind == self.titled[0] and len(self.stack) == 1:
            self.blocks.append(Block(*self.titled, " ".join("".join(self.title).split())))
            self.titled = None

    def enter_outline(self, kind: str, first: int, level: int) -> None:
        for collector in self.collecting:  # (blocks are apart, as a reader sees them)
            collector.append(" ")
        if kind == "heading":
            self.heading = (first, level)  # (its Heading is made when it is left, with its words)
            self.collecting.append([])
        elif kind == "paragraph" and len(self.stack) == 1:
            self.paragraph, self.has_prose = (first, []), False
            self.collecting.append(self.paragraph[1])
        elif kind == "list" and (self.list_depth or self.section is not None):
            self.list_depth += 1
        elif kind in ("item", "tasklist") and self.list_depth:
            self.items.append([])
            self.open_items.append(self.items[-1])
            self.collecting.append(self.items[-1])

    def leave_outline(self, kind: str) -> None:
        if kind == "heading" and self.heading is not None and self.collecting:
            words = " ".join("".join(self.collecting.pop()).split())
            self.headings.append(Heading(*self.heading, words))
            self.heading = None
            self.section, self.list_depth, self.items = words, 0, []
        elif kind == "paragraph" and self.paragraph is not None:  # (no paragraph is left inside a top-level one)
            self.collecting.remove(self.paragraph[1])
            words = " ".join("".join(self.paragraph[1]).split())
            if words and self.has_prose:
                self.prose.append((self.paragraph[0], words))
            self.paragraph = None
        elif kind in ("item", "tasklist") and self.open_items:
            self.collecting.remove(self.open_items.pop())
        elif kind == "list" and self.list_depth:
            self.list_depth -= 1
            if not self.list_depth and self.section is not None:
                self.section_lists.append((self.section, tuple(" ".join("".join(words).split()) for words in self.items)))
                self.section, self.items = None, []

    def enter(self, kind: str, node: Any) -> None:
        """A block: its lines, and what it is."""
        first, last, last_column = _start_line(node), _end_line(node), _end_column(node)
        if last_column == 0 and last > first:
            last -= 1  # (cmark ends some blocks at column 0 of the next line)
        if kind == "html_block":  # its lines are its literal's (cmark ends a <script> block before it starts)
            last = first + _literal(node).rstrip("\n").count("\n")
        last = min(max(last, first), self.line_count)
        if first > 0 and self.prose and self.prose[-1][0] == 0:
            # (cmark-gfm leaves the line above a table, its caption, as a paragraph without a
            # position, and starts the table there: the caption's line is the table's first)
            self.prose[-1] = (first, self.prose[-1][1])
        if kind == "table" and self.leaves and self.leaves[-1][1] == 0:
            # (and the caption's inlines are located in its lines: from the table's first, one
            # more for each line break in it; the position cmark-gfm gives its header row is
            # the caption's too)
            last_line = min(first + self.breaks, self.line_count)
            self.leaves[-1] = (self.leaves[-1][0], first, 1, last_line, len(self.lines[last_line - 1].encode("utf-8")) + 1)
        level = _heading_level(node) if kind == "heading" else 0
        self.enter_outline(kind, first, level)
        stack = self.stack
        depth = len(stack)
        if (depth == 1 or (depth == 2 and stack[1] in _SPLIT and kind in ("item", "tasklist"))) and kind not in _SPLIT and first > 0:
            starts = self.starts
            end = starts[last] - 1 if last < len(starts) else len(self.text)
            lines = self.text[starts[first - 1] : end].strip("\n")  # (its whole lines)
            if kind in ("heading", "paragraph"):  # (its Block is made when it is left, with its title)
                self.titled = (kind, first, last, lines, level)
            else:
                self.blocks.append(Block(kind, first, last, lines))
            self.title = []
        if kind in _LEAVES:
            self.leaf = leaf = Leaf(-1, -1, [], [], [])
            self.breaks = 0
            self.opening = False if kind == "paragraph" else None
            self.leaves.append((leaf, first, _start_column(node), last, last_column + 1))
            stack.append(kind)
        elif kind in _CONTAINERS:
            stack.append(kind)
            self.nesting += kind in _NESTING
            if self.nesting > len(self.depth_lines):
                self.depth_lines.append(first)
        elif kind == "code_block":
            self.code_block(node, first, last)
        elif kind == "html_block":
            start, end = self.source.offset(first, 1), self.source.line_end(last)
            self.html.append(RawHtml(first, start, end, self.text[start:end]))

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
        offset = self.source.offset
        for leaf, first, start_column, last, end_column in self.leaves:
            if not (leaf.code or leaf.tags or leaf.targets):
                continue
            leaf.start, leaf.end = offset(first, start_column), offset(last, end_column)
            if leaf.code:  # (most blocks hold no code span, tag or link: nothing to look for)
                self.code += locate_code(self.text, leaf)
            if leaf.tags:
                self.html += locate_tags(self.source, self.text, leaf)
            if leaf.targets:
                links += locate_links(self.source, self.text, leaf)
        self.html.sort(key=lambda chunk: chunk.start)
        for chunk in self.html:
            links += [(link.start if link.start >= 0 else chunk.start, link) for link in html_links(self.source, chunk)]
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
            Outline(tuple(self.headings), tuple(self.prose), self.first_image_of_page(), tuple(self.section_lists)),
        )

    def first_image_of_page(self) -> tuple[int, str] | None:
        """The first image, written in Markdown or as raw HTML's <img> (line, alt text)."""
        markdown = None
        if self.first_image is not None:  # (the line its block starts on)
            _, first, start_column, _, _ = self.leaves[self.first_image[0]]
            markdown = (bisect.bisect_right(self.source.starts, self.source.offset(first, start_column)), self.first_image[1])
        for chunk in self.html:
            if markdown is not None and chunk.line > markdown[0]:
                break
            root = LexborHTMLParser(chunk.html).root if "<img" in chunk.html.lower() else None
            image = root.css_first("img") if root is not None else None
            if image is not None:
                return chunk.line, image.attributes.get("alt") or ""
        return markdown
