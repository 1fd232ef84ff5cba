"""The metric kind: message- or sentence-level measures (sentences, characters, concept counts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from teinei.analysis import Analysis, Match
from teinei.checks.concept import CompiledConcept, message_bounds, present
from teinei.tokens import Sentence

if TYPE_CHECKING:
    from teinei.ruleset.model import Bound, MetricRule

COUNT_PREFIX = "count:"
MEASURES = ("sentences", "characters", "lines")


def _within(value: float, bound: Bound) -> bool:
    return (bound.min is None or value >= bound.min) and (bound.max is None or value <= bound.max)


class MetricCheck:
    def __init__(
        self, rule: MetricRule, counted: dict[str, CompiledConcept], unless: list[CompiledConcept]
    ) -> None:
        self.scope = rule.scope
        self.when = rule.when
        characters = rule.when.get("characters")
        self.fewest_characters = characters.min if characters is not None else None
        self.sentence_bound = rule.when.get("sentences")
        self.counted = counted
        self.unless = unless

    def _measure(self, analysis: Analysis, name: str, sentences: list[Sentence]) -> tuple[float, list[Match]]:
        if name.startswith(COUNT_PREFIX):
            start, end = sentences[0].start, sentences[-1].end
            found = [m for m in self.counted[name].find(analysis) if start <= m.start < end]
            return len(found), found
        if name == "sentences":
            return len(sentences), []
        text = "".join(s.text(analysis.text) for s in sentences)
        if name == "characters":
            return len("".join(text.split())), []  # str.split() drops exactly the characters isspace() is true of
        return len({analysis.document.position(s.start)[0] for s in sentences}), []  # lines

    def _evaluate(self, analysis: Analysis, sentences: list[Sentence]) -> Match | None:
        values: dict[str, str] = {}
        anchor: Match | None = None
        for name, bound in self.when.items():
            value, found = self._measure(analysis, name, sentences)
            if not _within(value, bound):
                return None
            values[name.removeprefix(COUNT_PREFIX)] = f"{value:g}"
            if found:
                # A counted concept's captures fill the message and suggestions (the one-line rule quotes the
                # request it found); only a concept that must be there (``min``) moves the finding onto it.
                for key, text in found[0].captures.items():
                    values.setdefault(key, text)
                if bound.min and anchor is None:
                    anchor = found[int(bound.min) - 1] if bound.min <= len(found) else found[0]
        start, end = (anchor.start, anchor.end) if anchor else (sentences[0].start, sentences[-1].end)
        return Match(start, end, values)

    def _out_of_bounds(self, sentences: list[Sentence]) -> bool:
        """A quick sure "no": too many or too few sentences, or fewer characters than the minimum even
        counting spaces. Nothing else is computed for such a sentence (or message)."""
        if self.sentence_bound is not None and not _within(len(sentences), self.sentence_bound):
            return True
        if self.fewest_characters is None:
            return False
        return sum(s.end - s.start for s in sentences) < self.fewest_characters

    def find(self, analysis: Analysis) -> Iterator[Match]:
        if not analysis.sentences:
            return
        if self.scope == "message":
            if self._out_of_bounds(analysis.sentences):
                return
            if self.unless and present(analysis, self.unless, *message_bounds(analysis)):
                return
            match = self._evaluate(analysis, analysis.sentences)
            if match is not None:
                yield match
            return
        fewest = self.fewest_characters or 0
        for sentence in analysis.sentences:
            if sentence.end - sentence.start < fewest or self._out_of_bounds([sentence]):
                continue
            if self.unless and present(analysis, self.unless, sentence.start, sentence.end):
                continue
            match = self._evaluate(analysis, [sentence])
            if match is not None:
                yield match
