"""Resolving date mentions against the reference date: a date without a year is the next such date, or the
latest past one where the sentence speaks of the past; the words around a date make it a deadline."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from teinei.dates.find import ScannedDate, scan
from teinei.dates.mention import FOLD, WEEKDAYS, Context, DateMention, fold
from teinei.dates.tense import past_starts
from teinei.lazy_re import lazy

if TYPE_CHECKING:
    from teinei.tokens import Sentence

# A written weekday chooses between the next occurrence of a year-less date and one this many days ago.
RECENT_DAYS = 60

_DEADLINE_AFTER = lazy(
    r"\s*(?:まで|迄|限り|必着|厳守|締め?切り?|〆切?|(?:が|を|の)?\s*(?:期限|締め?切り?|〆切り?|目処|目途|めど))"
)
_DEADLINE_BEFORE = lazy(r"(?:期限|期日|締め?切り?|〆切り?|納期|提出日|回答日)[ :は】\]]*\s*$")
_START_AFTER = lazy(r"\s*(?:より|から|以降|以後)")


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _why_invalid(year: int | None, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"{month}月という月はありません"
    if day < 1:
        return f"{day}日という日はありません"
    if month == 2 and day == 29 and year is not None:
        return f"{year}年はうるう年ではなく、2月は28日までです"
    longest = 29 if month == 2 else _calendar.monthrange(2024, month)[1]
    return f"{month}月は{longest}日までです"


class _Pick(NamedTuple):
    """The date a written date stands for (None: no such day, and why), and the other year's date it was
    chosen over, if any."""

    date: dt.date | None
    invalid: str | None = None
    previous: dt.date | None = None


def _choose(after: dt.date | None, before: dt.date | None, today: dt.date, context: Context,
            weekday: int | None) -> dt.date | None:
    """Between the next and the previous occurrence: the written weekday decides, then the sentence's tense."""
    recent = before if before is not None and (context == "past" or (today - before).days <= RECENT_DAYS) else None
    if weekday is not None:
        matching = [d for d in (after, recent) if d is not None and d.weekday() == weekday]
        if len(matching) == 1:
            return matching[0]
    if context == "past" and before is not None:
        return before
    return after


def _month_day(month: int, day: int, today: dt.date, context: Context, weekday: int | None) -> _Pick:
    """A month and day without a year."""
    if _safe_date(2024, month, day) is None:  # 2024 is a leap year: no year has this day
        return _Pick(None, _why_invalid(None, month, day))
    year_after = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    year_before = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    after = _safe_date(year_after, month, day)
    before = _safe_date(year_before, month, day)
    if after is None and (context != "past" or before is None):
        return _Pick(None, _why_invalid(year_after, month, day))
    chosen = _choose(after, before, today, context, weekday)
    previous = before if chosen is not None and chosen == after and before is not None else None
    return _Pick(chosen, None, previous)


def _day_only(day: int, today: dt.date, context: Context, weekday: int | None) -> _Pick:
    """「5日」: this month's or next month's (or last month's, in the past tense)."""
    after = None
    for months in range(3):
        year, month = _add_months(today.year, today.month, months)
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate >= today:
            after = candidate
            break
    before = None
    for months in range(0, -3, -1):
        year, month = _add_months(today.year, today.month, months)
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= today:
            before = candidate
            break
    return _Pick(_choose(after, before, today, context, weekday))


def _next_weekday(today: dt.date, weekday: int, context: Context) -> dt.date:
    if context == "past":
        return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def _month_period(year: int, month: int, period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    end = _month_end(year, month)
    if period.startswith("末"):
        return end, end
    if period in ("中", "いっぱい"):
        first = dt.date(year, month, 1)
        return max(first, today) if (year, month) == (today.year, today.month) else first, end
    first_day, last_day = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, end.day)}[period]
    return dt.date(year, month, first_day), dt.date(year, month, last_day)


def _year(match: re.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    if groups.get("reiwa"):
        return 2018 + (1 if groups["reiwa"] == "元" else int(groups["reiwa"]))
    return None


def _resolve(raw: ScannedDate, today: dt.date, context: Context) -> tuple[_Pick, dt.date | None, bool]:
    """(the pick, the end of a range, whether the year was written) for one raw match."""
    match, form = raw.match, raw.form
    groups = match.groupdict()
    if form in ("full", "iso"):
        year, month, day = _year(match), int(groups["m"]), int(groups["d"])
        assert year is not None
        date = _safe_date(year, month, day)
        return _Pick(date, None if date else _why_invalid(year, month, day)), None, True
    if form in ("md", "slash"):
        pick = _month_day(int(groups["m"]), int(groups["d"]), today, context, raw.weekday)
        if pick.invalid and form == "slash" and context != "deadline" and raw.weekday is None:
            pick = _Pick(None)  # 「2/30」 outside a deadline may be a fraction, not a wrong date
        return pick, None, False
    if form == "day":
        day = int(groups["d"])
        if raw.inherit is not None:
            base = _resolve(raw.inherit, today, context)[0].date
            if base is not None:
                year, month = (base.year, base.month) if day >= base.day else _add_months(base.year, base.month, 1)
                date = _safe_date(year, month, day)
                return _Pick(date, None if date else _why_invalid(year, month, day)), None, False
        return _day_only(day, today, context, raw.weekday), None, False
    if form == "period":
        month, year = int(groups["m"]), _year(match)
        if not 1 <= month <= 12:
            return _Pick(None, _why_invalid(year, month, 1)), None, year is not None
        if year is None and context == "past":
            year = today.year if month <= today.month else today.year - 1
        elif year is None:
            year = today.year if month >= today.month else today.year + 1
        first, last = _month_period(year, month, groups["period"], today)
        return _Pick(first), last, groups.get("y") is not None or groups.get("reiwa") is not None
    if form == "today":
        return _Pick(today), None, False
    if form == "tomorrow":
        days = 2 if match.group(0).startswith(("明後日", "あさって")) else 1
        return _Pick(today + dt.timedelta(days=days)), None, False
    if form in ("week_day", "week"):
        monday = _monday(today) + dt.timedelta(days=7 * ("今週", "来週", "再来週").index(groups["week"]))
        if form == "week_day":
            return _Pick(monday + dt.timedelta(days=WEEKDAYS.index(groups["wd"]))), None, False
        if groups.get("within"):  # 今週中: by Friday
            return _Pick(max(monday, today)), max(monday + dt.timedelta(days=4), today), False
        return _Pick(monday), monday + dt.timedelta(days=6), False
    if form == "week_start":
        return _Pick(_monday(today) + dt.timedelta(days=7)), None, False
    if form == "month":
        months = ("今月", "来月", "再来月").index(groups["month"])
        year, month = _add_months(today.year, today.month, months)
        first, last = _month_period(year, month, groups["period"], today)
        return _Pick(first), last, False
    if form == "month_end":
        if match.group(0).startswith("月末"):
            end = _month_end(today.year, today.month)
            return _Pick(end), None, False
        return _Pick(today), _month_end(today.year, today.month), False
    if form == "year":
        return _Pick(today), dt.date(today.year, 12, 31), False
    if form == "weekday":
        return _Pick(_next_weekday(today, WEEKDAYS.index(groups["wd"]), context)), None, False
    return _Pick(today), None, False  # a time alone: today


_FORMS = {
    "full": "date", "iso": "date", "md": "date", "slash": "date", "day": "day", "period": "month",
    "today": "today", "tomorrow": "relative", "week_day": "relative", "week_start": "relative",
    "week": "week", "month": "month", "month_end": "month", "year": "year", "weekday": "weekday", "time": "time",
}


def find_dates(text: str, today: dt.date, contexts: Sequence[Context] | None = None) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``today``.

    ``contexts`` gives, per expression in order, whether it is a deadline, a past event or another date
    (``classify`` reads it from the sentence); without it every expression is an ordinary date.
    """
    folded, raws = scan(text)
    return _mentions(text, folded, raws, today, contexts)


def _mentions(
    text: str, folded: str, raws: list[ScannedDate], today: dt.date, contexts: Sequence[Context] | None
) -> list[DateMention]:
    mentions: list[DateMention] = []
    for index, raw in enumerate(raws):
        context: Context = contexts[index] if contexts is not None else "date"
        if raw.form == "time":
            pick, end_date, explicit = _Pick(_day_of_time(folded, raw, mentions, today)), None, False
        else:
            pick, end_date, explicit = _resolve(raw, today, context)
        mentions.append(
            DateMention(
                start=raw.start,
                end=raw.end,
                text=text[raw.start : raw.end],
                date=pick.date,
                end_date=end_date,
                time=raw.time,
                weekday=raw.weekday,
                holiday_marked=raw.holiday_marked,
                context=context,
                form=_FORMS[raw.form],
                explicit_year=explicit,
                invalid=pick.invalid,
                previous=pick.previous,
                parts=raw.parts,  # the scan is over: its spans are handed on, not copied
            )
        )
    return mentions


def _day_of_time(folded: str, raw: ScannedDate, mentions: list[DateMention], today: dt.date) -> dt.date:
    """A time written alone belongs to the last date of its paragraph that is not a past event, else today."""
    for mention in reversed(mentions):
        if "\n\n" in folded[mention.end : raw.start].replace(" ", ""):
            break
        if mention.form != "time" and mention.context != "past" and mention.last_day is not None:
            return mention.last_day
    return today


def is_deadline(text: str, mention: DateMention, *, folded: str | None = None) -> bool:
    """Whether the words around a date make it a deadline: 「までに」「中」「必着」, or 「締切：」 before it.

    ``folded`` is ``text`` with full-width digits folded, when the caller has it (saves a pass per date).
    """
    folded = folded if folded is not None else fold(text)
    return _deadline_around(mention.text, folded, mention.start, mention.end)


def _deadline_around(written: str, folded: str, start: int, end: int) -> bool:
    if written.endswith(("中", "いっぱい", "年内", "月内")):
        return True
    if _DEADLINE_AFTER.match(folded, end):
        return True
    line_start = folded.rfind("\n", 0, start) + 1
    return _DEADLINE_BEFORE.search(folded, max(line_start, start - 10), start) is not None


def is_start(text: str, mention: DateMention) -> bool:
    """Whether a date is where something begins (「12月29日より」「1月4日から」), not a day to act on."""
    return _START_AFTER.match(text[mention.end : mention.end + 8].translate(FOLD)) is not None


def classify(text: str, today: dt.date, sentences: Sequence[Sentence]) -> list[DateMention]:
    """``find_dates`` with each expression's context read from its sentence: deadline, past event or date.

    The text is scanned once: a context depends only on where an expression is, not on what it resolves to.
    """
    folded, raws = scan(text)
    return resolve(text, folded, raws, today, set(past_starts(raws, sentences)))


def resolve(text: str, folded: str, raws: list[ScannedDate], today: dt.date, past: set[int]) -> list[DateMention]:
    """The scanned expressions resolved against ``today``, each in its context: a past event (its start in
    ``past``), a deadline (marked as one) or a date."""
    contexts: list[Context] = []
    for raw in raws:
        if raw.start in past:
            contexts.append("past")
        elif _deadline_around(text[raw.start : raw.end], folded, raw.start, raw.end):
            contexts.append("deadline")
        else:
            contexts.append("date")
    return _mentions(text, folded, raws, today, contexts)
