"""Interface strings that change with a number (labels such as "tokens"): one text per plural
category of the language's CLDR rules (Babel), checked on load and fitted for a new language; and
the placeholders a label's translation may use ("{text} ({aside})")."""

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


_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")  # a label's {name} (coursegen.pages.facts.fill)


def placeholder_problems(key: str, value: object, english: object) -> list[str]:
    """A translated label may use the placeholders of its English label, each at most once: a
    placeholder repeated would multiply the value it stands for (a page of megabytes)."""
    texts = list(value.values()) if isinstance(value, dict) else [value]
    english_texts = list(english.values()) if isinstance(english, dict) else [english]
    allowed = sorted({name for text in english_texts if isinstance(text, str) for name in _PLACEHOLDER.findall(text)})
    shown = ", ".join("{" + name + "}" for name in allowed) or "none"
    problems = []
    for text in texts:
        if not isinstance(text, str):
            continue
        found = _PLACEHOLDER.findall(text)
        for name in dict.fromkeys(found):
            if name not in allowed:
                problems.append(f"label '{key}' uses {{{name}}}, which the English label does not have (it has {shown})")
            elif found.count(name) > 1:
                problems.append(
                    f"label '{key}' uses {{{name}}} {found.count(name)} times: each of the English label's placeholders ({shown}) at most once"
                )
    return problems[:3]
