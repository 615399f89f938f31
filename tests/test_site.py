"""The real site, built by MkDocs from the repository: what a reader gets in each language."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers import LESSON, REPO, build_site, copy_course

MAIN_MODELS = ("llama-2", "mistral-7b", "mixtral-8x7b", "falcon-40b", "olmo-7b")


def page(site: Path, *parts: str) -> str:
    return (site.joinpath(*parts) / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["", "ms"])
def test_lesson_page_has_cards_and_tables(built_site: Path, prefix: str) -> None:
    html = page(built_site, *([prefix] if prefix else []), LESSON)
    for model in MAIN_MODELS:
        assert f'<article class="model-card" id="model-{model}"' in html, model
    assert html.count('<div class="data-table model-table">') == 1
    assert html.count('<div class="data-table openness-table">') == 1
    assert 'src="../../16-open-source-models/images/16-lesson-banner.png"' in html or 'src="images/16-lesson-banner.png"' in html
    assert 'href="https://youtu.be/CuICgfuHFSg"' in html


def test_malay_page_uses_malay_labels(built_site: Path, repo: Path) -> None:
    import yaml

    malay = yaml.safe_load((REPO / "coursegen" / "interface" / "ms.yml").read_text(encoding="utf-8"))["labels"]  # shipped words
    html = page(built_site, "ms", LESSON)
    english = page(built_site, LESSON)
    for key in ("context_window", "openness_caption", "comparison_caption", "learning_goals"):
        assert f">{malay[key]}<" in html, key
    assert ">Context window<" in english and ">Context window<" not in html
    assert '<html lang="ms"' in html


def test_code_and_prompt_templates_reach_the_reader(built_site: Path) -> None:
    for prefix in ([], ["ms"], ["ja"]):
        html = page(built_site, *prefix, LESSON)
        assert "{{ user_input }}" in html
        assert "question" in html and "{{" in re.sub(r"<[^>]+>", "", html)


def test_home_pages_list_the_lessons(built_site: Path) -> None:
    assert f'href="{LESSON}/"' in page(built_site)
    malay_home = page(built_site, "ms")
    assert f'href="{LESSON}/"' in malay_home and "Model Sumber Terbuka" in malay_home


def test_edit_link_opens_the_source_file(built_site: Path) -> None:
    assert "/edit/main/translations/ms/16-open-source-models/README.md" in page(built_site, "ms", LESSON)
    assert "/edit/main/lessons/16-open-source-models/README.md" in page(built_site, LESSON)
    assert "/edit/main/docs/ms/index.md" in page(built_site, "ms")


def test_links_to_lessons_not_hosted_go_upstream(built_site: Path) -> None:
    html = page(built_site, LESSON)
    assert "https://github.com/microsoft/generative-ai-for-beginners/tree/main/02-exploring-and-comparing-different-llms" in html
    assert "https://github.com/microsoft/generative-ai-for-beginners/tree/main/18-fine-tuning" in html
    assert "README.md?WT.mc_id" not in html


def test_a_macro_error_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    root = copy_course(tmp_path / "course")
    readme = root / "translations" / "ms" / LESSON / "README.md"
    lines = readme.read_text(encoding="utf-8").split("\n")
    target = next(i for i, line in enumerate(lines) if 'model_card("olmo-7b")' in line)
    lines[target] = lines[target].replace("olmo-7b", "olmo-8b")
    readme.write_text("\n".join(lines), encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert f"translations/ms/{LESSON}/README.md:{target + 1}: unknown model id 'olmo-8b'" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_site_builds_without_warnings(tmp_path: Path) -> None:
    """The README's build command, as a maintainer runs it in the repository (strict: a warning
    would fail it)."""
    result = subprocess.run(["make", "--no-print-directory", "site"], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert (REPO / "site" / "ms" / LESSON / "index.html").is_file()


def test_language_switcher_links_the_same_lesson(built_site: Path) -> None:
    html = page(built_site, "ms", LESSON)
    for lang, href in (
        ("en", "../../16-open-source-models/"),
        ("ar", "../../ar/16-open-source-models/"),
        ("ja", "../../ja/16-open-source-models/"),
    ):
        assert f'<a href="{href}" hreflang="{lang}" class="md-select__link">' in html, lang
