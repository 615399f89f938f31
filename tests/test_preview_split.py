"""A one-language preview's first build in two processes (coursegen.site.preview_split): the site
it serves is the one a single process builds, before and after a save, and a failure in the
forked copy stops the preview with its message, leaving nothing behind."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_course

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or (os.cpu_count() or 1) < 2, reason="the preview's first build is split on Linux with two processors or more"
)

# The preview's builds as `mkdocs serve --dirtyreload` makes them (`make serve ONLY=ms`), in one
# process: its first build, then (with "save") a change to the Malay lesson and the rebuild.
PREVIEW = r"""
import sys
site, how, saves = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.argv = ["mkdocs", "serve", "--dirtyreload"]  # (mkdocs-static-i18n reads it)
from mkdocs.commands.build import build
from mkdocs.config import load_config
from coursegen.site import preview_split
forked = []
if how == "one process":
    preview_split.worth_it = lambda build: False
else:
    fork = preview_split.fork
    preview_split.fork = lambda config, build: forked.append(1) or fork(config, build)
if how == "the copy cannot leave its search entries":
    preview_split.ENTRIES = "no-such-folder/entries.json"
if how == "the copy is killed":
    import signal
    preview_split._end_copy = lambda split, entries: os.kill(os.getpid(), signal.SIGKILL)
import os
started_in = os.getpid()
config = load_config(site_dir=site, strict=False)
config.plugins.on_startup(command="serve", dirty=True)
try:
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    for page in saves:
        with open(page, "a", encoding="utf-8") as stream:
            stream.write("\n\nSAVED-IN-THE-PREVIEW\n")
        config = load_config(site_dir=site, strict=False)  # (as mkdocs serve's builder does)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
finally:
    config.plugins.on_shutdown()
    if os.getpid() != started_in:  # (MkDocs' serve would delete the site folder here)
        print("THE COPY CAME BACK", file=sys.stderr)
print("forked" if forked else "one process")
"""

MALAY = "translations/ms/16-open-source-models/README.md"


def preview(root: Path, site: Path, how: str, *saves: str) -> subprocess.CompletedProcess[str]:
    temporary = site.parent / f"tmp-{site.name}"  # (where the copy's folder goes: left empty)
    temporary.mkdir()
    env = {**os.environ, "COURSEGEN_LANGUAGES": "ms", "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)}
    result = subprocess.run(
        [sys.executable, "-c", PREVIEW, str(site), how, *saves], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert not any(temporary.iterdir()), "the forked copy's folder was left behind"
    return result


def same_files(one: Path, other: Path) -> list[str]:
    """Paths that differ between two folders (or are in one only)."""
    differ: list[str] = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        differ.extend(prefix + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
        differ.extend(prefix + name for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(one, other), "")
    return differ


def test_the_split_preview_serves_the_site_one_process_builds(tmp_path: Path):
    root = copy_course(tmp_path / "course")
    original = (root / MALAY).read_text(encoding="utf-8")
    sites = {}
    for how in ("split", "one process"):
        (root / MALAY).write_text(original, encoding="utf-8")
        site = tmp_path / how.replace(" ", "-")
        result = preview(root, site, how, MALAY)
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.strip() == ("forked" if how == "split" else "one process")
        sites[how] = site
    assert same_files(sites["split"], sites["one process"]) == []
    site = sites["split"]
    assert "SAVED-IN-THE-PREVIEW" in (site / "ms/16-open-source-models/index.html").read_text(encoding="utf-8")
    # The English pages came from the copy, and the rebuild after the save kept their search entries.
    english = {entry["location"].split("#")[0] for entry in json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]}
    assert {"", "16-open-source-models/", "about/", "status/"} <= english
    assert "16-open-source-models" in (site / "index.html").read_text(encoding="utf-8")  # the home page's full navigation


def test_a_failure_in_the_copy_stops_the_preview_with_its_message(tmp_path: Path):
    root = copy_course(tmp_path / "course")
    lesson = root / "lessons/16-open-source-models/README.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n```python\nnever closed\n", encoding="utf-8")
    for how in ("split", "one process"):
        result = preview(root, tmp_path / how.replace(" ", "-"), how)
        assert result.returncode != 0
        assert "lessons/16-open-source-models/README.md:181: code block opened with ``` is never closed" in result.stderr
        assert ("the English pages could not be built" in result.stderr) == (how == "split")  # (after the copy's own words)


@pytest.mark.parametrize(
    ("how", "told"),
    [
        ("the copy cannot leave its search entries", "No such file or directory"),
        ("the copy is killed", "the English pages could not be built (the process building them was stopped by SIGKILL)"),
    ],
)
def test_a_copy_that_fails_at_its_end_never_returns_into_the_preview(tmp_path: Path, how: str, told: str):
    root = copy_course(tmp_path / "course")
    result = preview(root, tmp_path / "site", how)
    assert result.returncode != 0
    assert told in result.stderr and "the English pages could not be built" in result.stderr, result.stderr[-3000:]
    # The copy never came back from the build into MkDocs' serve, which deletes the site folder.
    assert "THE COPY CAME BACK" not in result.stderr and result.stdout.strip() == ""
    assert (tmp_path / "site/ms/16-open-source-models/index.html").is_file()
