"""An open editor buffer linted as the file it will be saved as, and where its findings and fixes are in the
editor's own coordinates (zero-based lines, columns in the client's code units). No editor protocol here:
``teinei.lsp`` turns these into LSP messages, and this module stays importable without pygls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from teinei.document import Document
from teinei.errors import InputError
from teinei.findings import Finding, LintResult
from teinei.fix import fix_text
from teinei.linter import Linter

Units = Callable[[str], int]  # how many code units of the client's position encoding a string takes
Position = tuple[int, int]  # zero-based line, column in code units


def read_buffer(text: str, path: str) -> Document | None:
    """The document for an editor's text, read like the file ``path`` (an e-mail, Markdown, a template…);
    None when there is nothing of the author's to check (an empty buffer, only quoted text)."""
    from teinei.inputs import read_bytes

    try:
        return read_bytes(text.encode("utf-8"), path)
    except InputError:
        return None


def lint_buffer(linter: Linter, text: str, path: str, today: dt.date | None = None) -> LintResult | None:
    document = read_buffer(text, path)
    return None if document is None else linter.lint_document(document, today=today)


@dataclass
class Placement:
    """Where a linted buffer's findings are in the editor's text."""

    text: str
    result: LintResult
    units: Units

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        self._subject = _subject_line(self.lines) if self._document.subject is not None else None

    @property
    def _document(self) -> Document:
        document = self.result._document
        assert document is not None, "a result from lint_buffer keeps its document"
        return document

    def point(self, line: int, column: int) -> Position:
        """A finding's 1-based line and character column as an editor position (clamped to the text)."""
        index = min(max(line - 1, 0), len(self.lines) - 1)
        text = self.lines[index]
        return index, self.units(text[: max(column - 1, 0)])

    def range(self, finding: Finding) -> tuple[Position, Position]:
        if finding.part == "subject":
            return self._subject_range(finding)
        return self.point(finding.line, finding.column), self.point(finding.end_line, finding.end_column)

    def _subject_range(self, finding: Finding) -> tuple[Position, Position]:
        """The Subject header line; the span itself when the header holds the subject as decoded (not
        MIME-encoded), else the whole header value."""
        if self._subject is None:
            return (0, 0), (0, 0)
        index, start = self._subject
        line = self.lines[index]
        subject = self._document.subject
        at = line.find(subject.text, start) if subject is not None and subject.text else -1
        if at < 0:
            return (index, self.units(line[:start])), (index, self.units(line.rstrip("\r")))
        return (
            (index, self.units(line[: at + finding.column - 1])),
            (index, self.units(line[: at + finding.end_column - 1])),
        )

    def fix_range(self, finding: Finding) -> tuple[Position, Position] | None:
        """Where a body finding's fix goes in the editor, or None when that text is not the text the fix
        was made for (an e-mail body that was encoded, a buffer changed since)."""
        fix = finding.fix
        if fix is None or finding.part != "body":
            return None
        document = self._document
        (start_line, start_column), (end_line, end_column) = document.position(fix.start), document.position(fix.end)
        if not (0 < start_line <= len(self.lines) and 0 < end_line <= len(self.lines)):
            return None
        if self._slice(start_line, start_column, end_line, end_column) != document.text[fix.start : fix.end]:
            return None
        return self.point(start_line, start_column), self.point(end_line, end_column)

    def _slice(self, line: int, column: int, end_line: int, end_column: int) -> str:
        if line == end_line:
            return self.lines[line - 1][column - 1 : end_column - 1]
        middle = self.lines[line : end_line - 1]
        return "\n".join([self.lines[line - 1][column - 1 :], *middle, self.lines[end_line - 1][: end_column - 1]])

    def offset_position(self, offset: int) -> Position:
        """An editor position for a character offset into the buffer's text."""
        line = self.text.count("\n", 0, offset)
        start = self.text.rfind("\n", 0, offset) + 1
        return line, self.units(self.text[start:offset])


def _subject_line(lines: list[str]) -> tuple[int, int] | None:
    """(line index, column after 'Subject:' and its spaces) of the header, looked for in the header block."""
    for index, line in enumerate(lines):
        if not line.strip("\r"):
            return None  # the blank line that ends the header
        name, colon, value = line.partition(":")
        if colon and name.strip().lower() == "subject":
            return index, len(name) + 1 + (len(value) - len(value.lstrip()))
    return None


def fix_all(linter: Linter, text: str, path: str, today: dt.date | None = None) -> tuple[str, int]:
    """The buffer with every safe fix applied until stable (as ``teinei check --fix`` would write it), and
    how many fixes that made. E-mail files are left alone, as by the command line."""
    document = read_buffer(text, path)
    if document is None or "email" in document.facts:
        return text, 0
    fixed, applied = fix_text(lambda t: lint_buffer(linter, t, path, today) or [], text)
    return fixed, len(applied)


def smallest_edit(before: str, after: str) -> tuple[int, int, str]:
    """(start, end, replacement) of ``before`` that turns it into ``after``: one edit around what changed, so
    that the editor keeps the cursor and the undo step small."""
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return start, len(before) - end, after[start : len(after) - end]


def is_lintable(path: str) -> bool:
    """Whether ``teinei check`` reads files with this name (message, Markdown and template files)."""
    from teinei.inputs import LINTABLE_SUFFIXES

    return Path(path).suffix.lower() in LINTABLE_SUFFIXES
