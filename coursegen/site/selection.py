"""Which languages one build makes: every language of mkdocs.yml, or only some (and the default).

The languages are the course's folders (coursegen.content.course.course_languages, the one list);
mkdocs.yml names only the default one. A build of some of them gets them as arguments: `coursegen build` (coursegen.site.build) sets the coursegen
plugin's options `languages` and `skip_default_pages` on each group's loaded configuration. A
`mkdocs serve` command (`make serve ONLY=ms`) can be given nothing but its environment:
COURSEGEN_LANGUAGES, read by `serve_languages` and nowhere else.

mkdocs-static-i18n relates every file to every language it builds, in each language's build (a
cost of languages × files per build): while one language is built it is told that only that one
and the default language are built (`build_flags`), and all selected ones when it starts building
the others, at the end of the default language's build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs_static_i18n.plugin import I18n

from coursegen.content.languages import get_language
from coursegen.content.sources import SourceMap
from coursegen.site import patches

SERVE_VARIABLE = "COURSEGEN_LANGUAGES"  # make serve ONLY=ms: the languages a preview shows


@dataclass(frozen=True)
class Selection:
    configured: tuple[str, ...]  # every language of mkdocs.yml: the switcher and sitemap list them all
    default: str
    built: frozenset[str]  # the languages this build makes (the default one always)
    skip_default_pages: bool  # another build provides the default language's pages
    preview: bool  # a one-language preview: reads only its languages' translations

    def skips_pages(self, lang: str) -> bool:
        """A build whose default-language pages another build provides makes only that language's
        home page (the engine cannot build the others without it)."""
        return self.skip_default_pages and lang == self.default


def serve_languages(command: str) -> list[str]:
    """The languages `mkdocs serve` previews (make serve ONLY=ms), from its environment."""
    if command != "serve":
        return []
    return os.environ.get(SERVE_VARIABLE, "").replace(",", " ").split()


def i18n_plugin(config: MkDocsConfig | dict) -> I18n:
    plugin = config["plugins"].get("i18n")
    if not isinstance(plugin, I18n):
        raise PluginError("coursegen needs the mkdocs-static-i18n plugin ('i18n') in mkdocs.yml")
    return plugin


def select(i18n: I18n, wanted: list[str], skip_default_pages: bool, preview: bool) -> Selection:
    configured = tuple(i18n.all_languages)
    for lang in configured:
        try:
            get_language(lang)
        except KeyError as error:
            raise PluginError(f"mkdocs.yml: {error.args[0]}") from None
    unknown = [code for code in wanted if code not in configured]
    if unknown:
        raise PluginError(f"coursegen: language(s) {', '.join(unknown)} not among the languages of mkdocs.yml ({', '.join(configured)})")
    default = i18n.default_language
    built = frozenset(code for code in i18n.build_languages if not wanted or code in wanted) | {default}
    return Selection(configured, default, built, skip_default_pages, preview and bool(wanted))


def build_flags(i18n: I18n, languages: set[str] | frozenset[str]) -> None:
    """Which languages mkdocs-static-i18n believes it builds (see the module's docstring)."""
    patches.build_only(i18n, set(languages))


def reuse_copied_files(files: Files, config: MkDocsConfig, copied: set[tuple[str, str]], first: bool) -> Files:
    """The files every language's build copies to the same place outside its language's folder,
    in a language's build after the first of the process (the default language's), taken from
    the copy that build made: the theme's own files (its scripts, style sheets, the course's
    overrides; 2.5 MB) and the English pages' images (a page falling back to English shows them;
    each language's build copied them again, 3,000 copies in a group of 28 languages). `copied`
    holds what the first build copied (source, destination). They stay in the build's files, so
    that a page's link to one still finds it; MkDocs skips copying a file onto itself (its way
    for plugins that write into the site)."""
    theme_folders = set(config.theme.dirs)  # (MkDocs gives a theme's file the folder as listed there)
    for file in files:
        if file.is_documentation_page():
            continue
        if first:
            copied.add((file.src_uri, file.dest_uri))
        elif (file.src_dir in theme_folders or (file.src_uri, file.dest_uri) in copied) and os.path.isfile(file.abs_dest_path):
            file.abs_src_path = file.abs_dest_path
    return files


def point_at_sources(files: Files, sources: SourceMap, root: Path, config: MkDocsConfig) -> Files:
    """A listed stage's files (`sources`: coursegen.site.stage.list_per_language), each read and
    copied from the repository file it was planned from."""
    for file in files if sources else []:
        source = sources.get(file.src_uri)
        if source is not None and file.src_dir == config.docs_dir:
            file.abs_src_path = str(root / source.path)
    return files


def drop_default_pages(files: Files, default: str) -> Files:
    """The default language's pages, but its home page, left out (Selection.skips_pages)."""
    for file in files.documentation_pages():
        if file.src_uri != f"{default}/index.md":
            files.remove(file)
    return files
