"""The theme's search indexing, with the page's HTML parsed by lxml and split into sections by the
theme's rules, written again to run faster.

Material's search plugin splits each page into sections with a parser built on Python's
html.parser, which tokenises the HTML in Python, and whose handlers ask at every tag and text
whether any open element is one to skip, the section's heading or a <pre> (each a scan of the
open elements): a sixth of a full-scale build. Here lxml (C) parses the page and `_Splitter`
walks the tree with the same rules, counting the open elements by tag instead of scanning them.
The rules are the theme's to the letter, its quirks included (it compares elements by tag name
only: an excluded <div> skips the text of every <div> inside it). They follow the theme's Parser
whose source has the digest PARSER_DIGEST; should the theme's parser change, its
own handlers are fed from lxml's tree instead (`feed`), slower and still the theme's sections.
tests/test_material_search.py checks the sections equal the theme's on every page of the built
site; coursegen.site.patches makes each language's index use this.
"""

from __future__ import annotations

import hashlib
import inspect
from functools import cache
from html import escape
from typing import Any

import lxml.etree
import lxml.html
from material.plugins.search import plugin as theme_search
from material.plugins.search.plugin import Element, Parser, SearchIndex, Section, void

# SHA-256 of the source of the theme's Element, Section and Parser (the same in Material 9.8.1 and 9.8.2).
PARSER_DIGEST = "fedae12d15dd2976b250ccd99ccf31a1f85479b57efba57f9d92a04b929fc5ec"
# SHA-256 of the source of the theme's SearchPlugin.on_page_context (the same in 9.8.1 and 9.8.2).
PAGE_CONTEXT_DIGEST = "33eb62fd1688be4d99a4e7bf8fc51c1be3d37602b63ad5327c9be3abf5dc8d50"
_HEADINGS = {f"h{level}" for level in range(1, 7)}
# lxml.html's parser without its element classes (the same parse; plain elements are made faster)
_PARSER = lxml.etree.HTMLParser()


@cache
def theme_parser_unchanged() -> bool:
    source = "".join(inspect.getsource(part) for part in (theme_search.Element, theme_search.Section, theme_search.Parser))
    return hashlib.sha256(source.encode("utf-8")).hexdigest() == PARSER_DIGEST


@cache
def page_context_unchanged() -> bool:
    source = inspect.getsource(theme_search.SearchPlugin.on_page_context)
    return hashlib.sha256(source.encode("utf-8")).hexdigest() == PAGE_CONTEXT_DIGEST


def on_page_context(plugin: Any, theme_method: Any, context: Any, *, page: Any, config: Any, nav: Any) -> None:
    """The theme's SearchPlugin.on_page_context: the page indexed, then every data-search-*
    attribute stripped from its HTML, by a pattern that cannot start with a literal (a scan of
    each character of every page: 2.4% of a build). A page without one is not scanned. (Installed
    for an enabled plugin only: coursegen.site.language_search.)"""
    if "data-search-" in page.content:
        theme_method(context, page=page, config=config, nav=nav)
    else:
        plugin.search_index.add_entry_from_context(page)


def sections(html: str) -> list[Any]:
    """The theme's sections of a page's HTML (Material's Section objects)."""
    if not theme_parser_unchanged():
        parser = Parser()
        feed(parser, html)
        return parser.data
    splitter = _Splitter()
    if html.strip():
        for item in lxml.html.fragments_fromstring(html, parser=_PARSER):
            if isinstance(item, str):
                splitter.text(item)
            else:
                splitter.walk(item)
    return splitter.data


class _Splitter:
    """Material's Parser (handle_starttag, handle_endtag, handle_data), each membership test of
    the open elements (which the theme makes by tag name) answered from counts kept as elements
    open and close."""

    def __init__(self) -> None:
        self.skip: set[str] = {"object", "script", "style"}  # tags whose text is not indexed
        self.keep = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}  # tags written into the index
        self.context: list[str] = []  # the open elements' tags
        self.open: dict[str, int] = {}  # how many of each tag are open
        self.skipped = 0  # open elements whose tag is in skip
        self.permalinks: list[bool] = []  # whether each open element is an <a class="headerlink">
        self.in_permalink = 0  # how many are
        self.section: Any = None
        self.data: list[Any] = []

    def walk(self, element: Any) -> None:
        tag = element.tag
        if isinstance(tag, str):  # comments and processing instructions have no tag name
            self.start(tag, element.attrib)
            if element.text:
                self.text(element.text)
            for child in element:
                self.walk(child)
            if tag not in void:
                self.end(tag)
        if element.tail:
            self.text(element.tail)

    def start(self, tag: str, attributes: Any) -> None:  # (lxml's attributes: a mapping)
        if tag in void:
            return
        self.context.append(tag)
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in self.skip:
            self.skipped += 1
        permalink = tag == "a" and attributes.get("class") == "headerlink"
        self.permalinks.append(permalink)
        self.in_permalink += permalink
        if tag in _HEADINGS:
            depth = len(self.context)
            if "id" in attributes:
                if tag != "h1" and not self.data:
                    self.section = Section(Element("hx"), depth)
                    self.data.append(self.section)
                self.section = Section(Element(tag, dict(attributes)), depth)
                if self.data:
                    self.section.id = attributes["id"]
                self.data.append(self.section)
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        for key, value in attributes.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                if tag not in self.skip:
                    self.skip.add(tag)
                    self.skipped += self.open[tag]
                return
        if tag in self.keep and not self.skipped:
            self.written().append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.context or self.context[-1] != tag:
            return
        if self.section.depth > len(self.context):
            for section in reversed(self.data):
                if section.depth <= len(self.context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        self.context.pop()
        self.open[tag] -= 1
        self.in_permalink -= self.permalinks.pop()
        if tag in self.skip:
            self.skipped -= 1
            if tag not in ("script", "style", "object"):
                self.skip.remove(tag)
                self.skipped -= self.open[tag]
            return
        if tag in self.keep and not self.skipped:
            data = self.written()
            index = data.index(f"<{tag}>")
            if all(piece.isspace() for piece in data[index + 1 :]):
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def text(self, data: str) -> None:
        if self.skipped:
            return
        in_pre = self.open.get("pre", 0)
        if not in_pre:
            data = data.replace("\n", " ") if not data.isspace() else " "
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        if self.open.get(self.section.el.tag, 0):
            if not self.in_permalink:
                self.section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not self.section.text or not self.section.text[-1].isspace() or in_pre:
                self.section.text.append(data)
        else:
            self.section.text.append(escape(data, quote=False))

    def written(self) -> list[str]:
        """Where kept markup goes: the section's title while its heading is open, else its text."""
        return self.section.title if self.open.get(self.section.el.tag, 0) else self.section.text


def feed(parser: Parser, html: str) -> None:
    """Give the theme's `parser` the calls html.parser would make for `html`, from lxml's tree of it."""
    if not html.strip():
        return
    for item in lxml.html.fragments_fromstring(html, parser=_PARSER):
        if isinstance(item, str):
            parser.handle_data(item)
        else:
            _feed_element(parser, item)


def _feed_element(parser: Parser, element: Any) -> None:
    if isinstance(element.tag, str):
        parser.handle_starttag(element.tag, list(element.attrib.items()))
        if element.text:
            parser.handle_data(element.text)
        for child in element:
            _feed_element(parser, child)
        if element.tag not in void:
            parser.handle_endtag(element.tag)
    if element.tail:
        parser.handle_data(element.tail)


def add_entry_from_context(index: SearchIndex, page: Any) -> None:
    """SearchIndex.add_entry_from_context, with the page split by `sections`."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    headings = _headings_by_id(page.toc)
    for section in sections(page.content):
        if not section.is_excluded():
            # (the theme looks for the section's heading through the whole table of contents, for
            # every section: it is given the list of the one heading it will find, or none)
            heading = headings.get(section.id)
            index.create_entry_for_section(section, [heading] if heading is not None else [], page.url, page)


def _headings_by_id(toc: Any) -> dict[str, Any]:
    """The table of contents' headings by id, each id's first in the order the theme searches
    them (a heading, then the headings under it, then the next)."""
    found: dict[str, Any] = {}
    stack = list(reversed(list(toc)))
    while stack:
        heading = stack.pop()
        found.setdefault(heading.id, heading)
        stack.extend(reversed(list(heading.children)))
    return found
