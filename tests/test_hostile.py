"""The corpus of hostile and broken inputs (tests/hostile/): each gives its exact error, loudly.

Every case goes through the real entry points: `coursegen validate` (exit code and stderr) and,
for the cases marked `build: true`, the strict MkDocs build. The cases marked `neutralised: true`
must pass: tests/browser/test_hostile_pages.py loads the site built from them in Chromium. The
cases marked `accepted: true` are pages like any other to GitHub's parser (their cost is measured
by `make bench-hostile`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import build_site, copy_course, coursegen

HOSTILE = Path(__file__).parent / "hostile"
CASES = yaml.safe_load((HOSTILE / "expected.yml").read_text(encoding="utf-8"))


def case_id(case: dict) -> str:
    return f"{case['file']}->{case['target']}"


def case_bytes(case: dict) -> bytes:
    return (HOSTILE / case["file"]).read_bytes() * case.get("repeat", 1)


def run_validate(root: Path) -> tuple[int, str]:
    result = coursegen(root, "validate")
    return result.returncode, result.stderr


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_course(tmp_path_factory.mktemp("hostile") / "course")


def test_every_corpus_file_has_a_case():
    files = {path.name for path in HOSTILE.iterdir() if path.name != "expected.yml"}
    assert files == {case["file"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_validate_reports_exactly(case: dict, shared_copy: Path):
    target = shared_copy / case["target"]
    original = target.read_bytes() if target.exists() else None
    target.write_bytes(case_bytes(case))
    try:
        code, stderr = run_validate(shared_copy)
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
    assert "Traceback" not in stderr
    assert code == (0 if case.get("neutralised") or case.get("accepted") else 1)
    assert stderr.splitlines() == case["errors"]


@pytest.mark.parametrize("case", [c for c in CASES if c.get("build")], ids=case_id)
def test_strict_build_fails_naming_the_file(case: dict, tmp_path: Path):
    root = copy_course(tmp_path / "course")
    (root / case["target"]).write_bytes(case_bytes(case))
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for error in case["errors"]:
        assert error in result.stderr


def test_the_untouched_copy_still_validates(shared_copy: Path):
    code, stderr = run_validate(shared_copy)
    assert (code, stderr) == (0, "")


def test_missing_course_folder_is_a_message_not_a_traceback(tmp_path: Path):
    code, stderr = run_validate(tmp_path / "nowhere")
    assert code == 1
    assert stderr.strip() == f"{tmp_path / 'nowhere' / 'course.yml'}: No such file or directory"


def test_copy_is_independent(tmp_path: Path, repo: Path):
    # The corpus runs on copies: the repository's own files are never touched.
    root = copy_course(tmp_path / "course")
    assert (root / "translations/ms/16-open-source-models/README.md").read_bytes() == (
        repo / "translations/ms/16-open-source-models/README.md"
    ).read_bytes()
    shutil.rmtree(root)


def test_a_symbolic_link_loop_is_a_message_not_a_traceback(course_copy: Path):
    folder = course_copy / "translations" / "ms"
    (folder / "a").symlink_to("b")
    (folder / "b").symlink_to("a")
    code, errors = run_validate(course_copy)
    assert code == 1 and "Traceback" not in errors
    assert errors.splitlines() == [
        "translations/ms/a: symbolic link leads nowhere or in a loop (b)",
        "translations/ms/b: symbolic link leads nowhere or in a loop (a)",
    ]
