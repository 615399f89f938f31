"""coursegen: a multilingual course site generator.

Data flows load → check → render → build:
  course.py (load the content model) → check.py (find problems) →
  render.py (sandboxed Jinja macros, per language) → mkdocs_adapter.py (the only
  module that imports MkDocs).
"""

__version__ = "0.1.0"
