"""Helpers shared by the translators' workflow tests: run the real command, edit a course copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LESSON = "16-open-source-models"
SEED = Path("/work/shared/seed/000_e77b85abc9a52a9c.txt")


def coursegen(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The coursegen command as a user runs it (its own process: real output and exit code)."""
    return subprocess.run(
        [sys.executable, "-m", "coursegen.cli", "--root", str(root), *args],
        cwd=cwd or root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def status_json(root: Path) -> dict:
    result = coursegen(root, "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def translation(root: Path, lang: str, slug: str = LESSON) -> Path:
    return root / "translations" / lang / slug / "README.md"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the course's content folders, to prove a command changed nothing."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("lessons", "translations", "docs")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }
