"""Benchmark: build the full-scale course with our pipeline and with the stock setup, and compare.

    python -m benchmarks.bench [--langs 55] [--lessons 22] [--jobs N] [--scaling 10,20,40] [--no-stock] [--no-preview] [--no-import]

Generates the course into a temporary folder (benchmarks.fullscale), then measures in the same
run: our build (`coursegen build`, languages split into parallel groups; its cache empty, in the
temporary folder) and the stock setup (Material + search + mkdocs-static-i18n, every language in
one config, built one after another); then a warm rebuild: one translated page changed (the Malay
lesson) and `coursegen build` run again with the cache the cold build filled, its output compared
file for file with a build of the same tree without the cache; then a translator's preview of Malay (`mkdocs serve`, as `make serve ONLY=ms` runs it): time to
the first page, and from each saved change to the served page showing it; then a maintainer's
first publication: a checkout shaped like today's upstream course (tests/upstream_checkout.py,
each lesson as long as its real counterpart, with as many headings, code blocks, links and images)
imported into a copy of this repository and built, both steps timed.
Prints figures; asserts nothing about them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks import fullscale, profile_stages
from coursegen.content.course import ENGLISH, load_course
from coursegen.pages.notices import FALLBACK_CLASS, OUTDATED_CLASS
from coursegen.site import search_index
from coursegen.site.stage import stage
from coursegen.site.theme_cache import bytecode_folder

REPO = Path(__file__).resolve().parent.parent
# Codes mkdocs-static-i18n 1.3.1 refuses in its configuration (only two-letter language subtags).
STOCK_REFUSES = {"pcm"}
out = Console(highlight=False)
if not out.is_terminal:  # printed into a file or CI log: room for the whole table
    out.width = 110


@dataclass
class Run:
    name: str
    languages: int
    pages: int
    seconds: float
    cpu_seconds: float  # processor time, all processes together
    peak_bytes: int
    site_bytes: int
    ok: bool
    note: str = ""
    summary: str = ""  # what the build printed last (ours: what it built, what came from the cache)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def measure(command: list[str], cwd: Path) -> tuple[float, float, int, subprocess.CompletedProcess]:
    """Wall time, processor time and peak memory (resident, summed over the process and its
    children). Processor time hardly depends on what else the machine runs meanwhile."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(process.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                break
            peak = max(peak, total)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.monotonic() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, peak, subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def site_figures(site: Path) -> tuple[int, int]:
    """Pages (each page is a folder's index.html) and total size of a built site."""
    pages = size = 0
    for path in site.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            # The translators' changes pages (/<lang>/changes/<slug>/) are ours only: not counted,
            # so that both setups count the same pages (building them is in our time).
            pages += path.name == "index.html" and path.parent.parent.name != "changes"
    return pages, size


# What our site has that stock's does not make: the outermost elements our macros write (macros/;
# stock leaves each macro call as its text) and the translators' changes pages.
MACRO_OUTPUT = "article.model-card, figure.model-chart, div.data-table, div.english-changes, div.status-strings"


def size_without_macros(site: Path) -> tuple[int, int]:
    """Our site's size without what stock does not make, and the size of the macros' output (each
    outermost element as lexbor writes it again: within a few bytes of the file's)."""
    from selectolax.lexbor import LexborHTMLParser

    def inside_another(node: Any, found: set[int]) -> bool:
        parent = node.parent
        while parent is not None and parent.mem_id not in found:
            parent = parent.parent
        return parent is not None

    size = macros = 0
    for path in site.rglob("*"):
        if not path.is_file() or path.parent.parent.name == "changes":
            continue
        size += path.stat().st_size
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            if "model-" in html or "data-table" in html or "english-changes" in html or "status-strings" in html:
                found = LexborHTMLParser(html).css(MACRO_OUTPUT)
                ids = {node.mem_id for node in found}
                macros += sum(len(node.html.encode("utf-8")) for node in found if not inside_another(node, ids))
    return size - macros, macros


def run_ours(root: Path, languages: int, jobs: int, cache: Path | None = None, site: Path | None = None) -> Run:
    """`coursegen build` of the course at root, with its cache in `cache` (None: no cache)."""
    site = site or root / "site-ours"
    command = [sys.executable, "-m", "coursegen.cli", "build", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)]
    command += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    if jobs:
        command += ["--jobs", str(jobs)]
    seconds, cpu, peak, result = measure(command, root)
    pages, size = site_figures(site) if result.returncode == 0 else (0, 0)
    note = "" if result.returncode == 0 else result.stderr.strip()[-2000:]
    note = note or f"coursegen build: the languages in {jobs or os.cpu_count()} parallel groups" + ("" if cache else ", no cache")
    summary = re.sub(r" into \S+", "", (result.stdout.strip().splitlines() or [""])[-1])
    return Run("ours", languages, pages, seconds, cpu, peak, size, result.returncode == 0, note, summary)


def differing_files(expected: Path, actual: Path) -> list[str]:
    """The files two sites do not have alike (missing, extra, or other bytes), by path."""
    want = {path.relative_to(expected).as_posix() for path in expected.rglob("*") if path.is_file()}
    got = {path.relative_to(actual).as_posix() for path in actual.rglob("*") if path.is_file()}
    same = {name for name in want & got if (expected / name).read_bytes() == (actual / name).read_bytes()}
    return sorted((want | got) - same)


def run_warm(root: Path, course: fullscale.FullScaleCourse, cache: Path, jobs: int) -> Callable[[], bool]:
    """A warm rebuild: the Malay lesson (else the first translated one) gets a paragraph, then
    `coursegen build` runs again into the cold build's folder, with its cache; its output is
    compared, file for file, with a build of the same tree without the cache. Measured at once,
    reported (by the function returned) after the cold builds' table."""
    lang = next(
        (code for code in ["ms", *course.languages] if (root / "translations" / code / fullscale.SOURCE_LESSON / "README.md").is_file()),
        None,
    )
    if lang is None:
        return lambda: out.print("warm rebuild: no translated lesson to change") or True
    page = root / "translations" / lang / fullscale.SOURCE_LESSON / "README.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("\n\n", "\n\nA paragraph added for the warm rebuild.\n\n", 1), encoding="utf-8")
    try:
        warm = run_ours(root, len(course.languages), jobs, cache)
        cold = run_ours(root, len(course.languages), jobs, None, root / "site-cold")
    finally:
        page.write_text(original, encoding="utf-8")
    return lambda: report_warm(root, lang, warm, cold)


def report_warm(root: Path, lang: str, warm: Run, cold: Run) -> bool:
    table = Table(title=f"Rebuild after one changed page (translations/{lang}/{fullscale.SOURCE_LESSON}/README.md)")
    for column in ("build", "wall time", "CPU time", "peak memory", "what it did"):
        table.add_column(column, justify="left" if column in ("build", "what it did") else "right")
    for name, run in (("warm (the cache)", warm), ("cold (--no-cache)", cold)):
        table.add_row(name, f"{run.seconds:.2f} s" if run.ok else "failed", f"{run.cpu_seconds:.1f} s", _mib(run.peak_bytes), run.summary)
    out.print(table)
    if not (warm.ok and cold.ok):
        return False
    differing = differing_files(root / "site-cold", root / "site-ours")
    files = sum(1 for path in (root / "site-cold").rglob("*") if path.is_file())
    if differing:
        out.print(f"[bold red]warm rebuild differs from the cold build in {len(differing)} file(s):[/] {', '.join(differing[:20])}")
    else:
        out.print(f"warm rebuild: identical to the cold build, file for file ({files:,} files)")
    return not differing


def run_stock(root: Path, languages: list[str]) -> Run:
    """The stock setup on the same content, laid out per language the way static-i18n reads it."""
    built = [code for code in languages if code not in STOCK_REFUSES]
    docs = root / "stock-docs"
    stage(load_course(root), built, docs)
    config = fullscale.write_stock_config(root, docs, built)
    site = root / "site-stock"
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config), "--site-dir", str(site)]
    seconds, cpu, peak, result = measure(command, root)
    pages, size = site_figures(site) if result.returncode == 0 else (0, 0)
    notes = ["Material + search + mkdocs-static-i18n, one config, one language after another"]
    skipped = sorted(set(languages) - set(built))
    if skipped:
        notes.append(f"left out {', '.join(skipped)}: its locale check refuses three-letter codes")
    borrowed = [entry["locale"] for entry in fullscale.language_entries(built, stock=True) if entry["theme"]["language"] != entry["locale"]]
    if borrowed:
        notes.append(
            f"{len(borrowed)} languages given a theme language Material has ({', '.join(borrowed)}); without, it crashes "
            "(and every language names its theme language, or static-i18n carries one over to the next)"
        )
    notes.append("macros are not rendered (no coursegen plugin)")
    if result.returncode != 0:
        notes.append("FAILED: " + result.stderr.strip()[-2000:])
    return Run("stock", len(built), pages, seconds, cpu, peak, size, result.returncode == 0, "; ".join(notes))


def _mib(value: int) -> str:
    return f"{value / 2**20:,.0f} MiB"


def report_site_sizes(ours: Path, stock: Run | None) -> None:
    """Our site against stock's for the same pages: stock renders no macro (their output, the model
    cards, charts and tables, is most of ours) and makes no changes pages."""
    if stock is None or not stock.ok or not ours.is_dir():
        return
    without, macros = size_without_macros(ours)
    out.print(
        f"site size without what stock does not make (the macros' output: {_mib(macros)}; the changes pages): "
        f"[bold]{_mib(without)}[/], {without / max(1, stock.site_bytes):.2f}× stock's",
        soft_wrap=True,
    )


def report(runs: list[Run], course: fullscale.FullScaleCourse) -> None:
    states = ", ".join(f"{count} {state}" for state, count in course.states.items())
    out.print(
        f"\n[bold]Full-scale course[/]: {len(course.lessons)} lessons × {len(course.languages)} languages "
        f"({course.pages} pages; translations: {states}), on {os.cpu_count()} processors\n"
    )
    table = Table(title="Cold build of the whole site")
    for column in ("build", "languages", "pages", "wall time", "pages/s", "CPU time", "peak memory", "site size"):
        table.add_column(column, justify="left" if column == "build" else "right")
    for run in runs:
        table.add_row(
            run.name,
            str(run.languages),
            f"{run.pages:,}",
            f"{run.seconds:.1f} s" if run.ok else "failed",
            f"{run.pages_per_second:.1f}",
            f"{run.cpu_seconds:.1f} s",
            _mib(run.peak_bytes),
            _mib(run.site_bytes),
        )
    out.print(table)
    ours = next((run for run in runs if run.name == "ours" and run.ok), None)
    stock = next((run for run in runs if run.name == "stock" and run.ok), None)
    if ours and stock:
        out.print(
            f"ratio stock / ours: [bold]{stock.seconds / ours.seconds:.1f}×[/] in wall time, "
            f"{ours.pages_per_second / stock.pages_per_second:.1f}× in pages per second, "
            f"{stock.cpu_seconds / ours.cpu_seconds:.1f}× in CPU time"
        )
    out.print(
        f"[dim]load average during the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (other work on the machine slows the wall times)[/]"
    )
    for run in runs:
        if run.note:
            out.print(f"[dim]{run.name}: {run.note}[/]")


def check_site(site: Path, course: fullscale.FullScaleCourse) -> list[str]:
    """What readers get, at full scale: each language's search index holds that language's
    pages only, and each lesson page carries the notice its translation's state calls for
    (outdated banner, English fallback notice, or none). Returns the failures."""
    failures = []
    states = {
        (lang, slug): fullscale.translation_state(lang_index, lesson_index)
        for lang_index, lang in enumerate(course.languages)
        for lesson_index, slug in enumerate(course.lessons)
    }
    for lang in course.languages:
        index = json.loads((site / search_index.index_path(lang)).read_text(encoding="utf-8"))
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        expected = {f"{slug}/" for slug in course.lessons}
        if not expected <= locations or any(location.split("/")[0] in course.languages for location in locations if location):
            failures.append(f"{lang}: search index does not hold exactly its own pages")
        if lang == ENGLISH:
            continue
        for slug in course.lessons:
            html = (site / lang / slug / "index.html").read_text(encoding="utf-8")
            state = states[(lang, slug)]
            shown = {
                "outdated": OUTDATED_CLASS in html,
                "missing": FALLBACK_CLASS in html,
            }
            if any(shown.values()) != (state != "up-to-date") or (state in shown and not shown[state]):
                failures.append(f"{lang}/{slug}: {state} translation, but notices shown: {shown}")
    return failures


def report_checks(failures: list[str], course: fullscale.FullScaleCourse) -> None:
    if failures:
        out.print(f"[bold red]site checks failed ({len(failures)}):[/]")
        for failure in failures[:20]:
            out.print(f"  {failure}")
    else:
        lessons = len(course.lessons) * (len(course.languages) - 1)
        out.print(
            f"site checks: {len(course.languages)} search indexes, each with its own language's pages only; "
            f"the notices on all {lessons:,} translated lesson pages match their state "
            f"({course.states.get('outdated', 0)} outdated, {course.states.get('missing', 0)} falling back to English)"
        )


@dataclass
class Preview:
    name: str
    language: str
    start_seconds: float | None  # from the command to the first page served
    rebuild_seconds: list[float]  # from a saved translation to the page showing it
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.start_seconds is not None and not self.note


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def run_preview(root: Path, name: str, lang: str = "ms", saves: int = 3, timeout: float = 60.0) -> Preview:
    """What `make serve ONLY=<lang>` gives a translator: time to the first page, then to each
    saved change of the lesson's translation showing in the served page."""
    port = _free_port()
    slug = fullscale.SOURCE_LESSON
    url = f"http://127.0.0.1:{port}/{lang}/{slug}/"
    page = root / "translations" / lang / slug / "README.md"
    original = page.read_text(encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--dirtyreload", "--no-strict"]
    # Python as a translator runs it: writing its compiled modules (a shell that says not to, as
    # PYTHONDONTWRITEBYTECODE does, would make every start compile our modules again).
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env |= {"NO_MKDOCS_2_WARNING": "1", "COURSEGEN_LANGUAGES": lang}
    start = time.monotonic()
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    result = Preview(name, lang, None, [])
    try:
        while _page(url) is None:
            if server.poll() is not None or time.monotonic() - start > timeout:
                result.note = "the preview did not start: " + (server.stderr.read() if server.poll() is not None else "timeout")[-1000:]
                return result
            time.sleep(0.02)
        result.start_seconds = time.monotonic() - start
        search_url = f"http://127.0.0.1:{port}/{lang}/search/search_index.json"
        indexed = len(json.loads(_page(search_url) or '{"docs": []}')["docs"])
        for number in range(saves):
            time.sleep(1.0)  # a translator's pause between saves
            marker = f"BENCHMARK{number}MARK"
            page.write_text(original.replace("\n\n", f"\n\n{marker}\n\n", 1), encoding="utf-8")
            saved = time.monotonic()
            while marker not in (_page(url) or ""):
                if time.monotonic() - saved > timeout:
                    result.note = "a saved change did not show within the time limit"
                    return result
                time.sleep(0.02)
            result.rebuild_seconds.append(time.monotonic() - saved)
            now_indexed = len(json.loads(_page(search_url) or '{"docs": []}')["docs"])
            if now_indexed != indexed:  # the rebuild must not drop the other pages from search
                result.note = f"the search index held {indexed} sections, {now_indexed} after a save"
    finally:
        page.write_text(original, encoding="utf-8")
        server.send_signal(signal.SIGINT)  # (as a translator's Ctrl-C: MkDocs' serve removes its site folder)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return result


def report_previews(previews: list[Preview]) -> None:
    table = Table(title=f"Preview of one language (make serve ONLY={previews[0].language}; pages polled every 20 ms)")
    for column in ("preview", "first page served", "saved translation shown (each save)"):
        table.add_column(column, justify="left" if column == "preview" else "right")
    for preview in previews:
        table.add_row(
            preview.name,
            f"{preview.start_seconds:.2f} s" if preview.start_seconds is not None else "failed",
            ", ".join(f"{seconds:.2f} s" for seconds in preview.rebuild_seconds) or "-",
        )
    out.print(table)
    for preview in previews:
        if preview.note:
            out.print(f"[dim]{preview.name}: {preview.note}[/]")


def scaling(root_parent: Path, counts: list[int], other: int, jobs: int, by: str = "languages") -> None:
    """Our build at several numbers of languages (or of lessons, the other count fixed): is the
    time per language (per lesson) constant?"""
    table = Table(title=f"Ours, by number of {by} (time should grow linearly)")
    # The fixed costs (start-up, the English root) weigh on small counts: per page shows the rest.
    for column in (by, "pages", "wall time", f"s per {by[:-1]}", f"CPU s per {by[:-1]}", "CPU ms per page"):
        table.add_column(column, justify="right")
    for count in counts:
        languages, lessons = (count, other) if by == "languages" else (other, count)
        root = root_parent / f"scaling-{by}-{count}"
        course = fullscale.generate(REPO, root, languages, lessons)
        fullscale.write_site_config(REPO, root, course.languages)
        run = run_ours(root, languages, jobs)
        table.add_row(
            str(count),
            f"{run.pages:,}",
            f"{run.seconds:.1f} s",
            f"{run.seconds / count:.2f}",
            f"{run.cpu_seconds / count:.2f}",
            f"{1000 * run.cpu_seconds / max(1, run.pages):.0f}",
        )
    out.print(table)


def run_import(parent: Path, languages: int, lessons: int, jobs: int) -> bool:
    """A maintainer's first publication: a checkout shaped like today's upstream course imported
    into a copy of this repository (`coursegen import`), then built (`coursegen build`)."""
    from tests.upstream_checkout import LANGUAGES, SLUGS, write_checkout

    upstream = write_checkout(parent / "upstream", lessons=SLUGS[:lessons], languages=LANGUAGES[: max(0, languages - 1)], real=True)
    words = sum(len(path.read_text("utf-8").split()) for path in upstream.glob("*/README.md")) // max(1, lessons)
    root = parent / "imported"
    root.mkdir(parents=True)
    for name in ("course.yml", "mkdocs.yml", "CONTRIBUTING.md", "lessons", "translations", "docs", "data", "macros"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    cli = [sys.executable, "-m", "coursegen.cli", "--root", str(root)]
    imported = measure([*cli, "import", str(upstream)], root)
    built = (
        measure([*cli, "build", "--no-cache", "--site-dir", str(root / "site"), *(["--jobs", str(jobs)] if jobs else [])], root)
        if imported[3].returncode == 0
        else None
    )
    table = Table(
        title=f"Import of an upstream checkout: {lessons} lessons × {languages - 1} languages + English, ~{words:,} words per lesson"
    )
    for column in ("step", "wall time", "CPU time", "peak memory", "result"):
        table.add_column(column, justify="left" if column in ("step", "result") else "right")
    ok = True
    for name, step in (("coursegen import", imported), ("coursegen build", built)):
        if step is None:
            continue
        seconds, cpu, peak, result = step
        ok = ok and result.returncode == 0
        summary = (
            (result.stdout.strip().splitlines() or [""])[-1]
            if name == "coursegen build"
            else next((line.strip() for line in result.stdout.splitlines() if line.startswith(("imported:", "would import:"))), "")
        )
        table.add_row(
            name, f"{seconds:.1f} s", f"{cpu:.1f} s", _mib(peak), summary if result.returncode == 0 else result.stderr.strip()[-300:]
        )
    out.print(table)
    if built is not None and built[3].returncode == 0:
        pages, size = site_figures(root / "site")
        out.print(f"import + build: [bold]{imported[0] + built[0]:.1f} s[/] for {pages:,} pages ({_mib(size)})")
    return ok


def counts(listed: str) -> list[int]:
    return [int(count) for count in listed.split(",") if count.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coursegen-bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", type=int, default=55, help="number of languages (1-55, default 55)")
    parser.add_argument("--lessons", type=int, default=22, help="number of lessons (1-22, default 22)")
    parser.add_argument("--jobs", type=int, default=0, help="parallel builds for ours (default: one per processor)")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock build (it is the slow one)")
    parser.add_argument("--no-preview", action="store_true", help="skip timing the one-language preview")
    parser.add_argument("--scaling", default="", help="also time ours at these numbers of languages, e.g. 10,20,40")
    parser.add_argument("--scaling-lessons", default="", help="also time ours at these numbers of lessons, e.g. 5,11,22")
    parser.add_argument("--no-import", action="store_true", help="skip the import of a synthetic upstream checkout and its build")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm rebuild after one changed page")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coursegen-bench-") as scratch:
        parent = args.keep or Path(scratch)
        root = parent / "course"
        out.print(f"generating {args.lessons} lessons × {args.langs} languages into {root} ...")
        course = fullscale.generate(REPO, root, args.langs, args.lessons)
        fullscale.write_site_config(REPO, root, course.languages)
        out.print("building with ours ...")
        cache = parent / "cache"  # the build's cache, empty: a cold build (and never the user's)
        runs = [run_ours(root, len(course.languages), args.jobs, cache)]
        # The warm rebuild comes next, before anything else writes into the course's folder (the
        # stock build's config is a file there, which every part's key covers).
        report_warm_rebuild: Callable[[], bool] = lambda: True  # noqa: E731
        if runs[0].ok and not args.no_warm:
            out.print("changing one translated page, then building again with the cache, and once without ...")
            report_warm_rebuild = run_warm(root, course, cache, args.jobs)
        if not args.no_stock:
            out.print("building with the stock setup (one language after another) ...")
            runs.append(run_stock(root, course.languages))
        report(runs, course)
        report_site_sizes(root / "site-ours", next((run for run in runs if run.name == "stock"), None))
        failures = check_site(root / "site-ours", course) if runs[0].ok else ["our build failed"]
        report_checks(failures, course)
        if runs[0].ok:
            out.print("profiling our build by stage (the whole site in one process) ...")
            profile_stages.report(out, root)
        warm_ok = report_warm_rebuild()
        previews = []
        # The preview edits a translation of the source lesson: Malay's, else the first language that has one.
        translated = [
            lang for lang in ["ms", *course.languages] if (root / "translations" / lang / fullscale.SOURCE_LESSON / "README.md").is_file()
        ]
        if not args.no_preview and translated:
            lang = translated[0]
            out.print(f"timing the preview of one language (mkdocs serve, as make serve ONLY={lang}) ...")
            # First start: a fresh clone as `make` set it up (its packages installed, our modules
            # compiled), the theme never compiled; later starts reuse the compiled theme.
            shutil.rmtree(bytecode_folder(root), ignore_errors=True)
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "coursegen")], check=True)
            previews = [run_preview(root, "first start", lang), run_preview(root, "later start", lang)]
            report_previews(previews)
        if args.scaling:
            scaling(parent, counts(args.scaling), args.lessons, args.jobs)
        if args.scaling_lessons:
            scaling(parent, counts(args.scaling_lessons), args.langs, args.jobs, by="lessons")
        imported = True
        if not args.no_import:
            out.print(f"importing a synthetic upstream checkout ({args.lessons} lessons × {args.langs - 1} languages) and building it ...")
            imported = run_import(parent, args.langs, args.lessons, args.jobs)
    ok = all(run.ok for run in runs) and not failures and all(preview.ok for preview in previews) and imported and warm_ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
