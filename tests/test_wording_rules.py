"""The wording pack on whole messages: exact findings and fixes, ら抜き told apart from the correct potential
forms of godan verbs through UniDic features, and the profiles in which casual wording is fine."""

from __future__ import annotations

import pytest

from teinei.linter import Linter

from .conftest import TODAY, found


@pytest.fixture(scope="module")
def wording() -> dict[str, Linter]:
    return {p: Linter(profile=p, select=["wording"], today=TODAY) for p in ("external", "internal", "chat")}


NOTE = """山本さん

お疲れさまです。
会議の資料は、共有フォルダからいつでも見れます。
明日の打ち合わせには、何時ごろ来れますか。
報告書は私が書かさせていただきます。
現在、担当者が確認してるところです。
やっぱり今回の予算内で収めるのは難しいです。
なので、来週また相談させてください。
"""


def test_an_internal_note_with_six_wording_problems(wording: dict[str, Linter]) -> None:
    assert found(wording["internal"], NOTE) == [
        ("wording/ra-nuki", 4, 20, "見れます"),
        ("wording/ra-nuki", 5, 16, "来れます"),
        ("wording/sa-ire", 6, 7, "書かさせ"),
        ("wording/i-nuki", 7, 10, "してる"),
        ("wording/colloquial", 8, 1, "やっぱり"),
        ("wording/sentence-initial-nanode", 9, 1, "なので"),
    ]
    findings = wording["internal"].lint(NOTE).findings
    assert findings[0].message == "「見れます」はら抜き言葉です。"
    assert findings[2].suggestions == ["「さ」を取って「書かせ」にしましょう。"]
    fixed, applied = wording["internal"].fix(NOTE)
    assert len(applied) == 6
    assert fixed.splitlines()[3:] == [
        "会議の資料は、共有フォルダからいつでも見られます。",
        "明日の打ち合わせには、何時ごろ来られますか。",
        "報告書は私が書かせていただきます。",
        "現在、担当者が確認しているところです。",
        "やはり今回の予算内で収めるのは難しいです。",
        "そのため、来週また相談させてください。",
    ]
    assert found(wording["internal"], fixed) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("資料はいつでも見れます。", "見れます"),
        ("明日は来れません。", "来れません"),
        ("昼食も食べれます。", "食べれます"),
        ("十分考えれる選択肢です。", "考えれる"),
        ("昨夜はほとんど寝れませんでした。", "寝れません"),
        ("その時間は電話に出れません。", "出れません"),
        ("制服は更衣室で着れます。", "着れます"),
        ("その資料は借りれますか。", "借りれます"),
        ("これで安心して任せれる。", "任せれる"),
        ("信じれない結果です。", "信じれない"),
        ("明日の朝会、出れなさそうです。", "出れなさ"),
    ],
)
def test_ra_nuki_in_any_verb_and_inflection(wording: dict[str, Linter], text: str, span: str) -> None:
    assert [(r, s) for r, _, _, s in found(wording["chat"], text)] == [("wording/ra-nuki", span)]


@pytest.mark.parametrize(
    "text",
    [
        # potential forms of godan verbs are correct, whatever the kana before れる/える
        "新しい倉庫なら在庫を多く取れます。",
        "この商品は店頭でもよく売れています。",
        "明日は15時までに御社へ行けます。",
        "本日中に資料を作れます。",
        "来週には帰れる見込みです。",
        "12月までには終われると思います。",
        "会場まで走れる距離です。",
        "日本語で書けます。",
        # the correct forms, and words that only look alike
        "資料はいつでも見られます。",
        "明日は来られません。",
        "資料を見れば分かります。",
        "お茶をいれる準備をしております。",
        "ご意見を取り入れるよう努めます。",
        "新しい環境にも慣れてまいりました。",
    ],
)
def test_correct_potential_forms_are_not_ra_nuki(wording: dict[str, Linter], text: str) -> None:
    assert found(wording["chat"], text) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("ご依頼の資料は、現在作成してます。", "ご依頼の資料は、現在作成しています。"),
        ("ご連絡をお待ちしてます。", "ご連絡をお待ちしています。"),
        ("先ほどメールで送ってます。", "先ほどメールで送っています。"),
        ("添付の資料はもう読んでますか。", "添付の資料はもう読んでいますか。"),
        ("2月ごろを考えてます。", "2月ごろを考えています。"),
        ("まだ見てないので、明日確認します。", "まだ見ていないので、明日確認します。"),
        ("先方も同じことを言ってました。", "先方も同じことを言っていました。"),
        ("読まさせていただきました。", "読ませていただきました。"),
        ("明日は休まさせていただきます。", "明日は休ませていただきます。"),
        ("その方法じゃないと間に合いません。", "その方法ではないと間に合いません。"),
        ("本日発送した書類がちゃんと届いているか、ご確認ください。", "本日発送した書類がきちんと届いているか、ご確認ください。"),
        ("すごく助かりました。", "大変助かりました。"),
        ("ものすごく助かりました。", "非常に助かりました。"),
        ("入荷は来週です。\nだから、納期を延ばしてください。", "入荷は来週です。\nそのため、納期を延ばしてください。"),
    ],
)
def test_safe_fixes_give_the_written_form(wording: dict[str, Linter], text: str, fixed: str) -> None:
    result, applied = wording["external"].fix(text)
    assert result == fixed
    assert applied
    assert found(wording["external"], result) == []


@pytest.mark.parametrize(
    "text",
    [
        "不要な書類は捨てます。",  # 捨て+ます: a verb stem, not い抜き
        "新しい倉庫を建てる予定です。",
        "協力してたくさんの成果を出しました。",
        "初めてです。",
        "メールにてご連絡いたします。",
        "いただいたご意見は、今後のサービスに活かさせていただきます。",  # 活かす + させる is correct
        "在庫を減らさせていただきます。",
        "社内で話させていただきます。",
        "担当が不在なので、明日ご連絡いたします。",  # なので inside a sentence is fine
        "じゃがいもを使った新商品です。",
        "超高速回線を導入しました。",
        "すごい成果ですね。",
    ],
)
def test_look_alikes_stay_quiet(wording: dict[str, Linter], text: str) -> None:
    assert found(wording["external"], text) == []


def test_casual_wording_is_fine_in_chat_but_not_in_mail(wording: dict[str, Linter]) -> None:
    text = "今、先方からの資料を見てます。やっぱり明日にしましょう。了解っす。"
    assert found(wording["chat"], text) == []
    assert found(wording["internal"], text) == [
        ("wording/i-nuki", 1, 11, "見てます"),
        ("wording/colloquial", 1, 16, "やっぱり"),
        ("wording/colloquial-expression", 1, 31, "っす"),
    ]
