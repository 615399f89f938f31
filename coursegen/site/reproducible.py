"""Byte-identical builds: take the site's dates from the tree, never from the clock.

The site engine stamps the sitemap (<lastmod>) and the gzip header of sitemap.xml.gz with the
build date, so the same tree built on two days differs. It reads SOURCE_DATE_EPOCH (the
reproducible-builds convention) when set; we set it, unless the user did, to:

1. the time of the repository's last commit (git), or else
2. the newest translation_date recorded in the course's translation metadata, or else
3. 0 (1970-01-01).
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path

from coursegen.content.course import Course

VARIABLE = "SOURCE_DATE_EPOCH"


def git_commit_time(root: Path) -> int | None:
    """Seconds since the epoch of the last commit of the repository holding root, if any."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    output = result.stdout.strip()
    return int(output) if result.returncode == 0 and output.isdigit() else None


def newest_translation_time(course: Course) -> int | None:
    times = []
    for translation in course.translations.values():
        if translation.metadata is not None:
            stamp = translation.metadata.translation_date.replace("Z", "+00:00")
            times.append(int(datetime.fromisoformat(stamp).timestamp()))
    return max(times, default=None)


def build_epoch(course: Course, commit_time: int | None) -> int:
    """The date the build claims, from the tree alone (see the module's docstring)."""
    if commit_time is not None:
        return commit_time
    return newest_translation_time(course) or 0


class EpochSetter:
    """Sets SOURCE_DATE_EPOCH for this process unless the user already chose a value."""

    def __init__(self) -> None:
        self.users_value = os.environ.get(VARIABLE)

    def set(self, course: Course) -> None:
        if self.users_value is None:
            os.environ[VARIABLE] = str(build_epoch(course, git_commit_time(course.root)))
