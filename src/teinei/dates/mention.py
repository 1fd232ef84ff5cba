"""What a date mention is: its span, the day it means, and how it was written; the folding of full-width
digits every date reader shares, and the plain way to write a date (12月5日(土))."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from teinei.lazy_re import lazy

WEEKDAYS = "月火水木金土日"  # index = date.weekday()
Context = Literal["deadline", "past", "date"]

# Full-width digits and punctuation map one-to-one onto ASCII, so offsets in the folded text are the text's.
FOLD = str.maketrans("０１２３４５６７８９／：（）－．～　", "0123456789/:()-.~ ")
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
_FOLDABLE = lazy("[" + "".join(map(chr, FOLD)) + "]+")


def fold(text: str) -> str:
    """``text.translate(FOLD)``; translating only the runs that change is much faster on a long text."""
    return _FOLDABLE.sub(lambda run: run.group().translate(FOLD), text)


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


def format_date(day: dt.date, *, year: bool = False) -> str:
    """12月5日(土), or 2026年12月5日(土) with ``year``."""
    text = f"{day.month}月{day.day}日({WEEKDAYS[day.weekday()]})"
    return f"{day.year}年{text}" if year else text
