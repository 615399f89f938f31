"""Where our build's time goes, by stage: the whole site built in one process (`mkdocs build`: the
same work `coursegen build` shares among its groups) under cProfile, its time split among the
stages of the flow. The profiler slows Python about twice: read the shares, not the seconds.

Each stage is the cumulative time of the functions that do it (a function's own and its callees'),
so the figures read as "of the build's time, this much was spent loading, this much in Markdown";
the stages do not nest. `python -m benchmarks.profile_stages <course folder>`.
"""

from __future__ import annotations

import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

# stage -> the functions whose cumulative time it is: (file's path ending, function name[, only
# when called from this function]).
STAGES: dict[str, list[tuple[str, str, str | None]]] = {
    "load the course": [("coursegen/content/course.py", "load_course", None)],
    "check page text": [("coursegen/pages/prepare.py", "page_problems", None)],
    "render macros (sandboxed)": [("coursegen/pages/render.py", "render_page", None)],
    "Markdown (cmark-gfm, tree, toc)": [("mkdocs/structure/pages.py", "render", None)],
    "sanitise (output policy)": [("coursegen/pages/sanitize.py", "judge", None)],
    "theme templates": [("jinja2/environment.py", "render", "_build_page"), ("jinja2/environment.py", "render", "_build_template")],
    "search index": [
        # (the theme's page_context handler, or ours in its place: material_search.on_page_context,
        # which calls the theme's for a page with attributes to strip)
        ("material/plugins/search/plugin.py", "on_page_context", "run_event"),
        ("coursegen/site/material_search.py", "on_page_context", None),
        ("coursegen/site/language_search.py", "keep", None),
        ("coursegen/site/language_search.py", "write", None),
    ],
    "write files": [("mkdocs/utils/__init__.py", "write_file", None), ("mkdocs/structure/files.py", "copy_file", None)],
}


def profile(root: Path) -> tuple[float, dict[str, float]]:
    """Build the course at root under cProfile: the profiled build's wall time and each stage's seconds."""
    with tempfile.TemporaryDirectory(prefix="coursegen-profile-") as folder:
        output = Path(folder) / "build.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "mkdocs", "build", "--quiet"]
        command += ["--config-file", str(root / "mkdocs.yml"), "--site-dir", str(Path(folder) / "site")]
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        started = time.perf_counter()
        subprocess.run(command, cwd=root, env=environment, check=True, capture_output=True)
        wall = time.perf_counter() - started
        stats = pstats.Stats(str(output)).stats  # type: ignore[attr-defined]  # (file, line, name) -> (cc, nc, tt, ct, callers)
    seconds = {}
    for stage, functions in STAGES.items():
        total = 0.0
        for ending, name, caller in functions:
            for (file, _line, function), (_cc, _nc, _tt, cumulative, callers) in stats.items():
                if function != name or not file.endswith(ending):
                    continue
                if caller is None:
                    total += cumulative
                else:
                    total += sum(figures[3] for (_f, _l, calling), figures in callers.items() if calling == caller)
        seconds[stage] = total
    return wall, seconds


def report(console: Console, root: Path) -> None:
    wall, seconds = profile(root)
    table = Table(title=f"Our build by stage: the whole site in one process, under cProfile ({wall:.1f} s)", title_justify="left")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    table.add_column("share", justify="right")
    for stage, value in seconds.items():
        table.add_row(stage, f"{value:.2f}", f"{100 * value / wall:.0f}%")
    rest = wall - sum(seconds.values())
    table.add_row("the rest (MkDocs, plugins, start-up)", f"{rest:.2f}", f"{100 * rest / wall:.0f}%")
    console.print(table)


if __name__ == "__main__":
    report(Console(highlight=False), Path(sys.argv[1]))
