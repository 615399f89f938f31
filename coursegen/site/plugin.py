"""The MkDocs plugin that feeds the course to MkDocs: a file of hooks, each delegating to the
module of coursegen.site that owns its job.

Only coursegen.site imports MkDocs, Material, mkdocs-static-i18n or pymdown-extensions; every
change to their code is in coursegen.site.patches (applied when MkDocs imports this module, which
must be before it loads the i18n plugin: list `coursegen` before `i18n` in mkdocs.yml).

mkdocs-static-i18n builds the default language, then, in its on_post_build, every other language
with the same configuration: each hook runs once per language, and the hook priorities place ours
around its own (its on_config, on_files, on_nav and on_post_build run at -100, its on_page_context
at 50). The course is loaded and staged once per build, when the default language's build starts.

- the build: which languages (selection), the course loaded and staged (course_build), MkDocs'
  settings per language (site_config), the theme compiled and listed once (theme_cache);
- the pages: read, checked, rendered, notices and edit links (contributed), their language, hreflang and switcher (reader);
- search: an index per language (language_search); the 404 pages and sitemap (root_files);
- the preview: what `mkdocs serve` watches (serve), its first build in two processes (preview_split).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from coursegen.content.course import course_languages
from coursegen.content.languages import get_language
from coursegen.site import (
    course_build,
    patches,
    preview_split,
    reader,
    reproducible,
    root_files,
    selection,
    serve,
    site_config,
    theme_cache,
)
from coursegen.site.contributed import ContributedPages
from coursegen.site.language_search import LanguageSearch

# MkDocs imports this module when it loads the plugin, before it loads (and checks the languages
# of) the i18n plugin listed after it: one patch widens that check. Every language's template
# environment (and the search plugin's, made earlier in each build) shares the compiled theme.
patches.apply()
theme_cache.share_compiled_theme()


class CoursePluginConfig(Config):
    root = config_options.Type(str, default=".")  # the course repository, relative to mkdocs.yml
    stage_dir = config_options.Type(str, default=".build/stage")  # relative to root, or absolute
    # Build only these languages (and the default one); `coursegen build` sets these two options on
    # each group's loaded configuration. Empty: every language of the i18n plugin.
    languages = config_options.ListOfItems(config_options.Type(str), default=[])
    skip_default_pages = config_options.Type(bool, default=False)  # another build makes them
    # A deploy (`coursegen build`, make site) withholds a translated page that breaks the output
    # rules: its address shows the English page with a notice. `mkdocs build --strict` and
    # `coursegen check` / `validate` (the pull-request gate) stay strict.
    withhold = config_options.Type(bool, default=False)
    listed_stage = config_options.Type(bool, default=False)  # a build's own stage: listed, not copied (builds only)


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.serve_languages: list[str] = []
        self.build: course_build.CourseBuild | None = None  # the build under way
        self.search = LanguageSearch(None)
        self.preview_entries: dict[str, list[dict]] = {}  # a preview's search entries, across rebuilds
        self.epoch = reproducible.EpochSetter()
        self.files_being_built: Files | None = None  # the language being built (let go once written)
        self.first_build = True  # (a preview's first build may be split: preview_split)
        self.split: preview_split.Split | None = None  # the split first build under way

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Once per process (MkDocs then keeps this plugin for every rebuild of `mkdocs serve`)."""
        self.command, self.dirty = command, dirty
        # The user's SOURCE_DATE_EPOCH as this command starts (MkDocs reuses a plugin object
        # across commands run in one process, so __init__ may have seen another command's).
        self.epoch = reproducible.EpochSetter()
        self.serve_languages = selection.serve_languages(command)

    # -- the build ---------------------------------------------------------------------------------

    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def _lang(self, config: MkDocsConfig) -> str:
        return selection.i18n_plugin(config).current_language

    def _build(self) -> course_build.CourseBuild:
        if self.build is None:
            raise RuntimeError("coursegen: a build hook ran before on_config")
        return self.build

    def _pages(self) -> ContributedPages:
        pages = self._build().pages
        assert pages is not None
        return pages

    @event_priority(100)  # before mkdocs-static-i18n's, which reads the languages
    def _declare_languages(self, config: MkDocsConfig) -> MkDocsConfig:
        """The languages of the course's folders (translations/<lang>/, docs/<lang>/) join the
        default language of mkdocs.yml: adding a language is adding its folder."""
        languages = course_languages(self._root(config))
        patches.declare_languages(selection.i18n_plugin(config), [(code, get_language(code).native_name) for code in languages])
        return config

    @event_priority(-200)  # after mkdocs-static-i18n's: the language being built is set
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = selection.i18n_plugin(config)
        lang = i18n.current_language
        if lang == i18n.default_language:  # a build starts (the other languages follow)
            patches.check_plugin_order(list(config.plugins), "coursegen", "i18n")
            root = self._root(config)
            preview = self.command == "serve" and self.dirty
            chosen = selection.select(i18n, self.config.languages or self.serve_languages, self.config.skip_default_pages, preview)
            not_found = config.validation.links.not_found
            stage_root, listed = root / self.config.stage_dir, self.config.listed_stage and self.command == "build"
            self.build = course_build.start(root, stage_root, chosen, self.dirty, not_found, self.config.withhold, listed)
            self.search = LanguageSearch(self.preview_entries if chosen.preview else None)
            theme_cache.start(config.theme, root, preview=self.command == "serve")
            if self.first_build and preview_split.worth_it(self.build):
                self.split = preview_split.fork(config, self.build)
            self.first_build = False
        build = self._build()
        self.search.start_language(config)
        selection.build_flags(i18n, {build.selection.default, lang})
        home_only = build.selection.skips_pages(lang)
        site_config.configure(config, build.course, lang, build.stage_root / lang, home_only, build.links_not_found)
        if self.config.withhold:
            # A deploy: a translation's link to an anchor its own headings do not have (its words
            # differ from the English ones) is the translators' to fix (check), not a stopped site.
            config.validation.links.anchors = logging.INFO
        self.epoch.set(build.course)  # reproducible output: dates from the tree, not the clock
        return config

    on_config = CombinedEvent(_declare_languages, _configure)

    @event_priority(-150)  # after mkdocs-static-i18n chose each page's language
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = self._build()
        if build.selection.skips_pages(self._lang(config)):
            files = selection.drop_default_pages(files, build.selection.default)
        files = selection.point_at_sources(files, build.listed, build.course.root, config)
        files = selection.reuse_copied_files(files, config, build.copied, first=self._lang(config) == build.selection.default)
        self.files_being_built = files
        return files

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        build = self._build()
        reader.template_globals(env, build.course, self._lang(config), build.selection.default)
        self.search.use_theme_strings(env, config)
        return env

    # -- the pages ---------------------------------------------------------------------------------

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self._pages().read(page)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._pages().render(markdown, page, config, self._lang(config))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        html = self._pages().published_html(html, page, config, self._lang(config))
        return reader.page_html(html, page, self._pages().shown_source(page.file.src_uri), self._lang(config))

    @event_priority(-100)  # after mkdocs-static-i18n has set this page's language switcher
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        build = self._build()
        self._pages().set_edit_url(page, config)
        reader.language_links(context, page, config, build.course, build.selection, self._lang(config))
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        build = self._build()
        output = self._pages().restore_html(output, page)
        return self.search.page(output, config, self._lang(config), build.selection.default, page.file.src_uri)

    # -- the files that are not pages: 404 per language, sitemap ------------------------------------

    def on_pre_template(self, template: jinja2.Template, *, template_name: str, config: MkDocsConfig) -> jinja2.Template:
        return root_files.before(template, template_name, config, self._build(), self._lang(config))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return root_files.after(output_content, template_name, config, self._build(), self._lang(config), self.search)

    # -- the end of each language's build (static-i18n's, at -100, builds the others) --------------

    @event_priority(60)  # the language's pages are written: before static-i18n builds the others
    def _release_written_pages(self, config: MkDocsConfig) -> None:
        if self.files_being_built is not None:
            patches.release_written_pages(self.files_being_built)
            self.files_being_built = None

    @event_priority(50)  # before the search plugin writes its index and static-i18n merges them
    def _keep_search_index(self, config: MkDocsConfig) -> None:
        self.search.keep(config, self._lang(config), self._build().selection.default)

    @event_priority(-50)  # before mkdocs-static-i18n starts building the other languages
    def _build_the_others(self, config: MkDocsConfig) -> None:
        i18n = selection.i18n_plugin(config)
        if i18n.current_language == i18n.default_language:
            selection.build_flags(i18n, self._build().selection.built)

    @event_priority(-150)  # after mkdocs-static-i18n wrote its merged index
    def _write_search_index(self, config: MkDocsConfig) -> None:
        self.search.write(Path(config.site_dir), self._build().selection.default)

    @event_priority(-150)
    def _quiet_theme_sitemap_lookups(self, config: MkDocsConfig) -> None:
        patches.quiet_sitemap_lookups(Path(config.site_dir))

    @event_priority(-200)  # the last: this process's languages are written (static-i18n's, at -100)
    def _take_english_pages(self, config: MkDocsConfig) -> None:
        if self.split is not None and not selection.i18n_plugin(config).building:  # (building: one of its languages)
            preview_split.finish(self.split, Path(config.site_dir), self.preview_entries, self._build().selection.default)
            self.split = None

    on_post_build = CombinedEvent(
        _release_written_pages,
        _keep_search_index,
        _build_the_others,
        _write_search_index,
        _quiet_theme_sitemap_lookups,
        _take_english_pages,
    )

    def on_shutdown(self) -> None:
        if self.split is not None:  # a split first build failed part-way
            preview_split.stop(self.split)

    # -- the preview -------------------------------------------------------------------------------

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable) -> LiveReloadServer:
        return serve.watch_sources(server, config, self._root(config), self._build().selection)
