"""The reference date deadlines are read against, decided here and passed down: the one place teinei reads
the clock, so that a run which crosses midnight keys its cache and reads its deadlines on the same day."""

from __future__ import annotations

import datetime as dt

# Reference dates teinei reasons from: 「来週」「年末」「来年3月」 reach years around the reference, and
# Python's dates end at 9999-12-31 (a Date header or --date in year 9999 was an OverflowError).
REFERENCE_YEARS = range(1000, 9001)


def clock() -> dt.date:
    """The current date (the only call to the clock in teinei: tests pin it by patching this function)."""
    return dt.date.today()


def run_date(given: dt.date | None) -> dt.date:
    """The date a run reads messages without a Date header against: ``--date`` (``TEINEI_DATE``, ``today=``)
    when given, else the clock, read once when the run starts."""
    return given if given is not None else clock()


def message_date(given: dt.date | None, header: dt.date | None, default: dt.date | None) -> dt.date:
    """The reference of one message: a date given for it, else its own Date header (it says when the message
    was sent), else the linter's date, else the clock. A ``datetime`` keeps its time (deadlines within hours)."""
    return given or header or default or clock()
