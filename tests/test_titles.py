"""A page's title (in <title>, the navigation and search): the lesson's title in the page's
language, else the first heading, else the banner's alt text; never the file name ("Index")."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursegen.content.course import Course, load_course
from coursegen.content.sources import SourceFile
from coursegen.pages.prepare import page_title

LESSON = "16-open-source-models"


@pytest.fixture(scope="module")
def course(repo: Path) -> Course:
    return load_course(repo)


def title(course: Course, lang: str, markdown: str, *, lesson: str | None = LESSON, source_lang: str | None = None) -> str | None:
    staged = f"{lang}/{lesson}/README.md" if lesson else f"{lang}/about.md"
    return page_title(course, SourceFile("x.md", source_lang or lang, lesson), staged, markdown)


def test_a_lesson_takes_its_title_from_lesson_yml_in_its_language(course: Course) -> None:
    assert title(course, "en", "![banner](b.png)\n") == course.lessons[LESSON].facts["title"]
    assert title(course, "ja", "![banner](b.png)\n") == course.translations[("ja", LESSON)].words["title"]
    # An English page shown for want of a translation keeps its English title.
    assert title(course, "sw", "text\n", source_lang="en") == course.lessons[LESSON].facts["title"]


def test_otherwise_the_first_heading_then_the_banner(course: Course) -> None:
    assert title(course, "en", "Intro\n\n## A **bold** [start](x.md)\n\n# Main\n", lesson=None) == "Main"
    assert title(course, "en", "Intro\n\n## A **bold** [start](x.md)\n", lesson=None) == "A bold start"
    banner = "[![Open Source Models](../../images/banner.png)](https://youtu.be/x)\n\ntext\n"
    assert title(course, "en", banner, lesson=None) == "Open Source Models"
    assert title(course, "en", "```\n# not a heading\n```\n", lesson=None) is None


def test_a_banner_above_the_first_heading_names_the_page_better_than_that_heading(course: Course) -> None:
    page = "[![Modeli Huria](images/banner.webp)](https://youtu.be/x)\n\n## Utangulizi\n\ntext\n"
    assert title(course, "sw", page, lesson=None) == "Modeli Huria"
    assert title(course, "sw", "## Utangulizi\n\n![picha](a.png)\n", lesson=None) == "Utangulizi"
