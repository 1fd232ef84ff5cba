"""Analysis: one document's authored text, its sentences and the concept matches every check shares."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from teinei.document import Document
from teinei.tokens import Sentence, split_sentences


@dataclass(frozen=True)
class Match:
    """A span a check found, with named captures for the message and an optional replacement."""

    start: int
    end: int
    captures: dict[str, str] = field(default_factory=dict)
    replacement: str | None = None
    data: dict[str, object] = field(default_factory=dict)


@dataclass
class Analysis:
    """Everything the checks read, computed once per document part."""

    document: Document
    profile: str
    today: dt.date
    regex_timeout: float = 1.0
    text: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    _concepts: dict[str, list[Match]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, document: Document, profile: str, today: dt.date, regex_timeout: float = 1.0) -> Analysis:
        text = document.authored_text()
        spans = [(r.start, r.end) for r in document.placeholders()]
        sentences = split_sentences(text, spans)
        return cls(
            document, profile, today, regex_timeout, text, sentences, {}, [s.start for s in sentences]
        )

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains ``offset`` (None between sentences)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    def concept(self, name: str, compute: Callable[[Analysis], list[Match]]) -> list[Match]:
        """Matches of a concept, computed at most once per analysis."""
        if name not in self._concepts:
            self._concepts[name] = compute(self)
        return self._concepts[name]
