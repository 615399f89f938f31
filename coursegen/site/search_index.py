"""One search index per language, from that language's pages only.

The stock setup merges every language into one index, so a Malay reader gets English and Arabic
results too, and the index grows with every language. Here each language's build writes its own
index under its own root (search/search_index.json for English, <lang>/search/search_index.json
for the others), with locations relative to that root, and its pages point the theme's search at
it. Nothing here reads another language's output.

Segmentation: the theme's search worker loads TinySegmenter for lunr's "ja" and splits Japanese
text into words when it indexes and when it searches. Chinese has no segmenter that runs in the
browser (lunr's "zh" needs a Node module), so Chinese text is cut into words at build time by
`segment_han` (rjieba: jieba's dictionary and method, in Rust) and the pieces are joined with
zero-width spaces, which the Chinese separator splits on. The reader's query needs no segmenter:
before searching, the worker cuts every run of Han characters in the query into the longest
words that the index holds (its "segment" function) and searches for each as a prefix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from coursegen.content.course import ENGLISH
from coursegen.content.languages import Language

# lunr languages whose support file cannot run in a browser.
NOT_IN_BROWSER = {"zh"}
ZERO_WIDTH_SPACE = "\u200b"
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
CHINESE_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：（）「」]+"
DEFAULT_SEPARATOR = r"[\s\-]+"


def search_config(language: Language, theme_separator: str | None, theme_pipeline: list[str], fields: dict[str, Any]) -> dict[str, Any]:
    """The index's settings for one language.

    theme_separator and theme_pipeline: what the theme's interface language file says (the theme
    knows each language's word separators and which lunr steps suit it).
    """
    lunr = language.search if language.search not in NOT_IN_BROWSER else None
    if language.search in NOT_IN_BROWSER:
        separator = CHINESE_SEPARATOR
    else:
        separator = theme_separator or DEFAULT_SEPARATOR
    return {
        "lang": [lunr or "en"],
        "separator": separator,
        # Without lunr support for the language, English stemming and stop words would only harm.
        "pipeline": list(theme_pipeline) if lunr else [],
        "fields": fields,
    }


def relocate(location: str, lang: str, default: str = ENGLISH) -> str:
    """An entry's location relative to its language's root ("ms/a/#b" → "a/#b")."""
    prefix = f"{lang}/"
    if lang != default and location.startswith(prefix):
        return location[len(prefix) :]
    return location


def index_path(lang: str, default: str = ENGLISH) -> str:
    """Where a language's index is written, relative to the site folder."""
    return "search/search_index.json" if lang == default else f"{lang}/search/search_index.json"


def segment_han(text: str, cut: Callable[[str], Iterable[str]]) -> str:
    """Chinese runs of text cut into words, separated (and surrounded) by zero-width spaces."""

    def split(match: re.Match) -> str:
        words = [word for word in cut(match.group(0)) if word.strip()]
        return ZERO_WIDTH_SPACE + ZERO_WIDTH_SPACE.join(words) + ZERO_WIDTH_SPACE

    return HAN_RUN.sub(split, text).strip(ZERO_WIDTH_SPACE)


def chinese_cutter() -> Callable[[str], Iterable[str]] | None:
    """rjieba's word cutter, or None if it is not installed.

    rjieba rather than jieba: the theme's search plugin imports jieba whenever it can and then
    cuts Chinese characters in every language's index (Japanese kanji included); rjieba it does
    not know, so only the Chinese build is cut.
    """
    try:
        import rjieba  # noqa: PLC0415 - only a Chinese build needs it
    except ImportError:
        return None
    return rjieba.cut


def merge_rebuilt(previous: list[dict[str, Any]], rebuilt: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A preview's rebuild indexes only the pages it rebuilt: their entries replace those pages'
    old entries, and every other page keeps its own."""
    pages = {entry["location"].split("#", 1)[0] for entry in rebuilt}
    return [entry for entry in previous if entry["location"].split("#", 1)[0] not in pages] + rebuilt


def build_index(
    entries: list[dict[str, Any]],
    lang: str,
    config: dict[str, Any],
    segmenter: Callable[[str], Iterable[str]] | None = None,
    default: str = ENGLISH,
) -> str:
    """The index JSON of one language from that language's entries (location, title, text, ...)."""
    docs = []
    for entry in entries:
        entry = dict(entry, location=relocate(entry["location"], lang, default))
        for field in ("title", "text"):
            # The theme's plugin cuts Chinese itself, in every language, when jieba happens to be
            # installed: drop its zero-width spaces, then cut this language only if it is Chinese.
            value = entry.get(field, "")
            if segmenter is None:
                value = value.replace(ZERO_WIDTH_SPACE, "")
            else:
                value = segment_han(value.replace(ZERO_WIDTH_SPACE, ""), segmenter)
            entry[field] = value
        docs.append(entry)
    return json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
