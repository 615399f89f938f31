"""Every page of an imported course reads as GitHub shows it: the built article of each page (English
and every translation) has the structure GitHub's own renderer (cmark-gfm, the `cmarkgfm` package,
called here directly) gives its source file: the same headings at the same levels, the same list
items at the same depth and of the same kind, code blocks, tables, images, and alerts as the
theme's admonitions titled in the reader's language. No raw syntax is left on any page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from helpers import build_site, copy_course, coursegen
from selectolax.lexbor import LexborHTMLParser, LexborNode
from upstream_checkout import write_checkout

ALERT_KINDS = {"note", "tip", "important", "warning", "caution"}


@dataclass
class Structure:
    headings: list[tuple[int, str]]
    lists: list[tuple[int, str]]  # each list item: (depth, "ul" or "ol")
    code_blocks: int
    tables: int
    images: list[str]  # alt texts
    alerts: list[str]  # kinds, in order


def _depth(item: LexborNode) -> int:
    depth, node = 0, item.parent
    while node is not None:
        depth += node.tag in ("ul", "ol")
        node = node.parent
    return depth


def _structure(scope: LexborNode, built: bool) -> Structure:
    headings = []
    for heading in scope.css("h1, h2, h3, h4, h5, h6"):
        text = heading.text(deep=True).replace("¶", "").strip()
        headings.append((int(heading.tag[1]), " ".join(text.split())))
    lists = [(_depth(item), item.parent.tag if item.parent is not None else "?") for item in scope.css("li")]
    if built:
        alerts = [
            kind for box in scope.css("div.admonition") for kind in (box.attributes.get("class") or "").split() if kind in ALERT_KINDS
        ]
    else:
        alerts = []
        for quote in scope.css("blockquote"):
            first = quote.css_first("p")
            text = first.text(deep=True).strip() if first is not None else ""
            if text.startswith("[!") and "]" in text:
                alerts.append(text[2 : text.index("]")].lower())
    images = [image.attributes.get("alt") or "" for image in scope.css("img")]
    return Structure(headings, lists, len(scope.css("pre")), len(scope.css("table")), images, alerts)


def github_structure(text: str) -> Structure:
    html = cmarkgfm.markdown_to_html_with_extensions(
        text, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    )
    body = LexborHTMLParser("<!DOCTYPE html><body>" + html).body
    assert body is not None
    return _structure(body, built=False)


def built_article(page: Path) -> LexborNode:
    article = LexborHTMLParser(page.read_text("utf-8")).css_first("article")
    assert article is not None, page
    # What the site adds around the page's own text: the notice, the disclaimer's box, the edit link.
    for added in article.css("div.course-notice, div.admonition.info, a.md-content__button"):
        added.decompose()
    return article


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("fidelity")
    root = copy_course(base / "course")
    upstream = write_checkout(base / "upstream")
    result = coursegen(root, "import", str(upstream))
    assert result.returncode == 0, result.stderr
    built = build_site(root, base / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    return root, base / "site"


def _pages(root: Path) -> list[tuple[Path, str]]:
    """Each imported Markdown page and the folder of the site it is built into."""
    pages = []
    for path in sorted((root / "lessons").rglob("*.md")) + sorted((root / "translations").rglob("*.md")):
        relative = path.relative_to(root)
        if relative.parts[0] == "lessons":
            lang, inner = "", relative.parts[1:]
        else:
            lang, inner = relative.parts[1] + "/", relative.parts[2:]
        if inner[0] == "16-open-source-models":
            continue  # this course's own lesson, not the import's
        folder = "/".join(inner[:-1]) + ("" if inner[-1] == "README.md" else "/" + inner[-1].removesuffix(".md"))
        pages.append((path, f"{lang}{folder}"))
    return pages


def test_every_imported_page_has_githubs_structure(imported: tuple[Path, Path]) -> None:
    root, site = imported
    pages = _pages(root)
    assert len(pages) > 40
    differences = []
    for source, folder in pages:
        expected = github_structure(source.read_text("utf-8"))
        got = _structure(built_article(site / folder / "index.html"), built=True)
        got.headings = [heading for heading in got.headings if heading[0] > 1 or heading in expected.headings]  # the theme's title
        if expected != got:
            differences.append((source.relative_to(root).as_posix(), expected, got))
    assert not differences, differences[:2]


def test_the_shapes_python_markdown_misread_are_there(imported: tuple[Path, Path]) -> None:
    """The checkout's GitHub shapes, as GitHub gives them: nested bullets under numbered items,
    3-space nesting, alerts in the reader's language, the commented-out fence gone."""
    root, site = imported
    article = built_article(site / "ms" / "18-fine-tuning" / "index.html")
    got = _structure(article, built=True)
    assert (2, "ul") in got.lists and (1, "ol") in got.lists
    titles = [title.text().strip() for title in article.css("div.admonition p.admonition-title")]
    assert "Nota" in titles and "Penting" in titles
    text = article.text(deep=True)
    assert "old instructions" not in text  # the fence inside the comment stays a comment
    for raw in ("[!NOTE]", "[!IMPORTANT]", "<!--", "-->", "](", "<br>"):
        assert raw not in text, raw
    heading = article.css_first("h3")
    assert heading is not None and heading.attributes.get("id")


def test_links_are_followed_not_guessed(imported: tuple[Path, Path]) -> None:
    """Whatever a page links or embeds that is in the checkout comes along: the flat 16-hex
    translated banner (`<stem>.<hash16>.<lang>.png`, Brazilian Portuguese here), an image in img/ rather than
    images/; a bare mail address becomes a mail link; no image points at a GitHub page."""
    root, site = imported
    translated = root / "translations" / "pt-BR" / "18-fine-tuning"
    assert "](images/18-lesson-banner.png)" in (translated / "README.md").read_text("utf-8")
    assert (translated / "images" / "18-lesson-banner.png").is_file()
    assert (root / "lessons" / "18-fine-tuning" / "img" / "effort.png").is_file()
    for lang in ("", "pt-BR/", "ms/"):
        article = built_article(site / f"{lang}18-fine-tuning" / "index.html")
        sources = [image.attributes.get("src") or "" for image in article.css("img")]
        assert any(source.endswith("img/effort.png") for source in sources), sources
        assert not [source for source in sources if "github.com" in source], sources
        for source in sources:
            assert (site / f"{lang}18-fine-tuning" / source).resolve().is_file(), (lang, source)
        mails = [link.attributes.get("href") for link in article.css("a") if "Email" in link.text()]
        assert mails == ["mailto:opencode@example.com"], mails


def test_each_page_is_titled_by_its_own_heading(imported: tuple[Path, Path]) -> None:
    """A lesson's README takes the lesson's title; its other pages (a sub-folder's README, a
    resources page) their own first heading; the generated lesson.yml's summary is the first
    paragraph of prose, never the video caption in a quote under the banner."""
    root, site = imported

    def title(folder: str) -> str:
        tree = LexborHTMLParser((site / folder / "index.html").read_text("utf-8"))
        node = tree.css_first("title")
        return node.text() if node is not None else ""

    assert title("05-advanced-prompts/setup").startswith("Advanced prompts: setting up")
    assert title("18-fine-tuning/RESOURCES").startswith("Fine tuning: resources")
    assert title("18-fine-tuning").startswith("Fine tuning")
    lesson = (root / "lessons" / "18-fine-tuning" / "lesson.yml").read_text("utf-8")
    assert "Click the image" not in lesson and "summary: " in lesson
