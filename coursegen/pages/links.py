"""Rewrite the link targets of a page and nothing else: every other byte stays as it was.

The importer uses it to drop tracking queries and to point links at our layout. Links are the
ones `scan.links` reports (Markdown links and images, reference definitions, HTML attributes),
outside code: a URL inside a code block is an example, not a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coursegen.pages.codeblocks import protect_code
from coursegen.pages.scan import _HTML_URL, _MD_LINK, _REF_DEF, Link, line_at

# The upstream's tracking parameter; some links carry it after a second "?" (...?text=a?WT.mc_id=...).
_TRACKING = re.compile(r"(?P<sep>[?&])WT\.mc_id=[^&#]*")


def strip_tracking(url: str) -> str:
    """The URL without its ?WT.mc_id=... (or &WT.mc_id=...) tracking parameter, all else kept."""

    def drop(match: re.Match) -> str:
        return match["sep"] if match["sep"] == "?" else ""

    cleaned = _TRACKING.sub(drop, url).replace("?&", "?")
    return re.sub(r"\?(?=#|$)", "", cleaned)


def rewrite_links(text: str, change: Callable[[Link], str | None], shown_path: str = "<text>") -> str:
    """The text with each link target replaced by change(link) (None keeps it).

    Raises CourseError for an unclosed code fence, like every scanner.
    """
    protected = protect_code(text, shown_path)
    plain = protected.text
    spans: list[tuple[int, int, Link]] = []

    def matches(pattern):  # with the images inside a link's text: [![alt](banner.png)](video)
        for match in pattern.finditer(plain):
            yield match
            if pattern is _MD_LINK:
                yield from _MD_LINK.finditer(plain, match.start("text"), match.end("text"))

    for pattern, group in ((_MD_LINK, "target"), (_HTML_URL, "target"), (_REF_DEF, "target")):
        for match in matches(pattern):
            start, end = match.span(group)
            target = match[group]
            if target.startswith("<") and target.endswith(">") and pattern is not _HTML_URL:
                start, end, target = start + 1, end - 1, target[1:-1]
            image = bool(match["bang"]) if pattern is _MD_LINK else pattern is _HTML_URL and match["attr"].lower() == "src"
            spans.append((start, end, Link(line_at(plain, start), target, image, match.start(group))))
    pieces, cursor = [], 0
    for start, end, link in sorted(spans, key=lambda span: span[0]):
        if start < cursor:
            continue  # inside a link already rewritten (e.g. href= written in a Markdown target)
        replacement = change(link)
        if replacement is None or replacement == link.target:
            continue
        pieces += [plain[cursor:start], replacement]
        cursor = end
    pieces.append(plain[cursor:])
    return protected.restore("".join(pieces))
