"""`coursegen import`: an upstream course checkout brought into our layout."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import LESSON, REPO, build_site, copy_course, coursegen, seed_text, snapshot, status_json, translation

from coursegen.content import coop
from coursegen.pages.links import strip_tracking

BANNER = "16-lesson-banner"
UPSTREAM = "https://github.com/microsoft/generative-ai-for-beginners"


def make_upstream(root: Path, *, readme: str = "# Open Source Models\n\nThe upstream English lesson.\n") -> Path:
    """A checkout in the upstream layout: lesson 16 in English with its images."""
    lesson = root / LESSON
    (lesson / "images").mkdir(parents=True)
    (lesson / "README.md").write_text(readme, "utf-8")
    png = (REPO / "lessons" / LESSON / "images" / f"{BANNER}.png").read_bytes()
    for name in (BANNER, "model-price", "choose-model", "model-quality"):
        (lesson / "images" / f"{name}.png").write_bytes(png)
    (root / "translated_images").mkdir()
    return root


def old_image_name(stem: str, lang: str) -> str:
    return f"{stem}.{coop.image_path_hash(f'{LESSON}/images/{stem}.png')}.{lang}.png"


@pytest.fixture
def seed() -> str:
    return seed_text()


def test_importing_the_real_upstream_translation(course_copy: Path, tmp_path: Path, seed: str) -> None:
    upstream = make_upstream(tmp_path / "upstream")
    (upstream / "translations" / "ms" / LESSON).mkdir(parents=True)
    (upstream / "translations" / "ms" / LESSON / "README.md").write_text(seed, "utf-8")
    # The translated banner exists upstream (older naming); the other three translated images do not.
    banner = old_image_name(BANNER, "ms")
    assert banner in seed
    shutil.copy(upstream / LESSON / "images" / f"{BANNER}.png", upstream / "translated_images" / banner)

    # Our own Malay translation and English lesson exist: without --force nothing of them changes.
    before = snapshot(course_copy)
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 0, result.stderr
    assert f"  translations/ms/{LESSON}/README.md: it exists and differs: kept (--force replaces it)" in result.stdout
    assert f"lessons/{LESSON}/README.md: upstream's English differs from this course's: kept" in result.stdout
    assert {k: v for k, v in snapshot(course_copy).items() if k in before} == before

    result = coursegen(course_copy, "import", str(upstream), "--lang", "ms", "--force")
    assert result.returncode == 0, result.stderr
    assert f"wrote translations/ms/{LESSON}/README.md" in result.stdout
    assert f"wrote translations/ms/{LESSON}/images/{BANNER}.png" in result.stdout
    # --force replaces only what --lang selects: never the English source (that takes --english).
    assert f"wrote lessons/{LESSON}/README.md" not in result.stdout
    assert snapshot(course_copy)[f"lessons/{LESSON}/README.md"] == before[f"lessons/{LESSON}/README.md"]
    assert (
        "imported: 0 English page(s), 1 translated lesson(s) in 1 language(s) (1 translated page(s) in all)\n  ms: 1 outdated"
        in result.stdout
    )

    text = translation(course_copy, "ms").read_text("utf-8")
    assert "WT.mc_id" not in text and "translated_images" not in text
    assert f"[![Open Source Models](images/{BANNER}.png)](https://youtu.be/CuICgfuHFSg?si=x8SpFRUsIxM9dohN)" in text
    assert "![Model Cost](images/model-price.png)" in text  # no translated image: the English one
    assert f"({UPSTREAM}/blob/main/translations/ms/18-fine-tuning/README.md)" in text
    assert "BioMistral-7B?text=Mon+nom+est+Thomas+et+mon+principal)" in text
    assert text.split("-->")[0] == seed.split("-->")[0]  # the metadata is kept as it was
    assert (course_copy / "lessons" / LESSON / "images" / "model-price.png").is_file()

    data = status_json(course_copy)
    assert data["languages"]["ms"][LESSON] == "outdated"
    assert data["details"]["ms"][LESSON]["translation_date"] == "2025-12-19T16:15:11+00:00"

    site = tmp_path / "site"
    built = build_site(course_copy, site)
    assert built.returncode == 0, built.stderr
    html = (site / "ms" / LESSON / "index.html").read_text("utf-8")
    notice = re.search(r'<div class="course-notice course-notice--outdated" role="note" lang="ms" dir="ltr">.*?</div>', html, re.S)
    assert notice is not None
    assert "Terjemahan ini sudah ketinggalan" in notice.group(0) and "19 Disember 2025" in notice.group(0)
    assert 'href="../../16-open-source-models/" hreflang="en"' in notice.group(0)
    assert 'href="../../ms/contributing/#update-a-translation"' in notice.group(0)
    assert f'src="images/{BANNER}.png"' in html
    assert (site / "ms" / LESSON / "images" / f"{BANNER}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'src="../../16-open-source-models/images/model-price.png"' in html
    assert (site / LESSON / "images" / "model-price.png").is_file()
    check = coursegen(course_copy, "check", f"translations/ms/{LESSON}")
    assert check.returncode == 1 and "Traceback" not in check.stderr  # its structure is upstream's, not ours


def _translation(upstream: Path, lang: str, text: str) -> Path:
    folder = upstream / "translations" / lang / LESSON
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(text, "utf-8")
    return folder / "README.md"


def test_newer_form_sidecar_and_webp_images(course_copy: Path, tmp_path: Path) -> None:
    english = "# Open Source Models\n\n![Banner](./images/16-lesson-banner.png?WT.mc_id=academic-1)\n"
    upstream = make_upstream(tmp_path / "upstream", readme=english)
    digest = coop.image_path_hash(f"{LESSON}/images/{BANNER}.png")[:16]
    (upstream / "translated_images" / "sw").mkdir()
    (upstream / "translated_images" / "sw" / f"{BANNER}.{digest}.webp").write_bytes(b"RIFF0000WEBP")
    _translation(
        upstream,
        "sw",
        (
            f"# Modeli Huria\n\n![Bango](../../../translated_images/sw/{BANNER}.{digest}.webp)\n\n"
            "[Somo la 18](../18-fine-tuning/README.MD?WT.mc_id=academic-105485-koreyst#sehemu)\n\n"
            "[Somo hili](../16-open-source-models/README.md?WT.mc_id=x)\n\n"
            "[Kozi](../../../README.md?WT.mc_id=academic-105485-koreyst)\n\n"
            "```python\n# [code](../../../secret?WT.mc_id=keep)\n```\n"
        ),
    )
    import hashlib

    sidecar = {
        f"{LESSON}/README.md": {
            "original_hash": hashlib.md5(english.encode()).hexdigest(),
            "translation_date": "2026-01-02T03:04:05+00:00",
            "source_file": f"{LESSON}/README.md",
            "language_code": "sw",
        }
    }
    (upstream / "translations" / "sw" / ".co-op-translator.json").write_text(json.dumps(sidecar), "utf-8")
    result = coursegen(course_copy, "import", str(upstream), "--lang", "sw")
    assert result.returncode == 0, result.stderr
    text = translation(course_copy, "sw").read_text("utf-8")
    assert f"![Bango](images/{BANNER}.webp)" in text
    assert (course_copy / "translations" / "sw" / LESSON / "images" / f"{BANNER}.webp").read_bytes() == b"RIFF0000WEBP"
    assert f"[Somo la 18]({UPSTREAM}/blob/main/translations/sw/18-fine-tuning/README.md#sehemu)" in text
    assert "[Somo hili](../16-open-source-models/README.md)" in text  # we host lesson 16
    assert f"[Kozi]({UPSTREAM}/blob/main/README.md)" in text
    assert "# [code](../../../secret?WT.mc_id=keep)" in text  # code is never rewritten
    written = json.loads((course_copy / "translations" / "sw" / ".co-op-translator.json").read_text("utf-8"))
    assert written[f"{LESSON}/README.md"]["translation_date"] == "2026-01-02T03:04:05+00:00"
    data = status_json(course_copy)
    assert data["details"]["sw"][LESSON]["metadata_form"] == "sidecar"
    assert data["languages"]["sw"][LESSON] == "outdated"  # made from upstream's English, not ours


def test_a_translation_up_to_date_upstream_stays_up_to_date(tmp_path: Path) -> None:
    """Importing a lesson we do not host: its English is converted too, and a translation that
    matched the upstream English is re-stamped against the converted English."""
    course = copy_course(tmp_path / "course")
    slug = "17-ai-agents"
    upstream = tmp_path / "upstream"
    english = "# AI Agents\n\nAgents plan and act. See [lesson 16](../16-open-source-models/README.md?WT.mc_id=a).\n\n## Learning Goals\n\n- Explain what an agent is\n"
    (upstream / slug).mkdir(parents=True)
    (upstream / slug / "README.md").write_text(english, "utf-8")
    import hashlib

    header = coop.format_inline_metadata(
        coop.Metadata(hashlib.md5(english.encode()).hexdigest(), "2026-01-02T03:04:05+00:00", f"{slug}/README.md", "ms")
    )
    folder = upstream / "translations" / "ms" / slug
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(
        header + "# Ejen AI\n\nLihat [pelajaran 16](../16-open-source-models/README.md).\n\n## Matlamat\n\n- Terangkan ejen\n", "utf-8"
    )
    result = coursegen(course, "import", str(upstream), "--lesson", slug)
    assert result.returncode == 0, result.stderr
    lesson_yml = (course / "lessons" / slug / "lesson.yml").read_text("utf-8")
    assert "title: AI Agents" in lesson_yml and "- Explain what an agent is" in lesson_yml
    assert "(../16-open-source-models/README.md)" in (course / "lessons" / slug / "README.md").read_text("utf-8")
    data = status_json(course)
    assert data["languages"]["ms"][slug] == "up-to-date"
    assert data["languages"]["ja"][slug] == "missing"
    assert coursegen(course, "check", f"translations/ms/{slug}").returncode == 0


@pytest.mark.parametrize(
    "bad",
    [
        "[x](../../../../outside.md)",
        "![x](../../../../../etc/passwd)",
    ],
)
def test_links_that_leave_the_tree_are_refused(course_copy: Path, tmp_path: Path, bad: str) -> None:
    upstream = make_upstream(tmp_path / "upstream")
    shutil.rmtree(course_copy / "translations" / "ms" / LESSON)
    _translation(upstream, "ms", f"# Tajuk\n\n{bad}\n")
    before = snapshot(course_copy)
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 1
    assert f"SRC/translations/ms/{LESSON}/README.md:3: link '" in result.stderr and "leads outside the course: refused" in result.stderr
    assert "nothing was imported" in result.stderr
    assert snapshot(course_copy) == before


def test_a_source_file_that_escapes_is_refused(course_copy: Path, tmp_path: Path) -> None:
    upstream = make_upstream(tmp_path / "upstream")
    shutil.rmtree(course_copy / "translations" / "ms" / LESSON)
    header = '<!--\nCO_OP_TRANSLATOR_METADATA:\n{\n  "original_hash": "85b754d4dc980f270f264d17116d9a5f",\n  "translation_date": "2025-12-19T16:15:11+00:00",\n  "source_file": "../../etc/passwd",\n  "language_code": "ms"\n}\n-->\n'
    _translation(upstream, "ms", header + "# Tajuk\n")
    before = snapshot(course_copy)
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 1
    assert (
        f"SRC/translations/ms/{LESSON}/README.md:1: source_file '../../etc/passwd' must be a relative path inside the course"
        in result.stderr
    )
    assert snapshot(course_copy) == before


def test_a_symbolic_link_out_of_the_checkout_is_refused(course_copy: Path, tmp_path: Path) -> None:
    upstream = make_upstream(tmp_path / "upstream")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not yours")
    name = old_image_name("model-price", "ms")
    (upstream / "translated_images" / name).symlink_to(secret)
    shutil.rmtree(course_copy / "translations" / "ms" / LESSON)
    _translation(upstream, "ms", f"# Tajuk\n\n![Harga](../../../translated_images/{name})\n")
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 1 and "leads outside the source checkout" in result.stderr
    assert not (course_copy / "translations" / "ms" / LESSON).exists()


def test_not_a_checkout(course_copy: Path, tmp_path: Path) -> None:
    result = coursegen(course_copy, "import", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "is not a folder" in result.stderr


@pytest.mark.parametrize(
    "url, cleaned",
    [
        ("../18-fine-tuning/README.md?WT.mc_id=academic-105485-koreyst", "../18-fine-tuning/README.md"),
        ("https://aka.ms/x?WT.mc_id=academic-105485-koreyst#part", "https://aka.ms/x#part"),
        ("https://example.com/?a=1&WT.mc_id=academic&b=2", "https://example.com/?a=1&b=2"),
        ("https://example.com/?WT.mc_id=academic&b=2", "https://example.com/?b=2"),
        ("https://huggingface.co/m?text=Mon+nom?WT.mc_id=academic-105485-koreyst", "https://huggingface.co/m?text=Mon+nom"),
        ("https://youtu.be/CuICgfuHFSg?si=x8SpFRUsIxM9dohN", "https://youtu.be/CuICgfuHFSg?si=x8SpFRUsIxM9dohN"),
    ],
)
def test_tracking_queries_are_stripped(url: str, cleaned: str) -> None:
    assert strip_tracking(url) == cleaned


def test_unfollowable_links_are_refused_not_a_crash(course_copy: Path, tmp_path: Path) -> None:
    upstream = make_upstream(tmp_path / "upstream")
    shutil.rmtree(course_copy / "translations" / "ms" / LESSON)
    _translation(upstream, "ms", "# Tajuk\n\n![a](images/x%00y.png)\n\n![b](images/" + "a" * 5000 + ".png)\n")
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"SRC/translations/ms/{LESSON}/README.md:5: link 'images/aaa" in result.stderr
    assert "cannot be followed (OSError): refused" in result.stderr
    assert not (course_copy / "translations" / "ms" / LESSON).exists()


def _metadata(source: str, lang: str, english: str) -> dict:
    import hashlib

    return {
        "original_hash": hashlib.md5(english.encode()).hexdigest(),
        "translation_date": "2026-01-02T03:04:05+00:00",
        "source_file": source,
        "language_code": lang,
    }


def test_todays_sidecars_bad_entries_and_the_english_copy(course_copy: Path, tmp_path: Path) -> None:
    """Sidecars as upstream writes them in late 2026: a `__translation_failures__` section beside
    the entries is not an entry; a broken entry leaves out its one file; translations/en is the
    tool's English copy, never a language; nothing of ours is replaced without being selected."""
    english = "# Open Source Models\n\nThe upstream English lesson.\n"
    upstream = make_upstream(tmp_path / "upstream", readme=english)
    for lang in ("ja", "ko", "en"):
        _translation(upstream, lang, f"# {lang} title\n\nText.\n")
    failures = {
        "17-ai-agents/README.md": {
            "original_hash": "0" * 32,
            "source_file": "17-ai-agents/README.md",
            "language_code": "ja",
            "failure_date": "2026-10-01T00:00:00+00:00",
            "status": "failed",
            "error_type": "Timeout",
            "error_message": "model timed out",
            "translator_version": "0.14",
        }
    }
    ja = {f"{LESSON}/README.md": _metadata(f"{LESSON}/README.md", "ja", english), "__translation_failures__": failures}
    (upstream / "translations" / "ja" / ".co-op-translator.json").write_text(json.dumps(ja, indent=2), "utf-8")
    ko = {f"{LESSON}/README.md": {"original_hash": "not a hash", "source_file": f"{LESSON}/README.md"}}
    (upstream / "translations" / "ko" / ".co-op-translator.json").write_text(json.dumps(ko, indent=2), "utf-8")
    before = snapshot(course_copy)

    result = coursegen(course_copy, "import", str(upstream), "--force")
    assert result.returncode == 0, result.stderr
    assert f"wrote translations/ja/{LESSON}/README.md" in result.stdout
    assert "translations/ko/" not in result.stdout.split("skipped (")[0]  # ko's only file had a broken entry
    assert (
        f"SRC/translations/ko/.co-op-translator.json:2: translation metadata lacks 'translation_date': "
        f"SRC/translations/ko/{LESSON}/README.md skipped"
    ) in result.stdout
    assert "SRC/translations/en: the translation tool's copy of the English lessons, not a translation: skipped" in result.stdout
    assert not (course_copy / "translations" / "en").exists()
    # --force without --english: our English lesson and the other languages are as they were.
    assert snapshot(course_copy)[f"lessons/{LESSON}/README.md"] == before[f"lessons/{LESSON}/README.md"]
    assert {k: v for k, v in snapshot(course_copy).items() if k.startswith(("translations/ms/", "translations/ar/"))} == {
        k: v for k, v in before.items() if k.startswith(("translations/ms/", "translations/ar/"))
    }
    written = json.loads((course_copy / "translations" / "ja" / ".co-op-translator.json").read_text("utf-8"))
    assert list(written) == [f"{LESSON}/README.md"]
    assert (
        "imported: 0 English page(s), 1 translated lesson(s) in 1 language(s) (1 translated page(s) in all)\n  ja: 1 outdated"
        in result.stdout
    )
    assert status_json(course_copy)["languages"]["ja"][LESSON] == "outdated"  # made from upstream's English, not ours

    # Stamping keeps whatever else a sidecar holds (here: upstream's record of failed files).
    sidecar = course_copy / "translations" / "ja" / ".co-op-translator.json"
    sidecar.write_text(json.dumps({**written, "__translation_failures__": failures}, indent=2), "utf-8")
    stamped = coursegen(course_copy, "stamp", "--force", f"translations/ja/{LESSON}/README.md")
    assert stamped.returncode == 0, stamped.stderr
    assert json.loads(sidecar.read_text("utf-8"))["__translation_failures__"] == failures


def test_english_lessons_come_in_only_when_asked(course_copy: Path, tmp_path: Path) -> None:
    upstream = make_upstream(tmp_path / "upstream")
    result = coursegen(course_copy, "import", str(upstream), "--english", "--force", "--lesson", LESSON)
    assert result.returncode == 0, result.stderr
    assert f"wrote lessons/{LESSON}/README.md" in result.stdout
    assert "imported: 1 English page(s), 0 translated lesson(s) in 0 language(s)" in result.stdout
    assert (course_copy / "lessons" / LESSON / "README.md").read_text("utf-8").startswith("# Open Source Models\n\nThe upstream")


def test_a_checkout_shaped_like_todays_upstream(course_copy: Path, tmp_path: Path) -> None:
    """Every language and lesson of the synthetic upstream checkout comes in, in one run."""
    from upstream_checkout import TEST_LANGUAGES, TEST_LESSONS, write_checkout

    upstream = write_checkout(tmp_path / "upstream")
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "warning" not in result.stderr
    for lang in TEST_LANGUAGES:
        for slug in TEST_LESSONS:
            if (lang, slug) in {("ms", LESSON), ("ja", LESSON)}:
                assert f"  translations/{lang}/{slug}/README.md: it exists and differs: kept" in result.stdout.split("skipped (")[1]
                continue
            if (lang, slug) == ("zh-TW", "18-fine-tuning"):  # only its other page is translated upstream
                assert (course_copy / "translations" / lang / slug / "RESOURCES.md").is_file()
                assert "page(s) of lessons whose README.md is not translated" in result.stdout
                continue
            assert (course_copy / "translations" / lang / slug / "README.md").is_file(), (lang, slug)
    # Pages beside a lesson's README.md, in English and in translation; links rebased from sub-folders.
    assert (course_copy / "lessons" / "05-advanced-prompts" / "setup" / "README.md").is_file()
    assert (course_copy / "lessons" / "18-fine-tuning" / "RESOURCES.md").is_file()
    setup = (course_copy / "translations" / "he" / "05-advanced-prompts" / "setup" / "README.md").read_text("utf-8")
    assert "](../../16-open-source-models/README.md)" in setup and "](../images/diagram.png)" in setup
    readme = (course_copy / "translations" / "no" / "05-advanced-prompts" / "README.md").read_text("utf-8")
    assert "](setup/README.md)" in readme and "](RESOURCES.md)" in readme
    assert f"]({UPSTREAM}/blob/main/05-advanced-prompts/python/aoai-assignment.ipynb)" in readme
    assert not (course_copy / "translations" / "en").exists()
    assert "imported: 5 English page(s), 21 translated lesson(s) in 8 language(s)" in result.stdout
    assert "  pt-BR: 1 up-to-date, 2 outdated" in result.stdout
    assert "lessons/05-advanced-prompts/lesson.yml" in result.stdout.split("to review")[1]
    summary = (course_copy / "lessons" / "05-advanced-prompts" / "lesson.yml").read_text("utf-8")
    assert "summary:" in summary and "…" not in summary.split("goals:")[0][-5:]  # cut after a sentence
    states = status_json(course_copy)["languages"]
    assert states["pt-BR"]["05-advanced-prompts"] == "up-to-date" and states["he"]["18-fine-tuning"] == "outdated"
    validated = coursegen(course_copy, "validate")
    assert validated.returncode == 0, validated.stderr


def test_a_checkout_of_no_known_layout_is_refused_with_what_was_found(course_copy: Path, tmp_path: Path) -> None:
    """A folder with no numbered lesson folders (a docs site, a wrong path): the import says what
    it found and which layouts it reads, and exits 1, instead of 'imported: 0'."""
    for page in ("docs/intro.md", "src/README.md"):
        (tmp_path / "other" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "other" / page).write_text("# A page\n", "utf-8")
    result = coursegen(course_copy, "import", str(tmp_path / "other"))
    assert result.returncode == 1
    assert "no lesson folders found: expected numbered folders holding a README.md" in result.stderr
    assert "found docs/, src/" in result.stderr and "1-Introduction/1-intro-to-ML/README.md" in result.stderr
    assert not (course_copy / "lessons" / "01-intro").exists()


def test_a_second_import_brings_what_is_new_in_a_lesson_already_imported(course_copy: Path, tmp_path: Path) -> None:
    """Import is a sync: run again after upstream added a page (and its translation) to a lesson
    already imported, it brings both, says how many pages were unchanged, and rewrites nothing else."""
    from upstream_checkout import write_checkout

    upstream = write_checkout(tmp_path / "upstream")
    assert coursegen(course_copy, "import", str(upstream)).returncode == 0
    (upstream / "18-fine-tuning" / "EXTRA.md").write_text("# Extra page\n\nMore about fine-tuning.\n", "utf-8")
    (upstream / "translations" / "ja" / "18-fine-tuning" / "EXTRA.md").write_text("# 追加のページ\n\n追加の説明。\n", "utf-8")
    again = coursegen(course_copy, "import", str(upstream))
    assert again.returncode == 0, again.stderr
    wrote = [line for line in again.stdout.splitlines() if line.startswith("wrote ")]
    assert wrote == ["wrote lessons/18-fine-tuning/EXTRA.md", "wrote translations/ja/18-fine-tuning/EXTRA.md"]
    assert "(1 translated page(s) in all; 45 unchanged)" in again.stdout


def test_import_brings_nothing_the_build_would_refuse(course_copy: Path, tmp_path: Path) -> None:
    """A translated notebook and a translated image whose bytes are not an image stay upstream:
    the notebook is linked on GitHub, the image falls back to the English one, and the course
    still validates (the build would refuse both: only pages and images are published)."""
    from upstream_checkout import write_checkout

    upstream = write_checkout(tmp_path / "upstream")
    notebook = upstream / "translations" / "ja" / "05-advanced-prompts" / "python" / "aoai-assignment.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    notebook.write_text('{"cells": []}', "utf-8")
    for image in (upstream / "translated_images").glob("18-lesson-banner.*.pt-BR.png"):
        image.write_text("not an image", "utf-8")
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 0, result.stderr
    assert not list((course_copy / "translations").rglob("*.ipynb"))
    readme = (course_copy / "translations" / "ja" / "05-advanced-prompts" / "README.md").read_text("utf-8")
    assert f"]({UPSTREAM}/blob/main/translations/ja/05-advanced-prompts/python/aoai-assignment.ipynb)" in readme
    banner = (course_copy / "translations" / "pt-BR" / "18-fine-tuning" / "README.md").read_text("utf-8")
    assert "](images/18-lesson-banner.png)" in banner
    assert not (course_copy / "translations" / "pt-BR" / "18-fine-tuning" / "images" / "18-lesson-banner.png").exists()
    assert coursegen(course_copy, "validate").returncode == 0


def test_an_english_image_that_can_hold_script_is_not_brought(course_copy: Path, tmp_path: Path) -> None:
    """Upstream's English pages are text from elsewhere too: an SVG (or an HTML file named as an
    image) with script is not copied into the site, and the summary says why."""
    from upstream_checkout import write_checkout

    upstream = write_checkout(tmp_path / "upstream")
    svg = upstream / "18-fine-tuning" / "images" / "evil.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf-8")
    readme = upstream / "18-fine-tuning" / "README.md"
    readme.write_text(readme.read_text("utf-8") + "\n![Evil](./images/evil.svg)\n", "utf-8")
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 0, result.stderr
    assert not (course_copy / "lessons" / "18-fine-tuning" / "images" / "evil.svg").exists()
    assert "18-fine-tuning/images/evil.svg: not a PNG, JPEG, GIF or WebP image by its bytes" in result.stdout


def test_a_numbered_folder_inside_a_flat_lesson_is_part_of_it(course_copy: Path, tmp_path: Path) -> None:
    """generative-ai-for-beginners keeps its NN-slug/ names even if a lesson holds a numbered
    folder with a README.md (a part of the lesson, not a lesson: no renumbering of the course)."""
    upstream = tmp_path / "upstream"
    for page in ("17-ai-agents/README.md", "17-ai-agents/1-setup/README.md", "19-slm/README.md"):
        (upstream / page).parent.mkdir(parents=True, exist_ok=True)
        (upstream / page).write_text("# A page\n\nSome words about this page, long enough to be a summary.\n", "utf-8")
    result = coursegen(course_copy, "import", str(upstream))
    assert result.returncode == 0, result.stderr
    assert (course_copy / "lessons" / "17-ai-agents" / "1-setup" / "README.md").is_file()
    assert (course_copy / "lessons" / "19-slm" / "README.md").is_file() and not (course_copy / "lessons" / "01-setup").exists()
