"""No script injection: the guard's early, line-precise warnings on a contributed page are the
output policy's own rule (coursegen.pages.sanitize) held against each piece of raw HTML and each
address the page's reading found, so the two cannot disagree; words from YAML reach the page as
text. Checked on the function and on the real built site."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import build_site, copy_course

from coursegen.pages.gfm import page_html
from coursegen.pages.guard import english_source_of, links_leaving_site, markup_problems
from coursegen.pages.sanitize import REFUSED, output_problems
from coursegen.problems import Problem

PATH = "translations/ms/16-open-source-models/README.md"


def test_markup_the_policy_refuses_is_refused_even_when_the_english_has_it():
    """A translation of an English page that embeds a form may not embed one: the policy refuses
    it in every contributed page, so the early warning does too (one rule, not two)."""
    translation = '# Tajuk\n\nTeks.\n\n<object data="https://example.com/x"></object>\n'
    assert markup_problems(translation, PATH) == [Problem(PATH, 5, f'{REFUSED} <object data="https://example.com/x">')]
    assert output_problems(page_html(translation), PATH, translation)


@pytest.mark.parametrize(
    "markup, written, line",
    [
        ("<object data=x.swf>", '<object data="x.swf">', 3),
        ("<embed src=x>", '<embed src="x">', 3),
        ("<base href=https://evil.example/>", '<base href="https://evil.example/">', 3),
        ("<meta http-equiv=refresh content='0;url=https://evil.example'>", "<meta", 3),
        ("<form action=https://evil.example><input></form>", '<form action="https://evil.example">', 3),
        ("<svg onload=alert(1)>", '<svg onload="alert(1)">', 3),
        ("<img src=x onerror=alert(1)>", '<img onerror="alert(1)" src="x">', 3),
        ("<a href=java\tscript:x>x</a>", '<a href="java" script:x="">', 3),  # an attribute named script:x
        ('<a title=">" onclick="x">y</a>', '<a onclick="x" title=">">', 3),
        ("<p\nonmouseover=alert(1)>x</p>", '<p onmouseover="alert(1)">', 3),
        ("[x](javascript:alert(1))", '<a href="javascript:alert(1)">', 3),
        ("[x]( <javascript:alert(1)> )", '<a href="javascript:alert(1)">', 3),
        ("[x][r]\n\n[r]: javascript:alert(1)", '<a href="javascript:alert(1)">', 5),
        ('<a href=" javascript:alert(1)">x</a>', '<a href=" javascript:alert(1)">', 3),
        ('<a href="&#106;avascript:alert(1)">x</a>', '<a href="javascript:alert(1)">', 3),
        ('<a href="java&#x09;script:alert(1)">x</a>', '<a href="java\tscript:alert(1)">', 3),
        ("<a href='JaVaScRiPt:alert(1)'>x</a>", '<a href="JaVaScRiPt:alert(1)">', 3),
        ("<a href=vbscript:msgbox>x</a>", '<a href="vbscript:msgbox">', 3),
        ("![x](data:text/html;base64,PHNjcmlwdD4=)", '<img src="data:text/html;base64,PHNjcmlwdD4=">', 3),
        ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', '<img src="data:image/svg+xml,<svg onload=alert(1)>">', 3),
        ('<div id="__config">x</div>', "the page sets the theme's own element id '__config'", 3),
    ],
)
def test_every_known_injection_is_found_where_it_is_written(markup, written, line):
    text = f"# Tajuk\n\n{markup}\n"
    problems = markup_problems(text, PATH)
    assert problems and problems[0].line == line, problems
    assert any(written in problem.message for problem in problems), problems
    assert output_problems(page_html(text), PATH, text), "the policy on the page's HTML refuses it too"


@pytest.mark.parametrize(
    "text",
    [
        "Use `<script>` in code spans.",
        # GitHub's tag filter writes these as text, on GitHub and here: shown, never run.
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js>",
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example"></iframe>',
        '```html\n<script>alert(1)</script>\n<a href="javascript:x">\n```',
        "    <script>alert(1)</script>",  # an indented code block
        "a < b and c > d, once = twice",
        "[Hugging Face](https://huggingface.co/models?x=1){ .md-button }",
        '<img src="images/banner.png" alt="Banner">',
        # Not tags to CommonMark (no space before an attribute): text, on GitHub and here.
        "<img/onerror=alert(1)>",
        '<img src="x"onerror=alert(1)>',
        # Attribute lists are Python-Markdown's, not GitHub's: on GitHub and here they are text.
        '[x](https://example.com){: onclick="alert(1)" }',
        "## Title { onmouseover=alert(1) }",
        '[x](https://example.com){ href="javascript:alert(1)" }',
    ],
)
def test_harmless_text_passes(text):
    assert markup_problems(text, PATH) == []
    assert output_problems(page_html(text), PATH, text) == []


def test_english_counterparts():
    assert english_source_of(PATH) == "lessons/16-open-source-models/README.md"
    assert english_source_of("translations/ms/16-open-source-models/images/x.png") == "lessons/16-open-source-models/images/x.png"
    assert english_source_of("docs/ja/about.md") == "docs/en/about.md"
    assert english_source_of("docs/en/about.md") is None
    assert english_source_of("lessons/16-open-source-models/README.md") is None


def test_links_that_climb_out_of_the_site():
    text = "[a](../../../17-ai-agents)\n[b](../16-open-source-models/README.md)\n[c](#x)\n[d](https://e.x/../..)\n[e](../../../about.md)\n"
    assert links_leaving_site(text, "ms/16-open-source-models/README.md", PATH) == [
        Problem(PATH, 1, "link '../../../17-ai-agents' leads out of the site's folder"),
        Problem(PATH, 5, "link '../../../about.md' leads out of the site's folder"),
    ]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")
            if name in ("href", "src") and value and value.replace(" ", "").lower().startswith(("javascript:", "data:")):
                self.script_urls.append(value)

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script></title><script>alert(6)</script>"


def test_words_from_yaml_are_text_on_the_built_site(tmp_path: Path):
    """lesson.yml and strings.yml reach the page through the macros and the navigation only as text."""
    root = copy_course(tmp_path / "course")
    lesson = root / "translations/ms/16-open-source-models/lesson.yml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8")
        .replace("title: Model Sumber Terbuka", f"title: 'Model {{: onclick=\"alert(3)\" }} {HOSTILE}'")
        .replace("goals:\n", f"goals:\n  - '{HOSTILE} [x](javascript:alert(4))'\n"),
        encoding="utf-8",
    )
    strings = root / "translations/ms/strings.yml"
    text = strings.read_text(encoding="utf-8")
    text = text.replace("labels:\n", "labels:\n  lessons: Pelajaran\n", 1)  # (replaces the shipped label)
    lines = [f"  lessons: '{HOSTILE}'" if line.startswith("  lessons: ") else line for line in text.split("\n")]
    lines = [f"  model: '{HOSTILE}'" if line.startswith("  model: ") else line for line in lines]
    strings.write_text("\n".join(lines), encoding="utf-8")
    # A heading written with entities is text in Markdown, and must stay text in <title> and the nav.
    page = root / "docs/ms/about.md"
    page.write_text("# &lt;/title&gt;&lt;script&gt;alert(7)&lt;/script&gt;\n\nTeks.\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    collector = _Collector()
    pages = list((site / "ms").rglob("*.html"))
    assert pages
    for page in pages:
        collector.feed(page.read_text(encoding="utf-8"))
    assert collector.handlers == []
    assert collector.script_urls == []
    assert not [s for s in collector.scripts if "alert(" in s]
    lesson_page = (site / "ms/16-open-source-models/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in lesson_page  # shown to the reader as typed


def test_the_theme_ids_are_also_checked_on_the_converted_page(course_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """The source check is for early, line-precise messages; the build holds the page's HTML to the
    same rule, so markup the source scan misreads cannot set the theme's ids either."""
    from coursegen.pages import prepare

    monkeypatch.setattr(prepare, "markup_problems", lambda text, path: [])
    page = course_copy / "translations" / "ms" / "16-open-source-models" / "README.md"
    page.write_text(page.read_text("utf-8") + '\n<div id="__config">{"search": "evil.js"}</div>\n', "utf-8")
    result = build_site(course_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "translations/ms/16-open-source-models/README.md: the page sets the theme's own element id '__config'" in result.stderr
