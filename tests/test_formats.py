"""Every fact's format in every shipped language is CLDR's (through Babel), and data text says
each thing once: checked against Babel's own calls and on the built lesson 16."""

from __future__ import annotations

import datetime
import decimal
import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
import yaml
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_compact_decimal, format_decimal
from helpers import LESSON, SHIPPED_LANGUAGES, coursegen

from coursegen.cli import main
from coursegen.content import schemas
from coursegen.content.course import Course, load_course
from coursegen.content.languages import babel_locale
from coursegen.pages.context import PageContext
from coursegen.pages.facts import fact_cells, format_count, format_day, format_month

LANGS = ("en", *SHIPPED_LANGUAGES)
FSI, PDI = "\u2068", "\u2069"


@pytest.fixture(scope="module")
def course(repo: Path) -> Course:
    return load_course(repo)


def cells(course: Course, lang: str, model_id: str) -> dict[str, str]:
    return {name: cell["text"] for name, cell in fact_cells(PageContext(course, lang, LESSON, lang), course.models[model_id]).items()}


def babel_billions(values: list[float], lang: str, compact_lang: str | None = None) -> str:
    """What Babel gives for sizes in billions: compact numbers in the language's list pattern."""
    compact = babel_locale(compact_lang or lang)
    numbers = [format_compact_decimal(decimal.Decimal(str(v)) * 10**9, locale=compact, fraction_digits=2) for v in values]
    return format_list(numbers, locale=babel_locale(lang))


def test_swahili_abbreviates_billions_and_trillions_as_english_does() -> None:
    # So Swahili's sizes can be checked against Babel's English compact numbers (CLDR's sw
    # patterns add only a negative half, which Babel miscounts: see below).
    for magnitude in (10**9, 10**10, 10**11, 10**12, 10**13):
        sw = babel_locale("sw").compact_decimal_formats["short"]["other"][str(magnitude)].pattern
        en = babel_locale("en").compact_decimal_formats["short"]["other"][str(magnitude)].pattern
        assert sw.split(";")[0] == en


def test_babel_still_miscounts_compact_patterns_with_a_negative_half() -> None:
    # Why facts.format_compact exists: when this fails, Babel is fixed; call format_compact_decimal.
    assert format_compact_decimal(7e9, locale="sw") == "70B"


def spaced(text: str) -> str:
    """Text with its no-break spaces (a number kept with its noun, a month with its year) as spaces."""
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize("lang", LANGS)
def test_a_count_and_a_month_stay_on_one_line(course: Course, lang: str) -> None:
    ctx = PageContext(course, lang)
    for text in (format_count(ctx, "tokens", 4096), format_month(ctx, "2023-09")):
        assert " " not in text, text


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_and_date_field_is_what_babel_gives(course: Course, lang: str) -> None:
    locale = babel_locale(lang)
    compact_lang = "en" if lang == "sw" else lang  # Babel's compact decimals are wrong for Swahili (above)
    checked = 0
    for model in course.models.values():
        shown = cells(course, lang, model.id)
        day = datetime.date.fromisoformat(model["checked"])  # the card's "facts checked on"
        assert format_day(PageContext(course, lang), model["checked"]) == format_date(day, "long", locale=locale)
        undisclosed = course.label(lang, "not_disclosed")
        for field in schemas.shown_facts():
            value = model.facts.get(field.name)
            if field.shown == "billions" and value:
                assert shown[field.name] == babel_billions(value if isinstance(value, list) else [value], lang, compact_lang)
            elif field.shown == "month":
                year, month = map(int, value.split("-")) if value else (0, 0)
                assert spaced(shown[field.name]) == (
                    format_skeleton("yMMMM", datetime.date(year, month, 1), locale=locale) if value else undisclosed
                )
            elif field.shown == "tokens" and value:
                source, forms = course.plural_label(lang, "tokens")
                category = babel_locale(source).plural_form(value)
                assert spaced(shown[field.name]) == forms.get(category, forms["other"]).replace(
                    "{count}", format_decimal(value, locale=locale)
                )
            else:
                continue
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    ("lang", "parameters", "training_tokens", "released"),
    [
        ("en", "7B, 13B, and 70B", "2T", "July 2023"),
        ("ms", "7B, 13B dan 70B", "2T", "Julai 2023"),
        ("ar", "7\u00a0مليار و13\u00a0مليار و70\u00a0مليار", "2\u00a0ترليون", "يوليو 2023"),
        ("ja", "70億、130億、700億", "2兆", "2023年7月"),
        ("sw", "7B, 13B na 70B", "2T", "Julai 2023"),
    ],
)
def test_anchors_on_the_llama_2_card(course: Course, lang: str, parameters: str, training_tokens: str, released: str) -> None:
    shown = cells(course, lang, "llama-2")
    assert (shown["parameters"], shown["training_tokens"], spaced(shown["released"])) == (parameters, training_tokens, released)


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("en", 1, "1 token"),
        ("en", 4096, "4,096 tokens"),
        ("ms", 4096, "4,096 token"),
        ("ja", 4096, "4,096 トークン"),
        ("sw", 4096, "tokeni 4,096"),
        ("ar", 1, "رمز واحد"),
        ("ar", 2, "رمزان"),
        ("ar", 3, "3 رموز"),
        ("ar", 2048, "2,048 رمزًا"),  # n mod 100 in 11..99: "many", not "2,048 رمز"
        ("ar", 100, "100 رمز"),
    ],
)
def test_counted_tokens_take_the_plural_form_of_their_number(course: Course, lang: str, count: int, text: str) -> None:
    assert spaced(format_count(PageContext(course, lang), "tokens", count)) == text


def test_every_shipped_plural_label_has_exactly_its_languages_categories(course: Course) -> None:
    for lang in LANGS:
        source, forms = course.plural_label(lang, "tokens")
        assert source == lang
        assert set(forms) == set(babel_locale(lang).plural_form.tags) | {"other"}, lang


@pytest.mark.parametrize(
    ("lang", "licence"),
    [
        ("en", "Apache 2.0 (OSI-approved open-source licence)"),
        ("ja", "Apache 2.0（OSI 承認のオープンソースライセンス）"),
        ("ar", FSI + "Apache 2.0" + PDI + " (ترخيص مفتوح المصدر معتمد من OSI)"),
    ],
)
def test_brackets_are_the_languages_and_latin_names_are_isolated_in_rtl(course: Course, lang: str, licence: str) -> None:
    shown = cells(course, lang, "mistral-7b")
    assert shown["licence"] == licence
    assert shown["organization"] == (FSI + "Mistral AI" + PDI if lang == "ar" else "Mistral AI")


def test_a_missing_or_foreign_plural_category_fails_validate_naming_the_file(course_copy: Path, capsys) -> None:
    # (a course's strings.yml replaces a shipped label: here with plural forms that do not fit)
    arabic = course_copy / "translations" / "ar" / "strings.yml"
    text = arabic.read_text(encoding="utf-8")
    forms = '  tokens:\n    zero: "{count} رمز"\n    one: "رمز واحد"\n    two: "رمزان"\n    few: "{count} رموز"\n    other: "{count} رمز"\n'
    arabic.write_text(text.replace("labels:\n", "labels:\n" + forms, 1), encoding="utf-8")
    japanese = course_copy / "translations" / "ja" / "strings.yml"
    text = japanese.read_text(encoding="utf-8")
    japanese.write_text(
        text.replace("labels:\n", '  tokens:\n    one: "1 トークン"\n    other: "トークン"\n'.join(["labels:\n", ""]), 1), encoding="utf-8"
    )
    assert main(["--root", str(course_copy), "validate"]) == 1
    ar_line = arabic.read_text(encoding="utf-8").split("\n").index("  tokens:") + 1
    ja_line = japanese.read_text(encoding="utf-8").split("\n").index("  tokens:") + 1
    assert capsys.readouterr().err.splitlines() == [
        f"translations/ar/strings.yml:{ar_line}: label 'tokens' needs a text for each plural category of 'ar' "
        "(zero, one, two, few, many, other): missing many",
        f"translations/ja/strings.yml:{ja_line}: label 'tokens': 'ja' has no plural category one (its categories: other)",
        f"translations/ja/strings.yml:{ja_line}: label 'tokens': the 'other' text must show the number as {{count}}",
    ]


def test_a_new_language_starts_with_its_own_plural_categories(course_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Polish counts one, few, many, other: where nothing translates a plural label yet (here, as
    # if the generator shipped no Polish words), `new` gives it those, the English texts to translate.
    from coursegen.content import interface

    monkeypatch.setattr(interface, "INTERFACE_FOLDER", tmp_path)
    interface._shipped_text.cache_clear()
    try:
        assert coursegen(course_copy, "new", "pl", LESSON).returncode == 0
        strings = yaml.safe_load((course_copy / "translations" / "pl" / "strings.yml").read_text("utf-8"))
        assert strings["labels"]["tokens"] == {
            "one": "{count} token",
            "few": "{count} tokens",
            "many": "{count} tokens",
            "other": "{count} tokens",
        }
        check = coursegen(course_copy, "check")
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        interface._shipped_text.cache_clear()


# -- data text says each thing once, on the built lesson ------------------------------------------


def _phrases(text: str, lang: str) -> list[str]:
    """The phrases of a text that would read as a repetition: two words running of four letters or
    more (no numbers), or, in Japanese (written without spaces), seven letters running (digits and
    Latin letters left out)."""
    text = text.replace(FSI, "").replace(PDI, "")
    if lang == "ja":
        letters = re.sub(r"[\sA-Za-z0-9.,:;()（）、。/／・-]", "", text)
        return [letters[i : i + 7] for i in range(len(letters) - 6)]
    words = re.findall(r"\w+", text.lower())
    pairs = zip(words, words[1:], strict=False)
    return [f"{a} {b}" for a, b in pairs if all(len(w) >= 4 and not w.isdigit() for w in (a, b))]


# A number with its unit as a fact row prints it: a compact size or count ("27B", "2T", "70億",
# "7 مليار") or a number grouped in thousands ("4,096", of "4,096 tokens").
_UNIT = r"(?:[KMBT]\b|億|兆|万|مليار\w*|ترليون\w*|تريليون\w*)"
_QUANTITY = re.compile(r"\d+(?:[.,]\d+)*[\s\u00a0]?" + _UNIT + r"|\d{1,3}(?:,\d{3})+")


def _quantities(text: str) -> set[str]:
    return {re.sub(r"[\s\u00a0]", " ", match) for match in _QUANTITY.findall(text.replace(FSI, "").replace(PDI, ""))}


def _mentions(text: str, quantity: str) -> bool:
    """Whether a text names this quantity (not a longer number ending or starting with it)."""
    spaced = re.escape(quantity).replace("\\ ", "[\\s\u00a0]")
    return re.search(r"(?<![\d.,])" + spaced + r"(?![\dA-Za-z])", text.replace(FSI, "").replace(PDI, "")) is not None


def _repeated(texts: list[str], lang: str) -> set[str]:
    """Phrases found twice: in two texts, or twice in one."""
    counts = Counter(phrase for text in texts for phrase in _phrases(text, lang))
    return {phrase for phrase, count in counts.items() if count > 1}


@pytest.mark.parametrize("lang", LANGS)
def test_no_card_or_table_says_a_thing_twice(built_site: Path, course: Course, lang: str) -> None:
    page = built_site / ("" if lang == "en" else lang) / LESSON / "index.html"
    tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    undisclosed = course.label(lang, "not_disclosed")
    found = []
    cards = tree.xpath('//article[contains(@class, "model-card")]')
    names = sorted((model["name"] for model in course.models.values()), key=len, reverse=True)
    assert len(cards) >= len(course.models) - 2
    for card in cards:
        header = card.xpath('string(.//p[@class="model-card__org"])')
        facts = [dd.xpath("string(.)").replace("↗", "").strip() for dd in card.xpath(".//dd")]
        texts = [header, *(text for text in facts if text != undisclosed)]
        if repeated := _repeated(texts, lang):
            found.append(f"{card.get('id')}: {sorted(repeated)}")
        # the description is prose beside the rows: it may repeat itself, not them
        description = card.xpath('string(.//p[@class="model-card__description"])')
        if repeated := set(_phrases(description, lang)) & {phrase for text in texts for phrase in _phrases(text, lang)}:
            found.append(f"{card.get('id')} description: {sorted(repeated)}")
        for name in names:  # a name is not a quantity ("Falcon-40B")
            description = description.replace(name, "")
        if numbers := {n for text in facts for n in _quantities(text) if _mentions(description, n)}:
            found.append(f"{card.get('id')} description: {sorted(numbers)}")
    for row in tree.xpath('//table[contains(@class, "model-table")]//tr'):
        texts = [td.xpath("string(.)") for td in row.xpath("./td")]
        if repeated := _repeated([text for text in texts if text != undisclosed], lang):
            found.append(f"table row {row.xpath('string(./th)')}: {sorted(repeated)}")
    assert not found, "\n".join(found)


def test_the_repetition_check_finds_what_the_issue_reported() -> None:
    # The texts issue 13 quoted, as cards used to print them.
    assert _repeated(["Dense decoder; sliding-window attention; sliding-window attention (window 4,096 tokens)"], "en")
    assert _repeated(["Custom licence, not OSI-approved", "Custom licence: services with more than 700 million users"], "en")
    assert _repeated(["独自ライセンス（OSI 未承認）", "独自ライセンス：同意すると重みを"], "ja")
    assert _repeated(["スライディングウィンドウアテンション。スライディングウィンドウアテンション（ウィンドウ幅）"], "ja")
    assert not _repeated(["Dense decoder", "Grouped-query attention on every size"], "en")
    assert _quantities("7\u00a0مليار و13\u00a0مليار") == {"7 مليار", "13 مليار"}
    assert _quantities("70億、130億") == {"70億", "130億"} and _quantities("4,096 tokens; Apache 2.0") == {"4,096"}
    assert _mentions("a window of 4,096 tokens", "4,096") and not _mentions("134,096 tokens", "4,096")
    assert _mentions("1B, 4B, 12B and 27B sizes", "27B") and not _mentions("127B", "27B")
    assert _mentions("700億パラメータ", "700億")


def test_a_fact_whose_prose_is_not_translated_is_given_whole_in_english(built_site: Path, course_copy: Path) -> None:
    """A language that translates the labels but no model prose yet (Swahili without its `models:`):
    a card's architecture is then one English sentence marked as English, not a Swahili word
    followed by English ("Kisimbuzi kamili (dense). Grouped-query attention…"). Where the prose is
    translated, nothing is marked."""
    from coursegen.pages.macros import model_card

    strings = course_copy / "translations" / "sw" / "strings.yml"
    text = strings.read_text(encoding="utf-8")
    strings.write_text(text[: text.index("\nmodels:")] + "\n", encoding="utf-8")
    card = str(model_card(PageContext(load_course(course_copy), "sw"), "llama-2"))
    sw = lxml.html.fromstring(card[card.index("<article") :])
    (fact,) = sw.xpath('//div[contains(@class, "model-card__fact--architecture")]')
    assert fact.findtext("dt") == "Muundo"
    (value,) = fact.xpath("dd")
    assert (value.get("lang"), value.get("dir")) == ("en", "ltr")
    assert value.text_content().startswith("Dense decoder. ")
    for lang in ("ms", "ar", "ja"):
        page = lxml.html.fromstring((built_site / lang / LESSON / "index.html").read_text(encoding="utf-8"))
        assert page.xpath('//article[contains(@class, "model-card")]//*[@lang="en"]') == [], lang
