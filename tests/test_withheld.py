"""A deploy survives one bad page: a translated page that breaks the output rules is withheld, not
published and not fatal. `coursegen build` (make site) shows the English page at its address with
a notice in the reader's language saying the translation is held back, names the file and line
in its log, and every other page and language is built; `coursegen check` and the strict MkDocs
build (the pull-request gate) still fail on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import LESSON, build_site, copy_course, coursegen
from selectolax.lexbor import LexborHTMLParser

BAD = "# Tajuk\n\nTeks biasa.\n\n<div>\n`<!--></body></html><img src=x onerror=alert(1)><!-- -->`\n</div>\n"
BAD_PATH = f"translations/ms/{LESSON}/README.md"
PROBLEM = f'{BAD_PATH}:6: markup a contributed page may not publish: <img onerror="alert(1)" src="x">'


@pytest.fixture(scope="module")
def course_with_a_bad_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_course(tmp_path_factory.mktemp("withheld") / "course")
    (root / BAD_PATH).write_text(BAD, "utf-8")
    return root


def test_the_deploy_withholds_the_page_and_builds_the_rest(course_with_a_bad_page: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = coursegen(course_with_a_bad_page, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert PROBLEM in result.stdout + result.stderr
    page = (site / "ms" / LESSON / "index.html").read_text("utf-8")
    assert "onerror" not in page and "Teks biasa" not in page
    article = LexborHTMLParser(page).css_first("article")
    assert article is not None
    notice = article.css_first("div.course-notice--withheld")
    assert notice is not None and "Terjemahan ini ditahan" in notice.text()
    english = article.css_first('div[lang="en"]')
    assert english is not None and "Open" in english.text()  # the English lesson, marked English
    for lang in ("ar", "ja"):  # the other languages keep their own translations
        assert "course-notice--withheld" not in (site / lang / LESSON / "index.html").read_text("utf-8")
    # The status page of every language lists it, file:line: reason, left to right.
    for path, heading in (("status", "Translations held back"), ("ar/status", "الترجمات المحجوبة")):
        status = LexborHTMLParser((site / path / "index.html").read_text("utf-8")).css_first("div.status-withheld")
        assert status is not None and heading in status.text()
        assert [item.text() for item in status.css('li > code[dir="ltr"]')] == [PROBLEM]


def test_parts_built_apart_list_what_they_held_back_once_merged(course_with_a_bad_page: Path, tmp_path: Path) -> None:
    """A large site built in parts (`build --only`, one machine each) and merged: the status pages
    list what any part held back."""
    for part, languages in (("part-1", "ms"), ("part-2", "ar,ja")):
        built = coursegen(course_with_a_bad_page, "build", "--only", languages, "--site-dir", str(tmp_path / part))
        assert built.returncode == 0, built.stderr
    merged = coursegen(
        course_with_a_bad_page, "merge", str(tmp_path / "part-2"), str(tmp_path / "part-1"), "--site-dir", str(tmp_path / "site")
    )
    assert merged.returncode == 0, merged.stderr
    for path in ("status", "ja/status", "ms/status"):
        status = LexborHTMLParser((tmp_path / "site" / path / "index.html").read_text("utf-8")).css_first("div.status-withheld")
        assert status is not None and [item.text() for item in status.css('li > code[dir="ltr"]')] == [PROBLEM]
    assert not list((tmp_path / "site").glob(".coursegen-*"))


def test_the_pull_request_gate_stays_strict(course_with_a_bad_page: Path, tmp_path: Path) -> None:
    checked = coursegen(course_with_a_bad_page, "check")
    assert checked.returncode == 1 and PROBLEM in checked.stdout
    built = build_site(course_with_a_bad_page, tmp_path / "site")
    assert built.returncode != 0 and PROBLEM in built.stderr


def test_status_lists_the_withheld_page_with_its_line(course_with_a_bad_page: Path) -> None:
    result = coursegen(course_with_a_bad_page, "status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("withheld from the site until fixed (the English page is shown, with a notice):")
    assert lines[start + 1] == f"  {PROBLEM}"


def test_an_anchor_or_an_image_without_its_file_does_not_stop_the_build(tmp_path: Path) -> None:
    """`<a name>` (an anchor, no href) and `<img>` with no src reach the site engine's link check,
    which stopped on them: they are published as a span (the anchor keeps its target id)."""
    root = copy_course(tmp_path / "course")
    page = root / BAD_PATH
    page.write_text(page.read_text("utf-8") + '\n<a name="atas"></a> <img alt="tiada fail">\n', "utf-8")
    assert coursegen(root, "validate").returncode == 0
    built = build_site(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr[-2000:]
    html = (tmp_path / "site" / "ms" / LESSON / "index.html").read_text("utf-8")
    assert '<span id="atas"></span>' in html and "<span>tiada fail</span>" in html


def test_what_is_published_is_judged_too(course_with_a_bad_page: Path, tmp_path: Path) -> None:
    """Python-Markdown's marks written as character references (&#2;58&#3; would become ':' after
    the policy judged the page): refused by validate, never in the site."""
    root = copy_course(tmp_path / "course")
    page = root / BAD_PATH
    page.write_text('# Tajuk\n\nKlik <a href="javascript&#2;58&#3;alert(1) ">di sini</a>.\n', "utf-8")
    assert coursegen(root, "validate").returncode == 1
    result = coursegen(root, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0
    html = (tmp_path / "site" / "ms" / LESSON / "index.html").read_text("utf-8")
    assert "javascript:" not in html and "course-notice--withheld" in html


def test_a_link_to_an_anchor_the_translation_lacks_does_not_stop_the_deploy(tmp_path: Path) -> None:
    """A translation's headings are its own words, so a link to an English anchor may find none:
    the deploy publishes it (check and the strict build report it), the site is not stopped."""
    root = copy_course(tmp_path / "course")
    page = root / BAD_PATH
    page.write_text(page.read_text("utf-8") + "\nLihat [bahagian itu](#tiada-bahagian-ini).\n", "utf-8")
    result = coursegen(root, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "ms" / LESSON / "index.html").is_file()
    assert build_site(root, tmp_path / "strict").returncode != 0


def test_a_site_page_without_an_english_one_is_withheld_as_its_notice(tmp_path: Path) -> None:
    """docs/ms/x.md has no English page to show instead: the deploy publishes only the notice."""
    root = copy_course(tmp_path / "course")
    (root / "docs" / "ms" / "x.md").write_text('# Tajuk\n\n<h2 id="s&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">Seksyen</h2>\n', "utf-8")
    result = coursegen(root, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "docs/ms/x.md:3: markup a contributed page may not publish" in result.stderr
    html = (tmp_path / "site" / "ms" / "x" / "index.html").read_text("utf-8")
    assert "onerror" not in html and "Seksyen" not in html and "course-notice--withheld" in html
