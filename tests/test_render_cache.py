"""Model cards are rendered once per course, language and arguments; the cache is the pages
layer's (the content model renders nothing) and goes with the course it was made for."""

from __future__ import annotations

import gc
from pathlib import Path

from coursegen.content.course import load_course
from coursegen.pages import macros
from coursegen.pages.context import PageContext
from coursegen.pages.render import render_page

PAGE = '# Models\n\n{{ model_card("llama-2") }}\n'


def _card(course, lang: str = "ms") -> str:
    return render_page(PAGE, PageContext(course, lang, None, lang), "docs/ms/x.md")


def test_each_course_has_its_own_cache(repo: Path, course_copy: Path) -> None:
    models = course_copy / "data" / "models.yml"
    models.write_text(models.read_text(encoding="utf-8").replace("name: Llama 2\n", "name: Llama Two\n", 1), encoding="utf-8")
    first, second = load_course(repo), load_course(course_copy)
    assert ">Llama 2<" in _card(first) and ">Llama Two<" in _card(second)
    assert _card(first) == _card(first)
    assert [key[:2] for key in macros.rendered_cache(first)] == [("model_card", "ms")]
    assert not hasattr(first, "rendered")
    keys = {id(first), id(second)}
    assert keys <= set(macros._RENDERED)
    del first, second
    gc.collect()
    assert not keys & set(macros._RENDERED)  # gone with the courses
