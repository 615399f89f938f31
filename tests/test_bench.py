"""`make bench` on a small course: it runs to the end, checks the site it built, and a translator's
preview shows each save."""

from __future__ import annotations

import re

from helpers import REPO, run_main

from benchmarks import bench, fullscale


def test_quick_benchmark_prints_its_figures_and_the_preview_shows_saves(tmp_path):
    # `python -m benchmarks.bench`, called in this process (the builds it times are processes of their own)
    result = run_main(bench.main, ["--langs", "3", "--lessons", "2", "--keep", str(tmp_path)], cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    output = result.stdout
    assert "2 lessons × 3 languages" in output
    # Both builds made every page: the 2 lessons and the generated course's 3 other pages, in each
    # of the 3 languages (the stock setup has the same pages; it renders no macros).
    for build in ("ours", "stock"):
        row = re.search(rf"│ {build}\s*│\s*3 │\s*(\d+) │\s*([\d.]+) s", output)
        assert row, output
        assert int(row[1]) == 15
    assert re.search(r"ratio stock / ours: [\d.]+×", output)
    assert re.search(
        r"site size without what stock does not make \(the macros' output: [\d,]+ MiB; the changes pages\): [\d,]+ MiB, [\d.]+× stock's",
        output,
    )
    # The preview served the Malay lesson and showed each of the three saves (timed, not judged).
    for name in ("first start", "later start"):
        row = re.search(rf"│ {name}\s*│\s*([\d.]+) s │\s*([\d.]+) s, ([\d.]+) s, ([\d.]+) s │", output)
        assert row, output
    # The warm rebuild after one changed page: timed, and the same site as a cold build.
    assert re.search(r"│ warm \(the cache\)\s*│\s*[\d.]+ s │", output), output
    assert re.search(r"│ cold \(--no-cache\)\s*│\s*[\d.]+ s │", output), output
    assert "warm rebuild: identical to the cold build, file for file" in output
    # The translation the preview edited is back as it was.
    page = tmp_path / "course/translations/ms/16-open-source-models/README.md"
    assert "BENCHMARK" not in page.read_text(encoding="utf-8")


def test_site_check_notices_a_missing_banner_and_a_mixed_search_index(tmp_path):
    arguments = ["--langs", "4", "--lessons", "3", "--no-stock", "--no-preview", "--no-import", "--keep", str(tmp_path)]
    result = run_main(bench.main, [*arguments, "--scaling", "2", "--scaling-lessons", "1,2"], cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "site checks: 4 search indexes" in result.stdout
    # The scaling tables, by languages (3 lessons) and by lessons (4 languages): one row per count.
    assert re.search(r"│\s*2 │\s*\d+ │\s*[\d.]+ s │\s*[\d.]+ │\s*[\d.]+ │\s*\d+ │", result.stdout), result.stdout[-3000:]
    assert "by number of lessons" in result.stdout
    for lessons in (1, 2):
        assert re.search(rf"│\s*{lessons} │\s*\d+ │\s*[\d.]+ s │", result.stdout.split("by number of lessons")[1])
    course = fullscale.FullScaleCourse(tmp_path / "course", fullscale.pick_languages(4), fullscale.pick_lessons(3))
    site = tmp_path / "course" / "site-ours"
    assert bench.check_site(site, course) == []
    # Take the outdated banner off an outdated page, and mix English entries into the Malay index.
    outdated = next(
        (lang, slug)
        for lang_index, lang in enumerate(course.languages)
        for lesson_index, slug in enumerate(course.lessons)
        if lang != "en" and fullscale.translation_state(lang_index, lesson_index) == "outdated"
    )
    page = site / outdated[0] / outdated[1] / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("course-notice--outdated", "course-notice--gone"), encoding="utf-8")
    index = site / "ms/search/search_index.json"
    index.write_text(index.read_text(encoding="utf-8").replace('"location":"', '"location":"en/', 1), encoding="utf-8")
    failures = bench.check_site(site, course)
    assert f"{outdated[0]}/{outdated[1]}: outdated translation, but notices shown: {{'outdated': False, 'missing': False}}" in failures
    assert "ms: search index does not hold exactly its own pages" in failures


def test_the_imported_checkout_has_the_real_lessons_shapes(tmp_path):
    # The import step's checkout (real=True): each lesson as the real course's (REAL_LESSONS),
    # and each translation with its English page's headings, code blocks, links and images.
    from upstream_checkout import REAL_LESSONS, SLUGS, write_checkout

    upstream = write_checkout(tmp_path / "upstream", lessons=SLUGS, languages=["ja", "fr"], real=True)

    def counts(text: str) -> tuple[int, int, int, int]:
        lines = text.split("\n")
        return (
            sum(re.match(r"#{1,6} ", line) is not None for line in lines),
            sum(line.startswith("```") for line in lines) // 2,
            text.count("]("),
            text.count("!["),
        )

    for slug, shape in REAL_LESSONS.items():
        english = (upstream / slug / "README.md").read_text("utf-8")
        headings, fences, links, images = counts(english)
        assert headings == shape.headings, slug
        assert 0.95 <= len(english.split()) / shape.words <= 1.3, slug  # (code blocks add words)
        assert fences >= shape.fences and shape.links <= links <= shape.links + 12 and images >= shape.images, slug
        for lang in ("ja", "fr"):
            assert counts((upstream / "translations" / lang / slug / "README.md").read_text("utf-8")) == (headings, fences, links, images)
