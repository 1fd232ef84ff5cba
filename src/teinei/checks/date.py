"""The date kind: dates resolved against the reference date (``teinei.dates``), one test per rule.

Every match carries the resolved date in ``data`` (ISO strings), so a deadline finding says which day it read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from teinei.analysis import Analysis, Match
from teinei.checks.concept import CompiledConcept, message_bounds, present, sentence_bounds
from teinei.dates.business import BusinessCalendar, holiday_name
from teinei.dates.find import ScannedDate, scan
from teinei.dates.mention import WEEKDAYS, DateMention, format_date
from teinei.dates.resolve import RECENT_DAYS, is_start, resolve
from teinei.dates.suggest import restyle
from teinei.dates.tense import past_starts

if TYPE_CHECKING:
    from teinei.ruleset.model import DateRule

_DEFAULT_CALENDAR = BusinessCalendar()
_CACHE_KEY = "teinei.dates"
_SCAN_KEY = "teinei.dates.scan"
_PAST_KEY = "teinei.dates.past"
# Forms that name one day the reader could miss is a holiday; ranges, weekdays and 本日 are chosen knowingly.
_DAY_FORMS = frozenset({"date", "day", "relative", "month"})

Found = tuple[dict[str, str], dict[str, object]] | None  # (captures for the message, extra finding data)


def _scanned(analysis: Analysis) -> tuple[str, list[ScannedDate]]:
    """The analysis' text folded and its date expressions, found once."""
    found = analysis.cache.get(_SCAN_KEY)
    if found is None:
        found = analysis.cache[_SCAN_KEY] = scan(analysis.text)
    return found  # type: ignore[return-value]


def _past(analysis: Analysis) -> list[int]:
    return past_starts(_scanned(analysis)[1], analysis.sentences)


def mentions(analysis: Analysis) -> list[DateMention]:
    """The dates of an analysis, resolved and classified once however many date rules run."""
    cache = analysis.cache
    if _CACHE_KEY not in cache:
        folded, raws = _scanned(analysis)
        past = set(analysis.once(_PAST_KEY, _past))
        cache[_CACHE_KEY] = resolve(analysis.text, folded, raws, analysis.today, past)
        del cache[_SCAN_KEY]  # a copy of the text and every expression found: no longer needed
    return cache[_CACHE_KEY]  # type: ignore[return-value]


def _long(day: dt.date) -> str:
    return format_date(day, year=True)


class DateCheck:
    def __init__(self, rule: DateRule, when: list[CompiledConcept], unless: list[CompiledConcept]) -> None:
        self.rule = rule
        self.contexts = frozenset(rule.contexts)
        self.when = when
        self.unless = unless
        tests: dict[str, Callable[[DateMention, Analysis], Found]] = {
            "weekday-mismatch": self._weekday_mismatch,
            "invalid": self._invalid,
            "past": self._past,
            "non-business-day": self._non_business_day,
            "too-tight": self._too_tight,
        }
        self.test = tests[rule.test]

    def find(self, analysis: Analysis) -> Iterator[Match]:
        for mention in mentions(analysis):
            if mention.context not in self.contexts:
                continue
            found = self.test(mention, analysis)
            if found is None:
                continue
            sentence = sentence_bounds(analysis, mention.start)
            if self.when and not present(analysis, self.when, *sentence):
                continue
            scope = message_bounds(analysis) if self.rule.unless_scope == "message" else sentence
            if self.unless and present(analysis, self.unless, *scope):
                continue
            captures, extra = found
            data = {**mention.to_dict(), "reference": analysis.today.isoformat(), **extra}
            yield Match(mention.start, mention.end, captures, None, data)

    # --- tests: each returns the captures and data of a finding, or None -------------------------------------

    def _weekday_mismatch(self, mention: DateMention, analysis: Analysis) -> Found:
        day = mention.date
        if day is None or mention.weekday is None or mention.is_range or day.weekday() == mention.weekday:
            return None
        shift = (mention.weekday - day.weekday()) % 7
        nearest = day + dt.timedelta(days=shift if shift <= 3 else shift - 7)  # the closest day that is that weekday
        captures = {
            "date": f"{day.year}年{day.month}月{day.day}日",
            "written": WEEKDAYS[mention.weekday],
            "actual": WEEKDAYS[day.weekday()],
            "fix_weekday": restyle(analysis.text, mention, day),
            "fix_date": restyle(analysis.text, mention, nearest),
        }
        return captures, {"actual_weekday": WEEKDAYS[day.weekday()], "weekday_date": nearest.isoformat()}

    def _invalid(self, mention: DateMention, analysis: Analysis) -> Found:
        if mention.invalid is None:
            return None
        return {"reason": mention.invalid}, {"invalid": mention.invalid}

    def _past(self, mention: DateMention, analysis: Analysis) -> Found:
        today, due = analysis.today, mention.last_day
        if due is None:
            return None
        if due < today:
            past = due
        elif (
            mention.form == "date"
            and not mention.explicit_year
            and mention.weekday is None  # a written weekday already chose between last year and next
            and mention.previous is not None
            and 0 < (today - mention.previous).days <= self.rule.within_days
        ):
            past = mention.previous  # 「11月10日まで」 written on 11月20日: a slip, not next November
        else:
            return None
        captures = {"date": _long(past), "reference": _long(today)}
        if past != due:
            captures["next"] = _long(due)
        return captures, {"past_date": past.isoformat()}

    def _non_business_day(self, mention: DateMention, analysis: Analysis) -> Found:
        day = mention.date
        if day is None or mention.is_range or mention.form not in _DAY_FORMS or day < analysis.today:
            return None
        if mention.weekday is not None and mention.weekday != day.weekday():
            return None  # the weekday-mismatch rule speaks about this date
        if mention.previous is not None and (analysis.today - mention.previous).days <= RECENT_DAYS:
            return None  # 「11月1日発行」 ten days after: more likely that day than next year's
        if is_start(analysis.text, mention):
            return None  # 「12月29日より通常どおり対応」: from then on, not a day to act on
        calendar = analysis.calendar or _DEFAULT_CALENDAR
        reason = calendar.reason(day)
        if reason is None:
            return None
        closure = calendar.closure_of(day)
        if closure is None:
            holiday = holiday_name(day)
            if mention.holiday_marked and holiday:
                return None  # 「11月23日(月・祝)」: the writer knows
            if not holiday and mention.weekday is not None:
                return None  # 「12月5日(土)」: a weekend chosen knowingly
        previous = calendar.previous_business_day(day)
        captures = {"date": _long(day), "reason": reason, "previous": format_date(previous)}
        data: dict[str, object] = {"non_business_day": reason, "previous_business_day": previous.isoformat()}
        notice = closure or calendar.next_closure(day, self.rule.notice_days)
        if notice is not None:
            last_day = calendar.previous_business_day(notice.start)
            captures["closure"] = f"{format_date(notice.start)}〜{format_date(notice.end)}"
            captures["last_day"] = format_date(last_day)
            data["closure"] = {"start": notice.start.isoformat(), "end": notice.end.isoformat(), "name": notice.name}
        return captures, data

    def _too_tight(self, mention: DateMention, analysis: Analysis) -> Found:
        due, today = mention.last_day, analysis.today
        if due is None or due < today:
            return None
        calendar = analysis.calendar or _DEFAULT_CALENDAR
        close = dt.time(calendar.hours[1])
        hours: float | None = None
        if analysis.now is not None:
            moment = dt.datetime.combine(due, mention.time or close)
            if moment < analysis.now:
                return None
            hours = calendar.business_hours(analysis.now, moment, at_most=self.rule.min_hours)
        if due != today and (hours is None or hours >= self.rule.min_hours):
            return None
        later = calendar.next_business_day(calendar.next_business_day(today))
        due_text = format_date(due) + (f"{mention.time.hour}時" if mention.time else "")
        if mention.time and mention.time.minute:
            due_text += f"{mention.time.minute}分"
        captures = {"due": due_text, "later": format_date(later)}
        data: dict[str, object] = {"business_hours": round(hours, 1) if hours is not None else None}
        return captures, data
