"""The outdated and fallback notices, rendered from macros/notice.j2 in the reader's language."""

from __future__ import annotations

from pathlib import Path

from coursegen.content.course import load_course
from coursegen.pages.notices import NoticeLinks, insert_notice, page_notice

LESSON = "16-open-source-models"
LINKS = NoticeLinks(english="../../16-open-source-models/", update_guide="../contributing/#update", start_guide="../contributing/#start")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_outdated_notice(course_copy: Path) -> None:
    _append(course_copy / "lessons" / LESSON / "README.md", "\nA new paragraph in English.\n")
    course = load_course(course_copy)
    notice = page_notice(course, "ar", "ar", LESSON, LINKS)
    ar = course.strings["ar"]["labels"]
    assert notice.startswith('<div class="course-notice course-notice--outdated" role="note" lang="ar" dir="rtl">\n')
    assert f'<p class="course-notice__title"><strong>{ar["notice_outdated_title"]}</strong></p>\n' in notice
    assert (
        f'<p class="course-notice__links"><a href="../../16-open-source-models/" hreflang="en">{ar["notice_read_english"]}</a>'
        f' ·&nbsp;<a href="../contributing/#update">{ar["notice_how_to_update"]}</a>'
        f' ·&nbsp;<a href="../changes/16-open-source-models/">{ar["notice_see_changes"]}</a></p>\n</div>\n\n'
    ) in notice
    assert "\n\n" not in notice.rstrip("\n")  # one raw HTML block: Markdown keeps it whole
    assert page_notice(course, "en", "en", LESSON, LINKS) == ""


def test_fallback_notice_is_escaped_and_in_the_readers_language(course_copy: Path) -> None:
    strings = course_copy / "translations" / "ms" / "strings.yml"  # (the course's label replaces the shipped one)
    text = strings.read_text(encoding="utf-8")
    strings.write_text(text.replace("labels:\n", 'labels:\n  notice_fallback_title: "<b>Belum</b> & diterjemahkan"\n', 1), encoding="utf-8")
    course = load_course(course_copy)
    notice = page_notice(course, "ms", "en", None, LINKS)
    assert notice.startswith('<div class="course-notice course-notice--fallback" role="note" lang="ms" dir="ltr">\n')
    assert "<strong>&lt;b&gt;Belum&lt;/b&gt; &amp; diterjemahkan</strong>" in notice
    assert "terjemahan bahasa <bdi>Melayu</bdi>" in notice  # CLDR's name of the language, in it
    assert f'<a href="../contributing/#start">{course.label("ms", "notice_start_translation")}</a></p>' in notice
    page = insert_notice("# Tajuk\n\nTeks.\n", notice)
    assert page.startswith("# Tajuk\n\n<div class=") and page.rstrip().endswith("</div>\n\n\nTeks.")


def test_an_english_notice_on_a_right_to_left_page_is_marked_english_and_left_to_right(course_copy: Path) -> None:
    """A language with no translation of the notice shows the English words, isolated as English,
    left to right: the full stop stays at the end. (Here the course reworded its English notice
    without {language}: the shipped Persian one, which names the language, no longer fits it.)"""
    english = course_copy / "lessons" / "strings.yml"
    text = english.read_text(encoding="utf-8")
    old = next(line for line in text.split("\n") if line.startswith("  notice_fallback:"))
    english.write_text(
        text.replace(old, '  notice_fallback: "This page is not translated yet, so it is shown in English."'), encoding="utf-8"
    )
    (course_copy / "translations" / "fa").mkdir()
    course = load_course(course_copy)
    notice = page_notice(course, "fa", "en", None, LINKS)
    assert notice.startswith('<div class="course-notice course-notice--fallback" role="note" lang="en" dir="ltr">\n')
