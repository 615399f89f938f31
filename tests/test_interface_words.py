"""No English interface words on a translated page where its language has them, in every language
of the upstream course (the generator ships them: coursegen/interface/<lang>.yml), and the missing
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

from coursegen.content import interface
from coursegen.content.languages import ENGLISH, LANGUAGES, get_language

THEME_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
TRANSLATED = ("ms", "ar", "ja", "sw")
PAGES = ("", f"{LESSON}/", "status/", "contributing/", "about/", "404.html")


def strings_of(root: Path, lang: str) -> dict:
    """A language's words as the site uses them: the course's strings.yml over the shipped ones."""
    if lang == ENGLISH:
        return yaml.safe_load((root / "lessons/strings.yml").read_text(encoding="utf-8"))
    own = root / f"translations/{lang}/strings.yml"
    shipped = interface.shipped_file(lang)
    load = lambda path: yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}  # noqa: E731
    return interface.merge(load(shipped), load(own))


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
    """The course with its own description missing in Malay and a new English label nobody has
    translated yet (a course may add labels: the shipped files do not have them)."""
    root = copy_course(tmp_path_factory.mktemp("missing") / "course")
    remove_line(root / "translations/ms/strings.yml", "  site_description: " + strings_of(root, "ms")["labels"]["site_description"])
    english = root / "lessons/strings.yml"
    english.write_text(english.read_text(encoding="utf-8").replace("labels:\n", "labels:\n  glossary: Glossary\n", 1), encoding="utf-8")
    return root


def test_status_lists_the_missing_strings_by_key(course_missing_strings: Path) -> None:
    result = coursegen(course_missing_strings, "status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("interface: written, not yet reviewed by a native speaker: ar, ja, ms, sw (coursegen/interface/<lang>.yml")
    at = lines.index("ms: 2 interface string(s) not translated in translations/ms/strings.yml (shown in English):")
    assert lines[at + 1] == "  labels.glossary, labels.site_description"
    at = lines.index("sw: 1 interface string(s) not translated in translations/sw/strings.yml (shown in English):")
    assert lines[at + 1] == "  labels.glossary"
    data = json.loads(coursegen(course_missing_strings, "status", "--format", "json").stdout)
    glossary = ["labels.glossary"]
    assert data["missing_strings"] == {"ar": glossary, "ja": glossary, "ms": [*glossary, "labels.site_description"], "sw": glossary}
    assert data["interface"]["ar"]["reviewed"] is False and 99 < data["interface"]["ar"]["percent"] < 100
    markdown = coursegen(course_missing_strings, "status", "--format", "markdown").stdout
    assert (
        "ms: 2 interface string(s) not translated in translations/ms/strings.yml (shown in English): "
        "`labels.glossary`, `labels.site_description`" in markdown
    )


def test_check_warns_of_missing_strings_and_passes(course_missing_strings: Path) -> None:
    warning = (
        "warning: translations/ms/strings.yml: interface string 'labels.site_description' is not translated yet: "
        "pages show the English 'A translated open course about open-source large language models'"
    )
    for named in ([], ["translations/ms/strings.yml"], ["translations/ms"]):
        result = coursegen(course_missing_strings, "check", *named)
        assert result.returncode == 0, result.stdout + result.stderr
        assert warning in result.stdout.splitlines(), named
        assert result.stderr.strip().startswith("ok: no problems found ("), result.stderr
    everything = coursegen(course_missing_strings, "check").stdout
    assert (
        "warning: translations/sw/strings.yml: interface string 'labels.glossary' is not translated yet: pages show the English 'Glossary'"
        in everything
    )
    only_ja = coursegen(course_missing_strings, "check", "translations/ja")
    assert only_ja.returncode == 0 and "site_description" not in only_ja.stdout


def test_the_status_page_lists_the_missing_strings(course_missing_strings: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build_site(course_missing_strings, site)
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring((site / "ms" / "status" / "index.html").read_text(encoding="utf-8"))
    (listing,) = page.xpath("//div[@class='status-strings']")
    assert listing.findtext("p") == "Perkataan antara muka yang belum diterjemahkan (halaman ini memaparkannya dalam bahasa Inggeris):"
    items = {item.get("data-lang"): item for item in listing.xpath(".//li")}
    assert set(items) == {"ar", "ja", "ms", "sw"}
    assert items["ms"].xpath(".//code/text()") == ["translations/ms/strings.yml", "labels.glossary", "labels.site_description"]
    assert items["sw"].xpath(".//a/@href")[0].endswith("/edit/main/translations/sw/strings.yml")
    # Where a translation is missing, the English words stand in.
    ms_lesson = lxml_html.fromstring((site / "ms" / LESSON / "index.html").read_text(encoding="utf-8"))
    assert ms_lesson.xpath("//meta[@name='description']/@content") == ["A translated open course about open-source large language models"]


def test_the_status_page_shows_each_languages_interface_words_and_review(built_site: Path) -> None:
    """A column per language: how much of the interface is in its words, and whether a native
    speaker has reviewed them (an unreviewed language links to its file: where a reviewer starts)."""
    page = lxml_html.fromstring((built_site / "ja" / "status" / "index.html").read_text(encoding="utf-8"))
    assert page.xpath("//div[contains(@class, 'status-table')]//thead//th/text()")[-1] == "インターフェースの言葉"
    cells = {cell.get("data-lang"): cell for cell in page.xpath("//td[contains(@class, 'status-table__interface')]")}
    assert set(cells) == {"ar", "ja", "ms", "sw"}
    for lang, cell in cells.items():
        assert cell.get("data-percent") == "100.0" and cell.get("data-reviewed") == "false", lang
        (link,) = cell.xpath(".//a[@class='status-table__review']")
        assert link.text == strings_of(REPO, "ja")["labels"]["status_interface_unreviewed"]
        assert link.get("href").endswith(f"/blob/main/coursegen/interface/{lang}.yml")
    assert cells["ms"].text_content().startswith("100%")


def test_a_theme_block_holds_only_the_themes_words(course_copy: Path) -> None:
    path = course_copy / "translations/sw/strings.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("labels:\n", 'theme:\n  search.config.separator: "[\\\\s]+"\nlabels:\n', 1), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index('  search.config.separator: "[\\\\s]+"') + 1
    result = coursegen(course_copy, "validate")
    assert result.returncode != 0
    assert (
        f"translations/sw/strings.yml:{line}: unknown theme string 'search.config.separator' (the keys are those under theme: in lessons/strings.yml)"
        in result.stderr
    )


def test_the_registry_knows_the_languages_the_theme_lacks() -> None:
    """The shipped files translate the theme's words for those (tests/test_every_language.py)."""
    for code, language in LANGUAGES.items():
        assert language.theme_borrowed is (not (THEME_LANGUAGES / f"{code}.html").is_file() and language.theme == "en"), code


def test_a_new_language_starts_with_the_courses_own_words_only(course_copy: Path, tmp_path: Path) -> None:
    """`coursegen new` writes the words the generator does not ship (the course's name and
    description, the prose about its models), for a language the theme has (German) or lacks
    (Nigerian Pidgin); the page it starts is in progress until stamped: English for readers."""
    for lang in ("de", "pcm"):
        result = coursegen(course_copy, "new", lang, LESSON)
        assert result.returncode == 0, result.stderr
        own = yaml.safe_load((course_copy / f"translations/{lang}/strings.yml").read_text(encoding="utf-8"))
        english = strings_of(course_copy, "en")
        assert own == {"labels": {key: english["labels"][key] for key in ("site_name", "site_description")}, "models": english["models"]}
        words = (course_copy / f"translations/{lang}/{LESSON}/lesson.yml").read_text(encoding="utf-8")
        assert words.endswith("in_progress: true\n")
    assert coursegen(course_copy, "validate").returncode == 0
    status = json.loads(coursegen(course_copy, "status", "--format", "json").stdout)
    assert status["languages"]["de"] == {LESSON: "in-progress"} and status["percent_up_to_date"]["de"] == 0
    assert "in-progress" in coursegen(course_copy, "status").stdout
    site = tmp_path / "site"
    assert build_site(course_copy, site).returncode == 0
    page = lxml_html.fromstring((site / "de" / LESSON / "index.html").read_text(encoding="utf-8"))
    (notice,) = page.xpath("//*[contains(@class, 'course-notice--fallback')]")
    assert notice.get("lang") == "de" and "Deutsch" in notice.text_content()
    # Stamped, it is a translation: its prose, still English, is what check points at.
    readme = course_copy / f"translations/de/{LESSON}/README.md"
    assert coursegen(course_copy, "stamp", str(readme)).returncode == 0
    assert "in_progress" not in (course_copy / f"translations/de/{LESSON}/lesson.yml").read_text(encoding="utf-8")
    assert json.loads(coursegen(course_copy, "status", "--format", "json").stdout)["languages"]["de"] == {LESSON: "up-to-date"}
    check = coursegen(course_copy, "check", f"translations/de/{LESSON}")
    assert check.returncode == 1
    assert f"translations/de/{LESSON}/README.md:" in check.stdout + check.stderr
    assert "paragraphs are still the English lesson's text" in check.stdout + check.stderr


def test_a_language_without_its_own_strings_file_has_the_shipped_words(course_copy: Path, tmp_path: Path) -> None:
    """An imported language has no strings.yml of the course: it still reads the site in its own
    words; status lists only the course's own words, which nothing translates yet."""
    (course_copy / "translations/ja/strings.yml").unlink()
    status = coursegen(course_copy, "status")
    at = status.stdout.splitlines().index("ja: 2 interface string(s) not translated in translations/ja/strings.yml (shown in English):")
    assert status.stdout.splitlines()[at + 1] == "  labels.site_name, labels.site_description"
    check = coursegen(course_copy, "check")
    assert check.returncode == 0, check.stderr
    site = tmp_path / "site"
    assert build_site(course_copy, site).returncode == 0
    page = (site / "ja" / LESSON / "index.html").read_text(encoding="utf-8")
    assert 'title="この見出しへの固定リンク"' in page and "<title>Open Source Models - Open Source LLMs</title>" not in page


def test_a_language_with_site_pages_only_has_its_shipped_words(tmp_path: Path) -> None:
    """A language added with its site pages (docs/hi/) before any lesson is translated: the lesson
    it shows in English carries cards in Hindi words, as the Hindi numbers and dates beside them."""
    import shutil

    root = copy_course(tmp_path / "course")
    shutil.copytree(root / "docs" / "en", root / "docs" / "hi")
    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring((site / "hi" / LESSON / "index.html").read_text(encoding="utf-8"))
    card = page.get_element_by_id("model-llama-2")
    labels = [term.text_content() for term in card.iter("dt")]
    shipped = yaml.safe_load(interface.shipped_file("hi").read_text(encoding="utf-8"))
    assert labels[0] == shipped["labels"]["parameters"]
    assert "Parameters" not in labels
    assert card.getparent().get("lang") == "hi"  # the reader's words, marked so, in an English page
