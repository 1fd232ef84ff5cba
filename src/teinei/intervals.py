"""Intervals: [start, end) spans indexed once, answering overlap and containment in logarithmic time.

Placeholders, concept matches and ``exclude`` spans are all asked the same two questions, thousands of times
on a long text: one index for all of them.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable


class Intervals:
    """Spans sorted by start, with the furthest end reached by each prefix."""

    __slots__ = ("reach", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        spans = list(spans)
        if not spans:  # (most often: a text without placeholders, a rule that excludes nothing)
            self.starts, self.reach = [], []
            return
        if any(a[0] > b[0] for a, b in itertools.pairwise(spans)):
            spans.sort(key=lambda span: span[0])  # the answers depend on the starts' order only
        self.starts = [start for start, _ in spans]
        self.reach = list(itertools.accumulate((end for _, end in spans), max, initial=-1))[1:]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps [start, end)."""
        index = bisect.bisect_left(self.starts, end)  # spans that start before ``end``
        return index > 0 and self.reach[index - 1] > start

    def contain(self, start: int, end: int) -> bool:
        """Whether a span holds all of [start, end)."""
        index = bisect.bisect_right(self.starts, start)  # spans that start at or before ``start``
        return index > 0 and self.reach[index - 1] >= end
