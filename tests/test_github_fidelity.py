"""Every page of an imported course reads as GitHub shows it: the built article of each page (English
and every translation) has the structure GitHub's own renderer (cmark-gfm, the `cmarkgfm` package,
called here directly) gives its source file: the same headings at the same levels, the same list
items at the same depth and of the same kind, code blocks, tables, images, and alerts as the
theme's admonitions titled in the reader's language. No raw syntax is left on any page."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_site, copy_course, coursegen
from selectolax.lexbor import LexborHTMLParser
from upstream_checkout import write_checkout

from tools.fidelity import built_article, compare, pages, structure


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


def test_every_imported_page_has_githubs_structure(imported: tuple[Path, Path]) -> None:
    root, site = imported
    assert len(pages(root)) > 40
    differences = compare(root, site)
    assert not differences, differences[:2]


def test_the_shapes_python_markdown_misread_are_there(imported: tuple[Path, Path]) -> None:
    """The checkout's GitHub shapes, as GitHub gives them: nested bullets under numbered items,
    3-space nesting, alerts in the reader's language, the commented-out fence gone."""
    root, site = imported
    article = built_article(site / "ms" / "18-fine-tuning" / "index.html")
    got = structure(article, built=True)
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


def test_translated_pages_of_a_lesson_without_its_translated_readme_are_published(imported: tuple[Path, Path]) -> None:
    """Traditional Chinese has lesson 18's resources page but not its README.md (as upstream's
    Urdu, Hebrew and Tamil lesson 08): the page is imported and published in its language, the
    lesson page is the English one with the fallback notice."""
    root, site = imported
    assert (root / "translations" / "zh-TW" / "18-fine-tuning" / "RESOURCES.md").is_file()
    assert not (root / "translations" / "zh-TW" / "18-fine-tuning" / "README.md").exists()
    resources = (site / "zh-TW" / "18-fine-tuning" / "RESOURCES" / "index.html").read_text("utf-8")
    assert 'lang="zh-TW"' in resources and "course-notice--fallback" not in resources
    lesson = (site / "zh-TW" / "18-fine-tuning" / "index.html").read_text("utf-8")
    assert "course-notice--fallback" in lesson


def test_an_alert_title_is_in_the_readers_language(imported: tuple[Path, Path]) -> None:
    """An imported language with no strings.yml of the course (Hebrew) has its alerts titled in its
    own words (shipped with the generator), as Malay's are: unmarked, in the page's language."""
    _, site = imported
    hebrew = built_article(site / "he" / "18-fine-tuning" / "index.html").css_first("div.admonition p.admonition-title")
    assert hebrew is not None and hebrew.text().strip() == "הערה" and "lang" not in hebrew.attributes
    malay = built_article(site / "ms" / "18-fine-tuning" / "index.html").css_first("div.admonition p.admonition-title")
    assert malay is not None and malay.text().strip() == "Nota" and "lang" not in malay.attributes


def test_the_changes_page_of_an_imported_translation_gives_advice_that_works(imported: tuple[Path, Path]) -> None:
    """An imported translation was made from an English text this repository's history never had:
    its changes page says so and asks for a comparison and a stamp, not for a fuller clone."""
    _, site = imported
    outdated = sorted((site / "ms" / "changes").glob("*/index.html"))
    assert outdated
    page = LexborHTMLParser(outdated[0].read_text("utf-8")).css_first("article")
    assert page is not None
    text = page.text()
    assert "tiada dalam sejarah repositori ini" in text and "coursegen stamp translations/ms/" in text
    assert "unshallow" not in text


def test_check_does_not_compare_a_translation_with_english_it_never_saw(imported: tuple[Path, Path]) -> None:
    """An imported outdated translation was made from an English text this repository never had:
    check says so once per file instead of comparing it line by line with the current English."""
    root, _ = imported
    result = coursegen(root, "check")
    lines = [line for line in result.stdout.splitlines() if line.startswith("translations/")]
    made_elsewhere = [line for line in lines if "translated from an English text this repository's history does not have" in line]
    assert made_elsewhere
    files = {line.split(":", 1)[0] for line in made_elsewhere}
    assert not [line for line in lines if line.split(":", 1)[0] in files and "heading" in line]


def test_status_says_an_imported_translation_was_made_from_english_it_never_had(imported: tuple[Path, Path]) -> None:
    """`coursegen status` (and its pull-request comment) names the reason, not "English changed"."""
    root, _ = imported
    result = coursegen(root, "status", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ms | ")]
    assert any("an English text this repository never had: compare by hand, then coursegen stamp" in row for row in rows)
    assert not any("unshallow" in row for row in rows)


def test_an_alert_title_in_another_language_than_the_page_is_marked_so() -> None:
    """Where a language has no word for an alert yet (a course's own, newer alert label), its
    title is the English one, marked English and left to right inside the page."""
    import markdown

    from coursegen.pages.gfm import GithubMarkdown

    converter = markdown.Markdown(extensions=[GithubMarkdown(alert_titles={"NOTE": ("en", "Note"), "TIP": ("", "Kidokezo")})])
    html = converter.convert("> [!NOTE]\n> Maandishi.\n\n> [!TIP]\n> Zaidi.\n")
    assert '<p class="admonition-title" dir="ltr" lang="en">Note</p>' in html
    assert '<p class="admonition-title">Kidokezo</p>' in html


def test_a_toc_marker_is_text_as_on_github(tmp_path: Path) -> None:
    """Python-Markdown's table-of-contents extension puts a table of contents in place of a
    paragraph of just [TOC]; GitHub shows the text."""
    root = copy_course(tmp_path / "course")
    page = root / "docs" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[TOC]\n", encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<p>[TOC]</p>" in html and 'class="toc"' not in html


HEADINGS = """# Open *Source* Models

## Llama 2 & `code` <em>raw</em> — 日本語の見出し

### A < B > C &amp; D

### A < B > C &amp; D

> ## Quoted heading
>
> > [!NOTE]
> > ### In an alert

<details><summary>More</summary>

#### Inside HTML <span>with a span</span>

</details>

##### Five [with a link](https://example.org) and ![an image](x.png)

###### Six ~~struck~~ **bold** <sup id="fnref-1">1</sup>

Setext heading
--------------
"""


@pytest.mark.parametrize("settings", [{"permalink": True, "permalink_title": "Pautan kekal"}, {"toc_depth": "2-4"}, {"baselevel": 2}])
def test_the_table_of_contents_is_the_toc_extensions(settings: dict) -> None:
    """The headings' permalinks and the table of contents (coursegen.pages.gfm._TableOfContents)
    are those Python-Markdown's toc extension makes, setting for setting, name for name."""
    import markdown

    from coursegen.pages import gfm

    def convert(ours: bool) -> tuple[str, list]:
        converter = markdown.Markdown(
            extensions=["toc", "tables", "fenced_code", gfm.GithubMarkdown(atoms=["Llama 2"])],
            extension_configs={"toc": {"marker": "", **settings}},
        )
        if not ours:  # the extension's own processor back in place
            converter.treeprocessors.register(converter.treeprocessors["toc"].toc, "toc", 5)
        assert isinstance(converter.treeprocessors["toc"], gfm._TableOfContents) == ours
        return converter.convert(HEADINGS), converter.toc_tokens  # type: ignore[attr-defined]

    html, tokens = convert(ours=True)
    assert (html, tokens) == convert(ours=False)
    names = [token["name"] for token in tokens] + [child["name"] for token in tokens for child in token["children"]]
    assert "Llama 2 &amp; code raw — 日本語の見出し" in names and ("headerlink" in html) == ("permalink" in settings)
