"""A small course repository with history, for `coursegen diff` and the changes pages (issue 15).

English lesson 16 v1 (the real one) → the Malay translation stamped against v1 → v2 (a paragraph
changed) → v3 (a section added, a list item removed). Commits have fixed authors and dates.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

from helpers import copy_course

SLUG = "16-open-source-models"
ENGLISH = f"lessons/{SLUG}/README.md"
MALAY = f"translations/ms/{SLUG}/README.md"

OLD_PARAGRAPH = "is often cheaper per token than calling a large proprietary model."
NEW_PARAGRAPH = "is often much cheaper per token than calling a large proprietary model."
REMOVED_ITEM = "- the fine-tuning or training code;\n"
ADDED_SECTION = (
    "## Running models on your own machine\n\n"
    "Tools such as Ollama and llama.cpp run quantised open models on a laptop, with no account and no network.\n\n"
)
BEFORE_ADDED = "## Next steps\n"


def git(root: Path, *args: str, date: str = "2026-11-01T10:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Course Author",
        "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Course Author",
        "GIT_COMMITTER_EMAIL": "author@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _write(path: Path, text: str, crlf: bool) -> None:
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))


def _set_hash(root: Path, form: str, digest: str) -> None:
    """The Malay translation's metadata says it was made from the English with this MD5."""
    readme = root / MALAY
    text = readme.read_text("utf-8")
    match = re.match(r"<!--\nCO_OP_TRANSLATOR_METADATA:\n(?P<json>\{.*?\})\n-->\n", text, re.S)
    assert match, "the Malay translation has its metadata inline"
    fields = json.loads(match["json"])
    fields["original_hash"] = digest
    if form == "inline":
        readme.write_text(text.replace(match["json"], json.dumps(fields, indent=2, ensure_ascii=False), 1), "utf-8")
    else:
        readme.write_text(text[match.end() :], "utf-8")
        sidecar = root / "translations" / "ms" / ".co-op-translator.json"
        sidecar.write_text(json.dumps({fields["source_file"]: fields}, indent=2, ensure_ascii=False) + "\n", "utf-8")


def make_history(root: Path, form: str = "inline", crlf: bool = False) -> dict[str, str]:
    """The course copied to root, with the three English versions committed. Returns the commits."""
    copy_course(root)
    english = root / ENGLISH
    v1 = english.read_text("utf-8")
    assert OLD_PARAGRAPH in v1 and REMOVED_ITEM in v1 and BEFORE_ADDED in v1
    git(root, "init", "-q", "-b", "main")
    _write(english, v1, crlf)
    _set_hash(root, form, hashlib.md5(english.read_bytes()).hexdigest())
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "English v1 and its Malay translation", date="2026-11-01T10:00:00+00:00")
    commits = {"v1": git(root, "rev-parse", "HEAD").strip()}
    v2 = v1.replace(OLD_PARAGRAPH, NEW_PARAGRAPH)
    _write(english, v2, crlf)
    git(root, "commit", "-q", "-am", "English v2: a paragraph changed", date="2026-11-02T10:00:00+00:00")
    commits["v2"] = git(root, "rev-parse", "HEAD").strip()
    v3 = v2.replace(REMOVED_ITEM, "").replace(BEFORE_ADDED, ADDED_SECTION + BEFORE_ADDED)
    _write(english, v3, crlf)
    git(root, "commit", "-q", "-am", "English v3: a section added, a list item removed", date="2026-11-03T10:00:00+00:00")
    commits["v3"] = git(root, "rev-parse", "HEAD").strip()
    return commits
