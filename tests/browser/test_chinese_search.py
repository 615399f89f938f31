"""Chinese search in a real browser, on a course copy with a zh-CN site (tests/chinese.py)."""

from __future__ import annotations

import pytest
from chinese import WORDS_INSIDE_SENTENCES

from .test_reader import _search


@pytest.mark.parametrize("word", WORDS_INSIDE_SENTENCES)
def test_chinese_search_finds_a_word_inside_a_sentence(chinese_reader, word):
    # Chinese has no spaces between words: the index was cut at build time, the worker cuts the
    # query at the index's words.
    chinese_reader.open("zh-CN/")
    results = _search(chinese_reader, word)
    assert "/zh-CN/" in results, results  # the home page, where the word is inside a sentence
    assert all(path.startswith("/zh-CN/") for path in results), results
    chinese_reader.screenshot(f"zh-CN-search-{WORDS_INSIDE_SENTENCES.index(word)}")
    chinese_reader.collect_console()
    assert chinese_reader.errors == []
