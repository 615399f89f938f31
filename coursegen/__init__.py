"""coursegen: a multilingual course site generator.

Data flows load → check → render → build:
  course.py (load the content model) → check.py (find problems) →
  render.py (sandboxed Jinja macros, per language) → site/ (the build: the only
  package that imports MkDocs, Material, mkdocs-static-i18n or pymdownx).
"""

__version__ = "0.1.0"
