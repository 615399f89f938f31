"""Shared fixtures: the repository, a copy of it to break, and the real site built once per run
(once for all pytest-xdist workers). The helpers themselves are in tests/helpers.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import HOW_TO_ENABLE_BROWSER_TESTS, browser_tools_missing, build_site, copy_course, in_ci, made_once

BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Without chromium, chromedriver or axe-core (npm) the browser tests are left out, and the
    run's summary says so in one line; in CI (CI=true) they run, and what is missing fails them."""
    if collection_path == BROWSER_TESTS and not in_ci() and browser_tools_missing():
        return True
    return None


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    missing = None if in_ci() else browser_tools_missing()
    if missing and not config.getoption("collectonly"):
        terminalreporter.write_line(f"SKIPPED tests/browser/ (the browser tests): {missing}; {HOW_TO_ENABLE_BROWSER_TESTS}", yellow=True)


@pytest.fixture(scope="session", autouse=True)
def build_cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`coursegen build` keeps built parts in a folder of this run, empty at its start: the tests
    never read nor fill the user's cache (tests/test_warm_rebuild.py tests the cache itself)."""
    from coursegen.cli import CACHE_VARIABLE

    folder = tmp_path_factory.mktemp("build-cache")
    before = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(CACHE_VARIABLE, None)
    else:
        os.environ[CACHE_VARIABLE] = before


@pytest.fixture(scope="session")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course's shipped content (helpers.copy_course), made once per run: read it only."""
    return made_once(tmp_path_factory, "repo", lambda folder: copy_course(folder / "course"))


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    return copy_course(tmp_path / "course")


def _build_the_course(folder: Path) -> Path:
    root = copy_course(folder / "course")
    site = folder / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once per test run into a temporary folder (read it only)."""
    return made_once(tmp_path_factory, "built", _build_the_course)


@pytest.fixture(scope="session")
def chinese_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course with a Simplified Chinese site added (tests/chinese.py), built once per run."""
    from chinese import build_chinese_site

    return made_once(tmp_path_factory, "zh", build_chinese_site)
