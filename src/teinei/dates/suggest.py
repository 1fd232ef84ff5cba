"""Dates written for suggestions: a mention rewritten in the writer's own style, and the example dates that
messages and rewrites name."""

from __future__ import annotations

import datetime as dt

from teinei.dates.business import BusinessCalendar, business_days_after
from teinei.dates.mention import FOLD, WEEKDAYS, WIDE, DateMention, format_date


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
        if name in needs and name in ("m", "d") and written.translate(FOLD).startswith("0"):
            value = value.zfill(2)  # 2026/12/05 stays zero-padded
        if written != written.translate(FOLD):
            value = value.translate(WIDE)
        pieces += [text[cursor:start], value]
        if name == "d" and "wd" not in parts:
            pieces.append(f"({WEEKDAYS[day.weekday()]})")
        cursor = end
    pieces.append(text[cursor : mention.end])
    result = "".join(pieces)
    return result


# --- dates for examples ---------------------------------------------------------------------------------

# A deadline a rewrite proposes: this many business days after the reference date, enough time for most
# requests and near enough to be a real commitment; the writer confirms it (such fixes are unsafe).
EXAMPLE_LEAD_DAYS = 3


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
