"""The shape of a regular expression: what every match of it must contain, and how a try at one place behaves.

``parse`` reads the syntax the rule files use (groups, alternation, classes, ``\\p{..}``, escapes, quantifiers,
lookaround, anchors) into a small tree; anything else raises ``Unsupported``. ``literals`` finds strings one
of which every match contains, with how far from the start of the match each can be (12 characters at most
before 「あたり」 in ``[^\\s、。]{0,12}あたり``; any distance, over characters other than 。 and a line break,
before 「ますか」 in ``[^。\\n]*ますか``). ``prefilter`` uses this to try a pattern only where it can match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

_MAX_STRINGS = 64  # the largest set of alternative strings followed through a sequence
_MAX_SET = 8  # a class of at most this many listed characters counts as alternative strings
_MAX_REPEAT = 4  # a repeated part is spelled out up to this many times
_MAX_RANGE = 128  # a class range spanning more characters is not listed character by character


class Unsupported(Exception):
    """Syntax the analysis does not know: the pattern is then searched everywhere."""


# --- parsing ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Char:
    """One character matched by a literal, a class, an escape or ``.``; ``chars`` when they are few and known."""

    source: str  # the pattern text, usable as a regular expression on its own
    chars: frozenset[str] | None
    excludes: frozenset[str] | None = None  # for [^...] of listed characters: those characters


@dataclass(frozen=True)
class _Seq:
    items: tuple[object, ...]


@dataclass(frozen=True)
class _Alt:
    branches: tuple[object, ...]


@dataclass(frozen=True)
class _Repeat:
    node: object
    low: int
    high: int | None


@dataclass(frozen=True)
class _Look:
    node: object
    ahead: bool
    negative: bool


@dataclass(frozen=True)
class _Empty:
    """A zero-width anchor: ^, $, \\b, \\A, \\Z."""


_CATEGORIES = frozenset("sSdDwW")
_ZERO_WIDTH = frozenset("bBAZ")
_PLAIN_ESCAPES = {"n": "\n", "t": "\t"}
_QUANTIFIER = regex.compile(r"\{(\d+)(?:(,)(\d*))?\}")
_SPECIAL = frozenset(".^$*+?{}[]\\|()")


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0

    def parse(self) -> list[tuple[object, str]]:
        """The top-level branches: each one's tree and its text."""
        branches: list[tuple[object, str]] = []
        while True:
            start = self.at
            node = self._sequence()
            branches.append((node, self.text[start : self.at]))
            if self._peek() != "|":
                break
            self.at += 1
        if self.at != len(self.text):
            raise Unsupported("unbalanced parenthesis")
        return branches

    def _peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def _alternation(self) -> object:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.at += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else _Alt(tuple(branches))

    def _sequence(self) -> _Seq:
        items: list[object] = []
        while self._peek() not in ("", "|", ")"):
            atom = self._atom()
            items.append(self._quantified(atom))
        return _Seq(tuple(items))

    def _quantified(self, atom: object) -> object:
        char = self._peek()
        if char in ("?", "*", "+"):
            self.at += 1
            low, high = {"?": (0, 1), "*": (0, None), "+": (1, None)}[char]
        elif char == "{":
            found = _QUANTIFIER.match(self.text, self.at)
            if found is None:
                raise Unsupported("brace")
            self.at = found.end()
            low = int(found.group(1))
            high = low if found.group(2) is None else (int(found.group(3)) if found.group(3) else None)
        else:
            return atom
        if self._peek() in ("?", "+"):  # lazy or possessive: the same strings, tried in another order
            self.at += 1
        if self._peek() in ("?", "*", "+", "{"):
            raise Unsupported("stacked quantifiers")
        if isinstance(atom, (_Look, _Empty)):
            raise Unsupported("quantified assertion")
        return _Repeat(atom, low, high)

    def _atom(self) -> object:
        char = self._peek()
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == "\\":
            return self._escape()
        self.at += 1
        if char == ".":
            return Char(".", None)
        if char in ("^", "$"):
            return _Empty()
        if char in _SPECIAL:
            raise Unsupported(f"special character {char!r}")
        return Char(regex.escape(char), frozenset(char))

    def _group(self) -> object:
        self.at += 1
        look: tuple[bool, bool] | None = None
        for opening, kind in (("?:", None), ("?=", (True, False)), ("?!", (True, True)), ("?<=", (False, False)),
                              ("?<!", (False, True))):
            if self.text.startswith(opening, self.at):
                self.at += len(opening)
                look = kind
                break
        else:
            if self.text.startswith("?P<", self.at):
                end = self.text.find(">", self.at)
                if end < 0 or not self.text[self.at + 3 : end].isidentifier():
                    raise Unsupported("group name")
                self.at = end + 1
            elif self._peek() == "?":
                raise Unsupported("group flags or extension")
        node = self._alternation()
        if self._peek() != ")":
            raise Unsupported("unclosed group")
        self.at += 1
        return _Look(node, *look) if look is not None else node

    def _escape(self) -> object:
        char = self.text[self.at + 1 : self.at + 2]
        if not char:
            raise Unsupported("trailing backslash")
        if char in ("p", "P"):
            end = self.text.find("}", self.at)
            if not self.text.startswith("{", self.at + 2) or end < 0:
                raise Unsupported("property")
            source = self.text[self.at : end + 1]
            self.at = end + 1
            return Char(source, None)
        self.at += 2
        if char in _CATEGORIES:
            return Char("\\" + char, None)
        if char in _ZERO_WIDTH:
            return _Empty()
        if char in _PLAIN_ESCAPES:
            return Char("\\" + char, frozenset(_PLAIN_ESCAPES[char]))
        if char.isalnum() or char == "_":
            raise Unsupported(f"escape \\{char}")
        return Char("\\" + char, frozenset(char))

    def _class(self) -> Char:
        start = self.at
        self.at += 1
        negated = self._peek() == "^"
        if negated:
            self.at += 1
        if self._peek() in ("]", ""):
            raise Unsupported("empty or leading ] in a class")
        chars: set[str] | None = set()
        previous: str | None = None  # the last single character, a possible range start
        while True:
            char = self._peek()
            if char == "":
                raise Unsupported("unclosed class")
            if char == "]":
                self.at += 1
                break
            if char == "[" or self.text.startswith(("&&", "||", "--", "~~"), self.at):
                raise Unsupported("nested class or set operation")
            if char == "\\":
                escaped = self.text[self.at + 1 : self.at + 2]
                if escaped in ("p", "P"):
                    end = self.text.find("}", self.at)
                    if not self.text.startswith("{", self.at + 2) or end < 0:
                        raise Unsupported("property")
                    self.at = end + 1
                    chars, previous = None, None
                    continue
                self.at += 2
                if escaped in _CATEGORIES:
                    chars, previous = None, None
                    continue
                if escaped in _PLAIN_ESCAPES:
                    single = _PLAIN_ESCAPES[escaped]
                elif escaped and not (escaped.isalnum() or escaped == "_"):
                    single = escaped
                else:
                    raise Unsupported(f"escape \\{escaped} in a class")
            elif char == "-" and previous is not None and self.text[self.at + 1 : self.at + 2] not in ("]", ""):
                self.at += 1
                last = self._peek()
                if last in ("\\", "["):
                    raise Unsupported("escaped range end")
                self.at += 1
                if ord(last) < ord(previous):
                    raise Unsupported("bad range")
                if chars is not None:
                    if ord(last) - ord(previous) > _MAX_RANGE:
                        chars = None
                    else:
                        chars.update(chr(code) for code in range(ord(previous), ord(last) + 1))
                previous = None
                continue
            else:
                self.at += 1
                single = char
            if chars is not None:
                chars.add(single)
            previous = single
        source = self.text[start : self.at]
        if negated:
            return Char(source, None, None if chars is None else frozenset(chars))
        return Char(source, None if chars is None else frozenset(chars))


# --- what a part of a pattern consumes ----------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """Every match contains ``literal`` starting between ``low`` and ``high`` characters after its own
    start (``high`` None: any distance), and the characters before it match one of ``before``."""

    literal: str
    low: int
    high: int | None
    before: frozenset[str]


@dataclass(frozen=True)
class Info:
    low: int  # the fewest characters consumed
    high: int | None  # the most (None: no bound)
    chars: frozenset[str]  # sources of every character it can consume
    strings: frozenset[str] | None  # every string it can consume, when they are few
    specs: tuple[Spec, ...] | None  # literals every match contains (one of them), when known


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > _MAX_STRINGS:
        return None
    return frozenset(a + b for a in left for b in right)


def _shift(specs: tuple[Spec, ...], low: int, high: int | None, before: frozenset[str]) -> tuple[Spec, ...]:
    return tuple(
        Spec(s.literal, low + s.low, None if high is None or s.high is None else high + s.high, before | s.before)
        for s in specs
    )


def _rarity(literal: str) -> float:
    """A guess at how rare a literal is in Japanese business text: kanji and katakana words are rare, runs of
    hiragana (particles, endings: します, ますか) common, single symbols everywhere."""
    score = 0.0
    for char in literal:
        if "\u3041" <= char <= "\u309f":
            score += 0.6
        elif "\u30a1" <= char <= "\u30ff":
            score += 2.0
        elif "\u4e00" <= char <= "\u9fff":
            score += 2.5
        elif char.isalpha():
            score += 1.2
        else:
            score += 0.4  # digits, punctuation, symbols
    return score


def _score(specs: tuple[Spec, ...]) -> float:
    bounded = all(s.high is not None for s in specs)
    return min(_rarity(s.literal) for s in specs) - 0.3 * math.log2(len(specs)) + (0.5 if bounded else 0.0)


def _best(candidates: list[tuple[Spec, ...]]) -> tuple[Spec, ...] | None:
    usable = [c for c in candidates if c and all(s.literal for s in c)]
    return max(usable, key=_score) if usable else None


def literals(node: object) -> Info:
    """What ``node`` consumes, and the literals (``Info.specs``) one of which every match of it contains.

    Each part proposes literal sets: its own (a word, a small class), those of the parts inside it shifted
    by what comes before them, and the strings a run of parts can spell out together (``(ます|ましょう)か``
    spells ますか and ましょうか). The set judged rarest is kept (``_score``); an alternation needs one per branch.
    """
    if isinstance(node, Char):
        strings = node.chars if node.chars is not None and len(node.chars) <= _MAX_SET else None
        specs = tuple(Spec(c, 0, 0, frozenset()) for c in sorted(strings)) if strings else None
        return Info(1, 1, frozenset({node.source}), strings, specs)
    if isinstance(node, _Empty):
        return Info(0, 0, frozenset(), frozenset({""}), None)
    if isinstance(node, _Look):
        inner = literals(node.node)  # parsed through in any case: unknown syntax inside must not pass
        specs = inner.specs if node.ahead and not node.negative else None
        return Info(0, 0, frozenset(), frozenset({""}), specs)
    if isinstance(node, _Alt):
        infos = [literals(b) for b in node.branches]
        highs = [i.high for i in infos]
        strings: frozenset[str] | None = frozenset()
        for info in infos:
            if strings is None or info.strings is None or len(strings) + len(info.strings) > _MAX_STRINGS:
                strings = None
            else:
                strings = strings | info.strings
        specs = None if any(i.specs is None for i in infos) else tuple(s for i in infos for s in i.specs)
        return Info(
            min(i.low for i in infos),
            None if None in highs else max(h for h in highs if h is not None),
            frozenset().union(*(i.chars for i in infos)),
            strings,
            specs,
        )
    if isinstance(node, _Repeat):
        inner = literals(node.node)
        strings = None
        if inner.strings is not None and node.high is not None and node.high <= _MAX_REPEAT:
            strings, power = frozenset(), frozenset({""})
            for count in range(node.high + 1):
                if count >= node.low:
                    strings = strings | power if len(strings) + len(power) <= _MAX_STRINGS else None
                if strings is None or count == node.high:
                    break
                power = _product(power, inner.strings)
                if power is None:
                    strings = None
                    break
        high = None if node.high is None or inner.high is None else node.high * inner.high
        specs = inner.specs if node.low >= 1 else None  # the first repetition starts where the repeat does
        if strings is not None and "" not in strings:
            specs = _best([specs or (), tuple(Spec(s, 0, 0, frozenset()) for s in sorted(strings))])
        return Info(node.low * inner.low, high, inner.chars, strings, specs)
    if isinstance(node, _Seq):
        return _sequence_info(node)
    raise Unsupported(type(node).__name__)


def _sequence_info(node: _Seq) -> Info:
    """``literals`` of a sequence: the parts' own literals, shifted by the lengths before them, and the
    strings that consecutive parts spell out together."""
    low, high, chars = 0, 0, frozenset()
    candidates: list[tuple[Spec, ...]] = []
    run: tuple[int, int | None, frozenset[str], frozenset[str]] | None = None  # strings spelled out so far
    whole: frozenset[str] | None = frozenset({""})

    def close() -> None:
        if run is not None and "" not in run[3]:
            candidates.append(tuple(Spec(s, run[0], run[1], run[2]) for s in sorted(run[3])))

    for item in node.items:
        info = literals(item)
        if info.specs is not None:
            candidates.append(_shift(info.specs, low, high, chars))
        if info.strings is None:
            close()
            run = None
        else:
            joined = _product(run[3], info.strings) if run is not None else None
            if joined is None:
                close()
                run = (low, high, chars, info.strings)
            else:
                run = (run[0], run[1], run[2], joined)
        whole = None if whole is None or info.strings is None else _product(whole, info.strings)
        low += info.low
        high = None if high is None or info.high is None else high + info.high
        chars = chars | info.chars
    close()
    return Info(low, high, chars, whole, _best(candidates))


def _start_cost(node: object) -> tuple[bool, bool] | None:
    """Whether trying ``node`` at a position fails fast where it cannot match: (cheap, can be empty), or
    None when unknown. Cheap means the first character it takes is checked against a short list of
    characters (a literal, a small class) before anything else; a leading repeat of a broad class
    (``[^。\\n]*``, ``\\p{Han}+``) is what makes a pattern slow to search everywhere."""
    if isinstance(node, Char):
        return node.chars is not None and len(node.chars) <= 32, False
    if isinstance(node, (_Empty, _Look)):
        return True, True
    if isinstance(node, _Repeat):
        inner = _start_cost(node.node)
        if inner is None:
            return None
        broad = isinstance(node.node, Char) and node.node.chars is None and (node.high is None or node.high > 1)
        return inner[0] and not broad, node.low == 0 or inner[1]
    if isinstance(node, _Alt):
        parts = [_start_cost(b) for b in node.branches]
        if None in parts:
            return None
        return all(c for c, _ in parts), any(e for _, e in parts)  # type: ignore[misc]
    if isinstance(node, _Seq):
        for item in node.items:
            part = _start_cost(item)
            if part is None or not part[0]:
                return part
            if not part[1]:
                return True, False
        return True, True
    return None


def starts_cheaply(node: object) -> bool:
    """Whether a try of ``node`` fails fast at a place where it cannot match (see ``_start_cost``)."""
    start = _start_cost(node)
    return start is not None and start[0]


def guard(node: object) -> Char | None:
    """The class of a leading ``(?<!C)``: a match cannot start right after a character of C."""
    while isinstance(node, _Seq) and node.items and isinstance(node.items[0], _Seq):
        node = node.items[0]  # a group that opens the branch
    items = node.items if isinstance(node, _Seq) else ()
    if items and isinstance(items[0], _Look) and not items[0].ahead and items[0].negative:
        inner = items[0].node
        if isinstance(inner, _Seq) and len(inner.items) == 1 and isinstance(inner.items[0], Char):
            return inner.items[0]
    return None


def parse(pattern: str) -> list[tuple[object, str]]:
    """The top-level branches of ``pattern``: each one's tree and its text. Raises ``Unsupported``."""
    return _Parser(pattern).parse()
