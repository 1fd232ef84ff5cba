"""The requirement kind: when concept A is present, concept B must be too (per message or sentence)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from teinei.analysis import Analysis, Match
from teinei.checks.concept import CompiledConcept, message_bounds, present, sentence_bounds

if TYPE_CHECKING:
    from teinei.ruleset.model import RequirementRule


class RequirementCheck:
    def __init__(
        self,
        rule: RequirementRule,
        when: list[CompiledConcept],
        require: list[CompiledConcept],
        unless: list[CompiledConcept],
    ) -> None:
        self.scope = rule.scope
        self.window = rule.window
        self.unless_scope = rule.unless_scope
        self.when = when
        self.require = require
        self.unless = unless

    def find(self, analysis: Analysis) -> Iterator[Match]:
        if self.scope == "message":
            # Any order gives the same answer; this one does the least work: the required wording (usually a
            # few phrases) first, and when it is there, the triggers (often costlier) are never looked for.
            bounds = message_bounds(analysis)
            if present(analysis, self.require, *bounds):
                return
            triggers = self._triggers(analysis)
            if self.unless_scope == "sentence":
                triggers = [
                    t for t in triggers if not present(analysis, self.unless, *sentence_bounds(analysis, t.start))
                ]
            elif present(analysis, self.unless, *bounds):
                return
            if triggers:
                yield triggers[0]
            return
        triggers = self._triggers(analysis)
        if not triggers:
            return
        reported: set[tuple[int, int]] = set()
        for trigger in triggers:
            bounds = sentence_bounds(analysis, trigger.start)
            if bounds in reported:
                continue
            reported.add(bounds)
            around = self._around(analysis, trigger.start, bounds)
            if present(analysis, self.require, *around) or present(analysis, self.unless, *around):
                continue
            yield trigger

    def _triggers(self, analysis: Analysis) -> list[Match]:
        return sorted((m for c in self.when for m in c.find(analysis)), key=lambda m: (m.start, -m.end))

    def _around(self, analysis: Analysis, offset: int, bounds: tuple[int, int]) -> tuple[int, int]:
        """The trigger's sentence widened by ``window`` sentences on each side."""
        sentence = analysis.sentence_at(offset)
        if not self.window or sentence is None:
            return bounds
        sentences = analysis.sentences
        first = sentences[max(0, sentence.index - self.window)]
        last = sentences[min(len(sentences) - 1, sentence.index + self.window)]
        return first.start, last.end
