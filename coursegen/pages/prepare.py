"""Every page of the site, read, checked and rendered without the site engine.

The build (through the adapter) and `coursegen validate` share these functions, so a page that
`validate` accepts is a page the strict build accepts, and they report the same file:line.
"""

from __future__ import annotations

from coursegen.content.course import ENGLISH, Course
from coursegen.content.reading import read
from coursegen.content.sources import SourceFile, SourceMap, lesson_of, plan_stage
from coursegen.content.textfile import read_text
from coursegen.pages.context import PageContext
from coursegen.pages.gfm import page_html
from coursegen.pages.guard import english_source_of, links_leaving_site, markup_limits, markup_problems
from coursegen.pages.notices import GUIDE_PAGE, NoticeLinks, insert_notice, page_notice
from coursegen.pages.render import render_page
from coursegen.pages.sanitize import output_problems
from coursegen.problems import CourseError, Problem


def read_page(course: Course, path: str) -> str:
    """A page's text (repository path), refusing an empty file: it would publish a blank page."""
    text = read_text(course.root / path, path)
    if not text.strip():
        raise CourseError(Problem(path, 0, "the file is empty: a page needs some text (delete the file to drop the page)"))
    return text


def page_problems(course: Course, source: SourceFile, staged_path: str, text: str) -> list[Problem]:
    """What the guard refuses in one page, by line: structure the site cannot show, markup the
    output policy will refuse in a contributed page, links out of the site."""
    problems = markup_limits(text, source.path)
    if english_source_of(source.path) is not None:
        problems += markup_problems(text, source.path)
    problems += links_leaving_site(text, staged_path, source.path)
    return problems


def check_and_render(
    course: Course, source: SourceFile, staged_path: str, lang: str, text: str, html_blocks: list[str] | None = None
) -> str:
    """A page's final Markdown in a language, or a CourseError naming every problem.

    With html_blocks, macros leave their HTML there and a mark in the Markdown (the Markdown
    parser never reads it); the caller puts it back into the page's HTML."""
    problems = page_problems(course, source, staged_path, text)
    if problems:
        raise CourseError(problems)
    ctx = PageContext(course=course, lang=lang, lesson=lesson_of(staged_path), source_lang=source.lang, html_blocks=html_blocks)
    return render_page(text, ctx, source.path)


# Where a notice's links lead does not change what the page may publish: relative addresses.
_NOTICE_LINKS = NoticeLinks(english="../", update_guide=f"../{GUIDE_PAGE}/", start_guide=f"../{GUIDE_PAGE}/")


def output_check(course: Course, source: SourceFile, staged_path: str, lang: str, rendered: str, text: str) -> list[Problem]:
    """A contributed page's rendered Markdown (the macros' HTML set aside) with its notice, held
    against the output policy as the build holds it (`final_page_problems`), before any build.
    text is the page as written, where a problem's line is looked for."""
    notice = page_notice(course, lang, source.lang, lesson_of(staged_path), _NOTICE_LINKS)
    return final_page_problems(source, insert_notice(rendered, notice), text)


def final_page_problems(source: SourceFile, markdown: str, text: str) -> list[Problem]:
    """What the output policy (coursegen.pages.sanitize) refuses in a contributed page's final
    Markdown, converted as GitHub converts it (coursegen.pages.gfm); nothing for English pages,
    which are the maintainers'."""
    if english_source_of(source.path) is None:
        return []
    return output_problems(page_html(markdown), source.path, text)


def page_title(course: Course, source: SourceFile, staged_path: str, markdown: str) -> str | None:
    """A page's title: for a lesson's page, its title in the page's language (lesson.yml); else
    its `# ` heading, else the alt text of a banner above its first heading, else its first
    heading, else None (the engine's own choice). Never the file's name: every lesson page is a
    README. A lesson's other pages (a sub-folder's README, a resources page) have their own."""
    slug = lesson_of(staged_path)
    if slug is not None and slug in course.lessons and staged_path.split("/")[-2:] == [slug, "README.md"]:
        if source.lang == ENGLISH:
            title = course.lessons[slug].facts.get("title")
        else:
            translation = course.translations.get((source.lang, slug))
            title = translation.words.get("title") if translation is not None else None
        if title:
            return str(title)
    page = read(markdown).outline
    found = [heading for heading in page.headings if heading.text]
    top = next((heading for heading in found if heading.level == 1), None)
    if top is None:
        # No `# ` heading: a banner above the first heading names the page better than that
        # heading (upstream lessons open with the banner, then "## Introduction").
        if page.first_image and page.first_image[1].strip() and (not found or page.first_image[0] < found[0].line):
            return page.first_image[1].strip()
        top = found[0] if found else None
    return top.text if top else None


def site_pages(plan: SourceMap) -> dict[str, SourceFile]:
    return {staged: source for staged, source in plan.items() if staged.endswith(".md")}


def validate_pages(course: Course, languages: list[str] | None = None) -> list[Problem]:
    """Render every page in every language it is shown in (English fills the gaps), and convert
    each contributed page and hold its HTML against the output allowlist, as the build does."""
    languages = languages or course.languages
    pages = site_pages(plan_stage(course, languages))
    problems: list[Problem] = []
    for lang in languages:
        for staged, source in sorted(pages.items()):
            staged_lang, _, rest = staged.partition("/")
            if staged_lang != lang and not (staged_lang == ENGLISH and f"{lang}/{rest}" not in pages):
                continue  # another language's page, or an English page this language translates
            try:
                text = read_page(course, source.path)
                rendered = check_and_render(course, source, f"{lang}/{rest}", lang, text, [])
                problems += output_check(course, source, f"{lang}/{rest}", lang, rendered, text)
            except CourseError as error:
                problems.extend(error.problems)
    return sorted(set(problems))


def withheld_pages(course: Course, languages: list[str] | None = None) -> list[Problem]:
    """Why each translated page a deploy would withhold (its English page shown instead) cannot
    be published: the problems `validate` reports for it, by file and line."""
    languages = languages or course.languages
    problems: list[Problem] = []
    for staged, source in sorted(site_pages(plan_stage(course, languages)).items()):
        lang = staged.partition("/")[0]
        if source.lang == ENGLISH or lang != source.lang or english_source_of(source.path) is None:
            continue
        try:
            text = read_page(course, source.path)
            rendered = check_and_render(course, source, staged, lang, text, [])
            problems += output_check(course, source, staged, lang, rendered, text)
        except CourseError as error:
            problems.extend(error.problems)
    return sorted(set(problems))
