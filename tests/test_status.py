"""Translation status: the states, the command's three formats, the site's page and notices."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from helpers import LESSON, coursegen, status_json, translation
from lxml import html as lxml_html

from coursegen.content import coop
from coursegen.content.course import load_course
from coursegen.content.status import MISSING, OUTDATED, UP_TO_DATE, course_status


def test_our_translations_are_up_to_date_and_swahili_is_missing(repo: Path) -> None:
    status = course_status(load_course(repo))
    assert status.languages == ["ar", "ja", "ms", "sw"]
    assert {lang: status.state(lang, LESSON) for lang in status.languages} == {
        "ar": UP_TO_DATE,
        "ja": UP_TO_DATE,
        "ms": UP_TO_DATE,
        "sw": MISSING,
    }
    assert status.english[LESSON] == hashlib.md5((repo / "lessons" / LESSON / "README.md").read_bytes()).hexdigest()
    assert status.share_up_to_date("sw") == 0 and status.share_up_to_date("ms") == 1


def test_a_changed_english_lesson_makes_every_translation_outdated(course_copy: Path) -> None:
    english = course_copy / "lessons" / LESSON / "README.md"
    english.write_bytes(english.read_bytes() + b"\nOne more sentence.\n")
    data = status_json(course_copy)
    assert data["languages"] == {
        "ar": {LESSON: OUTDATED},
        "ja": {LESSON: OUTDATED},
        "ms": {LESSON: OUTDATED},
        "sw": {LESSON: MISSING},
    }
    assert data["details"]["ms"][LESSON]["reason"].startswith("English changed since it was translated")
    assert data["english"][LESSON]["hash"] == hashlib.md5(english.read_bytes()).hexdigest()


def test_metadata_in_the_sidecar_file_is_read(course_copy: Path) -> None:
    readme = translation(course_copy, "ms")
    text = readme.read_text("utf-8")
    found = coop.parse_inline_metadata(text, "x")
    assert found is not None and found.metadata is not None
    readme.write_text("\n".join(text.split("\n")[found.last_line :]), "utf-8")  # the newer form: no comment
    assert status_json(course_copy)["languages"]["ms"][LESSON] == OUTDATED  # no metadata at all
    sidecar = course_copy / "translations" / "ms" / coop.SIDECAR_NAME
    sidecar.write_text(coop.format_sidecar({found.metadata.source_file: found.metadata}), "utf-8")
    data = status_json(course_copy)
    assert data["languages"]["ms"][LESSON] == UP_TO_DATE
    assert data["details"]["ms"][LESSON]["metadata_form"] == "sidecar"


def test_status_formats(repo: Path) -> None:
    table = coursegen(repo, "status")
    assert table.returncode == 0, table.stderr
    for word in ("ms", "ar", "ja", "sw", "up-to-date", "missing", LESSON):
        assert word in table.stdout
    markdown = coursegen(repo, "status", "--format", "markdown")
    assert markdown.returncode == 0
    lines = markdown.stdout.splitlines()
    assert lines[0].startswith("| language | 16-open-source-models |")
    assert any(line.startswith("| sw | ❌ missing | 0% |") for line in lines)
    assert "translations/ms/16-open-source-models/README.md" in markdown.stdout
    only = json.loads(coursegen(repo, "status", "--format", "json", "--lang", "ms").stdout)
    assert list(only["languages"]) == ["ms"]


# -- on the site ----------------------------------------------------------------------------------


def _status_cells(html: str) -> dict[str, dict[str, str]]:
    """lang -> lesson -> state, as the table shows them: the row's language, the column's lesson, the cell's class."""
    table = lxml_html.fromstring(html).xpath("//table[@aria-labelledby='translation-status']")[0]
    lessons = [header.get("data-lesson") for header in table.xpath("./thead/tr/th")]
    cells: dict[str, dict[str, str]] = {}
    for row in table.xpath("./tbody/tr"):
        for lesson, cell in zip(lessons, row.xpath("./th|./td"), strict=True):
            if lesson is not None:
                assert cell.get("class").startswith("status status--") and len(cell.attrib) == 1
                cells.setdefault(row.get("data-lang"), {})[lesson] = cell.get("class").removeprefix("status status--")
    return cells


def test_the_status_page_and_the_json_agree(repo: Path, built_site: Path) -> None:
    expected = status_json(repo)
    for page in ("status/index.html", "ms/status/index.html", "sw/status/index.html"):
        html = (built_site / page).read_text("utf-8")
        assert _status_cells(html) == expected["languages"], page
        for lang, percent in expected["percent_up_to_date"].items():
            assert f'data-lang="{lang}" data-percent="{percent}"' in html
    swahili = (built_site / "sw" / "status" / "index.html").read_text("utf-8")
    assert "Hali ya tafsiri ya kila somo, kwa lugha" in swahili and ">Haipo</a>" in swahili
    english = (built_site / "status" / "index.html").read_text("utf-8")
    assert 'href="https://github.com/open-llm-course/open-llm-course/edit/main/translations/ms/16-open-source-models/README.md"' in english


def _notice(html: str) -> str | None:
    match = re.search(r'<div class="course-notice[^"]*" role="note".*?</div>', html, re.S)
    return match.group(0) if match else None


def test_a_page_without_translation_has_a_fallback_notice_in_the_readers_language(built_site: Path) -> None:
    html = (built_site / "sw" / LESSON / "index.html").read_text("utf-8")
    notice = _notice(html)
    assert notice is not None and 'class="course-notice course-notice--fallback"' in notice
    assert "Bado haijatafsiriwa" in notice and "Kiswahili" in notice
    link = re.search(r'href="([^"]+)"', notice).group(1)
    assert link == "../../sw/contributing/#start-a-translation"
    guide = (built_site / "sw" / "contributing" / "index.html").read_text("utf-8")
    assert 'id="start-a-translation"' in guide and 'id="update-a-translation"' in guide
    assert "Open Source Models" in html  # the English lesson itself
    # The Malay guide page is English too: it says so in Malay.
    assert "Belum diterjemahkan" in _notice((built_site / "ms" / "contributing" / "index.html").read_text("utf-8"))


def test_current_pages_have_no_notice(built_site: Path) -> None:
    for page in (f"{LESSON}/index.html", f"ms/{LESSON}/index.html", f"ja/{LESSON}/index.html", "sw/index.html", "contributing/index.html"):
        assert _notice((built_site / page).read_text("utf-8")) is None, page


def test_edit_links_open_the_file_that_made_the_page(built_site: Path) -> None:
    base = "https://github.com/open-llm-course/open-llm-course/edit/main/"
    expected = {
        f"ms/{LESSON}/index.html": f"translations/ms/{LESSON}/README.md",
        f"{LESSON}/index.html": f"lessons/{LESSON}/README.md",
        f"sw/{LESSON}/index.html": f"lessons/{LESSON}/README.md",
        "contributing/index.html": "CONTRIBUTING.md",
        "sw/about/index.html": "docs/sw/about.md",
    }
    for page, source in expected.items():
        assert f'href="{base}{source}"' in (built_site / page).read_text("utf-8"), page


def test_the_disclaimer_is_a_styled_note(built_site: Path) -> None:
    html = (built_site / "ms" / LESSON / "index.html").read_text("utf-8")
    assert re.search(r'<div class="admonition info">\s*<p class="admonition-title">Penafian</p>', html)
    assert "CO-OP TRANSLATOR DISCLAIMER" not in html
