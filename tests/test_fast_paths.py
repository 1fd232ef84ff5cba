"""The quick ways of reading a text find exactly what the plain ways find.

Each fast path (the date scanner's rewritten patterns, sentence splitting, compiled token matchers,
short-circuited requirements) is checked against the plain way on real Japanese text: the shipped corpus,
examples and rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import regex
import yaml

from teinei import dates, regex_gate
from teinei.alternation import Alternation, cut
from teinei.analysis import Analysis
from teinei.checks.text_pattern import finditer
from teinei.dates import find as date_find
from teinei.dates.mention import FOLD
from teinei.inputs import text_document
from teinei.ruleset.load import read_rules
from teinei.tokens import _features, split_sentences, tagger, type_table

from .conftest import ROOT, TODAY

RULES = read_rules()


def corpus_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    for corpus in sorted((ROOT / "tests" / "corpus").glob("*.yaml")):
        texts.extend(item["text"] for item in yaml.safe_load(corpus.read_text(encoding="utf-8"))["items"])
    for loaded in RULES.rules.values():
        examples = loaded.rule.examples
        texts.extend(e.text for e in [*examples.bad, *examples.good])
    return texts


@pytest.fixture(scope="module")
def long_text() -> str:
    """Every corpus text and rule example in one message."""
    text = "\n\n".join(corpus_texts())
    assert len(text) > 40_000
    return text


class _WrittenFinder:
    """The date scanner's finder over the patterns as written (each searched from the position)."""

    def __init__(self, text: str) -> None:
        self.text = text
        written = [(name, re.compile(p)) for name, p in date_find._DATE_PATTERNS]
        self.patterns = [*written, ("time", date_find._TIME_RE)]

    def leftmost(self, pos: int):
        best = None
        for name, pattern in self.patterns:
            match = pattern.search(self.text, pos)
            if match is not None and (best is None or match.start() < best[1].start()):
                best = (name, match)
        return best


def _raw(raw: dates.ScannedDate) -> tuple:
    groups = {k: v for k, v in raw.match.groupdict().items() if v is not None}
    return (raw.form, raw.start, raw.end, groups, raw.weekday, raw.holiday_marked, raw.time, raw.parts)


def test_date_scanner_finds_what_the_written_patterns_find(monkeypatch: pytest.MonkeyPatch, long_text: str) -> None:
    extra = (
        "2026年12月5日、2026/12/05、令和8年12月上旬、12/5(金)、5日(月・祝)、来週月曜、午後3時半、9:30〜18:00、"
        "月末、年内、今月末、来月中、毎週月曜日、隔週金曜、第3水曜日、3.12/5、1-2/3、112月3日、年12月上旬、"
        "10:30:00、25時、3時間、5日間、毎月5日、12月5日〜8日、AM9時、正午、午前中、明後日中、あした、週明け"
    )
    folded = dates.fold(long_text + "\n" + extra)
    assert folded == (long_text + "\n" + extra).translate(FOLD)
    fast = [_raw(r) for r in date_find._scan(folded)]
    monkeypatch.setattr(date_find, "_Finder", _WrittenFinder)
    written = [_raw(r) for r in date_find._scan(folded)]
    assert fast == written
    assert len({r[0] for r in fast}) >= 10  # most forms occur


def test_each_date_pattern_is_searched_only_where_its_literals_can_be() -> None:
    # The literals a scanned pattern declares are one of the sets its parse proves every match to contain.
    for name, needs, pattern in date_find._SCANNED_PATTERNS:
        gate = regex_gate.required(pattern)
        assert gate is not None and len(gate) == 1, name
        assert tuple(sorted(needs)) in [tuple(sorted(literals)) for literals in gate[0]], (name, needs, gate)
    assert date_find._Finder("原稿をお送りいただきました。").patterns == []
    assert [name for name, _ in date_find._Finder("12月5日(金)に伺います").patterns] == [
        "period", "md", "month_end", "day"
    ]


def _reference_sentences(text: str, spans: list[tuple[int, int]]) -> list[list[tuple]]:
    """Line by line, MeCab's tokens one by one (its nodes), each found at its place in the line and given
    the type of its surface and features, and sentences cut as documented."""
    sentences: list[list[tuple]] = []
    current: list[tuple] = []
    table = type_table()
    offset = 0
    for line in text.split("\n"):
        body = line.rstrip("\r")
        if body.strip():
            cursor = 0
            for node in tagger()(body):
                surface, features = node.surface, _features(node.feature_raw)
                found = body.find(surface, cursor)
                start = cursor if found < 0 else found
                cursor = start + len(surface)
                begin, end = offset + start, offset + cursor
                inside = any(s < end and e > begin for s, e in spans)
                tid = table.by_feature[(surface, node.feature_raw)]
                current.append((surface, begin, inside, table.in_placeholder(tid) if inside else tid))
                if surface in {"。", "．", "！", "？", "!", "?"} or features[1:2] == ["句点"]:
                    sentences.append(current)
                    current = []
            if current and not (features[0] in ("助詞", "接頭辞") or features[1:2] == ["読点"]):
                sentences.append(current)
                current = []
        elif current:
            sentences.append(current)
            current = []
        offset += len(line) + 1
    if current:
        sentences.append(current)
    return sentences


def test_sentences_are_split_as_a_plain_line_by_line_reading_splits_them() -> None:
    texts = [
        *corpus_texts()[::7],
        "株式会社 サンプル　御中\r\n\r\n資料を\nお送りいただき、\n\tありがとうございます！次回は○日です。 \n\n以上",
        "{{ name }}様\n○○の件、\n\n  \nA B  C\n末尾に空白 ",
    ]
    checked = 0
    for text in texts:
        spans = [(m.start(), m.end()) for m in re.finditer(r"\{\{[^}]*\}\}|○+", text)]
        got = [
            [(text[t.start : t.end], t.start, t.placeholder, t.type_id) for t in s.tokens]
            for s in split_sentences(text, spans)
        ]
        assert got == _reference_sentences(text, spans), text[:40]
        checked += len(got)
    assert checked > 200


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    return [Analysis.of(text_document(t), "external", TODAY) for t in corpus_texts()[::9]]


def test_compiled_token_matchers_match_like_the_step_by_step_matcher(analyses: list[Analysis]) -> None:
    sequences = [s for c in RULES.concepts.values() for s in c.sequences]
    sequences += [s for loaded in RULES.rules.values() for s in getattr(loaded.check, "sequences", ())]
    matched = 0
    for analysis in analyses:
        source = analysis.document.text
        for sequence in sequences:
            memos, match = sequence.type_tests(analysis.table), sequence.type_matcher(analysis.table)
            for sentence in analysis.sentences:
                types, tokens = sentence.types, sentence.tokens
                for index in range(len(types)):
                    end = match(types, index, len(types))
                    assert end == sequence.match_types(types, index, memos) == sequence.match_at(tokens, index)
                    if end is not None and end > index:
                        matched += 1
                        expected = sequence.captures(tokens, index, source)
                        assert sequence.sentence_captures(sentence, index, source) == expected
    assert matched > 300


def test_classify_reads_each_date_once_with_the_contexts_of_two_readings(long_text: str) -> None:
    """``classify`` scans once; ``find_dates`` with the contexts it chose gives the same mentions."""
    text = long_text[:60_000]
    today = dt.date(2026, 11, 20)
    classified = dates.classify(text, today, split_sentences(text))
    again = dates.find_dates(text, today, [m.context for m in classified])
    assert [dataclasses.astuple(m) for m in classified] == [dataclasses.astuple(m) for m in again]
    assert {m.context for m in classified} == {"deadline", "past", "date"}


def _cut_alternations() -> list[Alternation]:
    holders = [*RULES.concepts.values(), *(loaded.check for loaded in RULES.rules.values())]
    return [value for holder in holders for value in vars(holder).values() if isinstance(value, Alternation)]


def test_an_alternation_searched_in_pieces_finds_what_the_whole_finds(long_text: str) -> None:
    """Every shipped alternation cut into pieces, on every corpus text alone and on all of them in one."""
    cut_ones = _cut_alternations()
    assert len(cut_ones) >= 15  # (the deadline, thanks, request concepts…: else the pieces buy nothing)
    texts = [*corpus_texts(), long_text]
    found = 0
    for alternation in cut_ones:
        for text in texts:
            expected = [m.span() for m in alternation.whole.finditer(text)]
            assert [m.span() for m in finditer(alternation, text, 5.0)] == expected, alternation.pattern
            found += len(expected)
    assert found > 1_000


@pytest.mark.parametrize(
    ("branches", "pieces"),
    [
        # Phrases and narrowly led branches together; a branch that can start on any kanji alone.
        (["納期", "(?:至急)", r"(?:[\p{Han}ー]{1,8}までに)", "(?:締め?切り?)", "(?:[0-9]+日)"],
         [["納期", "(?:至急)"], [r"(?:[\p{Han}ー]{1,8}までに)"], ["(?:締め?切り?)", "(?:[0-9]+日)"]]),
        (["(?:[^。]*ますか)", "(?:.お願い)", "(?<!ご)(?:確認)"],
         [["(?:[^。]*ますか)"], ["(?:.お願い)"], ["(?<!ご)(?:確認)"]]),
    ],
)
def test_an_alternation_is_cut_where_a_branch_can_start_anywhere(branches: list[str], pieces: list[list[str]]) -> None:
    whole = regex.compile("|".join(branches))
    alternation = cut(whole, branches)
    assert isinstance(alternation, Alternation)
    assert [piece.pattern for piece in alternation.pieces] == ["|".join(piece) for piece in pieces]


@pytest.mark.parametrize(
    "branches",
    [
        ["お願い", "(?:ご確認)"],  # every branch led by known characters: one piece
        ["(お)願い", r"(?:[\p{Han}]+です)"],  # a group: its number counts the branches before it
        ["(?:お願い)", r"(?:[\p{Han}]*)"],  # a branch that matches the empty string
        ["(?:お願い)", r"(?:\m単語)"],  # syntax the parser does not read
        [r"(?:[\p{Han}]+です)"],
    ],
)
def test_an_alternation_that_cannot_be_cut_safely_is_searched_whole(branches: list[str]) -> None:
    whole = regex.compile("|".join(branches))
    assert cut(whole, branches) is whole


def test_pieces_merge_to_the_leftmost_match_and_the_earliest_branch_at_one_place() -> None:
    branches = ["(?:お願い)", r"(?:[\p{Han}]{1,3}お願い)", "(?:願いします)", r"(?:\p{Han}+)"]
    whole = regex.compile("|".join(branches))
    alternation = cut(whole, branches)
    assert isinstance(alternation, Alternation) and len(alternation.pieces) == 4
    text = "確認お願いします。至急お願い、資料、願いします"
    assert [m.group() for m in finditer(alternation, text, 5.0)] == [m.group() for m in whole.finditer(text)] == [
        "確認お願い", "至急お願い", "資料", "願いします",
    ]
