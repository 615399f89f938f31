"""Two builds of the same tree are byte-identical, whatever the day and the hash seed."""

from __future__ import annotations

import filecmp
import gzip
import struct
from datetime import UTC, datetime
from pathlib import Path

from helpers import build_site, build_site_in_own_process, copy_course

from coursegen.content.course import load_course
from coursegen.site.reproducible import build_epoch, newest_translation_time


def differing_files(left: Path, right: Path) -> list[str]:
    names = sorted({p.relative_to(left).as_posix() for p in left.rglob("*")} | {p.relative_to(right).as_posix() for p in right.rglob("*")})
    return [
        n
        for n in names
        if not ((left / n).is_dir() and (right / n).is_dir())
        and not ((left / n).is_file() and (right / n).is_file() and filecmp.cmp(left / n, right / n, shallow=False))
    ]


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path):
    # built_site was built in the test process; this build runs in a new interpreter with another
    # hash seed: the same files also prove that a build in the test process is a real build.
    root = copy_course(tmp_path / "course")
    again = tmp_path / "site"
    result = build_site_in_own_process(root, again, env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    assert differing_files(built_site, again) == []


def test_dates_come_from_the_tree_not_the_clock(built_site: Path, repo: Path):
    # The test copy is not a git checkout: the newest translation date of the course is used.
    course = load_course(repo)
    epoch = build_epoch(course, None)
    assert epoch == newest_translation_time(course) > 0
    day = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" not in sitemap  # the sitemap carries no dates at all (coursegen/site/alternates.py)
    header = (built_site / "sitemap.xml.gz").read_bytes()[:10]
    assert struct.unpack("<I", header[4:8])[0] == int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_a_commit_time_wins_and_a_users_epoch_is_kept(repo: Path, tmp_path: Path):
    course = load_course(repo)
    assert build_epoch(course, 1_700_000_000) == 1_700_000_000
    root = copy_course(tmp_path / "course")
    site = tmp_path / "site"
    result = build_site(root, site, env={"SOURCE_DATE_EPOCH": "1600000000"})
    assert result.returncode == 0, result.stderr
    header = (site / "sitemap.xml.gz").read_bytes()[:10]
    assert struct.unpack("<I", header[4:8])[0] == int(datetime(2020, 9, 13, tzinfo=UTC).timestamp())
