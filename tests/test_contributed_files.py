"""Contributed files: BOM and Windows line ends simply work; links and names cannot reach outside."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from helpers import build_site, copy_course

from coursegen.content.course import english_hash, load_course
from coursegen.pages.prepare import validate_pages
from coursegen.problems import CourseError

EN = "lessons/16-open-source-models"  # the English lesson's folder (MS: its Malay translation's)
MS = "translations/ms/16-open-source-models"


def windows_bytes(path: Path) -> bytes:
    """The file as a Windows editor might save it: byte-order mark and CRLF line ends."""
    data = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path.write_bytes(data)
    return data


def test_bom_and_crlf_everywhere_build_and_hash_raw_bytes(tmp_path: Path):
    root = copy_course(tmp_path / "course")
    english = windows_bytes(root / EN / "README.md")
    for name in (f"{EN}/lesson.yml", "lessons/strings.yml", f"{MS}/lesson.yml", "translations/ms/strings.yml", "docs/ms/about.md"):
        windows_bytes(root / name)
    # The translation records the hash of the English file's raw bytes, BOM and CR included.
    digest = hashlib.md5(english).hexdigest()
    page = root / MS / "README.md"
    text = page.read_text(encoding="utf-8")
    old = text.split('"original_hash": "', 1)[1][:32]
    page.write_text(text.replace(old, digest), encoding="utf-8")
    windows_bytes(page)

    course = load_course(root)
    assert english_hash(course, "16-open-source-models") == digest
    translation = course.translations[("ms", "16-open-source-models")]
    assert translation.metadata is not None and translation.metadata.original_hash == digest
    assert course.lesson_words("ms", "16-open-source-models")["title"] == "Model Sumber Terbuka"
    assert validate_pages(course) == []

    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    for built in (site / "16-open-source-models/index.html", site / "ms/16-open-source-models/index.html", site / "ms/about/index.html"):
        html = built.read_text(encoding="utf-8")
        assert "\ufeff" not in html and "\r" not in html
        assert "CO_OP_TRANSLATOR_METADATA" not in html
    assert "Model Sumber Terbuka" in (site / "ms/16-open-source-models/index.html").read_text(encoding="utf-8")


def test_page_settings_lines_are_text_not_dropped(tmp_path: Path):
    """MkDocs reads leading `key: value` lines as page settings; contributed pages keep them as text."""
    root = copy_course(tmp_path / "course")
    (root / "docs/ms/about.md").write_text("Nota: baris pertama ialah teks.\ntitle: bukan tetapan\n\n# Perihal\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    html = (site / "ms/about/index.html").read_text(encoding="utf-8")
    assert "Nota: baris pertama ialah teks." in html and "title: bukan tetapan" in html


def problems_of(root: Path) -> list[str]:
    with pytest.raises(CourseError) as caught:
        load_course(root)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("folder", [MS, "docs/ms", EN, "translations/ms"])
def test_links_out_of_the_repository_are_refused(course_copy: Path, tmp_path: Path, folder: str):
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    (course_copy / folder / "notes.md").symlink_to(secret)
    assert problems_of(course_copy) == [f"{folder}/notes.md: symbolic link points outside the repository ({secret})"]


def test_links_to_the_repositorys_private_files_are_refused(course_copy: Path):
    (course_copy / ".git").mkdir()
    (course_copy / ".git/config").write_text("[remote]\nurl = https://token@example.com\n", encoding="utf-8")
    (course_copy / "docs/ms/config.md").symlink_to("../../.git/config")
    (course_copy / "translations/ms/images").symlink_to("../../.git")
    assert problems_of(course_copy) == [
        "docs/ms/config.md: symbolic link points outside the course's content folders (../../.git/config)",
        "translations/ms/images: symbolic link points outside the course's content folders (../../.git)",
    ]


def test_a_link_inside_the_content_is_fine(course_copy: Path):
    os.symlink("../../../lessons/16-open-source-models/images", course_copy / MS / "images")
    (course_copy / MS / "images").resolve(strict=True)
    load_course(course_copy)


@pytest.mark.parametrize("name", ['x" onmouseover="alert(1).md', "<script>.md", "a b.md", "ünïcode.md", "back\\slash.md"])
def test_file_names_that_would_break_a_url_or_attribute_are_refused(course_copy: Path, name: str):
    (course_copy / "docs/ms" / name).write_text("# x\n", encoding="utf-8")
    assert problems_of(course_copy) == [f"docs/ms/{name}: file name {name!r} may only use letters, digits, '.', '_' and '-'"]


def test_source_file_that_climbs_out_is_refused_from_the_sidecar(course_copy: Path):
    page = course_copy / MS / "README.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text[text.index("-->") + 4 :], encoding="utf-8")  # drop the inline comment
    (course_copy / "translations/ms/.co-op-translator.json").write_text(
        '{\n  "16-open-source-models/README.md": {\n    "original_hash": "aabbc023e7a148d3497350afd0202102",\n'
        '    "translation_date": "2026-11-27T20:51:30+00:00",\n    "source_file": "/etc/passwd",\n    "language_code": "ms"\n  }\n}\n',
        encoding="utf-8",
    )
    assert problems_of(course_copy) == [
        "translations/ms/.co-op-translator.json:2: source_file '/etc/passwd' must be a relative path inside the course"
    ]


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def test_only_pages_and_raster_images_are_published_from_contributed_folders(course_copy: Path, tmp_path: Path):
    """Recognised by their bytes, not their names: a web page, a script or an SVG (which may hold
    script) in a translation or a translated site page is refused, with each file named."""
    lesson = course_copy / "translations/ms/16-open-source-models"
    (lesson / "images").mkdir()
    (lesson / "images/banner.png").write_bytes(PNG)  # a real image: fine
    (lesson / "images/photo.webp").write_bytes(b"RIFF\x1a\x00\x00\x00WEBPVP8L")  # fine
    (lesson / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (lesson / "images/chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8")
    (lesson / "images/fake.png").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    (course_copy / "docs/ms/app.js").write_text("alert(1)", encoding="utf-8")
    (course_copy / "docs/ms/polyglot.html").write_bytes(PNG + b"<script>alert(1)</script>")
    with pytest.raises(CourseError) as caught:
        load_course(course_copy)
    refused = "not published from a translation: only Markdown pages and PNG, JPEG, GIF or WebP images (checked by their bytes) may be here"
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}: {refused}"
        for path in (
            "docs/ms/app.js",
            "docs/ms/polyglot.html",
            "translations/ms/16-open-source-models/evil.html",
            "translations/ms/16-open-source-models/images/chart.svg",
            "translations/ms/16-open-source-models/images/fake.png",
        )
    ]
    # The strict build stops on the same files; the maintainers' own docs/assets may hold anything.
    result = build_site(course_copy, tmp_path / "site")
    assert result.returncode != 0 and "translations/ms/16-open-source-models/evil.html: not published" in result.stderr
    for name in ("evil.html", "images/chart.svg", "images/fake.png"):
        (lesson / name).unlink()
    for name in ("app.js", "polyglot.html"):
        (course_copy / "docs/ms" / name).unlink()
    (course_copy / "docs/assets/extra.js").write_text("// the maintainers'", encoding="utf-8")
    load_course(course_copy)


def test_a_preview_checks_the_files_of_the_languages_it_reads(tmp_path: Path):
    """A one-language preview (`make serve ONLY=ms`) loads only Malay's translations and walks only
    its folders; the build that reads every language refuses a bad file in any of them."""
    root = copy_course(tmp_path / "course")
    (root / "translations/ja/page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    os.symlink("/etc/passwd", root / "docs/ar/passwd.md")
    preview = load_course(root, {"en", "ms"})
    assert ("ms", "16-open-source-models") in preview.translations
    with pytest.raises(CourseError) as everything:
        load_course(root)
    assert "docs/ar/passwd.md:" in str(everything.value)  # (links are refused first, before any file is read)
    (root / "docs/ar/passwd.md").unlink()
    with pytest.raises(CourseError) as everything:
        load_course(root)
    assert "translations/ja/page.html:" in str(everything.value)
    # The same files in the preview's own language are refused by the preview too.
    (root / "translations/ms/page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    os.symlink("/etc/passwd", root / "translations/ms/passwd.md")
    with pytest.raises(CourseError) as own:
        load_course(root, {"en", "ms"})
    assert "translations/ms/passwd.md:" in str(own.value)
    (root / "translations/ms/passwd.md").unlink()
    with pytest.raises(CourseError) as own:
        load_course(root, {"en", "ms"})
    assert "translations/ms/page.html:" in str(own.value) and "translations/ja" not in str(own.value)


def test_a_preview_watches_the_sources_of_the_languages_it_shows(tmp_path: Path):
    """What a rebuild reads is watched; a one-language preview does not watch the other
    languages' folders (each watched folder costs a file-event watch before the first page),
    and MkDocs, which watches mkdocs.yml's `watch:` list after the plugin, does not either."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    from coursegen.site.selection import Selection
    from coursegen.site.serve import watch_sources

    root = copy_course(tmp_path / "course")
    languages = tuple(load_course(root).languages)
    everything = Selection(languages, "en", frozenset(languages), False, preview=False)
    malay = Selection(languages, "en", frozenset({"en", "ms"}), False, preview=True)

    def watched(selection: Selection) -> dict[str, bool]:
        config = load_config(str(root / "mkdocs.yml"))
        server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
        try:
            server.watch(config.docs_dir)
            server.watch(str(config.config_file_path))
            calls: dict[str, bool] = {}  # path -> recursive, the last call's
            watch = server.watch

            def noted(path: str, func: None = None, *, recursive: bool = True) -> None:
                calls[path] = recursive
                watch(path, recursive=recursive)

            server.watch = noted  # type: ignore[method-assign]
            watch_sources(server, config, root, selection)
            for path in config.watch:  # (as mkdocs serve does next)
                server.watch(path)
            return {Path(path).relative_to(root).as_posix(): recursive for path, recursive in calls.items()}
        finally:
            server.server_close()

    shown = watched(everything)
    assert shown["translations"] and shown["docs"] and shown["lessons"] and shown["macros"] and shown["course.yml"]
    shown = watched(malay)
    assert all(shown[name] for name in ("translations/ms", "docs/ms", "docs/en", "docs/assets", "docs/overrides", "lessons", "data"))
    assert shown["translations"] is False and shown["docs"] is False  # (a new language folder is seen)
    assert not {"translations/ja", "docs/ar", "translations/sw"} & set(shown)
