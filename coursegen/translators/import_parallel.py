"""An import's languages planned in parallel: one forked process per processor.

Planning a language reads only the checkout, the tree and what was planned before the languages
(the English lessons), and most of an import's time is spent reading each translated page
(coursegen.content.reading) to rewrite its links. Each language is planned in a forked copy of
the importer, into an empty result; the parts come back in the order of the languages and are
added to the importer's result as they would have been in one process, so the plan, the
messages and the files written are the same (tests/test_import_parallel.py compares the two).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Protocol

from coursegen.translators.writes import Transaction

# From this many languages on (below it, starting the processes costs more than they save).
PARALLEL_FROM = 8


class Importer(Protocol):
    """What is used here of coursegen.translators.importer.Importer (which imports this module)."""

    result: Any  # its ImportResult: built with a Transaction, lists of messages, states, counts
    english_images: dict[str, dict[str, str]]
    checkout: Any  # reports refusals in checkout.problems

    def import_language(self, lang: str, folder: Path) -> None: ...


Part = tuple[Any, dict[str, dict[str, str]]]  # what a language adds: to the result, to english_images
_FORKED: Importer | None = None  # the importer whose copy a forked process plans languages with


def worth_it(languages: int) -> bool:
    # (Forked processes only where forking is safe: Linux; macOS's system libraries are not.)
    return languages >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and sys.platform == "linux"


def plan_languages(importer: Importer, folders: dict[str, Path]) -> None:
    """importer.import_language for each language of folders, in forked processes, in order."""
    global _FORKED
    _FORKED = importer
    try:
        # (A process that dies, killed for its memory say, stops the import: BrokenProcessPool.)
        with ProcessPoolExecutor(min(len(folders), os.cpu_count() or 1), mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_plan_language, list(folders.items())):
                _take(importer, part)
    finally:
        _FORKED = None


def _plan_language(task: tuple[str, Path]) -> Part:
    """In a forked process: what planning one language adds, planned into an empty result."""
    importer = _FORKED
    assert importer is not None
    transaction = importer.result.transaction
    importer.result = type(importer.result)(Transaction(transaction.root, force=transaction.force, replaceable=transaction.replaceable))
    importer.english_images = {}
    importer.checkout.problems = importer.result.problems  # (the checkout reports refusals there)
    importer.import_language(*task)
    return importer.result, importer.english_images


def _take(importer: Importer, part: Part) -> None:
    added, images = part
    result = importer.result
    for name in ("problems", "warnings", "imported", "skipped", "generated", "removed"):
        getattr(result, name).extend(getattr(added, name))
    result.states.update(added.states)
    result.unchanged += added.unchanged
    result.transaction.planned.update(added.transaction.planned)
    result.transaction.current.update(added.transaction.current)
    result.transaction.skipped.extend(added.transaction.skipped)
    for slug, found in images.items():
        importer.english_images.setdefault(slug, {}).update(found)
