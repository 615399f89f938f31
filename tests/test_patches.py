"""Third-party patches live in coursegen.site.patches only, and none of them fails silently."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from coursegen.site import patches

REPO = Path(__file__).resolve().parent.parent
ENGINE = ("mkdocs", "material", "mkdocs_static_i18n", "pymdownx")


def locked_versions() -> dict[str, str]:
    lines = (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("==", 1) for line in lines if "==" in line and not line.startswith("#"))
    return {name.strip().lower(): version.strip() for name, version in pairs}


def test_patches_are_written_for_the_locked_versions() -> None:
    locked = locked_versions()
    assert {name.lower(): version for name, version in patches.WRITTEN_FOR.items()} == {
        name.lower(): locked[name.lower()] for name in patches.WRITTEN_FOR
    }


def test_the_installed_versions_are_accepted() -> None:
    patches.check_versions()


@pytest.mark.parametrize("package", sorted(patches.WRITTEN_FOR))
def test_another_version_is_refused_naming_package_and_version(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0.1" if name == package else real(name))
    with pytest.raises(
        patches.PatchError,
        match=rf"written for {re.escape(package)} {re.escape(patches.WRITTEN_FOR[package])} and accepts the range .* of pyproject\.toml, but {re.escape(package)} 99\.0\.1 is installed",
    ):
        patches.check_versions()
    monkeypatch.setattr(patches, "_applied", False)  # start-up checks the versions first
    with pytest.raises(patches.PatchError, match=re.escape(f"{package} 99.0.1")):
        patches.apply()


@pytest.mark.parametrize("package, version", [("mkdocs-material", "9.8.2"), ("mkdocs-material", "9.9.0"), ("mkdocs-static-i18n", "1.3.9")])
def test_a_release_in_the_declared_range_is_accepted(monkeypatch: pytest.MonkeyPatch, package: str, version: str) -> None:
    """Material ships security releases until 5 May 2027: they install, and the shape checks of
    each patch (not the version number) say whether the patch still fits."""
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: version if name == package else real(name))
    patches.check_versions()


def test_a_missing_package_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def version(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    with pytest.raises(patches.PatchError, match=r"mkdocs 1\.6\.1 and accepts the range .*, but mkdocs \(not installed\)"):
        patches.check_versions()


# -- each patch checks its target -----------------------------------------------------------------


def test_the_locale_patch_accepts_three_letter_codes_in_every_module() -> None:
    from mkdocs_static_i18n import config, folder, suffix

    patches.apply()
    for module in (config, folder, suffix):
        assert module.RE_LOCALE is patches.LOCALE
    assert patches.LOCALE.match("pcm") and patches.LOCALE.match("pt-BR") and not patches.LOCALE.match("pcmx")
    assert config.Locale(str).run_validation("pcm") == "pcm"


@pytest.mark.parametrize("module_name", ["mkdocs_static_i18n.config", "mkdocs_static_i18n.folder", "mkdocs_static_i18n.suffix"])
def test_the_locale_patch_refuses_a_changed_pattern(monkeypatch: pytest.MonkeyPatch, module_name: str) -> None:
    module = importlib.import_module(module_name)
    monkeypatch.setattr(module, "RE_LOCALE", re.compile(r"^[a-z]{2,8}$"))
    with pytest.raises(patches.PatchError, match=rf"cannot patch {re.escape(module_name)}\.RE_LOCALE"):
        patches.accept_three_letter_locales()


def test_the_locale_patch_refuses_a_module_that_no_longer_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs_static_i18n import config

    monkeypatch.setattr(config.Locale, "run_validation", lambda self, value: value)
    with pytest.raises(patches.PatchError, match=r"cannot patch mkdocs_static_i18n\.config\.Locale\.run_validation"):
        patches.accept_three_letter_locales()


def test_the_plugin_must_come_before_i18n() -> None:
    patches.check_plugin_order(["material/search", "coursegen", "i18n"], "coursegen", "i18n")
    with pytest.raises(patches.PatchError, match="'coursegen' listed before 'i18n'"):
        patches.check_plugin_order(["material/search", "i18n", "coursegen"], "coursegen", "i18n")


def test_what_the_theme_asks_is_declared_none_and_the_patch_refuses_changed_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure.nav import Link, Section
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

    patches.apply()
    assert (Page.encrypted, Page.pages, Section.typeset, Link.typeset, AnchorLink.typeset) == (None,) * 5
    assert not hasattr(Page, "typeset")  # (Material's typeset plugin sets a page's only where it has none)
    # A template that tests another way (`is defined`) would tell None from a missing attribute.
    monkeypatch.setitem(patches.ASKED_IN, "toc-item.html", ("{% if toc_item.typeset is defined %}",))
    with pytest.raises(patches.PatchError, match="toc-item.html"):
        patches.declare_what_the_theme_asks()
    monkeypatch.setitem(patches.ASKED_IN, "toc-item.html", ("{% if toc_item.typeset %}",))
    monkeypatch.setattr(Page, "pages", "set by a new MkDocs")
    with pytest.raises(patches.PatchError, match="Page.pages"):
        patches.declare_what_the_theme_asks()
    monkeypatch.setattr(Page, "pages", None)
    # A plugin asking whether an object has one would be told yes by the declaration.
    monkeypatch.setattr(patches, "_TESTED", re.compile(r"(typeset|pages)"))
    with pytest.raises(patches.PatchError, match="material.plugins"):
        patches.declare_what_the_theme_asks()


def test_the_theme_listing_patch_refuses_a_changed_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure.files import Files

    def add_files_from_theme(self, env, config):  # lists without a filter
        return env.list_templates()

    monkeypatch.setattr(Files, "add_files_from_theme", add_files_from_theme)
    patches._check_theme_listing.cache_clear()
    try:
        with pytest.raises(patches.PatchError, match=r"cannot patch mkdocs\.structure\.files\.Files\.add_files_from_theme"):
            patches.list_theme_once(types.SimpleNamespace(get_env=lambda: None), {})
    finally:
        patches._check_theme_listing.cache_clear()


def test_the_build_flags_patch_refuses_a_changed_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs_static_i18n.plugin import I18n

    monkeypatch.setattr(I18n, "on_post_build", lambda self, config: None)
    patches._check_build_flags.cache_clear()
    try:
        with pytest.raises(patches.PatchError, match=r"cannot patch mkdocs_static_i18n\.plugin\.I18n\.on_post_build"):
            patches.build_only(types.SimpleNamespace(config=types.SimpleNamespace(languages=[])), {"en"})
    finally:
        patches._check_build_flags.cache_clear()


def test_written_pages_are_let_go_and_the_patch_refuses_a_static_i18n_that_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs_static_i18n.plugin import I18n

    page = types.SimpleNamespace(markdown="# Tajuk", content="<h1>Tajuk</h1>", toc=["Tajuk"], title="Tajuk")
    patches.release_written_pages([types.SimpleNamespace(page=page), types.SimpleNamespace(page=None)])  # type: ignore[arg-type]
    assert page.markdown is None and page.content is None and page.toc == [] and page.title == "Tajuk"
    monkeypatch.setattr(I18n, "on_files", lambda self, files, config: files)
    patches._check_written_pages.cache_clear()
    try:
        with pytest.raises(patches.PatchError, match=r"cannot patch mkdocs\.structure\.pages\.Page"):
            patches.release_written_pages([])  # type: ignore[arg-type]
    finally:
        patches._check_written_pages.cache_clear()


def test_the_search_patch_refuses_a_changed_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    patches.index_with_lxml(index)  # the theme's own index: accepted
    assert patches.take_search_entries(index) == []
    with pytest.raises(patches.PatchError, match=r"SearchIndex\.entries"):
        patches.index_with_lxml(types.SimpleNamespace(entries=None))

    def add_entry_from_context(self, page):  # parses pages some other way
        return None

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", add_entry_from_context)
    patches._check_search_index.cache_clear()
    try:
        with pytest.raises(
            patches.PatchError, match=r"cannot patch material\.plugins\.search\.plugin\.SearchIndex\.add_entry_from_context"
        ):
            patches.index_with_lxml(index)
    finally:
        patches._check_search_index.cache_clear()


def test_the_search_plugin_scans_only_pages_with_attributes_to_strip(monkeypatch: pytest.MonkeyPatch) -> None:
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.plugins import PluginCollection

    from coursegen.site import material_search

    plugin, plugins, indexed = SearchPlugin(), PluginCollection(), []
    plugin.load_config({})
    plugin.search_index = types.SimpleNamespace(add_entry_from_context=indexed.append)
    plugins["material/search"] = plugin
    patches.scan_pages_only_where_needed(plugins, plugin)
    patches.scan_pages_only_where_needed(plugins, plugin)  # (each language's build asks again: once is enough)
    assert len(plugins.events["page_context"]) == 1 and plugins.events["page_context"][0] != plugin.on_page_context
    plain, marked = (types.SimpleNamespace(content=html) for html in ("<p>data-search words</p>", '<p data-search-exclude="1">x</p>'))
    for page in (plain, marked):
        plugins.run_event("page_context", {}, page=page, config=None, nav=None)
    assert indexed == [plain, marked]  # both indexed; the theme's own method stripped the attribute
    assert (plain.content, marked.content) == ("<p>data-search words</p>", "<p>x</p>")

    monkeypatch.setattr(material_search, "PAGE_CONTEXT_DIGEST", "0" * 64)
    material_search.page_context_unchanged.cache_clear()
    try:
        with pytest.raises(patches.PatchError, match=r"SearchPlugin\.on_page_context"):
            patches.scan_pages_only_where_needed(PluginCollection(), plugin)
    finally:
        material_search.page_context_unchanged.cache_clear()


def test_the_html_patches_refuse_a_changed_theme_page() -> None:
    page = f'<html>{patches.SEARCH_DIALOG}<script id="__config" type="application/json">{{"base": ".."}}</script></html>'
    named = patches.name_search_dialog(page, 'Cari "x"', "ms/index.html")
    assert 'aria-label="Cari &quot;x&quot;"' in named
    assert '"base": "../ms/"' in patches.point_search_at(page, "ms", "ms/index.html")
    changed = '<html><div class="md-search" data-md-component="search"></div></html>'
    with pytest.raises(patches.PatchError, match=r"cannot patch the theme's search dialog in ms/index\.html"):
        patches.name_search_dialog(changed, "Cari", "ms/index.html")
    with pytest.raises(patches.PatchError, match=r"cannot patch the theme's settings in ms/index\.html"):
        patches.point_search_at(changed, "ms", "ms/index.html")
    no_base = '<script id="__config" type="application/json">{"search": "x"}</script>'
    with pytest.raises(patches.PatchError, match=r"\"base\""):
        patches.point_search_at(no_base, "ms", "ms/index.html")


def test_the_script_patch_refuses_a_changed_bundle(tmp_path: Path) -> None:
    scripts = tmp_path / "assets" / "javascripts"
    with pytest.raises(patches.PatchError, match=r"cannot patch the theme's script"):
        patches.quiet_sitemap_lookups(tmp_path)  # no bundle at all
    scripts.mkdir(parents=True)
    bundle = scripts / "bundle.abc.min.js"
    bundle.write_text(f"x.querySelectorAll({patches.THEME_ALTERNATES_SELECTOR})", encoding="utf-8")
    patches.quiet_sitemap_lookups(tmp_path)
    patches.quiet_sitemap_lookups(tmp_path)  # already done: accepted
    assert patches.NO_ALTERNATES_SELECTOR in bundle.read_text(encoding="utf-8")
    bundle.write_text('x.querySelectorAll("link[hreflang]")', encoding="utf-8")
    with pytest.raises(patches.PatchError, match=r"cannot patch the theme's script bundle\.abc\.min\.js"):
        patches.quiet_sitemap_lookups(tmp_path)


def test_the_server_patch_refuses_an_observer_still_watching(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        with pytest.raises(patches.PatchError, match=r"LiveReloadServer\.observer.*watching nothing"):
            patches.watch_changes_at_once(server)
        server.unwatch(str(tmp_path))
        patches.watch_changes_at_once(server)
        assert isinstance(server.observer, patches.ChangesObserver)
        assert server.build_delay == patches.QUIET_AFTER_A_SAVE
    finally:
        server.server_close()


# -- only coursegen.site touches the engine -------------------------------------------------------


def test_only_the_site_package_imports_the_engine() -> None:
    offenders = []
    for path in sorted((REPO / "coursegen").rglob("*.py")):
        if path.parent.name == "site" and path.parent.parent.name == "coursegen":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(REPO)}: {name}" for name in names if name.split(".")[0] in ENGINE]
    assert not offenders


BLOCKER = """
import importlib, pkgutil, sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {engine!r}:
            raise ImportError(f"blocked: {{name}}")
        return None

sys.meta_path.insert(0, Block())
for package in ("coursegen.content", "coursegen.pages", "coursegen.translators"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
import coursegen.cli
coursegen.cli.build_parser()
print(sorted(name for name in sys.modules if name.split(".")[0] in {engine!r}))
"""


def test_the_core_imports_without_the_engine() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER.format(engine=set(ENGINE))], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
