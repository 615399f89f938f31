"""Reading an upstream course checkout: its layout (lesson folders, `README.MD` spelt in capitals,
a lesson's pages), the names of its translated images, its sidecar entries, and a first lesson.yml
guessed from a lesson's text. Reading only; coursegen.translators.importer decides what to write.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from coursegen.content import coop
from coursegen.content.course import LESSON_FILE
from coursegen.pages import scan

LESSON_SLUG = re.compile(r"^\d{2}-[a-z0-9-]+$")
# translated_images/<stem>.<sha256>.<lang><ext>, and (Bengali, late 2026) <stem>.<16 hex>.<lang><ext>
OLD_IMAGE = re.compile(
    r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{64}|[0-9a-f]{16})\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?)(?P<ext>\.[A-Za-z0-9]+)$"
)
NEW_IMAGE = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{16})(?P<ext>\.webp)$")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def fix_readme_case(path: str) -> str:
    return "/".join(LESSON_FILE if part.lower() == LESSON_FILE.lower() else part for part in path.split("/"))


def find_file(folder: Path, name: str) -> Path | None:
    """A file in folder whose name matches without regard to case (README.MD is README.md)."""
    exact = folder / name
    if exact.is_file():
        return exact
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.name.lower() == name.lower() and entry.is_file():
                return entry
    return None


def lesson_pages(folder: Path) -> list[str]:
    """A lesson's Markdown pages (README.md first, then sub-pages and solution pages), as
    paths inside the lesson folder; hidden folders are not part of the lesson."""
    found = []
    for path in sorted(folder.rglob("*")):
        inner = path.relative_to(folder).as_posix()
        if path.suffix.lower() == ".md" and path.is_file() and not any(part.startswith(".") for part in inner.split("/")):
            found.append(fix_readme_case(inner))
    return sorted(set(found), key=lambda inner: (inner != LESSON_FILE, inner))


def sidecar_entry(sidecar: coop.Sidecar, source_file: str) -> coop.Metadata | None:
    """The sidecar's entry for a file (upstream sometimes writes README.MD)."""
    for key, metadata in sidecar.entries.items():
        if fix_readme_case(key) == source_file:
            return metadata
    return None


def lesson_yaml(slug: str, text: str) -> str:
    """A starting lesson.yml for an imported English lesson: title, summary and goals guessed
    from its text (the first heading, the first paragraph, the bullets under a goals heading)."""
    plain = scan.outside_code(text)
    title = next((h.text for h in scan.headings(text) if h.level == 1), None)
    if title is None:
        alt = re.search(r"!\[([^\]]+)\]", plain)
        title = alt.group(1) if alt else slug[3:].replace("-", " ").capitalize()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", plain) if p.strip()]
    summary = next((p for p in paragraphs if not p.startswith(("#", "!", "[", "<", "-", "*", "|", "\x00")) and len(p) > 40), title)
    summary = _shortened(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(summary.split())), 300)
    goals: list[str] = []
    lines = plain.split("\n")
    for index, line in enumerate(lines):
        if re.match(r"^#{2,3}\s.*(goal|objective)", line, re.I):
            for following in lines[index + 1 :]:
                if following.startswith("#"):
                    break
                bullet = re.match(r"^\s*[-*]\s+(.*)$", following)
                if bullet:
                    goals.append(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", bullet.group(1)).strip())
            break
    data = {
        "number": int(slug[:2]),
        "slug": slug,
        "title": title,
        "summary": summary,
        "goals": [goal for goal in goals if goal] or [f"Work through the lesson '{title}'."],
    }
    return "# Imported from the upstream course: check the title, summary and goals.\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100
    )


def _shortened(text: str, limit: int) -> str:
    """At most `limit` characters, cut after a sentence or at least between words."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    sentence = max(head.rfind(". "), head.rfind("。"), head.rfind("! "), head.rfind("? "))
    if sentence >= limit // 2:
        return head[: sentence + 1]
    space = head.rfind(" ")
    return (head[:space] if space > 0 else text[: limit - 1]).rstrip(" ,;:") + "…"
