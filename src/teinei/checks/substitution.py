"""The substitution kind: wrong -> right phrasings; every match carries its replacement."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from teinei.analysis import Analysis, Match
from teinei.checks.concept import CompiledConcept, present, sentence_bounds
from teinei.checks.text_pattern import compile_alternation, compile_template, exclusions, finditer, inside

if TYPE_CHECKING:
    from teinei.ruleset.model import SubstitutionRule


class SubstitutionCheck:
    def __init__(self, rule: SubstitutionRule, unless: list[CompiledConcept]) -> None:
        self.swap = dict(rule.swap)
        self.literal = compile_alternation(self.swap, ())
        self.templates = [(compile_template(p, r, "swap_regex"), r) for p, r in rule.swap_regex.items()]
        self.exclude = compile_alternation((), rule.exclude, "exclude")
        self.unless = unless

    def find(self, analysis: Analysis) -> Iterator[Match]:
        text, timeout = analysis.text, analysis.regex_timeout
        excluded = exclusions(self.exclude, text, timeout)
        found: list[Match] = []
        if self.literal is not None:
            found.extend(
                Match(m.start(), m.end(), {}, self.swap[m.group()]) for m in finditer(self.literal, text, timeout)
            )
        for pattern, template in self.templates:
            for m in finditer(pattern, text, timeout):
                captures = {k: v for k, v in m.groupdict().items() if v is not None}
                found.append(Match(m.start(), m.end(), captures, m.expand(template)))
        found.sort(key=lambda m: (m.start, -m.end))
        last_end = -1
        for match in found:
            if match.start < last_end or match.start == match.end or inside(match.start, match.end, excluded):
                continue
            if self.unless and present(analysis, self.unless, *sentence_bounds(analysis, match.start)):
                continue
            last_end = match.end
            yield match
