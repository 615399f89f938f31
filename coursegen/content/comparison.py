"""Two versions of an English lesson compared as a translator needs it: section by section
(headings), paragraph by paragraph (a list's items each on their own, as GitHub's parser reads the
page: coursegen.content.reading), and word by word inside a changed paragraph, in time linear in
the text (coursegen.content.history finds the version a translation was made from).

Nothing here is HTML or Markdown: text stays text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from coursegen.content.reading import read

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"
# Two paragraphs this similar (0..1, by words) are one paragraph changed, not one removed and one added.
SIMILAR = 0.4


# -- paragraphs and sections ---------------------------------------------------------------------

_WORD = re.compile(r"\w+")  # (words and tokens of prose, for counting and word diffs: not Markdown)
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Section:
    title: str | None  # the heading's text; None for the text before the first heading
    level: int  # 0 before the first heading
    blocks: tuple[str, ...]  # paragraphs, list items, code blocks, in order


def sections_of(text: str) -> list[Section]:
    sections: list[Section] = []
    title, level = None, 0
    blocks: list[str] = []
    for block in read(text).blocks:
        if block.kind == "heading":
            if title is not None or blocks:
                sections.append(Section(title, level, tuple(blocks)))
            title, level, blocks = block.title, block.level, []
        elif block.text.strip():
            blocks.append(block.text)
    if title is not None or blocks:
        sections.append(Section(title, level, tuple(blocks)))
    return sections


def words(text: str) -> int:
    return len(_WORD.findall(text))


def _normalised(block: str) -> str:
    return " ".join(block.split())


# -- the comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockChange:
    kind: str  # added, removed or changed
    old: str | None
    new: str | None
    # changed: (op, text) pieces in order, op one of "same", "removed", "added"
    pieces: tuple[tuple[str, str], ...] = ()

    def counts(self) -> tuple[int, int]:
        """Words added and removed."""
        if self.kind == ADDED:
            return words(self.new or ""), 0
        if self.kind == REMOVED:
            return 0, words(self.old or "")
        return (
            sum(words(text) for op, text in self.pieces if op == ADDED),
            sum(words(text) for op, text in self.pieces if op == REMOVED),
        )

    def as_json(self) -> dict:
        data: dict = {"kind": self.kind, "old": self.old, "new": self.new}
        if self.kind == CHANGED:
            data["pieces"] = [[op, text] for op, text in self.pieces]
        return data


@dataclass(frozen=True)
class SectionChange:
    kind: str  # added, removed or changed (a section whose heading or paragraphs changed)
    title: str | None  # the current heading (the old one for a removed section)
    level: int
    changes: tuple[BlockChange, ...]
    old_title: str | None = None  # when the heading itself was reworded

    def counts(self) -> tuple[int, int]:
        added = removed = 0
        for change in self.changes:
            a, r = change.counts()
            added, removed = added + a, removed + r
        if self.kind == ADDED:
            added += words(self.title or "")
        elif self.kind == REMOVED:
            removed += words(self.title or "")
        elif self.old_title is not None:
            added, removed = added + words(self.title or ""), removed + words(self.old_title)
        return added, removed

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "old_title": self.old_title,
            "level": self.level,
            "changes": [change.as_json() for change in self.changes],
        }


# SequenceMatcher takes time in proportion to the product of the two lengths: a diff word by word
# is bounded to this many token pairs; beyond it, sentence by sentence, and beyond that, the
# changed middle whole (an 8,000-word paragraph changed throughout took 16 s per command).
MAX_PAIRS = 4_000_000
_SENTENCE_END = {".", "!", "?", "。", "！", "？", "؟", "।"}


def word_pieces(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """old → new word by word: (op, text) with op "same", "removed" or "added"."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[tuple[str, str]] = []

    def put(op: str, text: str) -> None:
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        elif text:
            pieces.append((op, text))

    for op, old_tokens, new_tokens in _token_diff(a, b):
        if op == SAME:
            put(SAME, "".join(old_tokens))
        else:
            put(REMOVED, "".join(old_tokens))
            put(ADDED, "".join(new_tokens))
    return tuple(pieces)


def _token_diff(a: list[str], b: list[str], by_sentence: bool = True) -> list[tuple[str, list[str], list[str]]]:
    """(op, old tokens, new tokens) in order: word by word while that stays within MAX_PAIRS;
    else the common start and end found in linear time, and the middle sentence by sentence."""
    if len(a) * len(b) <= MAX_PAIRS:
        return _matched(a, b)
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    head = [(SAME, a[:start], a[:start])] if start else []
    tail = [(SAME, a[len(a) - end :], a[len(a) - end :])] if end else []
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if not middle_a and not middle_b:
        return head + tail
    if len(middle_a) * len(middle_b) <= MAX_PAIRS:
        body = _matched(middle_a, middle_b)
    elif by_sentence:
        old_sentences, new_sentences = _sentences(middle_a), _sentences(middle_b)
        body = []
        keys = (["".join(sentence) for sentence in old_sentences], ["".join(sentence) for sentence in new_sentences])
        if len(old_sentences) * len(new_sentences) <= MAX_PAIRS:
            for op, i1, i2, j1, j2 in SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
                old_part = [token for sentence in old_sentences[i1:i2] for token in sentence]
                new_part = [token for sentence in new_sentences[j1:j2] for token in sentence]
                body += [(SAME, old_part, new_part)] if op == "equal" else _token_diff(old_part, new_part, by_sentence=False)
        else:
            body = [(CHANGED, middle_a, middle_b)]
    else:
        body = [(CHANGED, middle_a, middle_b)]
    return head + body + tail


def _matched(a: list[str], b: list[str]) -> list[tuple[str, list[str], list[str]]]:
    return [
        (SAME if op == "equal" else CHANGED, a[i1:i2], b[j1:j2])
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]


def _sentences(tokens: list[str]) -> list[list[str]]:
    found: list[list[str]] = [[]]
    for token in tokens:
        found[-1].append(token)
        if token in _SENTENCE_END:
            found.append([])
    return [sentence for sentence in found if sentence]


def _similarity(old: str, new: str) -> float:
    """How alike two paragraphs are (0..1): the words they share, counted with repeats, over all
    their words (in linear time, unlike a diff)."""
    a, b = Counter(_WORD.findall(old.lower())), Counter(_WORD.findall(new.lower()))
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


def compare_blocks(old: tuple[str, ...], new: tuple[str, ...]) -> list[BlockChange]:
    changes: list[BlockChange] = []
    matcher = SequenceMatcher(None, [_normalised(b) for b in old], [_normalised(b) for b in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        # Pair each removed paragraph with the most similar added one still unpaired, in order.
        while removed or added:
            if removed and added and _similarity(removed[0], added[0]) >= SIMILAR:
                before, after = removed.pop(0), added.pop(0)
                changes.append(BlockChange(CHANGED, before, after, word_pieces(before, after)))
            elif removed and (not added or not any(_similarity(removed[0], other) >= SIMILAR for other in added)):
                changes.append(BlockChange(REMOVED, removed.pop(0), None))
            else:
                changes.append(BlockChange(ADDED, None, added.pop(0)))
    return changes


def compare(old_text: str, new_text: str) -> list[SectionChange]:
    """Section by section: sections are matched by heading (level and text), in order."""
    old, new = sections_of(old_text), sections_of(new_text)
    result: list[SectionChange] = []
    key = lambda s: (s.level, _normalised(s.title or "").lower())  # noqa: E731
    matcher = SequenceMatcher(None, [key(s) for s in old], [key(s) for s in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs = list(zip(old[i1:i2], new[j1:j2], strict=True))
            gone, came = [], []
        else:
            # A heading reworded at the same place and level is the same section.
            gone, came = list(old[i1:i2]), list(new[j1:j2])
            pairs = []
            if op == "replace":
                while (
                    gone
                    and came
                    and gone[0].level == came[0].level
                    and _similarity(" ".join(gone[0].blocks), " ".join(came[0].blocks)) >= SIMILAR
                ):
                    pairs.append((gone.pop(0), came.pop(0)))
        for before, after in pairs:
            changes = compare_blocks(before.blocks, after.blocks)
            renamed = before.title if key(before) != key(after) else None
            if changes or renamed is not None:
                result.append(SectionChange(CHANGED, after.title, after.level, tuple(changes), renamed))
        for section in gone:
            result.append(
                SectionChange(REMOVED, section.title, section.level, tuple(BlockChange(REMOVED, b, None) for b in section.blocks))
            )
        for section in came:
            result.append(SectionChange(ADDED, section.title, section.level, tuple(BlockChange(ADDED, None, b) for b in section.blocks)))
    return result
