"""Lesson 16's prose says why a model matters; its numbers come from data/models.yml.

A number with a unit (a size, a token count, a date) written by hand in the prose can disagree
with the card beside it, and a translation writes it in a format of its own ("70 億" beside the
card's "70億"). So in every language the prose states such a number only through
`{{ fact("model-id", "field") }}`, which prints the card's value in the card's format.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from coursegen.content.course import load_course
from coursegen.pages.context import PageContext
from coursegen.pages.macros import fact

REPO = Path(__file__).resolve().parent.parent  # the lessons as shipped (the tests' copy leaves Swahili's out)

LESSON = "16-open-source-models"
LANGUAGES = ("en", "ms", "ar", "ja", "sw")

# What the prose may not write by hand: a year, or a number followed by a unit of size, of tokens
# or of memory, in each language the lesson is written in (digits Latin or Arabic-Indic).
_NUMBER = r"[0-9٠-٩][0-9٠-٩.,\u00a0\u202f ]*"
_UNITS = {
    "en": r"(?:[BKMT]\b|billion|trillion|million|thousand|tokens?\b|GB|TB)",
    "ms": r"(?:[BKMT]\b|bilion|trilion|juta|ribu|token\b|GB|TB)",
    "ar": r"(?:[BKMT]\b|مليار|ترليون|تريليون|مليون|ألف|آلاف|رمز|رموز|GB|TB|جيجابايت)",
    "ja": r"(?:[BKMT]\b|億|兆|万|千|トークン|GB|TB|年|か?月)",
    "sw": r"(?:[BKMT]\b|bilioni|trilioni|milioni|elfu|tokeni|GB|TB)",
}
_BEFORE = {"sw": r"(?:bilioni|trilioni|milioni|tokeni)\s*" + _NUMBER}  # Swahili puts the noun first
_YEAR = r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])"

_STRIPPED = [
    re.compile(r"^(```|~~~).*?^\1", re.S | re.M),  # fenced code
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\{\{.*?\}\}", re.S),  # macro calls: a fact() prints a value, the others blocks
    re.compile(r"<!--.*?-->", re.S),  # comments (the translation tool's metadata)
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"<[^>]+>"),  # tags
]


def prose(text: str, names: list[str]) -> str:
    for pattern in _STRIPPED:
        text = pattern.sub(" ", text)
    for name in sorted(names, key=len, reverse=True):  # a model's name is not a number: "Mixtral 8x7B"
        text = text.replace(name, " ")
    return text


def hand_written_numbers(text: str, lang: str) -> list[str]:
    patterns = [_NUMBER + r"\s*" + _UNITS[lang], _YEAR] + ([_BEFORE[lang]] if lang in _BEFORE else [])
    return [match.group(0).strip() for pattern in patterns for match in re.finditer(pattern, text)]


def lesson_texts(repo: Path) -> dict[str, str]:
    texts = {"en": (repo / "lessons" / LESSON / "README.md").read_text(encoding="utf-8")}
    for lang in LANGUAGES[1:]:
        path = repo / "translations" / lang / LESSON / "README.md"
        if path.exists():
            texts[lang] = path.read_text(encoding="utf-8")
    return texts


def model_names(repo: Path) -> list[str]:
    """The names a lesson may write: each record's name, and the names its prose gives (strings)."""
    models = yaml.safe_load((repo / "data" / "models.yml").read_text(encoding="utf-8"))["models"]
    names = [model["name"] for model in models] + [model["id"] for model in models]
    return names + [model["huggingface"].rsplit("/", 1)[1] for model in models]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_prose_writes_no_number_the_data_holds(lang: str) -> None:
    texts = lesson_texts(REPO)
    assert lang in texts, f"no {lang} translation of lesson 16"
    found = hand_written_numbers(prose(texts[lang], model_names(REPO)), lang)
    assert not found, f"{lang}: numbers written by hand, to be given by fact(): {found}"


def test_the_rule_finds_what_it_is_for() -> None:
    assert hand_written_numbers("trained on 2.46 trillion tokens in July 2023", "en") == ["2.46 trillion", "2023"]
    assert hand_written_numbers("70 億・130 億のパラメーター", "ja") == ["70 億", "130 億"]
    assert hand_written_numbers("tokeni 4,096", "sw") == ["tokeni 4,096"]
    assert not hand_written_numbers(prose("[Mixtral 8x7B](https://x/7B) `7B` {{ fact('x', 'y') }}", ["Mixtral 8x7B"]), "en")


def test_a_fact_reads_as_the_card_writes_it(repo: Path) -> None:
    course = load_course(repo)
    japanese = PageContext(course, "ja", source_lang="ja")
    assert str(fact(japanese, "llama-2", "parameters")) == "70億、130億、700億"
    assert str(fact(japanese, "llama-2", "released")) == "2023年7月"
    english_page_for_a_japanese_reader = PageContext(course, "ja", source_lang="en")
    assert str(fact(english_page_for_a_japanese_reader, "llama-2", "released")) == "July\u00a02023"


def test_a_fact_that_cannot_be_stated_is_refused_by_name(repo: Path) -> None:
    from coursegen.pages.context import MacroError

    course = load_course(repo)
    ctx = PageContext(course, "en")
    with pytest.raises(MacroError, match=r"fact\(\) cannot print 'openness' \(it can: "):
        fact(ctx, "llama-2", "openness")
    with pytest.raises(MacroError, match="unknown model id 'gpt-5'"):
        fact(ctx, "gpt-5", "parameters")
    with pytest.raises(MacroError, match="mistral-7b has no training_tokens in data/models.yml"):
        fact(ctx, "mistral-7b", "training_tokens")
    assert str(fact(ctx, "llama-2", "licence")) == "Llama 2 Community License"
