"""The pattern kind: token sequences matched over each sentence."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from teinei.analysis import NOTHING, Analysis, Match
from teinei.checks.concept import CompiledConcept, present
from teinei.checks.text_pattern import Rewrite, compile_alternation, exclusions, inside
from teinei.checks.token_pattern import compile_sequences, type_test
from teinei.tokens import Sentence, Token

if TYPE_CHECKING:
    from teinei.ruleset.model import PatternRule

# Tokens that do not count when a pattern is anchored to the start or end of a sentence.
_EDGE_POS = frozenset({"補助記号", "空白"})


def _is_word(token: Token) -> bool:
    return token.pos1 not in _EDGE_POS


def _words(analysis: Analysis, sentence: Sentence) -> tuple[int, int] | None:
    """Index of the first and last token that is not a symbol or space (None: the sentence has none)."""
    cache: dict[int, tuple[int, int] | None] = analysis.token_cache.setdefault(_words, {})  # type: ignore[assignment]
    found = cache.get(sentence.index, False)
    if found is False:
        found = cache[sentence.index] = _edges(sentence.types, type_test(_is_word, sentence.table))
    return found


def _edges(types: Sequence[int], is_word: Callable[[int], bool]) -> tuple[int, int] | None:
    if not types:
        return None
    first = 0 if is_word(types[0]) else next((i for i, k in enumerate(types) if is_word(k)), None)
    if first is None:
        return None
    last = len(types) - 1
    if not is_word(types[last]):
        last = next(i for i in range(last - 1, -1, -1) if is_word(types[i]))
    return first, last


def _openings(analysis: Analysis) -> list[tuple[int, int, int]]:
    """(sentence index, index of its first word, that word's type) of every sentence that has a word."""
    key = ("pattern.openings",)
    found = analysis.token_cache.get(key)
    if found is None:
        found = []
        is_word = type_test(_is_word, analysis.table)
        for sentence in analysis.sentences:
            types = sentence.types
            if types and is_word(types[0]):  # most sentences open with a word
                found.append((sentence.index, 0, types[0]))
                continue
            words = _words(analysis, sentence)
            if words is not None:
                found.append((sentence.index, words[0], types[words[0]]))
        analysis.token_cache[key] = found
    return found  # type: ignore[return-value]


class PatternCheck:
    def __init__(
        self, rule: PatternRule, unless: list[CompiledConcept], when: list[CompiledConcept] | None = None
    ) -> None:
        self.sequences = compile_sequences(rule.patterns, "patterns")
        self.anchor = rule.anchor
        self.exclude = compile_alternation((), rule.exclude, "exclude")
        self.unless = unless
        self.when = when or []
        self.fix = Rewrite(rule.fix)

    def _hits(self, analysis: Analysis) -> list[tuple[int, int, int, int, Mapping[str, str]]]:
        """(sentence start, start, end, sentence end, captures) of every match, in the order of the text."""
        found: list[tuple[int, int, int, int]] = []  # (sentence index, sequence index, first, last-exclusive)
        for number in self.sequences.possible(analysis):
            sequence = self.sequences[number]
            if self.anchor == "sentence_start":
                # A match takes the first word, so only sentences whose first word a leading step accepts.
                match = sequence.type_matcher(analysis.table)
                leading = sequence.leading_types(analysis)
                sentences = analysis.sentences
                for index, first, tid in _openings(analysis):
                    if tid not in leading:
                        continue
                    types = sentences[index].types
                    end = match(types, first, len(types))
                    if end is not None and end > first:
                        found.append((index, number, first, end))
                continue
            for sentence, first, last in sequence.search(analysis):
                words = _words(analysis, sentence)
                if words is None or (self.anchor == "sentence_end" and last <= words[1]):
                    continue
                found.append((sentence.index, number, first, last))
        found.sort()
        hits = []
        source = analysis.document.text
        for index, number, first, last in found:
            sentence = analysis.sentences[index]
            captures = self.sequences[number].sentence_captures(sentence, first, source) or NOTHING
            hits.append((sentence.start, sentence.starts[first], sentence.token_end(last - 1), sentence.end, captures))
        return hits

    def find(self, analysis: Analysis) -> Iterator[Match]:
        excluded = exclusions(self.exclude, analysis.text, analysis.regex_timeout)
        for sentence_start, start, end, sentence_end, captures in analysis.once(self, self._hits):
            if inside(start, end, excluded):
                continue
            if self.when and not present(analysis, self.when, sentence_start, sentence_end):
                continue
            if self.unless and present(analysis, self.unless, sentence_start, sentence_end):
                continue
            yield Match(start, end, captures, self.fix(analysis.document.text[start:end]))

