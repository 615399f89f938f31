"""coursegen: a multilingual course site generator.

Data flows load → check and render → build (ARCHITECTURE.md):
  content/ (load the course: lessons, translations, data, status) →
  pages/ (one reading of each page by cmark-gfm, sandboxed macros, one output policy) →
  translators/ (check, diff, stamp, import) and site/ (the build: the only package that
  imports MkDocs, Material, mkdocs-static-i18n or pymdownx).
"""

__version__ = "0.1.0"
