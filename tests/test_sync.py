"""The site follows the course: `coursegen sync` fetches what the site uses of the upstream course
(a partial, sparse clone), imports it and records the commit, leaving the changes for review.

The upstream is a local bare repository made by the synthetic generator (tests/upstream_checkout),
two commits apart; it serves partial clones as GitHub does (uploadpack.allowFilter)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import copy_course, coursegen
from upstream_checkout import write_checkout

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")

UNUSED = "05-advanced-prompts/images/never-linked.png"  # a large image no page links


def git(cwd: Path, *args: str) -> str:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    return subprocess.run(["git", *identity, *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def upstream(tmp_path: Path) -> tuple[Path, Path]:
    """(the upstream working tree, its bare repository that sync fetches from)."""
    work = write_checkout(tmp_path / "work")
    (work / UNUSED).write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50_000)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "upstream, first commit")
    bare = tmp_path / "upstream.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    git(bare, "config", "uploadpack.allowFilter", "true")
    git(bare, "config", "uploadpack.allowAnySHA1InWant", "true")
    return work, bare


def sync(root: Path, bare: Path, *options: str):
    return coursegen(root, "sync", "--from", bare.as_uri(), "--branch", "main", *options)


def test_sync_imports_then_proposes_exactly_what_changed_then_nothing(upstream: tuple[Path, Path], tmp_path: Path) -> None:
    work, bare = upstream
    root = copy_course(tmp_path / "course")
    if not (root / ".gitignore").is_file():
        (root / ".gitignore").write_text(".build/\n", "utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "the course")

    first = sync(root, bare)
    assert first.returncode == 0, first.stderr
    assert "imported:" in first.stdout and "nothing committed" in first.stdout
    recorded = yaml.safe_load((root / "upstream.yml").read_text("utf-8"))
    assert recorded["commit"] == git(work, "rev-parse", "HEAD").strip() and recorded["branch"] == "main"
    assert (root / "lessons" / "05-advanced-prompts" / "README.md").is_file()
    # Only what the pages use was fetched: the blob of the image no page links is not in the clone.
    clone = root / ".build" / "upstream"
    unused = git(work, "rev-parse", f"HEAD:{UNUSED}").strip()
    missing = git(clone, "rev-list", "--objects", "--all", "--missing=print")
    assert f"?{unused}" in missing.split()
    assert not (clone / UNUSED).exists() and (clone / "05-advanced-prompts" / "README.md").is_file()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first sync")

    # Upstream changes two translated pages, one of which a maintainer has edited here since: the
    # second sync proposes exactly the other (and the record), and keeps the edited one, saying so.
    pages = [path for path in sorted((work / "translations").glob("*/05-advanced-prompts/README.md")) if path.parts[-3] != "en"]
    for page in pages[:2]:
        page.write_text(page.read_text("utf-8").replace("\n\n", "\n\nA sentence added upstream.\n\n", 1), "utf-8")
    # And a third one gains markup the site may not publish: imported, and listed as withheld.
    pages[2].write_text(pages[2].read_text("utf-8") + '\n<img src="x" onerror="alert(1)">\n', "utf-8")
    git(work, "commit", "-qam", "upstream, second commit")
    git(work, "push", "-q", str(bare), "main")
    changed_lang, edited_lang = (page.relative_to(work).parts[1] for page in pages[:2])
    edited = root / "translations" / edited_lang / "05-advanced-prompts" / "README.md"
    edited.write_text(edited.read_text("utf-8") + "\nA correction made here.\n", "utf-8")
    git(root, "commit", "-qam", "a correction")
    second = sync(root, bare, "--summary", str(tmp_path / "summary.md"))
    assert second.returncode == 0, second.stderr
    # The pull request's body: the summary as text in a code block, under the upstream commit.
    body = (tmp_path / "summary.md").read_text("utf-8")
    assert body.startswith("Upstream ") and git(work, "rev-parse", "--short=12", "HEAD").strip() in body.split("\n")[0]
    assert "\n```text\n" in body and "imported:" in body and "it exists and differs: kept" in body
    changed = sorted(line[3:] for line in git(root, "status", "--porcelain").splitlines())
    bad_lang = pages[2].relative_to(work).parts[1]
    assert changed == sorted(
        [
            f"translations/{changed_lang}/05-advanced-prompts/README.md",
            f"translations/{bad_lang}/05-advanced-prompts/README.md",
            "upstream.yml",
        ]
    ), changed
    assert "withheld from the site until fixed (the English page is shown, with a notice):" in second.stdout
    assert f"  translations/{bad_lang}/05-advanced-prompts/README.md:" in second.stdout and "onerror" in second.stdout
    assert f"translations/{edited_lang}/05-advanced-prompts/README.md: it exists and differs: kept" in second.stdout
    git(root, "add", "-A")
    git(root, "commit", "-qm", "second sync")

    # No change upstream: nothing proposed.
    third = sync(root, bare)
    assert third.returncode == 0, third.stderr
    assert git(root, "status", "--porcelain") == ""


def test_a_sync_that_cannot_fetch_says_why_and_changes_nothing(tmp_path: Path) -> None:
    root = copy_course(tmp_path / "course")
    result = coursegen(root, "sync", "--from", (tmp_path / "nowhere.git").as_uri())
    assert result.returncode == 1 and "git clone failed" in result.stderr
    assert not (root / "upstream.yml").exists()
    # An address that git would read as an option is never passed to it.
    sneaky = coursegen(root, "sync", f"--from=--upload-pack=touch {tmp_path / 'ran'}")
    assert sneaky.returncode == 1 and "would read as an option" in sneaky.stderr
    assert not (tmp_path / "ran").exists()


def test_the_status_page_says_which_upstream_commit_the_site_follows(tmp_path: Path) -> None:
    """upstream.yml (written by sync) is shown on every language's status page: the repository,
    the commit (linked on GitHub) and its date in the reader's language, left to right in Arabic."""
    from helpers import build_site
    from selectolax.lexbor import LexborHTMLParser

    root = copy_course(tmp_path / "course")
    commit = "4f0c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"
    (root / "upstream.yml").write_text(
        f"repository: https://github.com/microsoft/generative-ai-for-beginners\nbranch: main\ncommit: {commit}\ndate: '2026-11-30T08:15:00+00:00'\n",
        "utf-8",
    )
    built = build_site(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr[-2000:]
    for page, words in (("status", "made on November 30, 2026"), ("ar/status", "المُنشأ في")):
        line = LexborHTMLParser((tmp_path / "site" / page / "index.html").read_text("utf-8")).css_first("p.status-upstream")
        assert line is not None and words in line.text(), page
        link = line.css_first('bdi[dir="ltr"] a[href$="/commit/' + commit + '"]')
        assert link is not None and link.text() == commit[:12]
    (root / "upstream.yml").write_text("repository: x\nbranch: main\ncommit: not-a-commit\ndate: today\n", "utf-8")
    result = coursegen(root, "validate")
    assert result.returncode == 1 and "upstream.yml:3:" in result.stderr
