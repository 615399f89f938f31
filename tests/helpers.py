"""What the tests share: the repository, throwaway course copies, and the commands run as a user
runs them, in this process where that proves the same.

- `coursegen(root, *args)` runs the coursegen command (`coursegen.cli.main`) in this process and
  returns its exit code and output, as the command's own process would print them.
- `build_site(root, site)` runs `mkdocs build --strict` (MkDocs' own command line, in this
  process); `build_site_in_own_process` is for what only a new interpreter shows (a hash seed,
  a module put on or taken off the import path).

Each in-process run restores what a build or command changes for its process: the environment,
the working folder, the logging handlers and filters MkDocs adds, warnings and the collector's
thresholds. A build of this process's plugins equals a build in its own process file for file:
tests/test_determinism.py compares the session's site with one built in a new interpreter.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import json
import logging
import os
import shutil
import subprocess
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.browser import CHROMEDRIVER, CHROMIUM

REPO = Path(__file__).resolve().parent.parent
# The upstream sample translation (lesson 16 in Malay) lives beside the repository, not in it.
SEED = REPO.parent / "shared" / "seed" / "000_e77b85abc9a52a9c.txt"
LESSON = "16-open-source-models"
CONTENT = ("course.yml", "mkdocs.yml", "lessons", "translations", "data", "macros", "docs", "CONTRIBUTING.md")
# The tests were written for the course this repository ships: lesson 16, translated into these
# languages (Swahili with interface strings only). A maintainer who imports a whole course keeps a
# working suite: the copies the tests run on hold only this part of the content (all of its files).
SHIPPED_LESSONS = (LESSON,)
# language -> its translated lessons in the tests' copy of the course. Swahili's lesson is left out
# of the copy so that one language falls back to English (notices, status "missing", a theme
# without the language); the real Swahili lesson is held to the rules by test_lesson_prose.py and
# test_check.py, which read the repository's own files.
SHIPPED_TRANSLATIONS = {"ar": (LESSON,), "ja": (LESSON,), "ms": (LESSON,), "sw": ()}
SHIPPED_LANGUAGES = tuple(SHIPPED_TRANSLATIONS)
SITE_FOLDERS = ("assets", "overrides")  # docs/ folders that are not a language
SIDECAR_NAME = ".co-op-translator.json"


@dataclass
class Run:
    """A command's exit code and output (the fields of subprocess.CompletedProcess the tests read)."""

    returncode: int
    stdout: str
    stderr: str


def _shipped(folder: str, names: list[str]) -> set[str]:
    """What copy_course leaves out of a content folder: lessons and languages the tests do not know."""
    parent = Path(folder)
    if parent == REPO / "lessons":
        return {name for name in names if (parent / name).is_dir() and name not in SHIPPED_LESSONS}
    if parent == REPO / "translations":
        return {name for name in names if (parent / name).is_dir() and name not in SHIPPED_LANGUAGES}
    if parent.parent == REPO / "translations":  # (the shipped translations keep their metadata inline: no sidecar)
        return {
            name
            for name in names
            if name == SIDECAR_NAME or (parent / name).is_dir() and name not in SHIPPED_TRANSLATIONS.get(parent.name, ())
        }
    if parent == REPO / "docs":
        known = {"en", *SHIPPED_LANGUAGES, *SITE_FOLDERS}
        return {name for name in names if (parent / name).is_dir() and name not in known}
    return {name for name in names if name == "__pycache__"}


def copy_course(target: Path) -> Path:
    """A throwaway copy of the course's content (its shipped lessons and languages), for tests that
    read, change or break it."""
    target.mkdir(parents=True, exist_ok=True)
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=_shipped)
        else:
            shutil.copy2(source, target / name)
    return target


def seed_text() -> str:
    """The upstream sample translation from ../shared/seed/; the calling test skips without it."""
    if not SEED.is_file():
        pytest.skip(f"the upstream sample translation ../shared/seed/{SEED.name} is not beside the repository ({SEED.parent})")
    return SEED.read_text("utf-8")


# -- the browser tests' tools ---------------------------------------------------------------------

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
HOW_TO_ENABLE_BROWSER_TESTS = "to run them: `sudo apt-get install -y chromium chromium-driver` and `npm ci` (Node.js), then `make test`"


def in_ci() -> bool:
    """CI (.ci/run sets CI=true) runs everything: there a missing tool fails instead of skipping."""
    return os.environ.get("CI", "").lower() == "true"


def browser_tools_missing() -> str | None:
    """What the browser tests lack on this machine (None: they can run)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (it is in requirements.lock)"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).is_file() or shutil.which(path)):
            return f"{path} not found"
    if not AXE.is_file():
        return f"{AXE.relative_to(REPO)} not found (axe-core, from npm)"
    return None


# -- commands in this process ---------------------------------------------------------------------


@contextlib.contextmanager
def process_state(cwd: Path | None = None, env: dict[str, str] | None = None) -> Iterator[None]:
    """Run in cwd with env added to the environment; afterwards put back what a command or a build
    may change for its whole process (a build sets SOURCE_DATE_EPOCH and the collector's
    thresholds, MkDocs adds logging handlers and filters and replaces warnings.showwarning)."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_gc = gc.get_threshold()
    loggers = {name: logging.getLogger(name) for name in ("mkdocs", "mkdocs.commands.build")}
    saved_logging = {
        name: (logger.level, logger.propagate, list(logger.handlers), list(logger.filters)) for name, logger in loggers.items()
    }
    os.environ.update(env or {})
    try:
        with warnings.catch_warnings():
            if cwd is not None:
                os.chdir(cwd)
            yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        gc.set_threshold(*saved_gc)
        for name, logger in loggers.items():
            level, logger.propagate, logger.handlers[:], logger.filters[:] = saved_logging[name]
            logger.setLevel(level)


def run_main(main: Callable[[list[str]], int | None], argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """A command-line entry point called in this process: its exit code, standard output and
    standard error as its own process would give them (a crash prints its traceback, exit 1)."""
    out, err = io.StringIO(), io.StringIO()
    with process_state(cwd, env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:  # argparse's usage errors, sys.exit(...)
            code = exit.code
            if isinstance(code, str):
                print(code, file=err)
                code = 1
        except Exception:
            traceback.print_exc(file=err)
            code = 1
    return Run(code or 0, out.getvalue(), err.getvalue())


def coursegen(root: Path, *args: str, cwd: Path | None = None) -> Run:
    """The coursegen command as a user runs it in root, or cwd (cli.main, in this process)."""
    from coursegen import cli

    return run_main(cli.main, ["--root", str(root), *args], cwd=cwd or (root if root.is_dir() else None))


def status_json(root: Path) -> dict:
    result = coursegen(root, "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def translation(root: Path, lang: str, slug: str = LESSON) -> Path:
    return root / "translations" / lang / slug / "README.md"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the course's content folders, to prove a command changed nothing."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("lessons", "translations", "docs")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def build_site(root: Path, site_dir: Path, *extra: str, env: dict | None = None) -> Run:
    """`mkdocs build --strict` of the course at root into site_dir: MkDocs' own command line,
    called in this process (load_config, the plugins' on_startup, build, on_shutdown)."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli as mkdocs_command

    args = ["build", "--strict", "--clean", "--site-dir", str(site_dir), "--config-file", str(root / "mkdocs.yml"), *extra]
    with process_state(root, {"NO_MKDOCS_2_WARNING": "1", **(env or {})}):
        result = CliRunner().invoke(mkdocs_command, args, prog_name="mkdocs")
    stderr = result.stderr
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))  # as the process would print it
    return Run(result.exit_code, result.stdout, stderr)


@contextlib.contextmanager
def served_like_pages(folder: Path, name: str, env: dict | None = None) -> Iterator[str]:
    """The shipped course built for a GitHub Pages project sub-path, into folder/pages/<name>, and
    served there as Pages serves it (coursegen.site.preview: nothing outside /<name>/, the root
    404.html for a missing address); yields the site's address, http://127.0.0.1:<port>/<name>/."""
    import threading

    from coursegen.site.preview import serve

    root = copy_course(folder / "course")
    server = serve(folder / "pages", name, quiet=True)  # bound first: the address goes into the build
    url = f"http://127.0.0.1:{server.server_address[1]}/{name}/"
    result = build_site(root, folder / "pages" / name, env={"SITE_URL": url, **(env or {})})
    assert result.returncode == 0, result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


# -- what needs its own process -------------------------------------------------------------------


def build_site_in_own_process(root: Path, site_dir: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The same build in a new interpreter: for a hash seed or a changed import path (PYTHONPATH),
    which only a process's start takes into account."""
    from coursegen.site.preview import build_in_own_process

    return build_in_own_process(root, site_dir, *extra, env=env, capture_output=True, text=True, timeout=600)


# -- one expensive result for every test process ---------------------------------------------------


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """make(folder) run once per test run, even with several pytest-xdist workers: the first
    worker makes it in a folder all workers share, the others wait for it and reuse it."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the workers of this run
    folder = base / f"once-{name}"
    with open(base / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".made"
        if done.is_file():
            return Path(done.read_text(encoding="utf-8"))
        if folder.exists():  # a worker that failed while making it: start again
            shutil.rmtree(folder)
        folder.mkdir()
        result = make(folder)
        done.write_text(str(result), encoding="utf-8")
        return result
