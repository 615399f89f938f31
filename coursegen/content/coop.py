"""The course's translated-lesson format (Co-op Translator): metadata, disclaimer, image names.

Parsing and writing only; deciding what a translation's state is lives in status.py.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from coursegen.content.reading import Block, read
from coursegen.problems import Problem

METADATA_MARKER = "CO_OP_TRANSLATOR_METADATA:"
METADATA_FIELDS = ("original_hash", "translation_date", "source_file", "language_code")
SIDECAR_NAME = ".co-op-translator.json"
DISCLAIMER_START = "<!-- CO-OP TRANSLATOR DISCLAIMER START -->"
DISCLAIMER_END = "<!-- CO-OP TRANSLATOR DISCLAIMER END -->"

_HASH = re.compile(r"^[0-9a-f]{32}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00|Z)$")


@dataclass(frozen=True)
class Metadata:
    original_hash: str
    translation_date: str
    source_file: str
    language_code: str

    def as_json(self) -> dict:
        return {field: getattr(self, field) for field in METADATA_FIELDS}


@dataclass(frozen=True)
class InlineMetadata:
    """Where the metadata comment sits in a file (1-based, inclusive lines)."""

    metadata: Metadata | None
    first_line: int
    last_line: int
    problems: tuple[Problem, ...] = ()


def metadata_problems(fields: object, shown_path: str, line: int) -> list[Problem]:
    if not isinstance(fields, dict):
        return [Problem(shown_path, line, "translation metadata must be a JSON object")]
    problems = []
    for name in METADATA_FIELDS:
        if name not in fields:
            problems.append(Problem(shown_path, line, f"translation metadata lacks '{name}'"))
        elif not isinstance(fields[name], str):
            problems.append(Problem(shown_path, line, f"translation metadata '{name}' must be a string"))
    if problems:
        return problems
    if not _HASH.match(fields["original_hash"]):
        problems.append(Problem(shown_path, line, "original_hash must be 32 lowercase hex digits (an MD5)"))
    if not _DATE.match(fields["translation_date"]):
        problems.append(Problem(shown_path, line, "translation_date must be a UTC time like 2025-12-19T16:15:11+00:00"))
    if not is_safe_relative_path(fields["source_file"]):
        problems.append(Problem(shown_path, line, f"source_file '{fields['source_file']}' must be a relative path inside the course"))
    return problems


def parse_inline_metadata(text: str, shown_path: str) -> InlineMetadata | None:
    """Find the metadata comment at the top of a translated file; None when there is none."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or not lines[start].strip().startswith("<!--"):
        return None
    head = lines[start].strip()[4:].strip()
    if not (
        head.startswith(METADATA_MARKER) or (not head and start + 1 < len(lines) and lines[start + 1].strip().startswith(METADATA_MARKER))
    ):
        return None
    end = start
    while end < len(lines) and "-->" not in lines[end]:
        end += 1
    first, last = start + 1, end + 1
    if end >= len(lines):
        return InlineMetadata(
            None, first, len(lines), (Problem(shown_path, first, "translation metadata comment is never closed with -->"),)
        )
    whole = "\n".join(lines[start : end + 1])
    offset = whole.index(METADATA_MARKER) + len(METADATA_MARKER)
    body = whole[offset : whole.rindex("-->")]
    try:
        fields = json.loads(body)
    except json.JSONDecodeError as error:
        line = first + whole[: offset + error.pos].count("\n")  # the JSON starts after the marker's line
        return InlineMetadata(None, first, last, (Problem(shown_path, line, f"translation metadata is not valid JSON: {error.msg}"),))
    except (RecursionError, ValueError) as error:  # ValueError: an integer of thousands of digits
        reason = "nested too deeply" if isinstance(error, RecursionError) else "a number is too long"
        return InlineMetadata(None, first, last, (Problem(shown_path, first, f"translation metadata is not valid JSON: {reason}"),))
    problems = metadata_problems(fields, shown_path, first)
    if problems:
        return InlineMetadata(None, first, last, tuple(problems))
    return InlineMetadata(Metadata(**{f: fields[f] for f in METADATA_FIELDS}), first, last)


def format_inline_metadata(metadata: Metadata) -> str:
    # "-->" inside a value would end the comment early; JSON may spell ">" as \u003e.
    fields = json.dumps(metadata.as_json(), indent=2, ensure_ascii=False).replace("-->", "--\\u003e")
    return "<!--\n" + METADATA_MARKER + "\n" + fields + "\n-->\n"


def replace_inline_metadata(text: str, metadata: Metadata) -> str:
    """The text with its metadata comment replaced (or added at the top)."""
    found = parse_inline_metadata(text, "")
    lines = text.split("\n")
    if found is None:
        return format_inline_metadata(metadata) + text
    rest = "\n".join(lines[found.last_line :])
    return "\n".join(lines[: found.first_line - 1]) + format_inline_metadata(metadata) + rest


# Top-level keys like `__translation_failures__` are the tool's own records, not file entries.
_TOOL_SECTION = re.compile(r"^__\w+__$")
FAILURES_SECTION = "__translation_failures__"


@dataclass
class Sidecar:
    """The newer form: translations/<lang>/.co-op-translator.json, an object keyed by source_file."""

    entries: dict[str, Metadata] = field(default_factory=dict)
    refused: dict[str, list[Problem]] = field(default_factory=dict)  # entries that are not valid metadata
    problems: list[Problem] = field(default_factory=list)  # the file as a whole: no entry is usable
    failures: dict[str, str] = field(default_factory=dict)  # files the tool failed to translate -> its message
    other: dict[str, object] = field(default_factory=dict)  # tool sections and refused entries, kept as they are

    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(problem for problems in self.refused.values() for problem in problems)]


def parse_sidecar(text: str, shown_path: str) -> Sidecar:
    """Each entry is checked on its own: a bad one is refused with its line, the others are kept."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Sidecar(problems=[Problem(shown_path, error.lineno, f"not valid JSON: {error.msg}")])
    except (RecursionError, ValueError) as error:  # ValueError: an integer of thousands of digits
        reason = "nested too deeply" if isinstance(error, RecursionError) else "a number is too long"
        return Sidecar(problems=[Problem(shown_path, 1, f"not valid JSON: {reason}")])
    if not isinstance(data, dict):
        return Sidecar(problems=[Problem(shown_path, 1, "must be a JSON object keyed by source_file")])
    sidecar = Sidecar()
    lines = _KeyLines(text)
    for key, fields in data.items():
        if _TOOL_SECTION.match(key):
            sidecar.other[key] = fields
            if key == FAILURES_SECTION and isinstance(fields, dict):
                sidecar.failures = {
                    str(path): str(entry.get("error_message") or entry.get("error_type") or "failed")
                    if isinstance(entry, dict)
                    else "failed"
                    for path, entry in fields.items()
                }
            continue
        line = lines.of(key)
        entry_problems = metadata_problems(fields, shown_path, line)
        if entry_problems:
            sidecar.refused[key] = entry_problems
            sidecar.other[key] = fields
            continue
        sidecar.entries[key] = Metadata(**{f: fields[f] for f in METADATA_FIELDS})
    return sidecar


def format_sidecar(entries: dict[str, Metadata], other: dict[str, object] | None = None) -> str:
    """The sidecar's text: the entries (sorted), then whatever else the file held, unchanged."""
    data: dict[str, object] = {key: entries[key].as_json() for key in sorted(entries)}
    data.update({key: value for key, value in (other or {}).items() if key not in entries})
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class _KeyLines:
    """The line of each key of a JSON object's text, asked in the order the keys are written (one
    pass over the text for all of them: 20,000 keys took seconds when each was searched afresh)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0
        self.starts = [0] + [index + 1 for index, character in enumerate(text) if character == "\n"]

    def of(self, key: str) -> int:
        needle = json.dumps(key, ensure_ascii=False)
        index = self.text.find(needle, self.cursor)
        if index < 0:  # (written with escapes, or out of order)
            return 1
        self.cursor = index + len(needle)
        return bisect.bisect_right(self.starts, index)


@dataclass(frozen=True)
class Disclaimer:
    title: str  # the bold word, e.g. "Penafian"
    text: str
    first_line: int  # 1-based, where the block (including any --- rule) starts


def _bold_lead(block: Block | None) -> tuple[str, str] | None:
    """(title, rest) of a paragraph that opens with bold words and a colon (**Penafian**: …)."""
    if block is None or block.kind != "paragraph" or not block.title or len(block.title) > 60:
        return None
    after = block.text.find(block.title)
    rest = block.text[after + len(block.title) :].lstrip("*_").lstrip() if after >= 0 else ""
    if not rest.startswith((":", "：")):
        return None
    return block.title, rest[1:].strip()


def _without_rule(text: str, body: str) -> str:
    """body (the start of text) without the thematic break (---) it ends with, if it ends with one.
    The page's own reading tells (read once, and shared with every other rule that reads the page)."""
    last_line = body.count("\n") + 1
    blocks = [block for block in read(text).blocks if block.first_line <= last_line]
    if blocks and blocks[-1].kind == "thematic_break" and blocks[-1].last_line >= last_line:
        return "\n".join(body.split("\n")[: blocks[-1].first_line - 1]).rstrip()
    return body


def split_disclaimer(text: str) -> tuple[str, Disclaimer | None]:
    """Separate the machine-translation disclaimer from the body (both forms of the format)."""
    if DISCLAIMER_START in text and DISCLAIMER_END in text:
        start = text.index(DISCLAIMER_START)
        end = text.index(DISCLAIMER_END)
        inner = text[start + len(DISCLAIMER_START) : end].strip()
        body = _without_rule(text, text[:start].rstrip())
        blocks = read(inner).blocks
        lead = _bold_lead(blocks[0] if blocks else None)
        title, words = lead if lead else ("", inner)
        first_line = body.count("\n") + 2
        return body + "\n" + text[end + len(DISCLAIMER_END) :].strip("\n"), Disclaimer(title, " ".join(words.split()), first_line)
    # Mid-2025 form: a last paragraph starting with a bold word and a colon, mentioning the tool.
    blocks = read(text).blocks
    lead = _bold_lead(blocks[-1] if blocks else None)
    if lead and ("Co-op Translator" in lead[1] or "co-op-translator" in lead[1]):
        body = _without_rule(text, "\n".join(text.split("\n")[: blocks[-1].first_line - 1]).rstrip())
        return body + "\n", Disclaimer(lead[0], " ".join(lead[1].split()), body.count("\n") + 2)
    return text, None


def is_safe_relative_path(value: str) -> bool:
    """A contributor-given path that stays inside the tree: relative, POSIX, no '..'."""
    if not value or "\\" in value or "\x00" in value or value.startswith("/") or re.match(r"^[A-Za-z]:", value):
        return False
    parts = PurePosixPath(value).parts
    return ".." not in parts and "~" not in parts[:1]


def image_path_hash(source_image: str) -> str:
    """SHA-256 of an English image's repository-relative path, as translated image names carry."""
    return hashlib.sha256(source_image.encode("utf-8")).hexdigest()
