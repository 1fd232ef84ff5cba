"""Regular expressions over text, compiled once, with a time bound on every search."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, TypeVar

import regex

from teinei.alternation import Alternation, cut
from teinei.errors import TeineiError
from teinei.intervals import Intervals
from teinei.regex_gate import may_match

if TYPE_CHECKING:
    from teinei.ruleset.model import FixSpec


T = TypeVar("T")
Searched = regex.Pattern[str] | Alternation  # what ``finditer`` searches
DEFAULT_TIMEOUT = 1.0  # seconds, for an expression run outside any rule's bound (``Linter(regex_timeout=…)``)


class RuleTimeout(Exception):
    """A rule's regular expression ran past the time bound on some input."""


class _Budget:
    """The seconds a running rule has left for its regular expressions, all of them together."""

    __slots__ = ("left",)

    def __init__(self, seconds: float) -> None:
        self.left = seconds


# The linter gives each rule one budget (``time_bound``); every expression a rule file or a configuration
# supplies runs within it. Only time spent inside the expressions counts, never the rule's other work
# (tokenizing a long text the first time is not an expression's time, on a loaded machine least of all).
_budget: ContextVar[_Budget | None] = ContextVar("teinei_rule_budget", default=None)


class time_bound:
    """Every regular expression run inside shares one budget of ``seconds``; ``renew()`` gives the next rule a
    fresh one. A class, not a generator context manager: the linter enters one per text and renews it per
    rule (a context variable set per rule, with a new budget each time, cost more)."""

    __slots__ = ("budget", "seconds", "token")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.budget = _Budget(seconds)

    def __enter__(self) -> time_bound:
        self.token = _budget.set(self.budget)
        return self

    def __exit__(self, *exc: object) -> None:
        _budget.reset(self.token)

    def renew(self) -> None:
        self.budget.left = self.seconds


def time_left(default: float) -> float:
    """The running rule's budget left (``default`` outside any rule), or RuleTimeout when it is spent."""
    budget = _budget.get()
    if budget is None:
        return default
    if budget.left <= 0:
        raise RuleTimeout("time bound")
    return budget.left


def bounded(method: Callable[..., T], *args: object) -> T:
    """``method(*args, timeout=…)`` (a ``regex`` match or search) within the running rule's budget, the time
    it takes charged to it: a token condition runs once per token type, a fix once per match, and each of
    those calls on its own could otherwise take the whole bound. RuleTimeout when the budget runs out."""
    budget = _budget.get()
    limit = DEFAULT_TIMEOUT if budget is None else budget.left
    if limit <= 0:
        raise RuleTimeout("time bound")
    start = time.monotonic()
    try:
        return method(*args, timeout=limit)
    except TimeoutError:
        raise RuleTimeout("time bound") from None
    finally:
        if budget is not None:
            budget.left -= time.monotonic() - start


def compile_regex(pattern: str, field: str) -> regex.Pattern[str]:
    """Compile, or raise a user error naming ``field`` and the pattern."""
    try:
        return regex.compile(pattern)
    except regex.error as error:
        raise TeineiError(f"正規表現 {pattern!r} を読めません（{error}）", field=field) from None


class Rewrite:
    """A rule's fix for one matched text: its ``replacement`` (a template over the match's groups), or the
    text rewritten by the first ``swap_regex`` found in it. None when there is no fix for that text."""

    def __init__(self, fix: FixSpec | None) -> None:
        self.replacement = fix.replacement if fix is not None else None
        self.swaps = []
        for pattern, template in (fix.swap_regex if fix is not None else {}).items():
            self.swaps.append((compile_template(pattern, template, "fix.swap_regex"), template))

    def __call__(self, text: str, match: regex.Match[str] | None = None) -> str | None:
        if self.replacement is not None:
            return match.expand(self.replacement) if match is not None else self.replacement
        for pattern, template in self.swaps:
            found = bounded(pattern.search, text)
            if found is not None:
                return text[: found.start()] + found.expand(template) + text[found.end() :]
        return None


def compile_template(pattern: str, template: str, field: str) -> regex.Pattern[str]:
    """Compile a regex -> template pair, or raise a user error: a template may only name groups its pattern
    has (else every use of it would fail while linting)."""
    compiled = compile_regex(pattern, field)
    for number, name in regex.findall(r"\\(?:(\d+)|g<(\w+)>)", template):
        group = number or name
        if not (int(group) <= compiled.groups if group.isdigit() else group in compiled.groupindex):
            raise TeineiError(f"テンプレート {template!r} が、{pattern!r} にないグループを参照しています", field=field)
    return compiled


def compile_alternation(
    literals: Iterable[str], patterns: Iterable[str], field: str = "regex"
) -> Searched | None:
    """One alternation for many phrases: literals escaped, longest first, regexes as given (searched in
    pieces where that is faster and finds the same, see ``teinei.alternation``)."""
    patterns = list(patterns)
    parts = [regex.escape(s) for s in sorted(set(literals), key=len, reverse=True)]
    parts.extend(f"(?:{p})" for p in patterns)
    if not parts:
        return None
    try:
        whole = regex.compile("|".join(parts))
    except regex.error as error:  # (each pattern is parsed alone only now: to name the broken one)
        for pattern in patterns:
            compile_regex(pattern, field)
        raise TeineiError(f"正規表現を一つにまとめられません（{error}）", field=field) from None
    return cut(whole, parts)


def finditer(pattern: Searched, text: str, timeout: float) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)`` within the running rule's time budget (``timeout`` outside any rule). A text
    holding none of the literals every match needs (``teinei.regex_gate``) is not searched: most patterns
    cannot match in most messages, and the search with its ``timeout=`` costs far more than the test."""
    limit = time_left(timeout)
    try:
        if type(pattern) is Alternation:  # (its pieces are gated one by one)
            yield from pattern.finditer(text, limit)
        elif may_match(pattern, text):
            yield from pattern.finditer(text, timeout=limit)
    except TimeoutError:
        raise RuleTimeout(pattern.pattern) from None


class Spans(list[tuple[int, int]]):
    """(start, end) pairs that also answer "is [start, end) inside one of them" in logarithmic time."""

    def __init__(self, pairs: Iterable[tuple[int, int]] = ()) -> None:
        super().__init__(pairs)
        self._index = Intervals(self)

    def contain(self, start: int, end: int) -> bool:
        return self._index.contain(start, end)


def spans(pattern: Searched | None, text: str, timeout: float) -> Spans:
    if pattern is None:
        return Spans()
    return Spans(m.span() for m in finditer(pattern, text, timeout))


_NO_SPANS = Spans()  # the spans of no pattern, shared (never added to): most rules exclude nothing


class Excluded:
    """The spans of an ``exclude`` pattern, searched for only once a candidate has to be checked against them
    (most rules find nothing in most messages, and an exclude pattern can cost more than the rule's own)."""

    __slots__ = ("_spans", "pattern", "text", "timeout")

    def __init__(self, pattern: Searched | None, text: str, timeout: float) -> None:
        self.pattern, self.text, self.timeout = pattern, text, timeout
        self._spans: Spans | None = None if pattern is not None else _NO_SPANS

    def contain(self, start: int, end: int) -> bool:
        if self._spans is None:
            self._spans = spans(self.pattern, self.text, self.timeout)
        return self._spans.contain(start, end)


def exclusions(pattern: Searched | None, text: str, timeout: float) -> Excluded:
    return Excluded(pattern, text, timeout)


def inside(start: int, end: int, spans: list[tuple[int, int]] | Excluded) -> bool:
    if isinstance(spans, (Spans, Excluded)):
        return spans.contain(start, end)
    return any(s <= start and end <= e for s, e in spans)
