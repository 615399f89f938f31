"""The GitHub workflows, CODEOWNERS and the pull-request check of translations.

Workflows are linted with actionlint (shellcheck on their scripts), validated against GitHub's
workflow schema (check-jsonschema) and audited with zizmor offline (no finding at any severity),
then their security properties are asserted one by one.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import REPO, copy_course, run_main

from coursegen.content.course import course_languages
from coursegen.translators import pullrequest

WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\s*$")
WRITE_ALLOWED = {
    ("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("sync.yml", "sync"): {"contents": "write", "pull-requests": "write"},  # its one branch and pull request
}


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def all_workflows() -> list[str]:
    return sorted(path.name for path in WORKFLOWS.glob("*.y*ml"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def tool(name: str) -> str:
    path = BIN / name
    assert path.is_file(), f"{name} is not installed in the test environment (requirements.lock)"
    return str(path)


# -- linters ---------------------------------------------------------------------------------


def test_actionlint_finds_nothing():
    shellcheck = BIN / "shellcheck"
    args = ["-shellcheck", str(shellcheck)] if shellcheck.is_file() else []
    result = subprocess.run([tool("actionlint"), *args], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_workflow_matches_githubs_schema():
    files = [str(WORKFLOWS / name) for name in all_workflows()]
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    env = {key: value for key, value in os.environ.items() if key not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}}
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--format", "plain", str(WORKFLOWS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- properties ------------------------------------------------------------------------------


def test_the_three_workflows_exist():
    assert all_workflows() == ["deploy.yml", "pull-request.yml", "sync.yml"]


@pytest.mark.parametrize("name", all_workflows())
def test_permissions_are_least_privilege(name):
    workflow = load(name)
    assert workflow["permissions"] == {}, "the workflow grants nothing by default; each job asks for what it needs"
    for job_name, job in workflow["jobs"].items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{job_name}: permissions must be listed per job"
        writes = {scope: level for scope, level in permissions.items() if level != "read"}
        assert writes == WRITE_ALLOWED.get((name, job_name), {}), f"{job_name}: unexpected write permissions {writes}"
        assert all(level in ("read", "write") for level in permissions.values())


@pytest.mark.parametrize("name", all_workflows())
def test_no_privileged_triggers_and_no_secrets(name):
    lines = (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert not set(load(name)["on"]) & {"pull_request_target", "workflow_run"}
    assert "pull_request_target" not in text
    assert "secrets." not in text and "secrets: inherit" not in text


@pytest.mark.parametrize("name", all_workflows())
def test_every_action_is_pinned_to_a_commit_with_its_version(name):
    lines = [line for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines() if re.search(r"\buses:", line)]
    assert lines
    unpinned = [line.strip() for line in lines if not SHA_PIN.match(line)]
    assert not unpinned, "pin to a full commit SHA with a '# vX.Y.Z' comment: " + "; ".join(unpinned)


@pytest.mark.parametrize("name", all_workflows())
def test_checkout_keeps_no_credentials_and_runs_are_grouped(name):
    workflow = load(name)
    assert workflow["concurrency"]["group"]
    checkouts = [step for step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@")]
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_pull_requests_run_tests_check_and_strict_build():
    workflow = load("pull-request.yml")
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    runs = " ; ".join(step.get("run", "") for step in steps(workflow))
    assert "bash .ci/run" in runs
    assert "make pr-translations BASE=HEAD^1" in runs
    assert "make site" in runs  # strict: mkdocs.yml and the Makefile both say --strict
    build = workflow["jobs"]["build"]["steps"][-1]
    assert build["env"]["SITE_URL"].endswith("/${{ github.event.repository.name }}/")


def test_main_is_deployed_with_the_pages_artifact():
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    site = next(step for step in build["steps"] if "make site" in step.get("run", ""))
    assert site["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"  # the fork's own address
    assert site["env"]["REPOSITORY"] == "${{ github.server_url }}/${{ github.repository }}"
    assert 'SITE_URL="${BASE_URL%/}/"' in site["run"]


# -- CODEOWNERS -------------------------------------------------------------------------------


def codeowners() -> dict[str, list[str]]:
    owners = {}
    for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *names = line.split()
            assert names and all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", name) for name in names), line
            owners[pattern] = names
    return owners


def test_each_language_team_owns_both_folders_of_its_language():
    """A language team reviews its translations and its site pages; a language with no team yet
    (say, just imported) is reviewed by the maintainers of the catch-all line, so it needs none
    for the build or the tests (README: Add a language team)."""
    owners = codeowners()
    assert "*" in owners
    languages = set(course_languages(REPO))
    teams = {pattern.split("/")[2]: names for pattern, names in owners.items() if pattern.startswith("/translations/")}
    assert teams, ".github/CODEOWNERS: no language team at all"
    for lang, team in sorted(teams.items()):
        assert lang in languages, f".github/CODEOWNERS: /translations/{lang}/ is not a language of the course"
        assert owners.get(f"/docs/{lang}/") == team, f".github/CODEOWNERS: /docs/{lang}/ needs the same reviewers"
        assert team != owners["*"]


# -- the pull-request check of translations ----------------------------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A git clone of the course whose HEAD changes a Malay page and an Arabic site page."""
    (tmp_path / "course").mkdir()
    root = copy_course(tmp_path / "course")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "translation")
    readme = root / "translations" / "ms" / "16-open-source-models" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nAyat tambahan.\n", encoding="utf-8")
    about = root / "docs" / "ar" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (root / "docs" / "assets" / "course.css").write_text("/* shared */\n", encoding="utf-8")
    git(root, "commit", "-qam", "Malay and Arabic edits")
    return root


def test_the_changed_translations_and_their_languages(pull_request):
    paths = pullrequest.changed_paths(pull_request, "main")
    assert sorted(paths) == ["docs/ar/about.md", "docs/assets/course.css", "translations/ms/16-open-source-models/README.md"]
    files, languages = pullrequest.touched(paths + ["lessons/16-open-source-models/README.md", "docs/en/index.md", "README.md"])
    assert files == ["docs/ar/about.md", "translations/ms/16-open-source-models/README.md"]
    assert languages == ["ar", "ms"]


def test_a_change_without_translations_says_so(pull_request):
    git(pull_request, "checkout", "-q", "main")
    (pull_request / "course.yml").write_text((pull_request / "course.yml").read_text() + "\n")
    git(pull_request, "commit", "-qam", "not a translation")
    assert pullrequest.summarise(pull_request, "HEAD^1") == (0, "## Translations in this pull request\n\nNo translation changed.\n")


def test_text_written_into_a_summary_stays_text():
    """Pull-request summaries are Markdown that GitHub renders: contributed words in them make no
    code-span exit, image, link or bare-address link (escape.markdown_literal, code_span, code_block)."""
    from coursegen.escape import code_block, code_span, markdown_literal
    from coursegen.pages.gfm import page_html

    assert code_block("a ````` b").startswith("``````text\n")
    key = 'x` <img src="https://evil.example/p.png"> [approve here](https://evil.example/) `'
    html = page_html(f"Missing: {code_span(key)}, {markdown_literal('see https://evil.example/ or www.evil.example or me@evil.example')}")
    assert "<img" not in html and "<a " not in html and html.count("<code>") == 1
    assert "https://evil.example/p.png" in html  # shown, as text


def test_the_summary_checks_and_shows_the_touched_languages(pull_request, tmp_path):
    summary = tmp_path / "summary.md"
    result = run_main(pullrequest.main, ["--base", "HEAD^1"], cwd=pull_request, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stdout + result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "Languages: ar, ms" in text and "passed" in text and "|" in text.split("### Status", 1)[1]


def test_the_state_before_reads_a_translation_in_the_sidecar_form(tmp_path):
    """Today's upstream keeps metadata in translations/<lang>/.co-op-translator.json: the pull
    request's "before" state is the course at the base commit judged by the one status rule (it
    once re-implemented it, and raised TypeError: 'Sidecar' object is not subscriptable)."""
    import json

    from coursegen.content.coop import SIDECAR_NAME
    from coursegen.content.course import load_course
    from coursegen.content.status import lesson_status

    root = copy_course(tmp_path / "repo")
    page = root / "translations" / "ms" / "16-open-source-models" / "README.md"
    inline = load_course(root).translations[("ms", "16-open-source-models")].metadata
    assert inline is not None
    text = page.read_text("utf-8")
    page.write_text(text[text.index("-->") + 3 :].lstrip("\n"), "utf-8")  # the metadata moves to the sidecar
    (page.parent.parent / SIDECAR_NAME).write_text(json.dumps({"16-open-source-models/README.md": inline.as_json()}, indent=2), "utf-8")
    if not (root / ".git").is_dir():
        git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "sidecar form")
    course = load_course(root)
    assert course.translations[("ms", "16-open-source-models")].metadata_form == "sidecar"
    states = pullrequest.states_at(root, "HEAD", ["ms", "ar"])
    assert states is not None
    assert states[("ms", "16-open-source-models")] == lesson_status(course, "ms", "16-open-source-models").state == "up-to-date"
    assert states[("ar", "16-open-source-models")] == lesson_status(course, "ar", "16-open-source-models").state
