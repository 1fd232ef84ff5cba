"""Token sequence patterns: conditions on UniDic features, with optional and repeated tokens.

A condition is decided once per token *kind* (see ``tokens.KindTable``) and remembered, and a sequence is
tried only where its first token can match: the analysis indexes where each kind occurs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import regex

from teinei.errors import TeineiError
from teinei.tokens import KindMemo, KindTable, Sentence, Token

if TYPE_CHECKING:
    from teinei.analysis import Analysis
    from teinei.ruleset.model import TokenCondition, TokenSequence

Predicate = Callable[[Token], bool]
KindTest = Callable[[int], bool]
_FEW = 16  # start positions below which trying each is cheaper than narrowing them down
_FEATURES = ("surface", "lemma", "base", "reading", "pos1", "pos2", "pos3", "pos4", "ctype", "cform")


class _Values:
    """A feature value test: one of the literals, or a full match of one of the ``/regex/`` values."""

    __slots__ = ("literals", "pattern")

    def __init__(self, literals: frozenset[str], pattern: regex.Pattern[str] | None) -> None:
        self.literals = literals
        self.pattern = pattern

    def __call__(self, value: str) -> bool:
        return value in self.literals or (self.pattern is not None and self.pattern.fullmatch(value) is not None)


def _value_test(value: str | list[str], field: str) -> _Values:
    values = [value] if isinstance(value, str) else value
    literals = {v for v in values if not (len(v) > 2 and v.startswith("/") and v.endswith("/"))}
    patterns = [v[1:-1] for v in values if v not in literals]
    compiled = None
    if patterns:
        try:
            compiled = regex.compile("|".join(f"(?:{p})" for p in patterns))
        except regex.error as error:
            raise TeineiError(f"invalid regular expression: {error}", field=field) from None
    return _Values(frozenset(literals), compiled)


class _PosTest:
    """``pos`` names a prefix of the joined POS levels: 名詞 matches 名詞-普通名詞-サ変可能."""

    __slots__ = ("prefixes",)

    def __init__(self, value: str | list[str]) -> None:
        self.prefixes = (value,) if isinstance(value, str) else tuple(value)

    def __call__(self, pos: str) -> bool:
        return any(pos == p or pos.startswith(p + "-") for p in self.prefixes)


class TokenTest:
    """One condition compiled: every feature it names must match (and its ``not`` must not)."""

    __slots__ = ("features", "negated", "placeholder", "pos")

    def __init__(self, condition: TokenCondition, field: str) -> None:
        self.features = tuple(
            (name, _value_test(getattr(condition, name), f"{field}.{name}"))
            for name in _FEATURES
            if getattr(condition, name) is not None
        )
        self.pos = _PosTest(condition.pos) if condition.pos is not None else None
        self.placeholder = condition.placeholder
        self.negated = TokenTest(condition.not_, f"{field}.not") if condition.not_ is not None else None

    def __call__(self, token: Token) -> bool:
        for name, test in self.features:
            if not test(getattr(token, name)):
                return False
        if self.pos is not None and not self.pos(token.pos):
            return False
        if self.placeholder is not None and token.placeholder is not self.placeholder:
            return False
        return not (self.negated is not None and self.negated(token))


def _passing(analysis: Analysis, test: Predicate, memo: KindMemo) -> list[int]:
    """The distinct kinds of the analysis that pass ``test``.

    A condition naming literal values (``lemma: 至急``) or a POS only needs to look at the kinds with one of
    those values, found in the analysis' feature index; any other is asked of every kind.
    """
    candidates: list[int] | None = None
    if isinstance(test, TokenTest):
        options: list[tuple[str, frozenset[str]]] = [
            (name, values.literals) for name, values in test.features if values.pattern is None
        ]
        if test.pos is not None:  # 名詞-普通名詞 can only be a token whose pos1 is 名詞 (or unset)
            options.append(("pos1", frozenset(p.split("-")[0] for p in test.pos.prefixes) | {"*"}))
        for name, literals in options:
            index = analysis.kinds_by(name)
            found = [kind for value in literals for kind in index.get(value, ())]
            if candidates is None or len(found) < len(candidates):
                candidates = found
    if candidates is None:
        candidates = list(analysis.kind_positions())
    return [kind for kind in candidates if memo[kind]]


def compile_condition(condition: TokenCondition, field: str = "patterns") -> Predicate:
    """One predicate over a token for all the features a condition names."""
    return TokenTest(condition, field)


def kind_test(test: Predicate, table: KindTable) -> KindTest:
    """``test`` over kind numbers, decided once per kind and remembered in ``table``."""
    return table.memo(test).__getitem__


class CompiledSequence:
    """A token sequence ready to match at any position of a token list (or of a sentence's kinds)."""

    def __init__(self, sequence: TokenSequence, field: str = "patterns") -> None:
        self.steps = [(compile_condition(c, f"{field}.{i}"), c.optional, c.repeat) for i, c in enumerate(sequence)]
        self._plain = not any(optional or repeat for _, optional, repeat in self.steps)
        self._tests: tuple[KindTable, list[KindMemo]] | None = None
        self.names = [c.capture for c in sequence]  # capture names per step (None: not captured)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_tests": None}  # per-process memo, rebuilt on use

    # Token lists (tokens built by hand or by ``tokenize_line``)

    def match_at(self, tokens: list[Token], index: int) -> int | None:
        """End index (exclusive) of the longest match starting at ``index``, or None."""
        return self._match(tokens, index, 0)

    def _match(self, tokens: list[Token], index: int, step: int) -> int | None:
        if step == len(self.steps):
            return index
        test, optional, repeat = self.steps[step]
        if repeat:
            end = index
            while end < len(tokens) and test(tokens[end]):
                end += 1
            lowest = index if optional else index + 1
            for stop in range(end, lowest - 1, -1):  # greedy, then backtrack
                found = self._match(tokens, stop, step + 1)
                if found is not None:
                    return found
            return None
        if index < len(tokens) and test(tokens[index]):
            found = self._match(tokens, index + 1, step + 1)
            if found is not None:
                return found
        return self._match(tokens, index, step + 1) if optional else None

    def captures(self, tokens: list[Token], first: int, source: str) -> dict[str, str]:
        """The text each named step took in the match that starts at ``first`` (steps that took nothing
        are left out); a name on several steps spans them all."""
        if not any(self.names):
            return {}
        stops = self._stops(tokens, first, 0)
        if stops is None:
            return {}
        spans: dict[str, tuple[int, int]] = {}
        begin = first
        for name, stop in zip(self.names, stops, strict=True):
            if name and stop > begin:
                start, end = tokens[begin].start, tokens[stop - 1].end
                low, high = spans.get(name, (start, end))
                spans[name] = (min(low, start), max(high, end))
            begin = stop
        return {name: source[start:end] for name, (start, end) in spans.items()}

    def _stops(self, tokens: list[Token], index: int, step: int) -> list[int] | None:
        """``_match`` that also returns where each step ended (same choices: greedy, then backtrack)."""
        if step == len(self.steps):
            return []
        test, optional, repeat = self.steps[step]
        if repeat:
            end = index
            while end < len(tokens) and test(tokens[end]):
                end += 1
            for stop in range(end, (index if optional else index + 1) - 1, -1):
                rest = self._stops(tokens, stop, step + 1)
                if rest is not None:
                    return [stop, *rest]
            return None
        if index < len(tokens) and test(tokens[index]):
            rest = self._stops(tokens, index + 1, step + 1)
            if rest is not None:
                return [index + 1, *rest]
        if optional:
            rest = self._stops(tokens, index, step + 1)
            return None if rest is None else [index, *rest]
        return None

    def finditer(self, tokens: list[Token]) -> Iterator[tuple[int, int]]:
        """Non-overlapping (first, last-exclusive) token index pairs, left to right."""
        index = 0
        while index < len(tokens):
            end = self.match_at(tokens, index)
            if end is not None and end > index:
                yield index, end
                index = end
            else:
                index += 1

    # Kind numbers: the same matching, one remembered decision per kind (``memos[step][kind]``)

    def kind_tests(self, table: KindTable) -> list[KindMemo]:
        cached = self._tests
        if cached is None or cached[0] is not table:
            cached = self._tests = (table, [table.memo(test) for test, _, _ in self.steps])
        return cached[1]

    def match_kinds(self, kinds: Sequence[int], index: int, memos: list[KindMemo]) -> int | None:
        """Like ``match_at``, over a sentence's kind numbers (``memos`` from ``kind_tests``)."""
        if self._plain:
            stop = index + len(memos)
            if stop > len(kinds):
                return None
            for memo in memos:
                if not memo[kinds[index]]:
                    return None
                index += 1
            return stop
        return self._match_kinds(kinds, index, 0, memos)

    def _match_kinds(self, kinds: Sequence[int], index: int, step: int, memos: list[KindMemo]) -> int | None:
        if step == len(memos):
            return index
        memo = memos[step]
        _, optional, repeat = self.steps[step]
        if repeat:
            end = index
            while end < len(kinds) and memo[kinds[end]]:
                end += 1
            lowest = index if optional else index + 1
            for stop in range(end, lowest - 1, -1):
                found = self._match_kinds(kinds, stop, step + 1, memos)
                if found is not None:
                    return found
            return None
        if index < len(kinds) and memo[kinds[index]]:
            found = self._match_kinds(kinds, index + 1, step + 1, memos)
            if found is not None:
                return found
        return self._match_kinds(kinds, index, step + 1, memos) if optional else None

    def finditer_kinds(self, kinds: Sequence[int], memos: list[KindMemo]) -> Iterator[tuple[int, int]]:
        index = 0
        while index < len(kinds):
            end = self.match_kinds(kinds, index, memos)
            if end is not None and end > index:
                yield index, end
                index = end
            else:
                index += 1

    def search(self, analysis: Analysis) -> Iterator[tuple[Sentence, int, int]]:
        """``finditer`` over every sentence, in order: (sentence, first, last-exclusive).

        Only places where a match is possible are tried, found through the analysis' kind index instead of
        a scan of every token: a match starts on a token that one of its leading steps accepts (the first
        required step or an optional one before it), in a sentence holding a token for every required step.
        """
        if not self.steps:
            return
        memos = self.kind_tests(analysis.table)
        positions = analysis.kind_positions()
        lead = next((i + 1 for i, (_, optional, _) in enumerate(self.steps) if not optional), len(self.steps))
        leading = memos[:lead]
        starts = list(
            dict.fromkeys(
                kind
                for (test, _, _), memo in zip(self.steps[:lead], leading, strict=True)
                for kind in _passing(analysis, test, memo)
            )
        )
        rarest, rarest_count = starts, sum(len(positions[kind]) for kind in starts)
        if rarest_count > _FEW:
            # Many places to start: narrow them to sentences that hold the rarest required later step.
            for memo, (test, optional, _) in zip(memos[lead:], self.steps[lead:], strict=True):
                if optional or not rarest_count:
                    continue
                kinds = _passing(analysis, test, memo)
                count = sum(len(positions[kind]) for kind in kinds)
                if count < rarest_count:
                    rarest, rarest_count = kinds, count
        if not rarest_count:
            return
        if rarest is starts:
            ordered = sorted(itertools.chain.from_iterable(positions[kind] for kind in starts))
            yield from self._from_positions(analysis, ordered, memos)
            return
        where = sorted({analysis.locate(p)[0].index for kind in rarest for p in positions[kind]})
        first_kinds = set(starts)
        for number in where:
            sentence = analysis.sentences[number]
            kinds = sentence.kinds
            resume = 0
            for index in [i for i, kind in enumerate(kinds) if kind in first_kinds]:
                if index < resume:
                    continue
                end = self.match_kinds(kinds, index, memos)
                if end is not None and end > index:
                    yield sentence, index, end
                    resume = end

    def _from_positions(
        self, analysis: Analysis, ordered: list[int], memos: list[KindMemo]
    ) -> Iterator[tuple[Sentence, int, int]]:
        current: Sentence | None = None
        resume = 0
        for position in ordered:
            sentence, index = analysis.locate(position)
            if sentence is not current:
                current, resume = sentence, 0
            if index < resume:
                continue
            end = self.match_kinds(sentence.kinds, index, memos)
            if end is not None and end > index:
                yield sentence, index, end
                resume = end


def compile_sequences(sequences: list[TokenSequence], field: str) -> list[CompiledSequence]:
    return [CompiledSequence(seq, f"{field}.{i}") for i, seq in enumerate(sequences)]
