"""`coursegen build` with its cache (coursegen.site.build_cache): after a change, a warm rebuild
makes the same site, file for file, as a cold build of the same tree, and rebuilds what the change
reaches: one language for one translated page, every language for shared data or strings. Times
are for `make bench`, never asserted here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import REPO, coursegen

from benchmarks import fullscale
from benchmarks.bench import differing_files

PAGE = f"translations/ms/{fullscale.SOURCE_LESSON}/README.md"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """Six languages (English, ms, ar, ja, pcm, no), four lessons: up-to-date, outdated and missing translations."""
    root = tmp_path / "course"
    generated = fullscale.generate(REPO, root, language_count=6, lesson_count=4)
    fullscale.write_site_config(REPO, root, generated.languages)
    return root


def build(root: Path, site: Path, *options: str) -> str:
    """`coursegen build` into site, with the cache beside the course: what it printed."""
    result = coursegen(root, "build", "--site-dir", str(site), "--cache-dir", str(root.parent / "cache"), *options)
    assert result.returncode == 0, result.stderr
    return result.stdout


def built_languages(output: str) -> int:
    found = re.search(r"built (\d+) language\(s\)", output)
    assert found, output
    return int(found[1])


def assert_same_as_cold_build(root: Path, site: Path) -> None:
    cold = root.parent / "cold"
    build(root, cold, "--no-cache")
    assert not differing_files(cold, site)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_translated_page_rebuilds_its_language_only(course: Path) -> None:
    site = course.parent / "site"
    assert built_languages(build(course, site)) == 6  # the cache is empty: everything is built
    assert_same_as_cold_build(course, site)
    output = build(course, site)
    assert built_languages(output) == 0 and "6 unchanged, from the cache" in output

    edit(course / PAGE, "\n\n", "\n\nA paragraph the warm rebuild must show.\n\n")
    output = build(course, site)
    assert built_languages(output) == 1 and "5 unchanged, from the cache" in output  # Malay only
    assert "A paragraph the warm rebuild must show." in (site / "ms" / fullscale.SOURCE_LESSON / "index.html").read_text("utf-8")
    assert_same_as_cold_build(course, site)

    # No site folder: every part comes from the store, as it was built.
    (course.parent / "moved").mkdir()
    site.rename(course.parent / "moved" / "site")
    assert built_languages(build(course, site)) == 0
    assert_same_as_cold_build(course, site)

    # A site file changed by hand is put back; a store partly deleted is built again where it lacks.
    edit(site / "ja" / "index.html", "<html", "<html data-edited")
    objects = sorted((course.parent / "cache" / "objects").rglob("*"))
    for path in [path for path in objects if path.is_file()][::7]:
        path.unlink()
    output = build(course, site)
    assert 0 < built_languages(output) <= 6
    assert_same_as_cold_build(course, site)


def test_a_change_to_shared_data_or_strings_rebuilds_what_shows_them(course: Path) -> None:
    site = course.parent / "site"
    build(course, site)

    edit(course / "data" / "models.yml", "name: Mistral 7B", "name: Mistral 7B Instruct")
    assert built_languages(build(course, site)) == 6  # a model card is on every language's lesson
    assert "Mistral 7B Instruct" in (site / "pcm" / fullscale.SOURCE_LESSON / "index.html").read_text("utf-8")
    assert_same_as_cold_build(course, site)

    edit(course / "translations" / "ja" / "strings.yml", "site_name: ", "site_name: 新しい名前 ")
    output = build(course, site)
    assert built_languages(output) >= 1
    assert "新しい名前" in (site / "ja" / "index.html").read_text("utf-8")
    assert_same_as_cold_build(course, site)


def test_the_cache_holds_only_data(course: Path) -> None:
    build(course, course.parent / "site")
    cache = course.parent / "cache"
    for path in cache.rglob("*"):
        relative = path.relative_to(cache).as_posix()
        if path.is_file():
            assert re.fullmatch(
                r"objects/[0-9a-f]{2}/[0-9a-f]{64}|parts/[a-z_-]+/[0-9a-f]{64}\.json|sites/[0-9a-f]{32}\.json|hashes\.json", relative
            )


def test_site_and_store_share_one_copy_of_each_file(course: Path) -> None:
    """The store names the built files a second time (hard links), so the cache costs no second
    copy of the site; a site file written into afterwards, even at the same size, is noticed when
    its part is next placed and that part is built again."""
    site = course.parent / "site"
    build(course, site)
    objects = {path.stat().st_ino for path in (course.parent / "cache" / "objects").rglob("*") if path.is_file()}
    page = site / "ms" / fullscale.SOURCE_LESSON / "index.html"
    assert page.stat().st_ino in objects and page.stat().st_nlink == 2
    # The same number of bytes, written into the file the store also names.
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<html", "<HTML", 1), encoding="utf-8")
    site.rename(course.parent / "elsewhere")  # (the next build places every part from the store)
    output = build(course, site)
    assert built_languages(output) == 1  # Malay's part failed its check, and was built again
    assert_same_as_cold_build(course, site)
