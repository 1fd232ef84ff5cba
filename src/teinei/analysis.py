"""Analysis: one document's authored text, its sentences and the concept matches every check shares.

A long text is analysed a window at a time (``WINDOW``): what checks read of tokens is computed window by
window (``sentence_local``), so that a window's tokens are dropped before the next is read, and memory no
longer grows with the tokens of the whole text. Everything else (the text, sentence bounds, concept
matches, dates) is the whole text's, so every check gives the same matches as on one analysis of it all.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from teinei.document import Document
from teinei.intervals import Intervals
from teinei.tokens import KindTable, Sentence, kind_table, sentence_batches, split_sentences

if TYPE_CHECKING:
    from teinei.dates import BusinessCalendar


@dataclass(frozen=True, slots=True)  # slots: a long text has hundreds of thousands of concept matches
class Match:
    """A span a check found, with named captures for the message and an optional replacement."""

    start: int
    end: int
    captures: Mapping[str, str] = field(default_factory=lambda: NOTHING)
    replacement: str | None = None
    data: Mapping[str, object] = field(default_factory=lambda: NOTHING)


# The captures and data of the many matches that have none: one shared, read-only, empty mapping.
NOTHING: Mapping[str, Any] = MappingProxyType({})

# Texts longer than this many characters (about 1.5 MB of Japanese) are tokenized a window of at least this many
# at a time. A window's tokens take about 25 MB; a whole text is read about 7% faster than in windows.
WINDOW = 500_000

# A computation over the tokens of sentences: its key, and a function from an analysis to a list of results
# that hold no sentence or token index (offsets into the text only), so that the lists of consecutive windows
# joined are the list of the whole text. It reads tokens and text only (a window has no calendar or time).
SentenceWork = tuple[object, Callable[["Analysis"], list[Any]]]


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
    # Indexes built on first use: see ``concept_overlaps``, ``kind_positions`` and ``cache``.
    _overlaps: dict[str, Overlaps] = field(default_factory=dict, repr=False)
    _positions: dict[int, array] | None = field(default=None, repr=False)
    _bases: list[int] = field(default_factory=list, repr=False)
    _owners: array = field(default_factory=lambda: array("i"), repr=False)
    # Memo of what checks compute from the text (regular expression matches, dates), shared with windows.
    cache: dict[object, object] = field(default_factory=dict, repr=False)
    # Memo of what checks compute from this analysis' own sentences' tokens (a window's, when windowed).
    token_cache: dict[object, object] = field(default_factory=dict, repr=False)
    now: dt.datetime | None = None  # the reference time when known (an e-mail's Date header), for deadlines
    calendar: BusinessCalendar | None = None  # business days for deadline checks (None: the default calendar)
    _local: dict[object, list[Any]] = field(default_factory=dict, repr=False)  # see ``sentence_local``
    _windows: _Windows | None = field(default=None, repr=False)  # set when analysed a window at a time

    @classmethod
    def of(
        cls,
        document: Document,
        profile: str,
        today: dt.date,
        regex_timeout: float = 1.0,
        work: Sequence[SentenceWork] = (),
    ) -> Analysis:
        """The analysis of a document part. ``work``: the sentence-local computations the checks will ask
        for; on a long text they are done window by window as it is tokenized (any other is done when asked,
        by tokenizing the text again)."""
        text = document.authored_text()
        spans = [(r.start, r.end) for r in document.placeholders()]
        if len(text) <= WINDOW:
            sentences = split_sentences(text, spans)
            return cls(document, profile, today, regex_timeout, text, sentences, {}, [s.start for s in sentences])
        analysis = cls(document, profile, today, regex_timeout, text)
        windows = analysis._windows = _Windows(analysis, spans)
        analysis._local = windows.run(work)
        analysis.sentences, analysis._starts = windows.sentences, windows.starts  # type: ignore[assignment]
        return analysis

    def sentence_local(self, key: object, compute: Callable[[Analysis], list[Any]]) -> list[Any]:
        """``compute(self)``, at most once per analysis: a computation over sentences' tokens (token patterns,
        the token part of concepts) whose results hold offsets only. On a windowed analysis, the results of
        every window joined."""
        found = self._local.get(key)
        if found is None:
            windows = self._windows
            found = compute(self) if windows is None else windows.run([(key, compute)]).get(key)
            if found is None:  # it ran past the time bound in a window: reported for the rule that asks
                from teinei.checks.text_pattern import RuleTimeout

                raise RuleTimeout(repr(key))
            self._local[key] = found
        return found

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains ``offset`` (None between sentences)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    def release(self, keys: list[object]) -> None:
        """Forget the shared results under ``keys`` (concepts by name, sentence-local work, cached values) once
        no check left to run reads them: a long text's matches are not all held until its last rule."""
        for key in keys:
            for store in (self._concepts, self._overlaps, self._local, self.cache):
                store.pop(key, None)  # type: ignore[call-overload]

    def concept(self, name: str, compute: Callable[[Analysis], list[Match]]) -> list[Match]:
        """Matches of a concept, computed at most once per analysis."""
        if name not in self._concepts:
            self._concepts[name] = compute(self)
        return self._concepts[name]

    def concept_overlaps(self, name: str, compute: Callable[[Analysis], list[Match]], start: int, end: int) -> bool:
        """Whether a match of the concept overlaps [start, end) (or is empty and sits at ``start``)."""
        index = self._overlaps.get(name)
        if index is None:
            index = self._overlaps[name] = Overlaps(self.concept(name, compute))
        return index.any(start, end)

    @property
    def table(self) -> KindTable:
        """The kind table the sentences' kind numbers refer to."""
        return self.sentences[0].table if self.sentences else kind_table()

    def kind_positions(self) -> dict[int, array]:
        """Kind number -> positions of its tokens, ascending; a position numbers every token of the text."""
        if self._windows is not None:
            raise RuntimeError("a windowed analysis keeps no tokens: read them through sentence_local")
        if self._positions is None:
            every = array("i")  # the kind of each position
            owners = array("i")  # the sentence index of each position
            bases: list[int] = []
            for sentence in self.sentences:
                bases.append(len(every))
                every.extend(sentence.kinds)
                owners.extend(array("i", [sentence.index]) * len(sentence.kinds))
            positions: dict[int, array] = {}  # arrays: a few bytes a token, where lists of ints take dozens
            get = positions.get
            for number, kind in enumerate(every):
                found = get(kind)
                if found is None:
                    positions[kind] = array("i", (number,))
                else:
                    found.append(number)
            self._positions, self._bases, self._owners = positions, bases, owners
        return self._positions

    def sentence_bases(self) -> list[int]:
        """Per sentence, the position (see ``kind_positions``) of its first token."""
        self.kind_positions()
        return self._bases

    def sentence_of(self) -> array:
        """Per position (see ``kind_positions``), the index of its sentence."""
        self.kind_positions()
        return self._owners

    def kinds_by(self, feature: str) -> dict[str, list[int]]:
        """The distinct kinds of this text grouped by the value of one token feature (``lemma``, ``pos1``…)."""
        found = self.token_cache.get(feature)  # (the only string keys of the memo)
        if found is None:
            protos = self.table.protos
            grouped: dict[str, list[int]] = {}
            for kind in self.kind_positions():
                grouped.setdefault(getattr(protos[kind], feature), []).append(kind)
            found = self.token_cache[feature] = grouped
        return found  # type: ignore[return-value]

    def locate(self, position: int) -> tuple[Sentence, int]:
        """The sentence of a token position (see ``kind_positions``) and the token's index in it."""
        index = bisect.bisect_right(self._bases, position) - 1
        return self.sentences[index], position - self._bases[index]


class _Windows:
    """A long text's sentences, tokenized a window at a time for the sentence-local work of an analysis."""

    def __init__(self, analysis: Analysis, spans: list[tuple[int, int]]) -> None:
        self.analysis = analysis
        self.spans = spans
        self.sentences: _SentenceBounds | None = None
        self.starts = array("i")
        self.timed_out: set[object] = set()  # work whose expressions ran past the time bound in some window

    def run(self, work: Sequence[SentenceWork]) -> dict[object, list[Any]]:
        """Every computation of ``work`` over each window in turn, the results joined (the first run also
        records every sentence's bounds)."""
        from teinei.checks.text_pattern import RuleTimeout, time_bound

        whole = self.analysis
        results: dict[object, list[Any]] = {key: [] for key, _ in work}
        ends = array("i") if self.sentences is None else None
        for batch in sentence_batches(whole.text, self.spans, WINDOW):
            starts = [s.start for s in batch]
            window = Analysis(whole.document, whole.profile, whole.today, whole.regex_timeout, whole.text, batch, {},
                              starts, cache=whole.cache)  # the text's memo: regular expressions run once
            for key, compute in work:
                if key in self.timed_out:
                    results.pop(key, None)
                    continue
                try:  # each window's work within one bound, as a rule's own run is (``Linter.lint_document``)
                    with time_bound(whole.regex_timeout):
                        results[key].extend(compute(window))
                except RuleTimeout:
                    self.timed_out.add(key)
                    results.pop(key, None)
            if ends is not None:
                self.starts.extend(starts)
                ends.extend(s.end for s in batch)
        if ends is not None:
            self.sentences = _SentenceBounds(self.starts, ends, kind_table())
        return results


class _SentenceBounds(Sequence[Sentence]):
    """The sentences of a windowed analysis without their tokens (start, end and index), made when read."""

    _NO_TOKENS = array("i")

    def __init__(self, starts: array, ends: array, table: KindTable) -> None:
        self.starts, self.ends, self.table = starts, ends, table

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Sentence:  # type: ignore[override]
        if index < 0:
            index += len(self.starts)
        if not 0 <= index < len(self.starts):
            raise IndexError(index)
        empty = self._NO_TOKENS
        return Sentence.of_kinds(self.starts[index], self.ends[index], index, empty, empty, self.table)

    def __iter__(self) -> Iterator[Sentence]:
        empty, table, make = self._NO_TOKENS, self.table, Sentence.of_kinds
        for index, (start, end) in enumerate(zip(self.starts, self.ends, strict=True)):
            yield make(start, end, index, empty, empty, table)


class Overlaps:
    """Concept matches, answering "does one overlap [start, end)" in logarithmic time."""

    __slots__ = ("empty", "spans")

    def __init__(self, matches: list[Match]) -> None:
        self.spans = Intervals((m.start, m.end) for m in matches)
        self.empty = sorted(m.start for m in matches if m.start == m.end)

    def any(self, start: int, end: int) -> bool:
        if self.spans.overlaps(start, end):
            return True
        at = bisect.bisect_left(self.empty, start)  # an empty match counts where it sits at ``start``
        return at < len(self.empty) and self.empty[at] == start
