"""Highlight each code block once per build, not once per language.

A lesson's code is the same in every translation, yet pymdownx.highlight asks Pygments to colour
it again on every language's page. Pygments' output depends only on the code, the lexer and the
formatter with their options, so the result is kept under exactly those. Options that are not
plain values (which could compare equal by accident) turn the cache off for that call.
coursegen.site.patches makes pymdownx.highlight (what superfences calls for code blocks) use it.
"""

from __future__ import annotations

from typing import Any

from pygments import highlight as pygments_highlight

MAX_ENTRIES = 2048  # code blocks kept; a lesson has a few dozen
_PLAIN = (str, int, float, bool, type(None))
_highlighted: dict[tuple, str] = {}


def _options(value: Any) -> tuple | None:
    """The object's class and options as a key, or None if an option is not a plain value."""
    items = []
    for name, option in sorted(value.options.items()):
        if isinstance(option, (list, tuple)) and all(isinstance(item, _PLAIN) for item in option):
            option = tuple(option)
        elif not isinstance(option, _PLAIN):
            return None
        items.append((name, option))
    return (type(value), tuple(items))


def highlight_once(code: str, lexer: Any, formatter: Any, outfile: Any = None) -> Any:
    """pygments.highlight, remembering what it returned for the same code, lexer and formatter."""
    lexer_key, formatter_key = _options(lexer), _options(formatter)
    if outfile is not None or lexer_key is None or formatter_key is None:
        return pygments_highlight(code, lexer, formatter, outfile)
    key = (code, lexer_key, formatter_key)
    html = _highlighted.get(key)
    if html is None:
        html = pygments_highlight(code, lexer, formatter)
        if len(_highlighted) >= MAX_ENTRIES:
            _highlighted.clear()
        _highlighted[key] = html
    return html
