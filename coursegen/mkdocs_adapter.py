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

from .course import ENGLISH, Course, load_course
from .languages import get_language
from .macros import PageContext
from .notices import GUIDE_PAGE, START_ANCHOR, UPDATE_ANCHOR, NoticeLinks, insert_notice, page_notice
from .problems import CourseError
from .render import render_page
from .site import REPOSITORY_PAGES, SITE_PAGES, SourceMap, lesson_of, stage

log = get_plugin_logger(__name__)


class CoursePluginConfig(Config):
    root = config_options.Type(str, default=".")  # the course repository, relative to mkdocs.yml
    stage_dir = config_options.Type(str, default=".build/stage")


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def __init__(self) -> None:
        self.course: Course | None = None
        self.sources = SourceMap()

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
        # Borrow the interface strings of a language the theme ships (it has none for sw, pcm, ...).
        config.theme["language"] = theme_language(config, get_language(i18n.current_language).theme_language)
        return config

    def _navigation(self, lang: str) -> list:
        """Home, the lessons in order under a translated heading, then the site's other pages."""
        assert self.course is not None
        lessons = sorted(self.course.lessons.values(), key=lambda lesson: lesson.number)
        pages = sorted(
            {path.name for path in (self.course.root / SITE_PAGES / ENGLISH).glob("*.md") if path.name != "index.md"}
            | {name for name, source in REPOSITORY_PAGES.items() if (self.course.root / source).is_file()}
        )
        return [
            "index.md",
            {self.course.label(lang, "lessons"): [f"{lesson.slug}/README.md" for lesson in lessons]},
            *pages,
        ]

    def _page_language(self, config: Any) -> str:
        return self._i18n(config).current_language

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        assert self.course is not None
        source = self.sources.get(page.file.src_uri)
        shown = source.path if source else page.file.src_uri
        ctx = PageContext(
            course=self.course,
            lang=self._page_language(config),
            lesson=lesson_of(page.file.src_uri),
            source_lang=source.lang if source else ENGLISH,
        )
        try:
            rendered = render_page(markdown, ctx, shown)
        except CourseError as error:
            raise PluginError(str(error)) from None
        notice = page_notice(self.course, ctx.lang, ctx.source_lang, ctx.lesson, notice_links(page, config, ctx.lang))
        return insert_notice(rendered, notice)

    @event_priority(-100)  # after the i18n plugin has set this page's language switcher
    def on_page_context(self, context: dict, page: Any, config: Any, nav: Any) -> dict:
        source = self.sources.get(page.file.src_uri)
        if source is not None and config.repo_url:
            page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri}{source.path}"
        self._relative_alternates(config)
        return context

    def _relative_alternates(self, config: Any) -> None:
        """Make the language switcher's links to home pages relative, like every other link.

        mkdocs-static-i18n leaves them as absolute paths ("/ms/"), computed before site_url is
        known, which miss a GitHub Pages project sub-path (/<repo>/ms/).
        """
        i18n = self._i18n(config)
        # i18n sets them as an attribute of config.extra, which templates read before its items
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
        for alternate in alternates:
            if alternate.get("link", "").startswith("/"):
                alternate["link"] = i18n.get_language_config(alternate["lang"]).link.lstrip("/") or "./"

# -- notices and the theme's language (translators' workflow) ------------------------------------


def theme_language(config: Any, wanted: str) -> str:
    """The theme's interface language, or English when the theme has no strings for `wanted`
    (a stock build stops with TemplateNotFound on such a language)."""
    for folder in config.theme.dirs:
        if (Path(folder) / "partials" / "languages" / f"{wanted}.html").is_file():
            return wanted
    log.info("the theme has no interface strings for '%s': using English ones", wanted)
    return ENGLISH


def notice_links(page: Any, config: Any, lang: str) -> NoticeLinks:
    """Addresses a notice links to, relative to the page (works under any site sub-path)."""
    url = page.url or ""
    parts = [part for part in url.split("/") if part]
    depth = len(parts) if url.endswith("/") or not url else len(parts) - 1
    to_root = "../" * depth or "./"
    prefix = f"{lang}/"
    english_path = url[len(prefix):] if lang != ENGLISH and url.startswith(prefix) else url
    guide = GUIDE_PAGE + ("/" if config.use_directory_urls else ".html")
    guide = to_root + (prefix if lang != ENGLISH else "") + guide
    return NoticeLinks(english=to_root + english_path, update_guide=f"{guide}#{UPDATE_ANCHOR}", start_guide=f"{guide}#{START_ANCHOR}")
