"""Render a page's Markdown for one language: sandboxed Jinja macros, code left untouched.

Page text comes from contributors we do not know. It runs in an immutable sandbox whose only
names are our macros; anything else (an unknown name, attribute tricks, include/import) fails
with the file and line.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import coop
from .codeblocks import protect_code
from .macros import PAGE_MACROS, MacroError, PageContext, bind_macros
from .problems import CourseError, Problem

PAGE_FILENAME = "<course page>"  # marks the page's own frames in a traceback
MAX_REPEAT = 100_000  # longest string or list that `*` may build in page text


class PageSandbox(ImmutableSandboxedEnvironment):
    """The sandbox for page text: no globals, no filesystem, bounded arithmetic."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("the ** operator is not allowed in page text")
        if isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple)):
            sized, count = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(count, int) and len(sized) * count > MAX_REPEAT:
                raise SecurityError("repetition too large in page text")
        return super().call_binop(context, operator, left, right)


def page_environment() -> PageSandbox:
    env = PageSandbox(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True)
    env.globals.clear()  # no range, cycler, joiner, lipsum, namespace, dict
    return env


_ENVIRONMENT = page_environment()


def _error_line(error: BaseException) -> int:
    """The page line a runtime error happened on, from the template's frames in the traceback."""
    line = 0
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == PAGE_FILENAME:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _unknown_name(name: str) -> str:
    return f"unknown macro or variable '{name}' (page text may only call: {', '.join(sorted(PAGE_MACROS))})"


def _message(error: BaseException) -> str:
    if isinstance(error, UndefinedError):
        return f"undefined value: {error.message}"
    if isinstance(error, MacroError):
        return str(error)
    if isinstance(error, SecurityError):
        return f"not allowed in page text: {error}"
    if isinstance(error, TypeError):
        return f"wrong arguments to a macro: {error}"
    return f"{type(error).__name__}: {error}"


def render_template_text(text: str, ctx: PageContext, shown_path: str) -> str:
    """Run the Jinja in text (code already protected) with the page's macros only."""
    try:
        tree = _ENVIRONMENT.parse(text, name=shown_path, filename=PAGE_FILENAME)
    except TemplateSyntaxError as error:
        raise CourseError(Problem(shown_path, error.lineno, f"template syntax error: {error.message}")) from None
    # Refuse unknown names before anything runs, so the message names the name and its line.
    unknown = meta.find_undeclared_variables(tree) - set(PAGE_MACROS)
    if unknown:
        first = min((node.lineno, node.name) for node in tree.find_all(nodes.Name) if node.name in unknown)
        raise CourseError(Problem(shown_path, first[0], _unknown_name(first[1])))
    code = _ENVIRONMENT.compile(tree, name=shown_path, filename=PAGE_FILENAME)
    template = _ENVIRONMENT.template_class.from_code(_ENVIRONMENT, code, dict(bind_macros(ctx)))
    try:
        return template.render()
    except (TemplateError, MacroError, TypeError, ValueError, KeyError, RecursionError) as error:
        raise CourseError(Problem(shown_path, _error_line(error), _message(error))) from None


def disclaimer_note(disclaimer: coop.Disclaimer) -> str:
    """The machine-translation disclaimer as an admonition (a styled note, not text after a rule)."""
    title = disclaimer.title.replace('"', "'") or "Note"
    return f'\n!!! info "{title}"\n\n    {disclaimer.text}\n'


def render_page(text: str, ctx: PageContext, shown_path: str) -> str:
    """A page's final Markdown: metadata dropped, macros run, code kept, disclaimer styled."""
    lines = text.split("\n")
    inline = coop.parse_inline_metadata(text, shown_path)
    if inline is not None:
        if inline.problems:
            raise CourseError(list(inline.problems))
        # Blank the comment rather than cut it, so that error lines stay the file's lines.
        for index in range(inline.first_line - 1, inline.last_line):
            lines[index] = ""
    body, disclaimer = coop.split_disclaimer("\n".join(lines))
    protected = protect_code(body, shown_path)
    rendered = protected.restore(render_template_text(protected.text, ctx, shown_path))
    if disclaimer is not None:
        rendered = rendered.rstrip("\n") + "\n" + disclaimer_note(disclaimer)
    return rendered
