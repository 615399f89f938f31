"""The MkDocs plugin stays a thin file of hooks, and the build's inputs are arguments."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "coursegen" / "site"


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_plugin_is_a_thin_file_of_hooks() -> None:
    assert lines(SITE / "plugin.py") <= 250
    tree = ast.parse((SITE / "plugin.py").read_text(encoding="utf-8"))
    plugin = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "CoursePlugin")
    hooks = [node.name for node in plugin.body if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")]
    assert "on_startup" in hooks and "on_serve" in hooks


# Every patch of third-party code sits in coursegen/site/patches.py, by rule: it grows by one small,
# self-contained section per patch, and is allowed more.
LIMITS = {"coursegen/site/patches.py": 545}


def test_no_module_of_the_package_is_large() -> None:
    """About 450 lines at most: a module that grows past it holds more than one job."""
    paths = {path.relative_to(REPO).as_posix(): path for path in (REPO / "coursegen").rglob("*.py")}
    large = {name: lines(path) for name, path in paths.items() if lines(path) > LIMITS.get(name, 475)}
    assert not large


def test_the_build_reads_no_command_line_and_one_variable() -> None:
    """Languages, staging folder and dirty mode come as arguments (plugin options, on_startup);
    only a `mkdocs serve` preview reads its languages from the environment, in selection.py."""
    for path in sorted(SITE.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "sys.argv" not in text, path.name
        assert "_watched_paths" not in text, path.name  # MkDocs' private list of watched paths
        if path.name != "selection.py":
            assert "COURSEGEN_" not in text, path.name
