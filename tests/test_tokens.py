"""The tokenizer wrapper: offsets, UniDic features and sentence grouping."""

from __future__ import annotations

from teinei.tokens import split_sentences, tokenize_line


def test_offsets_round_trip_on_mixed_japanese_and_ascii() -> None:
    text = "12月5日(金)17:00までに ABC社 の見積書をsendしてください。"
    tokens = tokenize_line(text, 0)
    assert [text[t.start : t.end] for t in tokens] == [t.surface for t in tokens]
    assert "".join(t.surface for t in tokens) == text.replace(" ", "")
    abc = next(t for t in tokens if t.surface == "ABC")
    assert (abc.start, abc.end) == (text.index("ABC"), text.index("ABC") + 3)


def test_offsets_with_document_offset_and_unknown_words() -> None:
    tokens = tokenize_line("Zoomで打ち合わせ", 100)
    assert tokens[0].surface == "Zoom" and (tokens[0].start, tokens[0].end) == (100, 104)
    assert tokens[0].lemma == "Zoom"  # unknown to UniDic: lemma falls back to the surface


def test_unidic_features_lemma_conjugation_and_pos() -> None:
    tokens = tokenize_line("教えろ。おっしゃられました", 0)
    oshiero = tokens[0]
    assert (oshiero.lemma, oshiero.cform, oshiero.pos1) == ("教える", "命令形", "動詞")
    ossharu = tokens[2]
    assert (ossharu.lemma, ossharu.base, ossharu.ctype) == ("仰る", "おっしゃる", "五段-ラ行")
    assert tokens[3].lemma == "れる"


def test_ranuki_keeps_written_base_apart_from_lemma() -> None:
    (token,) = [t for t in tokenize_line("見れる", 0) if t.pos1 == "動詞"]
    assert (token.lemma, token.base) == ("見る", "見れる")


def test_pos_joins_levels() -> None:
    assert tokenize_line("進捗", 0)[0].pos == "名詞-普通名詞-サ変可能"


def test_sentences_split_on_terminators_and_blank_lines_but_join_wrapped_lines() -> None:
    text = "いつもお世話になっております。山田です。\n資料を\nお送りいただき、ありがとうございます！\n\n以上"
    sentences = [s.text(text) for s in split_sentences(text)]
    assert sentences == [
        "いつもお世話になっております。",
        "山田です。",
        "資料を\nお送りいただき、ありがとうございます！",
        "以上",
    ]


def test_crlf_offsets() -> None:
    text = "一行目です。\r\n二行目です。\r\n"
    sentences = split_sentences(text)
    assert [s.text(text) for s in sentences] == ["一行目です。", "二行目です。"]
    assert sentences[1].start == text.index("二")
