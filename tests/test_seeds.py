"""The incidents of the seed stories (shared/seeds), as messages: every one a message check could have
prevented is caught, with the exact rules, and the good examples of the stories pass."""

from __future__ import annotations

import datetime as dt

import pytest

from teinei.linter import Linter
from teinei.ruleset.model import Severity

# The seed mail's 12月4日(金) is a Friday in 2026: the reference date must put it in that year.
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(today=TODAY)


def _rules(linter: Linter, text: str, profile: str, level: Severity = Severity.INFO) -> list[tuple[str, str]]:
    result = linter.lint(text, profile=profile)
    return [(f.rule, text[f.start : f.end]) for f in result.at_least(level)]


@pytest.mark.parametrize(
    ("text", "profile", "expected"),
    [
        # 「進捗を教えてください」 sent alone: a one-line message, and no date for the answer.
        (
            "進捗を教えてください",
            "external",
            [
                ("curt/one-line", "進捗を教えてください"),
                ("curt/te-request", "教えてください"),
                ("deadline/missing", "教えてください"),
            ],
        ),
        (
            "進捗を教えてください",
            "internal",
            [("curt/one-line", "進捗を教えてください"), ("deadline/missing", "教えてください")],
        ),
        # The reply that made things worse: when will it be done?
        (
            "順次作成をしておりますので、完成までもうしばらくお待ちください。",
            "external",
            [("deadline/vague", "順次"), ("deadline/vague", "もうしばらく")],
        ),
        # The dismissal, with a vague 「とか」.
        (
            "追加の画像とかもういいです。",
            "external",
            [
                ("curt/one-line", "追加の画像とかもういいです。"),
                ("scope/vague", "とか"),
                ("curt/blunt-refusal", "もういいです"),
            ],
        ),
        # The contractor who vanished at year end.
        ("今すぐ対応できません。キャンセルしますか？", "external", [("curt/blunt-refusal", "対応できません")]),
        ("今すぐ対応できません。キャンセルしますか？", "chat", [("curt/blunt-refusal", "対応できません")]),
        # 「無料では出来ません」 where an alternative would have kept the customer.
        (
            "無料では出来ません。",
            "external",
            [("curt/one-line", "無料では出来ません。"), ("curt/blunt-refusal", "では出来ません")],
        ),
    ],
)
def test_seed_incident_is_caught_by_exactly_these_rules(linter, text, profile, expected) -> None:
    assert _rules(linter, text, profile) == expected


def test_the_angry_mail_of_the_first_story() -> None:
    text = (
        "追加の画像とかもういいです。\n"
        "もともとサイト完成なんて求めていなません。\n"
        "\n"
        "どんな感じのサイトを作るのかアウトラインを提出してください。\n"
        "それを基に他の方に高いフィーを払ってしっかりしたものを作成します。\n"
    )
    findings = Linter(today=TODAY, select=["curt", "scope", "deadline", "acknowledgement"]).lint(text).findings
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("scope/vague", 1, 6),
        ("curt/blunt-refusal", 1, 8),
        ("curt/te-request", 4, 22),
        ("deadline/missing", 4, 22),
    ]


def test_the_template_with_placeholders_has_a_deadline(linter) -> None:
    text = "○日からお休みに入ります。年末公開の場合は○日までに必要な情報をお送りください。"
    for profile in ("external", "internal", "chat"):
        result = linter.lint(text, profile=profile)
        assert [f.rule for f in result.findings if f.category == "deadline"] == []
        assert result.at_least(Severity.WARNING) == []


def test_the_refusal_with_apology_and_alternative_passes(linter) -> None:
    text = "申し訳ございませんが、無料での対応はいたしかねます。〇〇円ほどいただければ対応いたします。"
    assert _rules(linter, text, "external") == []


COMPLETE_MAIL = """\
株式会社ミナト広告 制作部 高橋様

いつもお世話になっております。
ライトハウス出版の森田です。

先日は会社案内の原稿をお送りいただき、誠にありがとうございました。
内容を拝見し、社内でも大変好評でした。

つきましては、掲載用の写真を3点ご用意いただけますでしょうか。
恐れ入りますが、12月4日(金)17時までにお送りいただけますと幸いです。

お忙しいところ恐縮ですが、よろしくお願いいたします。

株式会社ライトハウス出版
編集部 森田 彩
"""


@pytest.mark.parametrize("profile", ["external", "internal", "chat"])
def test_the_complete_polite_mail_has_no_warning(linter, profile) -> None:
    """Greeting, thanks for the 原稿, a request with 12月4日(金)17時までに, closing: nothing to warn about."""
    result = linter.lint(COMPLETE_MAIL, profile=profile)
    assert [(f.rule, f.message) for f in result.at_least(Severity.WARNING)] == []


def test_the_complete_polite_mail_without_its_thanks_is_caught(linter) -> None:
    text = COMPLETE_MAIL.replace("、誠にありがとうございました。", "ました。")
    findings = [f for f in linter.lint(text).findings if f.category == "acknowledgement"]
    assert [(f.rule, f.line, f.column) for f in findings] == [("acknowledgement/missing-thanks", 6, 9)]
    assert findings[0].suggestions[0] == "冒頭にお礼を一文添えましょう。例：「原稿をお送りいただき、ありがとうございます。」"
