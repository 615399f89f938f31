"""Chinese and Japanese search on a built site: the zh-CN and ja indexes are cut into words, no
other language's index changes, and the theme's search worker cuts queries the same way (the
browser side is in tests/browser/test_chinese_search.py and tests/browser/test_cjk_search.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from chinese import ROOTS, WORDS_INSIDE_SENTENCES, add_chinese, build_chinese_site, jieba_stand_in
from helpers import LESSON, build_site_in_own_process, copy_course

from coursegen.site import patches, search_index


def test_the_segmenter_cuts_a_sentence_into_words() -> None:
    cut = search_index.chinese_cutter()
    assert cut is not None, "rjieba is in requirements.lock"
    assert list(cut("这门课程介绍开源模型的权重和训练数据")) == ["这门", "课程", "介绍", "开源", "模型", "的", "权重", "和", "训练", "数据"]


def index_of(site: Path, lang: str) -> dict:
    return json.loads((site / ROOTS[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))


def tokens(index: dict, location: str) -> set[str]:
    """The words the theme's worker indexes for an entry: its text split at the index's separator."""
    doc = next(doc for doc in index["docs"] if doc["location"] == location)
    separator = re.compile(index["config"]["separator"])
    return {token for field in ("title", "text") for token in separator.split(re.sub(r"<[^>]+>", " ", doc[field])) if token}


def test_chinese_index_has_the_words_inside_sentences(chinese_site: Path) -> None:
    index = index_of(chinese_site, "zh-CN")
    assert index["config"]["lang"] == ["en"] and index["config"]["pipeline"] == []
    home = tokens(index, "")
    # 训练数据 is two words in the dictionary: the reader's query is cut the same way.
    for word in ("权重", "训练", "数据", "贡献者", "开源", "模型"):
        assert word in home, word
    # Cut, not changed: without the zero-width spaces the sentence is as written.
    text = next(doc["text"] for doc in index["docs"] if doc["location"] == "").replace("\u200b", "")
    assert "这门课程介绍开源模型的权重和训练数据，也讲怎样判断一个模型到底开放了多少。" in text


def test_chinese_index_holds_only_the_chinese_site(chinese_site: Path) -> None:
    index = index_of(chinese_site, "zh-CN")
    locations = [doc["location"] for doc in index["docs"]]
    assert "" in locations and "16-open-source-models/" in locations
    assert not [loc for loc in locations if loc.split("/")[0] in ROOTS]  # relative to zh-CN/
    settings = json.loads(
        re.search(
            r'<script id="__config" type="application/json">(.*?)</script>',
            (chinese_site / "zh-CN" / "index.html").read_text(encoding="utf-8"),
        ).group(1)
    )
    assert settings["base"] == "../zh-CN/"  # the theme loads zh-CN/search/search_index.json
    for lang in ROOTS.keys() - {"zh-CN"}:
        text = json.dumps(index_of(chinese_site, lang), ensure_ascii=False)
        assert not [word for word in WORDS_INSIDE_SENTENCES if word in text], lang


def _without_status_page(index: dict) -> dict:
    # The status page lists every language, so it does change when one is added.
    return dict(index, docs=[doc for doc in index["docs"] if not doc["location"].startswith("status/")])


@pytest.mark.parametrize("lang", ["en", "ms", "ar", "ja", "sw"])
def test_adding_chinese_leaves_other_indexes_alone(built_site: Path, chinese_site: Path, lang: str) -> None:
    assert _without_status_page(index_of(chinese_site, lang)) == _without_status_page(index_of(built_site, lang))


def test_indexes_are_the_same_when_jieba_is_importable(chinese_site: Path, tmp_path: Path) -> None:
    # With jieba importable the theme's plugin cuts Han characters in every language's pages
    # (Japanese kanji too); each language's index must come out as it does without it.
    # (its own process: the theme imports jieba when its search plugin is first imported)
    env = jieba_stand_in(tmp_path / "jieba")
    site = build_chinese_site(tmp_path, env=env, build=build_site_in_own_process)
    given = Path(env["JIEBA_STAND_IN_LOG"]).read_text(encoding="utf-8")
    assert "学習" in given and "权重" in given  # the plugin did cut Japanese and Chinese text
    for lang in ROOTS:
        ours = (site / ROOTS[lang] / "search" / "search_index.json").read_bytes()
        assert ours == (chinese_site / ROOTS[lang] / "search" / "search_index.json").read_bytes(), lang


def test_a_chinese_site_without_the_segmenter_stops_the_build(tmp_path: Path) -> None:
    # Uncut, the Chinese index would find whole sentences only: a strict build says why it stops.
    hidden = tmp_path / "hidden" / "rjieba"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text('raise ImportError("hidden by the test")\n', encoding="utf-8")
    root = add_chinese(copy_course(tmp_path / "course"))
    result = build_site_in_own_process(root, tmp_path / "site", env={"PYTHONPATH": str(hidden.parent)})
    assert result.returncode != 0
    # (Japanese is cut with it too; the build stops after the first language that cannot be cut.)
    assert re.search(r"(zh-CN|ja): search cannot cut (Chinese|Japanese) text into words: rjieba is not installed", result.stderr)
    assert "Traceback" not in result.stderr


def test_japanese_index_is_cut_into_words_at_build_time(chinese_site: Path) -> None:
    index = index_of(chinese_site, "ja")
    # No TinySegmenter in the browser: it would cut the words again, and not as the query is cut.
    assert index["config"]["lang"] == ["en"] and index["config"]["pipeline"] == []
    assert index["config"]["separator"] == search_index.CJK_SEPARATOR
    words = set().union(*(tokens(index, doc["location"]) for doc in index["docs"] if doc["location"].startswith(LESSON)))
    # The compounds of issue 23, in the words the query is cut into.
    for word in ("学習", "データ", "密", "な", "モデル", "混合", "エキスパート"):
        assert word in words, word
    assert "学習データ" not in words and "オープンモデル" not in words
    text = "".join(doc["text"] for doc in index["docs"] if doc["location"].startswith(LESSON)).replace("\u200b", "")
    assert "密なモデルと混合エキスパート" in text  # cut, not changed


def test_compounds_of_two_words_are_not_words_of_the_index() -> None:
    proposed = {"学習", "データ", "学習データ", "オープン", "モデル", "オープンモデル", "量子化", "量子", "化後"}
    kept = search_index.vocabulary(proposed)
    # Made of two words of two characters or more: the reader finds either part.
    assert "学習データ" not in kept and "オープンモデル" not in kept
    assert {"量子化", "量子", "化後", "学習", "データ"} <= kept  # 量子化 is 量子 and one character


def test_the_text_is_cut_into_the_longest_words_script_by_script() -> None:
    cut = search_index.longest_words(frozenset({"学習", "データ", "データセット", "量子化", "量子", "の"}))
    assert cut("量子化") == ["量子化"]
    assert cut("学習") == ["学習"] and cut("未知") == ["未", "知"]  # a character of no word is one alone
    text = "Llama 2 の学習データセットを量子化"
    assert search_index.segment_han(text, cut) == "Llama 2 \u200bの\u200b学習\u200bデータセット\u200bを\u200b量子化"
    # The query's half cuts with the same script boundaries.
    script = search_index.query_script()
    assert "__RUN__" not in script and "__CJK__" not in script
    # (a JavaScript string of the pattern: its backslashes doubled)
    assert r"\\u{3041}-\\u{3096}" in script and r"\\u{20000}-\\u{3134f}" in script


def test_the_worker_patch_is_applied_once_and_refuses_a_changed_worker(tmp_path: Path) -> None:
    with pytest.raises(patches.PatchError, match=r"cannot patch the theme's search worker"):
        patches.segment_queries_as_indexed(tmp_path, "/* ours */")  # no worker at all
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    worker = workers / "search.abc.min.js"
    theme = 'search(e){if(e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* ")),e=ce(e),!e)'
    worker.write_text(theme + "\n//# sourceMappingURL=search.abc.min.js.map\n", encoding="utf-8")
    patches.segment_queries_as_indexed(tmp_path, "/* ours */\n")
    patches.segment_queries_as_indexed(tmp_path, "/* ours */\n")  # another language's build: done already
    assert worker.read_text(encoding="utf-8") == (
        "search(e){if(e=self.coursegenQuery(e,this.index.invertedIndex),e=ce(e),!e)\n/* ours */\n//# sourceMappingURL=search.abc.min.js.map\n"
    )
    worker.write_text("search(e){if(e=ce(e),!e)", encoding="utf-8")
    with pytest.raises(patches.PatchError, match=r"cannot patch the theme's search worker search\.abc\.min\.js"):
        patches.segment_queries_as_indexed(tmp_path, "/* ours */")


def test_the_sites_worker_cuts_queries_as_the_index_was_cut(chinese_site: Path) -> None:
    (worker,) = (chinese_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    text = worker.read_text(encoding="utf-8")
    assert text.count(search_index.query_script().rstrip("\n")) == 1
    assert "sc=Han" not in text.split(search_index.QUERY_SCRIPT.splitlines()[0])[0]  # the theme's own cut is gone
