"""Business days: weekends, Japanese public holidays, the year-end closure and a company's own closures."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from teinei import reference
from teinei.dates.mention import WEEKDAYS, format_date


class Closure(NamedTuple):
    """Days the writer's company is closed (inclusive), e.g. a summer break; ``name`` is shown to the user."""

    start: dt.date
    end: dt.date
    name: str = "休業期間"


MonthDay = tuple[int, int]
YEAR_END: tuple[MonthDay, MonthDay] = ((12, 29), (1, 3))


@lru_cache(maxsize=4096)
def holiday_name(day: dt.date) -> str | None:
    """The name of the public holiday on ``day`` (jpholiday), or None. Remembered: jpholiday asks each of its
    holiday rules in turn (about 0.1 ms a day), and a run over many files asks about the same days again.

    A day of last year to two years ahead is looked up in a table of their holidays kept between runs
    (``_kept_holidays``): a one-shot check that suggests a date (「例：11月26日(木)までに」) then neither imports
    jpholiday nor asks it about a first day, about 8 ms of its start-up. Other days are asked of jpholiday."""
    years, table = _kept_holidays()
    if day.year in years:
        return table.get(day)
    import jpholiday

    return jpholiday.is_holiday_name(day)


_KEPT_TABLES = 4  # holiday tables kept in the cache folder (one per code fingerprint and years)


@lru_cache(maxsize=1)
def _kept_holidays() -> tuple[range, dict[dt.date, str]]:
    """The years around the reference clock's year and jpholiday's name for each holiday of them, asked day by
    day once (a fraction of a second) and kept in the user's cache folder as JSON, keyed by teinei's code
    fingerprint (which holds jpholiday's files: an upgrade asks again) and the years. Only ``teinei.storage``
    is used for it: a date module reaches no higher (the rule cache's ``kept`` sits above the checks)."""
    import json

    from teinei.storage import (
        code_fingerprint,
        digest,
        make_private_folder,
        prune,
        read_own_file,
        user_cache_folder,
        write_atomic,
    )

    this_year = reference.clock().year  # (through the module: tests pin the clock there)
    years = range(this_year - 1, this_year + 3)
    key = digest("holidays", code_fingerprint(), str(years.start), str(years.stop))
    path = user_cache_folder() / f"holidays-{key[:32]}.json"
    raw = read_own_file(path)
    if raw is not None:
        with contextlib.suppress(ValueError, TypeError, AttributeError, KeyError):
            data = json.loads(raw)
            if data["key"] == key:
                return years, {dt.date.fromisoformat(day): str(name) for day, name in data["days"].items()}
    table = _holidays(years)
    days = {day.isoformat(): name for day, name in table.items()}
    with contextlib.suppress(OSError):  # a cache that cannot be written only means no caching
        make_private_folder(path.parent)
        write_atomic(path, json.dumps({"key": key, "days": days}, ensure_ascii=False).encode("utf-8"))
        prune(path, "holidays-*.json", _KEPT_TABLES)
    return years, table


def _holidays(years: range) -> dict[dt.date, str]:
    import jpholiday

    table: dict[dt.date, str] = {}
    day = dt.date(years.start, 1, 1)
    while day.year < years.stop:
        name = jpholiday.is_holiday_name(day)
        if name is not None:
            table[day] = name
        day += dt.timedelta(days=1)
    return table


@dataclass(frozen=True)
class BusinessCalendar:
    """Which days are business days: not weekends, not Japanese public holidays (jpholiday), not the
    year-end closure (12/29–1/3 unless ``year_end`` says otherwise; None for none), not a company closure."""

    closures: tuple[Closure, ...] = ()
    year_end: tuple[MonthDay, MonthDay] | None = YEAR_END
    hours: tuple[int, int] = (9, 18)

    @classmethod
    def of(cls, closures: Iterable[Closure | tuple[dt.date, dt.date]] = (), **kwargs: object) -> BusinessCalendar:
        """A calendar from closures given as ``Closure`` objects or ``(start, end)`` pairs of dates."""
        items = tuple(c if isinstance(c, Closure) else Closure(c[0], c[1]) for c in closures)
        return cls(items, **kwargs)  # type: ignore[arg-type]

    def closure_of(self, day: dt.date) -> Closure | None:
        """The closure that contains ``day``: a company closure, or the year-end closure around it."""
        for closure in self.closures:
            if closure.start <= day <= closure.end:
                return closure
        if self.year_end is not None:
            (m1, d1), (m2, d2) = self.year_end
            start_year = day.year if (day.month, day.day) >= (m1, d1) else day.year - 1
            start = dt.date(start_year, m1, d1)
            end = dt.date(start_year + (1 if (m2, d2) < (m1, d1) else 0), m2, d2)
            if start <= day <= end:
                return Closure(start, end, "年末年始の休業期間")
        return None

    def next_closure(self, day: dt.date, within: int) -> Closure | None:
        """A closure that starts within ``within`` days after ``day`` (or contains it)."""
        for offset in range(within + 1):
            closure = self.closure_of(day + dt.timedelta(days=offset))
            if closure is not None:
                return closure
        return None

    def reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a business day (土曜日, 祝日（勤労感謝の日）…), or None when it is one."""
        closure = self.closure_of(day)
        if closure is not None:
            return f"{closure.name}（{format_date(closure.start)}〜{format_date(closure.end)}）"
        name = holiday_name(day)
        if name:
            return f"祝日（{name}）"
        if day.weekday() >= 5:
            return f"{WEEKDAYS[day.weekday()]}曜日"
        return None

    def is_business_day(self, day: dt.date) -> bool:
        """``reason(day) is None``, without wording the reason (asked for every day a deadline is away)."""
        return day.weekday() < 5 and self.closure_of(day) is None and not holiday_name(day)

    def previous_business_day(self, day: dt.date) -> dt.date:
        """The last business day before ``day`` (a closure is at most a few weeks, so the walk is short)."""
        current = day - dt.timedelta(days=1)
        for _ in range(366):
            if self.is_business_day(current):
                return current
            current -= dt.timedelta(days=1)
        return current

    def next_business_day(self, day: dt.date) -> dt.date:
        current = day + dt.timedelta(days=1)
        for _ in range(366):
            if self.is_business_day(current):
                return current
            current += dt.timedelta(days=1)
        return current

    def business_hours(self, start: dt.datetime, end: dt.datetime, at_most: float = 1000.0) -> float:
        """Working hours between two moments, counting only business hours of business days; the count
        stops once it reaches ``at_most`` (a check that only asks "fewer than N?" need not walk to a
        deadline months away)."""
        open_hour, close_hour = self.hours
        total = 0.0
        day = start.date()
        while day <= end.date() and total < at_most:
            if self.is_business_day(day):
                opens = dt.datetime.combine(day, dt.time(open_hour))
                closes = dt.datetime.combine(day, dt.time(close_hour))
                lo, hi = max(opens, start), min(closes, end)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 3600
            day += dt.timedelta(days=1)
        return total


def business_days_after(today: dt.date, days: int, calendar: BusinessCalendar | None = None) -> dt.date:
    """The ``days``-th business day after ``today`` (weekends, public holidays and closures skipped)."""
    calendar = calendar or BusinessCalendar()
    day = today
    for _ in range(days):
        day = calendar.next_business_day(day)
    return day
