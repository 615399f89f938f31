"""The reader's page holds up at every width in every shipped language (issue 23): nothing widens
the page, names never split across lines, pills only when longer than their card is wide (and
never stick out of it), code scrolls instead of wrapping inside an
identifier, a table's first column stays in view, tables fit a desktop column, a heading keeps
its permalink at its line's end, and the language switcher marks the reader's language."""

from __future__ import annotations

import pytest

from tools.browser import DESKTOP, PHONE, TABLET

ROOTS = {"en": "", "ms": "ms/", "ar": "ar/", "ja": "ja/", "sw": "sw/"}
SIZES = {"phone": PHONE, "tablet": TABLET, "desktop": DESKTOP}
LESSON = "16-open-source-models/"
PAGES = ("", LESSON, "status/")

# Everything measured on one open page.
MEASURE = """
const report = {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                split: [], outside: [], code: [], permalinks: [], current: null, tablesOutside: []};
const lines = (element) => new Set([...element.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
for (const atom of document.querySelectorAll('.course-atom, .model-card__id, .model-card__org a')) {
  if (lines(atom) > 1) report.split.push(atom.textContent.trim());
}
// A pill may wrap inside itself only when it is wider, unwrapped, than its list: never sticks out.
for (const pill of document.querySelectorAll('.model-card__openness > li')) {
  const list = pill.parentElement.getBoundingClientRect(), box = pill.getBoundingClientRect();
  if (box.left < list.left - 0.5 || box.right > list.right + 0.5) report.outside.push(pill.textContent.trim());
  if (lines(pill) > 1) {
    pill.style.whiteSpace = 'nowrap';
    const unwrapped = pill.getBoundingClientRect().width;
    pill.style.whiteSpace = '';
    if (unwrapped <= list.width) report.split.push(pill.textContent.trim());
  }
}
for (const code of document.querySelectorAll('pre > code')) report.code.push(getComputedStyle(code).whiteSpace);
for (const heading of document.querySelectorAll('article :is(h1, h2, h3, h4)')) {
  const link = heading.querySelector('.headerlink');
  if (!link) continue;
  const range = document.createRange();
  range.selectNodeContents(heading);
  range.setEndBefore(link);
  const text = [...range.getClientRects()].filter(r => r.width > 0);
  if (text.length && Math.abs(link.getBoundingClientRect().top - text[text.length - 1].top) > text[text.length - 1].height / 2)
    report.permalinks.push(heading.textContent.trim());
}
const article = document.querySelector('article.md-content__inner').getBoundingClientRect();
for (const wrap of document.querySelectorAll('.data-table .md-typeset__scrollwrap')) {
  const box = wrap.getBoundingClientRect();
  if (box.left < article.left - 1 || box.right > article.right + 1) report.tablesOutside.push(wrap.parentElement.className);
}
const current = document.querySelector('.md-select__link[aria-current="page"]');
if (current) report.current = [current.getAttribute('hreflang'), getComputedStyle(current).fontWeight];
return report;
"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ROOTS)
def test_the_page_holds_together_at_every_width(reader, lang: str, size: str) -> None:
    for page in PAGES:
        reader.open(ROOTS[lang] + page, SIZES[size])
        report = reader.js(MEASURE)
        where = f"{lang}/{page} at {SIZES[size][0]} px"
        assert report["overflow"] <= 0, where  # the page never scrolls sideways
        assert report["split"] == [], where
        assert report["outside"] == [], where  # no pill sticks out of its card
        assert set(report["code"]) <= {"pre"}, where  # code scrolls in its box, never wraps inside a word
        assert report["permalinks"] == [], where
        assert report["tablesOutside"] == [], where
        assert report["current"] == [lang, "700"], where  # the switcher marks the reader's language


@pytest.mark.parametrize("lang", ["en", "ar", "ja"])
def test_a_tables_first_column_stays_in_view_when_it_scrolls(reader, lang: str) -> None:
    reader.open(ROOTS[lang] + LESSON, PHONE)
    moved = reader.js(
        """
        const wrap = document.querySelector('.model-table .md-typeset__scrollwrap');
        const first = () => wrap.querySelector('tbody th[scope="row"]').getBoundingClientRect().left;
        const before = first();
        wrap.scrollLeft = (getComputedStyle(wrap).direction === 'rtl' ? -1 : 1) * 200;
        return [wrap.scrollWidth > wrap.clientWidth, Math.abs(wrap.scrollLeft), Math.round(first() - before)];
        """
    )
    assert moved[0] and moved[1] >= 100, moved  # the table did scroll
    assert abs(moved[2]) <= 1, moved  # the model's name did not move (but for its border)


@pytest.mark.parametrize("lang", ["en", "ms", "ar", "sw"])
def test_tables_fit_a_desktop_column(reader, lang: str) -> None:
    """At 1280 px the comparison and openness tables need no sideways scrolling (Japanese may: its
    katakana terms, such as コンテキストウィンドウ, are wider than a column can share)."""
    reader.open(ROOTS[lang] + LESSON, DESKTOP)
    widths = reader.js(
        "return [...document.querySelectorAll('.data-table .md-typeset__scrollwrap')]"
        ".map(w => [w.parentElement.className, w.scrollWidth - w.clientWidth])"
    )
    assert widths and all(extra <= 0 for _kind, extra in widths), widths


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_charts_value_is_beside_its_bar(reader, lang: str, size: str) -> None:
    """However short the bar (Mistral 7B's context window is a few pixels), its value follows it
    on the same line, or starts the next line when the two do not fit side by side."""
    reader.open(ROOTS[lang] + LESSON, SIZES[size])
    gaps = reader.js(
        """
        return [...document.querySelectorAll('.model-chart__row')].filter(row => row.querySelector('.model-chart__bar')).map(row => {
          const bar = row.querySelector('.model-chart__bar').getBoundingClientRect();
          const value = row.querySelector('.model-chart__value').getBoundingClientRect();
          const sameLine = Math.abs((bar.top + bar.bottom) / 2 - (value.top + value.bottom) / 2) < value.height / 2;
          const gap = getComputedStyle(row).direction === 'rtl' ? bar.left - value.right : value.left - bar.right;
          return sameLine ? Math.round(gap) : (value.top >= bar.bottom - 1 ? 0 : 999);
        });
        """
    )
    assert len(gaps) >= 20 and all(0 <= gap <= 16 for gap in gaps), gaps


@pytest.mark.parametrize("scheme, shadow", [("default", "rgba(0, 0, 0, 0.22)"), ("slate", "rgba(0, 0, 0, 0.75)")])
def test_a_tables_scroll_shadow_is_darker_than_the_page_in_both_schemes(reader, scheme: str, shadow: str) -> None:
    """The hint that a table goes on: a shadow, never a light band over the dark scheme's table."""
    reader.open(LESSON, PHONE)
    reader.js("document.body.setAttribute('data-md-color-scheme', arguments[0])", scheme)
    background = reader.js("return getComputedStyle(document.querySelector('.model-table .md-typeset__scrollwrap')).backgroundImage")
    assert background.count(shadow) == 2, background  # the shadow at each edge
