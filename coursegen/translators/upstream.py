"""Reading an upstream course checkout: its layout (lesson folders, `README.MD` spelt in capitals,
a lesson's pages), the names of its translated images, its sidecar entries, and a first lesson.yml
guessed from a lesson's text. Reading only; coursegen.translators.importer decides what to write.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from coursegen.content import coop
from coursegen.content.course import ENGLISH, LESSON_FILE
from coursegen.content.languages import get_language
from coursegen.content.reading import read
from coursegen.content.schemas import LESSON_SLUG
from coursegen.content.textfile import decode_text
from coursegen.escape import brief
from coursegen.problems import CourseError, Problem

_GOALS = re.compile(r"goal|objective", re.IGNORECASE)  # the section listing what the learner will do
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


_NUMBERED = re.compile(r"^(?P<number>\d{1,3})[-_. ]+(?P<name>.+)$")
_LEGACY_TRANSLATION = re.compile(r"^(?P<stem>.+)\.[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?\.md$")
# The repository a checkout was cloned from, as its git configuration names it (https or ssh).
_GITHUB_REMOTE = re.compile(
    r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)(?P<owner>[A-Za-z0-9-]{1,39})/(?P<name>[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?$"
)
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]{1,100}$")
_NESTING = 3  # chapter / lesson / part: deeper numbered folders are parts of a lesson


@dataclass(frozen=True)
class Layout:
    """The checkout's English lessons: our slug (NN-slug) -> the lesson's folder in the checkout.

    Flat courses (generative-ai-for-beginners: 16-open-source-models/) keep their folder names;
    nested ones (ML-For-Beginners: 1-Introduction/1-intro-to-ML/, AI-For-Beginners:
    lessons/3-NeuralNetworks/03-Perceptron/) are numbered in reading order, since their own numbers
    restart in each chapter or repeat a chapter's: 02-intro-to-ml, 04-perceptron."""

    folders: dict[str, str] = field(default_factory=dict)

    @cached_property
    def slugs(self) -> dict[str, str]:
        return {folder: slug for slug, folder in self.folders.items()}

    def locate(self, path: str) -> tuple[str, str] | None:
        """(slug, path inside the lesson) of a repository-relative path, or None outside lessons.
        The deepest lesson folder wins: a chapter's own page does not swallow its lessons."""
        best = None
        for folder, slug in self.slugs.items():
            if (path == folder or path.startswith(folder + "/")) and (best is None or len(folder) > len(best[0])):
                best = (folder, slug)
        if best is None:
            return None
        return best[1], path[len(best[0]) + 1 :]

    def inner_folders(self, slug: str) -> list[str]:
        """Lesson folders inside this one (a chapter's page and its lessons): not its pages."""
        folder = self.folders[slug]
        return [other[len(folder) + 1 :] for other in self.folders.values() if other.startswith(folder + "/")]


def _numbered(folder: Path) -> list[Path]:
    children = [p for p in folder.iterdir() if p.is_dir() and _NUMBERED.match(p.name)] if folder.is_dir() else []
    return sorted(children, key=lambda p: (int(_NUMBERED.match(p.name)["number"]), p.name))  # type: ignore[index]


def _lesson_paths(source: Path) -> list[str]:
    """Numbered folders holding a README.md, in reading order (at the top, or under lessons/)."""
    found: list[str] = []

    def walk(folder: Path, prefix: str, depth: int) -> None:
        for child in _numbered(folder):
            if find_file(child, LESSON_FILE):
                found.append(prefix + child.name)
            if depth < _NESTING:
                walk(child, f"{prefix}{child.name}/", depth + 1)

    walk(source, "", 1)
    if not found:
        walk(source / "lessons", "lessons/", 1)
    return found


def _slug_name(folder_name: str) -> str:
    match = _NUMBERED.match(folder_name)
    name = match["name"] if match else folder_name
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "lesson"


def _unnumbered(path: str) -> str:
    """A nested lesson's path without the numbers of its folders: what stays when upstream inserts
    a lesson and renumbers the ones after it (2-history-of-ML becoming 3-history-of-ML)."""
    return "/".join(match["name"] if (match := _NUMBERED.match(part)) else part for part in path.split("/"))


def find_layout(source: Path, known: Mapping[str, str] | None = None) -> Layout:
    """The checkout's lessons. `known`: the checkout folder -> our slug of each lesson an earlier
    import brought in (their lesson.yml's upstream_folder): each keeps its slug, found by its path
    or, renumbered upstream, by its path without numbers, so a lesson inserted upstream does not
    move every later one to a new address; a new lesson is numbered after all known ones."""
    paths = _lesson_paths(source)
    top = [path for path in paths if "/" not in path]
    if top and all(LESSON_SLUG.match(path) for path in top):  # flat: a numbered folder inside is part of its lesson
        return Layout({path: path for path in top})
    known = dict(known or {})
    by_name = {_unnumbered(path): slug for path, slug in known.items()}
    next_number = max((int(slug[:2]) for slug in known.values()), default=0) + 1
    folders: dict[str, str] = {}
    for number, path in enumerate(paths, start=1):
        slug = known.get(path) or by_name.get(_unnumbered(path))
        if slug is None and known:
            number, next_number = next_number, next_number + 1
        if slug is None and number <= 99:
            slug = f"{number:02d}-{_slug_name(path.rsplit('/', 1)[-1])}"
        if slug is not None and slug not in folders:
            folders[slug] = path
    return Layout(folders)


def layout_not_found(source: Path) -> str:
    """Why a checkout was refused: what it holds, and the layouts this import reads."""
    folders = sorted(p.name + "/" for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))
    seen = ", ".join(folders[:6]) + (", …" if len(folders) > 6 else "") if folders else "no folders"
    return (
        "no lesson folders found: expected numbered folders holding a README.md, at the top of the checkout "
        "(generative-ai-for-beginners: 01-introduction-to-genai/README.md), in chapters "
        "(ML-For-Beginners: 1-Introduction/1-intro-to-ML/README.md) or under lessons/ "
        f"(AI-For-Beginners: lessons/3-NeuralNetworks/03-Perceptron/README.md); found {seen}"
    )


class Checkout:
    """An upstream checkout, read safely: nothing outside it is followed (a symbolic link out is
    refused), and every refusal is added to `problems` with the file it concerns."""

    def __init__(self, source: Path, problems: list[Problem], known: Mapping[str, str] | None = None):
        self.source = Path(source).resolve()
        self.problems = problems
        self.layout = find_layout(self.source, known) if self.source.is_dir() else Layout()

    def shown(self, path: Path) -> str:
        try:
            return "SRC/" + brief(path.resolve().relative_to(self.source).as_posix(), 200)
        except (OSError, ValueError):
            return brief(path.as_posix(), 200)

    def inside(self, path: Path) -> bool:
        resolved = path.resolve()
        return resolved == self.source or self.source in resolved.parents

    def read(self, path: Path) -> bytes | None:
        if not self.inside(path) or not path.is_file():
            self.problems.append(Problem(self.shown(path), 0, "leads outside the source checkout (symbolic link): refused"))
            return None
        return path.read_bytes()

    def text(self, path: Path) -> str | None:
        data = self.read(path)
        if data is None:
            return None
        try:
            return decode_text(data, self.shown(path))
        except CourseError as error:
            self.problems.extend(error.problems)
            return None

    @cached_property
    def origin(self) -> tuple[str, str | None] | None:
        """The GitHub repository the checkout was cloned from (https://github.com/owner/name) and
        the branch it has out, read from its .git files: git itself is never run in an imported
        checkout (its configuration could name commands to run)."""
        git = self.source / ".git"
        config = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            config.read_string((git / "config").read_text("utf-8"))
            url = config.get('remote "origin"', "url", fallback="").strip()
            head = (git / "HEAD").read_text("utf-8").strip() if (git / "HEAD").is_file() else ""
        except (OSError, UnicodeDecodeError, configparser.Error):
            return None
        match = _GITHUB_REMOTE.match(url)
        if match is None:
            return None
        branch = head.removeprefix("ref: refs/heads/") if head.startswith("ref: refs/heads/") else None
        return f"https://github.com/{match['owner']}/{match['name']}", branch if branch and _BRANCH.match(branch) else None

    def translation_folders(self, wanted: Collection[str] | None) -> tuple[dict[str, Path], list[Problem], list[Problem]]:
        """Our language code -> the checkout's translations/<code> folder (older aliases mapped), of
        the languages wanted (all: None); and the folders left out: the translation tool's English
        copy, and names that are no language code of the course."""
        folder = self.source / "translations"
        found: dict[str, Path] = {}
        english, unknown = [], []
        for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
            if not entry.is_dir():
                continue
            if entry.name == ENGLISH:
                english.append(
                    Problem(self.shown(entry), 0, "the translation tool's copy of the English lessons, not a translation: skipped")
                )
                continue
            try:
                code = get_language(entry.name).code
            except KeyError:
                unknown.append(Problem(self.shown(entry), 0, "not a language code of the course: skipped"))
                continue
            if wanted is None or code in wanted or entry.name in wanted:
                found[code] = entry
        return found, english, unknown

    def folder(self, slug: str) -> str:
        """The lesson's folder in the checkout (a lesson only this course has: its slug)."""
        return self.layout.folders.get(slug, slug)

    def locate(self, path: str) -> tuple[str | None, str, tuple[str, str] | None]:
        """A repository-relative path as (translation folder or None, the path without
        translations/<lang>/, and (slug, path inside the lesson) or None outside every lesson)."""
        parts = path.split("/")
        if parts[0] == "translations" and len(parts) >= 3:
            bare = "/".join(parts[2:])
            return parts[1], bare, self.layout.locate(bare)
        return None, path, self.layout.locate(path)

    def translated_lessons(self, folder: Path, known: Collection[str]) -> tuple[list[str], list[Path]]:
        """The lessons translations/<lang>/ holds (slugs), and its numbered folders that are no
        lesson of the checkout's (nor of `known`, this course's own lessons)."""
        found = [slug for slug, path in self.layout.folders.items() if (folder / path).is_dir()]
        unknown = []
        for child in _numbered(folder):
            if child.name in known and child.name not in found:
                found.append(child.name)
            elif child.name not in self.layout.slugs and not any(path.startswith(child.name + "/") for path in self.layout.slugs):
                unknown.append(child)
        return found, unknown


def english_image(folders: list[Path], lesson_folder: str, stem: str, digest: str) -> str | None:
    """images/<stem><ext> of the English lesson (its folders: the checkout's, ours) whose path in
    the checkout (lesson_folder/images/…) hashes to the digest a translated image's name carries."""
    candidates = []
    for folder in folders:
        if folder.is_dir():
            candidates += [p.name for p in sorted(folder.iterdir()) if p.stem == stem and p.suffix.lower() in IMAGE_EXTENSIONS]
    for name in candidates:
        if coop.image_path_hash(f"{lesson_folder}/images/{name}").startswith(digest):
            return f"images/{name}"
    return f"images/{candidates[0]}" if candidates else None


def _markdown_files(folder: Path, inner_lessons: list[str] | tuple[str, ...]) -> list[tuple[str, Path]]:
    """(path inside the lesson, file) of its Markdown files, leaving out hidden folders and the
    lessons inside it (a chapter's page holds its lessons' folders)."""
    found = []
    for path in sorted(folder.rglob("*.[mM][dD]")):
        inner = path.relative_to(folder).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in inner.split("/")):
            if not any(inner.startswith(lesson + "/") for lesson in inner_lessons):
                found.append((inner, path))
    return found


def lesson_pages(folder: Path, inner_lessons: list[str] | tuple[str, ...] = ()) -> list[str]:
    """A lesson's Markdown pages (README.md first, then sub-pages and solution pages), as paths
    inside the lesson folder; not the per-file translations older courses kept beside the English."""
    found = {fix_readme_case(inner) for inner, path in _markdown_files(folder, inner_lessons) if not legacy_translation(path)}
    return sorted(found, key=lambda inner: (inner != LESSON_FILE, inner))


def legacy_translations(folder: Path, inner_lessons: list[str] | tuple[str, ...] = ()) -> list[Path]:
    return [path for _, path in _markdown_files(folder, inner_lessons) if legacy_translation(path)]


def legacy_translation(path: Path) -> bool:
    """README.es.md beside README.md, or anything in a translations/ folder inside a lesson."""
    if path.parent.name in ("translations", "translation"):
        return True
    match = _LEGACY_TRANSLATION.match(path.name)
    return bool(match) and find_file(path.parent, match["stem"] + ".md") is not None  # type: ignore[index]


def sidecar_entry(sidecar: coop.Sidecar, source_file: str) -> coop.Metadata | None:
    """The sidecar's entry for a file (upstream sometimes writes README.MD)."""
    for key, metadata in sidecar.entries.items():
        if fix_readme_case(key) == source_file:
            return metadata
    return None


GUESS_FROM = 100_000  # a lesson is some tens of kB; its title, summary and goals come first


def lesson_yaml(slug: str, text: str, folder: str) -> str:
    """A starting lesson.yml for an imported English lesson: title, summary and goals guessed
    from its text (the first heading, the first paragraph, the bullets under a goals heading); the
    lesson's folder in the checkout when it is not the slug (a nested course), to keep the slug.
    Read from the lesson's opening (GUESS_FROM characters, whole lines): where those are."""
    cut = text.rfind("\n", 0, GUESS_FROM) + 1 if len(text) > GUESS_FROM else len(text)
    opening = text[: cut or GUESS_FROM]
    page = read(opening).outline
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
    if folder != slug:
        data["upstream_folder"] = folder
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
