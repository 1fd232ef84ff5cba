"""Which token sequences a text can hold at all, decided with one AND per sequence.

A token sequence needs, for each of its required steps, a token with one of a few values of a feature
(a lemma 下さる, a surface ください…). Most sequences fail one of their needs in most messages; asking each of
them of the text's feature values, some 200 sequences a message, took a tenth of an audit's time (the bits
take half as much: sampled with py-spy on bench/audit.py's archive). Here each need gets a bit, each token
type the bits of the needs it meets (worked out once per type), and a text the union of its types' bits,
made once per text: a sequence whose bits are not all in that union cannot match. The bits are an
optimization only: the first text a process reads, and a sequence whose need got its bit after the text's
union was made (the second), are asked the slow way. A rule's or a concept's sequences (``Sequences``) go
further: which of them may match depends only on the part of a text's bits they read, and is kept per part.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from teinei.analysis import Analysis
    from teinei.tokens import Token, TypeTable

Need = tuple[str, frozenset[str]]  # (feature, the values one of which a token must have)


class _Needing(Protocol):
    """A token sequence (``teinei.checks.token_pattern.CompiledSequence``)."""

    def need_mask(self, needs: NeedBits) -> int: ...


S = TypeVar("S", bound=_Needing)


class NeedBits:
    """The needs of every sequence asked about with one type table, as bits, and each type's bits. Numbering
    a need and reading a text's bits take turns (one lock): a text's bits are those of the needs numbered
    when it was read, every one of them complete."""

    def __init__(self, table: TypeTable) -> None:
        self.protos = table.protos
        self.bits: dict[Need, int] = {}
        self.by_value: dict[str, dict[str, int]] = {}  # feature -> value -> the bits of the needs it meets
        self.types: dict[int, int] = {}  # type -> its bits, for the needs numbered so far
        self.cold = True  # no text read yet (see ``present``)
        self._lock = threading.Lock()

    def mask(self, needs: Sequence[Need]) -> int:
        """The bits of ``needs``, numbering those not seen before."""
        found = [self.bits.get(need) for need in needs]
        if None in found:
            with self._lock:
                for need in needs:
                    if need not in self.bits:
                        self._add(need)
                found = [self.bits[need] for need in needs]
        return reduce(or_, found, 0)  # type: ignore[arg-type]

    def _add(self, need: Need) -> None:
        bit = 1 << len(self.bits)
        name, literals = need
        values = self.by_value.setdefault(name, {})
        for value in literals:
            values[value] = values.get(value, 0) | bit
        self.bits[need] = bit
        self.types = {}  # every type's bits are worked out again

    def present(self, analysis: Analysis) -> tuple[int, int]:
        """(how many needs were numbered, the bits of those the analysis' text meets), made once per text;
        (-1, 0) for the table's first text, whose sequences number no need: a one-shot check reads one text
        (and its subject), where numbering every need would cost more than the bits save."""
        found = analysis.token_cache.get(self)
        if found is None:
            with self._lock:
                if self.cold:
                    self.cold = False
                    found = analysis.token_cache[self] = (-1, 0)
                    return found
                known, by_value, protos = self.types, self.by_value, self.protos
                bits = 0
                for tid in analysis.type_positions():
                    own = known.get(tid)
                    if own is None:
                        own = known[tid] = _type_bits(protos[tid], by_value)
                    bits |= own
                found = analysis.token_cache[self] = (len(self.bits), bits)
        return found  # type: ignore[return-value]


def _type_bits(proto: Token, by_value: dict[str, dict[str, int]]) -> int:
    bits = 0
    for name, values in by_value.items():
        bits |= values.get(getattr(proto, name), 0)
    return bits


def need_bits(table: TypeTable) -> NeedBits:
    """The needs numbered with ``table`` (kept as long as the table, like its per-type memos)."""
    found = table.memos.get(NeedBits)
    if found is None:
        found = table.memos.setdefault(NeedBits, NeedBits(table))  # type: ignore[arg-type]
    return found  # type: ignore[return-value]


class Sequences(list[S]):
    """A rule's or a concept's token sequences, which also tell which of them may match a text."""

    _MOST_KEPT = 4096  # answers kept per type table (a long-running server meets new combinations)

    def __init__(self, sequences: Iterable[S] = ()) -> None:
        super().__init__(sequences)
        # (table, each sequence's need bits, their union, the answer for each part of a text's bits they read)
        self._answers: tuple[TypeTable, list[int], int, dict[int, list[int]]] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Sequences, (list(self),))  # (the answers hold the process's type table)

    def possible(self, analysis: Analysis) -> Sequence[int]:
        """The indices of the sequences that may match in the analysis: those whose need bits are not all in
        the text's are left out. Which ones depends only on the part of the text's bits that the sequences
        read, so the answer for each part is kept: most sequences, ruled out in most messages, are not even
        looked at (asking each in turn took 5 % more of an audit's instructions)."""
        table = analysis.table
        needs = need_bits(table)
        count, present = needs.present(analysis)
        if count < 0 or not self:  # (the first text of a process: each sequence asks for itself)
            return range(len(self))
        answers = self._answers
        if answers is None or answers[0] is not table:
            bits = [sequence.need_mask(needs) for sequence in self]
            answers = self._answers = (table, bits, reduce(or_, bits, 0), {})
        _, bits, union, kept = answers
        if union >> count:  # needs numbered after this text's bits were made
            return range(len(self))
        key = present & union
        found = kept.get(key)
        if found is None:
            if len(kept) >= self._MOST_KEPT:
                kept.clear()
            found = kept[key] = [number for number, need in enumerate(bits) if need & key == need]
        return found
