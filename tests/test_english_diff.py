"""Issue 15: `coursegen diff`, change sizes in `coursegen status`, `stamp` refusing an old heading
structure, and the site's translators' page of an outdated lesson.

The course repository with history comes from tests/englishdiff_history.py: English v1, the Malay
translation stamped against v1, v2 (a paragraph changed), v3 (a section added, a list item removed).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from englishdiff_history import ADDED_SECTION, ENGLISH, MALAY, REMOVED_ITEM, SLUG, git, make_history
from helpers import build_site

from coursegen.cli import main
from coursegen.content.comparison import BlockChange
from coursegen.content.course import load_course
from coursegen.pages.changes import change_html
from coursegen.translators.diff import markdown_view

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")


def run(root: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def expect_exact_changes(data: dict, commits: dict[str, str]) -> None:
    assert data["found"] is True and data["up_to_date"] is False
    assert data["base"] == {"commit": commits["v1"], "date": "2026-11-01T10:00:00+00:00"}
    sections = [(s["kind"], s["title"], [c["kind"] for c in s["changes"]]) for s in data["sections"]]
    assert sections == [
        ("changed", "What makes a model open?", ["removed"]),
        ("changed", "Why use open models", ["changed"]),
        ("added", "Running models on your own machine", ["added"]),
    ]
    removed = data["sections"][0]["changes"][0]
    assert removed["old"] == REMOVED_ITEM.strip() and removed["new"] is None
    changed = data["sections"][1]["changes"][0]
    assert [piece for piece in changed["pieces"] if piece[0] != "same"] == [["added", " much"]]
    added = data["sections"][2]["changes"][0]
    assert added["new"] == ADDED_SECTION.split("\n\n")[1]
    assert data["summary"] == {
        "sections_changed": 2,
        "sections_added": 1,
        "sections_removed": 0,
        "words_added": 1 + 6 + 20,  # "much", the new heading, the new paragraph
        "words_removed": 6,  # the fine - tuning or training code
    }


@pytest.mark.parametrize(("form", "crlf"), [("inline", False), ("sidecar", False), ("inline", True), ("sidecar", True)])
def test_diff_reports_exactly_what_changed(tmp_path, capsys, form, crlf):
    root = tmp_path / "course"
    commits = make_history(root, form=form, crlf=crlf)
    code, out, err = run(root, "diff", "ms", SLUG, "--format", "json", capsys=capsys)
    assert code == 0, err
    expect_exact_changes(json.loads(out), commits)


def test_hash_of_a_crlf_checkout_of_lf_history(tmp_path, capsys):
    """git stores LF, the translator's checkout had CRLF (core.autocrlf): the hash is of CRLF bytes."""
    root = tmp_path / "course"
    commits = make_history(root)
    v1 = git(root, "show", f"{commits['v1']}:{ENGLISH}").encode()
    readme = root / MALAY
    text = readme.read_text("utf-8")
    stored = re.search(r'"original_hash": "([0-9a-f]{32})"', text)[1]
    readme.write_text(text.replace(stored, hashlib.md5(v1.replace(b"\n", b"\r\n")).hexdigest()), "utf-8")
    code, out, _ = run(root, "diff", "ms", SLUG, "--format", "json", capsys=capsys)
    assert code == 0
    expect_exact_changes(json.loads(out), commits)


def test_text_and_markdown_views(tmp_path, capsys):
    root = tmp_path / "course"
    commits = make_history(root)
    code, out, _ = run(root, "diff", "ms", SLUG, capsys=capsys)
    assert code == 0
    assert f"commit {commits['v1'][:10]}, 2026-11-01T10:00:00+00:00" in out
    assert "[-- the fine-tuning or training code;-]" in out and "often {+much+} cheaper" in out
    assert "## Running models on your own machine" in out and "[section added]" in out
    code, out, _ = run(root, "diff", "ms", SLUG, "--format", "markdown", capsys=capsys)
    assert code == 0
    assert "<del>- the fine-tuning or training code;</del>" in out
    assert "is often <ins>much</ins> cheaper" in out
    assert "**Running models on your own machine** (section added)" in out


def test_shallow_clone_says_so_plainly(tmp_path, capsys):
    source = tmp_path / "course"
    make_history(source)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", source.as_uri(), str(clone)], check=True, capture_output=True)
    code, out, err = run(clone, "diff", "ms", SLUG, capsys=capsys)
    assert code == 1
    assert "Traceback" not in out + err
    assert "the clone is shallow" in err and "git fetch --unshallow" in err
    code, out, _ = run(clone, "diff", "ms", SLUG, "--format", "json", capsys=capsys)
    data = json.loads(out)
    assert code == 1 and data["found"] is False and "git fetch --unshallow" in data["hint"]


def test_no_git_repository_says_so_plainly(tmp_path, capsys):
    source = tmp_path / "course"
    make_history(source)
    shutil.rmtree(source / ".git")
    code, out, err = run(source, "diff", "ms", SLUG, capsys=capsys)
    assert code == 1 and "Traceback" not in out + err
    assert "not a git repository" in err and "upstream course" in err


def test_status_shows_how_much_changed(tmp_path, capsys):
    root = tmp_path / "course"
    commits = make_history(root)
    code, out, _ = run(root, "status", "--format", "json", capsys=capsys)
    assert code == 0
    changes = json.loads(out)["details"]["ms"][SLUG]["changes"]
    assert changes["base"]["commit"] == commits["v1"]
    assert (changes["sections_changed"], changes["sections_added"], changes["words_added"], changes["words_removed"]) == (2, 1, 27, 6)
    code, out, _ = run(root, "status", "--format", "markdown", capsys=capsys)
    assert f"| ms | {SLUG} | 2 changed, 1 added | +27 −6 | {commits['v1'][:10]} (2026-11-01) |" in out
    code, out, _ = run(root, "status", capsys=capsys)
    assert "Outdated: how much the English changed since" in out and "+27 −6" in out


def test_stamp_refuses_the_old_heading_structure(tmp_path, capsys):
    root = tmp_path / "course"
    make_history(root)
    before = (root / MALAY).read_bytes()
    code, out, err = run(root, "stamp", str(root / MALAY), capsys=capsys)
    assert code == 1 and (root / MALAY).read_bytes() == before
    assert "a level-2 heading is missing here" in err and "not stamped" in err and f"coursegen diff ms {SLUG}" in err
    code, out, err = run(root, "stamp", "--force", str(root / MALAY), capsys=capsys)
    assert code == 0 and f"wrote {MALAY}" in out
    course = load_course(root)
    assert course.translations[("ms", SLUG)].metadata.original_hash == hashlib.md5((root / ENGLISH).read_bytes()).hexdigest()


def test_english_text_in_the_diff_is_escaped():
    hostile = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) {: onclick="x" } &amp;'
    html = str(change_html(BlockChange("added", None, hostile)))
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert html.startswith("<ins>") and html.endswith("</ins>")
    from coursegen.content.comparison import SectionChange
    from coursegen.content.history import Base, EnglishDiff

    diff = EnglishDiff(
        "ms", SLUG, ENGLISH, MALAY, "0" * 32, "2026-11-01T10:00:00+00:00", "1" * 32, Base("c" * 40, "2026-11-01", ""),
        sections=(SectionChange("added", "<b>x</b>", 2, (BlockChange("added", None, hostile),)),),
    )  # fmt: skip
    markdown = markdown_view(diff)
    assert "<script" not in markdown and "<img" not in markdown and "<b>" not in markdown
    assert "&lt;script&gt;" in markdown and "\\[x\\](javascript:alert(3))" in markdown and "\\{: onclick" in markdown


# -- the site: a translators' page for an outdated lesson, none for an up-to-date one ----------------


def _article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def test_site_has_the_changes_page_of_an_outdated_lesson_only(tmp_path):
    root = tmp_path / "course"
    make_history(root)
    # Japanese is brought up to date (its headings are checked by `check`, not by the build).
    ja = root / "translations" / "ja" / SLUG / "README.md"
    text = ja.read_text("utf-8")
    stored = re.search(r'"original_hash": "([0-9a-f]{32})"', text)[1]
    ja.write_text(text.replace(stored, hashlib.md5((root / ENGLISH).read_bytes()).hexdigest()), "utf-8")
    site = tmp_path / "site"
    result = build_site(root, site, env={"COURSEGEN_LANGUAGES": "ms ja"})
    assert result.returncode == 0, result.stderr
    page = site / "ms" / "changes" / SLUG / "index.html"
    assert page.is_file()
    assert not (site / "ja" / "changes").exists() and not (site / "changes").exists()
    article = _article(page.read_text("utf-8"))
    assert '<html lang="ms"' in page.read_text("utf-8")
    assert "Perubahan bahasa Inggeris sejak terjemahan ini" in article
    assert "<del>- the fine-tuning or training code;</del>" in article
    assert "often <ins>much</ins> cheaper" in article
    assert "Running models on your own machine" in article and "Bahagian baharu" in article
    assert "edit/main/translations/ms/16-open-source-models/README.md" in page.read_text("utf-8")
    # The outdated lesson's notice links it; the up-to-date one has no notice at all.
    lesson = (site / "ms" / SLUG / "index.html").read_text("utf-8")
    assert f'href="../../ms/changes/{SLUG}/">Lihat perubahan dalam bahasa Inggeris</a>' in lesson
    assert "course-notice--outdated" not in (site / "ja" / SLUG / "index.html").read_text("utf-8")
    # The status page links it in the ms row, not in the ja row.
    status = (site / "status" / "index.html").read_text("utf-8")
    assert f'href="../ms/changes/{SLUG}/"' in status and f'href="../ja/changes/{SLUG}/"' not in status


def test_site_without_history_says_so_and_builds(tmp_path):
    source = tmp_path / "course"
    make_history(source)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", source.as_uri(), str(clone)], check=True, capture_output=True)
    site = tmp_path / "site"
    result = build_site(clone, site, env={"COURSEGEN_LANGUAGES": "ms"})
    assert result.returncode == 0, result.stderr
    article = _article((site / "ms" / "changes" / SLUG / "index.html").read_text("utf-8"))
    assert "tiada dalam sejarah" in article and f"coursegen diff ms {SLUG}" in article and "<ins>" not in article


def test_repository_site_has_no_changes_pages_while_translations_are_current(built_site, repo):
    course = load_course(repo)
    from coursegen.pages.changes import has_changes_page

    for lang, slug in course.translations:
        assert (built_site / lang / "changes" / slug / "index.html").is_file() == has_changes_page(course, lang, slug)


# -- the pull-request summary: states before and after, the English diff of what stays outdated ----


def test_pull_request_summary_before_after_and_diff(tmp_path):
    from coursegen.translators import pullrequest

    root = tmp_path / "course"
    make_history(root)
    git(root, "checkout", "-q", "-b", "translation")
    assert main(["--root", str(root), "stamp", "--force", str(root / MALAY)]) == 0
    git(root, "commit", "-qam", "ms: brought up to date", date="2026-11-04T10:00:00+00:00")
    arabic = root / "translations" / "ar" / SLUG / "README.md"
    arabic.write_text(arabic.read_text("utf-8") + "\n", "utf-8")
    git(root, "commit", "-qam", "ar: a blank line", date="2026-11-04T11:00:00+00:00")
    _, summary = pullrequest.summarise(root, "main")
    after = summary.split("### Before → after", 1)[1]
    assert f"- ms {SLUG}: outdated → up to date (changed by this pull request)" in after
    assert f"- ar {SLUG}: outdated → outdated" in after
    assert f"<summary>ar {SLUG}: what changed in English since the translation</summary>" in after
    assert "<del>- the fine-tuning or training code;</del>" in after and "often <ins>much</ins> cheaper" in after
    assert f"<summary>ms {SLUG}" not in after


def test_changes_page_text_has_no_template_tags(tmp_path):
    """English text like `{{ question }}` (and a label with braces) reaches the page as text."""
    from coursegen.pages.changes import changes_page

    root = tmp_path / "course"
    make_history(root)
    english = root / ENGLISH
    english.write_text(english.read_text("utf-8") + "\nA prompt such as `{{ question }}` or {% raw %} stays text.\n", "utf-8")
    strings = root / "translations" / "ms" / "strings.yml"
    strings.write_text(strings.read_text("utf-8").replace("labels:\n", 'labels:\n  changes_legend: "{{ lipsum }}"\n', 1), "utf-8")
    page = changes_page(load_course(root), "ms", SLUG)
    assert "{{" not in page and "{%" not in page
    assert "&#123;&#123; question &#125;&#125;" in page and "&#123;&#123; lipsum &#125;&#125;" in page


def test_the_history_read_stays_with_the_loaded_course(tmp_path, monkeypatch):
    """git's history is read once per loaded course; a version found is also kept for the process
    by the commit checked out (a preview loads the course at every save): a commit during a long
    preview is seen by the next build, which loads the course anew."""
    from coursegen.content.course import load_course
    from coursegen.content.history import english_diff

    root = tmp_path / "course"
    commits = make_history(root)
    course = load_course(root)
    first = english_diff(course, "ms", SLUG)
    assert first.base is not None and first.base.commit == commits["v1"]
    assert any(key[0] == "history" for key in course.memo)
    # The translator updates the translation from the current English and commits (as during `make serve`).
    readme = root / MALAY
    text = readme.read_text("utf-8")
    stored = re.search(r'"original_hash": "([0-9a-f]{32})"', text)[1]
    current = hashlib.md5((root / ENGLISH).read_bytes()).hexdigest()
    readme.write_text(text.replace(stored, current), "utf-8")
    (root / ENGLISH).write_text((root / ENGLISH).read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    git(root, "commit", "-q", "-am", "English v4", date="2026-11-04T10:00:00+00:00")
    again = english_diff(load_course(root), "ms", SLUG)
    assert again.base is not None and again.base.commit == commits["v3"]
    assert english_diff(course, "ms", SLUG).base == first.base  # the first build's course: as it read it
    # The course loaded again at the same commit: the version found is not looked for in git again.
    from coursegen.content import history

    monkeypatch.setattr(history, "_history", lambda *args: pytest.fail("git log run again at the same commit"))
    assert english_diff(load_course(root), "ms", SLUG).base == again.base
