"""Render a page's Markdown for one language: macro calls run, code left untouched.

Page text comes from contributors we do not know. It may hold only macro calls with plain values
({{ model_card("llama-2") }}); anything else (an unknown name, attribute tricks, include/import,
statements) fails with the file and line before anything runs. The checked text is then run by
reading its tree, not by compiling it: only literals and our macros (see render_template_text).
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import escape

from coursegen.content import coop
from coursegen.pages.codeblocks import protect_code
from coursegen.pages.context import MacroError, PageContext
from coursegen.pages.macros import PAGE_MACROS, bind_macros
from coursegen.pages.scan import line_at
from coursegen.problems import CourseError, Problem

PAGE_FILENAME = "<course page>"  # marks the page's own frames in a traceback


def page_environment() -> ImmutableSandboxedEnvironment:
    """What parses page text (it is never compiled nor rendered: see render_template_text)."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True)
    env.globals.clear()  # no range, cycler, joiner, lipsum, namespace, dict
    return env


_ENVIRONMENT = page_environment()


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


# -- what page text may contain: {{ macro(plain values) }} and nothing else ----------------------
# The sandbox is the second line of defence; this check refuses everything else before anything
# runs, with a message a translator can act on (no attribute lookups, filters, statements, maths).

_LITERAL_CONTAINERS = (nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair)
_STATEMENT_NAMES = {
    "Scope": "autoescape",
    "ScopedEvalContextModifier": "autoescape",
    "FilterBlock": "filter",
    "Assign": "set",
    "AssignBlock": "set",
    "FromImport": "from",
    "CallBlock": "call",
    "ExprStmt": "do",
}
_EXPRESSION_NAMES = {
    "Getattr": "an attribute lookup",
    "Getitem": "an item lookup",
    "Filter": "a filter (|)",
    "Test": "a test (is)",
    "Concat": "a ~ concatenation",
    "Name": "a variable",
    "CondExpr": "an if-expression",
    "Compare": "a comparison",
}


def _describe_expression(node: nodes.Node) -> str:
    if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr)):
        return "a calculation"
    return _EXPRESSION_NAMES.get(type(node).__name__, f"a {type(node).__name__.lower()} expression")


def _line(node: nodes.Node) -> int:
    """A node's line; some wrapper nodes carry none, their first child does."""
    for child in [node, *node.find_all(nodes.Node)]:
        if getattr(child, "lineno", 0):
            return child.lineno
    return 0


def _is_plain_value(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):
        return node.value is None or isinstance(node.value, (str, int, float, bool))
    if isinstance(node, nodes.Neg):
        return isinstance(node.node, nodes.Const) and isinstance(node.node.value, (int, float))
    if isinstance(node, _LITERAL_CONTAINERS):
        return all(_is_plain_value(child) for child in node.iter_child_nodes())
    return False


def _expression_problem(node: nodes.Node) -> str | None:
    allowed = ", ".join(f"{name}()" for name in sorted(PAGE_MACROS))
    if isinstance(node, nodes.TemplateData) or (isinstance(node, nodes.Const) and isinstance(node.value, str)):
        return None
    if isinstance(node, nodes.Name):
        return f"'{node.name}' is not a macro (page text may only call: {allowed})"
    if not isinstance(node, nodes.Call):
        return f'only macro calls like {{{{ model_card("llama-2") }}}} are allowed in page text, not {_describe_expression(node)}'
    if not isinstance(node.node, nodes.Name):
        return f"only macro calls by name are allowed in page text, not {_describe_expression(node.node)} (may call: {allowed})"
    if node.node.name not in PAGE_MACROS:
        return f"unknown macro '{node.node.name}' (page text may only call: {allowed})"
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return f"{node.node.name}(): *args and **kwargs are not allowed in page text"
    for value in [*node.args, *(keyword.value for keyword in node.kwargs)]:
        if not _is_plain_value(value):
            return f"{node.node.name}(): arguments must be plain values (text, numbers, lists), not {_describe_expression(value)}"
    return None


def _parse(text: str, shown_path: str) -> nodes.Template:
    try:
        return _ENVIRONMENT.parse(text, name=shown_path, filename=PAGE_FILENAME)
    except TemplateSyntaxError as error:
        raise CourseError(Problem(shown_path, error.lineno, f"template syntax error: {error.message}")) from None
    except RecursionError:
        raise CourseError(Problem(shown_path, 0, "template syntax error: expressions nested too deeply")) from None


# Page text as pieces: plain text, or an expression with the number of lines before it (its node
# carries line numbers counted from its own first line).
Piece = str | tuple[nodes.Node, int]
_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)


@functools.lru_cache(maxsize=1024)
def _expression(source: str) -> nodes.Node | None:
    """The expression between one pair of {{ }}, parsed alone: the same macro call recurs in
    every language's copy of a lesson. None when it does not parse as one expression."""
    try:
        tree = _ENVIRONMENT.parse("{{" + source + "}}", filename=PAGE_FILENAME)
    except (TemplateSyntaxError, RecursionError):
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], nodes.Output) or len(tree.body[0].nodes) != 1:
        return None
    return tree.body[0].nodes[0]


def _quick_pieces(text: str) -> list[Piece] | None:
    """Text with only {{ expression }} tags, split without parsing the whole page; None when the
    text has anything else (statements, comments, whitespace control, a stray or unparsable tag):
    the full parse then reads it, and gives the exact error if there is one."""
    if "{%" in text or "{#" in text or "\r" in text:
        return None
    pieces: list[Piece] = []
    end = 0
    for match in _EXPRESSION.finditer(text):
        source = match.group(1)
        node = None if source.startswith(("-", "+")) or source.endswith("-") else _expression(source)
        if node is None:
            return None
        pieces += [text[end : match.start()], (node, line_at(text, match.start()) - 1)]
        end = match.end()
    if "{{" in text[end:]:
        return None
    return [*pieces, text[end:]]


def _full_pieces(text: str, shown_path: str) -> list[Piece]:
    tree = _parse(text, shown_path)
    problems = []
    pieces: list[Piece] = []
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            kind = _STATEMENT_NAMES.get(type(statement).__name__, type(statement).__name__.lower())
            problems.append(
                Problem(
                    shown_path,
                    _line(statement),
                    f"{{% {kind} %}} is not allowed in page text: only macro calls like {{{{ lesson_header() }}}}",
                )
            )
            continue
        pieces += [node.data if isinstance(node, nodes.TemplateData) else (node, 0) for node in statement.nodes]
    if problems:
        raise CourseError(problems)
    return pieces


# A lesson calls a few dozen macros. Jinja's parser takes time quadratic in the number of
# unclosed tags (100 kB of '{' took over 30 s), and the build restores each macro's HTML.
MAX_TEMPLATE_TAGS = 1000
_TOO_MANY_TAGS = (
    f"more than {MAX_TEMPLATE_TAGS} '{{{{', '{{%' or '{{#' outside code: a page may hold at most {MAX_TEMPLATE_TAGS} macro calls"
    " (put such text in a code block)"
)
_TAG_OPENER = re.compile(r"\{[{%#]")


def tag_limit(text: str, shown_path: str) -> None:
    """At most MAX_TEMPLATE_TAGS openers in text (code set aside): else a CourseError at the first one past."""
    for count, match in enumerate(_TAG_OPENER.finditer(text), 1):
        if count > MAX_TEMPLATE_TAGS:
            raise CourseError(Problem(shown_path, text.count("\n", 0, match.start()) + 1, _TOO_MANY_TAGS))


@functools.lru_cache(maxsize=256)
def _checked_pieces(text: str, shown_path: str) -> tuple[Piece, ...]:
    """Parse and check page text once: an English page shown in many languages is the same text."""
    tag_limit(text, shown_path)
    pieces = _quick_pieces(text)
    if pieces is None:
        pieces = _full_pieces(text, shown_path)
    problems = []
    for piece in pieces:
        if isinstance(piece, tuple):
            node, lines_before = piece
            message = _expression_problem(node)
            if message:
                problems.append(Problem(shown_path, lines_before + _line(node), message))
    if problems:
        raise CourseError(problems)
    return tuple(pieces)


# -- running page text: read the checked tree, never compile it -------------------------------
# Checked page text is template data and macro calls with literal arguments, so it is run by
# reading its tree: literals become values and only the macros in PAGE_MACROS are called.
# Nothing else is ever evaluated (any other node is refused here too, should the check above
# miss one), and no Python code is generated per page (compiling every lesson text in every
# language cost a tenth of a full-scale build).


class _Refused(Exception):
    pass


def _literal(node: nodes.Node) -> Any:
    if isinstance(node, nodes.Const) and (node.value is None or isinstance(node.value, (str, int, float, bool))):
        return node.value
    if isinstance(node, nodes.Neg) and isinstance(node.node, nodes.Const) and isinstance(node.node.value, (int, float)):
        return -node.node.value
    if isinstance(node, nodes.List):
        return [_literal(item) for item in node.items]
    if isinstance(node, nodes.Tuple):
        return tuple(_literal(item) for item in node.items)
    if isinstance(node, nodes.Dict):
        return {_literal(pair.key): _literal(pair.value) for pair in node.items}
    raise _Refused(f"not a plain value: {_describe_expression(node)}")


def _output(node: nodes.Node, macros: dict[str, Any]) -> str:
    if isinstance(node, nodes.TemplateData):
        return node.data
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return str(escape(node.value))  # as Jinja's autoescape prints it
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in macros:
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise _Refused("*args and **kwargs")
        args = [_literal(value) for value in node.args]
        kwargs = {keyword.key: _literal(keyword.value) for keyword in node.kwargs}
        return str(escape(macros[node.node.name](*args, **kwargs)))
    raise _Refused(f"not a macro call: {_describe_expression(node)}")


def render_template_text(text: str, ctx: PageContext, shown_path: str) -> str:
    """Run the macro calls in text (code already protected) with the page's macros only."""
    macros = bind_macros(ctx)
    parts = []
    for piece in _checked_pieces(text, shown_path):
        if isinstance(piece, str):
            parts.append(piece)
            continue
        node, lines_before = piece
        try:
            parts.append(_output(node, macros))
        except _Refused as error:
            raise CourseError(Problem(shown_path, lines_before + _line(node), f"not allowed in page text: {error}")) from None
        except (TemplateError, MacroError, TypeError, ValueError, KeyError, RecursionError) as error:
            raise CourseError(Problem(shown_path, lines_before + _line(node), _message(error))) from None
    return "".join(parts)


def disclaimer_note(disclaimer: coop.Disclaimer) -> str:
    """The machine-translation disclaimer as an admonition (a styled note, not text after a rule):
    the box in HTML, its text still Markdown (the blank lines end the HTML blocks around it)."""
    title = html.escape(disclaimer.title or "Note")
    return f'\n<div class="admonition info">\n<p class="admonition-title">{title}</p>\n\n{disclaimer.text}\n\n</div>\n'


def render_page(text: str, ctx: PageContext, shown_path: str) -> str:
    """A page's final Markdown: metadata dropped, macros run, code kept, disclaimer styled.

    The page is read once (coursegen.content.reading, shared with the checks before): code is set
    aside in the text as written, then the metadata comment and the disclaimer are blanked by
    line, so that error lines stay the file's lines."""
    protected = protect_code(text, shown_path)
    lines = protected.text.split("\n")
    inline = coop.parse_inline_metadata(text, shown_path)
    if inline is not None:
        if inline.problems:
            raise CourseError(list(inline.problems))
        lines[inline.first_line - 1 : inline.last_line] = [""] * (inline.last_line - inline.first_line + 1)
    _, disclaimer = coop.split_disclaimer(text)
    if disclaimer is not None:
        if coop.DISCLAIMER_END in text:  # its comment's lines blanked in place
            end_line = text[: text.index(coop.DISCLAIMER_END)].count("\n") + 1
            lines[disclaimer.first_line - 1 : end_line] = [""] * (end_line - disclaimer.first_line + 1)
        else:  # the last paragraph (and the rule before it)
            lines = lines[: disclaimer.first_line - 1]
    rendered = protected.restore(render_template_text("\n".join(lines), ctx, shown_path))
    if disclaimer is not None:
        rendered = rendered.rstrip("\n") + "\n" + disclaimer_note(disclaimer)
    return rendered
