"""Follow the upstream course: fetch what the site uses of it, import it, record which commit.

The upstream repository is large (generative-ai-for-beginners: about 6.8 GB, mostly translated
images), so it is cloned partially and sparsely into .build/upstream: the commit's tree, then the
blobs of its Markdown pages and translation sidecars only, then the blobs of the files those
pages link (read by the pages' one reading, coursegen.content.reading) and nothing else. The
import then runs on that checkout as on any other (coursegen.translators.importer), and the
commit is recorded in upstream.yml, where the status page reads how fresh the site is.

git runs only in the clone made here (its configuration is ours), with arguments, never a shell;
what upstream's pages say reaches git only as paths in the sparse-checkout list, escaped.
"""

from __future__ import annotations

import hashlib
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from coursegen.content.course import UPSTREAM_RECORD
from coursegen.content.reading import read
from coursegen.content.textfile import decode_text
from coursegen.problems import CourseError, Problem

CLONE = Path(".build") / "upstream"  # in the course repository (ignored by git)
GIT_TIMEOUT = 600
# What is fetched first: every page and every translation sidecar (gitignore-style patterns).
PAGES = ("/**/*.md", "/**/*.MD", "/**/.co-op-translator.json")


@dataclass(frozen=True)
class Fetched:
    checkout: Path
    commit: str
    date: str  # the commit's date (ISO 8601)
    linked: int  # files fetched because a page links them


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-c", "advice.detachedHead=false", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CourseError(Problem("git", 0, f"git {args[0]} failed: {error}")) from None
    if result.returncode != 0:
        raise CourseError(Problem("git", 0, f"git {args[0]} failed: {result.stderr.strip()[-500:]}"))
    return result.stdout


def _pattern(path: str) -> str:
    """A repository path as a sparse-checkout pattern matching that one file (gitignore syntax:
    its special characters escaped)."""
    escaped = "".join("\\" + character if character in "\\*?[]!#" else character for character in path)
    return "/" + escaped


def fetch(url: str, branch: str, root: Path) -> Fetched:
    """The upstream branch's newest commit in root/.build/upstream: its pages and sidecars, and the
    files they link, and no other blob."""
    for name, value in (("repository", url), ("branch", branch)):
        if not value or value.startswith("-") or any(character.isspace() or ord(character) < 32 for character in value):
            raise CourseError(Problem("course.yml", 0, f"upstream {name} {value!r} cannot be fetched (it would read as an option)"))
    clone = root / CLONE
    if not (clone / ".git").is_dir():
        clone.parent.mkdir(parents=True, exist_ok=True)
        _git(
            clone.parent, "clone", "--quiet", "--filter=blob:none", "--no-checkout", "--depth=1", "--branch", branch, "--", url, clone.name
        )
    else:
        _git(clone, "fetch", "--quiet", "--filter=blob:none", "--depth=1", url, branch)
        _git(clone, "update-ref", "--no-deref", "HEAD", "FETCH_HEAD")
    _git(clone, "sparse-checkout", "set", "--no-cone", *PAGES)
    _git(clone, "checkout", "--quiet", "--force", "HEAD")
    every = set(_git(clone, "ls-tree", "-r", "--name-only", "-z", "HEAD").split("\0")) - {""}
    linked = sorted(linked_files(clone, every))
    if linked:
        _git(clone, "sparse-checkout", "set", "--no-cone", *PAGES, *(_pattern(path) for path in linked))
        _git(clone, "checkout", "--quiet", "--force", "HEAD")
    commit, date = _git(clone, "log", "-1", "--format=%H%x00%cI").strip().split("\0")
    return Fetched(clone, commit, date, len(linked))


def linked_files(checkout: Path, tree: set[str]) -> set[str]:
    """The files of the tree the checked-out pages link or embed (relative links only)."""
    found = set()
    for page in sorted(checkout.rglob("*.[mM][dD]")):
        inner = page.relative_to(checkout).as_posix()
        if inner.startswith(".git/") or not page.is_file():
            continue
        try:
            text = decode_text(page.read_bytes(), inner)
        except CourseError:
            continue
        folder = posixpath.dirname(inner)
        for link in read(text).links:
            target = link.target.split("#", 1)[0].split("?", 1)[0].strip()
            if not target or ":" in target.split("/", 1)[0] or target.startswith("/"):
                continue  # an anchor, an address with a scheme, a site-absolute path
            path = posixpath.normpath(posixpath.join(folder, target))
            if path in tree and not path.lower().endswith(".md") and not any(ord(character) < 32 for character in path):
                found.add(path)  # (a control character would end a sparse-checkout pattern's line)
    return found


def untouched(root: Path) -> frozenset[Path]:
    """The files the last sync brought that still hold what it wrote (upstream.yml's files): the
    next sync replaces them when upstream changed them; a file changed here is kept and reported."""
    found = set()
    for name, digest in _recorded(root).items():
        file = root / name
        if ".." not in Path(name).parts and file.is_file() and hashlib.sha256(file.read_bytes()).hexdigest() == digest:
            found.add(file)
    return frozenset(found)


def _recorded(root: Path) -> dict[str, str]:
    """upstream.yml's files: path -> SHA-256 of what the last sync wrote there."""
    path = root / UPSTREAM_RECORD
    try:
        files = (yaml.safe_load(path.read_text("utf-8")) or {}).get("files") or {} if path.is_file() else {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(name): str(digest) for name, digest in files.items()} if isinstance(files, dict) else {}


def record(root: Path, url: str, branch: str, fetched: Fetched, written: dict[Path, str]) -> Path:
    """upstream.yml: the repository, branch and commit the imported pages come from, and each file
    the import brought with the SHA-256 of what it holds."""
    path = root / UPSTREAM_RECORD
    still = untouched(root)  # what an earlier sync brought and nobody has changed (a sync of some languages keeps the rest)
    files = {name: digest for name, digest in _recorded(root).items() if root / name in still}
    files.update((file.relative_to(root).as_posix(), digest) for file, digest in written.items())
    files = dict(sorted(files.items()))
    data = {"repository": url, "branch": branch, "commit": fetched.commit, "date": fetched.date, "files": files}
    text = "# The upstream commit the imported pages come from (written by coursegen sync).\n" + yaml.safe_dump(data, sort_keys=False)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path
