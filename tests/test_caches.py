"""Nothing from the repository tree is unpickled or run by the build: the theme's compiled
templates (which Jinja unpickles when it loads them) are kept in memory by a build, and on disk
only by a preview, in the user's cache folder, outside the checkout."""

from __future__ import annotations

from pathlib import Path

from helpers import build_site

from coursegen.site import theme_cache


def test_a_build_keeps_no_compiled_template_on_disk(course_copy: Path, tmp_path: Path) -> None:
    result = build_site(course_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not [path for path in course_copy.rglob("__jinja2_*")], "a build wrote compiled templates into the checkout"
    assert not (course_copy / ".build" / "theme-bytecode").exists()


def test_only_a_preview_keeps_compiled_templates_and_outside_the_checkout(course_copy: Path) -> None:
    folder = theme_cache.bytecode_folder(course_copy)
    assert course_copy.resolve() not in folder.resolve().parents
    assert theme_cache.bytecode_folder(course_copy) != theme_cache.bytecode_folder(course_copy.parent)  # one per course
    theme_cache.THEME_BYTECODE.keep_on_disk(None)  # what a build does
    assert theme_cache.THEME_BYTECODE.disk is None
