"""Text a tool writes for a person, escaped for where it goes: a terminal, or Markdown (generated
pages, pull-request summaries). Lesson text, file names and strings come from contributors, so
none of it may act there: no control sequence in a terminal, no markup, link or HTML in Markdown.
Shared by every stage, as coursegen.problems is.
"""

from __future__ import annotations

import re

# C0 and C1 control characters but line feed and tab: a terminal acts on them (ESC starts a
# sequence that clears the screen or sets the window's title).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Text for a terminal: each control character shown (as \\x1b), never sent."""
    return _CONTROL.sub(_shown, text)


_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # line feed and tab too: a quote stays on its line


def _shown(match: re.Match) -> str:
    return f"\\x{ord(match.group()):02x}"


def brief(value: str, limit: int = 100) -> str:
    """Contributed text quoted in a one-line message: every control character shown (a line feed
    and a tab too), long text cut."""
    value = _ANY_CONTROL.sub(_shown, value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


# Every ASCII punctuation character may be backslash-escaped in CommonMark: these are the ones
# that can start markup (emphasis, code, links, headings, tables, attribute lists, alerts).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~!])")
# GitHub turns bare addresses into links (www.…, http://…, someone@example.com) whatever the
# escaping: a word joiner (invisible, U+2060) before the '.', ':' or '@' that would start one.
_AUTOLINK = re.compile(r"(?i)(?<=\bwww)(\.)|(?<=\bhttp)(:)|(?<=\bhttps)(:)|(?<=\bftp)(:)|(?<=\bmailto)(:)|(?<=[\w.+-])(@)(?=[\w-]+\.)")


def markdown_literal(value: str) -> str:
    """Contributed words placed in generated Markdown, shown as written: HTML characters as
    entities, Markdown's own backslash-escaped (braces included: `{: onclick=… }` after a heading
    would set an attribute), and no bare address becomes a link."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    return _AUTOLINK.sub(lambda match: "\u2060" + match.group(0), value)


def code_span(value: str) -> str:
    """value as inline code that no run of backticks inside it can close (CommonMark: a fence
    longer than any run, and a space inside when the value starts or ends with a backtick)."""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if value.startswith("`") or value.endswith("`") or not value.strip() else ""
    return f"{fence}{padding}{value.replace(chr(10), ' ')}{padding}{fence}"


def code_block(text: str) -> str:
    """text in a Markdown code block that no run of backticks inside it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"
