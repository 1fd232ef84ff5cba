"""What the lint path remembers across texts (issue 17) changes no finding: a line's remembered types are
what MeCab gives it, the memo stays bounded, and one ``Linter`` shared by threads finds what it finds alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from teinei import tokens
from teinei.linter import Linter

from .conftest import TODAY

TEXTS = [
    "株式会社サンプル\n佐藤様\n\nお世話になっております。\n資料を12月5日(金)までにお送りください。\nよろしくお願いいたします。",
    "了解しました。明日伺います。\n取り急ぎご連絡まで。",
    "先日お送りした資料ですが、\nご確認いただけましたでしょうか。\nお手数ですが、ご返信ください。",
    "{{ customer_name }}様\n\nいつもお世話になっております。\n完成までもうしばらくお待ちください。",
    "お世話になっております。\n見積書を添付いたします。\nご査収のほど、よろしくお願いいたします。",
]


def _findings(linter: Linter, text: str) -> list[tuple[object, ...]]:
    return [(f.rule, f.line, f.column, f.start, f.end, f.message, f.fix) for f in linter.lint(text)]


def test_a_remembered_line_has_the_tokens_mecab_gives_it(monkeypatch: pytest.MonkeyPatch) -> None:
    line = "資料を12月5日(金)までにお送りください。"
    first = tokens.tokenize_line(line, 7)
    assert line in tokens.type_table().lines
    again = tokens.tokenize_line(line, 7)  # from the memo
    monkeypatch.setattr(tokens, "_REMEMBERED_LINE", 0)
    tokens.type_table().lines.pop(line)
    fresh = tokens.tokenize_line(line, 7)  # tagged again
    assert first == again == fresh
    assert [t.start for t in fresh][:2] == [7, 9]


def test_the_line_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_REMEMBERED_LINES", 3)
    for number in range(10):
        tokens.tokenize_line(f"{number}件目の資料をお送りします。", 0)
        assert len(tokens.type_table().lines) <= 3


def test_a_placeholder_line_is_remembered_without_its_placeholder() -> None:
    line = "Ｘ           までにご返信ください。"
    tokens.tokenize_line(line, 0)
    inside = tokens.tokenize_line(line, 0, [(0, 12)])
    outside = tokens.tokenize_line(line, 0)
    assert inside[0].placeholder and not outside[0].placeholder
    assert [t.surface for t in inside] == [t.surface for t in outside]


def test_a_linter_shared_by_threads_finds_what_it_finds_alone() -> None:
    linter = Linter(today=TODAY)
    alone = [_findings(linter, text) for text in TEXTS]
    work = TEXTS * 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        shared = list(pool.map(lambda text: _findings(linter, text), work))
    assert shared == alone * 8
    assert any(alone)


def test_the_compiled_rule_sets_a_process_keeps_stay_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server whose rule files are edited all day keeps the last few rule sets, the one in use among them."""
    from teinei.ruleset import compiled

    monkeypatch.setattr(compiled, "_KEPT_RULE_SETS", 2)
    monkeypatch.setattr(compiled, "_rule_sets", {})
    rule = tmp_path / "rules" / "wording" / "word.yaml"
    rule.parent.mkdir(parents=True)
    for number in range(4):
        rule.write_text(
            f"description: 試験用の規則。\nmessage: 「{{match}}」を見直しましょう。\nsuggest: 書き直しましょう。\n"
            f"kind: phrase\nphrases: [語{number}]\nexamples:\n  bad: [語{number}です。]\n  good: [よろしくお願いいたします。]\n",
            encoding="utf-8",
        )
        linter = Linter(rules=str(tmp_path / "rules"), select="wording/word", today=TODAY)
        assert [f.rule for f in linter.lint(f"語{number}です。")] == ["wording/word"]
        assert len(compiled._rule_sets) <= 2
        assert linter.ruleset is list(compiled._rule_sets.values())[-1]
