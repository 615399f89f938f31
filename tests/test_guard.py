"""No script injection: the guard compares a translation's raw HTML with its English source, and
words from YAML reach the page as text. Checked on the function and on the real built site."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import build_site, copy_course

from coursegen.pages.guard import english_source_of, links_leaving_site, unexpected_dangers
from coursegen.problems import Problem

PATH = "translations/ms/16-open-source-models/README.md"


def test_markup_copied_from_the_english_source_is_allowed():
    english = '# T\n\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n'
    translation = '# Tajuk\n\nTeks.\n\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n'
    assert unexpected_dangers(translation, english, PATH) == []


def test_changed_or_extra_markup_is_refused_with_its_line():
    english = '<iframe src="https://www.youtube.com/embed/x"></iframe>\n'
    translation = '<iframe src="https://www.youtube.com/embed/x"></iframe>\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n<iframe src="https://evil.example">\n'
    problems = unexpected_dangers(translation, english, PATH)
    assert [(p.line, p.message.split(" is not")[0]) for p in problems] == [
        (2, "<iframe> tag '<iframe src=\"https://www.youtube.com/embed/x\">'"),
        (3, "<iframe> tag '<iframe src=\"https://evil.example\">'"),
    ]


def test_without_an_english_page_nothing_is_allowed():
    assert [p.line for p in unexpected_dangers("a\n<script>x</script>", None, "docs/ms/new.md")] == [2]


@pytest.mark.parametrize(
    "markup, kind",
    [
        ("<script>alert(1)</script>", "<script> tag"),
        ("<SCRIPT SRC=//evil.example/x.js>", "<script> tag"),
        ("<object data=x.swf>", "<object> tag"),
        ("<embed src=x>", "<embed> tag"),
        ("<base href=https://evil.example/>", "<base> tag"),
        ("<meta http-equiv=refresh content='0;url=https://evil.example'>", "<meta> tag"),
        ("<form action=https://evil.example><input></form>", "<form> tag"),
        ("<svg onload=alert(1)>", "<svg> tag"),
        ("<style>body{display:none}</style>", "<style> tag"),
        ("<img src=x onerror=alert(1)>", "event handler attribute onerror="),
        ("<img/onerror=alert(1)>", "event handler attribute onerror="),
        ('<img src="x"onerror=alert(1)>', "event handler attribute onerror="),
        ('<a title=">" onclick="x">y</a>', "event handler attribute onclick="),
        ("<p\nonmouseover=alert(1)>x</p>", "event handler attribute onmouseover="),
        ('[x](https://example.com){: onclick="alert(1)" }', "event handler attribute onclick="),
        ("## Title { onmouseover=alert(1) }", "event handler attribute onmouseover="),
        ("[x](javascript:alert(1))", "javascript: URL"),
        ("[x]( <javascript:alert(1)> )", "javascript: URL"),
        ("[x][r]\n\n[r]: javascript:alert(1)", "javascript: URL"),
        ('<a href=" javascript:alert(1)">x</a>', "javascript: URL"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "javascript: URL"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "javascript: URL"),
        ("<a href='JaVaScRiPt:alert(1)'>x</a>", "javascript: URL"),
        ("<a href=vbscript:msgbox>x</a>", "vbscript: URL"),
        ("![x](data:text/html;base64,PHNjcmlwdD4=)", "data: URL"),
        ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "data: URL"),
        ('[x](https://example.com){ href="javascript:alert(1)" }', "javascript: URL"),
    ],
)
def test_every_known_injection_is_found(markup, kind):
    problems = unexpected_dangers(f"# Tajuk\n\n{markup}\n", "# Title\n", PATH)
    assert problems and problems[0].line == 3 + markup.count("\n")  # the line of the offending part
    assert any(p.message.startswith(kind) for p in problems)


@pytest.mark.parametrize(
    "text",
    [
        "Use `<script>` in code spans.",
        '```html\n<script>alert(1)</script>\n<a href="javascript:x">\n```',
        "a < b and c > d, once = twice",
        "[Hugging Face](https://huggingface.co/models?x=1){ .md-button }",
        '<img src="images/banner.png" alt="Banner">',
        "<a href=java\tscript:x>x</a>",  # unquoted: the value ends at the tab, no script URL
    ],
)
def test_harmless_text_passes(text):
    assert unexpected_dangers(text, "", PATH) == []


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
    assert "\n  lessons: " in text
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

    monkeypatch.setattr(prepare, "theme_id_problems", lambda text, path: [])
    page = course_copy / "translations" / "ms" / "16-open-source-models" / "README.md"
    page.write_text(page.read_text("utf-8") + '\n<div id="__config">{"search": "evil.js"}</div>\n', "utf-8")
    result = build_site(course_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "translations/ms/16-open-source-models/README.md: the page sets the theme's own element id '__config'" in result.stderr
