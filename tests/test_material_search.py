"""Search sections from lxml's parse equal the theme's own (html.parser) on every built page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from coursegen.site.material_search import sections

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)


def theme_sections(html: str) -> list:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


def comparable(found: list) -> list[tuple]:
    return [(s.el.tag, s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in found]


def test_sections_equal_the_themes_on_every_page(built_site: Path):
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        match = ARTICLE.search(page.read_text(encoding="utf-8"))
        assert match, page
        html = match.group(1)
        assert comparable(sections(html)) == comparable(theme_sections(html)), page


@pytest.mark.parametrize(
    "html",
    [
        "",
        "plain text",
        "<h1 id='a'>T<a class='headerlink' href='#a'>¶</a></h1><p>x &amp; y</p>",
        "<p>a</p><!-- c --><h2 id='b'>B</h2><div data-search-exclude><p>hidden</p></div><p>shown</p>",
        "<pre><code>line 1\n  line 2</code></pre><ul><li> </li><li>item</li></ul><br>tail",
        "<details><summary>S</summary><h3 id='n'>nested</h3><p>in</p></details><p>after</p>",
        "<script>var x = '<p>';</script><style>p{}</style><p>text<sub>2</sub></p>",
    ],
)
def test_sections_equal_the_themes_on_awkward_markup(html):
    assert comparable(sections(html)) == comparable(theme_sections(html))
