"""The only module that imports MkDocs: a plugin that feeds the course to MkDocs.

- on_config: load the course once, stage each language being built in its own folder, point
  MkDocs at it, set the addresses from course.yml and the theme's interface language.
- on_page_read_source / on_page_markdown: read, check and render the page with coursegen.pages.prepare
  (sandboxed, code-aware), then add the outdated / fallback notice.
- on_page_context: "Edit this page" opens the repository file that produced the page.
- Builds of a few languages (coursegen/build.py runs groups in parallel) and the one-language
  preview (`make serve ONLY=ms`): environment variables below, and on_serve.
- The reader's side (the methods after "the reader's pages" below): the page's real language in
  <html lang>, hreflang links and a language switcher computed from the content model, a search
  index per language, a 404 page per language, and a sitemap with alternates.

Runs after mkdocs-static-i18n's own on_config, so it sees the language being built now (the
per-language config of a macro plugin is one language late; this reads it at the right time).
"""

from __future__ import annotations

import gc
import json
import os
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

import jinja2
import watchdog.observers
from jinja2.bccache import BytecodeCache, Bucket, FileSystemBytecodeCache
from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent

from coursegen.site import alternates, changes

from coursegen.site import highlight_cache

from coursegen.site import material_search

from coursegen.pages import prepare as pages

from coursegen.site import reproducible

from coursegen.site import search_index
from coursegen.content.course import ENGLISH, Course, load_course
from coursegen.pages.guard import title_as_html
from coursegen.content.languages import get_language
from coursegen.pages.context import PageContext, restore_html_blocks
from coursegen.pages.notices import GUIDE_PAGE, START_ANCHOR, UPDATE_ANCHOR, NoticeLinks, insert_notice, page_notice
from coursegen.problems import CourseError
from coursegen.pages.render import render_page
from coursegen.content.sources import REPOSITORY_PAGES, SITE_PAGES, SourceMap, lesson_of
from coursegen.site.stage import BYTECODE_DIR, stage_per_language

log = get_plugin_logger(__name__)

# -- every upstream language code must build --------------------------------------------------
# mkdocs-static-i18n 1.3.1 accepts only two-letter language subtags and so rejects `pcm`
# (Nigerian Pidgin); upstream pull request #348 widens its check. Until a release has it, accept
# two- or three-letter subtags. MkDocs loads this module before it checks the i18n plugin's
# options, as long as `coursegen` is listed before `i18n` in mkdocs.yml.
import mkdocs_static_i18n.config as _i18n_config  # noqa: E402

_i18n_config.RE_LOCALE = re.compile(r"(^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")


LANGUAGES_VARIABLE = "COURSEGEN_LANGUAGES"  # build only these languages (and English)
STAGE_DIR_VARIABLE = "COURSEGEN_STAGE_DIR"  # where to stage, when several builds run at once
SKIP_DEFAULT_VARIABLE = "COURSEGEN_SKIP_DEFAULT"  # another build provides the default language
GC_THRESHOLDS = (20_000, 20, 1_000)  # young objects before a collection; rarer older collections
DIRTY_FLAGS = {"--dirty", "--dirtyreload"}  # how mkdocs-static-i18n also tells a preview's rebuilds
WATCHED = ("course.yml", "lessons", "translations", "docs", "data", "macros", "CONTRIBUTING.md")


# The theme's script looks up a sitemap beside every element this selects (see below).
THEME_ALTERNATES_SELECTOR = '"link[rel=alternate]"'
NO_ALTERNATES_SELECTOR = '"link[rel=alternate][data-coursegen-none]"'
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


class CoursePluginConfig(Config):
    root = config_options.Type(str, default=".")  # the course repository, relative to mkdocs.yml
    stage_dir = config_options.Type(str, default=".build/stage")


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def __init__(self) -> None:
        self.course: Course | None = None
        self.sources = SourceMap()
        # (language, index JSON) of the builds under way: mkdocs-static-i18n runs the other
        # languages' builds inside the default language's post_build, so they nest.
        self._search_indexes: list[tuple[str, str]] = []
        self._search_label = ""  # the theme's word for "Search", in the language being built
        self._theme_strings: Any = None  # the theme's interface strings (its `t`), same language
        self._preview = False  # a one-language preview (make serve ONLY=ms): see on_config
        self._all_languages: tuple[list[str], str] | None = None
        self.texts: dict[str, str] = {}  # staged path -> the page's text as its file has it
        self.epoch = reproducible.EpochSetter()
        self._html_blocks: dict[str, list[str]] = {}  # page -> its macros' HTML, until on_page_content

    def _i18n(self, config: Any) -> Any:
        plugin = config.plugins.get("i18n")
        if plugin is None:
            raise PluginError("coursegen needs the mkdocs-static-i18n plugin ('i18n') in mkdocs.yml")
        return plugin

    def _root(self, config: Any) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    @event_priority(-200)
    def on_config(self, config: Any) -> Any:
        i18n = self._i18n_plugin = self._i18n(config)
        self._default_language = i18n.default_language
        root = self._root(config)
        if self.course is None:  # the first language of this build: load and stage once
            # A build allocates millions of short-lived objects (Markdown trees, template output)
            # beside a large long-lived heap (the course, compiled templates); Python's default
            # collector thresholds rescan that heap often: a tenth of a full-scale build's time.
            gc.set_threshold(*GC_THRESHOLDS)
            highlight_cache.install()  # a lesson's code is coloured once, not once per language
            for lang in i18n.all_languages:
                try:
                    get_language(lang)
                except KeyError as error:
                    raise PluginError(f"mkdocs.yml: {error.args[0]}") from None
            languages = self._select_languages(i18n)
            try:
                # A build of a few languages still reads every language's translations: the
                # switcher and the status page tell which pages each language has translated.
                # A preview (`make serve ONLY=ms`) reads only its own, to start and rebuild fast.
                self._preview = bool(DIRTY_FLAGS & set(sys.argv)) and bool(os.environ.get(LANGUAGES_VARIABLE))
                self.course = load_course(root, set(languages) if self._preview else None)
            except CourseError as error:
                raise PluginError("the course has problems:\n" + str(error)) from None
            self._stage_root = Path(os.environ.get(STAGE_DIR_VARIABLE) or root / self.config.stage_dir)
            self.sources = stage_per_language(self.course, languages, self._stage_root)
            if DIRTY_FLAGS & set(sys.argv):
                self._mark_pages_changed_if_inputs_changed(root)
            self._list_theme_once(config.theme)
            THEME_BYTECODE.keep_on_disk(root / BYTECODE_DIR)
        config.docs_dir = str(self._stage_root / i18n.current_language)
        search = self._search_plugin(config)
        if search is not None:  # its on_config (earlier) made this language's index
            material_search.use_lxml(search.search_index)
        self._build_flags(i18n, {i18n.default_language, i18n.current_language})
        settings = self.course.config
        config.repo_url = settings.repository
        config.repo_name = "/".join(settings.repository.rstrip("/").split("/")[-2:])
        config.edit_uri = f"edit/{settings.branch}/"
        if settings.site_url:
            config.site_url = settings.site_url
        config.nav = ["index.md"] if self._skip_default_pages(i18n) else self._navigation(i18n.current_language)
        self.epoch.set(self.course)  # reproducible output: dates from the tree, not the clock
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
            # The theme prints navigation titles unescaped: a translated label is text, not HTML.
            {str(escape(self.course.label(lang, "lessons"))): [f"{lesson.slug}/README.md" for lesson in lessons]},
            *pages,
        ]

    def _page_language(self, config: Any) -> str:
        return self._i18n(config).current_language

    # -- contributed pages: read and checked by coursegen.pages.prepare, never by MkDocs alone -------
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
        lang = self._page_language(config)
        try:
            rendered = pages.check_and_render(
                self.course, source, page.file.src_uri, lang, text, self._html_blocks.setdefault(page.file.src_uri, [])
            )
        except CourseError as error:
            raise PluginError(str(error)) from None
        notice = page_notice(self.course, lang, source.lang, lesson_of(page.file.src_uri), notice_links(page, config, lang))
        return insert_notice(rendered, notice)

    @event_priority(-100)  # after the i18n plugin has set this page's language switcher
    def on_page_context(self, context: dict, page: Any, config: Any, nav: Any) -> dict:
        source = self.sources.get(page.file.src_uri)
        if source is not None and config.repo_url:
            page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri}{source.path}"
        elif source is None:  # a generated changes page (issue 15) edits its translation; other generated pages nothing
            page.edit_url = changes.edit_url(self.course, page.file.src_uri, config.repo_url, config.edit_uri)
        self._language_links(context, page, config)
        return context

    # -- the reader's pages: language, alternates, search, 404, sitemap ---------------------------
    # Runs after mkdocs-static-i18n's hooks of the same events (they have higher priorities), so
    # what is set here wins over its defaults.

    def _languages(self, config: Any) -> tuple[list[str], str]:
        """Every configured language and the default one (fixed for the build; the i18n plugin
        recomputes them on each request, and pages ask often)."""
        if self._all_languages is None:
            i18n = self._i18n(config)
            self._all_languages = (list(i18n.all_languages), i18n.default_language)
        return self._all_languages

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        """The page's real language for the templates (docs/overrides/partials/language.html)."""
        assert self.course is not None
        env.bytecode_cache = THEME_BYTECODE  # a new environment per language: compile the theme once
        lang = self._page_language(config)
        course = self.course
        env.globals["course_lang"] = lang
        env.globals["course_dir"] = get_language(lang).direction
        env.globals["course_label"] = lambda key: course.label(lang, key)
        env.globals["course_home"] = "" if lang == self._languages(config)[1] else f"{lang}/"
        self._theme_strings = env.get_template("partials/language.html").make_module({"config": config})
        self._search_label = self._theme_strings.t("search")
        return env

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        """Escape the title for the theme; mark the text of an English fallback page as English."""
        # The theme prints page.meta.title (else the heading's text) unescaped: give it HTML text.
        if page.title:
            page.meta["title"] = title_as_html(page.title)
        source = self.sources.get(page.file.src_uri)
        lang = self._page_language(config)
        if source is None or source.lang == lang:
            return html
        language = get_language(source.lang)
        return f'<div lang="{language.code}" dir="{language.direction}">\n{html}\n</div>'

    @staticmethod
    def _set_alternate(config: Any, links: list[alternates.Alternate]) -> None:
        # mkdocs-static-i18n sets extra.alternate as an attribute, which templates read before
        # the mapping's item: set both.
        config.extra["alternate"] = links
        config.extra.alternate = links

    def _language_links(self, context: dict, page: Any, config: Any) -> None:
        """hreflang links (extra.alternate, which the theme prints in <head>) and the switcher.

        The hreflang links are absolute when site_url is set; the switcher's links stay relative
        so that a local preview switches languages locally.
        """
        assert self.course is not None
        languages, default = self._languages(config)
        key = alternates.key_of_url(page.url, self._page_language(config), default)
        # The templates read the Alternate objects' attributes (faster than a dict's keys, which
        # the template engine finds only after a failed attribute lookup: 110 links per page).
        self._set_alternate(config, alternates.alternates(self.course, key, languages, config.site_url or None, default))
        context["course_switcher"] = [
            link for link in alternates.alternates(self.course, key, languages, None, default) if link.lang != "x-default"
        ]

    def _point_search_at_language(self, output: str, lang: str, default: str) -> str:
        """Make the theme's scripts load this language's index: its "base" becomes the language root."""
        if lang == default:
            return output
        start_tag = '<script id="__config" type="application/json">'
        start = output.find(start_tag)
        end = output.find("</script>", start)
        if start < 0 or end < 0:
            return output
        settings = json.loads(output[start + len(start_tag):end])
        settings["base"] = posixpath.join(settings["base"], lang) + "/"
        text = json.dumps(settings, ensure_ascii=False)
        # As in the theme's own tojson: no "</script>" can end the element early.
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return output[: start + len(start_tag)] + text + output[end:]

    def _name_search_dialog(self, output: str) -> str:
        """The theme's search box is a dialog without a name: screen readers announce nothing."""
        if SEARCH_DIALOG not in output or not self._search_label:
            return output
        label = self._search_label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        return output.replace(SEARCH_DIALOG, f'{SEARCH_DIALOG[:-1]} aria-label="{label}">', 1)

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        # The macros' HTML (cards, tables, charts) goes back in last: the search index holds the
        # lesson's own text, not every card's labels again (and parsing them cost a third of a build).
        output = restore_html_blocks(output, self._html_blocks.pop(page.file.src_uri, []))
        languages, default = self._languages(config)
        output = self._name_search_dialog(output)
        return self._point_search_at_language(output, self._page_language(config), default)

    def on_pre_template(self, template: Any, template_name: str, config: Any) -> Any:
        """Pages without a page of their own (404) offer the home page in each language."""
        assert self.course is not None
        languages, default = self._languages(config)
        if template_name == "sitemap.xml" and (
            self._page_language(config) != default or self._preview or self._skip_default_pages(self._i18n_plugin)
        ):
            # One sitemap for the whole site, from the default language's build (on_post_template):
            # the others write none, so need not render the theme's (it lists every page); nor
            # does a group whose English pages (and root files) another group builds, nor a
            # one-language preview.
            return EMPTY_TEMPLATE
        self._set_alternate(config, [
            link for link in alternates.alternates(self.course, "", languages, None, default) if link.lang != "x-default"
        ])
        return template

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        """404.html: one per language under its root. sitemap.xml: once, from the content model."""
        assert self.course is not None
        languages, default = self._languages(config)
        lang = self._page_language(config)
        if template_name == "sitemap.xml":
            # (Empty when on_pre_template skipped the theme's: no sitemap from this build.)
            return alternates.sitemap_xml(self.course, languages, config.site_url or None, default) if output_content else ""
        if template_name == "404.html":
            output = self._point_search_at_language(self._name_search_dialog(output_content), lang, default)
            if lang == default:
                return output
            target = Path(config.site_dir) / lang / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output, encoding="utf-8")
            return ""  # MkDocs writes nothing when a template's output is empty
        return output_content

    def _search_plugin(self, config: Any) -> Any:
        for name in ("material/search", "search"):
            plugin = config.plugins.get(name)
            if plugin is not None and hasattr(plugin, "search_index"):
                return plugin
        return None

    @event_priority(50)  # before the search plugin writes its index and mkdocs-static-i18n merges them
    def _keep_search_index(self, config: Any) -> None:
        """Make this language's search index from the search plugin's entries, then empty them.

        The search plugin would write the same entries with the wrong language settings, and
        mkdocs-static-i18n would gather every language's entries into one index and look for
        duplicates among them (a cost of languages × pages); both are written over by ours."""
        plugin = self._search_plugin(config)
        if plugin is None:
            return
        lang = self._page_language(config)
        theme = self._theme_strings  # (on_env made them for this language's build)
        pipeline = [step for step in re.split(r"\s*,\s*", theme.t("search.config.pipeline").strip()) if step]
        settings = search_index.search_config(get_language(lang), theme.t("search.config.separator"), pipeline, plugin.config.fields)
        segmenter = search_index.chinese_cutter() if settings["separator"] == search_index.CHINESE_SEPARATOR else None
        if settings["separator"] == search_index.CHINESE_SEPARATOR and segmenter is None:
            # A strict build stops here: uncut, the index would find only whole sentences.
            log.warning(f"{lang}: search cannot cut Chinese text into words: rjieba is not installed (pip install -r requirements.lock)")
        entries = list(plugin.search_index.entries)
        if self._preview:  # a rebuild after a save indexes only the pages it rebuilt
            entries = PREVIEW_SEARCH_ENTRIES[lang] = search_index.merge_rebuilt(PREVIEW_SEARCH_ENTRIES.get(lang, []), entries)
        index = search_index.build_index(entries, lang, settings, segmenter, self._languages(config)[1])
        self._search_indexes.append((lang, index))
        plugin.search_index.entries.clear()

    @event_priority(-150)
    def _write_search_index(self, config: Any) -> None:
        """Write this language's index last, over the merged one mkdocs-static-i18n writes."""
        if not self._search_indexes:
            return
        lang, index = self._search_indexes.pop()
        target = Path(config.site_dir) / search_index.index_path(lang, self._languages(config)[1])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(index, encoding="utf-8")

    @event_priority(-150)
    def _quiet_theme_sitemap_lookups(self, config: Any) -> None:
        """Stop the theme's scripts from fetching "sitemap.xml" next to every hreflang link.

        The theme expects its alternate links to be language roots and looks for a sitemap
        beside each, to map the page to the other language. Our links are the page itself in each
        language (and so is the switcher), so every page view would request one missing
        <page>/sitemap.xml per language: 404s in the console and wasted requests. The theme's
        selector for those links is made to match nothing.
        """
        for bundle in sorted((Path(config.site_dir) / "assets" / "javascripts").glob("bundle.*.min.js")):
            text = bundle.read_text(encoding="utf-8")
            if THEME_ALTERNATES_SELECTOR in text:
                bundle.write_text(text.replace(THEME_ALTERNATES_SELECTOR, NO_ALTERNATES_SELECTOR), encoding="utf-8")
            elif NO_ALTERNATES_SELECTOR not in text:
                raise PluginError(f"{bundle.name}: the theme's script changed; check coursegen's sitemap lookup patch")

    @event_priority(-50)  # before mkdocs-static-i18n starts building the other languages
    def _build_the_others(self, config: Any) -> None:
        i18n = self._i18n_plugin
        if i18n.current_language == i18n.default_language:
            self._build_flags(i18n, self._selected)

    on_post_build = CombinedEvent(_keep_search_index, _build_the_others, _write_search_index, _quiet_theme_sitemap_lookups)

    # -- builds of some languages, in parallel or on separate machines (coursegen/build.py) --------
    # `coursegen build` runs one MkDocs build per group of languages and merges their folders, so
    # nothing a page or root file shows may depend on which other languages this process built
    # (the switcher, hreflang, sitemap and search indexes above come from the content model).

    def _select_languages(self, i18n: Any) -> list[str]:
        """Build only the languages named in COURSEGEN_LANGUAGES (and English, the fallback)."""
        wanted = os.environ.get(LANGUAGES_VARIABLE, "").replace(",", " ").split()
        if wanted:
            unknown = [code for code in wanted if code not in i18n.all_languages]
            if unknown:
                raise PluginError(
                    f"{LANGUAGES_VARIABLE}: {', '.join(unknown)} not among the languages of mkdocs.yml "
                    f"({', '.join(i18n.all_languages)})"
                )
        self._selected = {code for code in i18n.build_languages if not wanted or code in wanted} | {i18n.default_language}
        return sorted(self._selected)

    @staticmethod
    def _build_flags(i18n: Any, languages: set[str]) -> None:
        """Which languages mkdocs-static-i18n believes it builds. While it builds one language it
        relates every file to every language it builds (a cost of languages × files per build):
        then only the default language and this one; all selected ones when it starts building
        the others, at the end of the default language's build."""
        for language in i18n.config.languages:
            language.build = language.locale in languages

    @staticmethod
    def _list_theme_once(theme: Any) -> None:
        """Every language's build lists the theme's files (thousands of icons) to copy its assets:
        list them once per process. MkDocs calls list_templates only for that."""
        make_env = theme.get_env

        def get_env() -> Any:
            env = make_env()
            listing = env.list_templates

            def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
                # (i18n adds its sitemap folder to the theme's folders again for each language)
                key = (tuple(dict.fromkeys(theme.dirs)), tuple(sorted(theme.static_templates)), extensions)
                if key not in THEME_LISTINGS:
                    THEME_LISTINGS[key] = listing(extensions, filter_func)
                return THEME_LISTINGS[key]

            env.list_templates = list_templates
            return env

        theme.get_env = get_env

    def _mark_pages_changed_if_inputs_changed(self, root: Path) -> None:
        """A preview's rebuild renders only the pages whose staged file changed. Model facts,
        macros, interface strings, lesson.yml and the theme's overrides shape every page: when
        one of them changed since the last build, mark every staged page changed."""
        inputs = [root / "course.yml", *(path for name in ("data", "macros", "docs/overrides") for path in (root / name).rglob("*"))]
        inputs += [*(root / "lessons").rglob("*.yml"), *(root / "translations").rglob("*.yml")]
        newest = max((path.stat().st_mtime for path in inputs if path.is_file()), default=0.0)
        stamp = self._stage_root / ".inputs-stamp"
        if stamp.is_file() and float(stamp.read_text() or 0) < newest:
            for page in self._stage_root.rglob("*.md"):
                if not page.is_symlink():
                    os.utime(page)
        stamp.write_text(repr(newest))

    def _skip_default_pages(self, i18n: Any) -> bool:
        """A group whose default-language pages another group provides (COURSEGEN_SKIP_DEFAULT)
        builds only that language's home page: the engine cannot build the others without it."""
        return bool(os.environ.get(SKIP_DEFAULT_VARIABLE)) and i18n.current_language == i18n.default_language

    @event_priority(-150)  # after mkdocs-static-i18n chose each page's language
    def on_files(self, files: Any, config: Any) -> Any:
        if self._skip_default_pages(self._i18n_plugin):
            for file in files.documentation_pages():
                if file.src_uri != f"{self._default_language}/index.md":
                    files.remove(file)
        return files

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        """Rebuild when a source changes; never watch the staged copy (a build writes it).

        MkDocs polls the files twice a second; the system's file events (inotify, ...) tell a
        save at once, which matters when the rebuild itself takes well under a second."""
        watched = [path for path in server._watched_paths if path != os.path.abspath(config.docs_dir)]
        for path in list(server._watched_paths):
            server.unwatch(path)
        server.observer = _ChangesObserver()
        root = self._root(config)
        for path in [*watched, *(str(root / name) for name in WATCHED if (root / name).exists())]:
            server.watch(path)
        return server


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


class _ChangesObserver(watchdog.observers.Observer):  # type: ignore[misc, valid-type]
    """File events for changes only: the system also reports files merely opened and read, and
    the build reads every source, so each build would start another."""

    CHANGES = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]

    def schedule(self, event_handler: Any, path: str, recursive: bool = False, event_filter: Any = None) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or self.CHANGES)


class _ThemeBytecodeCache(BytecodeCache):
    """Compiled theme templates (keyed by name and source checksum), kept in memory for the whole
    process (each language's build makes a new environment) and on disk for the next process
    (a preview then starts without compiling the theme). Jinja writes the files atomically, so
    parallel builds may share the folder."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        self.disk: FileSystemBytecodeCache | None = None

    def keep_on_disk(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.disk = FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)  # leaves bucket.code None if the source changed
            if bucket.code is not None:
                self.compiled[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)


THEME_BYTECODE = _ThemeBytecodeCache()
PREVIEW_SEARCH_ENTRIES: dict[str, list[dict]] = {}  # a preview's search entries by language, across rebuilds
EMPTY_TEMPLATE = jinja2.Environment().from_string("")  # MkDocs writes no file for an empty output
THEME_LISTINGS: dict[tuple, list[str]] = {}
