"""Regular expressions tried only where they can match, on long texts: the same matches as a full search.

``regex`` tries a pattern at every position of a text: a pattern such as ``[^。\\n]*(?:ます|ましょう)か`` then
scans the rest of the sentence from each character, and every rule scans the whole text again. Most patterns
name words, though, and a match can only start a bounded distance before one of them, or after the last
character that the part before the word cannot take (``regex_shape.literals``). So:

- ``plan`` reads, once per pattern, those literals for each top-level branch;
- ``Occurrences`` finds the literals of all patterns in one Aho-Corasick pass over the text (pyahocorasick);
- ``Plan.windows`` turns a pattern's occurrences into the few ranges where a match can start, and which
  branches can start there;
- ``matches`` tries the pattern only there, left to right, as ``finditer`` would: the leftmost match, then
  the next one from where it ended. At a place, the branches are tried in their order, each as the whole
  pattern with the other branches made to fail, so a costly branch is not tried at another's literal.

Only where a match can *start* is narrowed; whether and how it matches is decided by the pattern itself.
A pattern whose syntax ``regex_shape`` does not know, or that has no such literal, is searched everywhere,
and so is one whose literals are so frequent that narrowing would not pay (``Plan.worth_it``).
"""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import ClassVar

import regex

from teinei.checks.regex_shape import Char, Spec, Unsupported, guard, literals, parse, starts_cheaply


def _within(sources: frozenset[str], fence: Char) -> bool:
    """Whether every character of the classes ``sources`` is one of ``fence``'s: the same class, or, for a
    class such as ``[^。\\n]``, classes that match none of the characters it leaves out."""
    for source in sources:
        if source == fence.source:
            continue
        if fence.excludes is None:
            return False
        compiled = regex.compile(source)
        if any(compiled.fullmatch(char) for char in fence.excludes):
            return False
    return True


# What narrowing costs against a search of every position, in microseconds (measured on a 1 MB text): per
# occurrence of a literal, per position a branch is tried at, and per character searched (by a pattern that
# fails fast at most places, and by one that does not). Only speed depends on them, never a match.
_PER_OCCURRENCE = 1.0
_PER_TRY = 1.3
_PER_CHARACTER = (0.025, 0.25)
_UNBOUNDED_WIDTH = 2  # tries per window of unknown length: the first one usually matches up to the literal


class Plan:
    """The literals of one pattern and, per literal, where a match of each top-level branch can start
    relative to it. A branch is tried only where it can match: in an alternation such as
    ``[^。\\n]*ますか|について`` the costly first branch is not tried wherever 「について」 occurs."""

    def __init__(
        self, branches: list[tuple[tuple[Spec, ...], Char | None]], sources: list[str], cheap: bool
    ) -> None:
        self.sources = sources
        self.cheap = cheap  # every branch fails fast where it cannot match: ``regex`` searches it quickly
        self._variants: list[regex.Pattern[str]] | None = None
        # literal -> (low, high, run, branch, single): a window starts ``high`` (or the ``run`` back) before
        # the literal and ends ``low`` before it; ``single`` when only its first position can start a match.
        self.by_literal: dict[str, list[tuple[int, int | None, regex.Pattern[str] | None, int, bool]]] = {}
        self.width: dict[str, int] = {}
        runs: dict[frozenset[str], regex.Pattern[str]] = {}
        for branch, (specs, fence) in enumerate(branches):
            for spec in specs:
                run = None
                if spec.high is None:
                    run = runs.get(spec.before)
                    if run is None:
                        alternatives = "|".join(sorted(c if c != "." else "(?s:.)" for c in spec.before)) or "(?!)"
                        run = runs[spec.before] = regex.compile(f"(?r)(?:{alternatives})*")
                elif spec.high - spec.low >= 2 and spec.before:
                    run = runs.get(spec.before)  # a bounded window can still end at a character before it
                    if run is None:
                        alternatives = "|".join(sorted(c if c != "." else "(?s:.)" for c in spec.before))
                        run = runs[spec.before] = regex.compile(f"(?r)(?:{alternatives})*")
                # After a run of characters of the guard's class, only the run's first position is left.
                single = spec.high is None and fence is not None and _within(spec.before, fence)
                entry = (spec.low, spec.high, run, branch, single)
                found = self.by_literal.setdefault(spec.literal, [])
                if entry not in found:
                    found.append(entry)
                width = 1 if single else _UNBOUNDED_WIDTH if spec.high is None else spec.high - spec.low + 1
                self.width[spec.literal] = self.width.get(spec.literal, 0) + width

    def variants(self, pattern: regex.Pattern[str]) -> list[regex.Pattern[str]]:
        """Per top-level branch, the pattern with every other branch made to fail at once: the same groups
        (numbers and names), so its matches are the ones the pattern makes with that branch."""
        if self._variants is None:
            if len(self.sources) == 1:
                self._variants = [pattern]
            else:
                self._variants = [
                    regex.compile(
                        "|".join(s if i == j else "(?!)" + s for j, s in enumerate(self.sources)), pattern.flags
                    )
                    for i in range(len(self.sources))
                ]
        return self._variants

    def worth_it(self, text: str, occurrences: Mapping[str, Sequence[int]]) -> bool:
        """Whether trying the pattern only in the windows is expected to be quicker than searching the text."""
        tries = count = 0
        for literal, width in self.width.items():
            found = len(occurrences.get(literal, ()))
            count += found
            tries += found * width
        return count * _PER_OCCURRENCE + tries * _PER_TRY < len(text) * _PER_CHARACTER[not self.cheap]

    def windows(self, text: str, occurrences: Mapping[str, Sequence[int]]) -> list[tuple[int, int, tuple[int, ...]]]:
        """Ranges [first, last] of the positions where a match can start, in order and apart, with the
        branches that can match there."""
        spans: list[tuple[int, int, int]] = []
        for literal, entries in self.by_literal.items():
            places = occurrences.get(literal)
            if not places:
                continue
            for low, high, run, branch, single in entries:
                if run is None:  # a bounded distance: from ``high`` to ``low`` characters before the literal
                    spans.extend([(p - high if p > high else 0, p - low, branch) for p in places if p >= low])  # type: ignore[operator]
                    continue
                match = run.match  # back to the first character the part before the literal cannot take
                for place in places:
                    first = match(text, 0, place).start()
                    if high is not None and first < place - high:
                        first = place - high
                    if first <= place - low:
                        spans.append((first, first if single else place - low, branch))
        spans.sort()
        merged: list[tuple[int, int, tuple[int, ...]]] = []
        names: dict[int, tuple[int, ...]] = {}  # branch bit mask -> branch numbers
        first, last, mask = -1, -2, 0
        for start, stop, branch in spans:
            if start > last:
                if mask:
                    merged.append((first, last, names.get(mask) or names.setdefault(mask, _bits(mask))))
                first, last, mask = start, stop, 1 << branch
            else:
                if stop > last:
                    last = stop
                mask |= 1 << branch
        if mask:
            merged.append((first, last, names.get(mask) or names.setdefault(mask, _bits(mask))))
        return merged


def _bits(mask: int) -> tuple[int, ...]:
    return tuple(bit for bit in range(mask.bit_length()) if mask >> bit & 1)


@lru_cache(maxsize=1024)
def plan(pattern: str) -> Plan | None:
    """The plan of a pattern, or None when every position must be tried (unknown syntax, a branch without a
    literal that every match of it needs, or one that can match the empty string)."""
    try:
        parsed = parse(pattern)
        branches = []
        cheap = True
        for node, _ in parsed:
            info = literals(node)
            if info.low == 0 or not info.specs:
                return None
            branches.append((info.specs, guard(node)))
            cheap = cheap and starts_cheaply(node)
        return Plan(branches, [source for _, source in parsed], cheap)
    except (Unsupported, RecursionError, regex.error):
        return None


class Occurrences:
    """Where each literal of the plans used so far occurs in one text: one Aho-Corasick pass over the text
    for all of them, instead of one search per pattern. Literals first seen after the pass are looked for
    in a pass of their own, and are in the first pass over the next text."""

    _known: ClassVar[dict[str, None]] = {}  # every literal of every plan used in this process, in order
    _automaton: ClassVar[object | None] = None  # over ``_known``, rebuilt when literals were added
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, array] = {}
        self.scanned: set[str] = set()

    def of(self, plan: Plan) -> dict[str, array]:
        """Start positions of the plan's literals (ascending; a literal not found is missing)."""
        missing = [literal for literal in plan.by_literal if literal not in self.scanned]
        if missing:
            with Occurrences._lock:
                if not self.scanned and Occurrences._known:
                    self._scan(Occurrences._current(), Occurrences._known)
                    missing = [literal for literal in missing if literal not in self.scanned]
                if missing:
                    self._scan(_automaton(missing), missing)
                    for literal in missing:
                        Occurrences._known[literal] = None
                    Occurrences._automaton = None
        return self.found

    @classmethod
    def _current(cls) -> object:
        if cls._automaton is None:
            cls._automaton = _automaton(list(cls._known))
        return cls._automaton

    def _scan(self, automaton: object, literals: Iterable[str]) -> None:
        found = self.found
        for end, literal in automaton.iter(self.text):  # type: ignore[attr-defined]
            start = end - len(literal) + 1
            places = found.get(literal)
            if places is None:
                found[literal] = array("l", (start,))  # a few bytes a place: a long text has a great many
            else:
                places.append(start)
        self.scanned.update(literals)


def _automaton(literals: list[str]) -> object:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for literal in literals:
        automaton.add_word(literal, literal)
    automaton.make_automaton()
    return automaton


def matches(
    pattern: regex.Pattern[str],
    text: str,
    windows: list[tuple[int, int, tuple[int, ...]]],
    plan: Plan,
    timeout: float,
) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)`` when every match starts inside ``windows``: the leftmost match, then the
    leftmost one from where it ended, and so on (matches are never empty). At each place the branches are
    tried in their order, each with its ``Plan.variants`` pattern, as the pattern itself would try them.
    Raises TimeoutError like ``finditer`` once ``timeout`` seconds have gone."""
    deadline = time.monotonic() + timeout
    variants = plan.variants(pattern)
    attempts: dict[tuple[int, ...], list[Callable[..., regex.Match[str] | None]]] = {}
    pos = 0
    for first, last, branches in windows:
        tries = attempts.get(branches)
        if tries is None:
            tries = attempts[branches] = [variants[b].match for b in branches]
        at = max(first, pos)
        while at <= last:
            for attempt in tries:
                # Every try is bounded by what is left: no reading of a pattern's shape can tell for sure
                # that it never backtracks (``(?:a|a|a)+b``).
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("regex timed out")
                found = attempt(text, at, timeout=left)
                if found is not None:
                    break
            if found is None:
                at += 1
                continue
            yield found
            pos = at = found.end()
