"""How old the model facts are: `coursegen check` warns of each record of data/models.yml whose
facts were last compared with their sources more than STALE_AFTER_MONTHS months ago (open models
are released and relicensed often); the status page shows the oldest check."""

from __future__ import annotations

import calendar
import datetime

from coursegen.content.course import Course
from coursegen.content.yamlfile import load_yaml
from coursegen.problems import Problem

STALE_AFTER_MONTHS = 6


def today_utc() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def stale_facts_warnings(course: Course, today: datetime.date | None = None) -> list[Problem]:
    """Each model record whose `checked` day is more than STALE_AFTER_MONTHS months before today,
    at the line of its `checked` in data/models.yml."""
    limit = months_before(today or today_utc(), STALE_AFTER_MONTHS)
    path = course.root / "data" / "models.yml"
    loaded = load_yaml(path, course.path(path))
    warnings = []
    for index, record in enumerate(loaded.data["models"]):
        checked = datetime.date.fromisoformat(record["checked"])
        if checked < limit:
            message = (
                f"model '{record['id']}': its facts were last checked on {checked.isoformat()}, more than "
                f"{STALE_AFTER_MONTHS} months ago: compare them with their sources, then update `checked`"
            )
            warnings.append(loaded.problem(["models", index, "checked"], message))
    return warnings
