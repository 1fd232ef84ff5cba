"""Token sequence patterns: conditions on UniDic features, with optional and repeated tokens.

A condition is decided once per token *type* (see ``tokens.TypeTable``) and remembered, and a sequence is
tried only within reach before the tokens of its rarest word: the analysis indexes where each type occurs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import regex

from teinei.checks.text_pattern import bounded
from teinei.errors import TeineiError
from teinei.token_needs import NeedBits, Sequences, need_bits
from teinei.tokens import Sentence, Token, TypeMemo, TypeTable

if TYPE_CHECKING:
    from teinei.analysis import Analysis
    from teinei.ruleset.model import TokenCondition, TokenSequence

Predicate = Callable[[Token], bool]
TypeTest = Callable[[int], bool]
_FEATURES = ("surface", "lemma", "base", "reading", "pos1", "pos2", "pos3", "pos4", "ctype", "cform")
# Features by how few of a text's tokens share one value (the first a condition names indexes its candidates).
_TELLING = ("lemma", "surface", "base", "reading", "pos4", "pos3", "pos2", "ctype", "cform", "pos1")
_WORDS = _TELLING[:4]  # features that name a word, not a class of them


class _Values:
    """A feature value test: one of the literals, or a full match of one of the ``/regex/`` values. A
    ``/regex/`` runs within the rule's time bound (``text_pattern.bounded``): ``/(?:a|a|a)+b/`` on a long
    token ran for minutes. (Each type's answer is remembered by ``TypeTable.memo``.)"""

    __slots__ = ("literals", "pattern")

    def __init__(self, literals: frozenset[str], pattern: regex.Pattern[str] | None) -> None:
        self.literals = literals
        self.pattern = pattern

    def shape(self) -> tuple[object, ...]:
        return (self.literals, None if self.pattern is None else (self.pattern.pattern, self.pattern.flags))

    def __call__(self, value: str) -> bool:
        if value in self.literals:
            return True
        if self.pattern is None:
            return False
        return bounded(self.pattern.fullmatch, value) is not None


def _value_test(value: str | list[str], field: str) -> _Values:
    values = [value] if isinstance(value, str) else value
    literals = {v for v in values if not (len(v) > 2 and v.startswith("/") and v.endswith("/"))}
    patterns = [v[1:-1] for v in values if v not in literals]
    compiled = None
    if patterns:
        try:
            compiled = regex.compile("|".join(f"(?:{p})" for p in patterns))
        except regex.error as error:
            raise TeineiError(f"正規表現を読めません（{error}）", field=field) from None
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

    __slots__ = ("features", "negated", "options", "placeholder", "pos")

    def __init__(self, condition: TokenCondition, field: str) -> None:
        self.features = tuple(
            (name, _value_test(getattr(condition, name), f"{field}.{name}"))
            for name in _FEATURES
            if getattr(condition, name) is not None
        )
        self.pos = _PosTest(condition.pos) if condition.pos is not None else None
        self.placeholder = condition.placeholder
        self.negated = TokenTest(condition.not_, f"{field}.not") if condition.not_ is not None else None
        # Features whose values are all literals: a token passes only with one of them (see ``_passing``).
        self.options = [(name, values.literals) for name, values in self.features if values.pattern is None]
        if self.pos is not None:  # 名詞-普通名詞 can only be a token whose pos1 is 名詞 (or unset)
            self.options.append(("pos1", frozenset(p.split("-")[0] for p in self.pos.prefixes) | {"*"}))
        # The most telling first: ``_passing`` finds its candidates through the first one alone.
        self.options.sort(key=lambda option: _TELLING.index(option[0]))

    def shape(self) -> tuple[object, ...]:
        """What decides the test: two tests of one shape answer alike (the kept rules keep one of them)."""
        return (
            tuple((name, values.shape()) for name, values in self.features),
            None if self.pos is None else self.pos.prefixes,
            self.placeholder,
            None if self.negated is None else self.negated.shape(),
        )

    def __call__(self, token: Token) -> bool:
        for name, test in self.features:
            if not test(getattr(token, name)):
                return False
        if self.pos is not None and not self.pos(token.pos):
            return False
        if self.placeholder is not None and token.placeholder is not self.placeholder:
            return False
        return not (self.negated is not None and self.negated(token))


def _passing(analysis: Analysis, test: Predicate, memo: TypeMemo) -> list[int]:
    """The distinct types of the analysis that pass ``test`` (kept per analysis: sequences share conditions,
    a third of the asks a message makes are repeats).

    A condition naming literal values (``lemma: 至急``) or a POS only needs to look at the types with one of
    those values, found in the analysis' feature index; any other is asked of every type.
    """
    found = analysis.token_cache.get(test)
    if found is None:
        found = analysis.token_cache[test] = _types_passing(analysis, test, memo)
    return found  # type: ignore[return-value]


def _types_passing(analysis: Analysis, test: Predicate, memo: TypeMemo) -> list[int]:
    candidates: Iterable[int] = analysis.type_positions()
    if isinstance(test, TokenTest) and test.options:
        # One feature's index narrows the candidates enough (the lemma's, most often, which nearly every text
        # is indexed by); each further one would group the text's types by that feature too.
        name, literals = test.options[0]
        index = analysis.types_by(name)
        # (a keys view and a set intersect in C over the smaller side: a short message holds none of most values)
        candidates = itertools.chain.from_iterable(map(index.__getitem__, index.keys() & literals))
    return list(filter(memo.__getitem__, candidates))  # (looped in C: a broad step has a hundred candidates)


def compile_condition(condition: TokenCondition, field: str = "patterns") -> Predicate:
    """One predicate over a token for all the features a condition names."""
    return TokenTest(condition, field)


def type_test(test: Predicate, table: TypeTable) -> TypeTest:
    """``test`` over type numbers, decided once per type and remembered in ``table``."""
    return table.memo(test).__getitem__


class CompiledSequence:
    """A token sequence ready to match at any position of a token list (or of a sentence's types)."""

    def __init__(self, sequence: TokenSequence, field: str = "patterns") -> None:
        self.steps = [(compile_condition(c, f"{field}.{i}"), c.optional, c.repeat) for i, c in enumerate(sequence)]
        self._plain = not any(optional or repeat for _, optional, repeat in self.steps)
        # How many steps a match can start on: the optional ones before the first required one, and it.
        self.lead = next((i + 1 for i, (_, optional, _) in enumerate(self.steps) if not optional), len(self.steps))
        self._tests: tuple[TypeTable, list[TypeMemo]] | None = None
        self._matcher: tuple[list[TypeMemo], Step] | None = None
        self._mask: tuple[NeedBits, int] | None = None
        # Per required step that names literal values, its narrowest condition (a token needs one of them):
        # a text where one of them finds no value of its own holds no match (``leading_types``).
        self.needs: tuple[tuple[str, frozenset[str]], ...] = tuple(
            min(test.options, key=lambda option: len(option[1]))
            for test, optional, _ in self.steps if isinstance(test, TokenTest) and not optional and test.options
        )
        self.names = [c.capture for c in sequence]  # capture names per step (None: not captured)
        self.anchors = self._anchors()

    def _anchors(self) -> list[tuple[int, int, int | None]]:
        """The required steps that name a word (else the first required step), each with the fewest and the
        most tokens a match takes before it (None: a step before it repeats): a match starts within that
        reach before a token of each (``_search``). The steps naming the fewest words come first (likely the
        rarest); none when every step is optional."""
        anchors: list[tuple[int, int, int, int | None]] = []  # (words named, step, fewest, most)
        first: list[tuple[int, int, int | None]] = []  # the first required step (no required step before it)
        fewest, most = 0, 0
        for step, (test, optional, repeat) in enumerate(self.steps):
            if not optional and isinstance(test, TokenTest) and test.options and test.options[0][0] in _WORDS:
                anchors.append((len(test.options[0][1]), step, fewest, most))
            if not optional and not first:
                first.append((step, fewest, most))
            fewest += not optional
            most = None if repeat or most is None else most + 1
        return [anchor[1:] for anchor in sorted(anchors)] if anchors else first

    def __getstate__(self) -> dict[str, object]:
        # Per-table memos, rebuilt on use.
        return {**self.__dict__, "_tests": None, "_matcher": None, "_mask": None}

    # Token lists (tokens built by hand or by ``tokenize_line``)

    def match_at(self, tokens: list[Token], index: int) -> int | None:
        """End index (exclusive) of the longest match starting at ``index``, or None."""
        return _end(self._stops(tokens, index, 0, [test for test, _, _ in self.steps]), index)

    def captures(self, tokens: list[Token], first: int, source: str) -> dict[str, str]:
        """The text each named step took in the match that starts at ``first`` (steps that took nothing
        are left out); a name on several steps spans them all."""
        if not any(self.names):
            return {}
        stops = self._stops(tokens, first, 0, [test for test, _, _ in self.steps])
        if stops is None:
            return {}
        return self._captured(stops, first, lambda i: tokens[i].start, lambda i: tokens[i].end, source)

    def _captured(
        self, stops: list[int], first: int, start_of: Callable[[int], int], end_of: Callable[[int], int], source: str
    ) -> dict[str, str]:
        """The text of each named step, given where each step stopped and each token's start and end."""
        spans: dict[str, tuple[int, int]] = {}
        begin = first
        for name, stop in zip(self.names, stops, strict=True):
            if name and stop > begin:
                start, end = start_of(begin), end_of(stop - 1)
                low, high = spans.get(name, (start, end))
                spans[name] = (min(low, start), max(high, end))
            begin = stop
        return {name: source[start:end] for name, (start, end) in spans.items()}

    def _stops(
        self, items: Sequence[Any], index: int, step: int, tests: Sequence[Callable[[Any], object]]
    ) -> list[int] | None:
        """Where each step from ``step`` on ends in the longest match from ``index`` (greedy, then backtrack),
        or None. ``items`` are tokens or type numbers, with a test per step for items of that sort."""
        if step == len(self.steps):
            return []
        test = tests[step]
        _, optional, repeat = self.steps[step]
        if repeat:
            end = index
            while end < len(items) and test(items[end]):
                end += 1
            for stop in range(end, (index if optional else index + 1) - 1, -1):
                rest = self._stops(items, stop, step + 1, tests)
                if rest is not None:
                    return [stop, *rest]
            return None
        if index < len(items) and test(items[index]):
            rest = self._stops(items, index + 1, step + 1, tests)
            if rest is not None:
                return [index + 1, *rest]
        if optional:
            rest = self._stops(items, index, step + 1, tests)
            return None if rest is None else [index, *rest]
        return None

    def sentence_captures(self, sentence: Sentence, first: int, source: str) -> dict[str, str]:
        """``captures`` of a match in a sentence, read from its types and offsets (no ``Token`` is built)."""
        if not any(self.names):
            return {}
        stops = self._stops(sentence.types, first, 0, [m.__getitem__ for m in self.type_tests(sentence.table)])
        if stops is None:
            return {}
        return self._captured(stops, first, sentence.starts.__getitem__, sentence.token_end, source)

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

    # Type numbers: the same matching, one remembered decision per type (``memos[step][tid]``)

    def type_tests(self, table: TypeTable) -> list[TypeMemo]:
        cached = self._tests
        if cached is None or cached[0] is not table:
            cached = self._tests = (table, [table.memo(test) for test, _, _ in self.steps])
        return cached[1]

    def type_matcher(self, table: TypeTable) -> Step:
        """``match_types`` with the memos of ``table``, compiled into one function per step (the same
        choices: greedy repeats, then shorter ones; an optional token taken, then skipped). It is called as
        ``matcher(types, index, len(types))``."""
        memos = self.type_tests(table)
        cached = self._matcher
        if cached is None or cached[0] is not memos:
            chain: Step | None = None
            for (_, optional, repeat), memo in reversed(list(zip(self.steps, memos, strict=True))):
                chain = _compile_step(memo, optional, repeat, chain)
            cached = self._matcher = (memos, chain if chain is not None else _no_steps)
        return cached[1]

    def match_types(self, types: Sequence[int], index: int, memos: list[TypeMemo]) -> int | None:
        """Like ``match_at``, over a sentence's type numbers (``memos`` from ``type_tests``)."""
        if self._plain:
            stop = index + len(memos)
            if stop > len(types):
                return None
            for memo in memos:
                if not memo[types[index]]:
                    return None
                index += 1
            return stop
        return _end(self._stops(types, index, 0, [m.__getitem__ for m in memos]), index)

    def finditer_types(self, types: Sequence[int], memos: list[TypeMemo]) -> Iterator[tuple[int, int]]:
        index = 0
        while index < len(types):
            end = self.match_types(types, index, memos)
            if end is not None and end > index:
                yield index, end
                index = end
            else:
                index += 1

    def need_mask(self, needs: NeedBits) -> int:
        """The bits of this sequence's needs (``teinei.token_needs``), numbered on first ask."""
        mask = self._mask
        if mask is None or mask[0] is not needs:
            mask = self._mask = (needs, needs.mask(self.needs))
        return mask[1]

    def _may_match(self, analysis: Analysis) -> bool:
        """False when the text lacks a word a required step needs (``teinei.token_needs``)."""
        needs = need_bits(analysis.table)
        count, present = needs.present(analysis)
        bits = self.need_mask(needs) if count >= 0 else None
        if bits is None or bits >> count:  # the table's first texts: needs asked of the text's values
            values = analysis.values
            return not any(literals.isdisjoint(values[name]) for name, literals in self.needs)  # (in C)
        return bits & present == bits

    def leading_types(self, analysis: Analysis) -> dict[int, None]:
        """The types of the analysis that a match can start on (a leading step accepts them), in order."""
        return self._leading(analysis) if self._may_match(analysis) else _NONE

    def _leading(self, analysis: Analysis) -> dict[int, None]:
        memos = self.type_tests(analysis.table)
        found: dict[int, None] = {}
        for step in range(self.lead):
            found.update(dict.fromkeys(_passing(analysis, self.steps[step][0], memos[step])))
        return found

    def search(self, analysis: Analysis) -> Iterable[tuple[Sentence, int, int]]:
        """``finditer`` over every sentence, in order: (sentence, first, last-exclusive).

        Only places where a match is possible are tried, found through the analysis' type index instead of
        a scan of every token: a match takes a token of each of its required steps, so it starts within a
        few tokens before one of the rarest of them (a word such as 下さる, where its first steps may take
        any noun or verb). Most sequences cannot match a short message at all: for them no generator is
        even made.
        """
        if not self.steps or not self._may_match(analysis):
            return ()
        return self._search(analysis)

    def _search(self, analysis: Analysis) -> Iterator[tuple[Sentence, int, int]]:
        memos, positions = self.type_tests(analysis.table), analysis.type_positions()
        if not self.anchors:  # every step optional: a match starts on a token one of them accepts
            types, fewest, most = list(self._leading(analysis)), 0, 0
        else:  # the anchor with the fewest tokens in the text
            best: tuple[int, list[int], int, int | None] | None = None
            for step, low, high in self.anchors:
                found = _passing(analysis, self.steps[step][0], memos[step])
                count = sum(map(len, map(positions.__getitem__, found)))
                if not count:
                    return
                if best is None or count < best[0]:
                    best = (count, found, low, high)
                    if count == 1:  # (none is rarer: the others are not looked for)
                        break
            assert best is not None
            _, types, fewest, most = best
        owners, bases, sentences = analysis.sentence_of(), analysis.sentence_bases(), analysis.sentences
        match = self.type_matcher(analysis.table)
        current, tried, size, words = -1, 0, 0, ()
        ordered = positions[types[0]] if len(types) == 1 else sorted(
            itertools.chain.from_iterable(map(positions.__getitem__, types)))
        for position in ordered:
            number = owners[position]
            if number != current:
                current, tried, words = number, 0, sentences[number].types
                size = len(words)
            index = position - bases[number]
            # Every place a match holding this token can start from, not tried for an earlier one, in order.
            start, last = max(index - most if most is not None else 0, tried), index - fewest
            while start <= last:
                end = match(words, start, size)
                if end is not None and end > start:
                    yield sentences[number], start, end
                    start = end
                else:
                    start += 1
            tried = max(tried, start)


_NONE: dict[int, None] = {}  # the leading types of a sequence that cannot match (never written to)


Step = Callable[[Sequence[int], int, int], "int | None"]


def _no_steps(types: Sequence[int], index: int, size: int) -> int | None:
    return index


def _compile_step(memo: TypeMemo, optional: bool, repeat: bool, then: Step | None) -> Step:
    """One step of a sequence as a function (types, index, len(types)) -> end of the match, calling ``then``
    for the steps after it (None: this is the last)."""
    if repeat:
        fewest = 0 if optional else 1
        if then is None:

            def last_repeat(types: Sequence[int], index: int, size: int) -> int | None:
                end = index
                while end < size and memo[types[end]]:
                    end += 1
                return end if end >= index + fewest else None

            return last_repeat

        def repeated(types: Sequence[int], index: int, size: int) -> int | None:
            stop = index
            while stop < size and memo[types[stop]]:
                stop += 1
            lowest = index + fewest
            while stop >= lowest:  # greedy first, then one fewer at a time
                found = then(types, stop, size)
                if found is not None:
                    return found
                stop -= 1
            return None

        return repeated
    if optional:
        if then is None:

            def last_optional(types: Sequence[int], index: int, size: int) -> int | None:
                return index + 1 if index < size and memo[types[index]] else index

            return last_optional

        def maybe(types: Sequence[int], index: int, size: int) -> int | None:
            if index < size and memo[types[index]]:
                found = then(types, index + 1, size)
                if found is not None:
                    return found
            return then(types, index, size)

        return maybe
    if then is None:

        def last_one(types: Sequence[int], index: int, size: int) -> int | None:
            return index + 1 if index < size and memo[types[index]] else None

        return last_one

    def one(types: Sequence[int], index: int, size: int) -> int | None:
        return then(types, index + 1, size) if index < size and memo[types[index]] else None

    return one


def compile_sequences(sequences: list[TokenSequence], field: str) -> Sequences[CompiledSequence]:
    return Sequences(CompiledSequence(seq, f"{field}.{i}") for i, seq in enumerate(sequences))


def _end(stops: list[int] | None, index: int) -> int | None:
    """Where a match ends, from where its steps ended (a pattern of no steps ends where it starts)."""
    if stops is None:
        return None
    return stops[-1] if stops else index
