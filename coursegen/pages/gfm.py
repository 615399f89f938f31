"""Pages read as GitHub reads them: GitHub-Flavored Markdown by GitHub's own parser, cmark-gfm.

The course's readers know its pages from GitHub, whose renderer is cmark-gfm: lists indented by
2 or 3 spaces nest, a code fence inside an HTML comment stays a comment, `<br>` and raw HTML stay
where they were written, tables, task lists, strikethrough and bare links are GitHub's, and
alerts (`> [!NOTE]`) become the theme's admonitions titled in the reader's language.

`page_html(text)` is cmark-gfm's HTML of a page (what the output policy, coursegen.pages.sanitize,
judges). `GithubMarkdown` makes the site engine's Markdown converter (Python-Markdown, which MkDocs
and its table of contents, heading permalinks and link checks are built on) take that HTML as
its document: the page is parsed by cmark-gfm once, read as a browser reads it (lexbor), and
handed over as a finished tree, so no Markdown rule of Python-Markdown ever applies to it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocTreeprocessor, nest_toc_tokens, remove_fnrefs, render_inner_html, strip_tags
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from selectolax.lexbor import LexborHTMLParser, LexborNode

from coursegen.content.cmark import render_html
from coursegen.pages.sanitize import SAFE_ID

# GitHub's alerts, and the admonition of the theme (Material) each becomes.
ALERTS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "important", "WARNING": "warning", "CAUTION": "caution"}
ALERT_TITLES = {"NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution"}
_ALERT = re.compile(r"\[!(" + "|".join(ALERTS) + r")\][ \t]*(?:\n|$)", re.IGNORECASE)

# Comments are dropped from the published page, but for the marks where macros put their HTML
# back (coursegen.pages.context.HTML_BLOCK_MARK) after the conversion.
_KEPT_COMMENT = re.compile(r"\s*coursegen-html-block \d{1,9}\s*")


@functools.lru_cache(maxsize=4)  # the output policy judges the very HTML the page is then made of
def page_html(text: str) -> str:
    """A page's Markdown as GitHub renders it (before GitHub's sanitising, which our output
    policy stands in for)."""
    return render_html(text)


class _SlugCharacters(dict[int, int | None]):
    """str.translate's table for an anchor: a letter, number or mark of any script, a space, a
    hyphen or an underscore is kept, anything else dropped (each character looked up once)."""

    def __missing__(self, code: int) -> int | None:
        character = chr(code)
        kept = character in " -_" or unicodedata.category(character)[0] in "LNM"
        self[code] = code if kept else None
        return self[code]


_SLUG_CHARACTERS = _SlugCharacters()


def github_slug(text: str, used: dict[str, int]) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens,
    letters of every script kept; a repeated one gets -1, -2, … (so upstream's `#anchor` links work)."""
    slug = text.strip().lower().translate(_SLUG_CHARACTERS).replace(" ", "-")
    count = used.get(slug, 0)
    used[slug] = count + 1
    return slug if count == 0 else f"{slug}-{count}"


@functools.lru_cache(maxsize=1024)  # a lesson's code is the same in every language
def highlighted(code: str, language: str) -> str | None:
    """A code block coloured by Pygments in the theme's markup; None for a language Pygments
    does not know (the block is then shown plain)."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return None
    formatter = HtmlFormatter(cssclass=f"language-{language} highlight", wrapcode=True)
    return highlight(code, lexer, formatter).replace("<pre>", CODE_BLOCK_OPEN, 1)


# A code block scrolls sideways rather than wrapping inside an identifier. Its <pre> is what
# scrolls (course.css), and takes the keyboard's focus so that it can be scrolled without a
# pointer: the theme makes its <code> focusable only where a pointer can hover, not on a phone.
CODE_BLOCK_OPEN = '<pre tabindex="0">'


def _escaped(text: str) -> AtomicString:
    # Python-Markdown's serializer leaves "&name;" alone: escape every & so text stays text.
    # (AtomicString: no inline rule of Python-Markdown reads it.)
    return AtomicString(text.replace("&", "&amp;"))


# Control characters have no place in a page, and Python-Markdown reads two of them as its own
# marks (STX n ETX: "the character n", STX wzxhzdk:n ETX: "stored HTML block n"): a page that wrote
# &#2;58&#3; would get a ':' back after the output policy had judged the page without it.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain(text: str) -> str:
    return _CONTROL.sub("", text)


def _append_text(parent: etree.Element, text: str) -> None:
    """Text as read (entities decoded); escaped once the tree is complete (_escape_all)."""
    text = _plain(text)
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _escape_all(root: etree.Element) -> None:
    for element in root.iter():
        if element.text and not isinstance(element.text, AtomicString):
            element.text = _escaped(element.text)
        if element.tail and not isinstance(element.tail, AtomicString):
            element.tail = _escaped(element.tail)
        for name, value in element.attrib.items():
            element.set(name, value.replace("&", "&amp;"))


# -- Names kept on one line --------------------------------------------------------------------
# A browser may break "OLMo 2" at its space and "Phi-4" after its hyphen, leaving "Phi-" at a
# line's end (in Arabic the halves land at opposite ends of two lines). Each name the course's
# data declares is wrapped, where the text says it, in a span that course.css keeps on one line;
# the text itself is unchanged (search and copying find the name as written).
ATOM_CLASS = "course-atom"
_NOT_PROSE = {"code", "pre", "kbd", "samp"}


@functools.cache
def atom_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))
    # (The names' first characters, looked at first: most places in a text start none of them.)
    firsts = "".join(sorted({re.escape(name[0]) for name in names if name}))
    return re.compile(rf"(?=[{firsts}])(?<![\w-])(?:{alternatives})(?![\w-])")


def _atoms(text: str, pattern: re.Pattern[str]) -> tuple[str, list[tuple[str, str]]] | None:
    """text as (what comes before the first name, [(name, what follows it up to the next)])."""
    found = list(pattern.finditer(text))
    if not found:
        return None
    pieces = [
        (match.group(), text[match.end() : following.start() if following else len(text)])
        for match, following in zip(found, [*found[1:], None], strict=True)
    ]
    return text[: found[0].start()], pieces


def _span(name: str, tail: str) -> etree.Element:
    span = etree.Element("span", {"class": ATOM_CLASS})
    span.text, span.tail = name, tail
    return span


def keep_atoms_whole(root: etree.Element, pattern: re.Pattern[str]) -> None:
    """Each name in a text of prose (an element's text, or the tail of one of its children) in its span."""
    if not pattern.search("\n".join(root.itertext())):  # (most pages name none: one search of all their text)
        return
    for parent in list(root.iter()):
        if parent.tag in _NOT_PROSE:
            continue
        followed = [child for child in parent if child.tail]  # (before any span is put in: its tail is done)
        if parent.text and (split := _atoms(parent.text, pattern)):
            parent.text = split[0]
            for index, (name, tail) in enumerate(split[1]):
                parent.insert(index, _span(name, tail))
        for element in followed:
            if split := _atoms(element.tail or "", pattern):
                element.tail = split[0]
                at = list(parent).index(element) + 1
                for index, (name, tail) in enumerate(split[1]):
                    parent.insert(at + index, _span(name, tail))


# A code block's language as its info string names it: only a name Pygments could know goes on.
_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]{1,40}")


class _TreeBuilder:
    """cmark-gfm's HTML, read by lexbor as a browser reads it, rebuilt as Python-Markdown's tree."""

    def __init__(self, md: Markdown, alert_titles: dict[str, tuple[str, str]]) -> None:
        self.md = md
        self.alert_titles = alert_titles
        self.slugs: dict[str, int] = {}

    def build(self, html: str, root: etree.Element) -> None:
        # (After an opening <body>, so that a comment at the very start stays in the body.)
        body = LexborHTMLParser("<!DOCTYPE html><body>" + html).body
        if body is None:
            return
        # (parent in the new tree, lexbor node): an explicit stack, as deep as the page nests.
        stack: list[tuple[etree.Element, LexborNode]] = [(root, child) for child in reversed(list(body.iter(include_text=True)))]
        while stack:
            parent, node = stack.pop()
            tag = node.tag or ""
            if tag == "-text":
                _append_text(parent, node.text_content or "")
            elif tag == "-comment":
                comment = node.comment_content or ""
                if _KEPT_COMMENT.fullmatch(comment):  # as raw HTML: Python-Markdown's tree takes no comments
                    holder = etree.SubElement(parent, "p")
                    holder.text = self.md.htmlStash.store(f"<!-- {comment.strip()} -->")
            elif not tag.startswith("-"):
                stack += [(element, child) for element, child in self.element(parent, node)]
        _escape_all(root)

    def element(self, parent: etree.Element, node: LexborNode) -> list[tuple[etree.Element, LexborNode]]:
        """The element's copy in the new tree, and its children still to copy (in stack order)."""
        tag = node.tag or ""
        children = list(node.iter(include_text=True))
        if tag == "pre":
            code = node.css_first("code")
            language = ((code.attributes.get("class") or "") if code is not None else "").removeprefix("language-")
            coloured = highlighted(node.text(deep=True), language) if _LANGUAGE.fullmatch(language) else None
            if coloured is not None:
                holder = etree.SubElement(parent, "p")
                holder.text = self.md.htmlStash.store(coloured)
                return []
        if tag == "blockquote":
            alert = self.alert(parent, node, children)
            if alert is not None:
                return alert
        attributes = {_plain(name): _plain(value or "") for name, value in node.attributes.items()}
        if (tag == "a" and "href" not in attributes) or (tag == "img" and "src" not in attributes):
            # MkDocs' link check takes every <a> for a link and every <img> for an image (it stops
            # on one without an address): an anchor (<a name>) or an image without its file is a span.
            if "name" in attributes and "id" not in attributes and SAFE_ID.fullmatch(attributes["name"]):
                attributes["id"] = attributes.pop("name")
            alt = attributes.pop("alt", "") if tag == "img" else ""
            element = etree.SubElement(parent, "span", attributes)
            element.text = alt
            return [(element, child) for child in reversed(children)]
        if tag == "pre":
            attributes["tabindex"] = "0"  # (see CODE_BLOCK_OPEN)
        element = etree.SubElement(parent, tag, attributes)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and not SAFE_ID.fullmatch(element.attrib.get("id", "")):
            # GitHub's anchor; also in place of an id the output policy refuses (the table of
            # contents prints a heading's id unescaped: a quote in it would be markup there).
            element.set("id", github_slug(node.text(deep=True), self.slugs))
        return [(element, child) for child in reversed(children)]

    def alert(self, parent: etree.Element, node: LexborNode, children: list[LexborNode]) -> list[tuple[etree.Element, LexborNode]] | None:
        """A blockquote that opens with `[!NOTE]` alone on its line, as the theme's admonition."""
        first = next((child for child in children if child.tag != "-text" or (child.text_content or "").strip()), None)
        if first is None or first.tag != "p" or first.child is None or first.child.tag != "-text":
            return None
        marker = _ALERT.match(first.child.text_content or "")
        if marker is None:
            return None
        kind = marker.group(1).upper()
        box = etree.SubElement(parent, "div", {"class": f"admonition {ALERTS[kind]}"})
        words_lang, words = self.alert_titles.get(kind) or ("", ALERT_TITLES[kind])
        title = etree.SubElement(box, "p", {"class": "admonition-title"})
        if words_lang:  # the page's language has no word for it yet: the English one, marked so
            title.attrib.update({"lang": words_lang, "dir": "ltr"})
        title.text = words
        # The first paragraph without its marker line (and without the <br> that ended it).
        rest = (first.child.text_content or "")[marker.end() :]
        paragraph = etree.Element("p")
        following = first.child.next
        if rest.strip():
            paragraph.text = rest
        pending: list[tuple[etree.Element, LexborNode]] = []
        while following is not None:
            pending.append((paragraph, following))
            following = following.next
        if pending or rest.strip():
            box.append(paragraph)
        later = children[children.index(first) + 1 :]
        return [(box, child) for child in reversed(later)] + list(reversed(pending))


class _TakeSource(Preprocessor):
    """Takes the page's text before any of Python-Markdown's rules can read it."""

    def __init__(self, md: Markdown, extension: GithubMarkdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.source = "\n".join(lines)
        return []


class _BuildTree(Treeprocessor):
    """The page's tree from cmark-gfm's HTML, before the table of contents and link checks run."""

    def __init__(self, md: Markdown, extension: GithubMarkdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        for child in list(root):
            root.remove(child)
        titles = self.extension.getConfig("alert_titles") or {}
        _TreeBuilder(self.md, titles).build(page_html(self.extension.source), root)
        atoms = self.extension.getConfig("atoms") or []
        if atoms:
            keep_atoms_whole(root, atom_pattern(tuple(atoms)))
        self.extension.source = ""


# A heading's text that Python-Markdown's serializer and postprocessors give back unchanged.
_PLAIN_HEADING = re.compile(r"[^&<>\x02\x03]*")
_HEADING = re.compile(r"[Hh][1-6]")


class _TableOfContents(Treeprocessor):
    """The table of contents and the headings' permalinks, as Python-Markdown's toc extension makes
    them (its settings, its permalink, its tokens), for the tree cmark-gfm's HTML became.

    Every heading already has its id (GitHub's anchor, _TreeBuilder.element), and no page of the
    site holds a marker for the table of contents ("[TOC]" stays text, as on GitHub), so the list
    the extension serialises on every page for that marker (md.toc) is not made: MkDocs and the
    theme read md.toc_tokens only. A heading that is only text needs no serialising to give its
    name. Any other setting, or a heading without an id, leaves the work to the extension's own."""

    def __init__(self, md: Markdown, toc: TocTreeprocessor) -> None:
        super().__init__(md)
        self.toc = toc

    @staticmethod
    def handles(toc: Treeprocessor) -> bool:
        settings = ("marker", "use_anchors", "use_permalinks", "base_level", "toc_top", "toc_bottom", "add_permalink")
        return isinstance(toc, TocTreeprocessor) and all(hasattr(toc, name) for name in settings) and not toc.marker and not toc.use_anchors

    def run(self, root: etree.Element) -> None:
        toc = self.toc
        headings = [element for element in root.iter() if isinstance(element.tag, str) and _HEADING.fullmatch(element.tag)]
        if any("id" not in heading.attrib or "data-toc-label" in heading.attrib for heading in headings):
            toc.run(root)
            return
        tokens = []
        for heading in headings:
            toc.set_level(heading)
            level, anchor = int(heading.tag[-1]), heading.attrib["id"]
            if len(heading) == 0 and _PLAIN_HEADING.fullmatch(heading.text or ""):
                inner = (heading.text or "").strip()
                name = " ".join(inner.split())
            else:
                inner = render_inner_html(remove_fnrefs(heading), self.md)
                name = strip_tags(inner)
            if toc.toc_top <= level <= toc.toc_bottom:
                tokens.append({"level": level, "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
            if toc.use_permalinks not in (False, None):
                toc.add_permalink(heading, anchor)
        self.md.toc_tokens = nest_toc_tokens(tokens)  # type: ignore[attr-defined]
        self.md.toc = ""  # type: ignore[attr-defined]


class GithubMarkdown(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "alert_titles": [{}, "each alert's title (NOTE: (language of its words, or '' for the page's), words)"],
            "atoms": [[], "names that never break across lines (models, licences: 'OLMo 2', 'Phi-4')"],
        }
        self.source = ""
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_TakeSource(md, self), "coursegen_gfm_source", 1000)
        md.treeprocessors.register(_BuildTree(md, self), "coursegen_gfm_tree", 1000)
        # cmark-gfm made every inline: Python-Markdown's inline pass has nothing to do, and it
        # looks up each element with a tail among its siblings (time quadratic in a paragraph's
        # elements: 16,000 emphases took 3 s).
        if "inline" in md.treeprocessors:
            md.treeprocessors.deregister("inline")
        # Nor is there any mark of an escaped character (STX digits ETX) for "unescape" to turn
        # back: control characters never reach the tree (_plain); it would only scan every text.
        if "unescape" in md.treeprocessors:
            md.treeprocessors.deregister("unescape")
        # MkDocs loads the toc extension before the ones mkdocs.yml lists: its processor is here.
        # It runs after MkDocs' link rewriting (priority 0; the extension's own 5): a permalink
        # (href="#…", the heading's own id) is a link that rewriting leaves as it is, after
        # parsing its address; a page at the real course's lengths has a hundred of them.
        if "toc" in md.treeprocessors and _TableOfContents.handles(md.treeprocessors["toc"]):
            md.treeprocessors.register(_TableOfContents(md, md.treeprocessors["toc"]), "toc", -1)


def makeExtension(**kwargs: Any) -> GithubMarkdown:  # noqa: N802 - the name Python-Markdown looks up
    return GithubMarkdown(**kwargs)
