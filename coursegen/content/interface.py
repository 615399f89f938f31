"""The site's own words in every language of the registry, shipped with the generator.

coursegen/interface/<lang>.yml holds, for each language code the upstream course uses, the labels
of lessons/strings.yml that belong to the generator (notices, status and changes pages, model
cards, 404, alerts) and, where the theme has no translation, the theme's words. A course's own
translations/<lang>/strings.yml comes on top: it adds its words (the site's name, the prose about
its models) and replaces any shipped one. A language still becomes a language of the site only by
having pages. Each shipped file says whether a native speaker has reviewed it (`reviewed:`).

`python -m coursegen.translators.interface_check [lang ...]` checks the shipped files.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from coursegen.content.languages import LANGUAGES
from coursegen.content.plurals import placeholder_problems
from coursegen.content.yamlfile import SAFE_LOADER
from coursegen.problems import Problem

INTERFACE_FOLDER = Path(__file__).resolve().parent.parent / "interface"

# Labels that are the course's own words, not the generator's: each course translates them in its
# translations/<lang>/strings.yml (the shipped files leave them out).
COURSE_OWN_LABELS = frozenset({"site_name", "site_description"})


def shipped_file(lang: str) -> Path:
    return INTERFACE_FOLDER / f"{lang}.yml"


def shipped_languages() -> list[str]:
    return sorted(path.stem for path in INTERFACE_FOLDER.glob("*.yml"))


def generator_labels(english: dict[str, Any]) -> list[str]:
    """The labels a shipped file translates: English's, less the course's own."""
    return [key for key in english.get("labels") or {} if key not in COURSE_OWN_LABELS]


def coverage_problems(lang: str, shipped: dict[str, Any], english: dict[str, Any], where: str) -> list[Problem]:
    """What a shipped file lacks or has too many of, against English (one line each)."""
    problems = []
    labels = shipped.get("labels") or {}
    wanted = generator_labels(english)
    missing = [key for key in wanted if not labels.get(key)]
    if missing:
        problems.append(Problem(where, 0, f"{lang}: no text for the label(s) {', '.join(missing)}"))
    extra = [key for key in labels if key not in wanted]
    if extra:
        problems.append(Problem(where, 0, f"{lang}: label(s) a shipped file may not hold: {', '.join(extra)}"))
    if LANGUAGES[lang].theme_borrowed:
        theme = shipped.get("theme") or {}
        missing = [key for key in english.get("theme") or {} if not theme.get(key)]
        if missing:
            problems.append(Problem(where, 0, f"{lang}: the theme has no words in this language; missing theme: {', '.join(missing)}"))
    if "reviewed" not in shipped:
        problems.append(Problem(where, 0, f"{lang}: say whether a native speaker reviewed it (reviewed: false or true)"))
    return problems


@functools.cache
def _shipped_text(lang: str) -> dict[str, Any]:
    path = shipped_file(lang)
    return yaml.load(path.read_text("utf-8"), SAFE_LOADER) if path.is_file() else {}  # noqa: S506 (SAFE_LOADER is safe)


def shipped_words(lang: str, english: dict[str, Any]) -> dict[str, Any]:
    """lang's shipped words as this course can use them: a label whose placeholders or plural
    forms do not fit the course's English (a course may reword its English) is left out, so it is
    shown in English and listed as missing, never broken. The files themselves are held to the
    rules by tests/test_every_language.py, so nothing is dropped from an unchanged English."""
    shipped = _shipped_text(lang)
    if not shipped:
        return {}
    english_labels = english.get("labels") or {}
    # (A counted label's forms are the language's CLDR plural categories: that depends on the
    # language only, and every shipped file is held to it by interface_check and the tests, so it is
    # not checked again here: it would load 54 languages' CLDR data on every load of a course.)
    labels = {
        key: value
        for key, value in (shipped.get("labels") or {}).items()
        if key in english_labels and not placeholder_problems(key, value, english_labels[key])
    }
    theme = {key: value for key, value in (shipped.get("theme") or {}).items() if key in (english.get("theme") or {})}
    return {"labels": labels, "theme": theme, "reviewed": shipped.get("reviewed") is True}


def merge(shipped: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A language's words: the course's own file over the shipped one, key by key. It is
    reviewed when neither says `reviewed: false` (a contributor's file says nothing: it was
    written by a speaker)."""
    merged: dict[str, Any] = {
        "labels": {**(shipped.get("labels") or {}), **(own.get("labels") or {})},
        "theme": {**(shipped.get("theme") or {}), **(own.get("theme") or {})},
        "models": own.get("models") or {},
        "reviewed": shipped.get("reviewed", True) is not False and own.get("reviewed", True) is not False,
    }
    return merged
