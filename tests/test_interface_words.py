"""No English interface words on a translated page where its language has them, and the missing
ones reported: by `coursegen status`, the status page and `coursegen check` (warnings)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest
import yaml
from helpers import LESSON, REPO, build_site, copy_course, coursegen
from lxml import html as lxml_html

from coursegen.content.languages import get_language

THEME_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
TRANSLATED = ("ms", "ar", "ja", "sw")
PAGES = ("", f"{LESSON}/", "status/", "contributing/", "about/", "404.html")


def strings_of(root: Path, lang: str) -> dict:
    path = root / ("lessons" if lang == "en" else f"translations/{lang}") / "strings.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def material_words(theme_language: str) -> dict[str, str]:
    """The theme's own interface words in one of its languages (partials/languages/<lang>.html)."""
    text = (THEME_LANGUAGES / f"{theme_language}.html").read_text(encoding="utf-8")
    return {key: json.loads(f'"{value}"') for key, value in re.findall(r'^\s*"([a-z.]+)": "(.*)",?$', text, re.M)}


def english_words_translated(root: Path, lang: str) -> dict[str, str]:
    """key -> English text, for every interface string lang shows in its own, different words."""
    english, own = strings_of(root, "en"), strings_of(root, lang)
    language = get_language(lang)
    theme = (own.get("theme") or {}) if language.theme_borrowed else material_words(language.theme_language)
    # (a plural label, such as tokens, is shown with a number: its forms are not interface words)
    words = {
        f"labels.{key}": value
        for key, value in english["labels"].items()
        if isinstance(value, str) and own["labels"].get(key, value) != value
    }
    words |= {f"theme.{key}": value for key, value in english["theme"].items() if theme.get(key, value) != value}
    return words


def interface_texts(page: str) -> list[str]:
    """What a page says around its text: every text and label of the header, navigation and footer
    (outside the article), its <title> and description, the theme's script words, and the
    headings' permalink titles."""
    tree = lxml_html.fromstring(page)
    found = [tree.findtext(".//title"), *tree.xpath("//meta[@name='description']/@content")]
    found += tree.xpath("//article//a[@class='headerlink']/@title")
    settings = tree.xpath("//script[@id='__config']/text()")
    found += json.loads(settings[0])["translations"].values() if settings else []
    for article in tree.xpath("//article"):
        article.getparent().remove(article)
    found += [text for text in tree.xpath("//body//text()[not(ancestor::script)]")]
    found += tree.xpath("//body//@title | //body//@aria-label | //body//@placeholder")
    # "Page - Site", "Next: Page": each piece on its own.
    return [piece.strip() for text in found if text for piece in re.split(r" - |: ", text) if piece.strip()]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_pages_show_no_english_interface_words(built_site: Path, repo: Path, lang: str) -> None:
    english = english_words_translated(repo, lang)
    assert {"labels.site_name", "labels.toggle_dark", "labels.permalink", "labels.nav_contributing", "theme.search"} <= set(english)
    # "Made with {theme}": the words around the theme's name.
    shown_english = {piece.strip(): key for key, value in english.items() for piece in value.split("{theme}") if piece.strip()}
    for page in PAGES:
        path = built_site / lang / page / ("" if page.endswith(".html") else "index.html")
        texts = interface_texts(path.read_text(encoding="utf-8"))
        assert [(text, shown_english[text]) for text in texts if text in shown_english] == [], f"{lang}/{page}"


def test_translated_frame_words_are_the_languages_own(built_site: Path) -> None:
    sw = (built_site / "sw" / LESSON / "index.html").read_text(encoding="utf-8")
    assert "<title>Open Source Models - Modeli Huria za Lugha</title>" in sw
    assert 'title="Badili kwenda hali ya giza"' in sw and 'placeholder="Tafuta"' in sw
    assert '"search.result.other": "Kurasa # zinazolingana"' in sw
    ja = (built_site / "ja" / LESSON / "index.html").read_text(encoding="utf-8")
    assert 'title="この見出しへの固定リンク"' in ja and "で作成" in ja and 'placeholder="検索"' in ja
    contributing = (built_site / "ar" / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "<title>المساهمة: دليل للمترجمين - النماذج اللغوية الكبيرة مفتوحة المصدر</title>" in contributing
    english = (built_site / LESSON / "index.html").read_text(encoding="utf-8")
    assert 'title="Switch to dark mode"' in english and 'title="Permanent link"' in english and "Made with" in english


def test_the_theme_words_to_translate_are_materials_english_ones() -> None:
    """lessons/strings.yml's theme: block is the theme's English text under the theme's keys."""
    ours = strings_of(REPO, "en")["theme"]
    theirs = material_words("en")
    assert {key: theirs.get(key) for key in ours} == ours


def test_our_languages_translate_every_interface_string(repo: Path) -> None:
    result = coursegen(repo, "status")
    assert result.returncode == 0 and "interface string" not in result.stdout
    assert all(not missing for missing in json.loads(coursegen(repo, "status", "--format", "json").stdout)["missing_strings"].values())


def remove_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert f"\n{line}\n" in text
    path.write_text(text.replace(f"\n{line}\n", "\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def course_missing_strings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course with a label missing in Malay and a theme word missing in Swahili."""
    root = copy_course(tmp_path_factory.mktemp("missing") / "course")
    remove_line(
        root / "translations/ms/strings.yml",
        "  chart_note: Bagi keluarga model yang dikeluarkan dalam beberapa saiz, bar menunjukkan saiz terbesar.",
    )
    remove_line(root / "translations/sw/strings.yml", "  toc: Yaliyomo")
    return root


def test_status_lists_the_missing_strings_by_key(course_missing_strings: Path) -> None:
    result = coursegen(course_missing_strings, "status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("ms: 1 interface string(s) not translated in translations/ms/strings.yml (shown in English):")
    assert lines[at + 1] == "  labels.chart_note"
    at = lines.index("sw: 1 interface string(s) not translated in translations/sw/strings.yml (shown in English):")
    assert lines[at + 1] == "  theme.toc"
    data = json.loads(coursegen(course_missing_strings, "status", "--format", "json").stdout)
    assert data["missing_strings"] == {"ar": [], "ja": [], "ms": ["labels.chart_note"], "sw": ["theme.toc"]}
    markdown = coursegen(course_missing_strings, "status", "--format", "markdown").stdout
    assert "ms: 1 interface string(s) not translated in translations/ms/strings.yml (shown in English): `labels.chart_note`" in markdown


def test_check_warns_of_missing_strings_and_passes(course_missing_strings: Path) -> None:
    warning = (
        "warning: translations/ms/strings.yml: interface string 'labels.chart_note' is not translated yet: "
        "pages show the English 'For a family released in several sizes, the bar shows the largest.'"
    )
    for named in ([], ["translations/ms/strings.yml"], ["translations/ms"]):
        result = coursegen(course_missing_strings, "check", *named)
        assert result.returncode == 0, result.stdout + result.stderr
        assert warning in result.stdout.splitlines(), named
        assert result.stderr.strip().startswith("ok: no problems found ("), result.stderr
    everything = coursegen(course_missing_strings, "check").stdout
    assert (
        "warning: translations/sw/strings.yml: interface string 'theme.toc' is not translated yet: pages show the English 'Table of contents'"
        in everything
    )
    only_ja = coursegen(course_missing_strings, "check", "translations/ja")
    assert only_ja.returncode == 0 and "warning" not in only_ja.stdout and only_ja.stderr.strip() == "ok: no problems found"


def test_the_status_page_lists_the_missing_strings(course_missing_strings: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build_site(course_missing_strings, site)
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring((site / "ms" / "status" / "index.html").read_text(encoding="utf-8"))
    (listing,) = page.xpath("//div[@class='status-strings']")
    assert listing.findtext("p") == "Perkataan antara muka yang belum diterjemahkan (halaman ini memaparkannya dalam bahasa Inggeris):"
    items = {item.get("data-lang"): item for item in listing.xpath(".//li")}
    assert set(items) == {"ms", "sw"}
    assert items["ms"].xpath(".//code/text()") == ["translations/ms/strings.yml", "labels.chart_note"]
    assert items["sw"].xpath(".//code/text()") == ["translations/sw/strings.yml", "theme.toc"]
    assert items["sw"].xpath(".//a/@href")[0].endswith("/edit/main/translations/sw/strings.yml")
    # Where a translation is missing, the theme's English word stands in.
    sw_lesson = (site / "sw" / LESSON / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Table of contents"' in sw_lesson and 'placeholder="Tafuta"' in sw_lesson


def test_a_theme_block_holds_only_the_themes_words(course_copy: Path) -> None:
    path = course_copy / "translations/sw/strings.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  toc: Yaliyomo\n", '  search.config.separator: "[\\\\s]+"\n'), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index('  search.config.separator: "[\\\\s]+"') + 1
    result = coursegen(course_copy, "validate")
    assert result.returncode != 0
    assert (
        f"translations/sw/strings.yml:{line}: unknown theme string 'search.config.separator' (the keys are those under theme: in lessons/strings.yml)"
        in result.stderr
    )


def test_the_registry_knows_the_languages_the_theme_lacks() -> None:
    """Those translate the theme's words in strings.yml (and are reported when they do not)."""
    from coursegen.content.languages import LANGUAGES

    for code, language in LANGUAGES.items():
        assert language.theme_borrowed is (not (THEME_LANGUAGES / f"{code}.html").is_file() and language.theme == "en"), code


def test_a_new_language_translates_the_theme_words_only_where_the_theme_lacks_them(course_copy: Path) -> None:
    """`coursegen new` copies lessons/strings.yml: with its theme: block for a language the theme
    lacks (Nigerian Pidgin), without it where the theme's own translation applies (German)."""
    for lang, borrowed in (("de", False), ("pcm", True)):
        assert get_language(lang).theme_borrowed is borrowed
        assert (THEME_LANGUAGES / f"{lang}.html").is_file() is not borrowed
        result = coursegen(course_copy, "new", lang, LESSON)
        assert result.returncode == 0, result.stderr
        strings = strings_of(course_copy, lang)
        assert set(strings) == ({"labels", "theme", "models"} if borrowed else {"labels", "models"})
        assert strings["labels"] == strings_of(course_copy, "en")["labels"]
    assert coursegen(course_copy, "validate").returncode == 0


def test_a_language_without_a_strings_file_is_one_line_not_every_key(course_copy: Path, tmp_path: Path) -> None:
    """An imported language whose interface words are not begun: one line each in status, check
    and the status page, not ninety keys (fifty such languages would bury everything else)."""
    (course_copy / "translations/ja/strings.yml").unlink()
    status = coursegen(course_copy, "status")
    (line,) = [line for line in status.stdout.splitlines() if line.startswith("ja: ")]
    assert line.startswith("ja: no translations/ja/strings.yml yet: all ") and line.endswith(
        "interface strings are shown in English (copy lessons/strings.yml there and translate it)"
    )
    assert "labels.model" not in status.stdout
    check = coursegen(course_copy, "check")
    assert check.returncode == 0, check.stderr
    assert [line for line in check.stdout.splitlines() if "translations/ja/strings.yml" in line] == [
        "warning: translations/ja/strings.yml: " + line.split(": ", 1)[1]
    ]
    site = tmp_path / "site"
    assert build_site(course_copy, site).returncode == 0
    page = lxml_html.fromstring((site / "status" / "index.html").read_text(encoding="utf-8"))
    (item,) = page.xpath("//div[@class='status-strings']//li[@data-lang='ja']")
    assert item.text_content().endswith(": not started: every interface word is shown in English")
