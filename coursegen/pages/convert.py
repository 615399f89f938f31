"""A page's Markdown converted to HTML as the site build converts it, without the site engine.

The HTML the build publishes, for the hostile-text benchmark and the tests (check and validate
judge cmark-gfm's HTML, coursegen.pages.gfm.page_html, as the build does before it converts). The
extensions and their settings are read from mkdocs.yml, the one place that lists them (the first
is coursegen.pages.gfm); Python-Markdown loads them by name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import markdown
import yaml

# MkDocs puts these before the extensions mkdocs.yml lists, in every build.
ENGINE_EXTENSIONS = ("toc", "tables", "fenced_code")


class _SettingsLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: a tag MkDocs understands (`!ENV`, `!relative`) keeps its value."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_SettingsLoader.add_multi_constructor("!", _untagged)


def markdown_settings(root: Path) -> tuple[list[str], dict[str, dict]]:
    """The site's Markdown extensions, in MkDocs' order, and each one's settings (mkdocs.yml)."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_SettingsLoader)  # noqa: S506 - safe loader
    names: list[str] = list(ENGINE_EXTENSIONS)
    settings: dict[str, dict] = {}
    for entry in config.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in names:
            names.append(name)
        settings[name] = {**settings.get(name, {}), **(options or {})}
    return names, settings


@functools.lru_cache(maxsize=4)  # one converter per repository and process
def converter(root: Path) -> Callable[[str], str]:
    """Markdown → HTML with the site's extensions; the converter is reset between pages."""
    names, settings = markdown_settings(root)
    engine = markdown.Markdown(extensions=names, extension_configs=settings)
    return lambda text: engine.reset().convert(text)
