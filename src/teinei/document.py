"""Document: the text a person wrote, with the regions that are not theirs, and offsets -> line/column."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class RegionRole(str, Enum):
    """What a part of a text that is not linted as the author's own words is there for."""

    QUOTE = "quote"  # quoted reply text: context only
    SIGNATURE = "signature"
    CODE = "code"  # Markdown code blocks, front matter, template logic
    PLACEHOLDER = "placeholder"  # {{ name }}, ○○: an opaque noun


class Region(NamedTuple):
    """A span of the text, ``[start, end)``, and its role (quote, signature, code, placeholder)."""

    start: int
    end: int
    role: RegionRole


# What a placeholder becomes for the tokenizer: one full-width X (a single noun in UniDic) followed by spaces,
# so 「{{deadline}}までに」 reads as 「Ｘ           までに」 with every offset unchanged, and a long placeholder
# counts as one word, not as many characters, in sentence-length measures.
PLACEHOLDER_FILL = "Ｘ"


def blanked(
    text: str,
    blanks: Iterable[tuple[int, int]],
    fills: Sequence[tuple[int, int]] = (),
    *,
    keep: str = "\r\n",
    stop: int | None = None,
) -> str:
    """``text[:stop]`` with every character of the ``blanks`` spans, except those in ``keep``, made a space, and
    each ``fills`` span made one ``PLACEHOLDER_FILL`` and spaces (on its first character not in ``keep``).

    Spans are applied as if one after the other, fills in their order and blanks last, so a later span wins
    where spans overlap. The result is built from slices of the text: a character-by-character copy would cost
    a separate object per character of a Japanese text, dozens of bytes for each byte of the text.
    """
    stop = len(text) if stop is None else min(stop, len(text))
    clipped = [(max(s, 0), min(e, stop)) for s, e in blanks]
    blank_spans = _merged([(s, e) for s, e in clipped if s < e])
    fill_spans = [(max(s, 0), min(e, stop)) for s, e in fills]
    marks = _fill_marks(text, blank_spans, fill_spans, keep)
    covered = _merged(blank_spans + [(s, e) for s, e in fill_spans if s < e])
    if not covered:
        return text[:stop] if stop < len(text) else text
    pieces: list[str] = []
    previous = 0
    mark = 0
    for start, end in covered:
        pieces.append(text[previous:start])
        while mark < len(marks) and marks[mark] < end:  # marks lie inside covered spans, in order
            pieces.append(_spaces(text, start, marks[mark], keep))
            pieces.append(PLACEHOLDER_FILL)
            start = marks[mark] + 1
            mark += 1
        pieces.append(_spaces(text, start, end, keep))
        previous = end
    pieces.append(text[previous:stop])
    return "".join(pieces)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-empty spans, sorted, with overlapping and touching ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _fill_marks(text: str, blanks: list[tuple[int, int]], fills: Sequence[tuple[int, int]], keep: str) -> list[int]:
    """Where a fill character stays: each fill's first character not in ``keep``, unless a later fill or a blank
    covers it. ``blanks`` are merged spans."""
    ordered = sorted(fills)
    disjoint = all(a[1] <= b[0] for a, b in itertools.pairwise(ordered))  # then no other fill covers a mark
    blank_starts = [s for s, _ in blanks]
    marks = []
    for index, (start, end) in enumerate(fills):
        at = next((i for i in range(start, end) if text[i] not in keep), None)
        if at is None:
            continue
        b = bisect.bisect_right(blank_starts, at) - 1
        if b >= 0 and at < blanks[b][1]:
            continue
        if not disjoint and any(s <= at < e for s, e in fills[index + 1 :]):
            continue
        marks.append(at)
    return sorted(set(marks))


_RUNS: dict[str, re.Pattern[str]] = {}


def _spaces(text: str, start: int, end: int, keep: str) -> str:
    """``text[start:end]`` with every character not in ``keep`` made a space."""
    if start >= end:
        return ""
    segment = text[start:end]
    if not any(ch in segment for ch in keep):
        return " " * (end - start)
    runs = _RUNS.get(keep)
    if runs is None:
        runs = _RUNS[keep] = re.compile("[^" + re.escape(keep) + "]+")
    return runs.sub(lambda m: " " * (m.end() - m.start()), segment)


@dataclass
class Document:
    """One message part to lint, as decoded text, plus what the input layer learned around it.

    ``text`` is exactly the decoded text the user sees; every offset in the pipeline indexes it.
    """

    text: str
    path: str = "-"
    part: str = "body"
    encoding: str = "utf-8"
    regions: list[Region] = field(default_factory=list)
    facts: set[str] = field(default_factory=set)  # e.g. "reply", "email"
    attachments: list[str] = field(default_factory=list)
    date: dt.date | None = None  # reference date for deadline reasoning (an e-mail's Date header)
    sent_at: dt.datetime | None = None  # the same with its time of day, as the sender's clock read it
    subject: Document | None = None
    # The line of the source file that the text's first line is (an e-mail's body comes after its header),
    # when the text's lines are the file's lines; findings give file lines (see ``position``).
    first_line: int = 1
    # A file whose lines end in a bare CR (classic Mac OS) is read with LF, one character for one, so that
    # lines, quotes and sentences are found as in any file; writing it back restores the CR.
    newline: str = "\n"
    _line_starts: array | None = field(default=None, repr=False)  # see line_starts()

    def authored_text(self) -> str:
        """The text with foreign regions blanked and placeholders filled, offsets and line breaks unchanged.

        Blanked regions win over placeholders: a ``{{name}}`` inside quoted text or front matter stays blank.
        """
        if not self.regions:
            return self.text
        fills = [(r.start, r.end) for r in self.regions if r.role is RegionRole.PLACEHOLDER]
        blanks = [(r.start, r.end) for r in self.regions if r.role is not RegionRole.PLACEHOLDER]
        return blanked(self.text, blanks, fills)

    def has_authored_text(self) -> bool:
        authored = self.authored_text()
        return bool(authored) and not authored.isspace()  # as bool(authored.strip()), without a copy

    def placeholders(self) -> list[Region]:
        return [r for r in self.regions if r.role is RegionRole.PLACEHOLDER]

    def in_role(self, offset: int, role: RegionRole) -> bool:
        return any(r.start <= offset < r.end and r.role is role for r in self.regions)

    def line_starts(self) -> array:
        """Offsets where the lines start (0 and after each line feed), computed once."""
        if self._line_starts is None:
            self._line_starts = _line_starts(self.text)
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, columns counted in characters; the line is the source
        file's (``first_line``)."""
        starts = self.line_starts()
        index = bisect.bisect_right(starts, offset) - 1
        return index + self.first_line, offset - starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line of the source file (see ``position``), without its line break."""
        starts = self.line_starts()
        line -= self.first_line - 1
        if not 0 < line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r")


def _line_starts(text: str) -> array:
    """Offsets where the lines of ``text`` start, found without a list of the lines."""
    starts = array("i" if len(text) < 2**31 else "q", [0])  # 4 bytes a line
    add, find = starts.append, text.find
    at = find("\n")
    while at >= 0:
        add(at + 1)
        at = find("\n", at + 1)
    return starts
