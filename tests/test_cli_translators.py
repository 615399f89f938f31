"""`coursegen new` and `coursegen stamp`, and the language registry they rely on."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from pathlib import Path

import yaml
from helpers import LESSON, coursegen, snapshot, status_json, translation

from coursegen.content import coop
from coursegen.content.course import course_languages

UPSTREAM_CODES = (
    "ar bg bn cs da de el en es et fa fi fr he hi hr hu id it ja km kn ko lt ml mr ms my ne nl no pa pcm pl "
    "pt-BR pt-PT ro ru sk sl sr sv sw ta te th tl tr uk ur vi zh-CN zh-HK zh-MO zh-TW"
).split()


def _english_hash(root: Path) -> str:
    return hashlib.md5((root / "lessons" / LESSON / "README.md").read_bytes()).hexdigest()


def _recent_utc(value: str) -> bool:
    moment = datetime.datetime.fromisoformat(value)
    now = datetime.datetime.now(datetime.UTC)
    return value.endswith("+00:00") and abs((now - moment).total_seconds()) < 600


def test_new_scaffolds_a_translation_that_passes_check(course_copy: Path) -> None:
    result = coursegen(course_copy, "new", "de", LESSON)
    assert result.returncode == 0, result.stderr
    readme = translation(course_copy, "de")
    assert result.stdout.splitlines() == [
        f"wrote translations/de/{LESSON}/README.md",
        f"wrote translations/de/{LESSON}/lesson.yml",
        "wrote translations/de/strings.yml",
    ]
    assert result.stderr == "" and "de" in course_languages(course_copy)  # its folder makes it a language of the site
    found = coop.parse_inline_metadata(readme.read_text("utf-8"), "x")
    assert found is not None and found.metadata is not None
    assert found.metadata.original_hash == _english_hash(course_copy)
    assert found.metadata.source_file == f"{LESSON}/README.md" and found.metadata.language_code == "de"
    assert _recent_utc(found.metadata.translation_date)
    words = yaml.safe_load((readme.parent / "lesson.yml").read_text("utf-8"))
    assert set(words) == {"title", "summary", "banner_alt", "goals", "in_progress"}  # until stamped
    strings = yaml.safe_load((course_copy / "translations" / "de" / "strings.yml").read_text("utf-8"))
    assert set(strings["labels"]) == {"site_name", "site_description"}  # the rest is shipped (coursegen/interface/de.yml)
    assert status_json(course_copy)["languages"]["de"][LESSON] == "in-progress"
    check = coursegen(course_copy, "check", f"translations/de/{LESSON}/README.md")
    assert check.returncode == 0, check.stdout


def test_new_refuses_to_overwrite(course_copy: Path) -> None:
    before = snapshot(course_copy)
    result = coursegen(course_copy, "new", "ms", LESSON)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"translations/ms/{LESSON}/README.md: already exists: edit it, then run `coursegen stamp`; nothing was written",
        f"translations/ms/{LESSON}/lesson.yml: already exists: edit it, then run `coursegen stamp`; nothing was written",
    ]
    assert snapshot(course_copy) == before


def test_new_rejects_unknown_languages_and_lessons(course_copy: Path) -> None:
    before = snapshot(course_copy)
    assert coursegen(course_copy, "new", "zh", LESSON).stderr.strip() == "zh: 'zh' is not a language code of the course: use 'zh-CN'"
    assert coursegen(course_copy, "new", "sw", "99-nothing").stderr.startswith("99-nothing: no lesson '99-nothing'")
    assert coursegen(course_copy, "new", "en", LESSON).returncode == 1
    assert snapshot(course_copy) == before


def test_new_adds_to_the_sidecar_when_the_language_uses_one(course_copy: Path) -> None:
    sidecar = course_copy / "translations" / "sw" / coop.SIDECAR_NAME
    sidecar.write_text("{}\n", "utf-8")
    assert coursegen(course_copy, "new", "sw", LESSON).returncode == 0
    entry = json.loads(sidecar.read_text("utf-8"))[f"{LESSON}/README.md"]
    assert entry["original_hash"] == _english_hash(course_copy) and entry["language_code"] == "sw"
    assert "CO_OP_TRANSLATOR_METADATA" not in translation(course_copy, "sw").read_text("utf-8")
    assert status_json(course_copy)["details"]["sw"][LESSON]["metadata_form"] == "sidecar"


def test_stamp_touches_only_the_metadata(course_copy: Path) -> None:
    english = course_copy / "lessons" / LESSON / "README.md"
    english.write_bytes(english.read_bytes() + b"\nA new closing sentence.\n")
    assert status_json(course_copy)["languages"]["ms"][LESSON] == "outdated"
    readme = translation(course_copy, "ms")
    old = readme.read_text("utf-8").split("\n")
    before = snapshot(course_copy)
    result = coursegen(course_copy, "stamp", f"translations/ms/{LESSON}/README.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote translations/ms/{LESSON}/README.md"
    new = readme.read_text("utf-8").split("\n")
    changed = [index + 1 for index, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert len(old) == len(new) and changed == [4, 5]  # original_hash and translation_date
    assert new[3] == f'  "original_hash": "{_english_hash(course_copy)}",'
    assert _recent_utc(re.search(r'"translation_date": "([^"]+)"', new[4]).group(1))
    after = snapshot(course_copy)
    assert [path for path in after if after[path] != before.get(path)] == [f"translations/ms/{LESSON}/README.md"]
    assert status_json(course_copy)["languages"]["ms"][LESSON] == "up-to-date"


def test_stamp_keeps_windows_line_ends_and_a_byte_order_mark(course_copy: Path) -> None:
    readme = translation(course_copy, "ja")
    original = readme.read_text("utf-8")
    readme.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    assert coursegen(course_copy, "stamp", str(readme)).returncode == 0
    data = readme.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf<!--\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    body = lambda text: text.split("-->", 1)[1]  # noqa: E731
    assert body(data.decode("utf-8-sig").replace("\r\n", "\n")) == body(original)


def test_stamp_updates_the_sidecar_and_leaves_the_lesson_alone(course_copy: Path) -> None:
    readme = translation(course_copy, "ar")
    text = readme.read_text("utf-8")
    found = coop.parse_inline_metadata(text, "x")
    body = "\n".join(text.split("\n")[found.last_line :])
    readme.write_text(body, "utf-8")
    sidecar = course_copy / "translations" / "ar" / coop.SIDECAR_NAME
    stale = coop.Metadata("0" * 32, "2025-01-01T00:00:00+00:00", f"{LESSON}/README.md", "ar")
    sidecar.write_text(coop.format_sidecar({stale.source_file: stale}), "utf-8")
    assert status_json(course_copy)["languages"]["ar"][LESSON] == "outdated"
    assert coursegen(course_copy, "stamp", f"translations/ar/{LESSON}").returncode == 0
    assert readme.read_text("utf-8") == body
    entry = json.loads(sidecar.read_text("utf-8"))[f"{LESSON}/README.md"]
    assert entry["original_hash"] == _english_hash(course_copy)
    assert status_json(course_copy)["languages"]["ar"][LESSON] == "up-to-date"


def test_stamp_refuses_what_is_not_a_translation(course_copy: Path) -> None:
    before = snapshot(course_copy)
    result = coursegen(course_copy, "stamp", f"translations/ms/{LESSON}/README.md", f"lessons/{LESSON}/README.md")
    assert result.returncode == 1
    assert f"lessons/{LESSON}/README.md: is not a translated lesson" in result.stderr
    assert snapshot(course_copy) == before  # all or nothing: the good path was not stamped either
    readme = translation(course_copy, "ms")
    readme.write_text(readme.read_text("utf-8").replace("-->", "--"), "utf-8")
    result = coursegen(course_copy, "stamp", str(readme))
    assert result.returncode == 1 and "never closed" in result.stderr


# -- the language registry ----------------------------------------------------------------------


def test_the_registry_covers_every_upstream_code() -> None:
    from coursegen.content.languages import ALIASES, LANGUAGES, get_language

    assert sorted(LANGUAGES) == sorted(UPSTREAM_CODES)
    for old, new in ALIASES.items():
        assert get_language(old).code == new
    assert {code for code, lang in LANGUAGES.items() if lang.direction == "rtl"} == {"ar", "fa", "he", "ur"}


def test_theme_and_search_languages_exist_in_the_installed_theme() -> None:
    """Every theme language has Material's interface strings, every search language a lunr
    stemmer: otherwise a build in that language would crash or lose its search."""
    import material

    from coursegen.content.languages import LANGUAGES

    theme = Path(material.__file__).parent / "templates"
    for code, language in LANGUAGES.items():
        assert (theme / "partials" / "languages" / f"{language.theme_language}.html").is_file(), code
        if language.search and language.search != "en":
            assert (theme / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{language.search}.min.js").is_file(), code


def test_a_language_the_theme_lacks_builds(built_site: Path) -> None:
    """sw is built (Material has no Swahili): the site exists and its pages use English theme strings."""
    html = (built_site / "sw" / LESSON / "index.html").read_text("utf-8")
    assert "course-notice--fallback" in html
    assert (built_site / "sw" / "index.html").is_file() and "Karibu" in (built_site / "sw" / "index.html").read_text("utf-8")
