"""The site's files that are not pages: a 404 page per language, and one sitemap.

404.html: each language's build writes its own under its root (<lang>/404.html), in its language
and pointing the search at its index. GitHub Pages serves only the root one, for every missing
address: its template (docs/overrides/404.html) sends a reader under /<lang>/ to that language's. sitemap.xml: one for the whole site, from the content model
(every page in every configured language, with hreflang alternates), written by the build of the
default language's pages; the others render none (the theme's lists every page).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from coursegen.site import alternates, reader
from coursegen.site.course_build import CourseBuild
from coursegen.site.language_search import LanguageSearch

EMPTY_TEMPLATE = jinja2.Environment().from_string("")  # MkDocs writes no file for an empty output


def before(template: jinja2.Template, name: str, config: MkDocsConfig, build: CourseBuild, lang: str) -> jinja2.Template:
    selection = build.selection
    if name == "sitemap.xml" and (lang != selection.default or selection.preview or selection.skips_pages(lang)):
        # Only the build of the default language's pages writes the sitemap; a preview none.
        return EMPTY_TEMPLATE
    reader.home_links(config, build.course, selection)
    return template


def after(output: str, name: str, config: MkDocsConfig, build: CourseBuild, lang: str, search: LanguageSearch) -> str:
    selection = build.selection
    if name == "sitemap.xml":
        # (Empty when `before` skipped the theme's: no sitemap from this build.)
        return (
            alternates.sitemap_xml(build.course, list(selection.configured), config.site_url or None, selection.default) if output else ""
        )
    if name == "404.html":
        output = search.page(output, config, lang, selection.default, f"{lang}/404.html")
        if lang == selection.default:
            return output
        target = Path(config.site_dir) / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return ""  # MkDocs writes nothing when a template's output is empty
    return output
