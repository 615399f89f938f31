"""A site built in groups of languages, in parallel or on separate machines, equals one full build."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from helpers import REPO, Run, build_site, coursegen

from benchmarks import fullscale


def files_of(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def assert_same_site(expected: Path, actual: Path) -> None:
    want, got = files_of(expected), files_of(actual)
    assert sorted(got) == sorted(want), (
        f"files differ: missing {sorted(set(want) - set(got))[:10]}, extra {sorted(set(got) - set(want))[:10]}"
    )
    differing = [name for name in want if not filecmp.cmp(want[name], got[name], shallow=False)]
    assert not differing, f"{len(differing)} file(s) differ, e.g. {differing[:10]}"


def coursegen_ok(root: Path, *args: str) -> Run:
    result = coursegen(root, *args)  # `coursegen build` starts one `mkdocs build` process per group
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def small_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five languages (one with a three-letter code, one the theme has no strings for), three lessons,
    translations up to date, outdated and missing."""
    root = tmp_path_factory.mktemp("shards") / "course"
    course = fullscale.generate(REPO, root, language_count=6, lesson_count=3)
    assert {"pcm", "no"} <= set(course.languages)
    assert all(course.states.values())
    fullscale.write_site_config(REPO, root, course.languages)
    return root


@pytest.fixture(scope="module")
def full_build(small_course: Path) -> Path:
    """The reference: one `mkdocs build` of every language in one process (this one)."""
    site = small_course.parent / "site-full"
    result = build_site(small_course, site)
    assert result.returncode == 0, result.stderr
    return site


def test_parallel_build_equals_full_build(small_course: Path, full_build: Path) -> None:
    site = small_course.parent / "site-parallel"
    coursegen_ok(small_course, "build", "--jobs", "2", "--groups", "3", "--site-dir", str(site))
    assert_same_site(full_build, site)


def test_parts_built_apart_and_merged_equal_full_build(small_course: Path, full_build: Path) -> None:
    parts = small_course.parent / "parts"
    coursegen_ok(small_course, "build", "--jobs", "1", "--only", "ms,pcm", "--site-dir", str(parts / "a"))
    coursegen_ok(small_course, "build", "--jobs", "1", "--only", "ar ja no", "--site-dir", str(parts / "b"))
    merged = small_course.parent / "site-merged"
    coursegen_ok(small_course, "merge", str(parts / "a"), str(parts / "b"), "--site-dir", str(merged))
    assert_same_site(full_build, merged)


def test_each_language_keeps_its_own_search_index(full_build: Path) -> None:
    import json

    for lang in ("ms", "pcm", "ar"):
        index = json.loads((full_build / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        locations = {doc["location"] for doc in index["docs"]}  # relative to the language's root
        assert "16-open-source-models/" in locations
        assert not [loc for loc in locations if loc.split("/")[0] in ("ms", "pcm", "ar", "ja", "no", lang)]
    root = json.loads((full_build / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in root["docs"] if doc["location"].split("/")[0] in ("ms", "pcm", "ar", "ja", "no")]


def test_switcher_links_to_the_same_page_in_every_language(full_build: Path) -> None:
    page = (full_build / "pcm" / "16-open-source-models" / "index.html").read_text(encoding="utf-8")
    for lang in ("ms", "ar", "ja", "no"):
        assert f'href="../../{lang}/16-open-source-models/" hreflang="{lang}"' in page
    assert 'href="../../16-open-source-models/" hreflang="en"' in page


def test_a_page_links_to_a_file_of_the_theme_in_every_language(course_copy: Path, tmp_path: Path) -> None:
    """A language's build after the default one's takes the theme's files from their copies in the
    site, not copying them again: a page's link to one is still found and rewritten (a strict
    build), in the translation and in the English page a language without it falls back to."""
    link = "\n\n![icon](../../assets/images/favicon.png)\n"
    for page in ("lessons/16-open-source-models/README.md", "translations/ms/16-open-source-models/README.md"):
        (course_copy / page).write_text((course_copy / page).read_text(encoding="utf-8") + link, encoding="utf-8")
    (course_copy / "translations" / "sw" / "16-open-source-models" / "README.md").unlink(missing_ok=True)  # (sw falls back to English)
    site = tmp_path / "site"
    coursegen_ok(course_copy, "build", "--jobs", "1", "--only", "ms sw", "--site-dir", str(site))
    for page, src in (("", "../assets"), ("ms/", "../../assets"), ("sw/", "../../assets")):
        html = (site / f"{page}16-open-source-models" / "index.html").read_text(encoding="utf-8")
        assert f'src="{src}/images/favicon.png"' in html, page
    assert (site / "assets" / "images" / "favicon.png").is_file() and not (site / "ms" / "assets").exists()


def test_unknown_language_is_a_clear_error(small_course: Path) -> None:
    result = coursegen(small_course, "build", "--only", "xx")
    assert result.returncode == 1
    assert "unknown language(s) xx" in result.stderr
    assert "Traceback" not in result.stderr


def test_groups_share_the_work_by_the_weight_of_each_language() -> None:
    from coursegen.site.build import split

    languages = ["ar", "de", "fr", "ja", "ms", "zh-CN"]
    assert split(languages, 2) == [["ar", "fr", "ms"], ["de", "ja", "zh-CN"]]  # without weights: round-robin
    weights = {"ar": 5, "de": 1, "fr": 1, "ja": 9, "ms": 1, "zh-CN": 8}
    groups = split(languages, 2, weights, english=4)
    assert sorted(lang for group in groups for lang in group) == languages  # each language once, in order within a group
    assert all(group == sorted(group) for group in groups)
    loads = [sum(weights[lang] for lang in group) + (4 if index == 0 else 0) for index, group in enumerate(groups)]
    assert max(loads) - min(loads) <= 1, groups  # (round-robin: 4+7 against 18)
    assert split(["ms"], 4, {"ms": 1}) == [["ms"]]
    # Languages without pages are shared out by count, and no group is left with nothing to build
    # but English (a group empty but for English is the first: it builds the site's English).
    assert split(["de", "fr", "ja"], 3, {"ja": 5}) == [["ja"], ["de"], ["fr"]]
    assert split(["ar", "de", "fr", "ja", "ms", "sw"], 6, {"ar": 9}, english=0) == [["ar"], ["de"], ["fr"], ["ja"], ["ms"], ["sw"]]
    assert split(["de", "fr"], 3, {"de": 1, "fr": 1}, english=50) == [[], ["de", "fr"]]
    assert split(["de", "fr"], 4, {"de": 1, "fr": 1}) == [["de"], ["fr"]]


def test_a_listed_stage_gives_mkdocs_the_files_a_copied_one_does(course_copy: Path, tmp_path: Path) -> None:
    """`coursegen build` copies no course file into its stage: MkDocs' walk of a language's folder
    is answered from the list of its files (coursegen.site.stage.list_per_language). It finds the
    same files, in the same order, as in a stage of copies (the preview's, `mkdocs build`'s)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from coursegen.content.course import load_course
    from coursegen.site import patches, stage

    course = load_course(course_copy)
    copied = stage.stage_per_language(course, ["ms", "ja"], tmp_path / "copied")
    listed, listings = stage.list_per_language(course, ["ms", "ja"], tmp_path / "listed")
    assert listed == copied
    written = [
        path.relative_to(tmp_path / "listed" / "ms").as_posix() for path in (tmp_path / "listed" / "ms").rglob("*") if path.is_file()
    ]
    assert not set(written) & set(copied)  # (only pages the build makes: what changed in English)
    patches.list_docs_folders(listings)
    try:
        for lang in ("en", "ms", "ja"):
            config = load_config(str(course_copy / "mkdocs.yml"))
            uris = []
            for folder in ("copied", "listed"):
                config.docs_dir = str(tmp_path / folder / lang)
                uris.append([(file.src_uri, file.dest_uri) for file in get_files(config)])
            assert uris[0] == uris[1] and uris[0], lang
    finally:
        patches.list_docs_folders({})
    # The next build in the process stages copies: its walks are the folders' own again.
    config.docs_dir = str(tmp_path / "listed" / "ms")
    assert {file.src_uri for file in get_files(config)} == set(written)
