"""Page text never runs code: known Jinja exploits are refused with file:line and never execute."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_site, copy_course

from coursegen.content.course import load_course
from coursegen.pages.context import PageContext
from coursegen.pages.render import _output, _Refused, page_environment, render_page
from coursegen.problems import CourseError


@pytest.fixture(scope="module")
def course(repo: Path):
    return load_course(repo)


def exploits(marker: Path) -> list[str]:
    """Ways to reach the OS from a stock Jinja template; each would create `marker` if it ran."""
    command = f"touch {marker}"
    return [
        f"{{{{ cycler.__init__.__globals__.os.popen('{command}').read() }}}}",
        f"{{{{ joiner.__init__.__globals__.os.system('{command}') }}}}",
        f"{{{{ namespace.__init__.__globals__.os.system('{command}') }}}}",
        f"{{{{ lipsum.__globals__['os'].system('{command}') }}}}",
        f"{{{{ ''.__class__.__mro__[1].__subclasses__()[0].__init__.__globals__['sys'].modules['os'].system('{command}') }}}}",
        f"{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('{command}') }}}}",
        f"{{{{ model_card.__globals__['os'].system('{command}') }}}}",
        "{{ lesson_header.__closure__[0].cell_contents }}",
        f"{{% set x = cycler.__init__.__globals__.os.system('{command}') %}}",
        f"{{{{ config.__class__.__init__.__globals__['os'].system('{command}') }}}}",
        f"{{{{ request.application.__globals__.__builtins__.__import__('os').system('{command}') }}}}",
    ]


def test_exploits_are_refused_and_never_run(course, tmp_path: Path):
    marker = tmp_path / "ran"
    ctx = PageContext(course, "ms", "16-open-source-models", "ms")
    for number, exploit in enumerate(exploits(marker)):
        text = "# Tajuk\n\n" + exploit + "\n"
        with pytest.raises(CourseError) as caught:
            render_page(text, ctx, "translations/ms/x.md")
        problem = caught.value.problems[0]
        assert (problem.path, problem.line) == ("translations/ms/x.md", 3), exploit
        assert not marker.exists(), f"exploit {number} ran: {exploit}"


@pytest.mark.parametrize(
    "text",
    [
        "{% include '/etc/passwd' %}",
        "{% extends '/etc/passwd' %}",
        "{% import '../../etc/passwd' as x %}",
        "{% from 'model_card.j2' import x %}",
    ],
)
def test_no_template_is_ever_loaded_from_page_text(course, text):
    ctx = PageContext(course, "en", None, "en")
    with pytest.raises(CourseError) as caught:
        render_page(text, ctx, "docs/en/x.md")
    assert "is not allowed in page text" in str(caught.value)
    assert "root:" not in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "{{ cycler.__init__ }}",
        "{{ model_card(x) }}",
        "{{ model_card(''.__class__) }}",
        "{{ 'a' ~ 'b' }}",
        "{{ model_card(*args) }}",
        "{{ range(3) }}",
        "{{ model_card('a' * 10) }}",
    ],
)
def test_the_tree_reader_alone_also_refuses(text):
    """Checked page text is run by reading its tree: should a check ever miss a node, the
    reader still evaluates nothing but literals and calls to the macros it is given."""
    called = []
    node = page_environment().parse(text).body[0].nodes[0]
    with pytest.raises(_Refused):
        _output(node, {"model_card": lambda *args: called.append(args) or ""})
    assert called == []


def test_prompt_templates_in_code_stay_literal(course):
    ctx = PageContext(course, "en", None, "en")
    text = 'Use `{{ question }}` here.\n\n```python\nt = "{{ cycler.__init__ }}"\n```\n'
    assert render_page(text, ctx, "docs/en/x.md") == text


def test_build_refuses_the_exploit_and_never_runs_it(tmp_path: Path):
    root = copy_course(tmp_path / "course")
    marker = tmp_path / "ran"
    page = root / "translations/ms/16-open-source-models/README.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{exploits(marker)[0]}\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").count("\n")
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert f"translations/ms/16-open-source-models/README.md:{line}: only macro calls by name" in result.stderr
    assert "Traceback" not in result.stderr
    assert not marker.exists()
