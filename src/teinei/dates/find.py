"""Finding date mentions: every date expression of a text (12月5日(金)17時, 12/5, 明日, 来週月曜, 月末…) as
written, with the weekday and time that follow it, before anything is resolved against a reference date."""

from __future__ import annotations

import datetime as dt
import heapq
import re
from dataclasses import dataclass, field

from teinei.dates.mention import WEEKDAYS, fold
from teinei.lazy_re import lazy

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
_TIME_RE = lazy(_TIME)

# The same patterns as the scanner searches them, with the same matches. ``re`` skips ahead quickly only to a
# pattern's possible first characters, and only when the pattern starts with a character or a set, so:
# a lookbehind moves after the first character (``(?<!\d)(?P<m>\d{1,2})`` is ``(?P<m>\d(?<!\d\d)\d?)``),
# and an alternation whose branches start differently (with or without a year; the forms of a time)
# becomes one pattern per branch. Branches of one pattern stay next to each other in their order, so
# that on a tie the same branch wins as in the pattern as written.
_MD = r"\s*月\s*(?P<d>\d{1,2})\s*日"
_PERIOD = r"\s*月\s*(?P<period>上旬|中旬|下旬|末日?|中(?!旬))"
_TIME_REST = r"\s*時(?!間|限|点|台|頃から)\s*(?:(?P<half>半)|(?P<min>\d{1,2})\s*分)?"
# Each with literals one of which every match contains (a text holding none of them is not searched, and the
# pattern is compiled on first use: a message without dates compiles none of them).
_SCANNED_PATTERNS: list[tuple[str, tuple[str, ...], str]] = [
    ("full", ("年",), rf"(?P<y>(?:1(?<!\d1)9|2(?<!\d2)0)\d{{2}})\s*年\s*(?P<m>\d{{1,2}}){_MD}"),
    ("full", ("令",), rf"令(?<!\d令)和\s*(?P<reiwa>\d{{1,2}}|元)\s*年\s*(?P<m>\d{{1,2}}){_MD}"),
    (
        "iso", (".", "-", "/"),
        r"(?P<y>(?:1(?<![\d/.\-]1)9|2(?<![\d/.\-]2)0)\d{2})(?P<sep>[/\-.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
        r"(?![\d/.:])",
    ),
    ("period", ("年",), rf"(?P<y>(?:1(?<![\d年]1)9|2(?<![\d年]2)0)\d{{2}})\s*年\s*(?P<m>\d{{1,2}}){_PERIOD}"),
    ("period", ("令",), rf"令(?<![\d年]令)和\s*(?P<reiwa>\d{{1,2}}|元)\s*年\s*(?P<m>\d{{1,2}}){_PERIOD}"),
    ("period", ("月",), rf"(?P<m>\d(?<![\d年]\d)\d?){_PERIOD}"),
    ("md", ("月",), rf"(?P<m>\d(?<![\d年]\d)\d?){_MD}"),
    (
        "slash", ("/",),
        r"(?P<m>\d(?<![\d/.\-]\d)\d?)/(?P<d>\d{1,2})"
        r"(?![\d/.:]|\s*(?:程度|以上|以下|未満|ほど|倍|%|割|の確率|ページ|回|人|名|件|個|本|枚))",
    ),
    ("today", ("本日", "今日"), r"(?:本日|今日)(?P<within>中)?"),
    ("tomorrow", ("明後日", "あさって"), r"(?:明後日|あさって)(?P<within2>中)?"),
    ("tomorrow", ("明日", "あした"), r"(?:明日|あした)(?P<within>中)?"),
    ("week_day", ("今週", "来週"), r"(?P<week>今週|来週|再来週)\s*(?:の\s*)?(?P<wd>[月火水木金土日])曜日?"),
    ("week", ("今週", "来週"), r"(?P<week>今週|来週|再来週)(?P<within>中|いっぱい)?"),
    ("week_start", ("週明け",), r"週明け"),
    (
        "month", ("今月", "来月"),
        r"(?P<month>今月|来月|再来月)\s*(?:の\s*)?(?P<period>末日?|中(?!旬)|上旬|中旬|下旬|いっぱい)",
    ),
    ("month_end", ("月",), r"月(?<![今来月]月)末日?(?!締め|〆|払い)|月(?<![今来]月)内"),
    ("year", ("年内",), r"年内"),
    (
        "day", ("日",),
        r"(?P<d>\d(?<![\d月年/.\-]\d)\d?)日"
        r"(?!間|以内|以上|以降|後|前|目|ぶり|程度|ほど|分|付|中|も|連続|おき|ごと|毎|限|締め|〆|払い|\d"
        r"|\s*[\d]+\s*(?:回|件|個))",
    ),
    ("weekday", ("曜",), r"(?P<wd>[月火水木金土日])(?<![週毎隔第\d][月火水木金土日])曜(?:日)?"),
    ("time", ("時",), rf"(?P<ampm>午前|午後|AM|PM|am|pm)\s*(?<![\d:])(?P<h>\d{{1,2}}){_TIME_REST}"),
    ("time", ("時",), rf"(?P<h>\d(?<![\d:]\d)\d?){_TIME_REST}"),
    ("time", (":",), r"(?P<h2>\d(?<![\d:/]\d)\d?):(?P<min2>\d{2})(?![\d:])"),
    ("time", ("午前中",), r"(?P<am>午前中)"),
    ("time", ("正午",), r"(?P<noon>正午)"),
]
# Each pattern is compiled on its own (group names repeat across them); the scanner takes the leftmost match.
_SCANNED = [(name, needs, lazy(pattern)) for name, needs, pattern in _SCANNED_PATTERNS]
_WEEKDAY_SUFFIX = lazy(
    r"\s?\(\s*(?P<wd>[月火水木金土日])(?:曜日?)?\s*(?:[・･,、/]?\s*(?P<hol>祝|祭)日?)?\s*\)"
    r"|\s?(?P<wd2>[月火水木金土日])曜日?"
)
_TIME_GAP = lazy(r" ?(?:の|は|に)?[ 、,]?")
_RANGE_LINK = lazy(r"\s*(?:[~〜\-・、,]|から|や|と|または|か)\s*")
_RECURRING_BEFORE = lazy(r"(?:毎月|毎週|毎年|隔週|毎|翌月|前月|当月|同月)\s*$")  # not a day of this month
# A time after a day this module does not resolve (前日18時, 当日10時, 毎週月曜10時) belongs to that day.
_OTHER_DAY_BEFORE = lazy(r"(?:日|曜|朝|晩|夜)\s?(?:の|は)?\s?$")


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
        self.patterns = [(name, pattern) for name, needs, pattern in _SCANNED if any(n in text for n in needs)]
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


def scan(text: str) -> tuple[str, list[ScannedDate]]:
    """The text with full-width digits folded, and the date expressions found in it, in order."""
    folded = fold(text)
    return folded, _scan(folded)
