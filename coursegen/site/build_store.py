"""The store of built parts of the site: plain files named by their content, and one JSON list per
part saying which file goes where. Nothing else: no code, no pickles.

    <cache>/objects/ab/abcdef…     a built file's bytes, named by their SHA-256
    <cache>/parts/<part>/<key>.json  a part built from inputs with that key (coursegen.site.build_inputs):
                                   its files (path in the site, SHA-256, size) and the translated
                                   pages its build withheld

A stored file is a second name (hard link) of the built file, or, across file systems, a copy
written under a temporary name and renamed into place; a part's list comes last: a list exists
only once all its files do. Placing a part links (or copies) its files back into the site. A
file whose size or SHA-256 is not what its name says (the cache was partly deleted or damaged,
or a site file written into) makes its part count as not stored: it is built again.
Dropping the whole folder at any time costs one cold build. Each part keeps its KEEP newest keys
(used last); files no kept list names are deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from coursegen.site.build_inputs import FORMAT

KEEP = 4  # keys kept per part: a branch switched to and back, a change undone, rebuild nothing
TEMPORARY = ".tmp-"
STALE_TEMPORARY_SECONDS = 3600  # an interrupted write's temporary file is removed after an hour


class StoreDamaged(Exception):
    """A stored file is missing or not what its name says."""


@dataclass(frozen=True)
class StoredPart:
    name: str
    key: str
    files: tuple[tuple[str, str, int], ...]  # (path in the site, SHA-256, size)
    withheld: tuple[str, ...]  # `file:line: message` of each translated page its build held back


class Store:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.objects = folder / "objects"
        self.parts = folder / "parts"
        self.saved = False  # something was added: prune afterwards

    def _list_path(self, part: str, key: str) -> Path:
        return self.parts / part / f"{key}.json"

    def _object(self, digest: str) -> Path:
        return self.objects / digest[:2] / digest

    def find(self, part: str, key: str) -> StoredPart | None:
        """The part built from inputs with this key, if every one of its files is in the store."""
        path = self._list_path(part, key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("part") != part or data.get("key") != key:
                return None
            stored = StoredPart(part, key, tuple((str(n), str(d), int(s)) for n, d, s in data["files"]), tuple(data["withheld"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        for _, digest, size in stored.files:
            try:
                if self._object(digest).stat().st_size != size:
                    return None
            except OSError:
                return None
        os.utime(path)  # used now: pruning keeps the most recently used keys
        return stored

    def save(self, part: str, key: str, site: Path, names: list[str], withheld: list[str]) -> StoredPart:
        """Store the files `names` (paths below site) as the part built from inputs with key."""
        files = []
        for name in names:
            data = (site / name).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            target = self._object(digest)
            if not target.is_file() or target.stat().st_size != len(data):
                _link_or_write(site / name, target, data)
            files.append((name, digest, len(data)))
        stored = StoredPart(part, key, tuple(files), tuple(sorted(withheld)))
        listing = {"format": FORMAT, "part": part, "key": key, "files": [list(entry) for entry in files], "withheld": list(stored.withheld)}
        _write_atomically(self._list_path(part, key), json.dumps(listing, ensure_ascii=False, indent=0).encode("utf-8"))
        self.saved = True
        return stored

    def place(self, stored: StoredPart, site: Path) -> None:
        """Write the part's files into site, each checked against its SHA-256."""
        made: set[Path] = set()
        for name, digest, size in stored.files:
            try:
                data = self._object(digest).read_bytes()
            except OSError:
                data = b""
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                self._list_path(stored.name, stored.key).unlink(missing_ok=True)  # never offered again
                raise StoreDamaged(f"{stored.name}: {name}")
            target = site / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            _link_or_write(self._object(digest), target, data)

    def prune(self, keep: int = KEEP) -> None:
        """Each part's `keep` most recently used keys, and the files they name; nothing else."""
        if not self.saved or not self.parts.is_dir():
            return
        named: set[str] = set()
        for folder in self.parts.iterdir():
            lists = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
            for old in lists[keep:]:
                old.unlink(missing_ok=True)
            for path in lists[:keep]:
                try:
                    named.update(str(entry[1]) for entry in json.loads(path.read_text(encoding="utf-8"))["files"])
                except (OSError, ValueError, KeyError, IndexError, TypeError):
                    path.unlink(missing_ok=True)
        now = time.time()
        for folder in self.objects.iterdir() if self.objects.is_dir() else []:
            for entry in os.scandir(folder):
                stale = entry.name.startswith(TEMPORARY) and now - entry.stat().st_mtime > STALE_TEMPORARY_SECONDS
                if stale or (not entry.name.startswith(TEMPORARY) and entry.name not in named):
                    os.unlink(entry.path)


def _link_or_write(source: Path, target: Path, data: bytes) -> None:
    """target made a second name of source's file (a hard link: the site and the store then hold
    one copy of each file between them), or written with data where the two folders are on
    different file systems. Nothing writes into a built file afterwards: a site file is only
    ever replaced (build.list_withheld), and a store file changed all the same fails its SHA-256
    check when next placed, and its part is built again."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        target.unlink(missing_ok=True)
        os.link(source, target)
    except OSError:
        _write_atomically(target, data)


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=TEMPORARY, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def drop(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
