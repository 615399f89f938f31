"""One search index per language, from that language's pages only.

The stock setup merges every language into one index, so a Malay reader gets English and Arabic
results too, and the index grows with every language. Here each language's build writes its own
index under its own root (search/search_index.json for English, <lang>/search/search_index.json
for the others), with locations relative to that root, and its pages point the theme's search at
it. Nothing here reads another language's output.

Segmentation: Chinese and Japanese are written without spaces, so a word must be found inside a
sentence, and the reader's query must be cut into the words its text was cut into. A segmenter
that reads the context (TinySegmenter, which the theme runs in the browser for lunr's "ja";
jieba) cuts the same characters one way in the page's sentence and another in the reader's few
words: "学習データ" found nothing. Here both are cut by one rule that needs no context: each run of
one script (Han, Hiragana, Katakana) into the longest words of the index's vocabulary, from the
left. The vocabulary (`build_index`) is what rjieba (jieba's dictionary and method, in Rust) makes
of the Han runs, and every kana run whole, less the words made of two or more shorter ones of two
characters or more ("オープンモデル": the reader may look for "モデル"). The text is cut with it and its words joined
with zero-width spaces, which the index's separator splits on; the theme's worker indexes them as
they are (lunr's "en", no pipeline, no segmenter). In the browser, `QUERY_SCRIPT` (which
coursegen.site.patches puts in the theme's worker) cuts each run of the query with the index's
words, the same way, and requires every piece of what was typed without spaces, each as a
prefix. So a query that begins where a word of the text begins finds it, compound or not, with
or without spaces, and a phrase matches only a section that holds all of its words; one that
begins inside a word of the index ("十万" of "数十万") does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from coursegen.content.course import ENGLISH
from coursegen.content.languages import Language

# Languages written without spaces between words (lunr's code: what they are written in): their
# text is cut into words at build time.
SEGMENTED = {"zh": "Chinese", "ja": "Japanese"}
ZERO_WIDTH_SPACE = "\u200b"
# Each script is its own run: a word never spans two (the build cuts there, so the query does too).
# Python's re has no \p{Script}: the ranges are spelled out, and the browser gets the same ones.
HAN = "\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HIRAGANA = "\u3041-\u3096\u309d-\u309f"
KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # with ー, without the middle dot ・
SCRIPT_RUN = re.compile(f"[{HAN}]+|[{HIRAGANA}]+|[{KATAKANA}]+")
HAN_RUN = re.compile(f"[{HAN}]+")
ADJACENT_SPACES = re.compile(f"{ZERO_WIDTH_SPACE}{{2,}}")  # where one run meets another
# The theme's Chinese and Japanese separators, with the zero-width space and the punctuation of both.
CJK_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：（）「」『』【】《》〈〉“”‘’・…]+"
DEFAULT_SEPARATOR = r"[\s\-]+"


def search_config(language: Language, theme_separator: str | None, theme_pipeline: list[str], fields: dict[str, Any]) -> dict[str, Any]:
    """The index's settings for one language.

    theme_separator and theme_pipeline: what the theme's interface language file says (the theme
    knows each language's word separators and which lunr steps suit it).
    """
    if language.search in SEGMENTED:
        # Cut at build time: lunr's "ja" would cut the words again in the browser (TinySegmenter),
        # differently from the query, and lunr's "zh" cannot run in a browser at all.
        return {"lang": ["en"], "separator": CJK_SEPARATOR, "pipeline": [], "fields": fields}
    lunr = language.search
    return {
        "lang": [lunr or "en"],
        "separator": theme_separator or DEFAULT_SEPARATOR,
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
    """Each run of one script of Chinese or Japanese (Han, Hiragana, Katakana) cut into words by
    `cut`, the words separated (and surrounded) by zero-width spaces."""

    def split(match: re.Match) -> str:
        words = [word for word in cut(match.group(0)) if word.strip()]
        return ZERO_WIDTH_SPACE + ZERO_WIDTH_SPACE.join(words) + ZERO_WIDTH_SPACE

    return ADJACENT_SPACES.sub(ZERO_WIDTH_SPACE, SCRIPT_RUN.sub(split, text)).strip(ZERO_WIDTH_SPACE)


def proposed_words(texts: Iterable[str], cut: Callable[[str], Iterable[str]]) -> set[str]:
    """The words the segmenter finds in the texts: each Han run as `cut` cuts it, each kana run whole."""
    words: set[str] = set()
    for text in texts:
        for run in SCRIPT_RUN.findall(text):
            if HAN_RUN.fullmatch(run):
                words.update(word for word in cut(run) if word.strip())
            else:
                words.add(run)
    return words


def vocabulary(words: Iterable[str]) -> frozenset[str]:
    """The words the index is cut into: the proposed ones, less each that is two or more shorter
    words of at least two characters (the reader may look for either part of "学習データ",
    "オープンモデル"; a prefix query finds the first part of a longer word, never the second)."""
    kept: set[str] = set()
    for word in sorted(words, key=lambda word: (len(word), word)):
        if not _made_of(word, kept):
            kept.add(word)
    return frozenset(kept)


def _made_of(word: str, kept: set[str]) -> bool:
    ends = {0}  # where a sequence of kept words of two characters or more, from the start, ends
    for start in range(len(word) - 1):
        if start in ends:
            ends.update(end for end in range(start + 2, len(word) + 1) if word[start:end] in kept)
    return len(word) in ends


def longest_words(words: frozenset[str]) -> Callable[[str], list[str]]:
    """A cutter: a run cut from its start into the longest word of `words` at each point (a
    character that begins none is a word alone). The browser cuts the query the same way
    (QUERY_SCRIPT), with the words of the index, which are the words this chose."""
    starting: dict[str, set[int]] = {}  # the lengths of the words each character begins
    for word in words:
        starting.setdefault(word[:1], set()).add(len(word))
    lengths = {first: sorted(found, reverse=True) for first, found in starting.items()}  # longest first

    def cut(run: str) -> list[str]:
        pieces, start, size = [], 0, len(run)
        while start < size:
            end = next(
                (
                    start + length
                    for length in lengths.get(run[start], ())
                    if start + length <= size and run[start : start + length] in words
                ),
                start + 1,
            )
            pieces.append(run[start:end])
            start = end
        return pieces

    return cut


def chinese_cutter() -> Callable[[str], Iterable[str]] | None:
    """rjieba's word cutter, or None if it is not installed.

    rjieba rather than jieba: the theme's search plugin imports jieba whenever it can and then
    cuts Chinese characters in every language's index (Japanese kanji included); rjieba it does
    not know, so only the Chinese and Japanese builds are cut (here, in build_index).
    """
    try:
        import rjieba  # noqa: PLC0415 - only a Chinese or Japanese build needs it
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
    """The index JSON of one language from that language's entries (location, title, text, ...).

    segmenter: for Chinese and Japanese, what proposes the words of Han runs (chinese_cutter); the
    text is then cut into the longest words of the whole index's vocabulary (see the module)."""
    docs = []
    for entry in entries:
        # The theme's plugin cuts Chinese itself, in every language, when jieba happens to be
        # installed: its zero-width spaces are dropped before anything else.
        entry = dict(entry, location=relocate(entry["location"], lang, default))
        for field in ("title", "text"):
            entry[field] = entry.get(field, "").replace(ZERO_WIDTH_SPACE, "")
        docs.append(entry)
    if segmenter is not None:
        cut = longest_words(vocabulary(proposed_words((doc[field] for doc in docs for field in ("title", "text")), segmenter)))
        for doc in docs:
            for field in ("title", "text"):
                doc[field] = segment_han(doc[field], cut)
    return json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))


# The query's half of the rule, for the theme's search worker: coursegen.site.patches adds it to
# the worker, whose search calls `self.coursegenQuery(query, invertedIndex)` where the theme cut
# runs of Han characters into its own guesses (which could lose a run's last characters, and left
# kana alone). __RUN__ and __CJK__ become this module's character ranges (query_script).
QUERY_SCRIPT = """\
/* coursegen: Chinese and Japanese queries cut into the index's words (coursegen/site/search_index.py) */
;(() => {
  const RUN = new RegExp(__RUN__, "gu")
  const CJK = new RegExp(__CJK__, "u")
  const vocabularies = new WeakMap()

  // The index's Chinese and Japanese words, sorted, and the length of the longest one.
  function vocabulary(index) {
    let words = vocabularies.get(index)
    if (!words) {
      const sorted = Object.keys(index).filter(word => CJK.test(word)).sort()
      words = {set: new Set(sorted), sorted, longest: sorted.reduce((n, word) => Math.max(n, word.length), 1)}
      vocabularies.set(index, words)
    }
    return words
  }

  // Whether a word of the index begins with `text`.
  function begins(words, text) {
    let low = 0, high = words.sorted.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (words.sorted[middle] < text) low = middle + 1
      else high = middle
    }
    return low < words.sorted.length && words.sorted[low].startsWith(text)
  }

  // A run of one script cut as the build cut the text: from the left, the longest word of the
  // index at each point, so every word the text holds whole within the query is found whole.
  // Where the query ends the text may go on, its last word longer than what was typed: what is
  // left when a word of the index begins with it is one piece (a prefix query finds that word);
  // if a shorter word fits there too, the text may hold either, and only that word is required.
  function cut(words, run) {
    const pieces = []
    for (let start = 0; start < run.length;) {
      let end = start + 1
      for (let j = Math.min(run.length, start + words.longest); j > start; j--)
        if (words.set.has(run.slice(start, j))) { end = j; break }
      const rest = run.slice(start)
      if (end < run.length && begins(words, rest)) {
        pieces.push(words.set.has(run.slice(start, end)) ? run.slice(start, end) : rest)
        break
      }
      pieces.push(run.slice(start, end))
      start = end
    }
    return pieces
  }

  // A word of Chinese or Japanese (what the reader typed between spaces) that is several words of
  // the index becomes those pieces, each required and a prefix: a compound finds the text that
  // holds its parts, a phrase must match all of its words, and a phrase that mixes scripts
  // ("MoEの") is cut where the build cut it. Words typed apart stay alternatives, as the theme
  // has them; so do words of other scripts typed on their own, and lunr's ~ ^ modifiers. (A "-"
  // before such a word excludes the pages holding any of its pieces; the theme adds the "*" of a
  // piece without a sign.)
  self.coursegenQuery = (query, index) => {
    if (!CJK.test(query)) return query
    const words = vocabulary(index)
    return query.split(/(\\s+)/).map(term => {
      const [, presence, field, body] = /^([+-]?)((?:[A-Za-z]+:)?)(.*)$/s.exec(term)
      if (!CJK.test(body) || /[~^]/.test(body)) return term
      const text = body.replace(/["*]/g, "").toLowerCase()
      const pieces = []
      // Text of other scripts next to it is cut at the index's separator (lunr's syntax inside a
      // piece, "MoE:" or "a+b", would make a query that lunr refuses).
      const other = part => pieces.push(
        ...part.replace(/[:+-]/g, " ").split(lunr.tokenizer.separator).filter(piece => piece.trim()))
      let last = 0
      for (const match of text.matchAll(RUN)) {
        other(text.slice(last, match.index))
        pieces.push(...cut(words, match[0]))
        last = match.index + match[0].length
      }
      other(text.slice(last))
      if (pieces.length === 1 && pieces[0] === text) return term  // nothing to cut: as the theme has it
      const sign = presence || (pieces.length > 1 ? "+" : "")
      return pieces.map(piece => sign ? `${sign}${field}${piece}*` : `${field}${piece}`).join(" ")
    }).join("")
  }
})()
"""


def _js_class(ranges: str) -> str:
    """A character class of this module's ranges as JavaScript source (with the "u" flag)."""
    return "".join(char if char == "-" else f"\\u{{{ord(char):x}}}" for char in ranges)


def query_script() -> str:
    """QUERY_SCRIPT with this module's scripts: the query is cut where the build cut the text."""
    runs = "|".join(f"[{_js_class(script)}]+" for script in (HAN, HIRAGANA, KATAKANA))
    anywhere = f"[{_js_class(HAN + HIRAGANA + KATAKANA)}]"
    return QUERY_SCRIPT.replace("__RUN__", json.dumps(runs)).replace("__CJK__", json.dumps(anywhere))
