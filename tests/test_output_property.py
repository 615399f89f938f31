"""Property: what check and validate say about a contributed page's converted HTML is what the
strict build does with it. Random Markdown/HTML mixtures become site pages (docs/ms/); each is
judged without a build (the pipeline `validate` runs: source checks, rendering, conversion with
mkdocs.yml's extensions, the output allowlist); then one build takes every accepted page and must
publish each with nothing the allowlist would strip, and one build with a refused page must fail
naming its file. A build per example of many pages keeps it fast."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from helpers import build_site, copy_course
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from coursegen.content.course import load_course
from coursegen.content.sources import SourceFile
from coursegen.pages.prepare import check_and_render, output_check
from coursegen.pages.sanitize import refused_elements
from coursegen.problems import CourseError

PIECES = [
    "text", " ", "\n", "\n\n", "*", "**", "_", "`", "\\`", "\\", '"', "'", "=", "<", ">", "&lt;", "&#106;avascript:",
    "<b>", "</b>", "<span>", "</span>", '<span title="t">', "<div>", "</div>", '<div markdown="1">', "<table><tr><td>",
    "<details><summary>s</summary>", "</details>", "<!-- c -->", "# H", "## H", "- ", "1. ", "> ", "    ", "```\n",
    "!!! note\n    ", "{: .c }", "{: onclick=alert(1) }", "onerror=", "javascript:", "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">', "</a>", "<script>alert(1)</script>", "<svg>", '<p style="color:red">',
    '<iframe src="https://example.org">', "<input>", "<object>", "<style>", "[l](https://example.org/)",
    "![i](https://example.org/i.png)", "[j](javascript:alert(1))", "<https://example.org>", '<abbr title="x">',
]  # fmt: skip
mixture = st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map(lambda pieces: "Teks " + "".join(pieces))


@pytest.fixture(scope="module")
def course_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_course(tmp_path_factory.mktemp("property") / "course")


def _verdict(course, path: str, text: str) -> list[str]:
    """The problems validate reports for one site page (empty: accepted)."""
    staged = path.removeprefix("docs/")
    try:
        rendered = check_and_render(course, SourceFile(path, "ms", None), staged, "ms", text, [])
    except CourseError as error:
        return [str(problem) for problem in error.problems]
    return [str(problem) for problem in output_check(course, SourceFile(path, "ms", None), staged, "ms", rendered, text)]


def _content(page: Path) -> str:
    """The page's own HTML: its article without the theme's edit button."""
    article = lxml.html.fromstring(page.read_text("utf-8")).find(".//article")
    for button in article.xpath('.//a[contains(@class, "md-content__button")]'):
        button.drop_tree()
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in article)


@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # shrinking rebuilds the site for minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(mixture, min_size=30, max_size=30))
def test_the_verdict_without_a_build_is_the_builds(texts: list[str], course_root: Path, tmp_path_factory) -> None:
    course = load_course(course_root)
    paths = [f"docs/ms/random-{index}.md" for index in range(len(texts))]
    verdicts = {path: _verdict(course, path, text) for path, text in zip(paths, texts, strict=True)}
    accepted = [path for path in paths if not verdicts[path]]
    refused = [path for path in paths if verdicts[path]]
    try:
        for path, text in zip(paths, texts, strict=True):
            if path in accepted:
                (course_root / path).write_text(text, "utf-8")
        site = tmp_path_factory.mktemp("site")
        result = build_site(course_root, site)
        assert result.returncode == 0, result.stderr[-3000:]
        for path in accepted:
            built = site / "ms" / Path(path).stem / "index.html"
            assert refused_elements(_content(built)) == [], (path, texts[paths.index(path)])
        if refused:
            (course_root / refused[0]).write_text(texts[paths.index(refused[0])], "utf-8")
            result = build_site(course_root, tmp_path_factory.mktemp("site"))
            assert result.returncode != 0 and refused[0] in result.stderr, (refused[0], verdicts[refused[0]], result.stderr[-2000:])
    finally:
        for path in paths:
            (course_root / path).unlink(missing_ok=True)
