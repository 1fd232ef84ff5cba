"""Regular expressions over text, compiled once, with a time bound on every search."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from teinei.errors import TeineiError


class RuleTimeout(Exception):
    """A rule's regular expression ran past the time bound on some input."""


def compile_regex(pattern: str, field: str) -> regex.Pattern[str]:
    """Compile, or raise a user error naming ``field`` and the pattern."""
    try:
        return regex.compile(pattern)
    except regex.error as error:
        raise TeineiError(f"invalid regular expression {pattern!r}: {error}", field=field) from None


def compile_alternation(
    literals: Iterable[str], patterns: Iterable[str], field: str = "regex"
) -> regex.Pattern[str] | None:
    """One compiled pattern for many phrases: literals escaped, longest first, regexes as given."""
    patterns = list(patterns)
    for pattern in patterns:
        compile_regex(pattern, field)  # name the one broken pattern, not the joined whole
    parts = [regex.escape(s) for s in sorted(set(literals), key=len, reverse=True)]
    parts.extend(f"(?:{p})" for p in patterns)
    return regex.compile("|".join(parts)) if parts else None


def finditer(pattern: regex.Pattern[str], text: str, timeout: float) -> Iterator[regex.Match[str]]:
    try:
        yield from pattern.finditer(text, timeout=timeout)
    except TimeoutError:
        raise RuleTimeout(pattern.pattern) from None


def spans(pattern: regex.Pattern[str] | None, text: str, timeout: float) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [m.span() for m in finditer(pattern, text, timeout)]


def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)
