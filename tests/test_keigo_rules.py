"""The keigo and rudeness packs on whole messages: exact findings (rule, line, column, span), messages,
suggestions and fixes, every inflection of a pattern, and well-written mail on which nothing may fire."""

from __future__ import annotations

import pytest

from teinei.linter import Linter

from .conftest import TODAY, found

PACKS = ["keigo", "rudeness"]


@pytest.fixture(scope="module")
def packs() -> dict[str, Linter]:
    return {p: Linter(profile=p, select=PACKS, today=TODAY) for p in ("external", "internal", "chat")}


REPLY = """株式会社ヤマネ 営業部 大橋様

いつもお世話になっております。
株式会社コスギの平田です。

先日のお打ち合わせで大橋様がおっしゃられた条件をもとに、提案書を修正いたしました。
こちらが修正版の提案書になります。
資料のほう、ご確認していただけますと幸いです。
納品日は12月10日でよろしかったでしょうか。

なお、明日は弊社の鈴木がそちらにいらっしゃいます。
よろしくお願いいたします。
"""


def test_a_reply_with_six_keigo_mistakes(packs: dict[str, Linter]) -> None:
    assert found(packs["external"], REPLY) == [
        ("keigo/double-honorific", 6, 15, "おっしゃられた"),
        ("keigo/ni-narimasu", 7, 1, "こちらが修正版の提案書になります"),
        ("keigo/no-hou", 8, 3, "のほう、"),
        ("keigo/o-shite-itadaku", 8, 7, "ご確認して"),
        ("keigo/yoroshikatta", 9, 12, "よろしかった"),
        ("keigo/own-side-honorific", 11, 7, "弊社の鈴木がそちらにいらっしゃいます"),
    ]
    findings = {f.rule: f for f in packs["external"].lint(REPLY).findings}
    own = findings["keigo/own-side-honorific"]
    assert own.message == (
        "「いらっしゃいます」は尊敬語ですが、自分や自社の者の動作に使っています（「弊社の鈴木がそちらにいらっしゃいます」）。"
    )
    assert "「弊社の鈴木がいらっしゃいます」→「弊社の鈴木が伺います」" in own.suggestions[0]
    assert findings["keigo/o-shite-itadaku"].suggestions == [
        "「して」を取って「ご確認いただけますか」「ご確認ください」の形にしましょう。"
    ]
    # よろしかった → よろしい changes meaning when a past event is meant, so it is offered, not applied.
    assert findings["keigo/yoroshikatta"].fix.applicability == "unsafe"  # type: ignore[union-attr]
    fixed, applied = packs["external"].fix(REPLY)
    assert [f.rule for f in applied] == [
        "keigo/double-honorific", "keigo/no-hou", "keigo/o-shite-itadaku", "keigo/own-side-honorific",
    ]
    assert "大橋様がおっしゃった条件をもとに" in fixed
    assert "資料は、ご確認いただけますと幸いです。" in fixed
    assert "弊社の鈴木がそちらに参ります。" in fixed


APOLOGY = """株式会社ミナセ 藤田様

お世話になっております。
先日お送りいただいたカタログを拝見させていただきました。
一方で、納品が1日遅れてしまい、すみませんでした。
昨日は弊社の倉庫まで参られたと伺い、ご苦労様でございました。
代金は1万円からお預かりしましたので、領収書を同封いたします。
"""


def test_humble_words_apologies_and_baito_keigo_are_found_and_the_safe_ones_fixed(packs: dict[str, Linter]) -> None:
    assert found(packs["external"], APOLOGY) == [
        ("keigo/double-honorific", 4, 16, "拝見させていただきました"),
        ("keigo/sumimasen", 5, 17, "すみません"),
        ("keigo/humble-for-other", 6, 11, "参られた"),
        ("keigo/gokurousama", 6, 19, "ご苦労"),
        ("keigo/kara-oazukari", 7, 7, "から"),
    ]
    fixed, applied = packs["external"].fix(APOLOGY)
    assert [f.rule for f in applied] == [
        "keigo/double-honorific", "keigo/sumimasen", "keigo/gokurousama", "keigo/kara-oazukari",
    ]
    assert fixed.splitlines()[3:] == [
        "先日お送りいただいたカタログを拝見いたしました。",
        "一方で、納品が1日遅れてしまい、申し訳ございませんでした。",
        "昨日は弊社の倉庫まで参られたと伺い、お疲れ様でございました。",
        "代金は1万円をお預かりしましたので、領収書を同封いたします。",
    ]
    # 参られた → いらっしゃった depends on who is meant: suggested, not fixed.
    assert found(packs["external"], fixed) == [("keigo/humble-for-other", 6, 11, "参られた")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("部長がおっしゃられる内容は理解しております。", "おっしゃられる"),
        ("部長がおっしゃられました。", "おっしゃられました"),
        ("部長がおっしゃられていた件です。", "おっしゃられ"),
        ("部長がおっしゃられないことも伺っております。", "おっしゃられない"),
        ("部長が仰られた件です。", "仰られた"),
        ("社長がいらっしゃられます。", "いらっしゃられます"),
        ("資料はお読みになられましたか。", "お読みになられました"),
        ("ご利用になられる際は、受付にお申し出ください。", "ご利用になられる"),
        ("明日、拝読させていただきます。", "拝読させていただきます"),
        ("ご依頼を承らせていただきました。", "承らせていただきました"),
    ],
)
def test_double_honorifics_are_caught_in_every_inflection(packs: dict[str, Linter], text: str, span: str) -> None:
    assert [(r, s) for r, _, _, s in found(packs["external"], text)] == [("keigo/double-honorific", span)]


@pytest.mark.parametrize(
    "text",
    [
        "先日のお打ち合わせで大橋様がおっしゃった条件をもとに修正いたしました。",
        "4月から部長になられたと伺いました。",  # なる + honorific られる: one honorific, correct
        "新しくご担当になられた山田様にもよろしくお伝えください。",
        "11月20日(木) 10時に御社へお伺いいたします。",  # established usage
        "どうぞお召し上がりください。",
        "私もおっしゃるとおりだと思います。",
        "私がお送りした資料をご覧になりましたか。",
        "弊社にいらっしゃる際は、受付でお名前をお伝えください。",
        "部長の田中が申しておりました。",
        "先方に納期を伺ってまいります。",
        "寒くなってまいりました。",
        "消費税を含めて330,000円になります。",
        "こちらの料金は4月1日から改定後の価格になります。",
        "AプランよりBプランのほうが、年間の保守費用を抑えられます。",
        "先日のお料理はよろしかったでしょうか。",
        "大変なご苦労をおかけしました。",
        "ご自由にしていただいて構いません。",
        "12月10日までにお振込みが確認できない場合は、ご注文をキャンセルさせていただきます。",
        "いずれにせよ、明日までにご連絡いたします。",
        "先方から、早く送れと言われました。",
        "画面が表示されないのですが、なぜでしょうか。",
        "普通郵便でお送りしました。",
        "株式会社ミナト(東京都港区)の高橋です。",
    ],
)
def test_correct_keigo_and_polite_phrasing_stay_quiet(packs: dict[str, Linter], text: str) -> None:
    assert found(packs["external"], text) == []


CLAIM = """株式会社ナガセ 佐藤様

お世話になっております。
前にも言いましたが、請求書は必ず月末までにお送りください。
なぜ期日までにご提出いただけないのですか。
常識的に考えて、これ以上はお待ちできません。
今週中にご対応いただけない場合は、今回の発注をキャンセルいたします。
よろしくお願いします😊
"""


def test_blame_interrogation_lecturing_threat_and_emoji(packs: dict[str, Linter]) -> None:
    findings = packs["external"].lint(CLAIM).findings
    assert [(f.rule, f.line, f.column, f.severity.value, CLAIM[f.start : f.end]) for f in findings] == [
        ("rudeness/blame", 4, 1, "warning", "前にも言いましたが"),
        ("rudeness/pressure", 4, 15, "warning", "必ず月末までにお送りください"),
        ("rudeness/why-not", 5, 1, "warning", "なぜ期日までにご提出いただけないのですか"),
        ("rudeness/lecturing", 6, 1, "warning", "常識的に考えて"),
        ("rudeness/threat", 7, 18, "warning", "今回の発注をキャンセルいたします"),
        ("rudeness/emoji", 8, 11, "info", "😊"),
    ]
    assert findings[4].message == "「今回の発注をキャンセルいたします」は相手への圧力（脅し）として受け取られます。"
    # Emoji are a matter of register: fine in a chat with colleagues.
    assert [f.rule for f in packs["chat"].lint(CLAIM).findings] == [
        "rudeness/blame", "rudeness/why-not", "rudeness/lecturing", "rudeness/threat",
    ]


def test_imperatives_prohibitions_and_insults_in_chat(packs: dict[str, Linter]) -> None:
    text = "数字が合ってないぞ。早く確認しろ。\nお前の資料、間違いだらけだ。勝手に変更するな。\nいいから急げ。"
    assert found(packs["chat"], text) == [
        ("rudeness/imperative", 1, 15, "しろ"),
        ("rudeness/second-person", 2, 1, "お前"),
        ("rudeness/imperative", 2, 20, "するな"),
        ("rudeness/imperative", 3, 5, "急げ"),
    ]


def test_profiles_decide_what_counts_as_too_casual(packs: dict[str, Linter]) -> None:
    apology = "遅くなってすみません。"
    assert found(packs["external"], apology) == [("keigo/sumimasen", 1, 6, "すみません")]
    assert found(packs["chat"], apology) == []
    request = "先方に納期を伺ってください。"  # to a colleague: 伺う raises the client, as it should
    assert found(packs["internal"], request) == []
    assert found(packs["external"], "受付でお伺いください。") == [("keigo/humble-request", 1, 4, "お伺いください")]


def test_sentence_context_decides_whose_act_it_is(packs: dict[str, Linter]) -> None:
    # ご〜できる is humble: wrong when the customer is the one acting, right for our own act.
    assert found(packs["external"], "会員の方でしたらどなたでもご利用できます。") == [
        ("keigo/go-dekiru", 1, 14, "ご利用できます")
    ]
    assert found(packs["external"], "ご希望の方には、担当者からご連絡できます。") == []
    assert found(packs["external"], "明日の会議で詳細をご説明できます。") == []
    # 了解です is fine between colleagues in chat, not when answering a superior addressed by title.
    assert found(packs["chat"], "了解です！その資料、今日中に共有します。") == []
    text = "部長、了解です。明日の会議資料は私が準備します。"
    assert found(packs["chat"], text) == [("keigo/ryokai-superior", 1, 4, "了解です")]
    assert packs["chat"].fix(text)[0] == "部長、承知しました。明日の会議資料は私が準備します。"


def test_sasete_itadaku_is_counted_per_message(packs: dict[str, Linter]) -> None:
    three = (
        "資料を送付させていただきます。\n当日は受付を担当させていただきます。\n"
        "ご不明な点はご説明させていただきます。\n"
    )
    findings = packs["external"].lint(three).findings
    assert [(f.rule, f.severity.value, f.line, three[f.start : f.end]) for f in findings] == [
        ("keigo/sasete-itadaku-overuse", "info", 3, "させていただき")
    ]
    assert findings[0].message == "「させていただく」を3回使っています。"
    two = "資料を送付させていただきます。\n当日は受付を担当させていただきます。\n"
    assert found(packs["external"], two) == []


CLEAN = [
    """株式会社サンプル 営業部 山田様

いつもお世話になっております。
株式会社テストの佐々木でございます。

先日はお忙しいところ、弊社までお越しいただき誠にありがとうございました。
お打ち合わせの際に山田様がおっしゃっていた点を踏まえ、提案書を修正いたしました。
添付いたしますので、ご確認いただけますでしょうか。

来週のご訪問の件ですが、12月3日(水) 14時に御社へお伺いいたします。
当日は弊社の部長の田中も同席いたします。
田中からも、ぜひご挨拶を申し上げたいと申しておりました。

お手数をおかけいたしますが、どうぞよろしくお願いいたします。
""",
    """株式会社フジ 購買部 小林様

いつもお世話になっております。
ご注文いただいた商品の発送が遅れており、大変申し訳ございません。
遅くとも11月28日(金)までにはお届けできる見込みです。
お急ぎの場合は一部を先にお送りすることもできますので、お申し付けください。
今後は同様のことがないよう、在庫管理を見直してまいります。
""",
    """お客様各位

平素より格別のお引き立てを賜り、厚く御礼申し上げます。
12月29日から1月3日までは休業とさせていただきます。
休業期間中にいただいたお問い合わせには、1月4日以降に順次回答いたします。
ご予約の変更やキャンセルをご希望の場合は、前日までにご連絡ください。
""",
]


@pytest.mark.parametrize("text", CLEAN)
def test_well_written_mail_gets_no_keigo_or_rudeness_finding(packs: dict[str, Linter], text: str) -> None:
    assert found(packs["external"], text) == []
