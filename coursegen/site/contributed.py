"""Contributed pages: read, checked and rendered by coursegen.pages, never by MkDocs alone.

The page's text is read from its repository file (UTF-8 only, precise errors, no page settings),
checked and rendered with its macros (sandboxed, code-aware), given its outdated / fallback
notice, and its "Edit this page" link opens the repository file that produced it. The macros'
HTML (cards, tables, charts) is set aside until the page is written, so the search index holds the
lesson's own text, not every card's labels again (parsing them cost a third of a build).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from coursegen.content.course import ENGLISH, Course
from coursegen.content.sources import SourceFile, SourceMap, lesson_of
from coursegen.pages import prepare
from coursegen.pages.context import PageContext, as_html_block, restore_html_blocks
from coursegen.pages.guard import english_source_of
from coursegen.pages.notices import GUIDE_PAGE, START_ANCHOR, UPDATE_ANCHOR, NoticeLinks, insert_notice, page_notice, withheld_notice
from coursegen.pages.render import render_page
from coursegen.pages.sanitize import output_problems
from coursegen.problems import CourseError, Problem
from coursegen.site import changes

log = get_plugin_logger(__name__)


class ContributedPages:
    def __init__(self, course: Course, sources: SourceMap, withhold: bool = False) -> None:
        self.course = course
        self.sources = sources
        self.withhold = withhold
        self.withheld: dict[str, list[Problem]] = {}  # staged path -> why its translation is held back
        self.texts: dict[str, str] = {}  # staged path -> the page's text as its file has it, until its HTML is judged
        self.html_blocks: dict[str, list[str]] = {}  # staged path -> its macros' HTML, until written

    def read(self, page: Page) -> str | None:
        """The page's text from its repository file. MkDocs would take leading `key: value` lines
        or a `---` block as page settings (title, template) and drop them from the text; the
        leading newline added here turns that off."""
        source = self.sources.get(page.file.src_uri)
        if source is None:
            return None
        try:
            text = prepare.read_page(self.course, source.path)
        except CourseError as error:
            raise PluginError(str(error)) from None
        self.texts[page.file.src_uri] = text
        return "\n" + text

    def render(self, markdown: str, page: Page, config: MkDocsConfig, lang: str) -> str:
        """The page checked and its macros run, with its notice. A translated page that fails its
        checks is withheld when the build allows it: the English page, with a notice saying so."""
        uri = page.file.src_uri
        source = self.sources.get(uri)
        blocks = self.html_blocks.setdefault(uri, [])
        try:
            if source is None:  # a page the engine added, not staged from the repository
                return render_page(markdown, PageContext(self.course, lang, lesson_of(uri), ENGLISH, blocks), uri)
            text = self.texts.get(uri, markdown)
            rendered = prepare.check_and_render(self.course, source, uri, lang, text, blocks)
            titled = text  # (its headings and images are the rendered page's: macros' HTML is set aside)
            notice = page_notice(self.course, lang, source.lang, lesson_of(uri), notice_links(page, config, lang))
            problems = prepare.final_page_problems(source, insert_notice(rendered, notice), text)
            if problems:
                raise CourseError(problems)
        except CourseError as error:
            english = english_source_of(source.path) if source is not None else None
            if not self.withhold or source is None or english is None:
                raise PluginError(str(error)) from None
            if not (self.course.root / english).is_file():  # a site page with no English one: its notice alone
                self._record_withheld(uri, error.problems)
                blocks.clear()
                return str(as_html_block(withheld_notice(self.course, lang, notice_links(page, config, lang)), blocks))
            source, rendered, notice = self._withheld(uri, english, lang, error.problems, blocks, notice_links(page, config, lang))
            titled = rendered
        # The title the page's language gives it (lesson.yml, else its first heading, else its
        # banner's alt text): MkDocs would name a page without a top heading after its file, "Index".
        title = prepare.page_title(self.course, source, uri, titled)
        if title:
            page.meta["title"] = title
        # The notice's links are addresses already, not links to Markdown files for MkDocs to
        # resolve: it is put back into the page's HTML with the macros'.
        return insert_notice(rendered, str(as_html_block(notice, blocks)) if notice else "")

    def _withheld(
        self, uri: str, english: str, lang: str, problems: list[Problem], blocks: list[str], links: NoticeLinks
    ) -> tuple[SourceFile, str, str]:
        """The English page in place of a translation that may not be published, and its notice."""
        self._record_withheld(uri, problems)
        blocks.clear()  # what the failed translation's macros left
        source = SourceFile(english, ENGLISH, lesson_of(uri))
        try:
            rendered = prepare.check_and_render(self.course, source, uri, lang, prepare.read_page(self.course, english), blocks)
        except CourseError as error:
            raise PluginError(str(error)) from None
        return source, rendered, withheld_notice(self.course, lang, links)

    def published_html(self, html: str, page: Page, config: MkDocsConfig, lang: str) -> str:
        """The page's HTML as the engine made it, held against the output policy once more: what
        is published is judged, not only what GitHub's parser made of the text. Nothing of a page
        that fails here is published (in a deploy, the notice and a link to the English page)."""
        uri = page.file.src_uri
        source, text = self.sources.get(uri), self.texts.pop(uri, "")  # (its last use: a group builds many languages)
        if source is None or uri in self.withheld or english_source_of(source.path) is None:
            return html
        problems = output_problems(html, source.path, text)
        if not problems:
            return html
        if not self.withhold:
            raise PluginError("\n".join(map(str, problems)))
        self._record_withheld(uri, problems)
        page.toc = get_toc([])  # nor its headings in the table of contents
        return withheld_notice(self.course, lang, notice_links(page, config, lang))

    def _record_withheld(self, uri: str, problems: list[Problem]) -> None:
        self.withheld[uri] = problems
        for problem in problems:
            log.info("withheld (not published until fixed): %s", problem)

    def shown_source(self, uri: str) -> SourceFile | None:
        """The file whose text the page shows: the English one for a withheld translation."""
        source = self.sources.get(uri)
        if uri in self.withheld and source is not None:
            english = english_source_of(source.path)
            return SourceFile(english, ENGLISH, source.lesson) if english else source
        return source

    def set_edit_url(self, page: Page, config: MkDocsConfig) -> None:
        source = self.sources.get(page.file.src_uri)
        if source is not None and config.repo_url:
            page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri or ''}{source.path}"
        elif source is None:  # a generated changes page edits its translation; other generated pages nothing
            page.edit_url = changes.edit_url(self.course, page.file.src_uri, config.repo_url, config.edit_uri or "")

    def restore_html(self, output: str, page: Page) -> str:
        """The macros' HTML back in the written page."""
        return restore_html_blocks(output, self.html_blocks.pop(page.file.src_uri, []))


def notice_links(page: Page, config: MkDocsConfig, lang: str) -> NoticeLinks:
    """Addresses a notice links to, relative to the page (works under any site sub-path)."""
    url = page.url or ""
    parts = [part for part in url.split("/") if part]
    depth = len(parts) if url.endswith("/") or not url else len(parts) - 1
    to_root = "../" * depth or "./"
    prefix = f"{lang}/"
    english_path = url[len(prefix) :] if lang != ENGLISH and url.startswith(prefix) else url
    guide = GUIDE_PAGE + ("/" if config.use_directory_urls else ".html")
    guide = to_root + (prefix if lang != ENGLISH else "") + guide
    return NoticeLinks(english=to_root + english_path, update_guide=f"{guide}#{UPDATE_ANCHOR}", start_guide=f"{guide}#{START_ANCHOR}")
