"""Generate a full-scale copy of the course, for the build benchmark and the sharding test.

The upstream course has 22 lessons in about 55 languages. This replicates our real lesson 16
(English text, images, and its Malay, Arabic and Japanese translations) into that shape, with a
mix of translation states a real course has: most translations up to date, some made from an
older English text (outdated), some missing (the page falls back to English).

No two pages are alike, and lessons are one to three times lesson 16's length, as the real
course's are (`varied`): a cache keyed on a page's text gains nothing it would not gain on the
real course.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coursegen.content.coop import METADATA_MARKER
from coursegen.content.course import ENGLISH, LESSON_FILE
from coursegen.content.languages import LANGUAGES
from coursegen.content.plurals import fit_plural_labels

# The upstream course's lessons, in order.
UPSTREAM_LESSONS = (
    "00-course-setup",
    "01-introduction-to-genai",
    "02-exploring-and-comparing-different-llms",
    "03-using-generative-ai-responsibly",
    "04-prompt-engineering-fundamentals",
    "05-advanced-prompts",
    "06-text-generation-apps",
    "07-building-chat-applications",
    "08-building-search-applications",
    "09-building-image-applications",
    "10-building-low-code-ai-applications",
    "11-integrating-with-function-calling",
    "12-designing-ux-for-ai-applications",
    "13-securing-ai-applications",
    "14-the-generative-ai-application-lifecycle",
    "15-rag-and-vector-databases",
    "16-open-source-models",
    "17-ai-agents",
    "18-fine-tuning",
    "19-slm",
    "20-mistral",
    "21-meta",
)
SOURCE_LESSON = "16-open-source-models"
# Languages taken first when fewer are asked for: ours, then the codes that trip the stock stack
# (a three-letter code, no theme translation, YAML's `no`), then the rest in code order.
FIRST_LANGUAGES = ("en", "ms", "ar", "ja", "pcm", "no", "zh-CN", "sw", "pt-PT")
COPIED = ("course.yml", "data", "macros", "lessons/strings.yml", "docs/assets", "docs/overrides")
STATES = ("up-to-date", "outdated", "missing")


def pick_languages(count: int) -> list[str]:
    """The first `count` languages (English first): ours, the awkward ones, then the rest."""
    ordered = list(FIRST_LANGUAGES) + sorted(code for code in LANGUAGES if code not in FIRST_LANGUAGES)
    if not 1 <= count <= len(ordered):
        raise ValueError(f"the course has {len(ordered)} languages: ask for 1 to {len(ordered)}")
    return ordered[:count]


def pick_lessons(count: int) -> list[str]:
    """`count` lessons, always including lesson 16 (the one whose text we have)."""
    if not 1 <= count <= len(UPSTREAM_LESSONS):
        raise ValueError(f"the course has {len(UPSTREAM_LESSONS)} lessons: ask for 1 to {len(UPSTREAM_LESSONS)}")
    others = [slug for slug in UPSTREAM_LESSONS if slug != SOURCE_LESSON][: count - 1]
    return sorted([SOURCE_LESSON, *others])


def translation_state(lang_index: int, lesson_index: int) -> str:
    """About 60% up to date, 25% outdated, 15% missing, spread over languages and lessons."""
    slot = (lang_index * 7 + lesson_index * 3) % 20
    return STATES[0] if slot < 12 else STATES[1] if slot < 17 else STATES[2]


def text_language(lang: str) -> str:
    """Which of our real translations stands in for a language's text (same script when we can)."""
    if lang in ("ms", "ar", "ja"):
        return lang
    if LANGUAGES[lang].direction == "rtl":
        return "ar"
    if lang.startswith("zh") or lang == "ko":
        return "ja"
    return "ms"


@dataclass
class FullScaleCourse:
    root: Path
    languages: list[str]
    lessons: list[str]
    states: dict[str, int] = field(default_factory=dict)  # state -> number of (language, lesson)

    @property
    def pages(self) -> int:
        """Pages in the built site: every lesson and site page, in every language."""
        site_pages = len(list((self.root / "docs" / ENGLISH).glob("*.md")))
        return (len(self.lessons) + site_pages) * len(self.languages)


def _title(slug: str) -> str:
    return slug.split("-", 1)[1].replace("-", " ").capitalize()


def _without_metadata(text: str) -> str:
    return re.sub(r"\A\s*<!--\s*\n" + re.escape(METADATA_MARKER) + r".*?-->\n", "", text, flags=re.S)


def _with_metadata(text: str, lang: str, slug: str, original_hash: str) -> str:
    """The translated text with its metadata comment naming this language, lesson and hash."""
    body = _without_metadata(text)
    return (
        "<!--\n" + METADATA_MARKER + "\n{\n"
        f'  "original_hash": "{original_hash}",\n'
        '  "translation_date": "2026-11-01T12:00:00+00:00",\n'
        f'  "source_file": "{slug}/{LESSON_FILE}",\n'
        f'  "language_code": "{lang}"\n'
        "}\n-->\n" + body
    )


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        shutil.copy2(source, target)


def generate(repo: Path, target: Path, language_count: int = 55, lesson_count: int = 22) -> FullScaleCourse:
    """Write a course of `lesson_count` lessons in `language_count` languages under target."""
    languages = pick_languages(language_count)
    lessons = pick_lessons(lesson_count)
    course = FullScaleCourse(target, languages, lessons, dict.fromkeys(STATES, 0))
    for name in COPIED:
        if (repo / name).exists():
            _copy(repo / name, target / name)
    (target / "docs" / "overrides").mkdir(parents=True, exist_ok=True)
    source = repo / "lessons" / SOURCE_LESSON
    english = (source / LESSON_FILE).read_text(encoding="utf-8")
    facts = yaml.safe_load((source / "lesson.yml").read_text(encoding="utf-8"))
    for slug in lessons:
        folder = target / "lessons" / slug
        number = int(slug[:2])
        banner = f"images/{number:02d}-lesson-banner.png"
        _copy(source / facts["banner"], folder / banner)
        text = english if slug == SOURCE_LESSON else english.replace(facts["title"], _title(slug), 1)
        (folder / LESSON_FILE).write_text(varied(text, slug, lesson_length(slug)), encoding="utf-8")
        lesson_facts = {**facts, "number": number, "slug": slug, "banner": banner}
        if slug != SOURCE_LESSON:
            lesson_facts["title"] = _title(slug)
        _write_yaml(folder / "lesson.yml", lesson_facts)
    for lang_index, lang in enumerate(languages):
        stand_in = text_language(lang)
        pages = repo / "docs" / (lang if (repo / "docs" / lang).is_dir() else stand_in)
        _copy(pages, target / "docs" / lang)
        if lang == ENGLISH:
            continue
        donor = repo / "translations" / stand_in
        # the donor's words, with plural labels fitted to this language's plural categories
        strings = target / "translations" / lang / "strings.yml"
        strings.parent.mkdir(parents=True, exist_ok=True)
        strings.write_text(fit_plural_labels((donor / "strings.yml").read_text(encoding="utf-8"), lang), encoding="utf-8")
        words = yaml.safe_load((donor / SOURCE_LESSON / "lesson.yml").read_text(encoding="utf-8"))
        translated = (donor / SOURCE_LESSON / LESSON_FILE).read_text(encoding="utf-8")
        for lesson_index, slug in enumerate(lessons):
            state = translation_state(lang_index, lesson_index)
            course.states[state] += 1
            if state == "missing":
                continue
            english_bytes = (target / "lessons" / slug / LESSON_FILE).read_bytes()
            digest = hashlib.md5(english_bytes if state == "up-to-date" else english_bytes + b"\nolder").hexdigest()
            folder = target / "translations" / lang / slug
            folder.mkdir(parents=True, exist_ok=True)
            text = varied(_without_metadata(translated), f"{lang} {slug}", lesson_length(slug))
            (folder / LESSON_FILE).write_text(_with_metadata(text, lang, slug, digest), encoding="utf-8")
            _write_yaml(folder / "lesson.yml", words)
    return course


# Three of a paragraph's copies per extra length: lesson 16's prose is a third of its bytes (the rest
# is cards, tables and code), so a lesson asked to be 3 lessons long is about that.
PROSE_COPIES = 3
_NOT_PROSE = ("#", "{", "|", "-", "*", ">", "!", "<", "`", "[", " ", "\t")


def varied(text: str, seed: str, length: int) -> str:
    """The page's text with its own words: each paragraph of prose (outside code blocks) marked
    with the page's seed, and followed by PROSE_COPIES × (`length` - 1) more, its words in
    another order (the page about `length` times as long; headings, code, cards, tables, links
    and macro calls as they were)."""
    out, fenced = [], False
    for line in text.split("\n"):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        out.append(line)
        if fenced or not line.strip() or line.startswith(_NOT_PROSE):
            continue
        out[-1] = f"{line} ({seed})"
        if any(mark in line for mark in ("{{", "{%", "](", "`", "<")):
            continue  # (macro calls, links, code and HTML stay whole: rotated they would not parse)
        words = line.split(" ") if " " in line else list(line)
        joiner = " " if " " in line else ""
        for turn in range(1, 1 + PROSE_COPIES * (length - 1)):
            shift = (turn * 7 + len(seed)) % len(words)
            out += ["", joiner.join(words[shift:] + words[:shift]) + f" ({seed} {turn})"]
    return "\n".join(out)


def lesson_length(slug: str) -> int:
    """1, 2 or 3 times lesson 16's length, by lesson."""
    return 1 + int(slug[:2]) % 3


def _write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# -- the site configuration -----------------------------------------------------------------


class _Tagged:
    """A YAML value with a tag we do not interpret (!ENV, !!python/name:...), kept as written."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class _KeepTagsLoader(yaml.SafeLoader):
    pass


class _KeepTagsDumper(yaml.SafeDumper):
    pass


_KeepTagsLoader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged("!" + suffix, node))
_KeepTagsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: _Tagged(node.tag, node))
_KeepTagsDumper.add_representer(_Tagged, lambda dumper, value: value.node)


def language_entries(languages: list[str], stock: bool = False) -> list[dict[str, Any]]:
    """The i18n plugin's `languages:` list. The stock setup must also name, for each language the
    theme has no interface translation for, one it has (without, the build crashes); and then for
    every language, since static-i18n would otherwise carry one language's override over to the
    languages built after it."""
    entries = []
    for code in languages:
        language = LANGUAGES[code]
        entry: dict[str, Any] = {"locale": code, "name": language.native_name}
        if code == ENGLISH:
            entry["default"] = True
        if stock:
            entry["theme"] = {"language": language.theme_language}
        entries.append(entry)
    return entries


def write_site_config(repo: Path, target: Path, languages: list[str]) -> Path:
    """The repository's mkdocs.yml with the i18n plugin listing `languages`."""
    config = yaml.load((repo / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_KeepTagsLoader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = language_entries(languages)
    path = target / "mkdocs.yml"
    path.write_text(yaml.dump(config, Dumper=_KeepTagsDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_stock_config(target: Path, docs_dir: Path, languages: list[str]) -> Path:
    """The stock setup: Material + search + mkdocs-static-i18n, every language in one config,
    built one language after another. It reads a folder already laid out per language."""
    config = {
        "site_name": "Open Source LLMs",
        "docs_dir": str(docs_dir),
        "theme": {"name": "material", "language": "en", "font": False},
        "markdown_extensions": [
            "admonition",
            "attr_list",
            "md_in_html",
            "tables",
            {"toc": {"permalink": True}},
            "pymdownx.highlight",
            "pymdownx.superfences",
            "pymdownx.details",
        ],
        "plugins": [
            "search",
            {"i18n": {"docs_structure": "folder", "fallback_to_default": True, "languages": language_entries(languages, stock=True)}},
        ],
    }
    path = target / "mkdocs.stock.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
