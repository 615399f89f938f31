"""Bring lessons and translations from an upstream course checkout into our layout.

Upstream (see the translated-lesson format)        ours
  NN-slug/README.md, NN-slug/images/*              lessons/NN-slug/README.md, images/ (+ lesson.yml)
  (or chapters: 1-Introduction/1-intro-to-ML/)     (numbered in reading order: upstream.find_layout)
  translations/<lang>/NN-slug/README.md            translations/<lang>/NN-slug/README.md
  translations/<lang>/.co-op-translator.json       the same file (entries merged)
  translated_images/<stem>.<sha256>.<lang><ext>    translations/<lang>/NN-slug/images/<stem><ext>
  translated_images/<lang>/<stem>.<16 hex>.webp    (the English image when there is no translated one)
  an image outside every lesson (sketchnotes/)     lessons/NN-slug/images/course/sketchnotes/…

On the way, links lose their ?WT.mc_id= tracking, README.MD becomes README.md, links to lessons this site does not
host go to the upstream course, and a link or source_file that leaves the tree is refused. All files are planned
first (the languages in parallel: import_parallel) and written together (writes.Transaction); an existing file is
only replaced with force, otherwise it is reported as skipped.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from coursegen.content import coop
from coursegen.content.course import LESSON_FILE, Course
from coursegen.content.files import is_image
from coursegen.content.status import OUTDATED, UP_TO_DATE
from coursegen.escape import brief
from coursegen.pages import links, scan
from coursegen.pages.links import strip_tracking
from coursegen.problems import CourseError, Problem
from coursegen.translators import import_parallel
from coursegen.translators.resync import earlier_lessons, follow_earlier, follow_origin
from coursegen.translators.upstream import (
    NEW_IMAGE,
    NOT_AN_IMAGE,
    OLD_IMAGE,
    Checkout,
    english_image,
    find_file,
    fix_readme_case,
    layout_not_found,
    legacy_translations,
    lesson_pages,
    lesson_yaml,
    sidecar_entry,
)
from coursegen.translators.writes import Transaction

_MAIL_ADDRESS = re.compile(r"^[^/@\s?#:]+@[^/@\s?#:]+\.[A-Za-z]{2,}$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
REMOVED = "no longer in the checkout: kept here (delete it to follow upstream)"
NO_ENGLISH = "no English lesson here or in the checkout: skipped"
LEGACY = "a translation kept beside the English page (an older layout), not a page of the lesson: skipped"


@dataclass
class ImportResult:
    transaction: Transaction
    problems: list[Problem] = field(default_factory=list)  # refusals: nothing is written
    warnings: list[Problem] = field(default_factory=list)  # imported, but worth a look
    imported: list[str] = field(default_factory=list)  # lessons/translations brought in ("ms/16-...")
    states: dict[tuple[str, str], str] = field(default_factory=dict)  # (lang, slug) -> its state after the import
    skipped: list[Problem] = field(default_factory=list)  # languages and files left out, with the reason
    generated: list[Path] = field(default_factory=list)  # lesson.yml files written from a guess: to review
    unchanged: int = 0  # translated pages already here as the checkout has them
    removed: list[Problem] = field(default_factory=list)  # imported pages the checkout no longer has: kept


class Importer:
    def __init__(
        self,
        course: Course,
        source: Path,
        *,
        languages: list[str] | None,
        lessons: list[str] | None,
        force: bool,
        english: bool,
        replaceable: frozenset[Path] = frozenset(),
    ):
        self.course = course
        self.root = course.root
        self.force = force
        self.result = ImportResult(Transaction(self.root, force=force, replaceable=replaceable))
        self.earlier = earlier_lessons(course)  # nested lessons imported before keep their slugs
        self.checkout = Checkout(source, self.result.problems, self.earlier)
        self.source = self.checkout.source
        self.want_languages = languages
        self.want_lessons = lessons
        self.english = english  # bring in (with force: replace) English lessons that exist here too
        self.upstream = course.config.upstream.rstrip("/")
        self.upstream_branch = course.config.upstream_branch
        self.english_images: dict[str, dict[str, str]] = {}  # slug -> {image in the lesson: its path in the checkout}
        self.importing_english: set[str] = set()
        self.english_pages: dict[str, list[str]] = {}  # slug -> the lesson's pages in the checkout
        # Images a file being converted needs: planned only if that file is written itself.
        self.pending: list[tuple[Path, bytes]] = []
        self.pending_english: list[tuple[str, str, str]] = []  # (slug, image in the lesson, path in the checkout)
        self._shown, self._read, self._text = self.checkout.shown, self.checkout.read, self.checkout.text

    # -- what to import --------------------------------------------------------------------------
    def wanted(self, slug: str) -> bool:
        """Asked for by our slug or by its folder in the checkout (all when none was named)."""
        return not self.want_lessons or slug in self.want_lessons or self.checkout.folder(slug) in self.want_lessons

    # -- links -------------------------------------------------------------------------------------
    def hosted(self, slug: str) -> bool:
        return slug in self.course.lessons or slug in self.importing_english

    def upstream_url(self, path: str, is_dir: bool) -> str:
        kind = "tree" if is_dir else "blob"
        return f"{self.upstream}/{kind}/{self.upstream_branch}/{path}"

    def convert_link(self, link: scan.Link, *, file_dir: str, slug: str, lang: str | None, shown: str) -> str:
        """One link of an upstream file (at file_dir, repository-relative) as our layout needs it.

        The conversion answers relative to the lesson's folder; a page in a sub-folder of the
        lesson (depth levels down) climbs back to it first."""
        where = self.checkout.locate(file_dir)[2]
        depth = where[1].count("/") + 1 if where and where[1] else 0
        try:
            converted = self._convert_link(link, file_dir=file_dir, slug=slug, lang=lang, shown=shown)
            if depth and converted != link.target and not (_SCHEME.match(converted) or converted.startswith(("#", "//", "/"))):
                return "../" * depth + converted
            return converted
        except (OSError, ValueError) as error:  # a NUL byte or an over-long name in the link
            self.result.problems.append(
                Problem(shown, link.line, f"link '{brief(link.target)}' cannot be followed ({type(error).__name__}): refused")
            )
            return link.target

    def _convert_link(self, link: scan.Link, *, file_dir: str, slug: str, lang: str | None, shown: str) -> str:
        target = link.target
        if not target or target.startswith("#"):
            return target
        if _SCHEME.match(target) or target.startswith("//"):
            return strip_tracking(target)
        if _MAIL_ADDRESS.match(target):  # [Email us](someone@example.com): GitHub makes it a mail link
            return f"mailto:{target}"
        cleaned = strip_tracking(target)
        match = re.match(r"^(?P<path>[^?#]*)(?P<rest>.*)$", cleaned)
        assert match is not None
        path, rest = match["path"], match["rest"]
        if path.startswith("/"):
            self.result.problems.append(Problem(shown, link.line, f"link '{brief(target)}' is an absolute path: refused"))
            return target
        resolved = posixpath.normpath(posixpath.join(file_dir, unquote(path)))
        if resolved == ".." or resolved.startswith("../"):
            self.result.problems.append(Problem(shown, link.line, f"link '{brief(target)}' leads outside the course: refused"))
            return target
        resolved = fix_readme_case(resolved)
        parts = resolved.split("/")
        if parts[0] == "translated_images":
            return self.convert_image(parts, slug=slug, lang=lang, shown=shown, line=link.line) or target
        link_lang, bare, where = self.checkout.locate(resolved)
        if where is None and bare.split("/")[0] in self.course.lessons:  # a lesson only this course has
            where = (bare.split("/")[0], bare.partition("/")[2])
        if where is None:
            if link.image and (self.source / bare).is_file():  # a course-wide image (sketchnotes/): copied into the lesson
                self.pending_english.append((slug, f"images/course/{bare}", bare))
                return f"images/course/{bare}{rest}"
            return self.upstream_url(resolved, "." not in parts[-1]) + rest
        other, inner = where
        folder = self.checkout.folder(other)
        if inner in ("", LESSON_FILE):
            if self.hosted(other):
                return f"../{other}/{LESSON_FILE}{rest}"
            # Not hosted here: the upstream course's page (its translation, if that was the link).
            return (
                self.upstream_url(f"translations/{link_lang}/{other}/{LESSON_FILE}", False) if link_lang else self.upstream_url(other, True)
            ) + rest
        if other == slug:
            translated = self.source / "translations" / str(link_lang) / folder / inner
            if inner.lower().endswith(".md") and self.english_page_hosted(slug, inner):
                return inner + rest  # a page of the lesson: imported (converted) on its own
            if lang is not None and link_lang is not None and translated.is_file():
                data = self._read(translated)
                if data is not None and is_image(inner, data[:16]):  # what the build publishes from a translation
                    self.pending.append((self.root / "translations" / lang / slug / inner, data))
                    return inner + rest
                if data is not None:  # a notebook, code: read on GitHub, where the course keeps it
                    return self.upstream_url(f"translations/{link_lang}/{folder}/{inner}", False) + rest
            if inner.startswith("images/") or (link.image and (self.source / folder / inner).is_file()):
                # Our translations use the English image names; the site falls back to English.
                self.pending_english.append((slug, inner, f"{folder}/{inner}"))
                return inner + rest
            if (self.root / "lessons" / slug / inner).exists():
                return inner + rest
        elif self.hosted(other) and ((self.root / "lessons" / other / inner).exists() or inner in self.english_pages.get(other, [])):
            return f"../{other}/{inner}{rest}"
        if link_lang is not None and not (self.source / resolved).exists() and (self.source / bare).exists():
            resolved = bare  # no translated copy upstream (a notebook, code): the English one
        return self.upstream_url(resolved, "." not in parts[-1]) + rest

    def convert_image(self, parts: list[str], *, slug: str, lang: str | None, shown: str, line: int) -> str | None:
        name = parts[-1]
        match = OLD_IMAGE.match(name) or NEW_IMAGE.match(name)
        if match is None:
            # A naming scheme not seen yet: the file the link names is what counts.
            translated = self.source.joinpath(*parts)
            data = self._read(translated) if lang is not None and translated.is_file() else None
            if data is None or lang is None or not is_image(name, data[:16]):
                self.result.warnings.append(Problem(shown, line, f"image '{'/'.join(parts)}' is not in the checkout: left as is"))
                return None
            self.pending.append((self.root / "translations" / lang / slug / "images" / name, data))
            return f"images/{name}"
        stem = match["stem"]
        folder = self.checkout.folder(slug)
        english = english_image([self.source / folder / "images", self.root / "lessons" / slug / "images"], folder, stem, match["hash"])
        translated = self.source.joinpath(*parts)
        if lang is not None and (translated.is_file() or translated.is_symlink()):  # _read refuses links out
            data = self._read(translated)
            ext = match["ext"].lower()
            if data is not None and is_image(f"{stem}{ext}", data[:16]):  # else the English image
                self.pending.append((self.root / "translations" / lang / slug / "images" / f"{stem}{ext}", data))
                return f"images/{stem}{ext}"
        if english is None:
            guess = f"images/{stem}{match['ext'].lower() if match['ext'].lower() != '.webp' else '.png'}"
            self.result.warnings.append(
                Problem(shown, line, f"no translated or English image for '{name}': the link now points to {guess}, which does not exist")
            )
            return guess
        self.pending_english.append((slug, english, f"{folder}/{english}"))
        return english

    def write_with_images(self, path: Path, text: str) -> bool:
        """Plan a converted file and, if it is written or already there as it is, the images it
        needs (a page that did not change may link an image that is new)."""
        pending, self.pending = self.pending, []
        pending_english, self.pending_english = self.pending_english, []
        if not self.result.transaction.write(path, text) and not self.result.transaction.unchanged(path, text):
            return False
        for target, data in pending:
            self.result.transaction.write(target, data)
        for slug, image, upstream_path in pending_english:
            self.english_images.setdefault(slug, {})[image] = upstream_path
        return True

    def convert_text(self, text: str, *, file_dir: str, slug: str, lang: str | None, shown: str) -> str | None:
        self.pending, self.pending_english = [], []
        try:
            return links.rewrite_links(
                text, lambda link: self.convert_link(link, file_dir=file_dir, slug=slug, lang=lang, shown=shown), shown
            )
        except CourseError as error:
            self.result.problems.extend(error.problems)
            return None

    # -- lessons -----------------------------------------------------------------------------------
    def import_english(self, slug: str) -> dict[str, tuple[bytes, bytes]]:
        """Plan lessons/<slug>/ (its pages, + lesson.yml): page -> (upstream, converted) bytes, for
        each page whose English here will be upstream's (converted) after the import."""
        converted_pages: dict[str, tuple[bytes, bytes]] = {}
        for inner in self.english_pages.get(slug, []):
            folder = self.checkout.folder(slug)
            source = find_file(self.source / folder / posixpath.dirname(inner), posixpath.basename(inner))
            if source is None:
                continue
            raw, text = self._read(source), self._text(source)
            if raw is None or text is None:
                continue
            converted = self.convert_text(
                text, file_dir=posixpath.dirname(f"{folder}/{inner}"), slug=slug, lang=None, shown=self._shown(source)
            )
            if converted is None:
                continue
            target = self.root / "lessons" / slug / inner
            data = converted.encode("utf-8")
            if target.exists() and not self.english:
                # The English source here is the maintainers' own: only --english brings upstream's over it.
                self.pending, self.pending_english = [], []
                if target.read_bytes() == data:
                    converted_pages[inner] = (raw, data)
                else:
                    kept = "upstream's English differs from this course's: kept (--english --force brings upstream's in)"
                    self.result.skipped.append(Problem(f"lessons/{slug}/{inner}", 0, kept))
                continue
            written = self.write_with_images(target, converted)
            if inner == LESSON_FILE and not (target.parent / "lesson.yml").exists():
                self.result.transaction.write(target.parent / "lesson.yml", lesson_yaml(slug, text, self.checkout.folder(slug)))
                self.result.generated.append(target.parent / "lesson.yml")
            if written:
                self.result.imported.append(f"en/{slug}/{inner}")
            if written or (target.exists() and target.read_bytes() == data):
                converted_pages[inner] = (raw, data)
        return converted_pages

    def copy_english_images(self) -> None:
        for slug, images in self.english_images.items():
            for image, upstream_path in images.items():
                source, target = self.source / upstream_path, self.root / "lessons" / slug / image
                try:
                    if target.exists():
                        continue
                    found = source.is_file()
                except (OSError, ValueError):  # a NUL byte or an over-long name
                    self.result.problems.append(Problem(f"SRC/{slug}", 0, f"image '{brief(image)}' cannot be followed: refused"))
                    continue
                data = self._read(source) if found else None
                if not found:
                    missing = f"no English image {image} in the checkout or in lessons/{slug}"
                    self.result.warnings.append(Problem(self._shown(source), 0, missing))
                elif data is not None and is_image(image, data[:16]):
                    self.result.transaction.write(target, data)
                elif data is not None:  # an SVG or an HTML file can hold script that would run on the site
                    self.result.skipped.append(Problem(self._shown(source), 0, NOT_AN_IMAGE))

    def import_translation(
        self, lang: str, folder: Path, slug: str, sidecar: coop.Sidecar, english: dict[str, tuple[bytes, bytes]]
    ) -> list[coop.Metadata]:
        """Plan translations/<lang>/<slug>/: its README.md and every other page whose English page
        this course has, whether or not the README.md is translated; returns the metadata entries
        for our sidecar."""
        lesson = folder / self.checkout.folder(slug)
        has_readme = find_file(lesson, LESSON_FILE) is not None
        entries = []
        pages = lesson_pages(lesson, self.checkout.layout.inner_folders(slug) if slug in self.checkout.layout.folders else ())
        self.report_removed(f"translations/{lang}/{slug}", pages)
        for inner in pages:
            if inner != LESSON_FILE and not self.english_page_hosted(slug, inner):
                self.result.skipped.append(
                    Problem(self._shown(lesson / inner), 0, "no English page for it here or in the checkout: skipped")
                )
                continue
            entry = self.import_translated_page(lang, folder, slug, inner, sidecar, english.get(inner))
            if entry is not None:
                entries.append(entry)
            elif inner == LESSON_FILE and has_readme and (lang, slug) not in self.result.states:
                return []  # its README.md was refused: the lesson's other pages wait for it
        return entries

    def import_translated_page(
        self, lang: str, folder: Path, slug: str, inner: str, sidecar: coop.Sidecar, english: tuple[bytes, bytes] | None
    ) -> coop.Metadata | None:
        expected = f"{self.checkout.folder(slug)}/{inner}"  # upstream's source_file; ours is slug/inner
        page = find_file(folder / posixpath.dirname(expected), posixpath.basename(expected))
        if page is None:
            return None
        refused = [problems for key, problems in sidecar.refused.items() if fix_readme_case(key) == expected]
        if refused:  # its metadata entry is broken: this file is left out, the others are not
            self.result.skipped.extend(Problem(p.path, p.line, f"{p.message}: {self._shown(page)} skipped") for p in refused[0])
            return None
        text = self._text(page)
        if text is None:
            return None
        shown = self._shown(page)
        inline = coop.parse_inline_metadata(text, shown)
        if inline is not None and inline.problems:
            self.result.problems.extend(inline.problems)
            return None
        metadata = inline.metadata if inline is not None else sidecar_entry(sidecar, expected)
        if metadata is not None:
            if fix_readme_case(metadata.source_file) != expected:
                line = inline.first_line if inline is not None else 0
                self.result.problems.append(Problem(shown, line, f"source_file '{metadata.source_file}' is not '{expected}': refused"))
                return None
            updates = {"source_file": f"{slug}/{inner}", "language_code": lang}
            if english is not None and metadata.original_hash == hashlib.md5(english[0]).hexdigest():
                # It matched the upstream English, which we import (converted) in the same run.
                updates["original_hash"] = hashlib.md5(english[1]).hexdigest()
            metadata = coop.Metadata(**{**metadata.as_json(), **updates})
            if inline is not None:
                text = coop.replace_inline_metadata(text, metadata)
        elif inner == LESSON_FILE:
            self.result.warnings.append(Problem(shown, 1, "no translation metadata: it will show as outdated until stamped"))
        file_dir = posixpath.dirname(f"translations/{folder.name}/{expected}")
        converted = self.convert_text(text, file_dir=file_dir, slug=slug, lang=lang, shown=shown)
        if converted is None:
            return None
        target = self.root / "translations" / lang / slug / inner
        if not self.write_with_images(target, converted):
            return None
        if self.result.transaction.unchanged(target, converted):
            self.result.unchanged += 1  # (a second import: the lesson's other pages still come)
        else:
            self.result.imported.append(f"{lang}/{slug}/{inner}")
        if inner == LESSON_FILE:
            self.result.states[(lang, slug)] = self._state(slug, metadata, english)
        return metadata if inline is None else None

    def report_removed(self, ours: str, upstream_pages: list[str]) -> None:
        """Pages imported before (ours: lessons/<slug> or translations/<lang>/<slug>) that the
        checkout no longer has: listed, kept (a maintainer deletes them after a look)."""
        for inner in lesson_pages(self.root / ours):
            if inner not in upstream_pages:
                self.result.removed.append(Problem(f"{ours}/{inner}", 0, REMOVED))

    def english_page_hosted(self, slug: str, inner: str) -> bool:
        return (self.root / "lessons" / slug / inner).is_file() or inner in self.english_pages.get(slug, [])

    def _state(self, slug: str, metadata: coop.Metadata | None, english: tuple[bytes, bytes] | None) -> str:
        """Up to date when the metadata names the English this import leaves in lessons/<slug>."""
        path = self.root / "lessons" / slug / LESSON_FILE
        source = english[1] if english is not None else path.read_bytes() if path.is_file() else b""
        up_to_date = metadata is not None and metadata.original_hash == hashlib.md5(source).hexdigest()
        return UP_TO_DATE if up_to_date else OUTDATED

    def run(self) -> ImportResult:
        if not self.source.is_dir():
            self.result.problems.append(Problem(str(self.source), 0, "is not a folder (expected an upstream course checkout)"))
            return self.result
        layout = self.checkout.layout
        if not layout.folders:
            self.result.problems.append(Problem(str(self.source), 0, layout_not_found(self.source)))
            return self.result
        (self.upstream, self.upstream_branch), notes = follow_origin(
            self.checkout, self.root, self.result.transaction, (self.upstream, self.upstream_branch)
        )
        self.result.warnings += notes
        self.result.removed += follow_earlier(self.checkout, self.earlier, self.root, self.result.transaction)
        self.importing_english = {slug for slug in layout.folders if self.wanted(slug)}
        self.english_pages = {
            slug: lesson_pages(self.source / layout.folders[slug], layout.inner_folders(slug)) for slug in sorted(self.importing_english)
        }
        self.english_converted = {slug: self.import_english(slug) for slug in sorted(self.importing_english)}
        for slug in sorted(self.importing_english):
            for path in legacy_translations(self.source / layout.folders[slug], layout.inner_folders(slug)):
                self.result.skipped.append(Problem(self._shown(path), 0, LEGACY))
        for slug, pages in self.english_converted.items():
            if pages:  # the lesson here follows upstream's: pages gone upstream are worth a look
                self.report_removed(f"lessons/{slug}", self.english_pages[slug])
        folders, english_copy, not_languages = self.checkout.translation_folders(self.want_languages)
        self.result.skipped += english_copy
        self.result.warnings += not_languages
        if import_parallel.worth_it(len(folders)):
            import_parallel.plan_languages(self, folders)
        else:
            for lang, folder in folders.items():
                self.import_language(lang, folder)
        self.copy_english_images()
        return self.result

    def import_language(self, lang: str, folder: Path) -> None:
        """Plan translations/<lang>/: each translated lesson the checkout has, and the sidecar."""
        sidecar = coop.Sidecar()
        sidecar_path = folder / coop.SIDECAR_NAME
        if sidecar_path.is_file():
            sidecar = coop.parse_sidecar(self._text(sidecar_path) or "{}", self._shown(sidecar_path))
            if sidecar.problems:  # no entry can be trusted: the language waits for a readable file
                self.result.skipped.extend(Problem(p.path, p.line, f"{p.message}: language '{lang}' skipped") for p in sidecar.problems)
                return
        merged: dict[str, coop.Metadata] = {}
        found, unknown = self.checkout.translated_lessons(folder, self.course.lessons)
        for child in unknown:
            self.result.warnings.append(Problem(self._shown(child), 0, NO_ENGLISH))
        for slug in sorted(found):
            if not self.wanted(slug):
                continue
            if slug not in self.course.lessons and slug not in self.importing_english:
                self.result.warnings.append(Problem(self._shown(folder / self.checkout.folder(slug)), 0, NO_ENGLISH))
                continue
            for entry in self.import_translation(lang, folder, slug, sidecar, self.english_converted.get(slug, {})):
                merged[entry.source_file] = entry
        sidecar_path = self.root / "translations" / lang / coop.SIDECAR_NAME
        self.result.problems.extend(self.result.transaction.merge_sidecar(sidecar_path, merged, self.course.path(sidecar_path)))


def plan_import(
    course: Course,
    source: Path,
    *,
    languages: list[str] | None = None,
    lessons: list[str] | None = None,
    force: bool = False,
    english: bool = False,
    replaceable: frozenset[Path] = frozenset(),
) -> ImportResult:
    """Plan (do not write) the import of an upstream checkout; commit result.transaction to write.
    replaceable: files an earlier sync wrote and nobody changed since (replaced when upstream's differ)."""
    importer = Importer(course, source, languages=languages, lessons=lessons, force=force, english=english, replaceable=replaceable)
    return importer.run()
