"""What callers of the library pass, checked at the door: a wrong type or value is one ``TeineiError`` line
naming the argument, never an ``AttributeError`` deep inside a check or a value silently taken for another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path

from teinei.errors import TeineiError
from teinei.ruleset.terms import Severity

SEVERITIES = tuple(s.value for s in Severity)


def text(value: object) -> str:
    """The message to lint: a ``str`` (bytes are refused rather than guessed: decode them first)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TeineiError("text must be a str, not bytes: decode it first (e.g. data.decode('utf-8'))")
    raise TeineiError(f"text must be a str, not {type(value).__name__}")


def names(value: str | Iterable[str] | None, argument: str) -> list[str]:
    """Rule ids or categories: one as a string (``ignore="curt"``), or several in a list. A string is one
    name, never iterated letter by letter."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise TeineiError(f"{argument} must be a rule id or category, or a list of them, not {type(value).__name__}")
    found = list(value)
    for name in found:
        if not isinstance(name, str):
            raise TeineiError(f"{argument} must hold rule ids or categories as strings, not {type(name).__name__}")
    return found


def folders(value: str | PathLike[str] | Iterable[str | PathLike[str]] | None, argument: str) -> list[str | Path]:
    """Rule folders: one as a string or path, or several in a list."""
    if value is None:
        return []
    if isinstance(value, (str, PathLike)):
        return [Path(value)]
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise TeineiError(f"{argument} must be a folder of rules, or a list of them, not {type(value).__name__}")
    found = list(value)
    for folder in found:
        if not isinstance(folder, (str, PathLike)):
            raise TeineiError(f"{argument} must hold folders as strings or paths, not {type(folder).__name__}")
    return found


def reference_date(value: dt.date | str | None, argument: str = "today") -> dt.date | None:
    """A reference date: a ``date``, a ``datetime`` (a time too), or the same as an ISO string
    (``"2026-12-06"``, ``"2026-12-06T15:00"``)."""
    from teinei.reference import REFERENCE_YEARS

    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
        except ValueError:
            raise TeineiError(
                f"{argument} must be a date such as '2026-12-06' or '2026-12-06T15:00', not {value!r}"
            ) from None
    elif not isinstance(value, dt.date):
        raise TeineiError(f"{argument} must be a date or an ISO date string, not {type(value).__name__}")
    if value.year not in REFERENCE_YEARS:
        raise TeineiError(f"{argument}: the year must be between {REFERENCE_YEARS[0]} and {REFERENCE_YEARS[-1]}")
    return value


def severity(value: object, argument: str) -> Severity:
    """One severity: info, warning or error (a ``Severity`` or its name)."""
    try:
        return Severity(value)
    except ValueError:
        names = f"{', '.join(SEVERITIES[:-1])} or {SEVERITIES[-1]}"
        raise TeineiError(f"{argument} must be {names}, not {value!r}") from None


def severities(value: Mapping[str, Severity | str] | None) -> dict[str, Severity]:
    """Severity overrides by rule id or category; each must be info, warning or error."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TeineiError(f"severity must map rule ids or categories to a severity, not {type(value).__name__}")
    chosen: dict[str, Severity] = {}
    for name, level in value.items():
        chosen[name] = severity(level, f"severity for '{name}'")
    return chosen


def timeout(value: object) -> float:
    """``regex_timeout``: a positive number of seconds (0 or less would stop every rule at once)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise TeineiError(f"regex_timeout must be a positive number of seconds, not {value!r}")
    return float(value)
