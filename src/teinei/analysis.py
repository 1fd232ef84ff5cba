"""Analysis: one document's authored text, its sentences and the concept matches every check shares.

Every text is analysed whole, up to the 4 MB input limit (reading long texts in windows was measured with
``bench/core.py long-text`` and removed: it saved memory, not time).
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from teinei.document import Document
from teinei.intervals import Intervals
from teinei.tokens import Sentence, Token, TypeTable, split_sentences, type_table

if TYPE_CHECKING:
    from teinei.dates import BusinessCalendar


# The captures and data of the many matches that have none: one shared, read-only, empty mapping.
NOTHING: Mapping[str, Any] = MappingProxyType({})


class Match(NamedTuple):  # (a tuple: a long text has hundreds of thousands of concept matches)
    """A span a check found, with named captures for the message and an optional replacement."""

    start: int
    end: int
    captures: Mapping[str, str] = NOTHING
    replacement: str | None = None
    data: Mapping[str, object] = NOTHING


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
    # Indexes built on first use: see ``concept_overlaps``, ``type_positions`` and ``cache``.
    _overlaps: dict[str, Overlaps] = field(default_factory=dict, repr=False)
    _positions: dict[int, array] | None = field(default=None, repr=False)
    _bases: list[int] = field(default_factory=list, repr=False)
    _owners: array = field(default_factory=lambda: array("i"), repr=False)
    # Memo of what checks compute from the text (dates, token pattern hits, strings of findings): ``once``.
    cache: dict[object, object] = field(default_factory=dict, repr=False)
    # Memo of what checks compute per token type of this analysis (features grouped, requirements met).
    token_cache: dict[object, object] = field(default_factory=dict, repr=False)
    now: dt.datetime | None = None  # the reference time when known (an e-mail's Date header), for deadlines
    calendar: BusinessCalendar | None = None  # business days for deadline checks (None: the default calendar)
    values: FeatureValues = field(init=False, repr=False)  # feature -> the values it takes in the text

    def __post_init__(self) -> None:
        self.values = FeatureValues(self.sentences, self.table.protos)

    @classmethod
    def of(
        cls,
        document: Document,
        profile: str,
        today: dt.date,
        regex_timeout: float = 1.0,
        *,
        now: dt.datetime | None = None,
        calendar: BusinessCalendar | None = None,
    ) -> Analysis:
        """The analysis of a document part: its authored text split into sentences of tokens, complete when
        made (the reference time ``now`` and the business ``calendar`` included)."""
        text = document.authored_text()
        sentences = split_sentences(text, [(r.start, r.end) for r in document.placeholders()])
        return cls(
            document, profile, today, regex_timeout, text, sentences, {}, [s.start for s in sentences],
            now=now, calendar=calendar,
        )

    def once(self, key: object, compute: Callable[[Analysis], Any]) -> Any:
        """``compute(self)``, at most once per analysis, kept under ``key`` (shared by every rule that asks)."""
        if key not in self.cache:
            self.cache[key] = compute(self)
        return self.cache[key]

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

    def concept_overlaps(self, name: str, compute: Callable[[Analysis], list[Match]], start: int, end: int) -> bool:
        """Whether a match of the concept overlaps [start, end) (or is empty and sits at ``start``)."""
        index = self._overlaps.get(name)
        if index is None:
            index = self._overlaps[name] = Overlaps(self.concept(name, compute))
        return index.any(start, end)

    @property
    def table(self) -> TypeTable:
        """The type table the sentences' type numbers refer to."""
        return self.sentences[0].table if self.sentences else type_table()

    def type_positions(self) -> dict[int, array]:
        """Type number -> positions of its tokens, ascending; a position numbers every token of the text."""
        if self._positions is None:
            every = array("i")  # the token type of each position
            owners = array("i")  # the sentence index of each position
            bases: list[int] = []
            for sentence in self.sentences:
                bases.append(len(every))
                every.extend(sentence.types)
                owners.extend(array("i", [sentence.index]) * len(sentence.types))
            positions: dict[int, array] = {}  # arrays: a few bytes a token, where lists of ints take dozens
            get = positions.get
            for number, tid in enumerate(every):
                found = get(tid)
                if found is None:
                    positions[tid] = array("i", (number,))
                else:
                    found.append(number)
            self._positions, self._bases, self._owners = positions, bases, owners
        return self._positions

    def sentence_bases(self) -> list[int]:
        """Per sentence, the position (see ``type_positions``) of its first token."""
        self.type_positions()
        return self._bases

    def sentence_of(self) -> array:
        """Per position (see ``type_positions``), the index of its sentence."""
        self.type_positions()
        return self._owners

    def types_by(self, feature: str) -> dict[str, list[int]]:
        """The distinct types of this text grouped by the value of one token feature (``lemma``, ``pos1``…)."""
        found = self.token_cache.get(feature)  # (the only string keys of the memo)
        if found is None:
            grouped: dict[str, list[int]] = {}
            types = list(self.type_positions())
            for tid, value in zip(types, _values(self.table.protos, feature, types), strict=True):
                grouped.setdefault(value, []).append(tid)
            found = self.token_cache[feature] = grouped
        return found  # type: ignore[return-value]

    def locate(self, position: int) -> tuple[Sentence, int]:
        """The sentence of a token position (see ``type_positions``) and the token's index in it."""
        index = bisect.bisect_right(self._bases, position) - 1
        return self.sentences[index], position - self._bases[index]


class FeatureValues(dict[str, frozenset[str]]):
    """Token feature -> the values it takes in one text (``lemma`` -> 確認, 為る…), each worked out on first
    read. A plain subscript, where a method with a memo of its own cost twice as much: token sequences ask
    it some 200 times a message, mostly to learn that a word they need is not there (``leading_types``)."""

    __slots__ = ("_protos", "_sentences", "_types")

    def __init__(self, sentences: list[Sentence], protos: Mapping[int, Token]) -> None:
        super().__init__()
        self._sentences, self._protos = sentences, protos
        self._types: set[int] | None = None

    def __missing__(self, feature: str) -> frozenset[str]:
        if self._types is None:  # (not ``type_positions``: its positions are not needed, and no cycle back)
            self._types = set().union(*(sentence.types for sentence in self._sentences))
        found = self[feature] = frozenset(_values(self._protos, feature, self._types))
        return found


def _values(protos: Mapping[int, Token], feature: str, types: Iterable[int]) -> Iterator[str]:
    """The value of one feature for each of ``types``, read from their prototypes."""
    return map(attrgetter(feature), map(protos.__getitem__, types))


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
