"""The only module that imports MkDocs: a plugin that feeds the course to MkDocs.

- on_config: load the course, stage it for the languages being built, point MkDocs at the
  staged folder, set the addresses from course.yml and the theme's interface language.
- on_page_markdown: render the page with coursegen.render (sandboxed, code-aware).
- on_page_context: "Edit this page" opens the repository file that produced the page.

Runs after mkdocs-static-i18n's own on_config, so it sees the language being built now (the
per-language config of a macro plugin is one language late; this reads it at the right time).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import watchdog.observers
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent
from jinja2 import ChoiceLoader, DictLoader
from jinja2.bccache import BytecodeCache, Bucket

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .course import ENGLISH, Course, load_course
from .languages import get_language
from .macros import PageContext, restore_html_blocks
from .problems import CourseError
from .render import render_page
from .site import SITE_PAGES, SourceMap, lesson_of, stage_per_language

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
ROOT_ONLY_TEMPLATES = {"404.html", "sitemap.xml"}
DIRTY_FLAGS = {"--dirty", "--dirtyreload"}  # how mkdocs-static-i18n also tells a preview's rebuilds
WATCHED = ("course.yml", "lessons", "translations", "docs", "data", "macros")


class CoursePluginConfig(Config):
    root = config_options.Type(str, default=".")  # the course repository, relative to mkdocs.yml
    stage_dir = config_options.Type(str, default=".build/stage")


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def __init__(self) -> None:
        self.course: Course | None = None
        self.sources = SourceMap()
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
            for lang in i18n.all_languages:
                try:
                    get_language(lang)
                except KeyError as error:
                    raise PluginError(f"mkdocs.yml: {error.args[0]}") from None
            languages = self._select_languages(i18n)
            try:
                self.course = load_course(root, set(languages) if os.environ.get(LANGUAGES_VARIABLE) else None)
            except CourseError as error:
                raise PluginError("the course has problems:\n" + str(error)) from None
            self._stage_root = Path(os.environ.get(STAGE_DIR_VARIABLE) or root / self.config.stage_dir)
            self.sources = stage_per_language(self.course, languages, self._stage_root)
            if DIRTY_FLAGS & set(sys.argv):
                self._mark_pages_changed_if_inputs_changed(root)
            self._list_theme_once(config.theme)
        config.docs_dir = str(self._stage_root / i18n.current_language)
        self._build_flags(i18n, {i18n.default_language, i18n.current_language})
        settings = self.course.config
        config.repo_url = settings.repository
        config.repo_name = "/".join(settings.repository.rstrip("/").split("/")[-2:])
        config.edit_uri = f"edit/{settings.branch}/"
        if settings.site_url:
            config.site_url = settings.site_url
        config.nav = self._navigation(i18n.current_language)
        if self._skip_default_pages(i18n):
            config.nav = ["index.md"]
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
            html_blocks=self._html_blocks.setdefault(page.file.src_uri, []),
        )
        try:
            return render_page(markdown, ctx, shown)
        except CourseError as error:
            raise PluginError(str(error)) from None

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        return restore_html_blocks(html, self._html_blocks.pop(page.file.src_uri, []))

    def on_page_context(self, context: dict, page: Any, config: Any, nav: Any) -> dict:
        source = self.sources.get(page.file.src_uri)
        if source is not None and config.repo_url:
            page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri}{source.path}"
        self._switch_to_same_page(page, config)
        return context

    # -- builds of some languages, in parallel or on separate machines (issue 5) ----------------
    # `coursegen build` runs one MkDocs build per group of languages and merges their folders, so
    # nothing a page or root file shows may depend on which other languages this process built.
    # mkdocs-static-i18n derives three things from the languages it built: the language switcher,
    # the sitemap's alternates and one search index merged over all languages. Here they come from
    # the configured languages instead, and each language keeps its own search index.

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

    def _page_address(self, lang: str, url: str) -> str:
        i18n_default = self._default_language
        return url if lang == i18n_default else f"{lang}/{url}"

    def _switch_to_same_page(self, page: Any, config: Any) -> None:
        """Every configured language in the switcher, each linking to this page in that language
        (every page exists in every language: a missing translation falls back to English)."""
        languages = config.extra.get("alternate")  # the languages' home links, set by i18n
        if not languages or getattr(page.file, "locale_alternate_of", None) is None:
            return
        url = self._unlocalised_url(page.file)
        # Like i18n, set the attribute the theme reads (the item keeps the home links).
        config.extra.alternate = [
            dict(language, link=self._page_address(language["lang"], url)) if url not in ("", "./") else dict(language)
            for language in languages
        ]

    def _unlocalised_url(self, file: Any) -> str:
        lang = file.locale_alternate_of
        url = file.url
        if lang != self._default_language and url.startswith(f"{lang}/"):
            url = url[len(lang) + 1 :]
        return url


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

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        # MkDocs makes a new template environment for every language: compile the theme once.
        env.bytecode_cache = THEME_BYTECODE
        skipped = set()
        if self._i18n_plugin.current_language != self._default_language:
            skipped |= ROOT_ONLY_TEMPLATES  # root files come from the default language only
        if DIRTY_FLAGS & set(sys.argv):
            skipped.add("sitemap.xml")  # a preview needs no sitemap (every page × every language)
        if skipped:  # an empty output is not written
            env.loader = ChoiceLoader([DictLoader(dict.fromkeys(skipped, "")), env.loader])
        return env

    def on_template_context(self, context: dict, template_name: str, config: Any) -> dict:
        if template_name == "sitemap.xml" and self._i18n_plugin.current_language == self._default_language:
            context["i18n_alternates"] = self._sitemap_entries(context["i18n_alternates"], config)
        return context

    def _sitemap_entries(self, built: dict, config: Any) -> dict:
        """Every page in every configured language, each with all its languages as alternates."""
        i18n = self._i18n_plugin
        base = (config.site_url or "").rstrip("/")
        pages = [file for file in built.get(i18n.default_language, []) if file.page is not None]

        def address(lang: str, file: Any) -> SimpleNamespace:
            url = self._page_address(lang, file.url) if file.url != "./" else ("" if lang == i18n.default_language else f"{lang}/")
            page = SimpleNamespace(is_link=False, canonical_url=f"{base}/{url}" if base else None, abs_url=f"/{url}", update_date=file.page.update_date)
            return SimpleNamespace(url=url, page=page)

        entries: dict[str, list] = {lang: [] for lang in i18n.all_languages}
        for file in pages:
            alternates = {lang: address(lang, file) for lang in i18n.all_languages}
            for lang, entry in alternates.items():
                entry.alternates = alternates
                entries[lang].append(entry)
        return entries

    @event_priority(-50)  # after the search plugin wrote this language's index, before i18n merges
    def on_post_build(self, config: Any) -> None:
        i18n = self._i18n_plugin
        if i18n.current_language == i18n.default_language:
            self._build_flags(i18n, self._selected)  # i18n now builds the other languages
            return
        site = Path(config.site_dir)
        index = site / "search" / "search_index.json"
        if index.is_file():
            target = site / i18n.current_language / "search" / "search_index.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            index.replace(target)
        for name in ("search", "material/search"):
            search = config.plugins.get(name)
            entries = getattr(getattr(search, "search_index", None), "entries", None)
            if entries is not None:
                entries.clear()  # so the root index stays the default language's own

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


class _ChangesObserver(watchdog.observers.Observer):  # type: ignore[misc, valid-type]
    """File events for changes only: the system also reports files merely opened and read, and
    the build reads every source, so each build would start another."""

    CHANGES = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]

    def schedule(self, event_handler: Any, path: str, recursive: bool = False, event_filter: Any = None) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or self.CHANGES)


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the whole process (keyed by name and source checksum)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = _MemoryBytecodeCache()
THEME_LISTINGS: dict[tuple, list[str]] = {}
