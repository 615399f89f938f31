"""Rewrite the link targets of a page and nothing else: every other byte stays as it was.

The importer uses it to drop tracking queries and to point links at our layout. Links are the
ones the page's reading finds (coursegen.content.reading: Markdown links and images, reference
definitions, raw HTML's addresses), outside code: a URL inside a code block is an example.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coursegen.pages.scan import Link, links

# The upstream's tracking parameter (a URL's, not Markdown); some links carry it after a second
# "?" (...?text=a?WT.mc_id=...).
_TRACKING = re.compile(r"(?P<sep>[?&])WT\.mc_id=[^&#]*")


def strip_tracking(url: str) -> str:
    """The URL without its ?WT.mc_id=... (or &WT.mc_id=...) tracking parameter, all else kept."""

    def drop(match: re.Match) -> str:
        return match["sep"] if match["sep"] == "?" else ""

    cleaned = _TRACKING.sub(drop, url).replace("?&", "?")
    return re.sub(r"\?(?=#|$)", "", cleaned)


def rewrite_links(text: str, change: Callable[[Link], str | None], shown_path: str = "<text>") -> str:
    """The text with each link target replaced by change(link) (None keeps it); a target that is
    not written as the parser read it (character references) is kept.

    Raises CourseError for an unclosed code fence, like every scanner.
    """
    pieces, cursor = [], 0
    for link in sorted(links(text, shown_path), key=lambda link: link.start):
        if link.start < cursor:
            continue  # not found as written, or the same place as a link already rewritten
        replacement = change(link)
        if replacement is None or replacement == link.target:
            continue
        pieces += [text[cursor : link.start], replacement]
        cursor = link.end
    pieces.append(text[cursor:])
    return "".join(pieces)
