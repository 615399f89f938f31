"""The reader's pages in plain Python: addresses in every language, chart geometry, search indexes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursegen.content.course import load_course
from coursegen.content.languages import get_language
from coursegen.pages.chart import MIN_SHARE, ChartRow, bar_chart
from coursegen.pages.context import MacroError, PageContext
from coursegen.pages.macros import model_chart
from coursegen.site import alternates, search_index

LANGS = ["en", "ms", "ar", "ja"]


@pytest.fixture(scope="module")
def course(repo: Path):
    return load_course(repo)


@pytest.mark.parametrize(
    "relative, key",
    [("index.md", ""), ("about.md", "about/"), ("16-open-source-models/README.md", "16-open-source-models/"), ("a/index.md", "a/")],
)
def test_page_key_from_markdown(relative: str, key: str) -> None:
    assert alternates.key_of_markdown(relative) == key


@pytest.mark.parametrize(
    "url, lang, key",
    [
        ("ms/16-open-source-models/", "ms", "16-open-source-models/"),
        ("ms/", "ms", ""),
        (".", "en", ""),
        ("about/", "en", "about/"),
        ("msabout/", "ms", "msabout/"),
    ],
)
def test_page_key_from_url(url: str, lang: str, key: str) -> None:
    assert alternates.key_of_url(url, lang) == key


def test_alternates_cover_every_language_and_x_default(course) -> None:
    found = alternates.alternates(course, "16-open-source-models/", LANGS + ["sw"])
    assert [(a.lang, a.link, a.translated) for a in found] == [
        ("en", "16-open-source-models/", True),
        ("ms", "ms/16-open-source-models/", True),
        ("ar", "ar/16-open-source-models/", True),
        ("ja", "ja/16-open-source-models/", True),
        ("sw", "sw/16-open-source-models/", False),  # no Swahili translation: the English page
        ("x-default", "16-open-source-models/", True),
    ]
    absolute = alternates.alternates(course, "", ["en", "ms"], "https://example.org/course/")
    assert [a.link for a in absolute] == ["https://example.org/course/", "https://example.org/course/ms/", "https://example.org/course/"]


def test_sitemap_lists_each_page_in_each_language_with_its_alternates(course) -> None:
    xml = alternates.sitemap_xml(course, ["en", "ms"], "https://example.org/")
    assert xml.count("<url>") == 2 * len(alternates.page_keys(course))
    assert "<loc>https://example.org/ms/16-open-source-models/</loc>" in xml
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/16-open-source-models/"/>' in xml
    assert "lastmod" not in xml  # the same tree gives the same file


def test_bar_chart_scales_to_the_largest_value() -> None:
    rows = [ChartRow("A", 70, "70 B"), ChartRow("B", 7, "7 B"), ChartRow("C", None, "Not disclosed"), ChartRow("D", 0.001, "1 M")]
    assert [bar.share for bar in bar_chart(rows)] == [100, 10, 0, MIN_SHARE]
    assert bar_chart([]) == []


@pytest.mark.parametrize("lang", LANGS)
def test_model_chart_is_a_captioned_list_of_names_values_and_bars(course, lang: str) -> None:
    html = str(model_chart(PageContext(course, lang), ["llama-2", "olmo-7b"], "context_window"))
    caption = course.label(lang, "chart_context_window")
    assert '<figure class="model-chart" aria-labelledby="chart-context-window-llama-2-olmo-7b">' in html
    assert f'<figcaption class="model-chart__caption" id="chart-context-window-llama-2-olmo-7b">{caption}</figcaption>' in html
    assert html.count('<li class="model-chart__row">') == 2 and '<span class="model-chart__name" translate="no">Llama 2</span>' in html
    assert html.count('<svg class="model-chart__bar"') == 2 and 'aria-hidden="true"' in html and "<script" not in html


def test_model_chart_refuses_unknown_metrics_and_models(course) -> None:
    with pytest.raises(MacroError, match="unknown chart metric"):
        model_chart(PageContext(course, "en"), ["llama-2"], "price")
    with pytest.raises(MacroError, match="unknown model id"):
        model_chart(PageContext(course, "en"), ["gpt-5"])


def test_search_config_per_language() -> None:
    fields = {"title": {"boost": 1000}}
    english = search_index.search_config(get_language("en"), r"[\s\-]+", ["stopWordFilter"], fields)
    assert english == {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"], "fields": fields}
    # No lunr support for Malay: no English stemming or stop words on Malay text.
    assert search_index.search_config(get_language("ms"), r"[\s\-]+", ["stopWordFilter"], fields)["pipeline"] == []
    # Japanese is cut into words at build time, as Chinese is: no segmenter runs in the browser.
    assert search_index.search_config(get_language("ja"), "x", ["stemmer"], fields)["lang"] == ["en"]
    # lunr's Chinese support needs a Node module: Chinese is cut into words at build time instead.
    chinese = search_index.search_config(get_language("zh-CN"), None, [], fields)
    assert chinese["lang"] == ["en"] and "\\u200b" in chinese["separator"]


def test_search_index_is_relative_to_the_language_root() -> None:
    entries = [{"location": "ms/a/#b", "title": "Tajuk", "text": "teks\u200b"}]
    config = {"lang": ["en"], "separator": "x", "pipeline": [], "fields": {}}
    data = json.loads(search_index.build_index(entries, "ms", config))
    assert data == {"config": config, "docs": [{"location": "a/#b", "title": "Tajuk", "text": "teks"}]}
    assert search_index.index_path("ms") == "ms/search/search_index.json"
    assert search_index.index_path("en") == "search/search_index.json"


def test_chinese_text_is_cut_into_words_with_zero_width_spaces() -> None:
    def cut(text: str):  # a stand-in for jieba: two characters a word
        return [text[i : i + 2] for i in range(0, len(text), 2)]

    assert search_index.segment_han("用开源模型 ok", cut) == "用开\u200b源模\u200b型\u200b ok"
    data = json.loads(search_index.build_index([{"location": "zh-CN/", "title": "开源模型", "text": ""}], "zh-CN", {}, cut))
    assert data["docs"][0]["title"] == "开源\u200b模型"


def test_a_previews_rebuild_replaces_only_the_rebuilt_pages_search_entries() -> None:
    previous = [
        {"location": "ms/a/", "title": "A", "text": "old"},
        {"location": "ms/a/#x", "title": "X", "text": "old"},
        {"location": "ms/b/", "title": "B", "text": "kept"},
    ]
    rebuilt = [{"location": "ms/a/", "title": "A", "text": "new"}]
    merged = search_index.merge_rebuilt(previous, rebuilt)
    assert merged == [{"location": "ms/b/", "title": "B", "text": "kept"}, {"location": "ms/a/", "title": "A", "text": "new"}]
    assert search_index.merge_rebuilt([], previous) == previous  # the first build: everything
