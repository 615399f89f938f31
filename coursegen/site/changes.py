"""Generated pages: the translators' page of each outdated lesson, /<lang>/changes/<slug>/ (issue 15).

No file in the repository holds these pages: staging writes each one, rendered in its language
by coursegen.pages.changes (the English text escaped, braces included), into the language's
staged folder. They are not in the SourceMap, so the build treats them as the site's own pages (no
notice; their "Edit this page" opens the translation they are about: `edit_url`) and `coursegen
validate` has nothing to check in them.
"""

from __future__ import annotations

from coursegen.content.course import ENGLISH, Course
from coursegen.pages.changes import FOLDER, changes_page, has_changes_page


def generated_pages(course: Course, languages: list[str]) -> dict[str, bytes]:
    """Staged path (<lang>/changes/<slug>.md) → the page's text, for the languages being built."""
    pages = {}
    for lang, slug in sorted(course.translations):
        if lang in languages and lang != ENGLISH and has_changes_page(course, lang, slug):
            pages[f"{lang}/{FOLDER}/{slug}.md"] = changes_page(course, lang, slug).encode("utf-8")
    return pages


def edit_url(course: Course, src_uri: str, repo_url: str | None, edit_uri: str) -> str | None:
    """ "Edit this page" on a changes page opens the translation it is about (None: not one)."""
    parts = src_uri.split("/")
    if len(parts) != 3 or parts[1] != FOLDER or not parts[2].endswith(".md"):
        return None
    translation = course.translations.get((parts[0], parts[2][: -len(".md")]))
    if translation is None or not repo_url:
        return None
    return f"{repo_url.rstrip('/')}/{edit_uri}{course.path(translation.readme)}"
