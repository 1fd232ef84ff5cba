"""The pattern kind: token sequences matched over each sentence."""

from __future__ import annotations

from collections.abc import Iterator

from teinei.analysis import Analysis, Match
from teinei.checks.concept import CompiledConcept, present
from teinei.checks.text_pattern import compile_alternation, inside, spans
from teinei.checks.token_pattern import compile_sequences
from teinei.ruleset.model import PatternRule

# Tokens that do not count when a pattern is anchored to the start or end of a sentence.
_EDGE_POS = frozenset({"補助記号", "空白"})


class PatternCheck:
    def __init__(self, rule: PatternRule, unless: list[CompiledConcept]) -> None:
        self.sequences = compile_sequences(rule.patterns, "patterns")
        self.anchor = rule.anchor
        self.exclude = compile_alternation((), rule.exclude, "exclude")
        self.unless = unless
        self.replacement = rule.fix.replacement if rule.fix else None

    def find(self, analysis: Analysis) -> Iterator[Match]:
        excluded = spans(self.exclude, analysis.text, analysis.regex_timeout)
        for sentence in analysis.sentences:
            tokens = sentence.tokens
            words = [i for i, t in enumerate(tokens) if t.pos1 not in _EDGE_POS]
            if not words:
                continue
            for sequence in self.sequences:
                if self.anchor == "sentence_start":
                    end = sequence.match_at(tokens, words[0])
                    found = [(words[0], end)] if end is not None and end > words[0] else []
                else:
                    found = list(sequence.finditer(tokens))
                    if self.anchor == "sentence_end":
                        found = [(a, b) for a, b in found if b > words[-1]]
                for first, last in found:
                    start, end = tokens[first].start, tokens[last - 1].end
                    if inside(start, end, excluded):
                        continue
                    if self.unless and present(analysis, self.unless, sentence.start, sentence.end):
                        continue
                    yield Match(start, end, {}, self.replacement)
