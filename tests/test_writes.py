"""Nothing is lost: a Transaction writes all of its files or none, and never overwrites unasked."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coursegen.problems import CourseError
from coursegen.translators.writes import Transaction


def snapshot(root: Path) -> dict[str, object]:
    """Every file's bytes and mode and every folder, so 'unchanged' means unchanged."""
    state: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        state[relative] = "dir" if path.is_dir() else (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
    return state


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "translations/ms/16-open-source-models").mkdir(parents=True)
    (root / "translations/ms/16-open-source-models/README.md").write_text("# Asal\n", encoding="utf-8")
    (root / "translations/ms/strings.yml").write_text("labels: {}\n", encoding="utf-8")
    os.chmod(root / "translations/ms/strings.yml", 0o640)
    return root


def plan_three(root: Path, force: bool = True) -> Transaction:
    transaction = Transaction(root, force=force)
    transaction.write(root / "translations/ms/16-open-source-models/README.md", "# Baharu\n")
    transaction.write(root / "translations/ja/16-open-source-models/README.md", "# 新しい\n")
    transaction.write(root / "translations/ms/strings.yml", "labels: {model: Model}\n")
    return transaction


def test_commit_writes_everything_and_keeps_modes(tree: Path):
    written = plan_three(tree).commit()
    assert len(written) == 3
    assert (tree / "translations/ja/16-open-source-models/README.md").read_text(encoding="utf-8") == "# 新しい\n"
    assert stat.S_IMODE((tree / "translations/ms/strings.yml").stat().st_mode) == 0o640  # replaced: mode kept
    umask = os.umask(0)
    os.umask(umask)
    new_mode = stat.S_IMODE((tree / "translations/ja/16-open-source-models/README.md").stat().st_mode)
    assert new_mode == 0o666 & ~umask  # new: a normal file, not mkstemp's private 0600
    assert not list(tree.rglob("*.tmp"))


def test_existing_files_are_not_overwritten_without_force(tree: Path):
    before = snapshot(tree)
    transaction = Transaction(tree)
    assert transaction.write(tree / "translations/ms/16-open-source-models/README.md", "# Lain\n") is False
    assert transaction.write(tree / "translations/ms/strings.yml", "labels: {}\n") is False  # same bytes: not a conflict
    assert transaction.skipped == [tree / "translations/ms/16-open-source-models/README.md"]
    assert transaction.commit() == []
    assert snapshot(tree) == before


def test_replace_or_force_overwrites(tree: Path):
    transaction = Transaction(tree)
    assert transaction.write(tree / "translations/ms/strings.yml", "a: b\n", replace=True)
    transaction.commit()
    assert (tree / "translations/ms/strings.yml").read_text(encoding="utf-8") == "a: b\n"


@pytest.mark.parametrize("failing_call", [1, 2, 3])
def test_a_rename_failing_part_way_leaves_the_tree_unchanged(tree: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int):
    before = snapshot(tree)
    real_replace = os.replace
    calls = []

    def flaky_replace(source, target):
        calls.append(target)
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", flaky_replace)
    transaction = plan_three(tree)
    with pytest.raises(CourseError) as caught:
        transaction.commit()
    monkeypatch.undo()
    failed = list(transaction.planned)[failing_call - 1].relative_to(tree).as_posix()
    assert str(caught.value) == f"{failed}: could not write (No space left on device); nothing was changed"
    assert snapshot(tree) == before  # no new folder, no temporary file, every byte and mode as it was


def test_a_failing_flush_to_disk_leaves_the_tree_unchanged(tree: Path, monkeypatch: pytest.MonkeyPatch):
    before = snapshot(tree)
    real_fsync = os.fsync
    calls = []

    def flaky_fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", flaky_fsync)
    with pytest.raises(CourseError, match="nothing was changed"):
        plan_three(tree).commit()
    monkeypatch.undo()
    assert snapshot(tree) == before


def test_an_interrupt_part_way_is_rolled_back_and_re_raised(tree: Path, monkeypatch: pytest.MonkeyPatch):
    before = snapshot(tree)
    real_replace = os.replace
    calls = []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        plan_three(tree).commit()
    monkeypatch.undo()
    assert snapshot(tree) == before


def test_a_folder_in_the_way_fails_cleanly(tree: Path):
    (tree / "translations/ja").mkdir()
    (tree / "translations/ja/16-open-source-models").write_text("a file where a folder should be", encoding="utf-8")
    before = snapshot(tree)
    with pytest.raises(CourseError) as caught:
        plan_three(tree).commit()
    assert "translations/ja/16-open-source-models/README.md: could not write" in str(caught.value)
    assert snapshot(tree) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_read_only_folder_leaves_the_tree_unchanged(tree: Path):
    (tree / "translations/ja/16-open-source-models").mkdir(parents=True)
    os.chmod(tree / "translations/ja/16-open-source-models", 0o555)
    before = snapshot(tree)
    try:
        with pytest.raises(CourseError, match="nothing was changed"):
            plan_three(tree).commit()
        assert snapshot(tree) == before
    finally:
        os.chmod(tree / "translations/ja/16-open-source-models", 0o755)


@pytest.mark.parametrize("path", ["../outside.md", "translations/../../outside.md", "/etc/passwd"])
def test_writes_outside_the_repository_are_refused(tree: Path, path: str):
    with pytest.raises(CourseError, match="refusing to write outside the course repository"):
        Transaction(tree, force=True).write(tree / path, "x")
    assert not (tree.parent / "outside.md").exists()


def test_writes_through_a_link_out_of_the_repository_are_refused(tree: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tree / "translations/link").symlink_to(outside)
    with pytest.raises(CourseError, match="outside the course repository"):
        Transaction(tree, force=True).write(tree / "translations/link/x.md", "x")


@pytest.mark.skipif(not hasattr(os, "sync"), reason="files are written one at a time where the disks cannot be flushed at once")
def test_many_files_are_written_within_the_descriptors_a_process_may_open(tmp_path: Path):
    """Files are written a batch at a time, each batch's descriptors open until it is flushed: a
    process allowed 64 open files (macOS allows 256) still writes 300."""
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from coursegen.translators.writes import Transaction\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (64, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))\n"
        "root = Path(sys.argv[1])\n"
        "transaction = Transaction(root)\n"
        "for number in range(300):\n"
        "    transaction.write(root / f'translations/ms/{number:03}/README.md', f'# {number}\\n')\n"
        "print(len(transaction.commit()))\n"
    )
    root = tmp_path / "course"
    root.mkdir()
    result = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "300"
    assert (root / "translations/ms/299/README.md").read_text(encoding="utf-8") == "# 299\n"
    assert not list(root.rglob("*.tmp"))
