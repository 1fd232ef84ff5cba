"""A rule's phrases and expressions, searched as one alternation but in pieces.

``regex`` finds where a branch led by a few known characters can start without trying every position, but a
branch that can start on any kanji (``[\\p{Han}]{1,8}までに``) is tried at every kanji, and joined with others
it makes all of them be tried there: the deadline concept's six branches took three times as long together as
apart. So an alternation is cut into pieces (the phrases together, branches led narrowly together, each
broadly led branch alone), each piece has its own literal gate (``teinei.regex_gate``), and the pieces'
matches are merged into exactly the matches of the whole: the leftmost, the earliest branch at one place,
the next search from where a match ends. That holds only when no branch can match the empty string (where
the next search starts after one is subtle) and the whole has no group (a group's number depends on the
branches before it): otherwise the whole is searched as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import regex

from teinei.regex_gate import gate, leads_narrowly, parsed, passes


class Alternation:
    """An alternation searched piece by piece (``teinei.checks.text_pattern.finditer`` runs it); ``whole``
    is the same alternation compiled as one, for its text and flags."""

    __slots__ = ("gates", "pieces", "whole")

    def __init__(self, whole: regex.Pattern[str], pieces: list[regex.Pattern[str]]) -> None:
        self.whole = whole
        self.pieces = pieces
        self.gates = [gate(piece) for piece in pieces]

    @property
    def pattern(self) -> str:
        return self.whole.pattern

    @property
    def groupindex(self) -> dict[str, int]:
        return {}  # (only an alternation without groups is cut)

    def finditer(self, text: str, timeout: float) -> Iterator[regex.Match[str]]:
        """``self.whole.finditer(text)``, each piece searched only where its gate lets it match; all the
        searches share the ``timeout`` seconds the whole's would have had (TimeoutError past them)."""
        deadline = time.monotonic() + timeout
        found: dict[int, regex.Match[str]] = {}  # piece -> its first match from ``at``
        for number, (piece, needs) in enumerate(zip(self.pieces, self.gates, strict=True)):
            if passes(needs, text):
                match = piece.search(text, timeout=_left(deadline))
                if match is not None:
                    found[number] = match
        at = 0
        while found:
            number = min(found, key=lambda n: (found[n].start(), n))
            match = found[number]
            yield match
            at = match.end()  # (never empty: the search goes on from its end, as the whole's does)
            for passed in [n for n, m in found.items() if m.start() < at]:  # (the one taken, and those it covered)
                match = self.pieces[passed].search(text, at, timeout=_left(deadline))
                if match is None:
                    del found[passed]
                else:
                    found[passed] = match


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("regular expression time out")
    return left


def cut(whole: regex.Pattern[str], branches: list[str]) -> regex.Pattern[str] | Alternation:
    """``whole`` (the ``branches`` joined by ``|``) in pieces, or ``whole`` itself when it makes one piece
    or cannot be cut without changing its matches."""
    if len(branches) < 2 or whole.groups:
        return whole
    pieces: list[list[str]] = []
    joined = False  # whether the last piece takes more branches
    for branch in branches:
        tree = parsed(branch, whole.flags)
        if tree is None or tree.getwidth()[0] == 0:
            return whole
        narrow = leads_narrowly(list(tree))
        if narrow and joined:
            pieces[-1].append(branch)
        else:
            pieces.append([branch])
        joined = narrow
    if len(pieces) < 2:
        return whole
    try:
        return Alternation(whole, [regex.compile("|".join(piece), whole.flags) for piece in pieces])
    except regex.error:  # (a branch that compiles only among the others: kept whole)
        return whole
