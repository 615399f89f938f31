"""The package layout is the data flow: load → check and render → translators' tools / site build →
command line. A module imports only from its own stage or an earlier one, and no import circle
exists between modules (imports inside functions included)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "coursegen"

# Stage of each sub-package: a module may import modules of a stage at most its own.
# translators and site both build on pages and never on each other.
STAGES = {"problems": 0, "escape": 0, "content": 1, "pages": 2, "translators": 3, "site": 3, "cli": 4}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            found |= {target for target in targets if target in modules and target != name}
        assert not any(isinstance(node, ast.ImportFrom) and node.level for node in ast.walk(ast.parse(path.read_text()))), (
            f"{path}: relative import (absolute imports show the stage)"
        )
        graph[name] = {target for target in found if target.count(".") >= 1}
    return graph


def _stage(module: str) -> str:
    return module.split(".")[1]


def test_imports_go_down_the_flow() -> None:
    wrong = []
    for module, targets in _imports().items():
        if module == "coursegen":
            continue
        stage = _stage(module)
        for target in targets:
            other = _stage(target)
            if STAGES[other] > STAGES[stage] or (STAGES[other] == STAGES[stage] and other != stage):
                wrong.append(f"{module} ({stage}) imports {target} ({other})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_circle() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    circles: list[str] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not circles, "\n".join(circles)
