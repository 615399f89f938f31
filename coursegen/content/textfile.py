"""Reading contributed text files: UTF-8 only, byte-order mark and CRLF tolerated."""

from __future__ import annotations

import hashlib
from pathlib import Path

from coursegen.problems import CourseError, Problem

BOM = "\ufeff"
# A lesson is about 20 kB; a text file fifty times that is a mistake (or an attack on the build).
MAX_TEXT_BYTES = 1_000_000


def decode_text(data: bytes, shown_path: str) -> str:
    """Decode contributed bytes as UTF-8, dropping a byte-order mark and normalising line ends."""
    if len(data) > MAX_TEXT_BYTES:
        raise CourseError(
            Problem(shown_path, 0, f"file is {len(data) / 1e6:.1f} MB: a course text file may be at most {MAX_TEXT_BYTES / 1e6:.0f} MB")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CourseError(Problem(shown_path, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x}): save the file as UTF-8")) from None
    if text.startswith(BOM):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CourseError(Problem(shown_path, line, "contains a NUL character: this is not a text file"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, shown_path: str | None = None) -> str:
    return decode_text(Path(path).read_bytes(), shown_path or Path(path).as_posix())


def source_hash(path: Path) -> str:
    """MD5 of the raw bytes of an English source file, as the translated-lesson format stores it."""
    return bytes_hash(Path(path).read_bytes())


def bytes_hash(data: bytes) -> str:
    """MD5 of raw bytes (an English version read from git history, say), as source_hash computes it."""
    return hashlib.md5(data).hexdigest()
