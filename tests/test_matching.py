"""The indexed token matcher finds exactly what a token-by-token scan finds, for every shipped pattern."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from teinei.analysis import Analysis
from teinei.checks.text_pattern import Spans, inside
from teinei.checks.token_pattern import compile_sequences
from teinei.inputs import text_document
from teinei.intervals import Intervals
from teinei.ruleset.load import read_rules
from teinei.ruleset.model import TokenCondition
from teinei.token_needs import need_bits
from teinei.tokens import Sentence, split_sentences, tokenize_line

from .conftest import ROOT

RULES = read_rules()


def sequences() -> list[tuple[str, object]]:
    found = [(f"concept {name}", seq) for name, concept in RULES.concepts.items() for seq in concept.sequences]
    for rule_id, loaded in RULES.rules.items():
        found.extend((rule_id, seq) for seq in getattr(loaded.check, "sequences", ()))
    return found


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    for corpus in sorted((ROOT / "tests" / "corpus").glob("*.yaml")):
        items = yaml.safe_load(corpus.read_text(encoding="utf-8"))["items"]
        texts.extend(item["text"] for item in items[::3])
    texts.append("{{ name }}様\n○○の件、\n\n資料を\nお送りいただき、ありがとうございます！　以上")
    # One long text too: its start tokens are many, so matches are looked for only near the rarest tokens.
    texts.append("\n\n".join(texts)[:40_000])
    return [Analysis.of(text_document(t), "external", dt.date(2026, 11, 20)) for t in texts]


def test_search_equals_a_scan_of_every_token(analyses: list[Analysis]) -> None:
    """The indexed search finds what trying every token of every sentence finds (over the sentences' type
    numbers: the matcher on tokens is compared with the one on types in test_fast_paths)."""
    checked = 0
    for label, sequence in sequences():
        for analysis in analyses:
            indexed = [(s.index, first, last) for s, first, last in sequence.search(analysis)]
            memos = sequence.type_tests(analysis.table)
            scanned = [(s.index, a, b) for s in analysis.sentences for a, b in sequence.finditer_types(s.types, memos)]
            assert indexed == scanned, label
            checked += len(scanned)
    assert checked > 500  # the corpus exercises the patterns, not only their absence


# Hand-written sequences for the reach before an anchor: a broad first step, a repeat before the word (no
# bound on the reach), two words to choose from, a word that is the first step, and no required step at all.
_REACH = [
    [{"pos1": ["動詞", "名詞"]}, {"surface": ["て", "で"], "optional": True}, {"lemma": "下さる"}],
    [{"pos": "接頭辞", "optional": True}, {"pos1": "名詞", "repeat": True}, {"surface": "を"}, {"pos1": "動詞"},
     {"lemma": "ます", "optional": True}, {"lemma": "た"}],
    [{"lemma": "御"}, {"pos1": "名詞"}, {"surface": "を", "optional": True}, {"lemma": "願う"}],
    [{"pos1": "名詞", "optional": True, "repeat": True}, {"pos1": "助詞", "optional": True}],
]
_REACH_TEXTS = [
    "資料を送ってください。ご確認ください、見てください。",
    "原稿をお送りいただきました。昨日は資料を送りました、図面をもらった。",
    "ご確認をお願いします。ご確認お願いいたします。ご検討ご確認をお願いします。",
    "確認してください確認してください。\n\n議事録の修正を行いました。",
]


def test_search_from_the_rarest_word_finds_what_a_scan_finds(analyses: list[Analysis]) -> None:
    """Matches are looked for only within reach before a token of a step that names a word; on hand-written
    sequences whose reach is bounded, unbounded (a repeat before the word) or made of optional steps only,
    the search still finds what trying every token finds, and finds some."""
    found = 0
    for index, steps in enumerate(_REACH):
        sequence = compile_sequences([[TokenCondition.model_validate(step) for step in steps]], "tokens")[0]
        texts = [Analysis.of(text_document(t), "external", dt.date(2026, 11, 20)) for t in _REACH_TEXTS]
        for analysis in [*texts, *analyses[:30]]:
            indexed = [(s.index, first, last) for s, first, last in sequence.search(analysis)]
            memos = sequence.type_tests(analysis.table)
            scanned = [(s.index, a, b) for s in analysis.sentences for a, b in sequence.finditer_types(s.types, memos)]
            assert indexed == scanned, index
            found += len(scanned)
    # (step, fewest tokens before it, most: None past a repeat), the steps naming the fewest words first
    anchors = [s.anchors for s in compile_sequences(
        [[TokenCondition.model_validate(step) for step in steps] for steps in _REACH], "tokens")]
    assert anchors == [[(2, 1, 2)], [(2, 1, None), (5, 3, None)], [(0, 0, 0), (3, 2, 3)], []]
    assert found > 100


def test_sentences_keep_tokens_as_types_and_offsets() -> None:
    text = "ＸＸＸＸ様\r\nいつもお世話になっております。山田です。\n資料を\nお送りいただき、"
    sentences = split_sentences(text, [(0, 4)])
    assert [s.text(text) for s in sentences] == [
        "ＸＸＸＸ様", "いつもお世話になっております。", "山田です。", "資料を\nお送りいただき、",
    ]
    for sentence in sentences:
        tokens = sentence.tokens
        assert [(t.start, t.end) for t in tokens] == [(sentence.starts[i], sentence.token_end(i)) for i in range(len(sentence))]
        assert [text[t.start : t.end] for t in tokens] == [t.surface for t in tokens]
        assert [t.placeholder for t in tokens] == [t.end <= 4 for t in tokens]
    assert sentences[0].tokens[0].surface == "ＸＸＸＸ" and sentences[0].tokens[0].placeholder
    # A sentence built by hand from tokens keeps them (and gives them types) as given.
    line = tokenize_line("ご確認ください", 40)
    manual = Sentence(40, 47, line, 0)
    assert manual.tokens is line
    assert [manual.table.protos[k].lemma for k in manual.types] == [t.lemma for t in line]
    assert [manual.token_end(i) for i in range(len(manual))] == [t.end for t in line]


def test_spans_answer_inside_like_a_scan() -> None:
    pairs = [(0, 4), (2, 9), (12, 12), (15, 30), (16, 18)]
    spans = Spans(pairs)
    for start in range(0, 32):
        for end in range(start, 33):
            assert inside(start, end, spans) == any(s <= start and end <= e for s, e in pairs), (start, end)



def test_intervals_answer_overlap_and_containment_like_a_scan() -> None:
    """The one index behind placeholders, concept overlaps and ``exclude`` spans; spans given out of order."""
    pairs = [(15, 30), (0, 4), (12, 12), (2, 9), (16, 18), (2, 3)]
    index = Intervals(pairs)
    for start in range(0, 32):
        for end in range(start, 33):
            assert index.overlaps(start, end) == any(s < end and start < e for s, e in pairs), (start, end)
            assert index.contain(start, end) == any(s <= start and end <= e for s, e in pairs), (start, end)


def test_feature_values_are_the_values_types_by_groups(analyses: list[Analysis]) -> None:
    """The requirement test reads a text's feature values without grouping its types; both say the same."""
    for analysis in analyses[:40]:
        for feature in ("lemma", "surface", "pos1", "pos2", "cform", "base"):
            assert analysis.values[feature] == frozenset(analysis.types_by(feature)), feature


def test_a_texts_need_bits_rule_out_exactly_the_sequences_a_need_of_which_is_missing(analyses: list[Analysis]) -> None:
    """Once every sequence's needs are numbered, a new text's bits decide (no sequence is asked the slow way)
    and decide as asking each need of the text's feature values does, for a sequence alone and for a rule's
    sequences together; what they rule out holds no match."""
    table = analyses[0].table
    needs = need_bits(table)
    needs.present(analyses[0])  # (the first text a table reads numbers no need)
    every = [(label, sequence, sequence.need_mask(needs)) for label, sequence in sequences()]
    fresh = [Analysis.of(a.document, a.profile, a.today) for a in analyses[:60]]
    ruled_out = kept = 0
    for label, sequence, bits in every:
        memos = sequence.type_tests(table)
        for analysis in fresh:
            count, present = needs.present(analysis)
            assert not bits >> count, label
            possible = bits & present == bits
            assert possible == all(not v.isdisjoint(analysis.values[n]) for n, v in sequence.needs), label
            if not possible:
                ruled_out += 1
                assert not any(next(sequence.finditer_types(s.types, memos), None) for s in analysis.sentences)
            else:
                kept += 1
    assert ruled_out > 5_000 and kept > 500
    # A rule's or a concept's sequences leave out, in one go, those their bits rule out (answers kept).
    groups = [concept.sequences for concept in RULES.concepts.values()]
    groups += [loaded.check.sequences for loaded in RULES.rules.values() if hasattr(loaded.check, "sequences")]
    for analysis in fresh:
        for group in groups:
            expected = [i for i, s in enumerate(group) if all(not v.isdisjoint(analysis.values[n]) for n, v in s.needs)]
            assert list(group.possible(analysis)) == expected
            assert list(group.possible(analysis)) == expected  # (kept)
