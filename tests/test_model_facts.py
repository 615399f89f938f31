"""data/models.yml as a reader relies on it: every fact sourced and dated, open values explained,
derived values consistent, and the cards with their check dates on the built pages."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from coursegen.content.course import load_course
from coursegen.content.schemas import OPENNESS_ARTEFACTS, sourced_facts

LESSON = "16-open-source-models"
# Facts a base model may leave empty only with a note saying why (active_parameters and base_model
# are simply "not applicable" to a dense model or a base model).
EXPLAINED_WHEN_OPEN = ("context_window", "training_tokens", "released")


def records(repo: Path) -> list[dict]:
    return yaml.safe_load((repo / "data" / "models.yml").read_text(encoding="utf-8"))["models"]


def unsourced(record: dict) -> list[str]:
    """Facts given without a URL of their own (an openness state may use sources.openness)."""
    sources = record.get("sources", {})
    missing = [fact for fact in sourced_facts() if record.get(fact) is not None and not sources.get(fact)]
    for artefact in OPENNESS_ARTEFACTS:
        if not (sources.get(artefact) or sources.get("openness")):
            missing.append(artefact)
    return missing


def unexplained(record: dict) -> list[str]:
    """Values left open (null, or an openness state "unknown") with no note saying why."""
    notes = record.get("notes") or {}
    open_facts = [fact for fact in EXPLAINED_WHEN_OPEN if record.get(fact) is None]
    open_facts += [a for a in OPENNESS_ARTEFACTS if record["openness"][a] == "unknown"]
    return [fact for fact in open_facts if not notes.get(fact)]


def size_disagreements(models: list[dict]) -> list[str]:
    """Fine-tunes that keep their base's architecture but whose size is none of the base's sizes.

    A size is compared at the precision the base gives it: ELYZA's 6.74B is Llama 2's "7B", while
    BioMistral at 7B against Mistral 7B's 7.3B disagrees.
    """
    by_id = {model["id"]: model for model in models}
    found = []
    for model in models:
        base = by_id.get(model.get("base_model_id") or "")
        if base is None or not model["architecture"].get("same_as_base"):
            continue
        for size in model["parameters"]:
            if not any(_same_size(size, base_size) for base_size in base["parameters"]):
                found.append(f"{model['id']}: {size}B is none of {base['id']}'s sizes {base['parameters']}")
    return found


def _same_size(size: float, base_size: float) -> bool:
    decimals = len(repr(float(base_size)).split(".")[1].rstrip("0"))
    return round(size, decimals) == base_size


def test_every_fact_has_a_source_url(repo: Path) -> None:
    problems = {record["id"]: unsourced(record) for record in records(repo)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_record_says_when_it_was_checked(repo: Path) -> None:
    for record in records(repo):
        checked = record.get("checked")
        assert isinstance(checked, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", checked), record["id"]
        day = datetime.date.fromisoformat(checked)
        assert datetime.date(2023, 1, 1) <= day <= datetime.date.today(), (record["id"], checked)


def test_every_open_value_says_why(repo: Path) -> None:
    problems = {record["id"]: unexplained(record) for record in records(repo)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_notes_and_sources_name_only_known_facts(repo: Path) -> None:
    known = set(sourced_facts()) | set(OPENNESS_ARTEFACTS)
    for record in records(repo):
        assert set(record.get("notes") or {}) <= known, record["id"]
        assert set(record["sources"]) <= known, record["id"]


def test_fine_tunes_say_whether_they_keep_their_base_architecture(repo: Path) -> None:
    for record in records(repo):
        if record["kind"] == "fine-tune":
            assert isinstance(record["architecture"].get("same_as_base"), bool), record["id"]


def test_fine_tune_sizes_agree_with_their_base(repo: Path) -> None:
    assert size_disagreements(records(repo)) == []


def test_a_fine_tune_rounded_below_its_base_is_caught(repo: Path) -> None:
    models = records(repo)
    biomistral = next(m for m in models if m["id"] == "biomistral-7b")
    biomistral["parameters"] = [7]
    assert size_disagreements(models) == ["biomistral-7b: 7B is none of mistral-7b's sizes [7.3]"]


def test_a_fact_without_its_source_or_date_is_caught(repo: Path) -> None:
    record = dict(records(repo)[0])
    record["sources"] = {k: v for k, v in record["sources"].items() if k != "training_tokens"}
    assert unsourced(record) == ["training_tokens"]
    record = {**record, "context_window": None, "notes": {}}
    assert "context_window" in unexplained(record)


def test_the_schema_refuses_a_record_without_a_check_date(course_copy: Path) -> None:
    from coursegen.problems import CourseError

    models = course_copy / "data" / "models.yml"
    text = models.read_text(encoding="utf-8")
    models.write_text(text.replace('    checked: "2026-11-30"\n', "", 1), encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        load_course(course_copy)
    assert any("'checked' is a required property" in str(p) for p in caught.value.problems)


def test_the_lesson_shows_every_model_it_lists(repo: Path) -> None:
    course = load_course(repo)
    listed = course.lessons[LESSON].facts["models"]
    text = course.lessons[LESSON].readme.read_text(encoding="utf-8")
    for model_id in listed:
        assert f'model_card("{model_id}")' in text, model_id
    for lang in ("en", "ms", "ar", "ja", "sw"):
        for model_id in listed:
            assert course.model_text(lang, model_id, "description"), (lang, model_id)
        if lang != "en":
            strings = yaml.safe_load((repo / "translations" / lang / "strings.yml").read_text(encoding="utf-8"))
            assert set(listed) <= set(strings["models"]), (lang, set(listed) - set(strings["models"]))


CHECKED_ON = {"": "November 30, 2026", "ms": "30 November 2026", "ar": "30 نوفمبر 2026", "ja": "2026年11月30日"}
CHECKED_AGAIN_ON = {"": "December 4, 2026", "ms": "4 Disember 2026", "ar": "4 ديسمبر 2026", "ja": "2026年12月4日"}
NEW_MODELS = ("llama-4-maverick", "mistral-large-3", "qwen3-5-397b-a17b", "deepseek-v4-pro", "gemma-4", "phi-4", "olmo-3", "gpt-oss-120b")


@pytest.mark.parametrize("prefix", ["", "ms", "ar", "ja"])
def test_built_pages_show_the_new_cards_and_check_dates(built_site: Path, prefix: str) -> None:
    html = (built_site.joinpath(*([prefix] if prefix else []), LESSON) / "index.html").read_text(encoding="utf-8")
    for model_id in NEW_MODELS:
        assert f'<article class="model-card" id="model-{model_id}"' in html, model_id
        table = html.split('<div class="data-table model-table">', 1)[1].split("</table>", 1)[0]
        assert f'href="#model-{model_id}"' in table, model_id
        openness = html.split('<div class="data-table openness-table">', 1)[1].split("</table>", 1)[0]
        assert f'href="#model-{model_id}"' in openness, model_id
    assert f'<time datetime="2026-11-30">{CHECKED_ON[prefix]}</time>' in html
    assert f'<time datetime="2026-12-04">{CHECKED_AGAIN_ON[prefix]}</time>' in html
    assert html.count('<figure class="model-chart"') >= 2


def test_check_warns_of_facts_not_checked_for_six_months(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a fixed clock: a record checked more than six months ago is named, with its line."""
    from helpers import coursegen

    from coursegen.translators import facts_age as check

    course = load_course(repo)
    days = {model["checked"] for model in course.models.values()}
    assert days == {"2026-11-30", "2026-12-04"}  # (the figures below follow from it)
    assert check.stale_facts_warnings(course, datetime.date(2027, 5, 30)) == []  # six months exactly: not more
    found = check.stale_facts_warnings(course, datetime.date(2027, 6, 1))
    assert len(found) == sum(model["checked"] == "2026-11-30" for model in course.models.values())
    line = (repo / "data/models.yml").read_text(encoding="utf-8").splitlines().index('    checked: "2026-11-30"') + 1
    first = next(iter(course.models))
    assert str(found[0]) == (
        f"data/models.yml:{line}: model '{first}': its facts were last checked on 2026-11-30, more than 6 months ago: "
        "compare them with their sources, then update `checked`"
    )
    assert check.months_before(datetime.date(2027, 8, 31), 6) == datetime.date(2027, 2, 28)
    monkeypatch.setattr(check, "today_utc", lambda: datetime.date(2027, 6, 15))
    result = coursegen(repo, "check")
    assert result.returncode == 0  # a warning: the check passes
    assert f"warning: data/models.yml:{line}: model '{first}': its facts were last checked on 2026-11-30" in result.stdout
    assert coursegen(repo, "check", "translations/ms").stdout.count("data/models.yml") == 0  # only for the whole course


def test_the_status_page_shows_the_oldest_check_of_the_facts(built_site: Path) -> None:
    from lxml import html as lxml_html

    page = lxml_html.fromstring((built_site / "status" / "index.html").read_text(encoding="utf-8"))
    (line,) = page.xpath("//p[@class='status-facts']")
    assert line.text_content().startswith("Oldest check of a model's facts against their sources: November 30, 2026 (")
    japanese = lxml_html.fromstring((built_site / "ja" / "status" / "index.html").read_text(encoding="utf-8"))
    assert "2026年11月30日" in japanese.xpath("//p[@class='status-facts']")[0].text_content()
