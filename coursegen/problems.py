"""One shape for every error a user sees: a file, a line and what was expected."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # repository-relative POSIX path, or as given by the user
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class CourseError(Exception):
    """Raised when content cannot be loaded or rendered; carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[CourseError], tuple[list[Problem]]]:
        # (Raised in a forked process, it comes back to the parent pickled: by its problems.)
        return (CourseError, (self.problems,))


@functools.lru_cache(maxsize=8)  # the repository's root, asked for every message and file
def _resolved(root: Path) -> Path:
    return root.resolve()


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as users should read it in messages: relative to the repository when possible."""
    path = Path(path)
    if root is not None:
        # Paths the loader builds from the root need no look at the disk (resolving every file's
        # path took a third of loading a full-scale course).
        if ".." not in path.parts and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
        try:
            return path.resolve().relative_to(_resolved(Path(root))).as_posix()
        except ValueError:
            pass
    return path.as_posix()
