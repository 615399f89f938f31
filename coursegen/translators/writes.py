"""Writing contributors' files safely: all or nothing, never over a file unless forced.

Commands plan their writes into a `Transaction`, then commit it: each file is written to a
temporary file beside its target and renamed into place. If anything fails part-way, every file
already replaced is put back and every new file removed, so the tree is as it was.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from coursegen.content import coop
from coursegen.problems import CourseError, Problem, display_path


@dataclass
class Transaction:
    root: Path
    force: bool = False
    planned: dict[Path, bytes] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)
    # Files an earlier sync wrote and nobody has changed since: replaced like the others.
    replaceable: frozenset[Path] = frozenset()
    # Every file that holds (or will hold) what the import brings, with the SHA-256 of its bytes:
    # what the next sync may replace if it is still so (coursegen.translators.sync).
    current: dict[Path, str] = field(default_factory=dict)

    @functools.cached_property
    def real_root(self) -> Path:
        return Path(self.root).resolve()  # (asked at every write: an import plans thousands)

    def merge_sidecar(self, path: Path, entries: dict[str, coop.Metadata], shown: str) -> list[Problem]:
        """Plan the translation tool's sidecar file with these entries merged in: an entry that
        differs from the one there is kept unless forced (and the file listed as skipped)."""
        if not entries:
            return []
        current = coop.parse_sidecar(path.read_text("utf-8"), shown) if path.is_file() else coop.Sidecar()
        for key, value in entries.items():
            if key in current.entries and current.entries[key] != value and not self.force:
                self.skipped.append(path)
                continue
            current.entries[key] = value
        text = coop.format_sidecar(current.entries, current.other)
        if not self.unchanged(path, text):
            self.write(path, text, replace=True)
        return current.all_problems()

    def write(self, path: Path, data: bytes | str, *, replace: bool = False) -> bool:
        """Plan a write. An existing file is only replaced when `replace` or --force says so;
        otherwise it is recorded in `skipped` and False is returned."""
        path = Path(path)
        real_path, real_root = path.resolve(), self.real_root
        if real_root != real_path and real_root not in real_path.parents:
            raise CourseError(Problem(display_path(path, self.root), 0, "refusing to write outside the course repository"))
        if isinstance(data, str):
            data = data.encode("utf-8")
        if path.exists() and not (replace or self.force or path in self.replaceable):
            if path.read_bytes() != data:
                self.skipped.append(path)
            else:
                self.current[path] = hashlib.sha256(data).hexdigest()
            return False
        self.planned[path] = data
        self.current[path] = hashlib.sha256(data).hexdigest()
        return True

    @staticmethod
    def unchanged(path: Path, data: bytes | str) -> bool:
        """The file is there with exactly these bytes (writing it would change nothing)."""
        return path.is_file() and path.read_bytes() == (data.encode("utf-8") if isinstance(data, str) else data)

    def commit(self) -> list[Path]:
        """Write every planned file, or none of them. Returns the paths written."""
        backups: dict[Path, tuple[bytes, int] | None] = {}
        created_dirs: list[Path] = []
        written: list[Path] = []
        current: Path | None = None
        new_file_mode, folders = _default_mode(), set()  # (folders known to be there: asked once each)
        planned, batch = list(self.planned.items()), _batch_size()
        temporaries: dict[Path, tuple[int, str]] = {}  # a batch's files: (open descriptor, temporary file)
        try:
            for first in range(0, len(planned), batch):
                for path, data in planned[first : first + batch]:
                    current = path
                    backup = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode)) if path.exists() else None
                    backups[path] = backup
                    if path.parent not in folders:
                        created_dirs.extend(_make_parents(path.parent))
                        folders.add(path.parent)
                    temporaries[path] = _write_temporary(path, data, backup[1] if backup else new_file_mode)
                if batch > 1:
                    os.sync()
                for path, (handle, temporary) in list(temporaries.items()):
                    current = path
                    os.fsync(handle)  # (its data is on disk already; an error that struck it is told here)
                    os.replace(temporary, path)
                    written.append(path)
                    del temporaries[path]
                    os.close(handle)
        except BaseException as error:  # an interrupt part-way must not leave half a change either
            _discard(temporaries)
            _roll_back(written, backups, created_dirs)
            if not isinstance(error, OSError):
                raise
            shown = display_path(current, self.root) if current is not None else "?"
            raise CourseError(Problem(shown, 0, f"could not write ({error.strerror or error}); nothing was changed")) from None
        return written


# Files are written a batch at a time, then the disks flushed once (os.sync) before each file's
# fsync, which then finds its data written and still reports an error that struck it (its
# descriptor was open). An fsync per file as it is written, each a flush of the disk's journal,
# took 0.8 s of an import's 2,700 files. A batch keeps that many descriptors open: at most a
# quarter of those the process may open (macOS allows 256); without os.sync, one file a batch.
FLUSH_BATCH = 256


def _batch_size() -> int:
    if not hasattr(os, "sync"):
        return 1
    try:
        import resource  # noqa: PLC0415 - Unix only, as os.sync

        allowed = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return 1
    return FLUSH_BATCH if allowed == resource.RLIM_INFINITY else max(1, min(FLUSH_BATCH, allowed // 4))


def _write_temporary(path: Path, data: bytes, mode: int) -> tuple[int, str]:
    """A temporary file beside path holding data, with the mode path will have: (its open descriptor, its name)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.chmod(temporary, mode)
    except BaseException:
        os.close(handle)
        Path(temporary).unlink(missing_ok=True)
        raise
    return handle, temporary


def _discard(temporaries: dict[Path, tuple[int, str]]) -> None:
    for handle, temporary in temporaries.values():
        try:
            os.close(handle)
        except OSError:
            pass
        Path(temporary).unlink(missing_ok=True)


def _roll_back(written: list[Path], backups: dict[Path, tuple[bytes, int] | None], created_dirs: list[Path]) -> None:
    for path in reversed(written):
        previous = backups[path]
        if previous is None:
            path.unlink(missing_ok=True)
        else:
            _atomic_write(path, *previous)
    for folder in reversed(created_dirs):
        try:
            folder.rmdir()
        except OSError:
            pass


def _make_parents(folder: Path) -> list[Path]:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _default_mode() -> int:
    """The mode a plain new file gets (0o666 less the umask); mkstemp's own 0o600 would hide it."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _default_mode() if mode is None else mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
