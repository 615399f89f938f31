"""Interface strings that change with a number (labels such as "tokens"): one text per plural
category of the language's CLDR rules (Babel), checked on load and fitted for a new language."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import yaml

from coursegen.content import schemas
from coursegen.content.languages import babel_locale


def plural_categories(lang: str) -> list[str]:
    """The plural categories of a language's CLDR rules, in schemas.PLURAL_CATEGORIES order."""
    tags = babel_locale(lang).plural_form.tags | {"other"}
    return [category for category in schemas.PLURAL_CATEGORIES if category in tags]


_PLURAL_BLOCK = r"^  {}:\n(?:    [a-z]+: .*\n)+"


def fit_plural_labels(strings_text: str, lang: str) -> str:
    """A strings.yml's text (copied from English or another language) with each plural label given
    exactly the categories of lang, a missing one taking the "other" text: a start to translate."""
    labels = (yaml.safe_load(strings_text) or {}).get("labels") or {}
    for key in schemas.PLURAL_LABELS:
        if isinstance(labels.get(key), dict):
            forms = labels[key]
            block = f"  {key}:\n" + "".join(
                f"    {category}: {json.dumps(forms.get(category, forms['other']), ensure_ascii=False)}\n"
                for category in plural_categories(lang)
            )
            strings_text = re.sub(_PLURAL_BLOCK.format(key), _replacement(block), strings_text, count=1, flags=re.MULTILINE)
    return strings_text


def plural_problems(lang: str, label: str, forms: dict[str, str]) -> list[str]:
    """A plural label needs a text for each plural category of the language's CLDR rules, and no
    other; the number goes where "{count}" is (the "other" text always shows it)."""
    needed = plural_categories(lang)
    problems = []
    missing = [category for category in needed if category not in forms]
    if missing:
        problems.append(
            f"label '{label}' needs a text for each plural category of '{lang}' ({', '.join(needed)}): missing {', '.join(missing)}"
        )
    unused = [category for category in forms if category not in needed]
    if unused:
        problems.append(f"label '{label}': '{lang}' has no plural category {', '.join(unused)} (its categories: {', '.join(needed)})")
    if "{count}" not in forms.get("other", "{count}"):
        problems.append(f"label '{label}': the 'other' text must show the number as {{count}}")
    return problems


def _replacement(text: str) -> Callable[[re.Match[str]], str]:
    """A re.sub replacement that inserts text as it is (no backslash escapes read in it)."""
    return lambda _match: text
