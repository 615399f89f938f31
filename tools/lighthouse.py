"""Run Lighthouse on lesson pages of the built site and print the four category scores.

Usage: python tools/lighthouse.py SITE_DIR PORT [PAGE ...]

`make lighthouse` builds the site for http://127.0.0.1:PORT/ (as a deployed site has its
site_url, so hreflang links are absolute) and calls this. The site is served from a thread as a
static host would (gzip), and Lighthouse (npm, pinned in package.json) drives the local chromium
(CHROME_PATH, default /usr/bin/chromium) with its default mobile settings and throttling.
Each page is measured RUNS times (env LIGHTHOUSE_RUNS, default 3) and the median is printed:
single runs vary by several points on a busy machine. Exits 1 when a median is under its
target, so that a regression shows.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
PAGES = ["16-open-source-models/", "ar/16-open-source-models/"]
TARGETS = {"performance": 90, "accessibility": 95, "best-practices": 95, "seo": 95}
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files the way a static host does: text compressed with gzip, a 404 page."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and path.name.endswith(self.COMPRESSED) and accepts_gzip):
            return super().do_GET()  # also the redirect of a folder's address to "folder/"
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def scores(url: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as profile:
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                "--only-categories=" + ",".join(TARGETS),
                f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        )
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return {name: round(report["categories"][name]["score"] * 100) for name in TARGETS}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        sys.exit(__doc__)
    site, port, pages = Path(argv[0]), int(argv[1]), argv[2:] or PAGES
    if not LIGHTHOUSE.is_file():
        sys.exit("lighthouse is not installed: run `npm ci`")
    if not (site / "index.html").is_file():
        sys.exit(f"{site}: no built site (run `make site`)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    missed = []
    print(f"{'page':34} " + " ".join(f"{name:>15}" for name in TARGETS))
    try:
        for page in pages:
            runs = [scores(base + page) for _ in range(int(os.environ.get("LIGHTHOUSE_RUNS", "3")))]
            found = {name: statistics.median_low(run[name] for run in runs) for name in TARGETS}
            print(f"/{page:33} " + " ".join(f"{found[name]:>15}" for name in TARGETS), flush=True)
            print(f"{'  (performance of each run)':34} " + ", ".join(str(run["performance"]) for run in runs), flush=True)
            missed += [f"/{page} {name} {found[name]} < {TARGETS[name]}" for name in TARGETS if found[name] < TARGETS[name]]
    finally:
        server.shutdown()
    print("targets: " + ", ".join(f"{name} >= {target}" for name, target in TARGETS.items()))
    for line in missed:
        print("below target: " + line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
