"""Does the site read as GitHub reads the course? Each built page's article against GitHub's own
renderer (cmark-gfm, called here directly) on the page's source: the same headings at the same
levels, list items at the same depth and of the same kind, code blocks, tables, images, and
alerts as the theme's admonitions. Used by tests/test_github_fidelity.py, and by a maintainer on
a real checkout:

    python -m tools.fidelity ../generative-ai-for-beginners     # import into a copy, build, compare

which prints, per language, how many pages were compared and how many differ, then the first
differences (exit 1 if any).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options
from selectolax.lexbor import LexborHTMLParser, LexborNode

ALERT_KINDS = {"note", "tip", "important", "warning", "caution"}
# What the site adds around a page's own text: the notice, the disclaimer's box, the edit link.
ADDED = "div.course-notice, div.admonition.info, a.md-content__button"
# This repository's own lesson, which an import never replaces.
OWN_LESSONS = {"16-open-source-models"}


@dataclass
class Structure:
    headings: list[tuple[int, str]] = field(default_factory=list)
    lists: list[tuple[int, str]] = field(default_factory=list)  # each list item: (depth, "ul" or "ol")
    code_blocks: int = 0
    tables: int = 0
    images: list[str] = field(default_factory=list)  # alt texts
    alerts: list[str] = field(default_factory=list)  # kinds, in order


def _depth(item: LexborNode) -> int:
    depth, node = 0, item.parent
    while node is not None:
        depth += node.tag in ("ul", "ol")
        node = node.parent
    return depth


def structure(scope: LexborNode, built: bool) -> Structure:
    headings = []
    for heading in scope.css("h1, h2, h3, h4, h5, h6"):
        text = heading.text(deep=True).replace("¶", "").strip()
        headings.append((int((heading.tag or "h1")[1]), " ".join(text.split())))
    lists = [(_depth(item), item.parent.tag or "?" if item.parent is not None else "?") for item in scope.css("li")]
    if built:
        alerts = [
            kind for box in scope.css("div.admonition") for kind in (box.attributes.get("class") or "").split() if kind in ALERT_KINDS
        ]
    else:
        alerts = []
        for quote in scope.css("blockquote"):
            first = quote.css_first("p")
            text = first.text(deep=True).strip() if first is not None else ""
            kind = text[2 : text.index("]")].lower() if text.startswith("[!") and "]" in text else ""
            if kind in ALERT_KINDS:
                alerts.append(kind)
    images = [image.attributes.get("alt") or "" for image in scope.css("img")]
    return Structure(headings, lists, len(scope.css("pre")), len(scope.css("table")), images, alerts)


def github_structure(text: str) -> Structure:
    """The page's structure as GitHub renders its text."""
    html = cmarkgfm.markdown_to_html_with_extensions(
        text, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    )
    body = LexborHTMLParser("<!DOCTYPE html><body>" + html).body
    assert body is not None
    return structure(body, built=False)


def built_article(page: Path) -> LexborNode:
    """A built page's article, without what the site adds around the page's text."""
    article = LexborHTMLParser(page.read_text("utf-8")).css_first("article")
    if article is None:
        raise ValueError(f"{page}: no <article>")
    for added in article.css(ADDED):
        added.decompose()
    return article


def built_structure(page: Path, expected: Structure) -> Structure:
    got = structure(built_article(page), built=True)
    # The theme titles a page that has no `# ` heading with its title: not part of the text.
    got.headings = [heading for heading in got.headings if heading[0] > 1 or heading in expected.headings]
    return got


def pages(root: Path) -> list[tuple[Path, str]]:
    """Each Markdown page of the course at root and the folder of the site it is built into."""
    found = []
    for path in sorted((root / "lessons").rglob("*.md")) + sorted((root / "translations").rglob("*.md")):
        relative = path.relative_to(root)
        lang, inner = ("", relative.parts[1:]) if relative.parts[0] == "lessons" else (relative.parts[1] + "/", relative.parts[2:])
        if inner[0] in OWN_LESSONS:
            continue
        folder = "/".join(inner[:-1]) + ("" if inner[-1] == "README.md" else "/" + inner[-1].removesuffix(".md"))
        found.append((path, f"{lang}{folder}"))
    return found


def compare(root: Path, site: Path) -> list[tuple[str, Structure, Structure]]:
    """(source path, GitHub's structure, the built page's) for every page that differs."""
    differences = []
    for source, folder in pages(root):
        expected = github_structure(source.read_text("utf-8"))
        got = built_structure(site / folder / "index.html", expected)
        if expected != got:
            differences.append((source.relative_to(root).as_posix(), expected, got))
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkout", type=Path, help="an upstream course checkout")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent, help="this course's repository")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coursegen-fidelity-") as scratch:
        root = Path(scratch) / "course"
        shutil.copytree(args.repo, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".build", "node_modules", "test-artifacts"))
        cli = [sys.executable, "-m", "coursegen.cli", "--root", str(root)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        imported = subprocess.run([*cli, "import", str(args.checkout.resolve())], capture_output=True, text=True, env=env)
        print(imported.stdout + imported.stderr)
        if imported.returncode != 0:
            return 1
        built = subprocess.run([*cli, "build", "--site-dir", str(Path(scratch) / "site")], capture_output=True, text=True, env=env)
        print(built.stdout + built.stderr)
        if built.returncode != 0:
            return 1
        checked = pages(root)
        differences = compare(root, Path(scratch) / "site")
        by_language: dict[str, list[int]] = {}
        different = {path for path, _, _ in differences}
        for source, _ in checked:
            relative = source.relative_to(root).parts
            lang = "en" if relative[0] == "lessons" else relative[1]
            counts = by_language.setdefault(lang, [0, 0])
            counts[0] += 1
            counts[1] += source.relative_to(root).as_posix() in different
        for lang, (count, differ) in sorted(by_language.items()):
            print(f"{lang:6} {count:4} page(s) compared with cmark-gfm, {differ} differ")
        for path, expected, got in differences[:5]:
            print(f"\n{path}\n  GitHub: {expected}\n  site:   {got}")
        return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
