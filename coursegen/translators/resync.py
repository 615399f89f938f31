"""What an import keeps from one run to the next: where links to unhosted files go (the repository
the checkout was cloned from, written into course.yml) and the slugs of nested lessons imported
before (each lesson.yml's upstream_folder), so a lesson inserted upstream moves no other page."""

from __future__ import annotations

import re
from pathlib import Path

from coursegen.content.course import Course
from coursegen.problems import Problem
from coursegen.translators.upstream import Checkout
from coursegen.translators.writes import Transaction


def with_top_level_keys(text: str, values: dict[str, str]) -> str:
    """A YAML file's text with these top-level `key: value` lines set (added at the end when
    absent); its comments and every other line are kept as written."""
    for key, value in values.items():
        line = re.compile(rf"^{re.escape(key)}:[^\n]*$", re.M)
        text = line.sub(f"{key}: {value}", text, count=1) if line.search(text) else text.rstrip("\n") + f"\n{key}: {value}\n"
    return text


def follow_origin(
    checkout: Checkout, root: Path, transaction: Transaction, upstream: tuple[str, str]
) -> tuple[tuple[str, str], list[Problem]]:
    """The repository (and branch) links to what this site does not host go to: the one the
    checkout was cloned from, set in course.yml (the build's links to unhosted lessons read it
    there), with a note saying so; else course.yml's `upstream`, unchanged."""
    if checkout.origin is None:
        return upstream, []
    origin = (checkout.origin[0], checkout.origin[1] or upstream[1])
    if origin == upstream:
        return upstream, []
    path = root / "course.yml"
    transaction.write(
        path, with_top_level_keys(path.read_text("utf-8"), {"upstream": origin[0], "upstream_branch": origin[1]}), replace=True
    )
    note = f"upstream set to {origin[0]} ({origin[1]}), the checkout's origin, in place of {upstream[0]} ({upstream[1]})"
    return origin, [Problem("course.yml", 0, f"{note}: links to lessons not hosted here go there")]


def earlier_lessons(course: Course) -> dict[str, str]:
    """The checkout folder -> our slug of each nested lesson an earlier import brought in."""
    return {lesson.facts["upstream_folder"]: slug for slug, lesson in course.lessons.items() if "upstream_folder" in lesson.facts}


def follow_earlier(checkout: Checkout, earlier: dict[str, str], root: Path, transaction: Transaction) -> list[Problem]:
    """Lessons imported before: one whose folder is gone upstream is reported (and kept); one
    renumbered upstream has its lesson.yml follow."""
    removed = []
    for folder, slug in sorted(earlier.items()):
        now = checkout.layout.folders.get(slug)
        if now is None:
            removed.append(Problem(f"lessons/{slug}", 0, f"its folder {folder} is no longer in the checkout: kept here"))
        elif now != folder:
            path = root / "lessons" / slug / "lesson.yml"
            transaction.write(path, with_top_level_keys(path.read_text("utf-8"), {"upstream_folder": now}), replace=True)
    return removed
