"""Any course in the translated-lesson format, whatever its lesson layout: the courses that nest
their lessons in chapters (ML-For-Beginners: 1-Introduction/1-intro-to-ML/) or under lessons/
(AI-For-Beginners: lessons/3-NeuralNetworks/03-Perceptron/) are imported with their order and
titles, their links followed, and built into a site that reads as GitHub shows each page."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import build_site, copy_course, coursegen
from selectolax.lexbor import LexborHTMLParser
from upstream_checkout import NESTED_SLUGS, write_nested_checkout

from tools.fidelity import compare


@pytest.fixture(scope="module", params=["chapters", "lessons"])
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path, str]:
    shape = request.param
    base = tmp_path_factory.mktemp(shape)
    root = copy_course(base / "course")
    upstream = write_nested_checkout(base / "upstream", shape)
    result = coursegen(root, "import", str(upstream))
    assert result.returncode == 0, result.stderr
    built = build_site(root, base / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    return shape, root, base / "site", result.stdout + result.stderr


def test_lessons_come_in_reading_order_with_their_own_titles(imported: tuple[str, Path, Path, str]) -> None:
    shape, root, _, _ = imported
    slugs = NESTED_SLUGS[shape]
    assert [slug for slug in slugs if (root / "lessons" / slug / "README.md").is_file()] == slugs
    titles = {
        slug: next(line for line in (root / "lessons" / slug / "lesson.yml").read_text("utf-8").splitlines() if line.startswith("title:"))
        for slug in slugs
    }
    if shape == "chapters":
        assert titles["03-history-of-ml"] == "title: History of machine learning"
        assert titles["05-tools"] == "title: Get started with Python and Scikit-learn"
    else:
        assert titles["03-perceptron"] == "title: 'Introduction to Neural Networks: Perceptron'"


def test_links_go_to_the_repository_the_checkout_was_cloned_from(imported: tuple[str, Path, Path, str]) -> None:
    shape, root, _, summary = imported
    repository, branch = ("ML-For-Beginners", "main") if shape == "chapters" else ("AI-For-Beginners", "master")
    config = (root / "course.yml").read_text("utf-8")
    assert f"\nupstream: https://github.com/microsoft/{repository}\n" in config and f"\nupstream_branch: {branch}\n" in config
    assert f"warning: course.yml: upstream set to https://github.com/microsoft/{repository} ({branch}), the checkout's origin" in summary


def test_a_chapter_page_does_not_swallow_its_lessons_nor_old_translations(imported: tuple[str, Path, Path, str]) -> None:
    shape, root, _, summary = imported
    chapter = "01-introduction" if shape == "chapters" else "02-neuralnetworks"
    assert sorted(p.name for p in (root / "lessons" / chapter).iterdir()) == ["README.md", "lesson.yml"]
    old = (
        "1-Introduction/1-intro-to-ML/translations/README.es.md"
        if shape == "chapters"
        else "lessons/3-NeuralNetworks/03-Perceptron/README.es.md"
    )
    assert f"SRC/{old}: a translation kept beside the English page (an older layout), not a page of the lesson: skipped" in summary
    assert not list(root.glob("lessons/*/**/README.es.md"))


def test_links_follow_the_layout(imported: tuple[str, Path, Path, str]) -> None:
    shape, root, site, _ = imported
    if shape == "chapters":
        chapter = (root / "lessons" / "01-introduction" / "README.md").read_text("utf-8")
        assert "[Introduction](../02-intro-to-ml/README.md)" in chapter and "[History](../03-history-of-ml/README.md)" in chapter
        lesson = (root / "lessons" / "02-intro-to-ml" / "README.md").read_text("utf-8")
        assert "[history](../03-history-of-ml/README.md)" in lesson and "[Get up and running](assignment.md)" in lesson
        # A course-wide image (sketchnotes/, outside every lesson) is copied into the lesson that shows it.
        history = (root / "lessons" / "03-history-of-ml" / "README.md").read_text("utf-8")
        assert "(images/course/sketchnotes/ml-history.png)" in history
        assert (site / "03-history-of-ml" / "images" / "course" / "sketchnotes" / "ml-history.png").is_file()
        # The Japanese banner is found by the hash of its English path in the checkout.
        assert (root / "translations" / "ja" / "02-intro-to-ml" / "images" / "hype.png").is_file()
        tools = (root / "lessons" / "05-tools" / "README.md").read_text("utf-8")
        # Links to files the site does not publish go to the repository the checkout was cloned from.
        assert "(https://github.com/microsoft/ML-For-Beginners/blob/main/2-Regression/1-Tools/solution/notebook.ipynb)" in tools
    else:
        ja = (root / "translations" / "ja" / "03-perceptron" / "README.md").read_text("utf-8")
        assert "[指示](lab/README.md)" in ja
        assert (
            "(https://github.com/microsoft/AI-For-Beginners/blob/master/lessons/3-NeuralNetworks/03-Perceptron/lab/PerceptronMultiClass.ipynb)"
            in ja
        )
        assert (root / "translations" / "ja" / "03-perceptron" / "images" / "activation-func.png").is_file()
        assert (site / "ja" / "03-perceptron" / "lab" / "index.html").is_file()
    images = [
        node.attributes.get("src") or "" for html in site.rglob("*.html") for node in LexborHTMLParser(html.read_text("utf-8")).css("img")
    ]
    assert images and not [src for src in images if "/blob/" in src]


def test_translations_are_recorded_under_this_sites_paths(imported: tuple[str, Path, Path, str]) -> None:
    """The sidecar's source_file names our lesson (02-intro-to-ml/README.md), and a translation of
    today's upstream English is up to date here."""
    shape, root, _, summary = imported
    sidecar = json.loads((root / "translations" / "ja" / ".co-op-translator.json").read_text("utf-8"))
    slug = "02-intro-to-ml" if shape == "chapters" else "03-perceptron"
    entry = sidecar[f"{slug}/README.md"]
    assert entry["source_file"] == f"{slug}/README.md"
    assert entry["original_hash"] == hashlib.md5((root / "lessons" / slug / "README.md").read_bytes()).hexdigest()
    assert "ja: " in summary and "up-to-date" in summary.split("ja: ")[1].splitlines()[0]


def test_every_page_reads_as_github_shows_it(imported: tuple[str, Path, Path, str]) -> None:
    _, root, site, _ = imported
    differences = compare(root, site)
    assert not differences, differences[:2]


def test_a_page_gone_upstream_is_reported_and_kept(tmp_path: Path) -> None:
    """Import is a sync: a page imported before and since removed upstream is listed, not deleted."""
    root = copy_course(tmp_path / "course")
    upstream = write_nested_checkout(tmp_path / "upstream", "chapters")
    assert coursegen(root, "import", str(upstream)).returncode == 0
    (upstream / "1-Introduction" / "1-intro-to-ML" / "assignment.md").unlink()
    again = coursegen(root, "import", str(upstream))
    assert again.returncode == 0, again.stderr
    assert "removed upstream, kept here (1):\n  lessons/02-intro-to-ml/assignment.md: no longer in the checkout" in again.stdout
    assert (root / "lessons" / "02-intro-to-ml" / "assignment.md").is_file()


def test_a_lesson_inserted_upstream_does_not_move_the_others(tmp_path: Path) -> None:
    """Nested lessons are numbered in reading order once; each lesson.yml keeps its folder in the
    checkout, so a lesson inserted upstream later gets a new number and every page keeps its address."""
    root = copy_course(tmp_path / "course")
    upstream = write_nested_checkout(tmp_path / "upstream", "chapters")
    assert coursegen(root, "import", str(upstream)).returncode == 0
    assert "upstream_folder: 1-Introduction/1-intro-to-ML\n" in (root / "lessons" / "02-intro-to-ml" / "lesson.yml").read_text("utf-8")
    inserted = upstream / "1-Introduction" / "2-ethics-of-ML"
    inserted.mkdir()
    (inserted / "README.md").write_text("# Fairness in machine learning\n\nModels learn the biases of their data.\n", "utf-8")
    (upstream / "1-Introduction" / "2-history-of-ML").rename(upstream / "1-Introduction" / "3-history-of-ML")
    (upstream / "2-Regression" / "1-Tools").rename(tmp_path / "gone")
    again = coursegen(root, "import", str(upstream))
    assert again.returncode == 0, again.stderr
    lessons = sorted(path.name for path in (root / "lessons").iterdir() if (path / "README.md").is_file())
    assert lessons == [
        "01-introduction",
        "02-intro-to-ml",
        "03-history-of-ml",
        "04-regression",
        "05-tools",
        "06-ethics-of-ml",
        "16-open-source-models",
    ]
    # Renumbered upstream (2- to 3-history-of-ML): the same lesson, its lesson.yml follows.
    history = (root / "lessons" / "03-history-of-ml" / "lesson.yml").read_text("utf-8")
    assert "upstream_folder: 1-Introduction/3-history-of-ML\n" in history
    assert "title: Fairness in machine learning" in (root / "lessons" / "06-ethics-of-ml" / "lesson.yml").read_text("utf-8")
    assert "lessons/05-tools: its folder 2-Regression/1-Tools is no longer in the checkout: kept here" in again.stdout
    assert coursegen(root, "validate").returncode == 0


def test_chapters_are_a_level_of_the_navigation(imported: tuple[str, Path, Path, str]) -> None:
    """A chapter's lessons sit under the chapter's title in the site's navigation, after its page."""
    shape, _, site, _ = imported
    page, title, lessons = (
        ("ja/05-tools", "Introduction to machine learning", ["01-introduction", "02-intro-to-ml", "03-history-of-ml"])
        if shape == "chapters"
        else ("01-intro", "Introduction to neural networks", ["02-neuralnetworks", "03-perceptron"])
    )
    tree = LexborHTMLParser((site / page / "index.html").read_text("utf-8"))
    sections = [
        item
        for item in tree.css("nav.md-nav--primary li.md-nav__item--nested")
        if title in item.text(deep=False) + (item.css_first("label") or item).text()
    ]
    assert sections
    hrefs = [a.attributes.get("href") or "" for a in sections[-1].css("a.md-nav__link")]
    assert [slug for href in hrefs for slug in lessons if href.rstrip("/").endswith(slug)] == lessons
    if shape == "lessons":  # the chapter translated: titled in the reader's language, as its page is
        tree = LexborHTMLParser((site / "ja" / "01-intro" / "index.html").read_text("utf-8"))
        labels = [" ".join(item.text().split()) for item in tree.css("nav.md-nav--primary li.md-nav__item--nested > label")]
        assert "ニューラルネットワークの紹介" in labels, labels
