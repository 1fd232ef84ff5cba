"""The date rules (deadline/weekday-mismatch, invalid-date, past-date, non-business-day, too-tight) on real
sentences with fixed reference dates, the reference date's sources (Date header, --date), and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from teinei.dates import Closure
from teinei.inputs import read_bytes
from teinei.linter import Linter

from .conftest import TODAY, found, run_cli  # TODAY: 2026-11-20, a Friday

DATE_RULES = [
    "deadline/weekday-mismatch",
    "deadline/invalid-date",
    "deadline/past-date",
    "deadline/non-business-day",
    "deadline/too-tight",
]


@pytest.fixture(scope="module")
def dated() -> Linter:
    return Linter(profile="external", select=DATE_RULES, today=TODAY)


def test_weekday_mismatch_names_the_real_weekday_and_both_corrections(dated: Linter) -> None:
    text = "お世話になっております。\nお手数ですが、12月5日(金)までにご返信いただけますでしょうか。"
    (finding,) = dated.lint(text).findings
    assert (finding.rule, finding.severity.value, finding.line, finding.column, finding.end_column) == (
        "deadline/weekday-mismatch", "error", 2, 8, 16)
    assert finding.message == "「12月5日(金)」の曜日が日付と合いません。2026年12月5日は土曜日です。"
    assert finding.suggestions == [
        "日付が正しければ、曜日を直して「12月5日(土)」としましょう。",
        "曜日が正しければ、日付を直して「12月4日(金)」としましょう。",
    ]
    assert finding.data["date"] == "2026-12-05"
    assert finding.data["weekday"] == "金"
    assert finding.data["actual_weekday"] == "土"
    assert finding.data["weekday_date"] == "2026-12-04"
    assert finding.data["reference"] == "2026-11-20"


def test_weekday_mismatch_keeps_full_width_and_slash_styles(dated: Linter) -> None:
    (finding,) = dated.lint("提出期限：１２／２（火）１７：００").findings
    assert finding.message == "「１２／２（火）１７：００」の曜日が日付と合いません。2026年12月2日は水曜日です。"
    assert finding.suggestions == [
        "日付が正しければ、曜日を直して「１２／２（水）１７：００」としましょう。",
        "曜日が正しければ、日付を直して「１２／１（火）１７：００」としましょう。",
    ]
    (relative,) = dated.lint("明日(金)までにお送りいたします。").findings  # tomorrow is a Saturday
    assert relative.message == "「明日(金)」の曜日が日付と合いません。2026年11月21日は土曜日です。"
    assert relative.suggestions[0] == "日付が正しければ、曜日を直して「明日(土)」としましょう。"
    assert relative.suggestions[1] == "曜日が正しければ、日付を直して「11月20日(金)」としましょう。"


def test_leap_day_and_dates_that_do_not_exist(dated: Linter) -> None:
    assert found(dated, "2028年2月29日(火)までにご提出いただけますでしょうか。") == []
    (finding,) = dated.lint("2027年2月29日までにご提出いただけますでしょうか。").findings
    assert (finding.rule, finding.severity.value) == ("deadline/invalid-date", "error")
    assert finding.message == "「2027年2月29日」は存在しない日付です（2027年はうるう年ではなく、2月は28日までです）。"
    assert finding.data["date"] is None
    assert found(dated, "11月31日までにご返信ください。") == [("deadline/invalid-date", 1, 1, "11月31日")]


def test_past_deadlines_but_not_dates_of_past_events(dated: Linter) -> None:
    (finding,) = dated.lint("お手数ですが、2026年11月10日までにご返送いただけますでしょうか。").findings
    assert (finding.rule, finding.severity.value, finding.column) == ("deadline/past-date", "warning", 8)
    assert finding.message == "「2026年11月10日」はすでに過ぎた日付です（2026年11月10日(火)。基準日は2026年11月20日(金)）。"
    assert finding.suggestions == ["日付に誤りがないか確かめ、正しい期限に直しましょう。"]
    (yearless,) = dated.lint("お手数ですが、11月10日までにご返送いただけますでしょうか。").findings
    assert yearless.suggestions[1] == "来年の日付であれば「2027年11月10日(水)」のように年を書き添えましょう。"
    assert (yearless.data["date"], yearless.data["past_date"]) == ("2027-11-10", "2026-11-10")
    assert found(dated, "11月10日にお送りした資料について、ご確認いただけますでしょうか。") == []
    assert found(dated, "2026年11月10日までにご返送いただいた書類は、すべて受領しております。") == []
    assert found(dated, "10月1日から新体制となりました。") == []


def test_year_rollover_is_not_a_past_date() -> None:
    december = Linter(profile="external", select=DATE_RULES, today=dt.date(2026, 12, 18))
    text = "お手数ですが、1月8日(金)までにご返送いただけますでしょうか。"  # 2027-01-08 is a Friday
    assert december.lint(text).findings == []
    (finding,) = december.lint("お手数ですが、1月8日(木)までにご返送いただけますでしょうか。").findings
    assert finding.message == "「1月8日(木)」の曜日が日付と合いません。2027年1月8日は金曜日です。"


def test_public_holiday_weekend_and_year_end_closure(dated: Linter) -> None:
    (holiday,) = dated.lint("11月23日までにご提出いただけますでしょうか。").findings
    assert (holiday.rule, holiday.severity.value) == ("deadline/non-business-day", "info")
    assert holiday.message == "「11月23日」（2026年11月23日(月)）は祝日（勤労感謝の日）で、営業日ではありません。"
    assert holiday.suggestions == ["前営業日の「11月20日(金)」にするなど、営業日を期限にしましょう。"]
    assert holiday.data["previous_business_day"] == "2026-11-20"
    (closure,) = dated.lint("修正版は12月29日までにお送りします。").findings
    assert closure.message == (
        "「12月29日」（2026年12月29日(火)）は年末年始の休業期間（12月29日(火)〜1月3日(日)）で、営業日ではありません。"
    )
    assert closure.suggestions == [
        "前営業日の「12月28日(月)」にするなど、営業日を期限にしましょう。",
        "休業期間（12月29日(火)〜1月3日(日)）は前もって相手にお知らせしましょう（例：「12月29日(火)〜1月3日(日)は休業いたします。"
        "お急ぎの件は12月28日(月)までにご連絡ください。」）。",
    ]
    assert closure.data["closure"] == {"start": "2026-12-29", "end": "2027-01-03", "name": "年末年始の休業期間"}
    (month_end,) = dated.lint("1月末までにご入金ください。").findings  # 2027-01-31 is a Sunday
    assert month_end.suggestions == ["前営業日の「1月29日(金)」にするなど、営業日を期限にしましょう。"]
    # Written knowingly: a weekend with its weekday, a holiday marked 祝.
    assert found(dated, "12月5日(土)のイベント会場でお待ちしております。") == []
    assert found(dated, "11月23日(月・祝)は休業いたします。") == []
    assert found(dated, "来週土曜日に伺います。") == []


def test_company_closures_come_from_the_linter() -> None:
    linter = Linter(select=["deadline/non-business-day"], today=TODAY,
                    closures=[Closure(dt.date(2026, 12, 24), dt.date(2026, 12, 25), "冬季休業")])
    (finding,) = linter.lint("12月24日までにお送りいただけますでしょうか。").findings
    assert finding.message == "「12月24日」（2026年12月24日(木)）は冬季休業（12月24日(木)〜12月25日(金)）で、営業日ではありません。"
    assert finding.suggestions[0] == "前営業日の「12月23日(水)」にするなど、営業日を期限にしましょう。"


def test_same_day_requests_without_an_apology_are_too_tight(dated: Linter) -> None:
    (finding,) = dated.lint("本日17時までに見積書をお送りいただけますでしょうか。").findings
    assert (finding.rule, finding.severity.value, finding.column, finding.end_column) == ("deadline/too-tight", "info", 1, 6)
    assert finding.message == "「本日17時」（11月20日(金)17時）までの依頼は、相手にとって急な期限です。"
    assert finding.suggestions[1] == "急ぎでなければ「11月25日(水)」までなど、余裕のある期限にしましょう。"
    assert found(dated, "急なお願いで申し訳ございません。\n本日中にご確認いただけますでしょうか。") == []
    assert found(dated, "お急ぎのところ恐縮ですが、本日中にご確認いただけますでしょうか。") == []
    assert found(dated, "本日中にお見積もりをお送りします。") == []  # a promise, not a request
    internal = Linter(profile="internal", select=DATE_RULES, today=TODAY)
    assert found(internal, "本日17時までに見積書を送ってください。") == []


def test_within_a_few_business_hours_of_the_reference_time() -> None:
    thursday_4pm = Linter(select=DATE_RULES, today=dt.datetime(2026, 11, 19, 16, 0))
    (finding,) = thursday_4pm.lint("お手数ですが、明日10時までにご確認いただけますでしょうか。").findings
    assert (finding.rule, finding.data["business_hours"], finding.data["date"]) == ("deadline/too-tight", 3.0, "2026-11-20")
    assert thursday_4pm.lint("お手数ですが、明日17時までにご確認いただけますでしょうか。").findings == []


EML = (
    "From: sato@example.jp\nTo: yamada@example.jp\nSubject: =?utf-8?b?6KaL56mN?=\n"
    "Date: Thu, 19 Nov 2026 16:00:00 +0900\nContent-Type: text/plain; charset=utf-8\n\n"
    "お世話になっております。\nお手数ですが、明日10時までにお見積もりをお送りいただけますでしょうか。\n"
)


def test_the_date_header_is_the_reference_date_and_time() -> None:
    document = read_bytes(EML.encode(), "request.eml")
    assert (document.date, document.sent_at) == (dt.date(2026, 11, 19), dt.datetime(2026, 11, 19, 16, 0))
    linter = Linter(select=DATE_RULES, today=dt.date(2030, 1, 1))  # the header outranks this
    (finding,) = linter.lint_document(document).findings
    assert (finding.rule, finding.line, finding.data["reference"]) == ("deadline/too-tight", 8, "2026-11-19")


def test_cli_date_option_json_data_and_header_precedence(tmp_path: Path) -> None:
    text = "お手数ですが、12月5日(金)までにご返信いただけますでしょうか。"
    mail = tmp_path / "request.eml"
    mail.write_bytes(EML.encode())
    proc = run_cli("check", "--date", "2026-11-20", "--select", "deadline", "--format", "json", "-", str(mail), input=text)
    assert proc.returncode == 1
    files = {f["path"]: f["findings"] for f in json.loads(proc.stdout)["files"]}
    (finding,) = files["-"]
    assert (finding["rule"], finding["data"]["date"], finding["data"]["actual_weekday"]) == (
        "deadline/weekday-mismatch", "2026-12-05", "土")
    (tight,) = files[str(mail)]  # its Date header (2026-11-19 16:00) outranks --date
    assert (tight["rule"], tight["data"]["reference"], tight["data"]["business_hours"]) == ("deadline/too-tight", "2026-11-19", 3.0)
    bad = run_cli("check", "--date", "2026-13-01", "-", input=text)
    assert bad.returncode == 2
    assert bad.stderr.decode() == (
        "teinei: --date '2026-13-01' を読めません。YYYY-MM-DD または YYYY-MM-DDTHH:MM の形で指定してください（例: 2026-12-01）\n"
    )


def test_the_same_text_is_right_against_another_year() -> None:
    # In 2025 the 5th of December was a Friday.
    linter = Linter(select=DATE_RULES, today=dt.date(2025, 11, 20))
    assert linter.lint("お手数ですが、12月5日(金)までにご返信いただけますでしょうか。").findings == []


def test_explain_documents_the_date_rules() -> None:
    proc = run_cli("explain", "deadline/weekday-mismatch")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert out.startswith("deadline/weekday-mismatch  (error, date)\n\n日付と曜日が食い違っていると")
    assert "  ✗ お手数ですが、12月5日(金)までにご返信いただけますでしょうか。   ← 「12月5日(金)」" in out


@pytest.mark.parametrize(
    "text",
    [
        "12月29日から1月3日まで、年末年始休業とさせていただきます。",  # announcing the closure itself
        "12月29日(火)より通常どおり対応いたします。",  # where something starts, not a day to act on
        "今回の見積書は11月14日発行です。",  # six days ago, not next November's Saturday
        "連絡が取れたのは11月14日の夕方でした。",  # a past event told as 「〜たのは」
        "交通費の精算は月末締め、翌月10日払いとなります。",  # a billing cycle
        "ご利用日の前日18時までにご連絡ください。",  # 18時 of another day, not today's
        "受付時間は平日9時〜18時です。お気軽にお問い合わせください。",
        "12月5日(土)のセミナーにぜひご参加ください。",
    ],
)
def test_quiet_on_dates_that_are_not_wrong(dated: Linter, text: str) -> None:
    assert found(dated, text) == []


def test_month_end_written_as_matsujitsu(dated: Linter) -> None:
    (finding,) = dated.lint("お手数ですが、1月末日までにお振込みをお願いいたします。").findings
    assert (finding.rule, finding.data["date"], finding.suggestions[0]) == (
        "deadline/non-business-day", "2027-01-31", "前営業日の「1月29日(金)」にするなど、営業日を期限にしましょう。")
    assert found(dated, "お手数ですが、1月末日までにお振込みをお願いいたします。") == [
        ("deadline/non-business-day", 1, 8, "1月末日")]
