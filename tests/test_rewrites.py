"""Rewrites built from the writer's own sentence (issue 18): each rewrite on real sentences, exact output; how
they are shown (text 修正例, JSON, SARIF) and applied (--fix safe only, --unsafe-fixes, display never)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from teinei.linter import Linter

from .conftest import TODAY, run_cli


def rewrite(
    linter: Linter, text: str, rule: str, profile: str | None = None, today: dt.date = TODAY
) -> tuple[str, str]:
    """The text with the one fix of ``rule`` applied, and the fix's applicability."""
    found = [f for f in linter.lint(text, profile=profile, today=today).findings if f.rule == rule]
    assert found, [f.rule for f in linter.lint(text, profile=profile, today=today).findings]
    # Two patterns of a rule may find one phrase (取り急ぎお礼まで, お礼まで): they must agree on the text.
    fixed = {(text[: f.fix.start] + f.fix.replacement + text[f.fix.end :], f.fix.applicability)
             for f in found if f.fix is not None}
    assert len(fixed) == 1, f"{rule}: {fixed or 'no rewrite'} for {text!r}"
    return fixed.pop()


# --- requests -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        ("curt/bare-request", "11月27日(金)までに見積書をお送りください。",
         "お手数ですが、11月27日(金)までに見積書をお送りいただけますでしょうか。"),
        # the case: ご確認して… loses its して (ご確認していただく is keigo/o-shite-itadaku's mistake)
        ("curt/te-request", "11月27日(金)までにご確認してください。",
         "お手数ですが、11月27日(金)までにご確認いただけますでしょうか。"),
        ("curt/te-request", "参加者のお名前と所属を、12月7日(月)までに教えてください。",
         "お手数ですが、参加者のお名前と所属を、12月7日(月)までに教えていただけますでしょうか。"),
        ("curt/bare-request", "11月27日(金)までにご確認ください。",
         "お手数ですが、11月27日(金)までにご確認いただけますでしょうか。"),
        ("curt/bare-request", "12月1日(火)までにレビューお願いします。",
         "お手数ですが、12月1日(火)までにレビューをお願いできますでしょうか。"),
        ("rudeness/imperative", "11月27日(金)までに資料を送れ。",
         "お手数ですが、11月27日(金)までに資料をお送りいただけますでしょうか。"),
        # an order without a deadline gets one, as the request it becomes needs (deadline/missing)
        ("rudeness/imperative", "Aをするためにはどうすればいいのか教えろ。",
         "お手数ですが、11月26日(木)までに、Aをするためにはどうすればいいのか教えていただけますでしょうか。"),
        ("rudeness/imperative", "マニュアルをよく読みなさい。",
         "お手数ですが、11月26日(木)までに、マニュアルをよくお読みいただけますでしょうか。"),
        ("rudeness/imperative", "明日までに見積書を送ってくれ。", "お手数ですが、明日までに見積書を送っていただけますでしょうか。"),
        ("rudeness/imperative", "本日中に確認しろ。", "お手数ですが、本日中にご確認いただけますでしょうか。"),
        # a prohibition: 恐れ入りますが, and the verb in its ないで form
        ("rudeness/imperative", "勝手に仕様を変更するな。", "恐れ入りますが、勝手に仕様を変更しないでいただけますでしょうか。"),
        # a sentence that already has a cushion gets no second one
        ("rudeness/imperative", "恐れ入りますが、資料を送れ。",
         "恐れ入りますが、11月26日(木)までに、資料をお送りいただけますでしょうか。"),
    ],
)
def test_requests_are_conjugated_into_a_polite_question(linter: Linter, rule: str, text: str, fixed: str) -> None:
    assert rewrite(linter, text, rule) == (fixed, "unsafe")


# --- how rewrites are shown and applied ---------------------------------------------------------------


def test_a_deletion_is_marked_too() -> None:
    proc = run_cli("check", "--select", "keigo/o-shite-itadaku", "-", input="11月27日(金)までにご確認してください。\n")
    assert proc.stdout.decode().splitlines()[1] == (
        "  修正例: 11月27日(金)までにご確認【－して】ください。 （--fix で自動修正できます）"
    )


def test_text_report_shows_the_rewrite_first_with_the_changed_part_marked() -> None:
    proc = run_cli("check", "--select", "rudeness/imperative", "-", input="勝手に仕様を変更するな。\n")
    assert proc.stdout.decode().splitlines()[:3] == [
        "-:1:9: error [rudeness/imperative] 命令や禁止の形「するな」は相手を見下した言い方です。",
        "  修正例: 【恐れ入りますが、】勝手に仕様を変更【しないでいただけますでしょうか】。"
        " （要確認: --unsafe-fixes で適用できます）",
        "  提案: 「〜していただけますでしょうか」と依頼の形にしましょう（例：「教えろ」→「教えていただけますでしょうか」）。",
    ]


def test_unsafe_rewrites_are_applied_only_with_unsafe_fixes() -> None:
    text = "11月27日(金)までにご確認してください。\n"
    safe = run_cli("check", "--select", "curt,keigo", "--fix", "-", input=text)
    assert safe.stdout.decode() == "11月27日(金)までにご確認ください。\n"  # keigo/o-shite-itadaku's safe fix only
    both = run_cli("check", "--select", "curt,keigo", "--fix", "--unsafe-fixes", "-", input=text)
    assert both.stdout.decode() == "お手数ですが、11月27日(金)までにご確認いただけますでしょうか。\n"
    alone = run_cli("check", "--unsafe-fixes", "-", input=text)
    assert alone.returncode == 2
    assert alone.stderr.decode() == "teinei: --unsafe-fixes は適用する修正の範囲を選ぶものです。--fix または --diff と一緒に指定してください\n"


def test_json_and_sarif_carry_the_rewrite_and_its_region() -> None:
    text = "勝手に仕様を変更するな。\n"
    data = json.loads(run_cli("check", "--select", "rudeness", "--format", "json", "-", input=text).stdout)
    assert data["version"] == 1
    assert data["files"][0]["findings"][0]["fix"] == {
        "replacement": "恐れ入りますが、勝手に仕様を変更しないでいただけますでしょうか", "start": 0, "end": 11,
        "applicability": "unsafe",
    }
    sarif = json.loads(run_cli("check", "--select", "rudeness", "--format", "sarif", "-", input=text).stdout)
    (fix,) = sarif["runs"][0]["results"][0]["fixes"]
    assert fix["properties"] == {"applicability": "unsafe"}
    (change,) = fix["artifactChanges"]
    # The rewrite starts at the sentence (column 1), not at the finding (column 9).
    assert change["replacements"][0]["deletedRegion"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 12}


def test_polite_forms_of_plain_request_phrases() -> None:
    from teinei.rewrites.request import polite

    assert polite("ご確認してください") == "ご確認いただけますでしょうか"
    assert polite("教えてください") == "教えていただけますでしょうか"
    assert polite("確認お願いします") == "ご確認をお願いできますでしょうか"  # 確認 is the reader's act: ご
    assert polite("レビューお願いします") == "レビューをお願いできますでしょうか"
    assert polite("ご了承") is None


# --- deadlines: a date computed from the reference date (2026-11-20, a Friday; 11/23 is a holiday) ---------


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        ("deadline/vague", "近日中にお送りします。", "11月26日(木)までにお送りします。"),
        ("deadline/vague", "追ってご連絡いたします。", "11月26日(木)までにご連絡いたします。"),
        ("deadline/vague", "来期の契約更新について、ご意向をお早めにお知らせいただけますでしょうか。",
         "来期の契約更新について、ご意向を11月26日(木)までにお知らせいただけますでしょうか。"),
        # urgent words get the next business day (Monday 11/23 is 勤労感謝の日)
        ("deadline/vague", "原因を早急に調査し、ご報告いたします。", "原因を11月24日(火)までに調査し、ご報告いたします。"),
        # 月末: the month's last business day
        ("deadline/vague", "11月分のご利用料金を月末ごろまでにお振り込みいただけますでしょうか。",
         "11月分のご利用料金を11月30日(月)までにお振り込みいただけますでしょうか。"),
        ("deadline/vague", "もうしばらくお待ちください。", "11月26日(木)までお待ちください。"),
        ("deadline/missing", "お手数ですが、見積書をお送りいただけますでしょうか。",
         "お手数ですが、見積書を11月26日(木)までにお送りいただけますでしょうか。"),
        ("deadline/missing", "修正版を作成してお送りします。", "修正版を作成して11月26日(木)までにお送りします。"),
    ],
)
def test_deadlines_are_business_days_from_the_reference_date(linter: Linter, rule: str, text: str, fixed: str) -> None:
    assert rewrite(linter, text, rule) == (fixed, "unsafe")


def test_a_vague_phrase_no_date_can_replace_gets_no_rewrite(linter: Linter) -> None:
    # 完成までもうしばらく: a second まで would not read; 12月頭ごろを: a noun, not a deadline
    for text in ("完成までもうしばらくお待ちください。", "お見積りの再提出は、12月頭ごろを予定しております。"):
        (vague,) = [f for f in linter.lint(text, today=TODAY).findings if f.rule == "deadline/vague"]
        assert vague.fix is None


def test_the_proposed_deadline_skips_the_year_end_closure() -> None:
    fixed, _ = rewrite(Linter(), "近日中にお送りします。", "deadline/vague", today=dt.date(2026, 12, 25))
    assert fixed == "1月5日(火)までにお送りします。"  # 12/28 (Mon), then 1/4 and 1/5 after the closure


# --- thanks -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        ("acknowledgement/missing-thanks", "原稿をお送りいただきました。画像も追加でお願いします。",
         "原稿をお送りいただき、ありがとうございます。画像も追加でお願いします。"),
        ("acknowledgement/missing-thanks", "送っていただいた画像ですが、解像度が足りないため差し替えていただけますか。",
         "画像をお送りいただき、ありがとうございます。\n送っていただいた画像ですが、解像度が足りないため差し替えていただけますか。"),
        ("acknowledgement/missing-thanks", "田中様\n\nいつもお世話になっております。\nいただいた企画書について、社内で検討しております。",
         "田中様\n\nいつもお世話になっております。\n企画書をいただき、ありがとうございます。\n"
         "いただいた企画書について、社内で検討しております。"),
        ("acknowledgement/receipt-without-thanks", "資料を拝受しました。内容を確認のうえ、明日ご連絡いたします。",
         "資料を拝受しました。お送りいただき、ありがとうございます。内容を確認のうえ、明日ご連絡いたします。"),
    ],
)
def test_thanks_are_built_from_what_was_received(linter: Linter, rule: str, text: str, fixed: str) -> None:
    assert rewrite(linter, text, rule) == (fixed, "unsafe")


def test_a_reply_gets_thanks_for_the_message() -> None:
    linter = Linter(today=TODAY)
    text = "12月3日(木)10時からで問題ございません。"
    found = [f for f in linter.lint(text, subject="Re: お打ち合わせの日程").findings
             if f.rule == "acknowledgement/reply-without-thanks"]
    fix = found[0].fix
    assert fix is not None and (fix.start, fix.end, fix.applicability) == (0, 0, "unsafe")
    assert fix.replacement == "ご連絡いただき、ありがとうございます。\n"


# --- refusals and one-line messages: display-only, with a slot -----------------------------------------


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("無料では出来ません。", "申し訳ございませんが、無料では対応いたしかねます。〇〇であれば対応可能です。"),
        ("納期前倒しのご相談の件ですが、対応しかねます。",
         "納期前倒しのご相談の件につきましては、申し訳ございませんが、対応いたしかねます。〇〇であれば対応可能です。"),
        ("社内で検討しましたが、採用しません。",
         "申し訳ございません。社内で検討しましたが、採用いたしかねます。〇〇であれば対応可能です。"),
        ("ご提案の件ですが、今回は結構です。",
         "ご提案の件につきましては、申し訳ございませんが、今回は見送らせていただきます。"
         "また機会がございましたら、ぜひよろしくお願いいたします。"),
    ],
)
def test_blunt_refusals_get_an_apology_and_a_slot_for_an_alternative(linter: Linter, text: str, fixed: str) -> None:
    assert rewrite(linter, text, "curt/blunt-refusal") == (fixed, "display")


@pytest.mark.parametrize(
    ("text", "profile", "fixed"),
    [
        # the other rewrites of the sentence are taken in: the proposed deadline (deadline/missing)
        ("進捗を教えてください", None, "〇〇様\n\nいつもお世話になっております。\n"
         "お手数ですが、進捗を11月26日(木)までに教えていただけますでしょうか。\nよろしくお願いいたします。"),
        ("資料、まだですか？", None, "〇〇様\n\nいつもお世話になっております。\n資料、その後いかがでしょうか？\n"
         "よろしくお願いいたします。"),
        # 了解 → 承知 (keigo/ryokai's fix), and a report closes as one
        ("納期を一週間延ばしたいとのご連絡、了解いたしました。", None, "〇〇様\n\nいつもお世話になっております。\n"
         "納期を一週間延ばしたいとのご連絡、承知いたしました。\n引き続きよろしくお願いいたします。"),
        # a report closes as one, not with a request's 恐れ入りますが
        ("資料、確認しました。", None, "〇〇様\n\nいつもお世話になっております。\n資料、確認しました。\n"
         "引き続きよろしくお願いいたします。"),
        # a vague time in the sentence becomes the date deadline/vague's rewrite would give
        ("もうしばらくお待ちください。", None, "〇〇様\n\nいつもお世話になっております。\n"
         "恐れ入りますが、11月26日(木)までお待ちいただけますでしょうか。\nよろしくお願いいたします。"),
        ("資料は近日中にお送りします。", None, "〇〇様\n\nいつもお世話になっております。\n資料は11月26日(木)までにお送りします。\n"
         "引き続きよろしくお願いいたします。"),
        ("確認お願いします。", "internal", "〇〇さん\n\nお疲れさまです。\n"
         "お手数ですが、11月26日(木)までにご確認をお願いできますでしょうか。\nよろしくお願いします。"),
    ],
)
def test_a_one_line_message_becomes_a_whole_message_by_profile(
    linter: Linter, text: str, profile: str | None, fixed: str
) -> None:
    assert rewrite(linter, text, "curt/one-line", profile) == (fixed, "display")


def test_display_rewrites_are_shown_never_applied() -> None:
    text = "無料では出来ません。\n"
    proc = run_cli("check", "--select", "curt/blunt-refusal", "--fix", "--unsafe-fixes", "-", input=text)
    assert proc.stdout.decode() == text
    report = run_cli("check", "--select", "curt/blunt-refusal", "-", input=text).stdout.decode()
    assert report.splitlines()[1] == (
        "  修正例: 【申し訳ございませんが、】無料では【対応いたしかねます。〇〇であれば対応可能です。】"
        " （例です。〇〇を埋めてお使いください。自動では適用しません）"
    )


# --- example dates: computed from the reference date, never written in --------------------------------


def test_suggestions_name_business_days_counted_from_the_reference_date(linter: Linter) -> None:
    (vague,) = [f for f in linter.lint("近日中にお送りします。", today=TODAY).findings if f.rule == "deadline/vague"]
    assert vague.suggestions == [
        "「11月26日(木)17時までに」「本日中に」のように具体的な日時に置き換えましょう。",
        "日付が決められないときは、次に状況をお知らせする日時を約束しましょう（例：「11月24日(火)15時までに進捗をご報告します」）。",
    ]


def test_explain_computes_its_example_dates_from_the_date_given() -> None:
    proc = run_cli("explain", "deadline/missing", "--date", "2026-12-06")
    lines = proc.stdout.decode().splitlines()
    assert "提案: 「12月9日(水)17時までに」「本日中に」のように具体的な日時を添えましょう。" in lines
    assert "提案: 日付が決められないときは、いつまでに見通しをお知らせするかを書きましょう（例：「12月7日(月)までに納期をご連絡いたします」）。" in lines


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("集荷便を何便か増やしていただけますでしょうか。", "集荷便を〇便増やしていただけますでしょうか。"),
        ("営業職を今年より数名多く採用したいと考えています。", "営業職を今年より〇名多く採用したいと考えています。"),
        ("予備のパンフレットは多めに刷っていただけますでしょうか。", "予備のパンフレットは〇〇多く刷っていただけますでしょうか。"),
        ("倉庫Bの在庫がだいぶ減ってきたので、補充の手配をお願いします。", "倉庫Bの在庫が〇〇減ってきたので、補充の手配をお願いします。"),
        ("集計表の数字がところどころ合っていないようです。", "集計表の数字が〇箇所合っていないようです。"),
        ("色々と修正をお願いします。", "〇〇の修正をお願いします。"),
    ],
)
def test_a_vague_amount_becomes_a_slot_for_the_number(linter: Linter, text: str, fixed: str) -> None:
    assert rewrite(linter, text, "scope/vague") == (fixed, "display")


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        ("curt/toriisogi", "資料を拝受しました。取り急ぎお礼まで。", "資料を拝受しました。取り急ぎお礼申し上げます。"),
        ("curt/toriisogi", "取り急ぎ、ご報告まで。", "取り急ぎ、ご報告いたしました。"),
        ("curt/toriisogi", "資料を添付いたします。ご参考までに。", "資料を添付いたします。ご参考になれば幸いです。"),
        ("curt/blunt-reminder", "お世話になっております。先日お願いした資料はまだですか？",
         "お世話になっております。先日お願いした資料はその後いかがでしょうか？"),
        ("curt/blunt-reminder", "お世話になっております。契約書のご返送がまだのようですが、いつになりますか。",
         "お世話になっております。契約書のご返送がまだのようですが、いつ頃のご予定でしょうか。"),
    ],
)
def test_curt_closings_and_reminders_are_written_out(linter: Linter, rule: str, text: str, fixed: str) -> None:
    assert rewrite(linter, text, rule) == (fixed, "unsafe")


@pytest.mark.parametrize(
    ("rule", "text", "fixed", "applicability"),
    [
        ("rudeness/pressure", "申込書は、12月1日(火)までに必ず提出してください。",
         "お手数ですが、申込書は、12月1日(火)までに提出していただけますでしょうか。", "unsafe"),
        # 至急: the next business day (Monday 11/23 is a holiday)
        ("rudeness/pressure", "至急、見積書を再送してください。",
         "お手数ですが、11月24日(火)までに、見積書を再送していただけますでしょうか。", "unsafe"),
        ("rudeness/pressure", "12月8日(火)の搬入では、絶対に遅れないでください。",
         "恐れ入りますが、12月8日(火)の搬入では、遅れないでいただけますでしょうか。", "unsafe"),
        # no date: a standing rule, which 今後、 says (a request for one time would need a deadline)
        ("rudeness/pressure", "納品書は必ず商品に同封してください。",
         "お手数ですが、納品書は今後、商品に同封していただけますでしょうか。", "unsafe"),
        ("rudeness/prohibition", "USBメモリでのデータの持ち込みは禁止です。",
         "USBメモリでのデータの持ち込みはご遠慮いただいております。", "unsafe"),
        ("rudeness/condescension", "ここまでの説明で、お分かりいただけましたか。",
         "ここまでの説明で、ご不明な点がございましたら、お気軽にお知らせください。", "unsafe"),
        ("rudeness/blunt-address", "おたくの営業担当から、まだ折り返しの電話がありません。",
         "御社の営業担当から、まだ折り返しの電話がありません。", "display"),
        ("keigo/go-dekiru", "会員でない方はご参加できません。", "会員でない方はご参加いただけません。", "safe"),
        ("keigo/humble-for-other", "先日のお電話で杉本様が申されたとおり、納品は12月10日(木)とさせていただきます。",
         "先日のお電話で杉本様がおっしゃったとおり、納品は12月10日(木)とさせていただきます。", "safe"),
        ("keigo/no-hou", "報告書は私の方で作成いたします。", "報告書は私が作成いたします。", "safe"),
    ],
)
def test_rudeness_and_keigo_get_the_form_the_match_decides(
    linter: Linter, rule: str, text: str, fixed: str, applicability: str
) -> None:
    assert rewrite(linter, text, rule) == (fixed, applicability)


def test_the_library_applies_unsafe_rewrites_only_when_asked() -> None:
    linter = Linter(today=TODAY, select=["deadline/vague"])
    assert linter.fix("近日中にお送りします。") == ("近日中にお送りします。", [])
    fixed, applied = linter.fix("近日中にお送りします。", unsafe=True)
    assert fixed == "11月26日(木)までにお送りします。"
    assert [f.rule for f in applied] == ["deadline/vague"]


def test_no_deadline_is_put_into_a_question_about_when(linter: Linter) -> None:
    (missing,) = [f for f in linter.lint("いつお振り込みいただけますか。", today=TODAY).findings
                  if f.rule == "deadline/missing"]
    assert missing.fix is None


def test_a_refusal_already_in_its_polite_form_keeps_it(linter: Linter) -> None:
    assert rewrite(linter, "これ以上の値引きは致しかねます。", "curt/blunt-refusal") == (
        "申し訳ございませんが、これ以上の値引きは致しかねます。〇〇であれば対応可能です。", "display"
    )


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # the date goes before the manner, not between it and the verb
        ("社内で前向きに検討いたします。", "社内で11月26日(木)までに前向きに検討いたします。"),
        # 送って[くれ]: never between a verb and its auxiliary
        ("見積書は先に送ってくれ。", "11月26日(木)までに、見積書は先に送ってくれ。"),
    ],
)
def test_a_proposed_deadline_goes_where_it_reads(linter: Linter, text: str, fixed: str) -> None:
    assert rewrite(linter, text, "deadline/missing", "internal") == (fixed, "unsafe")


@pytest.mark.parametrize(
    "text",
    [
        "取り急ぎご報告いたします。",  # the act is this message
        "山本様が受付に参られましたら、5階の会議室までご案内いたします。",  # tied to an event
        "価格改定の件は、あらかじめご承知おきください。",  # nothing to deliver
        "12月の出荷計画に関わりますので、一両日中にご返信いただけますでしょうか。",  # a time is there
    ],
)
def test_no_deadline_is_proposed_where_none_fits(linter: Linter, text: str) -> None:
    found = [f for f in linter.lint(text, today=TODAY).findings if f.rule == "deadline/missing"]
    assert all(f.fix is None for f in found)


@pytest.mark.parametrize(
    ("rule", "text", "fixed", "applicability"),
    [
        ("keigo/double-honorific", "部長がおっしゃられていた納期について、社内で検討しました。",
         "部長がおっしゃっていた納期について、社内で検討しました。", "safe"),
        ("scope/unclear-reference", "例の件、その後いかがでしょうか。", "〇〇の件、その後いかがでしょうか。", "display"),
        ("scope/open-delegation", "細かいところはよしなにお願いします。", "細かいところは〇〇の方針でお願いします。", "display"),
    ],
)
def test_scope_and_double_honorifics(linter: Linter, rule: str, text: str, fixed: str, applicability: str) -> None:
    assert rewrite(linter, text, rule, "internal") == (fixed, applicability)


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        ("rudeness/fault", "今回の納期遅れは、御社の発注ミスが原因です。", "今回の納期遅れは、発注内容の行き違いが原因です。"),
        ("rudeness/blame", "再三お願いしておりますが、まだご返信をいただけておりません。",
         "重ねてのお願いで恐縮ですが、まだご返信をいただけておりません。"),
    ],
)
def test_blame_is_taken_out_of_what_happened(linter: Linter, rule: str, text: str, fixed: str) -> None:
    assert rewrite(linter, text, rule) == (fixed, "unsafe")


def test_no_more_is_declined_with_thanks(linter: Linter) -> None:
    assert rewrite(linter, "追加の画像とかもういいです。", "curt/blunt-refusal") == (
        "申し訳ございませんが、追加の画像は、今回は見送らせていただきます。ご検討いただき、ありがとうございました。",
        "display",
    )
