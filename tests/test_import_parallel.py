"""`coursegen import` plans the languages of a checkout in parallel (coursegen.translators.import_parallel):
what it prints and what it writes are the same as when one process plans them one after another,
and a refusal found in a forked process stops the import as one found in the main process does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import LESSON, copy_course, coursegen, snapshot
from upstream_checkout import TEST_LANGUAGES, write_checkout

from coursegen.translators import import_parallel


def _import(root: Path, upstream: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> tuple[int, str, str, dict[str, bytes]]:
    with monkeypatch.context() as patch:
        patch.setattr(import_parallel, "PARALLEL_FROM", 2 if parallel else 10**6)
        result = coursegen(root, "import", str(upstream))
    shown = [text.replace(str(root), "ROOT") for text in (result.stdout, result.stderr)]
    return result.returncode, shown[0], shown[1], snapshot(root)


def test_languages_planned_in_parallel_give_the_same_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(TEST_LANGUAGES) >= import_parallel.PARALLEL_FROM  # (the plain `coursegen import` goes parallel too)
    upstream = write_checkout(tmp_path / "upstream")
    # One language's sidecar cannot be read: the message that skips it comes from a forked process.
    sidecar = next(path for path in sorted((upstream / "translations").glob("*/.co-op-translator.json")) if path.parent.name != "en")
    sidecar.write_text("{", "utf-8")
    parallel = _import(copy_course(tmp_path / "parallel"), upstream, monkeypatch, parallel=True)
    one_by_one = _import(copy_course(tmp_path / "one-by-one"), upstream, monkeypatch, parallel=False)
    assert parallel[0] == one_by_one[0] == 0, parallel[2]
    assert "imported:" in parallel[1] and f"language '{sidecar.parent.name}' skipped" in parallel[1] + parallel[2]
    assert parallel == one_by_one


def test_a_refusal_in_a_forked_process_stops_the_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upstream = write_checkout(tmp_path / "upstream")
    page = upstream / "translations" / "ja" / LESSON / "README.md"
    page.write_text(page.read_text("utf-8") + "\n[out](../../../../../etc/passwd)\n", "utf-8")
    root = copy_course(tmp_path / "course")
    shutil.rmtree(root / "translations" / "ja" / LESSON)
    before = snapshot(root)
    code, _, errors, after = _import(root, upstream, monkeypatch, parallel=True)
    assert code == 1
    assert f"SRC/translations/ja/{LESSON}/README.md:" in errors and "leads outside the course: refused" in errors
    assert "nothing was imported" in errors
    assert after == before
