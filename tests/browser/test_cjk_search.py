"""Japanese and Chinese search in a real browser: words as the lessons write them, compounds,
katakana, phrases with Latin in them, typed with or without spaces, each finds its lesson (issue
23). English, Malay and Arabic phrases still find theirs.

The Japanese lesson is the course's own (translations/ja/); the Chinese one is the copy's
(tests/chinese.py, tests/chinese_lesson/). Every query is taken from its page's text: the first
test checks that, so a change of wording does not leave a query testing nothing.
"""

from __future__ import annotations

import pytest
from chinese import CHINESE_LESSON
from helpers import LESSON, REPO

from .test_reader import LESSON_PATH, _click

JAPANESE_LESSON = REPO / "translations" / "ja" / LESSON

JAPANESE = (
    "学習データ",  # the compounds of the issue: no result before
    "密なモデル",
    "混合エキスパート",
    "学習 データ",  # the same, with a space
    "大規模言語モデル",
    "総パラメータ数",
    "寛容なライセンス",
    "独自のモデルライセンス",
    "オープンウェイト",  # katakana
    "ファインチューニング",
    "チェックポイント",
    "アクティブパラメータ",
    "フィードフォワード",
    "重み",  # nouns
    "量子化",
    "事前学習",
    "損失曲線",
    "評価コード",
    "MoE モデル",  # with Latin
    "OSI の承認",
)

CHINESE = (
    "训练数据",
    "混合专家模型",
    "稠密模型",
    "开放权重",
    "开源软件",
    "分组查询注意力",
    "滑动窗口注意力",
    "上下文窗口",
    "激活参数量",
    "总参数量",
    "艾伦人工智能研究所",
    "微调版本",
    "模型卡片",
    "损失曲线",
    "权重",
    "许可证",
    "检查点",
    "开放 模型",  # with a space
    "Apache 2.0 许可证",  # with Latin
    "7B 模型",
)

# Phrases of the other scripts, which the search worker's change for Chinese and Japanese leaves
# to the theme: (language's root, phrase).
OTHERS = (("", "mixture of experts"), ("ms/", "campuran pakar"), ("ar/", "مزيج الخبراء"))


def _page_text(lesson) -> str:
    text = "".join(path.read_text(encoding="utf-8") for path in (lesson / "README.md", lesson / "lesson.yml"))
    return "".join(text.split())


def test_the_queries_are_the_lessons_own_words() -> None:
    for lesson, queries in ((JAPANESE_LESSON, JAPANESE), (CHINESE_LESSON, CHINESE)):
        text = _page_text(lesson)
        assert len(queries) == 20
        assert not [query for query in queries if "".join(query.split()) not in text], lesson


def _search(reader, query: str) -> list[str]:
    """Give the theme's search box the query whole, as an input method commits a word (typed
    key by key, each key would start a search of the first characters, whose results could be
    read instead); once the theme shows the answer, the result links (paths below the site)."""
    from selenium.webdriver.common.by import By

    _click(reader, 'label.md-header__button[for="__search"]')
    box = reader.wait(lambda d: d.find_element(By.CSS_SELECTOR, "input.md-search__input"))
    reader.wait(lambda d: box.is_displayed())
    meta = "return document.querySelector('.md-search-result__meta').textContent.trim()"
    waiting = reader.js(meta)  # "type to start searching", until the answer
    # The theme reads the box when a key is released.
    reader.js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new KeyboardEvent('keyup'))", box, query)
    reader.wait(lambda d: reader.js(meta) != waiting, timeout=30)
    # The theme writes the count of results before the results (on a busy machine the list was
    # read empty in between, twice): unless it found nothing, the first result is waited for.
    none = reader.js("return JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']")
    items = "return document.querySelectorAll('.md-search-result__item a').length"
    reader.wait(lambda d: reader.js(meta) == none or reader.js(items) > 0, timeout=30)
    links = reader.js("return [...document.querySelectorAll('.md-search-result__item a')].map(a => a.getAttribute('href'))")
    return [reader.js("return new URL(arguments[0], location).pathname", link) for link in links]


def _finds_the_lesson(reader, root: str, query: str) -> None:
    reader.open(root + LESSON_PATH)
    results = _search(reader, query)
    assert "/" + root + LESSON_PATH in results, (query, results)
    assert all(path.startswith("/" + root) for path in results), results
    reader.collect_console()
    assert reader.errors == []


@pytest.mark.parametrize("query", JAPANESE)
def test_japanese_search_finds_the_lessons_words(reader, query):
    _finds_the_lesson(reader, "ja/", query)


@pytest.mark.parametrize("query", CHINESE)
def test_chinese_search_finds_the_lessons_words(chinese_reader, query):
    _finds_the_lesson(chinese_reader, "zh-CN/", query)


@pytest.mark.parametrize(("root", "phrase"), OTHERS)
def test_phrases_of_other_scripts_still_find_their_lesson(reader, root, phrase):
    _finds_the_lesson(reader, root, phrase)


def test_a_japanese_compound_is_highlighted_in_its_results(reader):
    # The pieces of the compound are what the worker found and marks.
    reader.open("ja/" + LESSON_PATH)
    _search(reader, "学習データ")
    marked = reader.js("return [...document.querySelectorAll('.md-search-result mark')].map(m => m.textContent)")
    assert "学習" in marked and "データ" in marked, marked
    reader.screenshot("ja-search-compound")


@pytest.mark.parametrize(("fixture", "root", "phrase"), [("reader", "ja/", "損失ルーター"), ("chinese_reader", "zh-CN/", "损失路由器")])
def test_a_phrase_must_match_all_of_its_words(request, fixture, root, phrase):
    # Each word is in the lesson (損失/损失 "loss", ルーター/路由器 "router"), never both in one
    # section: a page that holds only some of a phrase's words is not a result.
    reader = request.getfixturevalue(fixture)
    reader.open(root + LESSON_PATH)
    assert _search(reader, phrase) == []
    assert _search(reader, phrase[:2]) != []


@pytest.mark.parametrize(
    ("fixture", "root", "typed"),
    [("reader", "ja/", "学習デー"), ("reader", "ja/", "ファインチュー"), ("chinese_reader", "zh-CN/", "混合专")],
)
def test_a_word_being_typed_finds_the_words_it_begins(request, fixture, root, typed):
    # The query may end inside a word of the text: its last piece is a prefix.
    _finds_the_lesson(request.getfixturevalue(fixture), root, typed)
