"""A copy of the course with a Simplified Chinese site, for the Chinese search tests.

The real site has no Chinese: a copy gets zh-CN folders, a few interface labels, a home page of
its own and a translation of lesson 16 (tests/chinese_lesson/, written for these tests: real
Chinese prose to search in). The other pages fall back to English, with the Chinese labels.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import LESSON, build_site, copy_course

CHINESE_LESSON = Path(__file__).parent / "chinese_lesson"

ROOTS = {"en": "", "ms": "ms/", "ar": "ar/", "ja": "ja/", "sw": "sw/", "zh-CN": "zh-CN/"}
# Words that the zh-CN site has only inside sentences (of its home page and lesson; no label uses them).
WORDS_INSIDE_SENTENCES = ("权重", "训练数据", "贡献者")

HOME = """\
# 欢迎来到开源大语言模型课程

这门课程介绍开源模型的权重和训练数据，也讲怎样判断一个模型到底开放了多少。课程先用英语写成，再由志愿贡献者译成其他语言。

{{ lesson_list() }}

中文版目前只有这一页是中文的，课程正文暂时以英文显示。
"""

STRINGS = """\
# Simplified Chinese labels, for the search tests only; the rest falls back to English.
labels:
  model: 模型
  organization: 开发机构
  parameters: 参数量
  context_window: 上下文窗口
  licence: 许可证
  lessons: 课程列表
  lesson_number: 第 {number} 课
  learning_goals: 学习目标
  notice_fallback_title: 尚未翻译
  notice_fallback: "这一页还没有{language}译文，下面显示的是英文原文。"
  notice_start_translation: 如何开始翻译
"""


def add_chinese(root: Path) -> Path:
    """Add zh-CN to the course copy at root: its folders (a language is its folders), with
    labels, a home page and lesson 16."""
    (root / "translations" / "zh-CN").mkdir(parents=True)
    (root / "translations" / "zh-CN" / "strings.yml").write_text(STRINGS, encoding="utf-8")
    shutil.copytree(CHINESE_LESSON, root / "translations" / "zh-CN" / LESSON)
    (root / "docs" / "zh-CN").mkdir(parents=True)
    (root / "docs" / "zh-CN" / "index.md").write_text(HOME, encoding="utf-8")
    return root


def build_chinese_site(folder: Path, env: dict | None = None, build=build_site) -> Path:
    """Copy the course into folder, add Chinese, build it strictly (by default in this process);
    the site's folder."""
    root = add_chinese(copy_course(folder / "course"))
    site = folder / "site"
    result = build(root, site, env=env)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


# The theme's search plugin imports jieba when it can; this stand-in takes its place to show what
# happens then. It cuts every character apart and notes what it was given.
JIEBA_STAND_IN = """\
import os

def cut(text, *args, **kwargs):
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    with open(os.environ["JIEBA_STAND_IN_LOG"], "a", encoding="utf-8") as log:
        log.write(text + "\\n")
    return list(text)
"""


def jieba_stand_in(folder: Path) -> dict:
    """A folder with a module named jieba; the environment that puts it on the build's path."""
    (folder / "jieba").mkdir(parents=True)
    (folder / "jieba" / "__init__.py").write_text(JIEBA_STAND_IN, encoding="utf-8")
    return {"PYTHONPATH": str(folder), "JIEBA_STAND_IN_LOG": str(folder / "cut.log")}
