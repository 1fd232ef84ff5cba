"""Date expressions resolved against fixed reference dates, the business calendar, and ``teinei.deadlines``."""

from __future__ import annotations

import datetime as dt

import pytest

import teinei
from teinei.dates import BusinessCalendar, Closure, classify, find_dates, restyle
from teinei.tokens import split_sentences

from .conftest import TODAY  # 2026-11-20, a Friday

D = dt.date


def resolve(text: str, today: dt.date = TODAY) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    """(text, date, end of range, time, written weekday) of every expression, read in context."""
    found = [m.to_dict() for m in classify(text, today, split_sentences(text))]
    return [(d["text"], d["date"], d["end_date"], d["time"], d["weekday"]) for d in found]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12月5日までにお送りください。", ("12月5日", "2026-12-05", None, None, None)),
        ("12/5までにお送りください。", ("12/5", "2026-12-05", None, None, None)),
        ("2026年12月5日までにお送りください。", ("2026年12月5日", "2026-12-05", None, None, None)),
        ("12月5日(土)までにお送りください。", ("12月5日(土)", "2026-12-05", None, None, "土")),
        ("12月5日（土曜日）までにお送りください。", ("12月5日（土曜日）", "2026-12-05", None, None, "土")),
        ("１２月５日（土）までにお送りください。", ("１２月５日（土）", "2026-12-05", None, None, "土")),
        ("１２／５までにお送りください。", ("１２／５", "2026-12-05", None, None, None)),
        ("令和8年12月5日までにお送りください。", ("令和8年12月5日", "2026-12-05", None, None, None)),
        ("2026/12/05までにお送りください。", ("2026/12/05", "2026-12-05", None, None, None)),
        ("25日までにお送りください。", ("25日", "2026-11-25", None, None, None)),  # this month
        ("5日までにお送りください。", ("5日", "2026-12-05", None, None, None)),  # the 5th has passed: next month
        ("明日までにお送りください。", ("明日", "2026-11-21", None, None, None)),
        ("明後日までにお送りください。", ("明後日", "2026-11-22", None, None, None)),
        ("本日中にお送りください。", ("本日中", "2026-11-20", None, None, None)),
        ("今週中にお送りください。", ("今週中", "2026-11-20", None, None, None)),  # a Friday: today
        ("来週月曜にお送りください。", ("来週月曜", "2026-11-23", None, None, "月")),
        ("来週の水曜日にお送りください。", ("来週の水曜日", "2026-11-25", None, None, "水")),
        ("週明けにお送りください。", ("週明け", "2026-11-23", None, None, None)),
        ("月末までにお送りください。", ("月末", "2026-11-30", None, None, None)),
        ("今月末までにお送りください。", ("今月末", "2026-11-30", None, None, None)),
        ("来月末までにお送りください。", ("来月末", "2026-12-31", None, None, None)),
        ("来月上旬にお送りします。", ("来月上旬", "2026-12-01", "2026-12-10", None, None)),
        ("12月下旬にお送りします。", ("12月下旬", "2026-12-21", "2026-12-31", None, None)),
        ("来月中にお送りします。", ("来月中", "2026-12-01", "2026-12-31", None, None)),
        ("年内にお送りします。", ("年内", "2026-11-20", "2026-12-31", None, None)),
        ("17時までにお送りください。", ("17時", "2026-11-20", None, "17:00", None)),
        ("17:00までにお送りください。", ("17:00", "2026-11-20", None, "17:00", None)),
        ("１７：３０までにお送りください。", ("１７：３０", "2026-11-20", None, "17:30", None)),
        ("午後3時半までにお送りください。", ("午後3時半", "2026-11-20", None, "15:30", None)),
        ("明日の午前中にお送りします。", ("明日の午前中", "2026-11-21", None, "12:00", None)),
        ("明日正午までにお送りください。", ("明日正午", "2026-11-21", None, "12:00", None)),
        ("12月4日(金)17時までにお送りください。", ("12月4日(金)17時", "2026-12-04", None, "17:00", "金")),
        ("12月4日(金) 17:00までにお送りください。", ("12月4日(金) 17:00", "2026-12-04", None, "17:00", "金")),
        ("12月4日の15時30分にお伺いします。", ("12月4日の15時30分", "2026-12-04", None, "15:30", None)),
    ],
)
def test_each_expression_resolves_against_the_reference_date(text: str, expected: tuple) -> None:
    assert resolve(text) == [expected]


def test_a_date_without_a_year_is_the_next_one_so_december_mail_means_next_january() -> None:
    assert resolve("1月8日までにお送りください。", D(2026, 12, 20)) == [("1月8日", "2027-01-08", None, None, None)]
    assert resolve("1月8日までにお送りください。", D(2027, 1, 8)) == [("1月8日", "2027-01-08", None, None, None)]
    assert resolve("5日までにお送りください。", D(2026, 12, 20)) == [("5日", "2027-01-05", None, None, None)]
    assert resolve("来月上旬に伺います。", D(2026, 12, 20)) == [("来月上旬", "2027-01-01", "2027-01-10", None, None)]
    assert resolve("1月末に伺います。", D(2026, 12, 20)) == [("1月末", "2027-01-31", None, None, None)]


def test_leap_day_exists_in_2028_but_not_in_2027() -> None:
    (leap,) = find_dates("2028年2月29日(火)", TODAY)
    assert (leap.date, leap.invalid, leap.weekday) == (D(2028, 2, 29), None, 1)
    (missing,) = find_dates("2027年2月29日", TODAY)
    assert (missing.date, missing.invalid) == (None, "2027年はうるう年ではなく、2月は28日までです")
    (yearless,) = find_dates("2月29日", TODAY)  # the next February is in 2027
    assert (yearless.date, yearless.invalid) == (None, "2027年はうるう年ではなく、2月は28日までです")
    (later,) = find_dates("2月29日", D(2027, 3, 1))  # ... but a year later the next one is 2028's
    assert later.date == D(2028, 2, 29)
    (never,) = find_dates("11月31日", TODAY)
    assert (never.date, never.invalid) == (None, "11月は30日までです")


def test_past_tense_reads_the_date_as_the_latest_one_not_next_year() -> None:
    (sent,) = classify("11月10日にお送りした資料をご確認ください。", TODAY, split_sentences("11月10日にお送りした資料をご確認ください。"))
    assert (sent.date, sent.context) == (D(2026, 11, 10), "past")
    text = "12月5日までに、先日お送りした資料をご確認ください。"  # the date belongs to the request
    (due,) = classify(text, TODAY, split_sentences(text))
    assert (due.date, due.context) == (D(2026, 12, 5), "deadline")
    text = "お送りいただいた資料を拝見し、11月30日までにご返信します。"
    (promise,) = classify(text, TODAY, split_sentences(text))
    assert (promise.date, promise.context) == (D(2026, 11, 30), "deadline")
    text = "10月1日に打ち合わせをしました。"
    (meeting,) = classify(text, TODAY, split_sentences(text))
    assert (meeting.date, meeting.context) == (D(2026, 10, 1), "past")


def test_a_written_weekday_chooses_between_last_year_and_next() -> None:
    # 2026-11-10 is a Tuesday and 2027-11-10 a Wednesday: 「11月10日(火)」 written ten days later is the past one.
    assert resolve("11月10日(火)の件ですが、承知しました。") == [("11月10日(火)", "2026-11-10", None, None, "火")]
    assert resolve("11月10日(水)までにお送りください。") == [("11月10日(水)", "2027-11-10", None, None, "水")]
    # A year ago is too far for a weekday to reach: 2025-12-05 was a Friday, yet 「12月5日(金)」 is this December's.
    assert resolve("12月5日(金)までにお送りください。") == [("12月5日(金)", "2026-12-05", None, None, "金")]


def test_ranges_of_days_and_hours() -> None:
    assert resolve("12月28日〜30日は休業いたします。") == [
        ("12月28日", "2026-12-28", None, None, None),
        ("30日", "2026-12-30", None, None, None),
    ]
    assert resolve("受付時間は平日9時〜18時までです。") == []  # opening hours are not a deadline
    assert resolve("12月4日(金)10時〜12時にお伺いします。") == [("12月4日(金)10時", "2026-12-04", None, "10:00", "金")]


@pytest.mark.parametrize(
    "text",
    ["全体の1/3程度です。", "3日以内にご返信ください。", "1時間ほどお時間をください。", "毎月25日締めです。", "1日も早く", "2日間の研修"],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert resolve(text) == []


def test_restyle_keeps_the_writers_format() -> None:
    text = "締切：１２／５（金）１７：００"
    (mention,) = find_dates(text, TODAY)
    assert restyle(text, mention, D(2026, 12, 5)) == "１２／５（土）１７：００"
    assert restyle(text, mention, D(2026, 12, 4)) == "１２／４（金）１７：００"
    text = "2027年1月1日(木)"
    (mention,) = find_dates(text, TODAY)
    assert restyle(text, mention, D(2026, 12, 31)) == "2026年12月31日(木)"
    text = "2026/12/05"
    (mention,) = find_dates(text, TODAY)
    assert restyle(text, mention, D(2026, 12, 4)) == "2026/12/04(金)"


def test_business_calendar_holidays_year_end_and_company_closures() -> None:
    calendar = BusinessCalendar.of([Closure(D(2027, 8, 11), D(2027, 8, 16), "夏季休業")])
    assert calendar.reason(D(2026, 11, 23)) == "祝日（勤労感謝の日）"
    assert calendar.reason(D(2026, 11, 21)) == "土曜日"
    assert calendar.reason(D(2026, 12, 29)) == "年末年始の休業期間（12月29日(火)〜1月3日(日)）"
    assert calendar.reason(D(2027, 1, 4)) is None
    assert calendar.reason(D(2027, 8, 12)) == "夏季休業（8月11日(水)〜8月16日(月)）"
    assert calendar.previous_business_day(D(2026, 11, 23)) == D(2026, 11, 20)
    assert calendar.previous_business_day(D(2027, 1, 2)) == D(2026, 12, 28)
    assert calendar.next_business_day(D(2026, 12, 28)) == D(2027, 1, 4)
    assert BusinessCalendar(year_end=None).reason(D(2026, 12, 29)) is None
    assert BusinessCalendar.of([(D(2026, 12, 24), D(2026, 12, 25))]).reason(D(2026, 12, 24)) == (
        "休業期間（12月24日(木)〜12月25日(金)）"
    )


def test_business_hours_skip_nights_weekends_and_holidays() -> None:
    calendar = BusinessCalendar()
    thursday = dt.datetime(2026, 11, 19, 16, 0)
    assert calendar.business_hours(thursday, dt.datetime(2026, 11, 20, 10, 0)) == 3.0
    friday = dt.datetime(2026, 11, 20, 17, 0)  # Monday the 23rd is a holiday
    assert calendar.business_hours(friday, dt.datetime(2026, 11, 24, 11, 0)) == 3.0
    # Counting stops at ``at_most``: the first whole day past it, not the months to a far deadline.
    assert calendar.business_hours(friday, dt.datetime(2027, 3, 31, 18, 0), at_most=4) == 10.0
    assert calendar.business_hours(friday, dt.datetime(2026, 11, 24, 11, 0), at_most=4) == 3.0
    assert calendar.is_business_day(D(2026, 11, 24)) and not calendar.is_business_day(D(2026, 11, 23))


def test_deadlines_helper_returns_what_the_message_sets_with_spans() -> None:
    text = (
        "お世話になっております。\n"
        "11月10日にお送りした資料について、12月4日(金)17時までにご返信いただけますでしょうか。\n"
        "来月上旬に改めてお伺いします。\n"
        "\n"
        "> 11月30日までにお願いします。\n"
    )
    found = teinei.deadlines(text, today=TODAY)
    assert [d.to_dict() for d in found] == [
        {"text": "12月4日(金)17時", "start": 32, "end": 43, "date": "2026-12-04", "end_date": None,
         "time": "17:00", "weekday": "金", "context": "deadline"},
        {"text": "来月上旬", "start": 62, "end": 66, "date": "2026-12-01", "end_date": "2026-12-10",
         "time": None, "weekday": None, "context": "date"},
    ]
    assert text[32:43] == "12月4日(金)17時"
