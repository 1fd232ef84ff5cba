"""Each check kind, through small rules written for the test (the shipped rules test themselves)."""

from __future__ import annotations

from pathlib import Path

import pytest

from teinei.linter import Linter

from .test_ruleset_load import write_rule

HEAD = """\
severity: warning
description: テスト用の規則です。
message: 「{match}」
suggest: 直しましょう。
examples:
  bad: [x]
  good: [y]
"""


def lint_with(tmp_path: Path, rule_id: str, body: str, text: str, **kwargs) -> list[tuple]:
    write_rule(tmp_path, f"{rule_id}.yaml", HEAD + body)
    linter = Linter(rules_dirs=[tmp_path], select=[rule_id], **kwargs)
    return [(f.line, f.column, text.split("\n")[f.line - 1][f.column - 1 : f.end_column - 1]) for f in linter.lint(text).findings]


def test_phrase_literals_regex_and_exclude(tmp_path: Path) -> None:
    body = "kind: phrase\nphrases: [一部]\nregex: ['[0-9]+個ほど']\nexclude: [一部上場]\n"
    text = "一部上場の会社です。\n一部だけ、3個ほど直します。"
    assert lint_with(tmp_path, "scope/t", body, text) == [(2, 1, "一部"), (2, 6, "3個ほど")]


def test_pattern_conjugation_optional_repeat_and_not(tmp_path: Path) -> None:
    body = (
        "kind: pattern\npatterns:\n"
        "  - [{pos1: 動詞, cform: 命令形, not: {lemma: [下さる, 為さる]}}]\n"
        "  - [{lemma: 仰る}, {lemma: れる}, {pos1: 助動詞, repeat: true, optional: true}]\n"
    )
    text = "教えろ。ご確認ください。\n社長がおっしゃられました。おっしゃられて"
    assert lint_with(tmp_path, "keigo/t", body, text) == [
        (1, 1, "教えろ"), (2, 4, "おっしゃられました"), (2, 14, "おっしゃられ"),
    ]


def test_pattern_regex_values_and_anchor(tmp_path: Path) -> None:
    body = "kind: pattern\nanchor: sentence_start\npatterns:\n  - [{surface: な}, {surface: の}, {surface: で}]\n"
    text = "なので、明日伺います。雨なので中止です。"
    assert lint_with(tmp_path, "wording/t", body, text) == [(1, 1, "なので")]


def test_substitution_yields_fix(tmp_path: Path) -> None:
    body = "kind: substitution\nswap: {了解しました: 承知しました}\nswap_regex: {'すい?ません(でした)?': '申し訳ございません\\1'}\n"
    write_rule(tmp_path, "keigo/t.yaml", HEAD + body)
    linter = Linter(rules_dirs=[tmp_path], select=["keigo/t"])
    findings = linter.lint("了解しました。すいませんでした。").findings
    assert [(f.fix.replacement, f.fix.start, f.fix.end) for f in findings] == [
        ("承知しました", 0, 6), ("申し訳ございませんでした", 7, 15),
    ]
    assert linter.fix("了解しました。すいませんでした。")[0] == "承知しました。申し訳ございませんでした。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("見積書を送ってください。", [(1, 5, "送ってください")]),
        ("お手数ですが、見積書を送ってください。", []),
        ("見積書を送ってください。\nお手数ですが、請求書も送ってください。", [(1, 5, "送ってください")]),
    ],
)
def test_requirement_sentence_scope(tmp_path: Path, text: str, expected: list) -> None:
    body = "kind: requirement\nscope: sentence\nwhen: [request]\nrequire: [cushion]\n"
    assert lint_with(tmp_path, "curt/t", body, text) == expected


def test_requirement_message_scope_with_unless(tmp_path: Path) -> None:
    body = "kind: requirement\nwhen: [request]\nrequire: [deadline]\nunless: [apology]\n"
    assert lint_with(tmp_path, "deadline/t", body, "資料を送ってください。") == [(1, 4, "送ってください")]
    assert lint_with(tmp_path, "deadline/t", body, "資料を\n明日までに送ってください。") == []
    assert lint_with(tmp_path, "deadline/t", body, "すみません、資料を送ってください。") == []


def test_metric_message_and_sentence_scope_and_counts(tmp_path: Path) -> None:
    one_line = "kind: metric\nwhen: {sentences: {max: 1}, characters: {max: 20}}\nunless: [greeting]\n"
    assert lint_with(tmp_path, "curt/t", one_line, "進捗を教えてください") == [(1, 1, "進捗を教えてください")]
    assert lint_with(tmp_path, "curt/t", one_line, "お世話になっております。") == []
    assert lint_with(tmp_path, "curt/t", one_line, "進捗を教えてください。\n至急です。") == []
    counted = "kind: metric\nwhen: {'count:apology': {min: 2}}\n"
    text = "すみません。申し訳ございません。お詫びします。"
    assert lint_with(tmp_path, "keigo/t", counted, text) == [(1, 7, "申し訳")]
