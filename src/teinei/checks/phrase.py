"""The phrase kind: literal strings and regular expressions over the authored text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from teinei.analysis import Analysis, Match
from teinei.checks.concept import CompiledConcept, present, sentence_bounds
from teinei.checks.text_pattern import Rewrite, compile_alternation, exclusions, finditer, inside

if TYPE_CHECKING:
    from teinei.ruleset.model import PhraseRule


class PhraseCheck:
    def __init__(self, rule: PhraseRule, unless: list[CompiledConcept]) -> None:
        self.pattern = compile_alternation(rule.phrases, rule.regex)
        self.exclude = compile_alternation((), rule.exclude, "exclude")
        self.unless = unless
        self.fix = Rewrite(rule.fix)

    def find(self, analysis: Analysis) -> Iterator[Match]:
        if self.pattern is None:
            return
        excluded = exclusions(self.exclude, analysis.text, analysis.regex_timeout)
        for m in finditer(self.pattern, analysis.text, analysis.regex_timeout):
            start, end = m.span()
            if start == end or inside(start, end, excluded):
                continue
            if self.unless and present(analysis, self.unless, *sentence_bounds(analysis, start)):
                continue
            captures = {k: v for k, v in m.groupdict().items() if v is not None}
            replacement = self.fix(m.group(), m)
            yield Match(start, end, captures, replacement)
