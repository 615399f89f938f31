"""`coursegen diff LANG LESSON`: the English changes since a translation, for a terminal, a pull
request (Markdown) or a script (JSON). The comparison itself is coursegen.content.history.

English text shown here is text: in Markdown it is escaped, so a paragraph cannot add markup,
links or HTML to a pull-request summary.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from coursegen.content.comparison import ADDED, REMOVED, SAME, BlockChange, SectionChange
from coursegen.content.history import EnglishDiff
from coursegen.escape import markdown_literal, terminal_safe

# Marks that survive without colour (a log, a pipe): git's word-diff style.
REMOVED_MARKS = ("[-", "-]")
ADDED_MARKS = ("{+", "+}")


def short(commit: str) -> str:
    return commit[:10]


def counts_text(diff: EnglishDiff) -> str:
    """ "2 sections changed, 1 added, 1 removed; +45 −12 words" (the status tables use it too)."""
    s = diff.summary()
    return (
        f"{s['sections_changed']} section(s) changed, {s['sections_added']} added, {s['sections_removed']} removed; "
        f"+{s['words_added']} −{s['words_removed']} words"
    )


def not_found_lines(diff: EnglishDiff) -> list[str]:
    assert diff.missing is not None
    return [
        f"{diff.lang} {diff.slug}: cannot show what changed in English since this translation was made.",
        f"why: {diff.missing.reason}",
        f"what to do: {diff.missing.hint}",
    ]


def _section_name(section: SectionChange) -> str:
    if section.title is None:
        return "(before the first heading)"
    return "#" * section.level + " " + section.title


# -- terminal (rich) -------------------------------------------------------------------------------


class _SafeText(Text):
    """Rich text whose words (the lesson's, from contributors) show control characters, never send them."""

    def append(self, text: Any, style: Any = None) -> _SafeText:
        super().append(terminal_safe(text) if isinstance(text, str) else text, style)
        return self


def _block_text(change: BlockChange) -> Text:
    text = _SafeText()
    if change.kind == ADDED:
        text.append("+ added: ", style="bold green")
        text.append(ADDED_MARKS[0] + (change.new or "") + ADDED_MARKS[1], style="green")
    elif change.kind == REMOVED:
        text.append("- removed: ", style="bold red")
        text.append(REMOVED_MARKS[0] + (change.old or "") + REMOVED_MARKS[1], style="red strike")
    else:
        text.append("~ changed: ", style="bold yellow")
        for op, piece in change.pieces:
            core = piece.strip()
            if op == SAME or not core:
                text.append(piece)
                continue
            marks, style = (REMOVED_MARKS, "red strike") if op == REMOVED else (ADDED_MARKS, "green")
            text.append(piece[: len(piece) - len(piece.lstrip())])  # spaces outside the marks
            text.append(marks[0] + core + marks[1], style=style)
            text.append(piece[len(piece.rstrip()) :])
    return text


def terminal_view(diff: EnglishDiff) -> RenderableType:
    """What `coursegen diff` prints by default."""
    head = _SafeText()
    if diff.base is None:
        return Text("\n".join(not_found_lines(diff)))
    head.append(f"{diff.lang} {diff.slug}", style="bold")
    head.append(f" ({diff.translation_path}) was translated from the English of commit {short(diff.base.commit)}, {diff.base.date}\n")
    if diff.up_to_date:
        head.append("The English lesson has not changed since: the translation is up to date.", style="green")
        return head
    head.append(f"English changes since then ({diff.english_path}): {counts_text(diff)}", style="bold")
    parts: list[RenderableType] = [head]
    for section in diff.sections:
        title = _SafeText("\n" + terminal_safe(_section_name(section)), style="bold cyan")
        title.append(f"   [{'section ' + section.kind}]", style="dim")
        parts.append(title)
        if section.old_title is not None:
            parts.append(Padding(Text(terminal_safe(f"heading was: {section.old_title}"), style="yellow"), (0, 0, 0, 2), expand=False))
        for change in section.changes:
            parts.append(Padding(_block_text(change), (0, 0, 0, 2), expand=False))
    if not diff.sections:
        parts.append(Text("Only whitespace or line endings changed."))
    return Group(*parts)


# -- Markdown (pull requests) ------------------------------------------------------------------


def markdown_escape(value: str) -> str:
    """Text inside Markdown (escape.markdown_literal) on one line; a space before or after kept."""
    lead = " " if value[:1].isspace() else ""
    tail = " " if value[-1:].isspace() and value.strip() else ""
    return lead + markdown_literal(" ".join(value.split())) + tail


def _block_markdown(change: BlockChange) -> str:
    if change.kind == ADDED:
        return f"- **added:** <ins>{markdown_escape(change.new or '')}</ins>"
    if change.kind == REMOVED:
        return f"- **removed:** <del>{markdown_escape(change.old or '')}</del>"
    pieces = []
    for op, piece in change.pieces:
        text = markdown_escape(piece)
        if not text.strip():
            pieces.append(" " if piece else "")
        elif op == SAME:
            pieces.append(text)
        else:
            tag = "del" if op == REMOVED else "ins"
            lead, tail = " " if text.startswith(" ") else "", " " if text.endswith(" ") else ""
            pieces.append(f"{lead}<{tag}>{text.strip()}</{tag}>{tail}")
    return "- **changed:** " + "".join(pieces)


def markdown_view(diff: EnglishDiff, heading_level: int = 3) -> str:
    """The diff as Markdown, for a pull-request summary: `<del>` / `<ins>` around escaped text."""
    h = "#" * heading_level
    if diff.base is None:
        lines = not_found_lines(diff)
        return f"{h} English changes for {diff.lang} {diff.slug}\n\n" + "\n".join(f"- {markdown_escape(line)}" for line in lines) + "\n"
    lines = [
        f"{h} English changes for {diff.lang} {diff.slug}",
        "",
        f"Translated from the English of commit `{short(diff.base.commit)}` ({diff.base.date}); "
        f"`{diff.english_path}` since: {counts_text(diff)}.",
        "",
    ]
    if diff.up_to_date:
        lines[2] = f"Translated from the English of commit `{short(diff.base.commit)}` ({diff.base.date}): up to date."
    for section in diff.sections:
        name = section.title if section.title is not None else "(before the first heading)"
        lines.append(f"**{markdown_escape(name)}** ({'section ' + section.kind})")
        lines.append("")
        if section.old_title is not None:
            lines.append(f"- **heading was:** <del>{markdown_escape(section.old_title)}</del>")
        lines += [_block_markdown(change) for change in section.changes]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# -- how much changed, for `coursegen status` ------------------------------------------------------


def size_cells(diff: EnglishDiff) -> tuple[str, str, str]:
    """(sections, words, based on) for a status table row; the reason when history has no base."""
    if diff.base is None:
        if not diff.original_hash:
            why = "no metadata"
        elif diff.missing is not None and diff.missing.shallow:
            why = "not in this shallow clone's history: git fetch --unshallow"
        else:  # made from an English text this repository never had (imported from upstream, say)
            why = "an English text this repository never had: compare by hand, then coursegen stamp"
        return "?", "?", why
    s = diff.summary()
    counts = [(s["sections_changed"], "changed"), (s["sections_added"], "added"), (s["sections_removed"], "removed")]
    sections = ", ".join(f"{number} {what}" for number, what in counts if number) or "0"
    return sections, f"+{s['words_added']} −{s['words_removed']}", f"{short(diff.base.commit)} ({diff.base.date[:10]})"


def sizes_markdown(diffs: dict[tuple[str, str], EnglishDiff]) -> str:
    """Outdated translations and how much English changed since each, quickest first."""
    if not diffs:
        return ""
    lines = [
        "",
        "Outdated translations, by how much the English changed since (`coursegen diff LANG LESSON` shows it):",
        "",
        "| language | lesson | sections | words | translated from |",
        "|---|---|---|---:|---|",
    ]
    for (lang, slug), diff in sorted(diffs.items(), key=lambda item: _effort(item[1])):
        sections, words, based = size_cells(diff)
        lines.append(f"| {lang} | {slug} | {sections} | {words} | {markdown_escape(based)} |")
    return "\n".join(lines) + "\n"


def _effort(diff: EnglishDiff) -> tuple[int, int]:
    if diff.base is None:
        return (1, 0)
    s = diff.summary()
    return (0, s["words_added"] + s["words_removed"])
