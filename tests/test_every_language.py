"""Every language of the upstream course reads the site in its own words: the generator ships them
(coursegen/interface/<lang>.yml), checked against the English and CLDR's plural rules, and a site
with all ~55 languages (pages generated with `coursegen new`, most stamped, some still in
progress) shows no English interface word on a page of a language that has its own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import LESSON, REPO, build_site, copy_course, made_once
from lxml import html as lxml_html
from test_interface_words import english_words_translated, interface_texts

from coursegen.content import interface
from coursegen.content.languages import ENGLISH, LANGUAGES, language_name
from coursegen.content.plurals import plural_categories
from coursegen.translators import interface_check

OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != ENGLISH]
PAGES = ("", f"{LESSON}/", "status/", "404.html")
IN_PROGRESS = ("de", "hi", "th", "he")  # started, not stamped: readers get English with a notice


def test_every_language_of_the_course_ships_its_words(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    assert interface.shipped_languages() == sorted(OTHER_LANGUAGES)
    monkeypatch.chdir(REPO)  # (the check reads lessons/strings.yml there)
    assert interface_check.main([]) == 0, capsys.readouterr().out
    for lang in OTHER_LANGUAGES:
        words = yaml.safe_load(interface.shipped_file(lang).read_text(encoding="utf-8"))
        assert words["reviewed"] is False, lang  # written by us: nobody has reviewed them yet
        assert list(words["labels"]["tokens"]) == plural_categories(lang), lang
        assert "site_name" not in words["labels"], lang  # the course's own words


def _with_every_language(folder: Path) -> Path:
    from coursegen.content.course import load_course
    from coursegen.translators.workflow import plan_new, plan_stamp

    root = copy_course(folder / "course")
    course = load_course(root)
    started = [lang for lang in OTHER_LANGUAGES if (lang, LESSON) not in course.translations]
    for lang in started:
        plan_new(course, lang, LESSON, date="2026-12-01T10:00:00+00:00").commit()
    course = load_course(root)
    stamped = [course.translations[(lang, LESSON)].readme for lang in started if lang not in IN_PROGRESS]
    plan_stamp(course, stamped, date="2026-12-02T10:00:00+00:00").commit()
    site = folder / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def every_language_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return made_once(tmp_path_factory, "every-language", _with_every_language)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_english_interface_word_on_any_language_page(every_language_site: Path, lang: str) -> None:
    english = english_words_translated(REPO, lang)
    shown_english = {piece.strip(): key for key, value in english.items() for piece in value.split("{theme}") if piece.strip()}
    for page in PAGES:
        path = every_language_site / lang / page / ("" if page.endswith(".html") else "index.html")
        text = path.read_text(encoding="utf-8")
        tree = lxml_html.fromstring(text)
        assert tree.get("lang") == lang and tree.find("body").get("dir") == LANGUAGES[lang].direction, f"{lang}/{page}"
        found = [(piece, shown_english[piece]) for piece in interface_texts(text) if piece in shown_english]
        assert found == [], f"{lang}/{page}"
        # A page shown in English says so in the reader's language, naming it as CLDR does.
        for notice in tree.xpath("//*[contains(@class, 'course-notice--fallback')]"):
            assert notice.get("lang") == lang, f"{lang}/{page}"
            assert language_name(lang, lang) in notice.text_content(), f"{lang}/{page}"


def test_a_started_translation_is_english_with_a_notice_until_stamped(every_language_site: Path) -> None:
    for lang in IN_PROGRESS:
        page = lxml_html.fromstring((every_language_site / lang / LESSON / "index.html").read_text(encoding="utf-8"))
        assert page.xpath("//*[contains(@class, 'course-notice--fallback')]"), lang
    stamped = lxml_html.fromstring((every_language_site / "fr" / LESSON / "index.html").read_text(encoding="utf-8"))
    assert not stamped.xpath("//*[contains(@class, 'course-notice')]")
    status = lxml_html.fromstring((every_language_site / "status" / "index.html").read_text(encoding="utf-8"))
    column = [header.get("data-lesson") for header in status.xpath("//table/thead/tr/th")].index(LESSON) + 1
    rows = status.xpath("//table/tbody/tr")
    states = {row.get("data-lang"): row.xpath(f"./*[{column}]")[0].get("class").removeprefix("status status--") for row in rows}
    assert {lang for lang, state in states.items() if state == "in-progress"} == set(IN_PROGRESS)
    assert states["fr"] == states["sw"] == "up-to-date"


def test_the_readers_words_on_a_page_shown_in_english_carry_their_language(every_language_site: Path) -> None:
    """A page shown in English wraps its text in lang="en": the cards, tables and labels in the
    reader's language inside it say so (else Tamil letters are drawn from a font without them)."""
    home = lxml_html.fromstring((every_language_site / "ta" / "index.html").read_text(encoding="utf-8"))
    (number,) = home.xpath(f"//li//a[@href='{LESSON}/']//span[@lang]")
    assert number.get("lang") == "ta" and number.text == "பாடம் 16"
    lesson = lxml_html.fromstring((every_language_site / "he" / LESSON / "index.html").read_text(encoding="utf-8"))  # in progress
    blocks = lesson.xpath("//article[contains(@class, 'model-card')] | //div[contains(@class, 'data-table')]")
    assert len(blocks) > 5
    for block in blocks:
        assert block.xpath("ancestor::*[@lang][1]/@lang") == ["he"] and block.xpath("ancestor::*[@dir][1]/@dir") == ["rtl"]
    status = lxml_html.fromstring((every_language_site / "ta" / "status" / "index.html").read_text(encoding="utf-8"))
    (table,) = status.xpath("//div[contains(@class, 'status-table')]")
    assert table.xpath("ancestor::*[@lang][1]/@lang") == ["ta"]
