"""One build of the course: loaded, checked and staged once, when the default language's build
starts (mkdocs-static-i18n then builds the other languages from the same configuration)."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError

from coursegen.content import yamlfile
from coursegen.content.course import Course, load_course
from coursegen.content.sources import SourceMap
from coursegen.problems import CourseError
from coursegen.site import patches, serve, stage
from coursegen.site.contributed import ContributedPages
from coursegen.site.selection import Selection

# A build allocates millions of short-lived objects (Markdown trees, template output) beside a
# large long-lived heap (the course, compiled templates); Python's default collector thresholds
# rescan that heap often: a tenth of a full-scale build's time.
GC_THRESHOLDS = (20_000, 20, 1_000)  # young objects before a collection; rarer older collections

# The whole course as `coursegen build` loaded it to work out what to rebuild (coursegen.site.
# build_cache), by its folder: the build processes it starts (forked) use it instead of loading
# the same files again. Never set in a preview, nor by anything else.
PRELOADED: dict[Path, Course] = {}


@dataclass
class CourseBuild:
    course: Course
    selection: Selection
    stage_root: Path  # <stage_root>/<lang>: the folder MkDocs reads while it builds lang
    sources: SourceMap = field(default_factory=SourceMap)  # staged path -> the repository file
    pages: ContributedPages | None = None
    links_not_found: int = 0  # mkdocs.yml's level for links to missing pages (site_config.configure)
    listed: SourceMap = field(default_factory=SourceMap)  # the files only listed in the stage (stage.list_per_language)
    copied: set[tuple[str, str]] = field(default_factory=set)  # files the default language's build copied (selection)


def start(
    root: Path, stage_root: Path, selection: Selection, dirty: bool, links_not_found: int, withhold: bool = False, listed: bool = False
) -> CourseBuild:
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        # A build of a few languages still reads every language's translations: the switcher
        # and the status page tell which pages each language has translated. A preview
        # (`make serve ONLY=ms`) reads only its own, to start and rebuild fast.
        course = PRELOADED.get(root) if not selection.preview else None
        if selection.preview:
            yamlfile.keep_parsed()  # (loaded again at each save)
        course = course or load_course(root, set(selection.built) if selection.preview else None)
    except CourseError as error:
        raise PluginError("the course has problems:\n" + str(error)) from None
    build = CourseBuild(course, selection, stage_root, links_not_found=links_not_found)
    if listed:  # (a build's own stage: see coursegen.site.stage.list_per_language)
        build.sources, listings = stage.list_per_language(course, sorted(selection.built), stage_root)
        build.listed = build.sources
    else:
        build.sources, listings = stage.stage_per_language(course, sorted(selection.built), stage_root), {}
    patches.list_docs_folders(listings)  # (none for a stage of copies: an earlier build's lists are dropped)
    build.pages = ContributedPages(course, build.sources, withhold)
    if dirty:
        serve.mark_pages_changed_if_inputs_changed(root, stage_root, sorted(selection.built))
    return build
