"""Tokens and sentences: one shared fugashi Tagger (UniDic), every token with offsets into the text."""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

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

    @property
    def pos(self) -> str:
        """POS levels joined with '-', e.g. 名詞-普通名詞-サ変可能 (trailing '*' levels dropped)."""
        return "-".join(p for p in (self.pos1, self.pos2, self.pos3, self.pos4) if p != "*")


@dataclass(slots=True)
class Sentence:
    """A sentence: a run of tokens ended by 。！？, a line break that does not continue, or a blank line."""

    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)
    index: int = 0

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@lru_cache(maxsize=1)
def tagger():  # -> fugashi.GenericTagger; typed loosely to keep fugashi out of import time
    """The process-wide MeCab tagger over unidic-lite, created on first use."""
    import fugashi
    import unidic_lite

    dicdir = unidic_lite.DICDIR
    return fugashi.GenericTagger(f'-d "{dicdir}" -r "{os.path.join(dicdir, "mecabrc")}"')


def _features(raw: str) -> list[str]:
    # UniDic quotes a field only when it holds a comma (the token 「,」 itself); the fast path splits.
    if '"' in raw:
        return next(csv.reader([raw]))
    return raw.split(",")


def tokenize_line(line: str, offset: int, placeholder_spans: list[tuple[int, int]] = ()) -> list[Token]:
    """Tokens of one line of text that starts at ``offset`` in the document."""
    tokens: list[Token] = []
    cursor = 0
    for node in tagger()(line):
        surface = node.surface
        found = line.find(surface, cursor)
        start = cursor if found < 0 else found
        end = start + len(surface)
        cursor = end
        f = _features(node.feature_raw)
        known = len(f) > _ORTH_BASE
        lemma = f[_LEMMA] if known and f[_LEMMA] != "*" else surface
        base = f[_ORTH_BASE] if known and f[_ORTH_BASE] != "*" else surface
        token = Token(
            surface,
            start + offset,
            end + offset,
            f[_POS1],
            f[_POS2] if len(f) > 1 else "*",
            f[_POS3] if len(f) > 2 else "*",
            f[_POS4] if len(f) > 3 else "*",
            f[_CTYPE] if len(f) > 4 else "*",
            f[_CFORM] if len(f) > 5 else "*",
            lemma,
            base,
            f[_PRON] if known else surface,
        )
        if placeholder_spans:
            token.placeholder = any(s < token.end and token.start < e for s, e in placeholder_spans)
        tokens.append(token)
    return tokens


_LINE = re.compile(r"[^\n]*\n?")


def split_sentences(text: str, placeholder_spans: list[tuple[int, int]] = ()) -> list[Sentence]:
    """Tokenize ``text`` line by line and group the tokens into sentences.

    Business mail wraps long sentences by hand, so a line break ends a sentence only when the line does
    not end on a particle, a prefix or a 読点.
    """
    sentences: list[Sentence] = []
    current: list[Token] = []

    def close() -> None:
        if current:
            sentences.append(Sentence(current[0].start, current[-1].end, list(current), len(sentences)))
            current.clear()

    offset = 0
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            break
        body = line.rstrip("\r\n")
        if not body.strip():
            close()
            offset += len(line)
            continue
        spans = [(s, e) for s, e in placeholder_spans if s < offset + len(body) and offset < e]
        for token in tokenize_line(body, offset, spans):
            current.append(token)
            if token.surface in SENTENCE_END or (token.pos2 == "句点"):
                close()
        if current:
            last = current[-1]
            if not (last.pos1 in _CONTINUES_POS or last.pos2 == "読点"):
                close()
        offset += len(line)
    close()
    return sentences
