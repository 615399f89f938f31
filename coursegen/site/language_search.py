"""A search index per language, written by each language's build, and its pages pointed at it.

The theme's search plugin gathers the entries of a language's pages (parsed by lxml, see
coursegen.site.material_search); at the end of the language's build they are taken from it and
made into that language's index (coursegen.site.search_index: the language's own separator,
pipeline and segmentation), written over the index the search plugin and mkdocs-static-i18n write;
the theme's search worker is given the query's half of the segmentation.
mkdocs-static-i18n builds the other languages inside the default language's post_build, so these
builds nest: the indexes under way are a stack.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2.environment import TemplateModule
from material.plugins.search.plugin import SearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from coursegen.content.languages import get_language
from coursegen.site import patches, search_index

log = get_plugin_logger(__name__)


def search_plugin(config: MkDocsConfig) -> SearchPlugin | None:
    """The theme's search plugin, if it is listed and enabled (disabled, it makes no index)."""
    plugin = config.plugins.get("material/search")
    return plugin if isinstance(plugin, SearchPlugin) and plugin.config.enabled else None


class LanguageSearch:
    def __init__(self, preview_entries: dict[str, list[dict]] | None) -> None:
        # A preview's entries by language, kept across its rebuilds (a rebuild indexes only the
        # pages it rebuilt); None when this is not a preview.
        self.preview_entries = preview_entries
        self.indexes: list[tuple[str, str]] = []  # (language, index JSON) of the builds under way
        self.theme_strings: TemplateModule | None = None  # the theme's interface strings (its `t`), language being built
        self.search_label = ""  # the theme's word for "Search", same language

    def start_language(self, config: MkDocsConfig) -> None:
        plugin = search_plugin(config)
        if plugin is not None:  # its on_config (earlier) made this language's index
            patches.index_with_lxml(plugin.search_index)
            patches.scan_pages_only_where_needed(config.plugins, plugin)

    def use_theme_strings(self, env: jinja2.Environment, config: MkDocsConfig) -> None:
        self.theme_strings = env.get_template("partials/language.html").make_module({"config": config})
        self.search_label = self.theme_strings.t("search")  # type: ignore[attr-defined]  # the theme's macro t()

    def page(self, html: str, config: MkDocsConfig, lang: str, default: str, where: str) -> str:
        """A written page (or 404): the search box named, the scripts pointed at lang's index."""
        if search_plugin(config) is None:
            return html
        html = patches.name_search_dialog(html, self.search_label, where)
        return html if lang == default else patches.point_search_at(html, lang, where)

    def keep(self, config: MkDocsConfig, lang: str, default: str) -> None:
        """Make this language's index from the search plugin's entries, then empty them: the
        search plugin would write them with the wrong language settings, and mkdocs-static-i18n
        would gather every language's entries into one index and look for duplicates among them
        (a cost of languages × pages); both are written over by ours."""
        plugin = search_plugin(config)
        if plugin is None:
            return
        theme: Any = self.theme_strings  # (its macros are attributes: t)
        pipeline = [step for step in re.split(r"\s*,\s*", theme.t("search.config.pipeline").strip()) if step]
        language = get_language(lang)
        settings = search_index.search_config(language, theme.t("search.config.separator"), pipeline, plugin.config.fields)
        written = search_index.SEGMENTED.get(language.search or "")  # "Chinese", "Japanese" or None
        segmenter = search_index.chinese_cutter() if written else None
        if written and segmenter is None:
            # A strict build stops here: uncut, the index would find only whole sentences.
            log.warning(f"{lang}: search cannot cut {written} text into words: rjieba is not installed (pip install -r requirements.lock)")
        entries = patches.take_search_entries(plugin.search_index)
        if self.preview_entries is not None:
            entries = self.preview_entries[lang] = search_index.merge_rebuilt(self.preview_entries.get(lang, []), entries)
        self.indexes.append((lang, search_index.build_index(entries, lang, settings, segmenter, default)))

    def write(self, site_dir: Path, default: str) -> None:
        """Write this language's index last, over the merged one mkdocs-static-i18n writes; and
        make the theme's search worker cut queries as the indexes were cut (every build, whatever
        its languages: a site's worker is the one its English build wrote)."""
        if not self.indexes:
            return
        patches.segment_queries_as_indexed(site_dir, search_index.query_script())
        lang, index = self.indexes.pop()
        target = site_dir / search_index.index_path(lang, default)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(index, encoding="utf-8")
