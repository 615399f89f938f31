"""Preview the site exactly as GitHub Pages serves a project site: under /<repo>/ only.

`python -m coursegen.site.preview` (or `make preview`) builds the course for
http://HOST:PORT/<repo>/, where <repo> is the last part of the repository address in course.yml
(REPOSITORY in the environment overrides it, as in the deploy workflow), and serves it there.
Like Pages, anything outside /<repo>/ is a 404, a folder without index.html is a 404 (no
listings), and a missing page gets the site's 404.html with status 404.

The tests reuse `serve` to crawl the built site.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from coursegen.content.course import load_config
from coursegen.problems import CourseError, Problem

BUILD_DIR = Path(".build") / "preview"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the parent folder of the site, answering only under the site's sub-path."""

    def __init__(self, *args, name: str, quiet: bool = False, **kwargs):
        self.name = name
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def _inside(self) -> bool:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        return path == f"/{self.name}" or path.startswith(f"/{self.name}/")

    def send_head(self):
        if not self._inside():
            self.send_error(404)
            return None
        return super().send_head()

    def list_directory(self, path):  # Pages never lists a folder
        self.send_error(404)
        return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.name / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def serve(parent: Path, name: str, host: str = "127.0.0.1", port: int = 0, quiet: bool = False) -> http.server.ThreadingHTTPServer:
    """A server (not yet started) for parent/<name>/ at http://host:port/<name>/; port 0 picks a free one."""
    handler = functools.partial(PagesHandler, directory=str(parent), name=name, quiet=quiet)
    return http.server.ThreadingHTTPServer((host, port), handler)


def repository_name(root: Path) -> str:
    problems: list[Problem] = []
    config = load_config(root, problems)
    if config is None or problems:
        raise CourseError(problems)
    return config.repository.rstrip("/").rsplit("/", 1)[-1]


def build_in_own_process(root: Path, site_dir: Path, *extra: str, env: dict | None = None, **run: Any) -> subprocess.CompletedProcess:
    """The real strict build in a new interpreter (extra: more `mkdocs build` options; env: added
    to this process's environment; run: subprocess.run's own options)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)]
    return subprocess.run(
        [*command, "--config-file", str(root / "mkdocs.yml"), *extra],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        **run,  # type: ignore[arg-type]
    )


def build(root: Path, site_dir: Path, site_url: str) -> subprocess.CompletedProcess:
    """The real strict build, for site_url (the engine runs in its own process)."""
    return build_in_own_process(root, site_dir, env={"SITE_URL": site_url})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursegen.site.preview", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the course repository (default: .)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--name", help="the sub-path (default: the repository's name, from course.yml)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        name = args.name or repository_name(root)
    except CourseError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    server = serve(root / BUILD_DIR, name, args.host, args.port)  # bind first: a busy port fails fast
    url = f"http://{args.host}:{server.server_address[1]}/{name}/"
    if build(root, root / BUILD_DIR / name, url).returncode != 0:
        return 1
    print(f"Serving {url} as GitHub Pages would (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
