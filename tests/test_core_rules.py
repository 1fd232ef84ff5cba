"""The four core checks (curt, acknowledgement, scope, deadline) on whole Japanese mails: exact rule, line,
column, span and suggestion; and the engine features they rest on (token captures, pattern ``when``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from teinei.linter import Linter

from .conftest import found, run_cli
from .test_ruleset_load import write_rule

CORE = ["curt", "acknowledgement", "scope", "deadline/vague", "deadline/missing"]


@pytest.fixture(scope="module")
def core() -> Linter:
    return Linter(today=dt.date(2026, 11, 20), select=CORE)


def suggestions(linter: Linter, text: str, rule: str, profile: str = "external") -> list[str]:
    return next(f.suggestions for f in linter.lint(text, profile=profile).findings if f.rule == rule)


NEGOTIATION = """\
株式会社ミドリ 営業部 山本様

お世話になっております。
送っていただいた見積書ですが、金額がちょっと高いので、何点か見直していただけますか。
社内で検討した結果は、後日お知らせします。
よろしくお願いいたします。
"""


def test_a_mail_with_four_problems(core: Linter) -> None:
    assert found(core, NEGOTIATION) == [
        ("acknowledgement/missing-thanks", 4, 1, "送っていただいた見積書"),
        ("scope/open-list", 4, 19, "ちょっと"),
        ("scope/vague", 4, 28, "何点か"),
        ("deadline/missing", 4, 31, "見直していただけますか"),
        ("deadline/vague", 5, 12, "後日"),
    ]
    assert suggestions(core, NEGOTIATION, "acknowledgement/missing-thanks")[0] == (
        "冒頭にお礼を一文添えましょう。例：「見積書を送っていただき、ありがとうございます。」"
    )


def test_the_same_mail_written_well_is_quiet(core: Linter) -> None:
    text = """\
株式会社ミドリ 営業部 山本様

お世話になっております。
お見積書を送っていただき、ありがとうございます。
恐れ入りますが、単価と送料の2点について、11月28日(金)までにご再考いただけますでしょうか。
社内での検討結果は、12月3日(水)17時までにお知らせします。
よろしくお願いいたします。
"""
    assert found(core, text) == []


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        # thing and action: 原稿 / お送り
        ("原稿をお送りいただきました。画像も追加でお願いします。", "原稿をお送りいただきました", "「原稿をお送りいただき、ありがとうございます。」"),
        # a clause naming the thing after it
        ("ご注文いただいた封筒ですが、本日発送しました。", "ご注文いただいた封筒", "「封筒をご注文いただき、ありがとうございます。」"),
        ("作ってもらった議事録、2か所直してほしいです。", "作ってもらった議事録", "「議事録を作っていただき、ありがとうございます。」"),
        # the thing alone
        ("いただいた企画書について、社内で検討しております。", "いただいた企画書", "「企画書をいただき、ありがとうございます。」"),
        ("メールで受け取った請求書ですが、宛名が違っています。", "受け取った請求書", "「請求書をいただき、ありがとうございます。」"),
        # the deed alone
        ("ご依頼の件、11月28日(金)までに対応いたします。", "ご依頼の件", "「ご依頼いただき、ありがとうございます。」"),
        ("先日ご依頼いただいた件、社内で検討いたしました。", "ご依頼いただいた", "「ご依頼いただき、ありがとうございます。」"),
        ("ご質問いただいた件について回答いたします。", "ご質問いただいた", "「ご質問いただき、ありがとうございます。」"),
        ("先日のメールの件ですが、12月3日(水)で問題ございません。", "先日のメールの件", "「メールいただき、ありがとうございます。」"),
    ],
)
def test_acknowledgement_names_what_was_received(core: Linter, text: str, span: str, suggestion: str) -> None:
    result = core.lint(text, profile="internal")
    finding = next(f for f in result.findings if f.rule == "acknowledgement/missing-thanks")
    assert text[finding.start : finding.end] == span
    assert finding.suggestions[0] == f"冒頭にお礼を一文添えましょう。例：{suggestion}"
    assert finding.message == f"相手から受け取ったもの・してもらったこと（「{span}」）へのお礼や受領の確認がありません。"


@pytest.mark.parametrize(
    "text",
    [
        "資料をお送りいただき、ありがとうございます。内容を確認のうえ、明日ご連絡いたします。",
        "原稿を拝受いたしました。お送りいただき、ありがとうございます。12月5日(金)までに確認いたします。",
        "先日お送りいただいたアンケート結果を拝読いたしました。",
        # an apology answers the order it mentions
        "ご注文いただいた封筒の一部に印字のかすれがございました。誠に申し訳ございません。",
        # the writer's own acts, not something received
        "先日のお打ち合わせでご相談した企画書を、12月1日(月)までにお送りします。",
        "先ほどお送りした資料に誤りがありました。",
        "ご協力いただけますと幸いです。",
        # a cushion (恐縮ですが) or a request (助かります) is not thanks, but here there is thanks too
        "ご返信ありがとうございます。お忙しいところ恐縮ですが、よろしくお願いいたします。",
    ],
)
def test_acknowledgement_is_quiet_when_thanks_or_nothing_received(core: Linter, text: str) -> None:
    assert [f for f in core.lint(text).findings if f.category == "acknowledgement"] == []


def test_a_receipt_in_any_wording_still_owes_thanks(core: Linter) -> None:
    texts = {
        "原稿を拝受いたしました。12月5日(金)までに確認いたします。": (1, 4, "拝受いたしました"),
        "株式会社ミドリ 山本様\n\nお世話になっております。\n昨日、修正版の校正紙を受け取りました。\n引き続きよろしくお願いいたします。": (4, 12, "受け取りました"),
        "サンプル品が本日届きました。さっそく社内で試してみます。": (1, 7, "本日届きました"),
    }
    for text, (line, column, span) in texts.items():
        assert found(core, text) == [("acknowledgement/receipt-without-thanks", line, column, span)], text
    # A report to one's superior of what a third party sent is no receipt owed thanks.
    assert found(core, "部長、A社から見積書が届きました。共有フォルダに保存してあります。", profile="internal") == []


def test_a_reply_without_thanks_and_a_reminder(core: Linter) -> None:
    reply = "承知しました。では12月1日(月)の納品でお願いします。\n\n> 納品日を12月1日に変更させていただけないでしょうか。"
    assert found(core, reply) == [("acknowledgement/reply-without-thanks", 1, 1, "承知しました。")]
    assert suggestions(core, reply, "acknowledgement/reply-without-thanks") == [
        "冒頭にお礼を一文添えましょう。例：「ご連絡いただき、ありがとうございます。」「ご返信ありがとうございます。」"
    ]
    reminder = (
        "11月7日にお送りしたメールについて、念のため再度ご連絡いたしました。\n"
        "契約書へのご捺印を、11月21日(金)までにお願いできますでしょうか。\n\n"
        "> 契約書を2部郵送いたしました。ご捺印のうえ、1部ご返送ください。"
    )
    assert found(core, reminder) == []
    subject_only = "12月3日(水)10時からで問題ございません。当日は2名で伺います。"
    assert found(core, subject_only, subject="Re: お打ち合わせの日程") == [
        ("acknowledgement/reply-without-thanks", 1, 1, "12月3日(水)10時からで問題ございません。")
    ]


def test_one_line_suggests_a_whole_message_around_the_users_request(core: Linter) -> None:
    advice = (
        "宛名・挨拶・結びを添え、依頼はクッション言葉（お手数ですが、恐れ入りますが）と「〜いただけますでしょうか」の形に"
        "しましょう。報告や返事なら、結びは「引き続きよろしくお願いいたします。」が合います。"
    )
    # The rewrite is the whole message, built around the writer's own request, its date computed from the
    # reference date (Friday 11月20日; 11月23日 is a holiday) after the cushion, and a slot for the name.
    for text, softened in [
        ("進捗を教えてください", "お手数ですが、進捗を11月26日(木)までに教えていただけますでしょうか。"),
        ("確認お願いします。", "お手数ですが、11月26日(木)までにご確認をお願いできますでしょうか。"),
    ]:
        finding = next(f for f in core.lint(text).findings if f.rule == "curt/one-line")
        assert finding.suggestions == [advice]
        assert finding.fix is not None and finding.fix.applicability == "display"
        assert finding.fix.replacement == f"〇〇様\n\nいつもお世話になっております。\n{softened}\nよろしくお願いいたします。"


@pytest.mark.parametrize(
    ("text", "profile"),
    [
        ("進捗を教えてください", "chat"),
        ("順次作成をしておりますので、完成までもうしばらくお待ちください。", "external"),  # gives its reason
        ("本日は体調不良のため、お休みをいただきます。", "internal"),
        ("ご連絡ありがとうございました。", "external"),
        ("いつもお世話になっております。\n進捗を教えていただけますでしょうか。\nよろしくお願いいたします。", "external"),
    ],
)
def test_one_line_is_quiet(core: Linter, text: str, profile: str) -> None:
    assert [f.rule for f in core.lint(text, profile=profile).findings if f.rule == "curt/one-line"] == []


def test_refusals_need_an_apology_or_an_alternative(core: Linter) -> None:
    text = """\
お世話になっております。
ご提案いただいた仕様変更ですが、できません。
また、土曜日の配送はお受けできません。
納期の前倒しには応じられません。
"""
    assert [r for r in found(core, text) if r[0] == "curt/blunt-refusal"] == [
        ("curt/blunt-refusal", 2, 17, "できません"),
        ("curt/blunt-refusal", 3, 11, "お受けできません"),
        ("curt/blunt-refusal", 4, 9, "応じられません"),
    ]
    assert suggestions(core, text, "curt/blunt-refusal") == [
        "「申し訳ございませんが、〜いたしかねます。」とお詫びを添えて断りましょう。",
        "代わりの案を示しましょう。例：「申し訳ございませんが、無料での対応はいたしかねます。〇〇円ほどいただければ対応いたします。」"
        "「〇日以降であれば対応可能です。」",
    ]
    polite = """\
お世話になっております。
ご提案いただき、ありがとうございます。
誠に申し訳ございませんが、今月は生産ラインが埋まっており、対応いたしかねます。
12月8日(月)以降であれば対応可能ですので、ご検討いただけますと幸いです。
"""
    assert found(core, polite) == []


@pytest.mark.parametrize(
    "text",
    [
        "昨日からシステムにログインできません。",  # a report, not a refusal
        "ご入金がまだ確認できておりません。",
        "ご提案いただいた内容で結構です。",  # acceptance
        "もういい加減にしてほしいのですが、12月1日(月)までに対応をお願いします。",
    ],
)
def test_not_a_refusal(core: Linter, text: str) -> None:
    assert [f for f in core.lint(text, profile="chat").findings if f.rule == "curt/blunt-refusal"] == []


def test_bare_request_suggests_the_softened_request(core: Linter) -> None:
    text = "明日までに見積書を送ってください。"
    assert found(core, text) == [("curt/one-line", 1, 1, text), ("curt/te-request", 1, 10, "送ってください")]
    assert suggestions(core, text, "curt/te-request")[0] == (
        "「お手数ですが、送っていただけますでしょうか。」のように、クッション言葉を添えて問いかけの形にしましょう。"
    )
    # お／ご〜ください is softer: a hint, not a warning
    assert found(core, "明日までに見積書をお送りください。")[1:] == [("curt/bare-request", 1, 10, "お送りください")]
    softened = "恐れ入りますが、明日までに見積書をお送りいただけますでしょうか。"
    assert [f.rule for f in core.lint(softened).findings if f.rule == "curt/bare-request"] == []


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("写真とか会社のロゴとかをお送りいただけますか。", ["とか", "とか"]),
        ("予算は50万円あたりで考えております。", ["円あたり"]),
        ("パレット1枚あたり12,000円（税別）です。", []),
        ("一部の金額に誤りがあるようです。", ["一部"]),
        ("一部商品の価格を改定いたします。", []),
        ("会社案内とサービス資料を各一部お配りします。", []),
        ("年末の何かとご多忙な時期に恐れ入ります。", []),
        ("何か参考になる資料があれば、お送りいただけますか。", ["何か"]),
        ("何かございましたら、お気軽にご連絡ください。", []),
        ("ご注文金額の多少にかかわらず、送料は無料です。", []),
        ("納品日が多少遅れる可能性がございます。", ["多少"]),
        ("若干名を募集しております。", []),
        ("いろいろとお世話になりました。", []),
        ("会社概要、沿革などの原稿をお送りいただけますか。", ["など"]),
        ("電話番号・FAX番号などに変更はございません。", []),
    ],
)
def test_scope_judges_words_by_sense(core: Linter, text: str, spans: list[str]) -> None:
    result = core.lint(text, profile="chat")
    assert [text[f.start : f.end] for f in result.findings if f.category == "scope"] == spans


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("修正版は、完成し次第お送りいたします。", True),  # 次第 is a condition, not a date
        ("来月開催のセミナーについて、登壇者のプロフィールをお送りいただけますでしょうか。", True),
        ("本日お送りしたデータに誤りがございました。修正版は作り直してお送りいたします。", True),  # 本日: past
        ("ご都合のよい日時をお知らせください。", True),
        ("明日の朝会までに、工数を入力してもらえますか？", False),  # an event the reader knows
        ("掲載前に原稿をお送りいたしますので、ご確認をお願いいたします。", False),
        ("〇〇円ほどいただければ対応いたします。", False),  # an offer on the reader's condition
        ("ご依頼いただいた資料を添付にてお送りいたします。", False),  # sent with this message
        ("今後は納品書を必ず同封してください。", False),  # a standing instruction
        ("大変恐縮ではございますが、今回は辞退させていただきたく存じます。", False),  # the writer's own act
        ("12月9日(火)の会社説明会についてご案内いたします。", False),
        ("{{deadline}}までにご返信ください。", False),
    ],
)
def test_missing_deadline_reads_the_sentence(core: Linter, text: str, missing: bool) -> None:
    rules = [f.rule for f in core.lint(text, profile="chat").findings]
    assert ("deadline/missing" in rules) is missing


def test_vague_deadlines_and_other_senses(core: Linter) -> None:
    text = """\
お世話になっております。
原因を早急に調査し、追ってご報告いたします。
修正版は後日改めてお送りします。総件数は412件で、そのうち38件が該当しました。
本日は体調がすぐれないため、早めに失礼いたします。
"""
    assert [r for r in found(core, text) if r[0] == "deadline/vague"] == [
        ("deadline/vague", 2, 4, "早急"),
        ("deadline/vague", 2, 11, "追ってご報告"),
        ("deadline/vague", 3, 5, "後日"),
    ]


def test_cli_json_on_stdin() -> None:
    """End to end: the installed command, a mail on standard input, JSON out."""
    result = run_cli("check", "--format", "json", "--select", ",".join(CORE), "-", input=NEGOTIATION)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["line"], f["column"], f["end_column"]) for f in findings] == [
        ("acknowledgement/missing-thanks", 4, 1, 12),
        ("scope/open-list", 4, 19, 23),
        ("scope/vague", 4, 28, 31),
        ("deadline/missing", 4, 31, 42),
        ("deadline/vague", 5, 12, 14),
    ]


# Engine features the core rules rest on, through rules written for the test.

HEAD = """\
severity: warning
description: テスト用の規則です。
examples:
  bad: [x]
  good: [y]
"""


def test_token_captures_fill_messages_and_pattern_when(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "scope/t.yaml",
        HEAD
        + "kind: pattern\nmessage: 「{count}」個の「{thing}」\nsuggest: 「{thing}」を数で示しましょう。\n"
        + "when: [request]\n"
        + "patterns:\n  - [{pos1: 名詞, capture: thing, repeat: true}, {surface: を}, "
        + "{lemma: 何, capture: count}, {pos: 接尾辞, capture: count}, {surface: か}]\n",
    )
    linter = Linter(rules_dirs=[tmp_path], select=["scope/t"])
    text = "サンプルを何個か送ってください。見本を何個か用意しました。"
    findings = linter.lint(text).findings
    assert [(f.column, f.message, f.suggestions) for f in findings] == [
        (1, "「何個」個の「サンプル」", ["「サンプル」を数で示しましょう。"]),
    ]


def test_metric_counts_carry_captures_without_moving_the_finding(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "_concepts/verbs.yaml",
        "description: テスト用\ntokens:\n  - [{pos1: 動詞, capture: verb}]\n",
    )
    write_rule(
        tmp_path,
        "curt/t.yaml",
        HEAD + "kind: metric\nmessage: 「{verb}」\nsuggest: 直しましょう。\nwhen:\n  sentences: {max: 1}\n  count:verbs: {}\n",
    )
    linter = Linter(rules_dirs=[tmp_path], select=["curt/t"])
    finding = linter.lint("資料を送ります").findings[0]
    assert (finding.message, finding.column, finding.end_column) == ("「送り」", 1, 8)


def test_a_reply_may_refer_to_the_deadline_in_the_quoted_request() -> None:
    body = (
        "佐藤様\n\nお世話になっております。\n"
        "ご依頼いただきありがとうございます。お見積書を作成のうえ、お送りいたします。\n"
        "よろしくお願いいたします。\n\n"
    )
    linter = Linter(today=dt.date(2026, 11, 20))
    quoted = linter.lint(body + "> 12月4日(金)までにお見積りをお送りいただけますでしょうか。\n")
    assert [f.rule for f in quoted.findings] == []
    (finding,) = linter.lint(body + "> 先日はありがとうございました。\n").findings
    assert (finding.rule, finding.line, finding.column) == ("deadline/missing", 4, 30)
    assert body.splitlines()[3][29:] == "お送りいたします。"
