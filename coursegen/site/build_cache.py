"""`coursegen build` (make site) with a cache: only the parts of the site whose inputs changed are
built again; the others come from the store of built parts, or stay in the site folder as they are.

The site is the root part (the English pages, root files, assets) and one part per other language
(/<lang>/): the builds already make them apart (coursegen.site.build), and nothing in one depends on
which other parts a build made (tests/test_build_shards.py). Each part has a key, a hash of every
input its build reads (coursegen.site.build_inputs). A run:

1. loads the course once and works out every part's key (the build processes it then starts are
   forked with that course: they do not load it again);
2. keeps a part the site folder already holds, if the record of the last run into that folder
   gives it the same key and every one of its files has the size and modification time recorded
   (as make and rsync judge a file); else takes it from the store (coursegen.site.build_store);
   else builds it: the languages to build, in parallel groups as without the cache, and the root
   part with the first group;
3. stores what it built, unless an input file changed while it was building (then nothing is
   stored: the next run builds those parts again);
4. puts the parts together: in the site folder itself when some part stays as it is (the record
   is removed first, so an interrupted run leaves no record that would vouch for the folder),
   else in a new folder that then replaces it; lists the withheld pages on the status pages, as
   `merge` does, and records the folder's files.

The result is the same, byte for byte, as a build without the cache (tests/test_warm_rebuild.py).
The cache lives in the user's cache folder (outside the checkout: a pull request cannot put files
there), holds only built files and JSON lists, and may be deleted at any time.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from coursegen.content.course import ENGLISH, load_course
from coursegen.problems import CourseError
from coursegen.site import build, course_build
from coursegen.site.build_inputs import ROOT_PART, Inputs, Stat, part_keys
from coursegen.site.build_store import Store, StoreDamaged, StoredPart

SITE_RECORDS = "sites"  # <cache>/sites/<hash of the site folder>.json: the record of a site folder
HASHES = "hashes.json"  # every input file's SHA-256 as last read, with its size, times and inode


@dataclass(frozen=True)
class Built:
    groups: list[build.GroupResult]  # the builds that ran
    built: tuple[str, ...] = ()  # the languages they built (English: the root part)
    restored: tuple[str, ...] = ()  # parts taken from the store
    kept: tuple[str, ...] = ()  # parts the site folder already held
    withheld: tuple[str, ...] = ()  # every withheld page's problems, built or not


def default_folder(root: Path) -> Path:
    """The cache of the course at root: the user's cache folder ($XDG_CACHE_HOME, else ~/.cache,
    on Linux), one folder per checkout."""
    digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("coursegen")) / "site" / digest


def build_with_cache(
    config_file: Path, site_dir: Path, cache_dir: Path | None = None, jobs: int = 0, groups: int = 0, strict: bool = True
) -> Built:
    """Build the whole site into site_dir, rebuilding only the parts whose inputs changed
    (cache_dir: the store; default: default_folder of the course)."""
    config_file = config_file.resolve()
    root, languages = build.course_root_and_languages(config_file)
    gc.set_threshold(*course_build.GC_THRESHOLDS)  # (as the builds do: loading makes many objects that last)
    try:
        course = load_course(root)
    except CourseError:  # the build reports the course's problems as it always does
        return _uncached(config_file, site_dir, jobs, groups, strict)
    store = Store(cache_dir or default_folder(root))
    try:
        inputs = part_keys(course, config_file, languages, strict, _read_hashes(store.folder / HASHES))
    except TypeError:  # something the keys cannot see: build without the cache
        return _uncached(config_file, site_dir, jobs, groups, strict)
    _write_json(store.folder / HASHES, inputs.hashes)
    course_build.PRELOADED[root] = course
    gc.freeze()  # what is loaded now lasts: the forked builds' collections need not walk it
    try:
        try:
            return _build(config_file, root, site_dir.resolve(), store, inputs, jobs, groups, strict)
        except StoreDamaged:  # a stored file went missing meanwhile: its part is built this time
            return _build(config_file, root, site_dir.resolve(), store, inputs, jobs, groups, strict)
    finally:
        course_build.PRELOADED.pop(root, None)
        gc.unfreeze()
        store.prune()


def _uncached(config_file: Path, site_dir: Path, jobs: int, groups: int, strict: bool) -> Built:
    results = build.build(config_file, site_dir, jobs=jobs, groups=groups, strict=strict)
    languages = tuple(sorted({ENGLISH, *(lang for result in results for lang in result.languages)}))
    return Built(results, languages, withheld=tuple(sorted({line for result in results for line in result.withheld})))


def _build(config_file: Path, root: Path, site_dir: Path, store: Store, inputs: Inputs, jobs: int, groups: int, strict: bool) -> Built:
    keys = inputs.keys
    record_path = store.folder / SITE_RECORDS / (hashlib.sha256(str(site_dir).encode("utf-8")).hexdigest()[:32] + ".json")
    record = _read_record(record_path)
    languages = [part for part in keys if part != ROOT_PART]
    on_disk = _scan(site_dir, languages) if record else {}
    # (A part stays in the site folder only if the store has it too: should the list of withheld
    # pages change, its status page is put back as built, and the new list written into it.)
    stored = {part: found for part in keys if (found := store.find(part, keys[part])) is not None}
    in_site = {
        part for part in stored if part in record and record[part]["key"] == keys[part] and on_disk.get(part) == record[part]["files"]
    }
    to_build = [part for part in keys if part not in stored]
    jobs = jobs or os.cpu_count() or 1
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".coursegen-build-", dir=site_dir.parent) as scratch:
        work = Path(scratch)
        results, built = _run(
            config_file, root, work, [part for part in to_build if part != ROOT_PART], ROOT_PART in to_build, jobs, groups, strict
        )
        if results and inputs.unchanged():  # (an input edited meanwhile: the key no longer says what was built)
            for part, (folder, names, withheld) in built.items():
                stored[part] = store.save(part, keys[part], folder, names, withheld)
        withheld_by_part = {part: list(found.withheld) for part, found in stored.items()}
        withheld_by_part |= {part: withheld for part, (_, _, withheld) in built.items()}
        withheld = sorted({line for lines in withheld_by_part.values() for line in lines})
        # The status pages list every part's withheld pages: a change to that list changes them all.
        finals = {part: _final_key(keys[part], withheld) for part in keys}
        in_site = {part for part in in_site if record[part]["final"] == finals[part]}
        record_path.unlink(missing_ok=True)  # from here the folder changes: no record vouches for it
        target = site_dir if in_site else work / "merged"
        target.mkdir(parents=True, exist_ok=True)
        for part in [ROOT_PART, *languages]:
            if part in in_site:
                continue
            _clear(target, part, languages)
            if part in built:
                _move(built[part][0], built[part][1], target)
            else:
                store.place(stored[part], target)
        build.list_withheld(target, withheld)
        if target != site_dir:
            if site_dir.exists():
                shutil.rmtree(site_dir)
            shutil.move(str(target), str(site_dir))
    if not results or inputs.unchanged():
        files = _scan(site_dir, languages)
        parts = {
            part: {"key": keys[part], "final": finals[part], "files": files.get(part, {}), "withheld": withheld_by_part[part]}
            for part in keys
        }
        _write_json(record_path, parts)
    restored = tuple(part for part in stored if part not in built and part not in in_site)
    languages_built = tuple(sorted(ENGLISH if part == ROOT_PART else part for part in built))
    return Built(results, languages_built, restored, tuple(sorted(in_site)), tuple(withheld))


def _run(
    config_file: Path, root: Path, work: Path, languages: list[str], root_part: bool, jobs: int, groups: int, strict: bool
) -> tuple[list[build.GroupResult], dict[str, tuple[Path, list[str], list[str]]]]:
    """Build these languages (and the root part if asked): the groups' results, and each part
    built: (the folder its files are in, their paths below it, its withheld pages)."""
    if not languages and not root_part:
        return [], {}
    weights = build.language_weights(root, [ENGLISH, *languages])
    plan = build.split(languages, groups or jobs, weights, weights[ENGLISH] if root_part else 0) if languages else [[]]
    tasks = [
        build.Group(
            config_file, tuple(codes), work / f"site-{index}", work / f"work-{index}", strict, with_english=root_part and index == 0
        )
        for index, codes in enumerate(plan)
    ]
    results = build.run_groups(tasks, jobs)
    parts: dict[str, tuple[Path, list[str], list[str]]] = {}
    for task, result in zip(tasks, results, strict=True):
        files = _files(result.site_dir)
        for lang in task.languages:
            names = [name for name in files if name.split("/")[0] == lang]
            parts[lang] = (result.site_dir, names, list(result.withheld_by_language.get(lang, ())))
        if task.with_english:
            names = [name for name in files if name.split("/")[0] not in task.languages]
            parts[ROOT_PART] = (result.site_dir, names, list(result.withheld_by_language.get(ENGLISH, ())))
    return results, parts


def _files(folder: Path) -> list[str]:
    """Every file below folder, as a path relative to it."""
    found = []
    for directory, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        relative = os.path.relpath(directory, folder)
        found += [name if relative == "." else f"{relative}/{name}".replace(os.sep, "/") for name in sorted(filenames)]
    return found


def _part_of(name: str, languages: set[str]) -> str:
    top = name.split("/")[0]
    return top if top in languages and top != ENGLISH else ROOT_PART


def _scan(site: Path, languages: list[str]) -> dict[str, dict[str, list[int]]]:
    """The site folder's files by part: path -> [size, modification time in ns]."""
    found: dict[str, dict[str, list[int]]] = {}
    wanted = set(languages)
    if not site.is_dir():
        return found
    for name in _files(site):
        stat = os.stat(site / name, follow_symlinks=False)
        found.setdefault(_part_of(name, wanted), {})[name] = [stat.st_size, stat.st_mtime_ns]
    return found


def _clear(site: Path, part: str, languages: list[str]) -> None:
    """Remove a part's files from site: a language's folder, or for the root part everything that
    is not a language's folder."""
    entries = [site / part] if part != ROOT_PART else [entry for entry in site.iterdir() if entry.name not in languages]
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        elif entry.exists() or entry.is_symlink():
            entry.unlink()


def _move(folder: Path, names: list[str], target: Path) -> None:
    made: set[Path] = set()
    for name in names:
        destination = target / name
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        os.replace(folder / name, destination)


def _final_key(key: str, withheld: list[str]) -> str:
    return hashlib.sha256(json.dumps([key, withheld]).encode("utf-8")).hexdigest()


def _read_record(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            str(part): value
            for part, value in data.items()
            if isinstance(value, dict) and {"key", "final", "files", "withheld"} <= set(value)
        }
    except (OSError, ValueError, AttributeError):
        return {}


def _read_hashes(path: Path) -> dict[str, tuple[Stat, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(name): (tuple(stat), str(digest)) for name, (stat, digest) in data.items()}  # type: ignore[misc]
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


__all__ = ["Built", "StoredPart", "build_with_cache", "default_folder"]
