"""Dates in Japanese business text: deadline expressions resolved to calendar dates, and a business calendar.

``find_dates(text, today)`` finds 12月5日(金)17時, 12/5, 2026年12月5日, 5日, 明日, 本日中, 来週月曜, 週明け, 月末,
来月上旬… and resolves each against a reference date. A date written without a year is the next such date on
or after the reference date (a December mail's 1月8日 is next January), except where the sentence speaks of
the past (「11月10日にお送りした資料」), where it is the latest such date on or before it. ``classify`` marks
each date as a deadline (まで, 中, 締切…), a past event, or another date from the tokens that follow it.
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import datetime as dt
import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from teinei.reference import REFERENCE_YEARS as REFERENCE_YEARS  # (its users import it from here too)

if TYPE_CHECKING:
    from teinei.tokens import Sentence, Token

WEEKDAYS = "月火水木金土日"  # index = date.weekday()
Context = Literal["deadline", "past", "date"]

# A written weekday chooses between the next occurrence of a year-less date and one this many days ago.
RECENT_DAYS = 60

# Full-width digits and punctuation map one-to-one onto ASCII, so offsets in the folded text are the text's.
_FOLD = str.maketrans("０１２３４５６７８９／：（）－．～　", "0123456789/:()-.~ ")
_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
_FOLDABLE = re.compile("[" + "".join(map(chr, _FOLD)) + "]+")


def _fold(text: str) -> str:
    """``text.translate(_FOLD)``; translating only the runs that change is much faster on a long text."""
    return _FOLDABLE.sub(lambda run: run.group().translate(_FOLD), text)


@dataclass(frozen=True, slots=True)  # slots: a long text has tens of thousands of them
class DateMention:
    """One date expression: its span in the text, the day it means (or a range), a time, a written weekday.

    ``date`` is None when the written date does not exist (``invalid`` says why, e.g. 2027年2月29日).
    ``end_date`` is set for ranges (来月上旬, 今週中). ``previous`` is, for a date written without a year and
    read as a future one, the latest such date before the reference date (what a writer who reused an old
    text or mistyped the month may have meant).
    """

    start: int
    end: int
    text: str
    date: dt.date | None
    end_date: dt.date | None = None
    time: dt.time | None = None
    weekday: int | None = None  # the weekday written next to the date, 0 = Monday
    holiday_marked: bool = False  # 「(月・祝)」: the writer knows it is a holiday
    context: Context = "date"
    form: str = "date"  # date (12月5日), day (5日), relative (明日, 来週月曜), weekday (金曜), month, week, time
    explicit_year: bool = False
    invalid: str | None = None
    previous: dt.date | None = None
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)  # spans of year/month/day/weekday digits

    @property
    def is_range(self) -> bool:
        return self.end_date is not None and self.end_date != self.date

    @property
    def last_day(self) -> dt.date | None:
        """The day a deadline falls due: the end of a range, else the date."""
        return self.end_date or self.date

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly summary (ISO dates and times) for finding data and the public helper."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat() if self.date else None,
            "end_date": self.end_date.isoformat() if self.is_range and self.end_date else None,
            "time": self.time.strftime("%H:%M") if self.time else None,
            "weekday": WEEKDAYS[self.weekday] if self.weekday is not None else None,
            "context": self.context,
        }


# --- patterns -------------------------------------------------------------------------------------------

# Patterns as written: a date is the leftmost match of any of them, the earliest in this list on a tie.
_YEAR = r"(?:(?P<y>(?:19|20)\d{2})|令和\s*(?P<reiwa>\d{1,2}|元))\s*年\s*"
_DATE_PATTERNS = [
    ("full", rf"(?<!\d){_YEAR}(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日"),
    ("iso", r"(?<![\d/.\-])(?P<y>(?:19|20)\d{2})(?P<sep>[/\-.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/.:])"),
    ("period", rf"(?<![\d年])(?:{_YEAR})?(?P<m>\d{{1,2}})\s*月\s*(?P<period>上旬|中旬|下旬|末日?|中(?!旬))"),
    ("md", r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    (
        "slash",
        r"(?<![\d/.\-])(?P<m>\d{1,2})/(?P<d>\d{1,2})"
        r"(?![\d/.:]|\s*(?:程度|以上|以下|未満|ほど|倍|%|割|の確率|ページ|回|人|名|件|個|本|枚))",
    ),
    ("today", r"(?:本日|今日)(?P<within>中)?"),
    ("tomorrow", r"(?:明後日|あさって)(?P<within2>中)?|(?:明日|あした)(?P<within>中)?"),
    ("week_day", r"(?P<week>今週|来週|再来週)\s*(?:の\s*)?(?P<wd>[月火水木金土日])曜日?"),
    ("week", r"(?P<week>今週|来週|再来週)(?P<within>中|いっぱい)?"),
    ("week_start", r"週明け"),
    ("month", r"(?P<month>今月|来月|再来月)\s*(?:の\s*)?(?P<period>末日?|中(?!旬)|上旬|中旬|下旬|いっぱい)"),
    ("month_end", r"(?<![今来月])月末日?(?!締め|〆|払い)|(?<![今来])月内"),  # 月末締め: a billing cycle
    ("year", r"年内"),
    (
        "day",
        r"(?<![\d月年/.\-])(?P<d>\d{1,2})日"
        r"(?!間|以内|以上|以降|後|前|目|ぶり|程度|ほど|分|付|中|も|連続|おき|ごと|毎|限|締め|〆|払い|\d"
        r"|\s*[\d]+\s*(?:回|件|個))",
    ),
    ("weekday", r"(?<![週毎隔第\d])(?P<wd>[月火水木金土日])曜(?:日)?"),
]
_TIME = (
    r"(?:(?P<ampm>午前|午後|AM|PM|am|pm)\s*)?(?<![\d:])(?P<h>\d{1,2})\s*時(?!間|限|点|台|頃から)"
    r"\s*(?:(?P<half>半)|(?P<min>\d{1,2})\s*分)?"
    r"|(?<![\d:/])(?P<h2>\d{1,2}):(?P<min2>\d{2})(?![\d:])"
    r"|(?P<am>午前中)|(?P<noon>正午)"
)
_TIME_RE = re.compile(_TIME)

# The same patterns as the scanner searches them, with the same matches. ``re`` skips ahead quickly only to a
# pattern's possible first characters, and only when the pattern starts with a character or a set, so:
# a lookbehind moves after the first character (``(?<!\d)(?P<m>\d{1,2})`` is ``(?P<m>\d(?<!\d\d)\d?)``),
# and an alternation whose branches start differently (with or without a year; the forms of a time)
# becomes one pattern per branch. Branches of one pattern stay next to each other in their order, so
# that on a tie the same branch wins as in the pattern as written.
_MD = r"\s*月\s*(?P<d>\d{1,2})\s*日"
_PERIOD = r"\s*月\s*(?P<period>上旬|中旬|下旬|末日?|中(?!旬))"
_TIME_REST = r"\s*時(?!間|限|点|台|頃から)\s*(?:(?P<half>半)|(?P<min>\d{1,2})\s*分)?"
_SCANNED_PATTERNS = [
    ("full", rf"(?P<y>(?:1(?<!\d1)9|2(?<!\d2)0)\d{{2}})\s*年\s*(?P<m>\d{{1,2}}){_MD}"),
    ("full", rf"令(?<!\d令)和\s*(?P<reiwa>\d{{1,2}}|元)\s*年\s*(?P<m>\d{{1,2}}){_MD}"),
    (
        "iso",
        r"(?P<y>(?:1(?<![\d/.\-]1)9|2(?<![\d/.\-]2)0)\d{2})(?P<sep>[/\-.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
        r"(?![\d/.:])",
    ),
    ("period", rf"(?P<y>(?:1(?<![\d年]1)9|2(?<![\d年]2)0)\d{{2}})\s*年\s*(?P<m>\d{{1,2}}){_PERIOD}"),
    ("period", rf"令(?<![\d年]令)和\s*(?P<reiwa>\d{{1,2}}|元)\s*年\s*(?P<m>\d{{1,2}}){_PERIOD}"),
    ("period", rf"(?P<m>\d(?<![\d年]\d)\d?){_PERIOD}"),
    ("md", rf"(?P<m>\d(?<![\d年]\d)\d?){_MD}"),
    (
        "slash",
        r"(?P<m>\d(?<![\d/.\-]\d)\d?)/(?P<d>\d{1,2})"
        r"(?![\d/.:]|\s*(?:程度|以上|以下|未満|ほど|倍|%|割|の確率|ページ|回|人|名|件|個|本|枚))",
    ),
    ("today", r"(?:本日|今日)(?P<within>中)?"),
    ("tomorrow", r"(?:明後日|あさって)(?P<within2>中)?"),
    ("tomorrow", r"(?:明日|あした)(?P<within>中)?"),
    ("week_day", r"(?P<week>今週|来週|再来週)\s*(?:の\s*)?(?P<wd>[月火水木金土日])曜日?"),
    ("week", r"(?P<week>今週|来週|再来週)(?P<within>中|いっぱい)?"),
    ("week_start", r"週明け"),
    ("month", r"(?P<month>今月|来月|再来月)\s*(?:の\s*)?(?P<period>末日?|中(?!旬)|上旬|中旬|下旬|いっぱい)"),
    ("month_end", r"月(?<![今来月]月)末日?(?!締め|〆|払い)|月(?<![今来]月)内"),
    ("year", r"年内"),
    (
        "day",
        r"(?P<d>\d(?<![\d月年/.\-]\d)\d?)日"
        r"(?!間|以内|以上|以降|後|前|目|ぶり|程度|ほど|分|付|中|も|連続|おき|ごと|毎|限|締め|〆|払い|\d"
        r"|\s*[\d]+\s*(?:回|件|個))",
    ),
    ("weekday", r"(?P<wd>[月火水木金土日])(?<![週毎隔第\d][月火水木金土日])曜(?:日)?"),
    ("time", rf"(?P<ampm>午前|午後|AM|PM|am|pm)\s*(?<![\d:])(?P<h>\d{{1,2}}){_TIME_REST}"),
    ("time", rf"(?P<h>\d(?<![\d:]\d)\d?){_TIME_REST}"),
    ("time", r"(?P<h2>\d(?<![\d:/]\d)\d?):(?P<min2>\d{2})(?![\d:])"),
    ("time", r"(?P<am>午前中)"),
    ("time", r"(?P<noon>正午)"),
]
# Each pattern is compiled on its own (group names repeat across them); the scanner takes the leftmost match.
_SCANNED = [(name, re.compile(pattern)) for name, pattern in _SCANNED_PATTERNS]
_WEEKDAY_SUFFIX = re.compile(
    r"\s?\(\s*(?P<wd>[月火水木金土日])(?:曜日?)?\s*(?:[・･,、/]?\s*(?P<hol>祝|祭)日?)?\s*\)"
    r"|\s?(?P<wd2>[月火水木金土日])曜日?"
)
_TIME_GAP = re.compile(r" ?(?:の|は|に)?[ 、,]?")
_RANGE_LINK = re.compile(r"\s*(?:[~〜\-・、,]|から|や|と|または|か)\s*")
_DEADLINE_AFTER = re.compile(
    r"\s*(?:まで|迄|限り|必着|厳守|締め?切り?|〆切?|(?:が|を|の)?\s*(?:期限|締め?切り?|〆切り?|目処|目途|めど))"
)
_DEADLINE_BEFORE = re.compile(r"(?:期限|期日|締め?切り?|〆切り?|納期|提出日|回答日)[ :は】\]]*\s*$")
_RECURRING_BEFORE = re.compile(r"(?:毎月|毎週|毎年|隔週|毎|翌月|前月|当月|同月)\s*$")  # not a day of this month
# A time after a day this module does not resolve (前日18時, 当日10時, 毎週月曜10時) belongs to that day.
_OTHER_DAY_BEFORE = re.compile(r"(?:日|曜|朝|晩|夜)\s?(?:の|は)?\s?$")
_START_AFTER = re.compile(r"\s*(?:より|から|以降|以後)")


# --- calendar arithmetic -------------------------------------------------------------------------------



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


def format_date(day: dt.date, *, year: bool = False) -> str:
    """12月5日(土), or 2026年12月5日(土) with ``year``."""
    text = f"{day.month}月{day.day}日({WEEKDAYS[day.weekday()]})"
    return f"{day.year}年{text}" if year else text


# --- resolution -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pick:
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


# --- scanning -------------------------------------------------------------------------------------------


@dataclass
class ScannedDate:
    """A match before resolution: what was written, where, and what follows it."""

    form: str
    match: re.Match[str]
    start: int
    end: int
    weekday: int | None = None
    holiday_marked: bool = False
    time: dt.time | None = None
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    inherit: ScannedDate | None = None  # 「12月5日〜8日」: the 8日 takes its month from 12月5日
    dropped: bool = False  # kept only until the scan ends, so that 「平日9時〜18時」 drops its 18時 too


def _parse_time(match: re.Match[str]) -> dt.time | None:
    groups = match.groupdict()
    if groups.get("am") or groups.get("noon"):
        return dt.time(12, 0)
    if groups.get("h2") is not None:
        hour, minute = int(groups["h2"]), int(groups["min2"])
    else:
        hour = int(groups["h"])
        minute = 30 if groups.get("half") else int(groups["min"] or 0)
        if groups.get("ampm") in ("午後", "PM", "pm") and hour < 12:
            hour += 12
    if hour == 24 and minute == 0:
        return dt.time(23, 59)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)


class _Finder:
    """The leftmost match of any date pattern at or after a position (the earliest pattern on a tie). Each
    pattern's next match waits in a heap until the scan passes it, so a long text is searched once per
    pattern, not once per date found, and a step looks at the nearest match only."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.patterns = _SCANNED
        self.heap: list[tuple[int, int, re.Match[str]]] = []
        for index, (_, pattern) in enumerate(self.patterns):
            match = pattern.search(text)
            if match is not None:
                self.heap.append((match.start(), index, match))
        heapq.heapify(self.heap)

    def leftmost(self, pos: int) -> tuple[str, re.Match[str]] | None:
        heap = self.heap
        while heap and heap[0][0] < pos:  # passed by the scan: that pattern's next match from ``pos``
            index = heap[0][1]
            match = self.patterns[index][1].search(self.text, pos)
            if match is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (match.start(), index, match))
        if not heap:
            return None
        return self.patterns[heap[0][1]][0], heap[0][2]


def _scan(folded: str) -> list[ScannedDate]:
    raws: list[ScannedDate] = []
    pos = 0
    finder = _Finder(folded)
    while True:
        found = finder.leftmost(pos)
        if found is None:
            break
        form, match = found
        window = max(0, match.start() - 4), match.start()
        recurring = form == "day" and _RECURRING_BEFORE.search(folded, *window)
        other_day = form == "time" and _OTHER_DAY_BEFORE.search(folded, *window)
        if recurring or (form == "time" and _parse_time(match) is None):  # 毎月5日, 25時
            pos = match.end()
            continue
        raw = ScannedDate(form, match, match.start(), match.end(), dropped=bool(other_day))
        for name in ("y", "reiwa", "m", "d"):
            if name in match.re.groupindex and match.group(name) is not None:
                raw.parts[name] = match.span(name)
        if form in ("week_day", "weekday"):
            raw.weekday = WEEKDAYS.index(match.group("wd"))  # 来週月曜: the weekday is written, too
        if form == "time":
            raw.time = _parse_time(match)
        else:
            _attach_suffixes(folded, raw)
        if form == "time" and raws and raws[-1].time is not None and _RANGE_LINK.fullmatch(
            folded, raws[-1].end, raw.start
        ):
            if raws[-1].form == "time":
                raws.pop()  # 「9時〜18時」: opening hours, not a deadline
            pos = raw.end
            continue
        if form == "day" and raws:
            last = raws[-1]
            if last.form in ("full", "iso", "md", "slash") and _RANGE_LINK.fullmatch(folded, last.end, raw.start):
                raw.inherit = last
        raws.append(raw)
        pos = raw.end
    return [raw for raw in raws if not raw.dropped]


def _attach_suffixes(folded: str, raw: ScannedDate) -> None:
    """Extend a date over a written weekday 「(金)」 and a time 「17時」 that follow it."""
    if raw.form not in ("week_day", "weekday", "week", "month", "month_end", "year", "period"):
        suffix = _WEEKDAY_SUFFIX.match(folded, raw.end)
        if suffix is not None:
            name = "wd" if suffix.group("wd") else "wd2"
            raw.weekday = WEEKDAYS.index(suffix.group(name))
            raw.holiday_marked = bool(suffix.group("hol")) if name == "wd" else False
            raw.parts["wd"] = suffix.span(name)
            raw.end = suffix.end()
    if raw.form in ("full", "iso", "md", "slash", "today", "tomorrow", "week_day", "weekday", "day", "week_start"):
        gap = _TIME_GAP.match(folded, raw.end)
        at = gap.end() if gap else raw.end
        time = _TIME_RE.match(folded, at)
        if time is not None and _parse_time(time) is not None:
            raw.time = _parse_time(time)
            raw.end = time.end()


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
    folded = _fold(text)
    return _mentions(text, folded, _scan(folded), today, contexts)


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
    folded = folded if folded is not None else _fold(text)
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
    return _START_AFTER.match(text[mention.end : mention.end + 8].translate(_FOLD)) is not None


_PREDICATE_POS = frozenset({"動詞", "助動詞", "形容詞"})
_RELATIVE_HEAD_POS = frozenset({"名詞", "接頭辞", "代名詞"})


_PREDICATE_REACH = 256  # tokens read after a date for its predicate: a sentence has far fewer (base64 has none)


def past_tense_after(sentence: Sentence, offset: int, cleft: int | None = -1) -> bool:
    """Whether the predicate that governs a date at ``offset`` is in the past tense.

    The first run of verbs and auxiliaries after the date decides (「11月10日にお送りした資料」 is past,
    「お送りする資料」 is not). A run that ends in a continuative form (「お送りいただき、」) hands the decision to
    the next run, and so does a past relative clause after a comma (「12月5日までに、先日お送りした資料を
    ご確認ください」: the date belongs to the request, not to 「お送りした」).

    Reads what it needs of each token once per kind (``KindTable.facts``): no ``Token`` is built. ``cleft``
    is ``_first_cleft_end(sentence)`` when the caller has it (-1: work it out); a line of hundreds of
    thousands of characters with hundreds of dates in it was quadratic.
    """
    cleft = _first_cleft_end(sentence) if cleft == -1 else cleft
    if cleft is not None and cleft <= offset:
        return True
    roles, kinds = sentence.table.facts(_role), sentence.kinds
    in_run = past = False  # inside a run of predicate tokens; a past auxiliary in it
    rentai = renyou = comma = False  # the run's last token ends a relative clause / continues; a 、 was seen
    first = bisect.bisect_left(sentence.starts, offset)
    for index in range(first, min(len(kinds), first + _PREDICATE_REACH)):
        predicate, joins, head, is_comma, is_rentai, is_renyou, is_past = roles[kinds[index]]  # type: ignore[misc]
        if predicate or (in_run and joins):
            in_run, past = True, past or is_past
            rentai, renyou = is_rentai, is_renyou
            continue
        if in_run:
            relative = rentai and head
            if past and not (comma and relative):
                return True
            if not (renyou or relative):
                return False
            in_run = past = False
        if is_comma:
            comma = True
    return in_run and past


def _role(token: Token) -> tuple[bool, bool, bool, bool, bool, bool, bool]:
    """What ``past_tense_after`` reads of a token: a predicate (verb, auxiliary, adjective); one that joins a
    run (接続助詞, 接尾辞); a head a relative clause can modify; a 読点; a 連体形 ending; an ending that hands
    on (連用形, て/で); a past auxiliary (た)."""
    return (
        token.pos1 in _PREDICATE_POS,
        token.pos2 == "接続助詞" or token.pos1 == "接尾辞",
        token.pos1 in _RELATIVE_HEAD_POS,
        token.pos2 == "読点",
        token.cform.startswith("連体形"),
        token.cform.startswith("連用形") or token.surface in ("て", "で"),
        token.pos1 == "助動詞" and token.lemma == "た",
    )


def _first_cleft_end(sentence: Sentence) -> int | None:
    """「連絡が取れたのは31日の夕方」: a past clause before 「のは」 makes a date after it a past one. Where the
    sentence's first such 「たのは」「たのが」 ends (a date at or after it is past), or None."""
    kinds = sentence.kinds
    past, protos = sentence.table.memo(_is_past_auxiliary), sentence.table.protos
    for index in range(len(kinds) - 2):
        following = protos[kinds[index + 1]].surface, protos[kinds[index + 2]].surface
        if past[kinds[index]] and following in (("の", "は"), ("の", "が")):
            return sentence.token_end(index + 2)
    return None


def _is_past_auxiliary(token: Token) -> bool:
    return token.pos1 == "助動詞" and token.lemma == "た"


def classify(text: str, today: dt.date, sentences: Sequence[Sentence]) -> list[DateMention]:
    """``find_dates`` with each expression's context read from its sentence: deadline, past event or date.

    The text is scanned once: a context depends only on where an expression is, not on what it resolves to.
    """
    folded, raws = scan(text)
    return resolve(text, folded, raws, today, set(past_starts(raws, sentences)))


def scan(text: str) -> tuple[str, list[ScannedDate]]:
    """The text with full-width digits folded, and the date expressions found in it, in order."""
    folded = _fold(text)
    return folded, _scan(folded)


def past_starts(raws: list[ScannedDate], sentences: Sequence[Sentence]) -> list[int]:
    """Where the expressions (``scan``) that lie in ``sentences`` start, of those a past tense follows in
    their sentence (read from its tokens: a window of a long text's sentences gives its own part)."""
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    first = bisect.bisect_left([raw.start for raw in raws], starts[0])
    found: list[int] = []
    clefts: dict[int, int | None] = {}  # by sentence: worked out once for all its dates
    for raw in raws[first:]:
        if raw.start >= sentences[-1].end:
            break
        index = bisect.bisect_right(starts, raw.start) - 1
        sentence = sentences[index] if index >= 0 and raw.start < sentences[index].end else None
        if sentence is None:
            continue
        if index not in clefts:
            clefts[index] = _first_cleft_end(sentence)
        if past_tense_after(sentence, raw.end, clefts[index]):
            found.append(raw.start)
    return found


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


def restyle(text: str, mention: DateMention, day: dt.date) -> str:
    """The mention rewritten to mean ``day`` in the writer's own style (12/4(金), １２月４日（金）…).

    Only written parts change; when the new day needs a part the writer left out (a month for 「5日」), the
    result is the plain 12月4日(金).
    """
    parts = mention.parts
    current = mention.date
    needs = {"wd"} if "wd" in parts else set()
    if current is None or day != current:
        needs.add("d")
    if current is None or day.month != current.month:
        needs.add("m")
    if current is None or day.year != current.year:
        needs.add("y" if "y" in parts or "reiwa" not in parts else "reiwa")
    if not needs <= set(parts):
        return format_date(day, year=mention.explicit_year)
    values = {"y": str(day.year), "reiwa": str(day.year - 2018), "m": str(day.month), "d": str(day.day),
              "wd": WEEKDAYS[day.weekday()]}
    pieces: list[str] = []
    cursor = mention.start
    for name, (start, end) in sorted(parts.items(), key=lambda item: item[1]):
        written = text[start:end]
        value = values[name] if name in needs else written
        if name in needs and name in ("m", "d") and written.translate(_FOLD).startswith("0"):
            value = value.zfill(2)  # 2026/12/05 stays zero-padded
        if written != written.translate(_FOLD):
            value = value.translate(_WIDE)
        pieces += [text[cursor:start], value]
        if name == "d" and "wd" not in parts:
            pieces.append(f"({WEEKDAYS[day.weekday()]})")
        cursor = end
    pieces.append(text[cursor : mention.end])
    result = "".join(pieces)
    return result


# --- business days --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Closure:
    """Days the writer's company is closed (inclusive), e.g. a summer break; ``name`` is shown to the user."""

    start: dt.date
    end: dt.date
    name: str = "休業期間"


MonthDay = tuple[int, int]
YEAR_END: tuple[MonthDay, MonthDay] = ((12, 29), (1, 3))


@lru_cache(maxsize=4096)
def holiday_name(day: dt.date) -> str | None:
    """The name of the public holiday on ``day`` (jpholiday), or None. Remembered: jpholiday asks each of its
    holiday rules in turn (about 0.1 ms a day), and a run over many files asks about the same days again."""
    import jpholiday

    return jpholiday.is_holiday_name(day)


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
        return self.reason(day) is None

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

    def business_hours(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working hours between two moments, counting only business hours of business days."""
        open_hour, close_hour = self.hours
        total = 0.0
        day = start.date()
        while day <= end.date() and total < 1000:
            if self.is_business_day(day):
                opens = dt.datetime.combine(day, dt.time(open_hour))
                closes = dt.datetime.combine(day, dt.time(close_hour))
                lo, hi = max(opens, start), min(closes, end)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 3600
            day += dt.timedelta(days=1)
        return total


# --- the public helper ----------------------------------------------------------------------------------


def deadlines(text: str, *, today: dt.date | str | None = None) -> list[DateMention]:
    """Every date a message sets or asks for, resolved against ``today`` (a date or ``"YYYY-MM-DD"``;
    default: the current date). Returns a list of ``DateMention``; a wrong argument raises ``TeineiError``.

    Dates of past events (「11月10日にお送りした資料」), quoted text, signatures and dates that do not exist
    are left out. Each result has its span, ``date`` (and ``end_date`` for a range such as 来月上旬),
    ``time``, the written ``weekday`` and ``context``: ``deadline`` when marked as one (までに, 中, 締切…),
    else ``date`` (an appointment or a delivery day). ``to_dict()`` gives ISO strings.

    >>> found = deadlines("12月4日(金)17時までにお送りください。", today="2026-11-20")
    >>> [(d.text, d.date.isoformat(), d.time.isoformat("minutes"), d.context) for d in found]
    [('12月4日(金)17時', '2026-12-04', '17:00', 'deadline')]
    """
    from teinei import arguments
    from teinei.document import Document
    from teinei.inputs import plain, template
    from teinei.reference import run_date
    from teinei.tokens import split_sentences

    text = arguments.text(text)
    reference = arguments.reference_date(today)
    document = Document(text=text)
    template.mark_template(document)
    plain.mark_quotes_and_signature(document)
    authored = document.authored_text()
    sentences = split_sentences(authored, [(r.start, r.end) for r in document.placeholders()])
    found = classify(authored, run_date(reference), sentences)
    return [m for m in found if m.context != "past" and m.date is not None]


# --- dates for examples ---------------------------------------------------------------------------------

# A deadline a rewrite proposes: this many business days after the reference date, enough time for most
# requests and near enough to be a real commitment; the writer confirms it (such fixes are unsafe).
EXAMPLE_LEAD_DAYS = 3


def business_days_after(today: dt.date, days: int, calendar: BusinessCalendar | None = None) -> dt.date:
    """The ``days``-th business day after ``today`` (weekends, public holidays and closures skipped)."""
    calendar = calendar or BusinessCalendar()
    day = today
    for _ in range(days):
        day = calendar.next_business_day(day)
    return day


def example_dates(today: dt.date, calendar: BusinessCalendar | None = None) -> dict[str, str]:
    """The dates that messages, suggestions and rewrites name, computed from the reference date so that none
    is a Saturday in the year it is read: ``example_deadline`` (12月9日(水)), ``example_next_day`` (the next
    business day) and ``example_reply`` (the next business day, 15時: a time to report back by)."""
    deadline = business_days_after(today, EXAMPLE_LEAD_DAYS, calendar)
    next_day = business_days_after(today, 1, calendar)
    return {
        "example_deadline": format_date(deadline),
        "example_next_day": format_date(next_day),
        "example_reply": f"{format_date(next_day)}15時",
    }
