"""The model cards, tables and charts as a reader sees them, measured in Chromium at a desktop
and a phone width in en, ms, ar, ja and sw: cell padding and separators, words that never break
inside themselves, no sideways page scroll, charts of one width at the page's text size, and
value lists that read in order on right-to-left pages."""

from __future__ import annotations

import pytest

from tools.browser import DESKTOP, PHONE

LESSON = "16-open-source-models/"
ROOTS = {"en": "", "ms": "ms/", "ar": "ar/", "ja": "ja/", "sw": "sw/"}
SIZES = {"desktop": DESKTOP, "phone": PHONE}

# Everything measured on one open page, in one pass. A word is broken when its letters lie on
# more than one line; words are the language's own (Intl.Segmenter, ICU's dictionaries for ja).
MEASURE = """
const lang = document.documentElement.lang;
const words = new Intl.Segmenter(lang, {granularity: 'word'});
const px = value => parseFloat(value) || 0;
const report = {cells: 0, thinPadding: [], noSeparator: [], broken: [], unhinted: [], charts: [], chartText: [], bodyText: 0};
for (const box of document.querySelectorAll('.data-table')) {
  const table = box.querySelector('table');
  for (const cell of table.querySelectorAll('th, td')) {
    report.cells += 1;
    const style = getComputedStyle(cell);
    const text = cell.textContent.trim().slice(0, 40);
    if (Math.min(px(style.paddingInlineStart), px(style.paddingInlineEnd)) < 8 || px(style.paddingTop) < 4) {
      report.thinPadding.push(text + ' ' + style.padding);
    }
    if (cell.closest('tbody') && px(style.borderTopWidth) <= 0) report.noSeparator.push(text);
  }
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (const part of words.segment(node.data)) {
      if (!part.isWordLike) continue;
      const range = document.createRange();
      range.setStart(node, part.index);
      range.setEnd(node, part.index + part.segment.length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) report.broken.push(part.segment + ' (in "' + node.parentElement.closest('th, td').textContent.trim() + '")');
    }
  }
  // A table wider than its box scrolls inside it, with a shadow at the edge as the hint.
  const scroller = table.closest('.md-typeset__scrollwrap') || table;
  const scrolls = scroller.scrollWidth > scroller.clientWidth + 1;
  const hint = getComputedStyle(scroller).backgroundImage;
  if (scrolls && (getComputedStyle(scroller).overflowX !== 'auto' || !hint.includes('gradient'))) {
    report.unhinted.push(box.className);
  }
}
for (const chart of document.querySelectorAll('.model-chart')) {
  report.charts.push(Math.round(chart.getBoundingClientRect().width));
  report.chartText.push(px(getComputedStyle(chart.querySelector('.model-chart__name')).fontSize));
}
const article = document.querySelector('article.md-typeset');
const articleStyle = getComputedStyle(article);
report.column = Math.round(article.clientWidth - px(articleStyle.paddingLeft) - px(articleStyle.paddingRight));
report.bodyText = px(articleStyle.fontSize);
report.overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
return report;
"""


def _measure(reader, path: str, size: tuple[int, int]) -> dict:
    reader.open(path, size)
    reader.lay_out_everything()
    return reader.js(MEASURE)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ROOTS)
def test_tables_and_charts_read_well(reader, lang: str, size: str) -> None:
    report = _measure(reader, ROOTS[lang] + LESSON, SIZES[size])
    assert report["cells"] > 100  # the comparison and openness tables are there
    assert report["thinPadding"] == [], report["thinPadding"][:5]
    assert report["noSeparator"] == [], report["noSeparator"][:5]
    assert report["broken"] == [], report["broken"][:10]
    assert report["unhinted"] == []
    assert report["overflow"] <= 0, f"the page is {report['overflow']}px wider than the window"
    # Both charts take the text column's width, whatever their caption, and the page's text size.
    assert len(report["charts"]) == 2 and len(set(report["charts"])) == 1, report["charts"]
    assert abs(report["charts"][0] - report["column"]) <= 1, (report["charts"], report["column"])
    assert set(report["chartText"]) == {report["bodyText"]}, (report["chartText"], report["bodyText"])
    reader.screenshot(f"{lang}-data-views-{size}")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ROOTS)
def test_status_table_reads_well(reader, lang: str, size: str) -> None:
    reader.open(ROOTS[lang] + "status/", SIZES[size])
    report = reader.js(MEASURE)
    assert report["cells"] >= 6
    assert report["thinPadding"] == report["noSeparator"] == report["broken"] == report["unhinted"] == []
    assert report["overflow"] <= 0


# The digits of each value in a list, in the order the text gives them, and where each is drawn.
VALUE_POSITIONS = """
const dd = document.querySelector('#model-llama-2 .model-card__fact--parameters dd');
const text = dd.firstChild;
const found = [];
for (const match of text.data.matchAll(/[0-9\u0660-\u0669]+/g)) {
  const range = document.createRange();
  range.setStart(text, match.index);
  range.setEnd(text, match.index + match[0].length);
  const box = range.getBoundingClientRect();
  found.push([match[0], box.left, box.top]);
}
return found;
"""


@pytest.mark.parametrize("size", SIZES)
def test_arabic_value_list_reads_in_order(reader, size: str) -> None:
    """Llama 2's three sizes on its Arabic card: each number drawn after the one before it in the
    reading direction of the list, never the first number thrown to the far end."""
    reader.open(ROOTS["ar"] + LESSON, SIZES[size])
    reader.lay_out_everything()
    positions = reader.js(VALUE_POSITIONS)
    assert len(positions) == 3, positions
    lines = [top for _, _, top in positions]
    assert lines == sorted(lines), positions  # a wrapped list goes down, never back up
    same_line = [left for _, left, top in positions if top == lines[0]]
    assert same_line in (sorted(same_line), sorted(same_line, reverse=True)), positions


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_data_views_in_the_dark_scheme(reader, lang: str) -> None:
    """The dark scheme keeps the tables, cards, charts and the lesson's button readable (axe)."""
    reader.open(ROOTS[lang] + LESSON)
    reader.js("document.body.setAttribute('data-md-color-scheme', 'slate')")
    reader.lay_out_everything()
    for view in (".data-table", ".model-card", ".model-chart", ".md-button"):
        assert reader.axe_violations(view) == [], view
    reader.screenshot(f"{lang}-data-views-dark")
