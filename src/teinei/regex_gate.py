"""A cheap necessary condition for a regular expression: the literal strings every match must contain.

Most of a rule set's expressions cannot match in a given message at all, and a ``regex`` search over the whole
text (with its ``timeout=``) costs far more than ``str.__contains__`` for a few literals. So each pattern gets,
once per process, the literals its parse tree proves necessary (per top-level branch, a few sets, one literal
of each in every match of that branch); a text that no branch's sets all occur in is not searched.

The proof is conservative: whatever is not understood gives no gate (always search). It reads Python's own
parser (``re._parser``), which accepts nearly all the syntax the rules use; ``\\p{..}`` (``regex`` only) is first
rewritten to ``\\d`` (a category, in a class or out: never a literal). Patterns that ``re`` cannot parse, that
ignore case, are verbose, use ``regex``'s version 1, POSIX classes or set operations (``[[:alpha:]]`` reads
differently in ``re``) get no gate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import regex

from teinei.lazy_re import lazy

try:
    from re import _constants as _c  # Python 3.11+
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

Need = frozenset[str] | None  # the literals, one of which every match contains; None: nothing is proven
# A pattern's gate: alternatives (its top-level branches), one of which every match takes; each is a few sets
# of literals that all occur in such a match (one literal of each set). None: nothing is proven.
Gate = tuple[tuple[tuple[str, ...], ...], ...] | None
_MOST_STRINGS = 32  # the most strings a set of literals may hold (each costs a scan of the text)
_MOST_SETS = 3  # per alternative, the most selective: a match is rarely ruled out by a fourth

_UNSAFE_FLAGS = regex.IGNORECASE | regex.FULLCASE | regex.VERBOSE | regex.VERSION1 | regex.WORD
_PROPERTY = lazy(r"(?<!\\)((?:\\\\)*)\\[pP](?:\{[^}]*\}|[A-Za-z])")
_FUZZY = lazy(r"\{(?!\d+(?:,\d*)?\}|,\d+\})")  # a brace that is not a repeat count
# ``(?i)``, ``(?x)``, ``(?f)``, ``(?V1)`` … anywhere (``regex`` reads them where ``re`` may not); ``(?s)``, ``(?m)``,
# ``(?a)``, ``(?u)`` change no literal
_INLINE_FLAGS = lazy(r"\(\?[a-zA-Z]*[ixfLwbeVr0-9]")
_SET_MARKS = ("[:", "[[", "--", "&&", "~~", "||")  # POSIX classes, set operations: ``re`` reads them otherwise
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))

# pattern text and flags -> its literals. Only ever added to, one key at a time: a dict's item assignment is
# atomic, so threads (``teinei serve``) share it safely; two computing the same entry store equal values.
_MEMO: dict[tuple[str, int], Gate] = {}


def required(pattern: str, flags: int = 0) -> Gate:
    """What every match of ``pattern`` (``regex`` syntax) contains, as a ``Gate``, or None (no gate)."""
    tree = parsed(pattern, flags)
    return None if tree is None else _alternatives(list(tree))


def parsed(pattern: str, flags: int = 0) -> Any:
    """``pattern`` (``regex`` syntax) as ``re``'s parser reads it, each ``\\p{..}`` as ``\\d``; None when ``re``
    would read it otherwise than ``regex`` does (or not at all)."""
    pattern = _PROPERTY.sub(r"\1\\d", pattern)
    if flags & _UNSAFE_FLAGS or any(mark in pattern for mark in _SET_MARKS) or _INLINE_FLAGS.search(pattern):
        return None
    if _FUZZY.search(pattern):  # ``re`` would read ``{e<=1}`` (``regex``'s fuzzy matching) as literal text
        return None
    try:
        tree = _p.parse(pattern)
    except Exception:  # any syntax ``re`` does not read (or reads with a warning)
        return None
    return None if tree.state.flags & (re.IGNORECASE | re.VERBOSE) else tree


def leads_narrowly(items: Iterable[tuple[Any, Any]]) -> bool:
    """Whether every match of a parsed sequence starts with one of a few known characters (a literal, a
    short class), not with any of a large class (``\\p{Han}``, ``[^。]``, ``.``): what lets a search skip
    to the places a branch can start."""
    for op, arg in items:
        if op is _c.AT or ((op is _c.ASSERT_NOT or op is _c.ASSERT) and arg[0] < 0):
            continue  # an anchor or a look behind takes no character
        if op is _c.LITERAL:
            return True
        if op is _c.SUBPATTERN:
            return leads_narrowly(arg[3])
        if op is _c.BRANCH:
            return all(leads_narrowly(branch) for branch in arg[1])
        if op is _c.IN:
            return all(kind is _c.LITERAL or (kind is _c.RANGE and value[1] - value[0] < _MOST_STRINGS)
                       for kind, value in arg)
        if op in _REPEATS and arg[0] >= 1:
            return leads_narrowly(arg[2])
        return False
    return False


def _alternatives(items: list[tuple[Any, Any]]) -> Gate:
    """A top-level alternation (``compile_alternation`` joins a rule's phrases so) is gated branch by branch:
    a text passes when it holds everything one branch needs, not merely one literal of some branch."""
    if len(items) == 1 and items[0][0] is _c.SUBPATTERN and not items[0][1][1] & (re.IGNORECASE | re.VERBOSE):
        return _alternatives(list(items[0][1][3]))
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        branches = [_alternatives(list(branch)) for branch in items[0][1][1]]
        return None if any(gate is None for gate in branches) else sum(branches, ())  # type: ignore[arg-type]
    needs = [need for need in _needs(items) if need]
    if not needs:
        return None
    needs.sort(key=lambda need: (-min(map(len, need)), len(need)))
    chosen = sorted(needs[:_MOST_SETS], key=len)  # tested smallest first: a set that is absent ends the test
    return (tuple(tuple(sorted(need, key=len, reverse=True)) for need in chosen),)


def _needs(items: list[tuple[Any, Any]]) -> list[Need]:
    """Every item of a sequence is matched: each one's need holds. Neighbours whose every match is one of a
    few strings (literals, ``(?:ます|ません)``, ``[すしせ]``, ``(?:まし)?``) join into their products
    (``ま[すしせ]`` -> ます, まし, ませ): longer literals rule out more texts."""
    needs: list[Need] = []
    chain = {""}
    for op, arg in [*items, (None, None)]:
        exact = _exact(op, arg) if op is not None else None
        if exact is not None:
            product = {a + b for a in chain for b in exact}
            if len(product) <= _MOST_STRINGS:
                chain = product
                continue
        if "" not in chain:  # (a string holding another of the set adds nothing: "お連絡" holds "連絡")
            needs.append(frozenset(a for a in chain if not any(b != a and b in a for b in chain)))
        chain = set(exact) if exact is not None else {""}
        if op is not None and exact is None:
            needs.append(_item(op, arg))
    return needs


def _exact(op: Any, arg: Any) -> frozenset[str] | None:
    """The strings an item can match, when they are few and known ("" among them when it is optional)."""
    if op is _c.LITERAL:
        return frozenset(chr(arg))
    if op is _c.SUBPATTERN:
        return None if arg[1] & (re.IGNORECASE | re.VERBOSE) else _exact_sequence(arg[3])
    if op is _c.BRANCH:
        branches = [_exact_sequence(branch) for branch in arg[1]]
        if any(exact is None for exact in branches):
            return None
        strings = frozenset().union(*branches)  # type: ignore[arg-type]
        return strings if len(strings) <= _MOST_STRINGS else None
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind is _c.LITERAL:
                chars.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < _MOST_STRINGS:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:  # a negated class, a category (\\d, \\s …), a wide range
                return None
        return frozenset(chars) if len(chars) <= _MOST_STRINGS else None
    if op in _REPEATS and arg[:2] == (0, 1):
        exact = _exact_sequence(arg[2])
        return None if exact is None else exact | {""}
    return None


def _exact_sequence(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    strings = {""}
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is None:
            return None
        strings = {a + b for a in strings for b in exact}
        if len(strings) > _MOST_STRINGS:
            return None
    return frozenset(strings)


def _sequence(items: Iterable[tuple[Any, Any]]) -> Need:
    """Inside a branch one set stands for a sequence: the most selective of its items' needs (the longest
    shortest literal, then the fewest literals)."""
    needs = [need for need in _needs(list(items)) if need]
    return max(needs, key=lambda need: (min(map(len, need)), -len(need))) if needs else None


def _item(op: Any, arg: Any) -> Need:
    if op is _c.SUBPATTERN:
        return None if arg[1] & (re.IGNORECASE | re.VERBOSE) else _sequence(arg[3])
    if op is _c.BRANCH:
        needs = [_sequence(branch) for branch in arg[1]]  # a branch with nothing proven: nothing is
        return None if any(need is None for need in needs) else frozenset().union(*needs)  # type: ignore[arg-type]
    if op in _REPEATS:
        low, _high, body = arg
        return _sequence(body) if low >= 1 else None  # optional or starred parts are never necessary
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(arg)
    return None  # classes, any-char, anchors, lookarounds, backreferences, conditionals: nothing proven


def gate(pattern: regex.Pattern[str]) -> Gate:
    """``required`` for a compiled pattern, computed once per process (memoized by pattern text and flags)."""
    key = (pattern.pattern, pattern.flags)
    if key not in _MEMO:
        _MEMO[key] = required(*key)
    return _MEMO[key]


def learn(gates: dict[tuple[str, int], Gate]) -> None:
    """Gates computed by an earlier run (kept with its compiled rules): the same pattern text and flags
    always give the same gate, so none is worked out again."""
    _MEMO.update(gates)


def may_match(pattern: regex.Pattern[str], text: str) -> bool:
    """False only when ``pattern`` cannot match anywhere in ``text``."""
    return passes(gate(pattern), text)


def passes(alternatives: Gate, text: str) -> bool:
    """False only when, for every alternative of a gate, some set has none of its literals in ``text``. Plain
    loops: this runs per pattern per text, and generators cost more."""
    if alternatives is None:
        return True
    for needs in alternatives:
        for need in needs:
            for literal in need:
                if literal in text:
                    break
            else:
                break  # this set is absent: the alternative cannot match
        else:
            return True
    return False
