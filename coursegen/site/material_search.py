"""The theme's search indexing, with the page's HTML parsed by lxml instead of html.parser.

Material's search plugin splits each page into sections with a parser built on Python's
html.parser, which tokenises the HTML in Python: a tenth of a full-scale build. Here lxml (C)
parses the page and the tree is walked to give Material's own parser the same calls html.parser
would (start tag, text, end tag), so the sections and entries are the theme's own; only the
tokenising is faster. tests/test_material_search.py checks the sections equal the theme's on
every page of the built site; coursegen.site.patches makes each language's index use it, and
checks the theme's parser and index are still the ones this was written for.
"""

from __future__ import annotations

from typing import Any

import lxml.html
from material.plugins.search.plugin import Parser, SearchIndex, void


def feed(parser: Parser, html: str) -> None:
    """Give `parser` the calls html.parser would make for `html`, from lxml's tree of it."""
    if not html.strip():
        return
    for item in lxml.html.fragments_fromstring(html):
        if isinstance(item, str):
            parser.handle_data(item)
        else:
            _walk(parser, item)


def _walk(parser: Parser, element: Any) -> None:
    if isinstance(element.tag, str):  # comments and processing instructions have no tag name
        parser.handle_starttag(element.tag, list(element.attrib.items()))
        if element.text:
            parser.handle_data(element.text)
        for child in element:
            _walk(parser, child)
        if element.tag not in void:
            parser.handle_endtag(element.tag)
    if element.tail:
        parser.handle_data(element.tail)


def sections(html: str) -> list[Any]:
    parser = Parser()
    feed(parser, html)
    return parser.data


def add_entry_from_context(index: SearchIndex, page: Any) -> None:
    """SearchIndex.add_entry_from_context, with the page parsed by `feed`."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    for section in sections(page.content):
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)
