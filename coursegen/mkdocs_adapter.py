"""The only module that imports MkDocs: a plugin that feeds the course to MkDocs.

- on_config: load the course, stage it for the languages being built, point MkDocs at the
  staged folder, set the addresses from course.yml and the theme's interface language.
- on_page_markdown: render the page with coursegen.render (sandboxed, code-aware).
- on_page_context: "Edit this page" opens the repository file that produced the page.

Runs after mkdocs-static-i18n's own on_config, so it sees the language being built now (the
per-language config of a macro plugin is one language late; this reads it at the right time).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from markupsafe import escape

from .course import ENGLISH, Course, load_course
from .languages import get_language
from .macros import PageContext
from .problems import CourseError
from .render import render_page
from .site import SITE_PAGES, SourceMap, lesson_of, stage
from . import pages, reproducible
from .guard import title_as_html

log = get_plugin_logger(__name__)


class CoursePluginConfig(Config):
    root = config_options.Type(str, default=".")  # the course repository, relative to mkdocs.yml
    stage_dir = config_options.Type(str, default=".build/stage")


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def __init__(self) -> None:
        self.course: Course | None = None
        self.sources = SourceMap()
        self.texts: dict[str, str] = {}  # staged path -> the page's text as its file has it
        self.epoch = reproducible.EpochSetter()

    def _i18n(self, config: Any) -> Any:
        plugin = config.plugins.get("i18n")
        if plugin is None:
            raise PluginError("coursegen needs the mkdocs-static-i18n plugin ('i18n') in mkdocs.yml")
        return plugin

    def _root(self, config: Any) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    @event_priority(-200)
    def on_config(self, config: Any) -> Any:
        i18n = self._i18n(config)
        root = self._root(config)
        try:
            self.course = load_course(root)
        except CourseError as error:
            raise PluginError("the course has problems:\n" + str(error)) from None
        languages = [lang for lang in i18n.build_languages]
        for lang in i18n.all_languages:
            try:
                get_language(lang)
            except KeyError as error:
                raise PluginError(f"mkdocs.yml: {error.args[0]}") from None
        target = root / self.config.stage_dir
        self.sources = stage(self.course, sorted(set(languages) | {ENGLISH}), target)
        config.docs_dir = str(target)
        settings = self.course.config
        config.repo_url = settings.repository
        config.repo_name = "/".join(settings.repository.rstrip("/").split("/")[-2:])
        config.edit_uri = f"edit/{settings.branch}/"
        if settings.site_url:
            config.site_url = settings.site_url
        config.nav = self._navigation(i18n.current_language)
        self.epoch.set(self.course)  # reproducible output: dates from the tree, not the clock
        # Borrow the interface strings of a language the theme ships (it has none for sw, pcm, ...).
        config.theme["language"] = get_language(i18n.current_language).theme_language
        return config

    def _navigation(self, lang: str) -> list:
        """Home, the lessons in order under a translated heading, then the site's other pages."""
        assert self.course is not None
        lessons = sorted(self.course.lessons.values(), key=lambda lesson: lesson.number)
        pages = sorted(
            path.name for path in (self.course.root / SITE_PAGES / ENGLISH).glob("*.md") if path.name != "index.md"
        )
        return [
            "index.md",
            # The theme prints navigation titles unescaped: a translated label is text, not HTML.
            {str(escape(self.course.label(lang, "lessons"))): [f"{lesson.slug}/README.md" for lesson in lessons]},
            *pages,
        ]

    def _page_language(self, config: Any) -> str:
        return self._i18n(config).current_language

    # -- contributed pages: read and checked by coursegen.pages, never by MkDocs alone -------
    def on_page_read_source(self, page: Any, config: Any) -> str | None:
        """Read the page from its repository file: UTF-8 only, precise errors, no page settings.

        MkDocs would take leading `key: value` lines or a `---` block as page settings (title,
        template) and drop them from the text; the leading newline we add turns that off.
        """
        assert self.course is not None
        source = self.sources.get(page.file.src_uri)
        if source is None:
            return None
        try:
            text = pages.read_page(self.course, source.path)
        except CourseError as error:
            raise PluginError(str(error)) from None
        self.texts[page.file.src_uri] = text
        return "\n" + text

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        assert self.course is not None
        source = self.sources.get(page.file.src_uri)
        if source is None:
            try:
                ctx = PageContext(self.course, self._page_language(config), lesson_of(page.file.src_uri), ENGLISH)
                return render_page(markdown, ctx, page.file.src_uri)
            except CourseError as error:
                raise PluginError(str(error)) from None
        text = self.texts.get(page.file.src_uri, markdown)
        try:
            return pages.check_and_render(self.course, source, page.file.src_uri, self._page_language(config), text)
        except CourseError as error:
            raise PluginError(str(error)) from None

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        # The theme prints page.meta.title (else the heading's text) unescaped: give it HTML text.
        if page.title:
            page.meta["title"] = title_as_html(page.title)
        return html

    def on_page_context(self, context: dict, page: Any, config: Any, nav: Any) -> dict:
        source = self.sources.get(page.file.src_uri)
        if source is not None and config.repo_url:
            page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri}{source.path}"
        return context
