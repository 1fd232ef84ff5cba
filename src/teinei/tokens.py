"""Tokens and sentences: one shared fugashi Tagger (UniDic), every token with offsets into the text.

Speed and memory: a text of a few megabytes has millions of tokens, but only a few thousand distinct ones.
Each distinct (surface, features) pair is a token *type* (as linguists set types against tokens), numbered
once per process in a ``TypeTable``. A sentence stores only the type number and start offset of each token;
``Sentence.tokens`` builds ``Token`` objects from them on first use. Checks match on type numbers, so a token
condition is evaluated once per type, not once per token.
"""

from __future__ import annotations

import itertools
import operator
import os
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from teinei.intervals import Intervals

# UniDic feature columns (unidic-lite 2.1.2 layout) that rules may name.
_POS1, _POS2, _POS3, _POS4, _CTYPE, _CFORM, _LFORM, _LEMMA, _ORTH, _PRON, _ORTH_BASE = range(11)

SENTENCE_END = frozenset("。．！？!?")
# A line that ends on one of these continues on the next line (wrapped mail text).
_CONTINUES_POS = frozenset({"助詞", "接頭辞"})


@dataclass(slots=True)
class Token:
    """One morpheme. ``lemma``/``base`` fall back to the surface for words UniDic does not know."""

    surface: str
    start: int
    end: int
    pos1: str
    pos2: str
    pos3: str
    pos4: str
    ctype: str
    cform: str
    lemma: str
    base: str  # orthBase: the dictionary form as written (見れる stays 見れる, while lemma is 見る)
    reading: str
    placeholder: bool = False
    type_id: int = field(default=-1, compare=False, repr=False)  # number in the TypeTable (-1: none)

    @property
    def pos(self) -> str:
        """POS levels joined with '-', e.g. 名詞-普通名詞-サ変可能 (trailing '*' levels dropped)."""
        return "-".join(p for p in (self.pos1, self.pos2, self.pos3, self.pos4) if p != "*")


class TypeTable:
    """Distinct tokens of a process, numbered: a ``Token`` prototype (offset 0) per number.

    Checks keep per-type answers in ``memo`` dictionaries, so the same condition on the same word is decided
    once. Numbers come from a counter, so concurrent threads never hand out one number twice.
    """

    def __init__(self) -> None:
        self.by_feature = _FeatureTypes(self)  # (surface, raw features) -> type, numbered on first sight
        self.by_row = _RowTypes(self.by_feature)  # "surface<TAB>raw features" (a row of ``_rows``) -> type
        self.by_fields: dict[tuple[object, ...], int] = {}  # every Token field but offsets -> type
        self.protos: dict[int, Token] = {}
        self.lengths: dict[int, int] = {}
        self.ends: set[int] = set()  # types that end a sentence
        self.continues: set[int] = set()  # types after which a line break does not end the sentence
        self.placeholders: dict[int, int] = {}  # type -> the same word inside a placeholder
        self.memos: dict[object, TypeMemo | TypeFacts] = {}
        # A short line -> the types MeCab gives it (tagging is line by line, so a line always gets the same);
        # emptied when full. Threads may read and write it at once: each entry is a whole immutable tuple.
        self.lines: dict[str, tuple[int, ...]] = {}
        self._numbers = itertools.count()

    def __len__(self) -> int:
        return len(self.protos)

    def memo(self, test: Callable[[Token], object]) -> TypeMemo:
        """The per-type answers of one condition, kept as long as this table: ``memo[tid]``."""
        found = self.memos.get(test)
        if found is None:
            found = self.memos.setdefault(test, TypeMemo(test, self.protos))
        return found

    def facts(self, read: Callable[[Token], object]) -> TypeFacts:
        """Like ``memo``, for any per-type value (not only yes or no): ``facts[tid]``."""
        key = ("facts", read)
        found = self.memos.get(key)
        if found is None:
            found = self.memos.setdefault(key, TypeFacts(read, self.protos))  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    def _add(self, proto: Token) -> int:
        key = (
            proto.surface, proto.pos1, proto.pos2, proto.pos3, proto.pos4, proto.ctype, proto.cform,
            proto.lemma, proto.base, proto.reading, proto.placeholder,
        )
        tid = self.by_fields.get(key)
        if tid is not None:
            return tid
        tid = next(self._numbers)
        proto.type_id = tid
        self.protos[tid] = proto
        self.lengths[tid] = len(proto.surface)
        if proto.surface in SENTENCE_END or proto.pos2 == "句点":
            self.ends.add(tid)
        if proto.pos1 in _CONTINUES_POS or proto.pos2 == "読点":
            self.continues.add(tid)
        return self.by_fields.setdefault(key, tid)

    def of_features(self, surface: str, raw: str) -> int:
        """The type number of a MeCab node (its surface and raw UniDic feature string)."""
        f = _features(raw)
        known = len(f) > _ORTH_BASE
        tid = self._add(
            Token(
                surface,
                0,
                len(surface),
                f[_POS1],
                f[_POS2] if len(f) > 1 else "*",
                f[_POS3] if len(f) > 2 else "*",
                f[_POS4] if len(f) > 3 else "*",
                f[_CTYPE] if len(f) > 4 else "*",
                f[_CFORM] if len(f) > 5 else "*",
                f[_LEMMA] if known and f[_LEMMA] != "*" else surface,
                f[_ORTH_BASE] if known and f[_ORTH_BASE] != "*" else surface,
                f[_PRON] if known else surface,
            )
        )
        self.by_feature[(surface, raw)] = tid
        return tid

    def of_token(self, token: Token) -> int:
        """The type number of any token (also one built by hand)."""
        t = token
        return self._add(
            Token(
                t.surface, 0, len(t.surface), t.pos1, t.pos2, t.pos3, t.pos4, t.ctype, t.cform, t.lemma, t.base,
                t.reading, t.placeholder,
            )
        )

    def in_placeholder(self, tid: int) -> int:
        """The type number of the same word when it lies inside a placeholder."""
        found = self.placeholders.get(tid)
        if found is None:
            p = self.protos[tid]
            found = self._add(
                Token(
                    p.surface, 0, p.end, p.pos1, p.pos2, p.pos3, p.pos4, p.ctype, p.cform, p.lemma, p.base,
                    p.reading, True,
                )
            )
            self.placeholders[tid] = found
        return found

    def token(self, tid: int, start: int) -> Token:
        p = self.protos[tid]
        return Token(
            p.surface, start, start + len(p.surface), p.pos1, p.pos2, p.pos3, p.pos4, p.ctype, p.cform, p.lemma,
            p.base, p.reading, p.placeholder, tid,
        )


class _FeatureTypes(dict[tuple[str, str], int]):
    """(surface, raw UniDic features) -> type; a pair not seen before is numbered on lookup, so that a whole
    line's pairs are looked up in one ``map`` call."""

    __slots__ = ("table",)

    def __init__(self, table: TypeTable) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, key: tuple[str, str]) -> int:
        return self.table.of_features(*key)


class _RowTypes(dict[str, int]):
    """A row of ``tagger().parse`` ("surface<TAB>features") -> type, through ``_FeatureTypes`` on first sight."""

    __slots__ = ("by_feature",)

    def __init__(self, by_feature: _FeatureTypes) -> None:
        super().__init__()
        self.by_feature = by_feature

    def __missing__(self, row: str) -> int:
        surface, _, raw = row.rpartition("\t")  # features never hold a tab
        found = self[row] = self.by_feature[(surface, raw)]
        return found


class TypeFacts(dict[int, object]):
    """A value read from each type's prototype, on the first lookup of each type."""

    __slots__ = ("protos", "read")

    def __init__(self, read: Callable[[Token], object], protos: dict[int, Token]) -> None:
        super().__init__()
        self.read = read
        self.protos = protos

    def __missing__(self, tid: int) -> object:
        found = self[tid] = self.read(self.protos[tid])
        return found


class TypeMemo(TypeFacts):
    """A condition's answer per type, decided on the first lookup of each type (a plain dict lookup after)."""

    __slots__ = ()

    def __missing__(self, tid: int) -> bool:
        found = self[tid] = bool(self.read(self.protos[tid]))
        return found


# Types are few (the vocabulary of what a process has read); a table past this size is replaced before the
# next text, so that a long-running process reading endless new words stays bounded.
_MAX_TYPES = 300_000
_table = TypeTable()


def type_table() -> TypeTable:
    """The current table (replaced by a fresh one between texts once it holds ``_MAX_TYPES`` types)."""
    global _table
    if len(_table) > _MAX_TYPES:
        _table = TypeTable()
    return _table


class Sentence:
    """A sentence: a run of tokens ended by 。！？, a line break that does not continue, or a blank line.

    ``types`` and ``starts`` hold each token's type number and start offset; ``tokens`` are built from them.
    """

    __slots__ = ("_ends", "_tokens", "end", "index", "start", "starts", "table", "types")

    def __init__(
        self,
        start: int,
        end: int,
        tokens: list[Token] | None = None,
        index: int = 0,
        *,
        types: array | None = None,
        starts: array | None = None,
        table: TypeTable | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.index = index
        self.table = table or type_table()
        self._tokens = tokens
        self._ends: list[int] | None = None
        if types is None:
            self._from_tokens(tokens or [])
        else:
            self.types = types
            self.starts = starts if starts is not None else array("i")

    def _from_tokens(self, tokens: list[Token]) -> None:
        self.types = array("i", (self.table.of_token(t) for t in tokens))
        self.starts = array("i", (t.start for t in tokens))
        self._ends = [t.end for t in tokens]

    @classmethod
    def of_types(cls, start: int, end: int, index: int, types: array, starts: array, table: TypeTable) -> Sentence:
        """A sentence of type numbers and start offsets (the quick way for ``split_sentences``)."""
        sentence = cls.__new__(cls)
        sentence.start, sentence.end, sentence.index, sentence.table = start, end, index, table
        sentence._tokens, sentence._ends, sentence.types, sentence.starts = None, None, types, starts
        return sentence

    @property
    def tokens(self) -> list[Token]:
        """The sentence's tokens, built on each access (keep the list rather than asking again): kept on
        every sentence, the tokens of a long text would take many times the memory of the text."""
        if self._tokens is not None:
            return self._tokens
        token = self.table.token
        return [token(k, s) for k, s in zip(self.types, self.starts, strict=True)]

    @tokens.setter
    def tokens(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._from_tokens(tokens)

    def token_end(self, index: int) -> int:
        """End offset of token ``index`` without building the token."""
        if self._ends is not None:
            return self._ends[index]
        return self.starts[index] + self.table.lengths[self.types[index]]

    def token_ends(self) -> list[int]:
        """End offset of every token, in order, without building the tokens."""
        if self._ends is not None:
            return self._ends
        return list(map(operator.add, self.starts, map(self.table.lengths.__getitem__, self.types)))

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def __len__(self) -> int:
        return len(self.types)

    def __repr__(self) -> str:
        return f"Sentence(start={self.start}, end={self.end}, index={self.index}, tokens={len(self.types)})"


# ``tagger().parse`` writes one "surface<TAB>features" row per token (unknown words too) and nothing else:
# a line's tokens come back as one string, split in C, instead of one Python object per token. (The doubled
# backslashes survive fugashi's splitting of the options; MeCab reads \t and \n in a format.)
_ROW_FORMAT = "--output-format-type= --node-format=%m\\\\t%H\\\\n --unk-format=%m\\\\t%H\\\\n --eos-format="
_ROW_CHECK = "東京にｘｙｚ株式会社が, 見れる。"  # known and unknown words, symbols


@lru_cache(maxsize=1)
def tagger():  # -> fugashi.GenericTagger; typed loosely to keep fugashi out of import time
    """The process-wide MeCab tagger over unidic-lite, created on first use."""
    import fugashi
    import unidic_lite

    dicdir = unidic_lite.DICDIR
    return fugashi.GenericTagger(f'-d "{dicdir}" -r "{os.path.join(dicdir, "mecabrc")}" {_ROW_FORMAT}')


@lru_cache(maxsize=1)
def _rows_work() -> bool:
    """Whether ``tagger().parse`` gives exactly the surface and features of each token (else ``_tag_line``
    reads the tokens one by one, as MeCab's nodes)."""
    nodes = [(node.surface, node.feature_raw) for node in tagger()(_ROW_CHECK)]
    return _rows(_ROW_CHECK) == [f"{surface}\t{raw}" for surface, raw in nodes]


def _rows(line: str) -> list[str]:
    rows = tagger().parse(line).split("\n")
    if rows and not rows[-1]:
        rows.pop()
    return rows


def _features(raw: str) -> list[str]:
    # UniDic quotes a field only when it holds a comma (the token 「,」 itself); the fast path splits.
    if '"' in raw:
        import csv  # (rare: not imported by every run)

        return next(csv.reader([raw]))
    return raw.split(",")


# Lines this short are remembered with their types (``TypeTable.lines``): business mail repeats its lines
# (greetings, closings, the addressee, a sender's own phrases), and a remembered line is not tagged again.
_REMEMBERED_LINE = 200
_REMEMBERED_LINES = 20_000

# MeCab's lattice for one input grows with its length, and on a line of a few hundred thousand characters
# with no break (200,000 ``a``, a base64 blob, a million hiragana) it crashes the process (SIGSEGV); runs of
# one unknown character class also take time quadratic in their length. Longer lines are tagged in pieces.
MAX_PIECE = 4096
_PIECE_BREAKS = frozenset("。．！？!?、，, \t　")


def _pieces(line: str, limit: int = MAX_PIECE) -> Iterator[tuple[int, str]]:
    """(start, piece) of ``line`` cut into pieces of at most ``limit`` characters, each cut just after a
    sentence end, comma or space in the piece's second half when there is one (so words stay whole in
    prose; only a line with no such break is cut mid-word)."""
    start = 0
    while len(line) - start > limit:
        end = start + limit
        cut = max(line.rfind(mark, start + limit // 2, end) for mark in _PIECE_BREAKS)
        end = cut + 1 if cut >= 0 else end
        yield start, line[start:end]
        start = end
    yield start, line[start:]


def _tag_line(
    line: str, offset: int, table: TypeTable, spans: Intervals | None, types: array, starts: array
) -> list[int]:
    """Append the type and start offset of each token of ``line`` (which starts at ``offset`` in the text) to
    ``types`` and ``starts``; returns the line's types. Offsets go straight into the array: this runs once per
    line of a long text, where lists of sizes and offsets per line were a measurable cost."""
    if len(line) <= MAX_PIECE:
        return _tag_piece(line, offset, table, spans, types, starts)
    line_types: list[int] = []
    for start, piece in _pieces(line):
        line_types += _tag_piece(piece, offset + start, table, spans, types, starts)
    return line_types


def _tag_piece(
    line: str, offset: int, table: TypeTable, spans: Intervals | None, types: array, starts: array
) -> list[int]:
    """``_tag_line`` for a line of at most ``MAX_PIECE`` characters."""
    known = table.lines.get(line)
    if known is not None:
        line_types = list(known)
    else:
        if _rows_work():
            line_types = list(map(table.by_row.__getitem__, _rows(line)))
        else:
            line_types = list(map(table.by_feature.__getitem__, [(n.surface, n.feature_raw) for n in tagger()(line)]))
        if len(line) <= _REMEMBERED_LINE:
            lines = table.lines
            if len(lines) >= _REMEMBERED_LINES:
                lines.clear()
            lines[line] = tuple(line_types)
    lengths = table.lengths
    base = len(starts)
    starts.extend(itertools.accumulate(map(lengths.__getitem__, line_types), initial=offset))
    if starts.pop() - offset != len(line):
        # MeCab skipped white space between tokens: each token is found in the line after the one before.
        del starts[base:]
        find = line.find
        cursor = 0
        for tid in line_types:
            surface = table.protos[tid].surface
            found = find(surface, cursor)
            start = cursor if found < 0 else found
            cursor = start + len(surface)
            starts.append(start + offset)
    if spans is not None and spans.overlaps(offset, offset + len(line)):
        for index, (tid, start) in enumerate(zip(line_types, starts[base:], strict=True)):
            if spans.overlaps(start, start + lengths[tid]):
                line_types[index] = table.in_placeholder(tid)
    types.extend(line_types)
    return line_types


def tokenize_line(line: str, offset: int, placeholder_spans: list[tuple[int, int]] = ()) -> list[Token]:
    """Tokens of one line of text that starts at ``offset`` in the document."""
    table = type_table()
    spans = Intervals(placeholder_spans) if placeholder_spans else None
    types, starts = array("i"), array("i")
    _tag_line(line, offset, table, spans, types, starts)
    return [table.token(k, s) for k, s in zip(types, starts, strict=True)]


def split_sentences(text: str, placeholder_spans: list[tuple[int, int]] = ()) -> list[Sentence]:
    """Tokenize ``text`` line by line and group the tokens into sentences.

    Business mail wraps long sentences by hand, so a line break ends a sentence only when the line does
    not end on a particle, a prefix or a 読点.
    """
    table = type_table()
    ends, continues, lengths = table.ends, table.continues, table.lengths
    spans = Intervals(placeholder_spans) if placeholder_spans else None
    sentences: list[Sentence] = []
    types, starts = array("i"), array("i")  # tokens since the last sentence was made
    bounds: list[int] = []  # where each sentence's tokens end in ``types`` (exclusive)
    opened = 0  # where the sentence being read starts in ``types``

    def flush() -> None:
        """Make the sentences that ended; keep only the tokens of the one being read."""
        nonlocal types, starts, opened
        if len(bounds) == 1 and bounds[0] == len(types):  # most often: the line was one whole sentence
            end = starts[-1] + lengths[types[-1]]
            sentences.append(Sentence.of_types(starts[0], end, len(sentences), types, starts, table))
            types, starts, opened = array("i"), array("i"), 0
            bounds.clear()
            return
        first = 0
        for bound in bounds:
            sentence_types, sentence_starts = types[first:bound], starts[first:bound]
            end = sentence_starts[-1] + lengths[sentence_types[-1]]
            sentences.append(
                Sentence.of_types(sentence_starts[0], end, len(sentences), sentence_types, sentence_starts, table)
            )
            first = bound
        if first:
            types, starts, opened = types[first:], starts[first:], opened - first
        bounds.clear()

    offset = 0
    for line in text.split("\n"):
        body = line.rstrip("\r")
        if not body or body.isspace():
            if len(types) > opened:  # a blank line ends the sentence
                opened = len(types)
                bounds.append(opened)
            offset += len(line) + 1
            continue
        base = len(types)
        line_types = _tag_line(body, offset, table, spans, types, starts)
        count = base + len(line_types)
        if not ends.isdisjoint(line_types):  # after each 。！？
            bounds.extend([base + i + 1 for i, tid in enumerate(line_types) if tid in ends])
            opened = bounds[-1]
        if count > opened and types[-1] not in continues:
            opened = count
            bounds.append(opened)
        if opened == count and bounds:  # no sentence left open: make them (the arrays stay short)
            flush()
        offset += len(line) + 1
    if len(types) > opened:
        bounds.append(len(types))
    flush()
    return sentences
