"""The output check: a contributed page's converted HTML, parsed as a browser parses it, is held
against the allowlist, so markup the source scans misread still cannot reach the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_site, coursegen

from coursegen.pages.convert import converter, markdown_settings
from coursegen.pages.sanitize import refused_elements


@pytest.mark.parametrize(
    ("html", "refused"),
    [
        ('<p><img src="x" onerror="alert(1)"></p>', ['<img onerror="alert(1)" src="x">']),
        ('<a href="javascript:alert(1)">x</a>', ['<a href="javascript:alert(1)">']),
        ("<svg><script>alert(1)</script></svg>", ["<script>", "<svg>"]),
        ('<iframe src="https://example.org"></iframe>', ['<iframe src="https://example.org">']),
        ('<p style="background:url(x)">x</p>', ['<p style="background:url(x)">']),
        ('<div data-md-component="search">x</div>', ['<div data-md-component="search">']),
    ],
)
def test_what_the_allowlist_refuses_is_named(html: str, refused: list[str]) -> None:
    assert refused_elements(html) == refused


def test_what_markdown_and_the_notices_make_passes() -> None:
    html = (
        '<h2 id="intro">Intro<a class="headerlink" href="#intro" title="Permanent link">¶</a></h2>'
        '<div class="course-notice" role="note" lang="en" dir="ltr"><p><a href="../" hreflang="en">x</a></p></div>'
        '<table><thead><tr><th style="text-align: left;">a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
        '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>'
        '<p><img alt="banner" src="images/b.png"> <a href="https://example.org/?a=1&amp;b=2">link</a></p>'
        "<details open><summary>more</summary><p>text</p></details><!-- coursegen-html-block 0 -->"
    )
    assert refused_elements(html) == []


def test_an_escaped_backtick_no_longer_smuggles_an_image_handler(course_copy: Path, tmp_path: Path) -> None:
    """The source scan takes `\\`<img …>`` for code; Markdown does not: the build refuses it."""
    page = course_copy / "translations" / "ms" / "16-open-source-models" / "README.md"
    line = len(page.read_text("utf-8").splitlines()) + 2  # after a blank line
    page.write_text(page.read_text("utf-8") + "\nLihat \\`<img src=x onerror=alert(1)>` ini.\n", "utf-8")
    result = build_site(course_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"translations/ms/16-open-source-models/README.md:{line}: markup a contributed page may not publish:" in result.stderr
    assert "onerror" in result.stderr and not (tmp_path / "site" / "ms" / "16-open-source-models" / "index.html").exists()


def test_check_and_validate_hold_the_converted_page_too(course_copy: Path) -> None:
    """Without a build: check and validate convert the page with the site's Markdown extensions
    (read from mkdocs.yml) and give the build's verdict, file and element."""
    page = course_copy / "translations" / "ms" / "16-open-source-models" / "README.md"
    line = len(page.read_text("utf-8").splitlines()) + 2
    page.write_text(page.read_text("utf-8") + "\nLihat \\`<img src=x onerror=alert(1)>` ini.\n", "utf-8")
    expected = f'translations/ms/16-open-source-models/README.md:{line}: markup a contributed page may not publish: <img onerror="alert(1)" src="x">'
    checked = coursegen(course_copy, "check")
    missing = f"translations/ms/16-open-source-models/README.md:{line}: image 'x' leads to no file"
    assert checked.returncode == 1 and expected in checked.stdout.splitlines()
    assert [line for line in checked.stdout.splitlines() if line != expected and not line.startswith(missing)] == []
    validated = coursegen(course_copy, "validate")
    assert (validated.returncode, validated.stderr.splitlines()) == (1, [expected])


def test_the_converter_reads_pages_as_github(repo: Path) -> None:
    """check and validate convert with the site's own settings (mkdocs.yml): GitHub's Markdown,
    alerts as the theme's admonitions, headings with permalinks, code coloured."""
    names, settings = markdown_settings(repo)
    assert "coursegen.pages.gfm" in names and settings["toc"] == {"permalink": True}
    html = converter(repo)("## Intro\n\n> [!NOTE]\n> text\n\n- a\n  - b\n\n```python\nx = 1\n```\n")
    assert (
        '<a class="headerlink" href="#intro"' in html and 'class="admonition note"' in html and 'class="language-python highlight"' in html
    )
    assert html.count("<ul>") == 2
