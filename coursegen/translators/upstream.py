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
from coursegen.pages.gfm import outline

_GOALS = re.compile(r"goal|objective", re.IGNORECASE)  # the section listing what the learner will do
LESSON_SLUG = re.compile(r"^\d{2}-[a-z0-9-]+$")
# translated_images/<stem>.<sha256>.<lang><ext>, and (Bengali, late 2026) <stem>.<16 hex>.<lang><ext>
OLD_IMAGE = re.compile(
    r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{64}|[0-9a-f]{16})\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?)(?P<ext>\.[A-Za-z0-9]+)$"
)
NEW_IMAGE = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{16})(?P<ext>\.webp)$")
NOT_AN_IMAGE = "not a PNG, JPEG, GIF or WebP image by its bytes: not published on the site (an SVG can run script)"
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


def lesson_folders(source: Path) -> list[str]:
    """The checkout's English lessons: NN-slug/ folders at its top holding a README.md."""
    return sorted(p.name for p in source.iterdir() if p.is_dir() and LESSON_SLUG.match(p.name) and find_file(p, LESSON_FILE))


def layout_not_found(source: Path) -> str:
    """Why a checkout was refused: what it holds, and the layout this import reads."""
    folders = sorted(p.name + "/" for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))
    readmes = sorted(p.relative_to(source).as_posix() for p in source.glob("*/*/README.md"))[:3]
    seen = ", ".join(folders[:6]) + (", …" if len(folders) > 6 else "") if folders else "no folders"
    nested = f"; lessons in nested folders such as {', '.join(readmes)} are not read yet" if readmes else ""
    return (
        f"no lesson folders found: expected NN-slug/README.md at the top of the checkout (as in "
        f"generative-ai-for-beginners: 01-introduction-to-genai/README.md); found {seen}{nested}"
    )


def english_image(folders: list[Path], slug: str, stem: str, digest: str) -> str | None:
    """images/<stem><ext> of the English lesson (its folders: the checkout's, ours) whose path
    hash starts with the digest a translated image's name carries."""
    candidates = []
    for folder in folders:
        if folder.is_dir():
            candidates += [p.name for p in sorted(folder.iterdir()) if p.stem == stem and p.suffix.lower() in IMAGE_EXTENSIONS]
    for name in candidates:
        if coop.image_path_hash(f"{slug}/images/{name}").startswith(digest):
            return f"images/{name}"
    return f"images/{candidates[0]}" if candidates else None


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
    page = outline(text)
    title = next((heading.text for heading in page.headings if heading.level == 1 and heading.text), None)
    if title is None:
        title = page.first_image[1] if page.first_image and page.first_image[1] else slug[3:].replace("-", " ").capitalize()
    # The first paragraph of prose: never a caption in a quote, an image or a line of links.
    summary = next((words for _, words in page.prose if len(words) > 40 and "{{" not in words), title)
    summary = _shortened(summary, 300)
    goals = next((list(items) for heading, items in page.section_lists if _GOALS.search(heading)), [])
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
