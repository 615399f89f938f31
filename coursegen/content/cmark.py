"""GitHub's Markdown parser, cmark-gfm, called through its C library (the cmarkgfm package): a
page rendered as GitHub renders it, and its tree walked node by node for coursegen.content.reading.
Every document and string the library allocates is freed here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cffi
import cmarkgfm
import cmarkgfm._cmark
from cmarkgfm.cmark import Options

# GitHub's extensions; raw HTML is kept (GitHub sanitises after rendering, as our output policy
# does), and tagfilter writes <script>, <iframe>, <style> … as text, as GitHub does.
EXTENSIONS = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
OPTIONS = Options.CMARK_OPT_UNSAFE

# cmarkgfm's markdown_to_html_with_extensions frees neither the document tree nor the HTML
# string it renders (about 130 kB lost per lesson page: a full-scale build grew by gigabytes).
# Its C library is called here the same way, and both are freed; the functions its binding does
# not declare (freeing, walking the tree) are looked up in the same library.
_LIB, _FFI = cmarkgfm._cmark.lib, cmarkgfm._cmark.ffi
ffi = cffi.FFI()
ffi.cdef("""
    typedef struct cmark_node cmark_node;
    typedef struct cmark_iter cmark_iter;
    void cmark_node_free(cmark_node *node);
    void free(void *pointer);
    cmark_iter *cmark_iter_new(cmark_node *root);
    int cmark_iter_next(cmark_iter *iter);
    cmark_node *cmark_iter_get_node(cmark_iter *iter);
    void cmark_iter_free(cmark_iter *iter);
    cmark_node *cmark_node_parent(cmark_node *node);
    const char *cmark_node_get_type_string(cmark_node *node);
    int cmark_node_get_type(cmark_node *node);
    const char *cmark_node_get_literal(cmark_node *node);
    const char *cmark_node_get_url(cmark_node *node);
    const char *cmark_node_get_fence_info(cmark_node *node);
    int cmark_node_get_fenced(cmark_node *node, int *length, int *offset, char *character);
    int cmark_node_get_heading_level(cmark_node *node);
    int cmark_node_get_start_line(cmark_node *node);
    int cmark_node_get_start_column(cmark_node *node);
    int cmark_node_get_end_line(cmark_node *node);
    int cmark_node_get_end_column(cmark_node *node);
""")
lib = ffi.dlopen(cmarkgfm._cmark.__file__)
_LIBC = ffi.dlopen(None)
_DONE, _ENTER = 1, 2


def _ours(pointer: Any, kind: str = "cmark_node *") -> Any:
    return ffi.cast(kind, int(_FFI.cast("uintptr_t", pointer)))


def _parsed(text: str, options: int) -> tuple[Any, Any]:
    """(parser, document) of text; the caller frees both (_free)."""
    _LIB.cmark_gfm_core_extensions_ensure_registered()
    parser = _LIB.cmark_parser_new(options)
    for name in EXTENSIONS:
        _LIB.cmark_parser_attach_syntax_extension(parser, _LIB.cmark_find_syntax_extension(name.encode()))
    data = text.encode("utf-8")
    _LIB.cmark_parser_feed(parser, data, len(data))
    return parser, _LIB.cmark_parser_finish(parser)


def _free(parser: Any, document: Any) -> None:
    lib.cmark_node_free(_ours(document))
    _LIB.cmark_parser_free(parser)


def render_html(text: str, options: int = OPTIONS) -> str:
    """cmark-gfm's HTML of text with GitHub's extensions (cmarkgfm's own function, without its leak)."""
    parser, document = _parsed(text, options)
    try:
        html = _LIB.cmark_render_html(document, options, _LIB.cmark_parser_get_syntax_extensions(parser))
        try:
            return _FFI.string(html).decode("utf-8")
        finally:
            _LIBC.free(_ours(html, "void *"))
    finally:
        _free(parser, document)


def string(pointer: Any) -> str:
    return ffi.string(pointer).decode("utf-8", "replace") if pointer else ""  # (a NULL pointer is false)


def literal(node: Any, _get: Any = lib.cmark_node_get_literal, _string: Any = ffi.string) -> str:
    """A text's, a code span's or block's, raw HTML's text (the walk asks for it at every text)."""
    pointer = _get(node)
    return _string(pointer).decode("utf-8", "replace") if pointer else ""


_KINDS: dict[int, str] = {}  # cmark's node types by number (extensions number theirs when loaded)


def kind(node: Any) -> str:
    number = lib.cmark_node_get_type(node)
    kind = _KINDS.get(number)
    if kind is None:
        kind = _KINDS[number] = string(lib.cmark_node_get_type_string(node))
    return kind


def walk(text: str, visit: Callable[[str, Any, bool], None], options: int = OPTIONS) -> None:
    """Call visit(kind, node, entering) for every node of text's tree, in document order; a node
    with children is met entering and leaving, a leaf only entering. The tree is freed at the end.
    (A callback rather than a generator: a page has hundreds of nodes, each a resumption less.)"""
    parser, document = _parsed(text, options)
    iterator = lib.cmark_iter_new(_ours(document))
    next_event, get_node, get_type, kinds = lib.cmark_iter_next, lib.cmark_iter_get_node, lib.cmark_node_get_type, _KINDS
    try:
        while (event := next_event(iterator)) != _DONE:  # (the library's functions held: called per node)
            node = get_node(iterator)
            visit(kinds.get(get_type(node)) or kind(node), node, event == _ENTER)
    finally:
        lib.cmark_iter_free(iterator)
        _free(parser, document)
