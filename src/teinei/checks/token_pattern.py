"""Token sequence patterns: conditions on UniDic features, with optional and repeated tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex

from teinei.errors import TeineiError
from teinei.ruleset.model import TokenCondition, TokenSequence
from teinei.tokens import Token

Predicate = Callable[[Token], bool]
_FEATURES = ("surface", "lemma", "base", "reading", "pos1", "pos2", "pos3", "pos4", "ctype", "cform")


def _value_test(value: str | list[str], field: str) -> Callable[[str], bool]:
    values = [value] if isinstance(value, str) else value
    literals = {v for v in values if not (len(v) > 2 and v.startswith("/") and v.endswith("/"))}
    patterns = [v[1:-1] for v in values if v not in literals]
    compiled = None
    if patterns:
        try:
            compiled = regex.compile("|".join(f"(?:{p})" for p in patterns))
        except regex.error as error:
            raise TeineiError(f"invalid regular expression: {error}", field=field) from None
    if compiled is None:
        return literals.__contains__
    return lambda s: s in literals or compiled.fullmatch(s) is not None


def _pos_test(value: str | list[str]) -> Callable[[str], bool]:
    prefixes = [value] if isinstance(value, str) else value
    return lambda pos: any(pos == p or pos.startswith(p + "-") for p in prefixes)


def compile_condition(condition: TokenCondition, field: str = "patterns") -> Predicate:
    """One predicate over a token for all the features a condition names."""
    tests: list[Predicate] = []
    for name in _FEATURES:
        value = getattr(condition, name)
        if value is not None:
            test = _value_test(value, f"{field}.{name}")
            tests.append(lambda t, n=name, f=test: f(getattr(t, n)))
    if condition.pos is not None:
        pos_test = _pos_test(condition.pos)
        tests.append(lambda t: pos_test(t.pos))
    if condition.placeholder is not None:
        wanted = condition.placeholder
        tests.append(lambda t: t.placeholder is wanted)
    if condition.not_ is not None:
        negated = compile_condition(condition.not_, f"{field}.not")
        tests.append(lambda t: not negated(t))
    if len(tests) == 1:
        return tests[0]
    return lambda t: all(test(t) for test in tests)


class CompiledSequence:
    """A token sequence ready to match at any position of a token list."""

    def __init__(self, sequence: TokenSequence, field: str = "patterns") -> None:
        self.steps = [
            (compile_condition(c, f"{field}.{i}"), c.optional, c.repeat) for i, c in enumerate(sequence)
        ]

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


def compile_sequences(sequences: list[TokenSequence], field: str) -> list[CompiledSequence]:
    return [CompiledSequence(seq, f"{field}.{i}") for i, seq in enumerate(sequences)]
