"""What every macro works with: the page's context (course, language, lesson), the sandboxed
template environment of macros/, and the marks that carry a macro's HTML through Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from coursegen.content.course import Course
from coursegen.content.languages import ENGLISH, babel_locale, is_rtl

MACROS_FOLDER = "macros"


class MacroError(Exception):
    """A macro was called wrongly (unknown model id, column, ...): the message is for the author."""


@dataclass(frozen=True)
class PageContext:
    course: Course
    lang: str  # the language the page is shown in
    lesson: str | None = None  # the lesson's slug on a lesson page
    source_lang: str = ENGLISH  # the language of the page's text (English on a fallback page)
    # When a list: macros put their HTML here and leave a mark in the Markdown (see HTML_BLOCK_MARK).
    html_blocks: list[str] | None = None

    def label(self, key: str) -> str:
        return self.course.label(self.lang, key)

    @property
    def locale(self) -> Locale:
        return babel_locale(self.lang)

    def in_readers_language(self, html: str, tag: str = "div") -> str:
        """The reader's words (a card, a table, a label) inside a page whose text is in another
        language (English on a fallback page): marked as theirs, so that the browser picks their
        script's font and a screen reader their voice (Tamil inside lang="en" draws as boxes)."""
        if self.lang == self.source_lang:
            return html
        direction = "rtl" if is_rtl(self.lang) else "ltr"
        return f'<{tag} lang="{self.lang}" dir="{direction}">{html}</{tag}>'


def _template_environment(course: Course) -> ImmutableSandboxedEnvironment:
    # Our own templates, but they print contributed strings: autoescape everything.
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(course.root / MACROS_FOLDER),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_ENVIRONMENTS: dict[Path, ImmutableSandboxedEnvironment] = {}


def template_environment(course: Course) -> ImmutableSandboxedEnvironment:
    if course.root not in _ENVIRONMENTS:
        _ENVIRONMENTS[course.root] = _template_environment(course)
    return _ENVIRONMENTS[course.root]


# Where a macro's HTML goes back after Markdown. Markdown would pass the HTML through unchanged,
# but it parses it tag by tag to find where the block ends: on a lesson full of model cards that
# is most of a page's build time. An HTML comment is a block Markdown keeps as it is.
HTML_BLOCK_MARK = "<!-- coursegen-html-block {} -->"


def as_html_block(html: str, stash: list[str] | None = None) -> Markup:
    """Macro output as one raw HTML block: no blank lines, so Markdown keeps it whole."""
    block = "\n".join(line for line in html.split("\n") if line.strip())
    if stash is not None:
        stash.append(block)
        return Markup("\n" + HTML_BLOCK_MARK.format(len(stash) - 1) + "\n")
    return Markup("\n" + block + "\n")


_BLOCK_MARK = re.compile(re.escape(HTML_BLOCK_MARK).replace(re.escape("{}"), r"(\d{1,9})"))


def restore_html_blocks(html: str, stash: list[str]) -> str:
    """Put the stashed macro HTML back in place of its marks (each at its first mark), in one pass
    over the page's HTML: a replace per block would rescan the page once per macro call."""
    placed: set[int] = set()

    def place(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= len(stash) or index in placed:
            return match.group(0)
        placed.add(index)
        return stash[index]

    return _BLOCK_MARK.sub(place, html)


def render_html(ctx: PageContext, template: str, **values: Any) -> str:
    """A template of macros/ rendered for the page's language (label() and lang given)."""
    return template_environment(ctx.course).get_template(template).render(label=ctx.label, lang=ctx.lang, **values)


def render_template(ctx: PageContext, template: str, **values: Any) -> Markup:
    """A macro's HTML, as one block a page's Markdown keeps whole."""
    return as_html_block(ctx.in_readers_language(render_html(ctx, template, **values)), ctx.html_blocks)
