"""Document: the text a person wrote, with the regions that are not theirs, and offsets -> line/column."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass, field
from enum import Enum


class RegionKind(str, Enum):
    """Parts of a text that are not linted as the author's own words."""

    QUOTE = "quote"  # quoted reply text: context only
    SIGNATURE = "signature"
    CODE = "code"  # Markdown code blocks, front matter, template logic
    PLACEHOLDER = "placeholder"  # {{ name }}, ○○: an opaque noun


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    kind: RegionKind


# What a placeholder becomes for the tokenizer: one full-width X (a single noun in UniDic) followed by spaces,
# so 「{{deadline}}までに」 reads as 「Ｘ           までに」 with every offset unchanged, and a long placeholder
# counts as one word, not as many characters, in sentence-length measures.
PLACEHOLDER_FILL = "Ｘ"


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
    _line_starts: list[int] | None = field(default=None, repr=False)

    def authored_text(self) -> str:
        """The text with foreign regions blanked and placeholders filled, offsets and line breaks unchanged.

        Blanked regions win over placeholders: a ``{{name}}`` inside quoted text or front matter stays blank.
        """
        if not self.regions:
            return self.text
        chars = list(self.text)
        for region in sorted(self.regions, key=lambda r: r.kind is not RegionKind.PLACEHOLDER):
            if region.kind is RegionKind.PLACEHOLDER:
                fill = PLACEHOLDER_FILL
                for i in range(region.start, region.end):
                    if chars[i] not in "\r\n":
                        chars[i] = fill
                        fill = " "
                continue
            for i in range(region.start, region.end):
                if chars[i] not in "\r\n":
                    chars[i] = " "
        return "".join(chars)

    def has_authored_text(self) -> bool:
        return bool(self.authored_text().strip())

    def placeholders(self) -> list[Region]:
        return [r for r in self.regions if r.kind is RegionKind.PLACEHOLDER]

    def in_kind(self, offset: int, kind: RegionKind) -> bool:
        return any(r.start <= offset < r.end and r.kind is kind for r in self.regions)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, columns counted in characters."""
        if self._line_starts is None:
            self._line_starts = [0, *itertools.accumulate(len(line) + 1 for line in self.text.split("\n")[:-1])]
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        self.position(0)
        starts = self._line_starts or [0]
        if not 0 < line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r")
