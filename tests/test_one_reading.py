"""One reading of Markdown: no module but the parser's matches Markdown with a regular expression
of its own (the issue "one reading, one policy").

The parser's modules are coursegen/content/cmark.py (GitHub's parser, cmark-gfm, through its C
library), coursegen/content/reading.py (that parser run once per page: code, links, raw HTML,
blocks, headings, each with its line) and coursegen/pages/gfm.py
(which turns that parser's HTML into the site's page). How it is checked: every regular
expression written anywhere else in the package — each string literal given to re.compile,
re.match, re.search, re.fullmatch, re.sub, re.split, re.finditer or re.findall, with the literal
parts of one built from pieces — is read, and one that spells Markdown syntax fails the test,
naming its module and line: a backtick, a heading's `#{` or `^#`, a link's `](` or `!?\\[`, an
alert's `[!`, emphasis `\\*\\*`, a list marker class `[-*+]`, a fence `~{3`, a quote's `^>` or
the 0–3 space indent ` {0,3}` of a block."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO

PARSER_MODULES = {"coursegen/content/cmark.py", "coursegen/content/reading.py", "coursegen/pages/gfm.py"}
# Patterns that spell a mark without reading Markdown, each with the reason.
NOT_READING_MARKDOWN = {
    # Writing Markdown, not reading it: the characters of contributed words to escape, and the
    # longest run of backticks in a value put in a code span or block.
    ("coursegen/escape.py", "([\\\\`*_\\[\\]{}#|~!])"),
    ("coursegen/escape.py", "`+"),
    # An HTML id the theme prints unquoted: a backtick is among the characters it may not hold.
    ("coursegen/pages/sanitize.py", "[^\\s\\\"'<>&`=\\\\/]{1,200}"),
}
RE_FUNCTIONS = {"compile", "match", "search", "fullmatch", "sub", "subn", "split", "finditer", "findall"}
MARKDOWN_SYNTAX = ("`", "#{", "^#", "](", "\\]\\(", "!?\\[", "[!", "\\*\\*", "[-*+]", "~{3", "^>", " {0,3}")


def _literal_parts(node: ast.AST) -> list[str]:
    """The string literals a pattern is written with (a + b, f-strings, str(...) pieces skipped)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.BinOp):
        return _literal_parts(node.left) + _literal_parts(node.right)
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values if isinstance(part, ast.Constant) and isinstance(part.value, str)]
    return []


def markdown_patterns(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in RE_FUNCTIONS
            and node.args
        ):
            pattern = "".join(_literal_parts(node.args[0]))
            if any(mark in pattern for mark in MARKDOWN_SYNTAX):
                found.append((node.lineno, pattern))
    return found


def test_no_module_but_the_parser_reads_markdown_with_a_pattern() -> None:
    offenders = {}
    for path in sorted((REPO / "coursegen").rglob("*.py")):
        shown = path.relative_to(REPO).as_posix()
        found = [(line, pattern) for line, pattern in markdown_patterns(path) if (shown, pattern) not in NOT_READING_MARKDOWN]
        if shown not in PARSER_MODULES and found:
            offenders[shown] = found
    assert offenders == {}


def test_the_check_sees_the_patterns_it_is_meant_to_catch(tmp_path: Path) -> None:
    """The scanner itself: the kinds of pattern the package used to read Markdown with."""
    module = tmp_path / "old.py"
    module.write_text(
        "import re\n"
        '_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \\t]+(.*?)[ \\t#]*$")\n'
        '_FENCE = re.compile(r"^(?P<indent>[ \\t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")\n'
        'LINK = re.compile(r"(?P<bang>!?)\\[(?P<text>[^\\]]*)\\]\\((?P<target>[^)]*)\\)")\n'
        'BOLD = re.compile(r"^\\*\\*(?P<title>[^*\\n]{1,60})\\*\\*")\n'
        'ITEM = re.compile(r"^ {0,3}(?:[-*+]|\\d{1,9}[.)])[ \\t]+" + "x")\n'
        'WORD = re.compile(r"\\w+")\n',
        "utf-8",
    )
    assert [line for line, _ in markdown_patterns(module)] == [2, 3, 4, 5, 6]
    assert all(pattern in {p for _, p in markdown_patterns(REPO / module)} for module, pattern in NOT_READING_MARKDOWN)


PAGE = """# Title `x`

See [Animals.ipynb](Animals.ipynb), <http://a.b> and [![Banner](images/b.png)](https://youtu.be/v) `code {{ y }}`.
> a quote with `multi
> line {{ z }}` code and [ref][r]

[r]: ./target.md

    indented {{ i }}

<script>alert(1)</script>

- item
  - nested `c`
"""


def test_the_reading_finds_each_thing_where_it_is_written() -> None:
    """Inline positions of cmark-gfm are lost after a code span over a line break; the reading
    locates each inline in its block's text, and never takes a link's words for its address."""
    from coursegen.content.reading import read

    reading = read(PAGE)
    assert [PAGE[start:end] for start, end in reading.code] == [
        "`x`",
        "`code {{ y }}`",
        "`multi\n> line {{ z }}`",
        "    indented {{ i }}",
        "`c`",
    ]
    assert [(link.line, link.target, link.image, PAGE[link.start - 1 : link.end]) for link in reading.links] == [
        (3, "Animals.ipynb", False, "(Animals.ipynb"),
        (3, "http://a.b", False, "<http://a.b"),
        (3, "images/b.png", True, "(images/b.png"),
        (3, "https://youtu.be/v", False, "(https://youtu.be/v"),
        (7, "./target.md", False, " ./target.md"),
    ]
    assert [(chunk.line, chunk.html) for chunk in reading.html] == [(11, "<script>alert(1)</script>")]
    assert [(block.kind, block.first_line, block.last_line) for block in reading.blocks] == [
        ("heading", 1, 1),
        ("paragraph", 3, 3),
        ("block_quote", 4, 5),
        ("code_block", 9, 9),
        ("html_block", 11, 11),
        ("item", 13, 14),
    ]
    assert reading.blocks[0].title == "Title x" and len(reading.depth_lines) == 2 and reading.depth_lines[1] == 14
    assert read("text\n\n```python\nx = 1\n").unclosed_fence == 3


def test_a_line_above_a_table_is_the_tables_and_titles_no_other_block() -> None:
    """cmark-gfm gives the line just above a table's header (a caption, often in bold) to the
    table, and leaves it an empty paragraph with no position: the table's block holds the line,
    the paragraph before it keeps its own title (it once took the caption's bold words), and the
    caption's prose is on the table's first line (it was on line 0)."""
    from coursegen.content.reading import read

    reading = read("Intro\n\n**Table 1** the models\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert [(block.kind, block.first_line, block.last_line, block.title) for block in reading.blocks] == [
        ("paragraph", 1, 1, ""),
        ("table", 3, 6, ""),
    ]
    assert reading.blocks[1].text.startswith("**Table 1** the models\n| a | b |")
    assert reading.outline.prose == ((1, "Intro"), (3, "Table 1 the models"))  # (the caption's line: never 0)


def test_a_tables_caption_has_its_links_code_and_first_image_where_written() -> None:
    """The caption's inlines are located in its lines (the table's first, one more for each line
    break): an import rewrites its links, macros leave its code alone, the first image is on its
    line (they were unlocated, lost, and on line 1)."""
    from coursegen.content.reading import read

    text = "Intro.\n\nSee ![chart](images/chart.png) and `code`\nthen [next](../02-next/README.md)\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    reading = read(text)
    assert [(link.line, text[link.start : link.end]) for link in reading.links] == [(3, "images/chart.png"), (4, "../02-next/README.md")]
    assert [text[start:end] for start, end in reading.code] == ["`code`"]
    assert reading.outline.first_image == (3, "chart")
    quoted = "> Caption ![i](i.png)\n> | a |\n> |---|\n> | 1 |\n"
    assert [(link.line, quoted[link.start : link.end]) for link in read(quoted).links] == [(1, "i.png")]
