"""Writing contributors' files safely: all or nothing, never over a file unless forced.

Commands plan their writes into a `Transaction`, then commit it: each file is written to a
temporary file beside its target and renamed into place. If anything fails part-way, every file
already replaced is put back and every new file removed, so the tree is as it was.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .problems import CourseError, Problem, display_path


@dataclass
class Transaction:
    root: Path
    force: bool = False
    planned: dict[Path, bytes] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)

    def write(self, path: Path, data: bytes | str, *, replace: bool = False) -> bool:
        """Plan a write. An existing file is only replaced when `replace` or --force says so;
        otherwise it is recorded in `skipped` and False is returned."""
        path = Path(path)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if path.exists() and not (replace or self.force):
            if path.read_bytes() != data:
                self.skipped.append(path)
            return False
        self.planned[path] = data
        return True

    def commit(self) -> list[Path]:
        """Write every planned file, or none of them. Returns the paths written."""
        backups: dict[Path, bytes | None] = {}
        created_dirs: list[Path] = []
        written: list[Path] = []
        try:
            for path, data in self.planned.items():
                backups[path] = path.read_bytes() if path.exists() else None
                created_dirs.extend(_make_parents(path.parent))
                _atomic_write(path, data)
                written.append(path)
        except OSError as error:
            for path in reversed(written):
                previous = backups[path]
                if previous is None:
                    path.unlink(missing_ok=True)
                else:
                    _atomic_write(path, previous)
            for folder in reversed(created_dirs):
                try:
                    folder.rmdir()
                except OSError:
                    pass
            failed = getattr(error, "filename", None) or "?"
            raise CourseError(
                Problem(display_path(Path(failed), self.root), 0, f"could not write ({error.strerror or error}); nothing was changed")
            ) from None
        return written


def _make_parents(folder: Path) -> list[Path]:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
