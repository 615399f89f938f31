"""Every change coursegen makes to third-party code, in this one module, each one checked.

The site build changes a few things in MkDocs, Material for MkDocs, mkdocs-static-i18n, Jinja2 and
watchdog (for speed, for the reader, for languages static-i18n refuses), each written against the
versions of requirements.lock (`WRITTEN_FOR`; tests/test_patches.py keeps the two equal) and accepting
any version in the compatible range of pyproject.toml (Material's security releases, until its end of
life on 5 May 2027, must install). At start-up `apply()` refuses a version outside that range; every
patch checks that the object it changes is what it was written for (its signature, a line or a name
its code uses, its source's digest), else raises PatchError naming it: no patch fails silently.
`make test-newest` runs the build's tests against the newest releases in those ranges.

`apply()` runs once per process (on the plugin's import, and in `coursegen build` before the
configuration is loaded, so static-i18n's locale check is patched before it runs); the other
functions patch one object of a build (a theme, a search index, a server, a page's HTML) and are
called by the plugin's modules. Nothing else in the package patches.
"""

from __future__ import annotations

import functools
import importlib.metadata
import inspect
import json
import os
import posixpath
import re
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import mkdocs.structure.files as files_module
import watchdog.observers
from jinja2.bccache import BytecodeCache
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs_static_i18n.plugin import I18n
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent

from coursegen.site import material_search
from coursegen.site.stage import walk_listing

WRITTEN_FOR = {
    "mkdocs": "1.6.1",
    "mkdocs-material": "9.8.1",
    "mkdocs-static-i18n": "1.3.1",
    "Jinja2": "3.1.6",
    "watchdog": "7.1.0",
}


class PatchError(PluginError):
    """A third-party package is not the version, or an object not the shape, a patch was written for."""


def check_versions() -> None:
    """Refuse to patch a version outside the range coursegen declares for the package."""
    ranges = _declared_ranges()
    for name, written_for in WRITTEN_FOR.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "(not installed)"
        allowed = ranges.get(name.lower())
        if installed == written_for or (allowed is not None and allowed.contains(installed, prereleases=False)):
            continue
        declared = f"the range {allowed} of pyproject.toml" if allowed is not None else f"{written_for} only"
        raise PatchError(
            f"coursegen.site.patches was written for {name} {written_for} and accepts {declared}, but {name} {installed} "
            f"is installed: check each patch of {name} in coursegen/site/patches.py against it, then widen the range "
            f"(or install the locked versions: pip install -r requirements.lock)"
        )


def _declared_ranges() -> dict[str, SpecifierSet]:
    """Package name (lower case) -> the versions coursegen's installed metadata allows."""
    try:
        requirements = importlib.metadata.requires("coursegen") or []
    except importlib.metadata.PackageNotFoundError:  # run from a source tree never installed
        return {}
    parsed = [Requirement(line) for line in requirements]
    return {requirement.name.lower(): requirement.specifier for requirement in parsed if requirement.marker is None}


def expect(condition: bool, target: str, expected: str) -> None:
    """Stop, naming the patched object, when it is not what its patch was written for."""
    if not condition:
        raise PatchError(f"cannot patch {target}: expected {expected} (coursegen/site/patches.py, written for {_versions()})")


def _versions() -> str:
    return ", ".join(f"{name} {version}" for name, version in WRITTEN_FOR.items())


def _uses(function: Callable, name: str) -> bool:
    """Whether the function's code reads `name` (a global or an attribute) when it runs."""
    code = getattr(function, "__code__", None)
    return code is not None and name in code.co_names


def _source_has(function: Callable, *lines: str) -> bool:
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    return all(line in source for line in lines)


_applied = False


def apply() -> None:
    """The patches of modules, once per process: versions checked first."""
    global _applied
    if not _applied:
        check_versions()
        accept_three_letter_locales()
        declare_what_the_theme_asks()
        _applied = True


# -- mkdocs-static-i18n: every upstream language code must build ------------------------------
# static-i18n 1.3.1 accepts only two-letter language subtags and so rejects `pcm` (Nigerian
# Pidgin); its pull request #348 widens the check. Its modules each bound the pattern at import
# (`from .config import RE_LOCALE`): all three bindings are replaced, whatever was imported first.
I18N = "mkdocs_static_i18n.plugin.I18n"
ORIGINAL_LOCALE = r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)"
LOCALE = re.compile(r"(^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")


def accept_three_letter_locales() -> None:
    from mkdocs_static_i18n import config, folder, suffix

    readers = ((config, config.Locale.run_validation, "Locale.run_validation"), (folder, folder.create_i18n_file, "create_i18n_file"))
    for module, reader, name in (*readers, (suffix, suffix.create_i18n_file, "create_i18n_file")):
        current = getattr(module, "RE_LOCALE", None)
        original = isinstance(current, re.Pattern) and current.pattern == ORIGINAL_LOCALE
        expect(current is LOCALE or original, f"{module.__name__}.RE_LOCALE", f"the pattern {ORIGINAL_LOCALE}")
        expect(_uses(reader, "RE_LOCALE"), f"{module.__name__}.{name}", "a function reading RE_LOCALE of its module when it runs")
        module.RE_LOCALE = LOCALE


def check_plugin_order(plugin_names: list[str], ours: str, i18n: str) -> None:
    """static-i18n checks its languages when MkDocs loads it: the patch above must come first,
    so the coursegen plugin (whose import applies it) must be listed before it."""
    expect(
        plugin_names.index(ours) < plugin_names.index(i18n),
        "mkdocs_static_i18n.config.Locale",
        f"'{ours}' listed before '{i18n}' in mkdocs.yml",
    )


# -- MkDocs: what Material's navigation asks each item for, answered without two exceptions -------
# Its templates ask navigation items and headings, on every page, for `typeset` (set by its typeset
# plugin) and a page with metadata for `encrypted` and `pages` (a blog view's). Jinja looks for a
# missing one as an attribute, then as an item: two exceptions each. Each is declared None on a
# class whose objects no plugin tests for it (the typeset plugin sets a page's `typeset` only if
# it has none, `hasattr`: a page's is left undeclared); None is false in the templates' one test.
THEME_ASKS = {"Page": ("encrypted", "pages"), "Section": ("typeset",), "Link": ("typeset",)}
ASKED_IN = {
    "nav-item.html": ("{% if nav_item.typeset %}", "nav_item.encrypted %}", "{% if nav_item.pages %}"),
    "toc-item.html": ("{% if toc_item.typeset %}",),
}
_TESTED = re.compile(r"hasattr\([^)]*\W(typeset|encrypted|pages)\W\)")  # hasattr(page, "typeset")


def declare_what_the_theme_asks() -> None:
    import material
    from mkdocs.structure import nav, toc

    root = Path(material.__file__).parent
    for name, tests in ASKED_IN.items():
        source = (root / "templates" / "partials" / name).read_text(encoding="utf-8")
        expect(all(test in source for test in tests), f"material/templates/partials/{name}", f"the tests {', '.join(tests)}")
    tested = {found for path in (root / "plugins").rglob("*.py") for found in _TESTED.findall(path.read_text(encoding="utf-8"))}
    expect(tested <= {"typeset"}, "material.plugins", "no plugin asking hasattr(…, 'encrypted' or 'pages')")
    for cls, names in [*((getattr(nav, name), names) for name, names in THEME_ASKS.items()), (toc.AnchorLink, ("typeset",))]:
        for name in names:
            expect(getattr(cls, name, None) is None, f"{cls.__module__}.{cls.__name__}.{name}", "no such attribute")
            setattr(cls, name, None)


# -- mkdocs-static-i18n: which languages it believes it builds ---------------------------------


@functools.cache
def _check_build_flags() -> None:
    from mkdocs_static_i18n.config import I18nPluginLanguage

    expect("build" in dict(I18nPluginLanguage._schema), "mkdocs_static_i18n.config.I18nPluginLanguage", "a `build` option")
    expect(_source_has(I18n.build_languages.fget, "lang.build is True"), f"{I18N}.build_languages", "the languages whose `build` is True")
    expect(_source_has(I18n.on_post_build, "for locale in self.build_languages:"), f"{I18N}.on_post_build", "a loop over build_languages")


def build_only(i18n: I18n, languages: set[str]) -> None:
    """Make static-i18n relate files to, and build, only `languages` (see coursegen.site.selection)."""
    _check_build_flags()
    for language in i18n.config.languages:
        language.build = language.locale in languages


# -- mkdocs-static-i18n: the languages are the course's folders, not a list in mkdocs.yml --------


@functools.cache
def _check_languages_list() -> None:
    from mkdocs_static_i18n.config import I18nPluginConfig, I18nPluginLanguage

    expect("languages" in dict(I18nPluginConfig._schema), "mkdocs_static_i18n.config.I18nPluginConfig", "a `languages` option")
    schema = set(dict(I18nPluginLanguage._schema))
    expect({"locale", "name", "build", "default"} <= schema, "mkdocs_static_i18n.config.I18nPluginLanguage", "locale, name, build, default")
    expect(_source_has(I18n.all_languages.fget, "for lang in self.config.languages"), f"{I18N}.all_languages", "read from config.languages")


def declare_languages(i18n: I18n, languages: list[tuple[str, str]]) -> None:
    """Add (code, name) languages that static-i18n's configuration lacks, as if mkdocs.yml listed
    them: a language of the course is one with a folder, and needs no line in mkdocs.yml. Before
    static-i18n's on_config, which reads them."""
    from mkdocs_static_i18n.config import I18nPluginLanguage

    _check_languages_list()
    listed = {language.locale for language in i18n.config.languages}
    for code, name in languages:
        if code in listed:
            continue
        language = I18nPluginLanguage()
        language.load_dict({"locale": code, "name": name})
        failed, _warnings = language.validate()
        if failed:
            raise PatchError(f"mkdocs-static-i18n refuses the language '{code}': {failed[0][1]}")
        i18n.config.languages.append(language)


# -- MkDocs and Jinja2: the theme's files listed once per process, not once per language ---------


@functools.cache
def _check_theme_listing() -> None:
    expect(list(inspect.signature(Theme.get_env).parameters) == ["self"], "mkdocs.theme.Theme.get_env", "a method without arguments")
    listing = list(inspect.signature(jinja2.Environment.list_templates).parameters)
    expect(listing == ["self", "extensions", "filter_func"], "jinja2.Environment.list_templates", "(extensions, filter_func)")
    # The listing is kept without its filter: MkDocs' filter must depend only on the theme's static templates.
    expect(
        _source_has(Files.add_files_from_theme, "env.list_templates(filter_func=filter)", "patterns.extend(config.theme.static_templates)"),
        "mkdocs.structure.files.Files.add_files_from_theme",
        "the one caller of list_templates, filtering by fixed patterns and the theme's static templates",
    )


def list_theme_once(theme: Theme, listings: dict[tuple, list[str]]) -> None:
    """Every language's build lists the theme's files (thousands of icons) to copy its assets:
    `listings` keeps them per theme folders for the process."""
    _check_theme_listing()
    make_env = theme.get_env
    if getattr(make_env, "coursegen_listing", False):
        return

    def get_env() -> jinja2.Environment:
        env = make_env()
        listing = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            # (static-i18n adds its sitemap folder to the theme's folders again for each language)
            key = (tuple(dict.fromkeys(theme.dirs)), tuple(sorted(theme.static_templates)), extensions)
            if key not in listings:
                listings[key] = listing(extensions, filter_func)
            return listings[key]

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env

    get_env.coursegen_listing = True  # type: ignore[attr-defined]
    theme.get_env = get_env  # type: ignore[method-assign]


def compile_theme_once(cache: BytecodeCache) -> None:
    """MkDocs makes a template environment per language's build, and Material's search plugin one
    per interface word it looks up (three per build, each compiling the language templates):
    every environment of every theme shares `cache`, the process's compiled templates."""
    _check_theme_listing()
    make_env = Theme.get_env
    if getattr(make_env, "coursegen_bytecode", False):
        return

    def get_env(self: Theme) -> jinja2.Environment:  # (named as the method it stands for: checked above)
        env = make_env(self)
        env.bytecode_cache = cache
        return env

    get_env.coursegen_bytecode = True  # type: ignore[attr-defined]
    Theme.get_env = get_env  # type: ignore[method-assign,assignment]


# -- MkDocs: a build's docs folders listed, not walked -------------------------------------------
# MkDocs lists a language's files by walking its docs folder (get_files: os.walk); `coursegen
# build` copies no course file there: a folder it listed is walked from its list
# (coursegen.site.stage.list_per_language, which says why).
LISTED_FOLDERS: dict[str, list[str]] = {}  # a docs folder (absolute) → its files (relative, "/")


class _ListedWalk:
    """The os module as mkdocs.structure.files sees it: all of it, but a listed folder's walk."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def walk(top: str, topdown: bool = True, onerror: Any = None, followlinks: bool = False) -> Any:
        listed = LISTED_FOLDERS.get(os.path.abspath(top))
        return os.walk(top, topdown, onerror, followlinks) if listed is None else walk_listing(top, listed)


def list_docs_folders(listings: dict[str, list[str]]) -> None:
    """MkDocs' walks of these docs folders (absolute) answered from their lists of files, and of
    no other (each build gives its own: none for a stage of copies)."""
    LISTED_FOLDERS.clear()
    LISTED_FOLDERS.update({os.path.abspath(folder): paths for folder, paths in listings.items()})
    if listings and not isinstance(files_module.os, _ListedWalk):
        walks = "os.walk(config['docs_dir'], followlinks=True)"
        expect(_source_has(files_module.get_files, walks, "dirnames.sort()"), "mkdocs.structure.files.get_files", f"{walks}, sorted")
        files_module.os = _ListedWalk()  # type: ignore[assignment]


# -- mkdocs-static-i18n: a language's pages let go once written ---------------------------------


@functools.cache  # (once a process: it reads the source)
def _check_written_pages() -> None:
    kept = _source_has(I18n.on_files, "self.i18n_files_per_language[")  # (every language's files, pages and all)
    expect(kept and {"markdown", "content", "toc"} <= set(Page.__annotations__), "mkdocs.structure.pages.Page", "markdown, content, toc")


def release_written_pages(files: Files) -> None:
    """static-i18n keeps every language's files until a group's build ends, each page's Markdown, HTML and
    table of contents with them (12 MB a language at the real course's lengths): once a language's pages
    are written (its post_build), nothing reads them again, and they are let go."""
    _check_written_pages()
    for file in files:
        if file.page is not None:
            file.page.markdown, file.page.content, file.page.toc = None, None, []  # type: ignore[assignment]  # (MkDocs' own start)


# -- Material: the search index, with pages parsed by lxml (coursegen.site.material_search) -------
SEARCH_PLUGIN = "material.plugins.search.plugin.SearchPlugin"


@functools.cache
def _check_search_index() -> None:
    from material.plugins.search import plugin

    method = plugin.SearchIndex.add_entry_from_context
    expect(
        _source_has(
            method,
            "parser = Parser()",
            "parser.feed(page.content)",
            "for section in parser.data:",
            "self.create_entry_for_section(section, page.toc, page.url, page)",
        ),
        "material.plugins.search.plugin.SearchIndex.add_entry_from_context",
        "Parser() fed page.content, each section of parser.data added by create_entry_for_section(section, page.toc, page.url, page)",
    )
    for name in ("handle_starttag", "handle_endtag", "handle_data", "close"):
        expect(callable(getattr(plugin.Parser, name, None)), f"{plugin.Parser.__module__}.Parser.{name}", "a method")
    expect(isinstance(getattr(plugin, "void", None), set), f"{plugin.__name__}.void", "the set of void elements")


def index_with_lxml(index: SearchIndex) -> None:
    """Make this search index (one per language's build) parse pages with lxml."""
    _check_search_index()
    expect(isinstance(getattr(index, "entries", None), list), "material.plugins.search.plugin.SearchIndex.entries", "a list")
    index.add_entry_from_context = types.MethodType(material_search.add_entry_from_context, index)


def scan_pages_only_where_needed(plugins: Any, plugin: Any) -> None:
    """Have the search plugin's page_context event call material_search.on_page_context (the
    theme's method, without its scan of a page that has nothing to strip)."""
    handlers, original = plugins.events["page_context"], plugin.on_page_context
    expect(material_search.page_context_unchanged(), f"{SEARCH_PLUGIN}.on_page_context", "the source whose digest material_search has")
    if original in handlers:  # (not yet done for this build)
        replacement = functools.partial(material_search.on_page_context, plugin, original)
        handlers[handlers.index(original)] = replacement
        origins = getattr(plugins, "_event_origins", {})  # (MkDocs' record of whose handler it is, for its messages)
        origins[replacement] = origins.get(original, "material/search")


def take_search_entries(index: SearchIndex) -> list[dict[str, Any]]:
    """The index's entries, then emptied (the plugin writes an empty index: language_search's is written over it)."""
    expect(isinstance(getattr(index, "entries", None), list), "material.plugins.search.plugin.SearchIndex.entries", "a list")
    entries = list(index.entries)
    index.entries.clear()
    return entries


# -- Material: the HTML its templates write ------------------------------------------------------
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SETTINGS_START = '<script id="__config" type="application/json">'


def name_search_dialog(html: str, label: str, where: str) -> str:
    """The theme's search box is a dialog without a name: screen readers announce nothing."""
    expect(SEARCH_DIALOG in html, f"the theme's search dialog in {where}", SEARCH_DIALOG)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return html.replace(SEARCH_DIALOG, f'{SEARCH_DIALOG[:-1]} aria-label="{label}">', 1)


def point_search_at(html: str, lang: str, where: str) -> str:
    """Make the theme's scripts load `lang`'s search index: the settings' "base" becomes the
    language's root."""
    start = html.find(SETTINGS_START)
    end = html.find("</script>", start)
    expect(start >= 0 and end >= 0, f"the theme's settings in {where}", f"{SETTINGS_START}...</script>")
    settings = json.loads(html[start + len(SETTINGS_START) : end])
    expect(isinstance(settings.get("base"), str), f"the theme's settings in {where}", 'a "base" address')
    settings["base"] = posixpath.join(settings["base"], lang) + "/"
    text = json.dumps(settings, ensure_ascii=False)
    # As in the theme's own tojson: no "</script>" can end the element early.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return html[: start + len(SETTINGS_START)] + text + html[end:]


# The theme's script looks up a sitemap beside every element this selects.
THEME_ALTERNATES_SELECTOR = '"link[rel=alternate]"'
NO_ALTERNATES_SELECTOR = '"link[rel=alternate][data-coursegen-none]"'


def quiet_sitemap_lookups(site_dir: Path) -> None:
    """Stop the theme's scripts from fetching "sitemap.xml" next to every hreflang link.

    The theme expects its alternate links to be language roots and looks for a sitemap beside
    each, to map the page to the other language. Our links are the page itself in each language
    (and so is the switcher), so every page view would request one missing <page>/sitemap.xml per
    language. The theme's selector for those links is made to match nothing.
    """
    bundles = sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    expect(bool(bundles), "the theme's script", f"assets/javascripts/bundle.*.min.js in {site_dir}")
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        if THEME_ALTERNATES_SELECTOR in text:
            bundle.write_text(text.replace(THEME_ALTERNATES_SELECTOR, NO_ALTERNATES_SELECTOR), encoding="utf-8")
        else:
            expect(NO_ALTERNATES_SELECTOR in text, f"the theme's script {bundle.name}", f"the selector {THEME_ALTERNATES_SELECTOR}")


# -- Material: its search worker cuts a Chinese or Japanese query as the index was cut ------------
# The worker's search first replaces every run of Han characters in the query by its own guess at
# the run's words (`segment`, from the index's words): kana it leaves alone, so "学習データ" stays
# one word the index does not hold, and no guessed word ends where the run ends, so its last
# characters can be lost. The call is replaced by coursegen's (search_index.QUERY_SCRIPT, the
# query's half of the build's segmentation), which is added at the worker's end.
WORKER_SEGMENTATION = re.compile(
    r"(?P<query>\w+)=(?P=query)\.replace\(new RegExp\(\"\\\\p\{sc=Han\}\+\",\"gu\"\),"
    r"(?P<run>\w+)=>\[\.\.\.\w+\((?P=run),this\.index\.invertedIndex\)\]\.join\(\"\* \"\)\)"
)
OUR_SEGMENTATION = "self.coursegenQuery("
SOURCE_MAP_LINE = "\n//# sourceMappingURL="


def segment_queries_as_indexed(site_dir: Path, script: str) -> None:
    """Make the theme's search worker cut queries with `script`, which defines
    self.coursegenQuery(query, invertedIndex) (coursegen.site.search_index.query_script)."""
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    expect(bool(workers), "the theme's search worker", f"assets/javascripts/workers/search.*.min.js in {site_dir}")
    for worker in workers:
        text = worker.read_text(encoding="utf-8")
        if OUR_SEGMENTATION in text:  # another language's build of this site did it
            continue
        calls = WORKER_SEGMENTATION.findall(text)
        expect(
            len(calls) == 1,
            f"the theme's search worker {worker.name}",
            'one query.replace(new RegExp("\\\\p{sc=Han}+","gu"), run => [...segment(run, this.index.invertedIndex)].join("* "))',
        )
        text = WORKER_SEGMENTATION.sub(lambda call: f"{call['query']}={OUR_SEGMENTATION}{call['query']},this.index.invertedIndex)", text)
        # Before the source map's line, which stays last (the lines above it keep their numbers).
        end = text.rfind(SOURCE_MAP_LINE)
        end = len(text) if end < 0 else end
        worker.write_text(text[:end] + "\n" + script.rstrip("\n") + text[end:], encoding="utf-8")


# -- MkDocs and watchdog: a preview told of a save at once ---------------------------------------


class ChangesObserver(watchdog.observers.Observer):  # type: ignore[misc, valid-type]
    """The system's file events (inotify, ...), for changes only: the system also reports files
    merely opened and read, and the build reads every source, so each build would start another."""

    CHANGES = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]

    def schedule(self, event_handler: Any, path: Any, **options: Any) -> Any:  # (keyword-only options: checked below)
        return super().schedule(event_handler, path, **{**options, "event_filter": options.get("event_filter") or self.CHANGES})


@functools.cache
def _check_server() -> None:
    from watchdog.observers.api import BaseObserver

    expect(
        _source_has(LiveReloadServer.watch, "self.observer.schedule("), "mkdocs.livereload.LiveReloadServer.watch", "a method scheduling"
    )
    parameters = list(inspect.signature(BaseObserver.schedule).parameters)
    expect(
        parameters == ["self", "event_handler", "path", "recursive", "event_filter", "follow_symlink"],
        "watchdog.observers.api.BaseObserver.schedule",
        "(event_handler, path, *, recursive, event_filter, follow_symlink)",
    )


QUIET_AFTER_A_SAVE = 0.025  # seconds: an editor's save (write, then rename) is done well within it


def watch_changes_at_once(server: LiveReloadServer) -> None:
    """MkDocs polls the files twice a second, and rebuilds once they have been quiet for 0.1 s;
    file events tell a save at once, which matters when the rebuild itself takes a fifth of a
    second. The server's observer, not started yet and watching nothing (coursegen.site.serve
    unwatches first), is replaced by a ChangesObserver, and the quiet time is shortened."""
    from watchdog.observers.polling import PollingObserver

    _check_server()
    observer = getattr(server, "observer", None)
    expect(
        isinstance(observer, PollingObserver) and not observer.is_alive() and not observer.emitters,
        "mkdocs.livereload.LiveReloadServer.observer",
        "a polling observer not started yet, watching nothing (every path MkDocs watched unwatched first)",
    )
    server.observer = ChangesObserver()
    expect(  # (0.1 s suits polling, which sees a save only at its next scan; a file event comes as it is written)
        getattr(server, "build_delay", None) == 0.1 and _source_has(LiveReloadServer._build_loop, "timeout=self.build_delay"),
        "mkdocs.livereload.LiveReloadServer.build_delay",
        "a wait of 0.1 s for the files to be quiet after a change, read in _build_loop",
    )
    server.build_delay = QUIET_AFTER_A_SAVE
