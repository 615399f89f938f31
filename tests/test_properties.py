"""Property-based tests: the parsers never crash on arbitrary text (a CourseError is the only
failure allowed), and parse → write → parse is the identity."""

from __future__ import annotations

import re
import string
from datetime import datetime

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from coursegen.content import coop
from coursegen.pages import render
from coursegen.pages.codeblocks import protect_code
from coursegen.pages.guard import markup_limits, markup_problems
from coursegen.pages.links import rewrite_links, strip_tracking
from coursegen.pages.macros import PAGE_MACROS
from coursegen.pages.scan import headings, links, macro_calls
from coursegen.problems import CourseError

settings.register_profile("course", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("course")

# Text that looks like a page: Markdown, HTML and Jinja punctuation are over-represented.
MARKUP = [
    "`",
    "```",
    "~~~",
    "\n",
    "{{",
    "}}",
    "{%",
    "%}",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "!",
    "#",
    "<!--",
    "-->",
    '"',
    "'",
    "=",
    "href=",
    "javascript:",
    "\\",
    " ",
    "{",
    "}",
    ":",
    "\x00",
    "\r\n",
    "\ufeff",
    "é",
    "中",
]
page_text = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=8)), max_size=60).map("".join)
any_text = st.one_of(st.text(), page_text)


def no_crash(function, *args):
    try:
        return function(*args)
    except CourseError:
        return None


# -- the metadata parser ------------------------------------------------------------------------

safe_part = st.text(alphabet=string.ascii_letters + string.digits + "._-> <!", min_size=1, max_size=12).filter(
    lambda part: part not in (".", "..", "~")
)
metadata = st.builds(
    coop.Metadata,
    original_hash=st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
    translation_date=st.datetimes(min_value=datetime(1970, 1, 1)).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S+00:00")),
    source_file=st.lists(safe_part, min_size=1, max_size=4).map("/".join).filter(coop.is_safe_relative_path),
    language_code=st.text(max_size=10),
)


@given(any_text)
def test_metadata_parser_never_crashes(text):
    found = coop.parse_inline_metadata(text, "t.md")
    assert found is None or isinstance(found, coop.InlineMetadata)
    if found is not None:
        assert 1 <= found.first_line <= found.last_line
        assert (found.metadata is None) == bool(found.problems)


@given(metadata, page_text)
def test_metadata_write_then_parse_is_identity(fields, body):
    assume(coop.parse_inline_metadata(body, "t.md") is None)  # the body has no comment of its own
    written = coop.replace_inline_metadata(body, fields)
    found = coop.parse_inline_metadata(written, "t.md")
    assert found is not None and found.metadata == fields and not found.problems
    assert written == coop.format_inline_metadata(fields) + body


@given(any_text, metadata, metadata)
def test_metadata_replace_keeps_the_rest(text, first, second):
    once = coop.replace_inline_metadata(text, first)
    twice = coop.replace_inline_metadata(once, second)
    assert coop.parse_inline_metadata(twice, "t.md").metadata == second
    assert coop.replace_inline_metadata(twice, first) == once  # only the comment ever changes


@given(any_text)
def test_sidecar_parser_never_crashes(text):
    sidecar = coop.parse_sidecar(text, "s.json")
    assert all(isinstance(v, coop.Metadata) for v in sidecar.entries.values())
    assert all(p.line >= 1 for p in sidecar.all_problems())


@given(st.dictionaries(st.text(max_size=30).filter(lambda key: not re.match(r"^__\w+__$", key)), metadata, max_size=5))
def test_sidecar_write_then_parse_is_identity(entries):
    text = coop.format_sidecar(entries)
    sidecar = coop.parse_sidecar(text, "s.json")
    assert (sidecar.entries, sidecar.all_problems()) == (entries, [])
    assert coop.format_sidecar(sidecar.entries, sidecar.other) == text


# -- code protection and the macro-call extractor ----------------------------------------------


@given(any_text)
def test_scanners_never_crash(text):  # (they read the page's one reading: coursegen.content.reading)
    for scanner in (headings, macro_calls, links, markup_problems, markup_limits):
        no_crash(scanner, text, "t.md")


@given(any_text)
@example("```\n```")  # a fence on the first and last lines (once gave an extra line on each side)
def test_protect_then_restore_is_identity(text):
    assume("\x00" not in text)  # files with NUL are refused when read
    protected = no_crash(protect_code, text, "t.md")
    if protected is not None:
        assert protected.restore(protected.text) == text
        assert protected.text.count("\n") == text.count("\n")  # line numbers survive


prose = st.text(alphabet=string.ascii_letters + " .,", max_size=20)
call = st.builds(
    lambda name, arg: f'{{{{ {name}("{arg}") }}}}', st.sampled_from(sorted(PAGE_MACROS)), st.text(string.ascii_lowercase, max_size=6)
)
code = st.builds(lambda body: f"`{{{{ {body} }}}}`", st.text(string.ascii_lowercase, min_size=1, max_size=6))
fence = st.builds(lambda body: f"\n```\n{{{{ {body} }}}}\n```\n", st.text(string.ascii_lowercase, min_size=1, max_size=6))


@given(st.lists(st.one_of(prose, call, code, fence, st.just("\n")), max_size=20))
def test_macro_calls_are_found_outside_code_only_on_their_lines(chunks):
    text = "".join(chunks)
    expected = []
    offset = 0
    for chunk in chunks:
        if chunk.startswith("{{"):
            expected.append((text.count("\n", 0, offset) + 1, chunk.split("(")[0][3:]))
        offset += len(chunk)
    found = macro_calls(text)
    assert [(c.line, c.name) for c in found] == expected


# -- the link rewriter -------------------------------------------------------------------------


@given(any_text)
def test_rewriting_nothing_changes_nothing(text):
    assume("\x00" not in text)
    assert no_crash(rewrite_links, text, lambda link: None) in (None, text)
    assert no_crash(rewrite_links, text, lambda link: link.target) in (None, text)


url = st.builds(
    lambda base, query, fragment: base + query + fragment,
    st.sampled_from(["../18-fine-tuning/README.md", "https://huggingface.co/models", "images/a.png", ""]),
    st.sampled_from(["", "?a=1", "?WT.mc_id=academic-105485-koreyst", "?a=1&WT.mc_id=x&b=2", "?WT.mc_id=x&b=2"]),
    st.sampled_from(["", "#part", "#WT.mc_id"]),
)


@given(url)
def test_strip_tracking(value):
    stripped = strip_tracking(value)
    assert "WT.mc_id=" not in stripped
    assert strip_tracking(stripped) == stripped
    assert stripped.split("#")[0].replace("?", "&").split("&")[0] == value.split("#")[0].split("?")[0]


@given(st.lists(st.one_of(prose, url.map(lambda u: f"[x]({u})" if u else "[x](y)"), code, fence), max_size=12))
def test_rewriting_changes_only_link_targets(chunks):
    text = "".join(chunks)
    rewritten = rewrite_links(text, lambda link: strip_tracking(link.target))
    assert [strip_tracking(link.target) for link in links(text)] == [link.target for link in links(rewritten)]
    # Everything but the targets is byte-identical: code (where links are examples) included.
    assert protect_code(rewritten, "t").pieces == protect_code(text, "t").pieces
    assert "WT.mc_id=" not in rewritten
    assert rewrite_links(rewritten, lambda link: strip_tracking(link.target)) == rewritten


# -- page text split at its {{ }} tags without a full parse equals the full parse ------------------

CALLS = [
    '{{ model_card("llama-2") }}',
    '{{ comparison_table(["a", "b"], columns=["parameters"]) }}',
    "{{ lesson_header() }}",
    "{{\nmodel_chart(\n['x'],\n'parameters') }}",
    '{{ "}}" }}',
    "{{ x.y }}",
    "{{ -1 }}",
    "{{- a -}}",
    "{{ {'a': 1} }}",
    "{{",
]
template_text = st.lists(st.one_of(st.sampled_from(CALLS), st.sampled_from(MARKUP), st.text(max_size=6)), max_size=30).map("".join)


def _normalised(pieces):
    """Adjacent text joined, empty text dropped, each expression as (its dump, its page line)."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            if out and isinstance(out[-1], str):
                out[-1] += piece
            elif piece:
                out.append(piece)
        else:
            node, lines_before = piece
            out.append((node.dump(), lines_before + render._line(node)))
    return [piece for piece in out if piece != ""]


@given(template_text)
@example('a\n{{ model_card("llama-2") }}\n\n{{ lesson_header() }} b')
def test_quick_split_equals_the_full_parse(text):
    quick = render._quick_pieces(text)
    assume(quick is not None)
    assert _normalised(quick) == _normalised(render._full_pieces(text, "t.md"))
