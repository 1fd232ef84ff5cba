"""Dates in Japanese business text: deadline expressions resolved to calendar dates, and a business calendar.

``find_dates(text, today)`` finds 12月5日(金)17時, 12/5, 2026年12月5日, 5日, 明日, 本日中, 来週月曜, 週明け, 月末,
来月上旬… and resolves each against a reference date. A date written without a year is the next such date on
or after the reference date (a December mail's 1月8日 is next January), except where the sentence speaks of
the past (「11月10日にお送りした資料」), where it is the latest such date on or before it. ``classify`` marks
each date as a deadline (まで, 中, 締切…), a past event, or another date from the tokens that follow it.

One module per job, each below the tokens and above nothing else (the text and sentences are passed in):

- ``mention``: what a date mention is, full-width folding, ``format_date``;
- ``find``: the date expressions of a text as written (``scan``);
- ``tense``: whether the sentence around a date speaks of the past (``past_starts``);
- ``resolve``: mentions resolved against the reference date, deadlines told apart (``resolve``, ``classify``);
- ``business``: the business calendar (weekends, holidays, closures);
- ``suggest``: dates written for suggestions (``restyle``, ``example_dates``).

The public helper ``teinei.deadlines`` reads a whole message (quotes, signatures, placeholders) and so lives
above the input layer, in ``teinei.linter``.
"""

from __future__ import annotations

from teinei.dates.business import YEAR_END, BusinessCalendar, Closure, business_days_after, holiday_name
from teinei.dates.find import ScannedDate, scan
from teinei.dates.mention import WEEKDAYS, Context, DateMention, fold, format_date
from teinei.dates.resolve import RECENT_DAYS, classify, find_dates, is_deadline, is_start, resolve
from teinei.dates.suggest import EXAMPLE_LEAD_DAYS, example_dates, restyle
from teinei.dates.tense import past_starts, past_tense_after
from teinei.reference import REFERENCE_YEARS

__all__ = [
    "EXAMPLE_LEAD_DAYS", "RECENT_DAYS", "REFERENCE_YEARS", "WEEKDAYS", "YEAR_END", "BusinessCalendar", "Closure",
    "Context", "DateMention", "ScannedDate", "business_days_after", "classify", "example_dates", "find_dates",
    "fold", "format_date", "holiday_name", "is_deadline", "is_start", "past_starts", "past_tense_after", "resolve",
    "restyle", "scan",
]
