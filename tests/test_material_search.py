"""Search sections from lxml's parse equal the theme's own (html.parser) on every built page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from coursegen.site import material_search
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


QUIRKS = [
    # An excluded <div>: the theme skips the text of every <div> open inside it, then stops skipping.
    "<h2 id='a'>A</h2><div data-search-exclude><div><p>x</p></div><p>y</p></div><div><p>z</p></div><p>w</p>",
    # Kept tags in a heading's title, a permalink left out, empty kept tags dropped.
    "<h2 id='a'>A <code>x</code> <sup>2</sup><a class='headerlink' href='#a'>¶</a></h2><p> </p><p><sub> </sub></p><ul><li>\n</li></ul>",
    "<pre class='linenodiv'>1\n2</pre><pre><code>\n\n  a\n\n</code></pre><p>a\nb</p>",
    # Headings inside other elements, without ids, and one holding a paragraph.
    "<h2 id='x'>X</h2><details><h2 id='y'>Y<p>in title</p></h2>text</details>tail<h3>no id</h3><p>p</p>",
    "<table><tr><td><h4 id='t'>T</h4>cell</td></tr></table><p>after</p><h1 id='late'>Late</h1>x",
    "<script data-search-exclude>x</script><p>kept</p><object><p>o</p></object><style>s</style><p>end</p>",
    "<p>before any heading</p><h3 id='first'>First</h3><h2 id='second' data-search-exclude>S</h2><p>in excluded</p>",
]


def fed_sections(html: str) -> list:
    """The theme's own handlers, fed from lxml's tree: where lxml and html.parser read broken
    nesting differently (a <p> in an <h2>), the splitter is compared with the theme's rules on
    the tree it walks. (Built pages nest as both read them: the test above.)"""
    parser = Parser()
    material_search.feed(parser, html)
    return parser.data


@pytest.mark.parametrize("html", QUIRKS)
def test_sections_keep_the_themes_quirks(html):
    assert comparable(sections(html)) == comparable(fed_sections(html))


def test_sections_equal_the_themes_on_random_markup():
    """Markup made of the tags the theme treats apart (kept, skipped, void, headings, permalinks,
    exclusions), nested at random: a thousand pages, each split as the theme splits it."""
    import random

    tags = ["p", "div", "pre", "code", "li", "ul", "sub", "h1", "h2", "h3", "a", "span", "details", "script", "br", "img", "table", "td"]
    attributes = ["", " id='i{n}'", " class='headerlink'", " data-search-exclude", " class='linenodiv'", " id='h{n}' class='x'"]
    texts = ["", " ", "\n", "word", "a & b", "two\nlines", "  "]
    generator = random.Random(2026)

    def markup(depth: int) -> str:
        pieces = []
        for _ in range(generator.randint(0, 4)):
            tag = generator.choice(tags)
            attribute = generator.choice(attributes).format(n=generator.randint(0, 3))
            text = generator.choice(texts)
            if tag in ("br", "img"):
                pieces.append(f"<{tag}{attribute}>{text}")
            else:
                inner = markup(depth + 1) if depth < 4 else ""
                pieces.append(f"<{tag}{attribute}>{text}{inner}{generator.choice(texts)}</{tag}>{generator.choice(texts)}")
        return "".join(pieces)

    def outcome(split, html: str) -> object:
        try:
            return comparable(split(html))
        except ValueError as error:  # (the theme's rules fail on some nestings: the same failure)
            return repr(error)

    for _ in range(1000):
        html = markup(0)
        assert outcome(sections, html) == outcome(fed_sections, html), html


def test_a_changed_theme_parser_is_fed_as_it_is(monkeypatch):
    """Should the theme's parser change, its own handlers split the page (fed from lxml's tree)."""
    expected = [comparable(sections(html)) for html in QUIRKS]
    monkeypatch.setattr(material_search, "theme_parser_unchanged", lambda: False)
    assert [comparable(sections(html)) for html in QUIRKS] == expected
