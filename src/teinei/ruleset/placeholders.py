"""The ``{names}`` a rule's message and suggestions may use, checked when the rule loads.

A name no match can fill (``{matched}`` for ``{match}``) would otherwise ship unnoticed: the renderer keeps
the raw template, so the finding still reads like a sentence. What a rule can fill is known from its file:
``match`` and ``sentence`` always, ``replacement`` when it fixes, a step's ``capture:``, a regular expression's
named group, the captures of the concepts it names, a metric's measures and a date test's values.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

ALWAYS = frozenset({"match", "sentence"})
# The example dates every message may quote (``teinei.dates.example_dates``).
EXAMPLE_DATES = frozenset({"example_deadline", "example_next_day", "example_reply"})
# What each date test fills in (``teinei.checks.date``).
DATE_VALUES = {
    "weekday-mismatch": {"date", "written", "actual", "fix_weekday", "fix_date"},
    "invalid": {"reason"},
    "past": {"date", "reference", "next"},
    "non-business-day": {"date", "reason", "previous", "closure", "last_day"},
    "too-tight": {"due", "later"},
}
_NAMED_GROUP = re.compile(r"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>")


def names_used(template: str) -> list[str]:
    """The field names of a message or suggestion template (``{match}`` -> ``match``), in order."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    except ValueError as error:  # an unbalanced brace: 「{match」
        why = f"テンプレートとして読めません（{error}）。波かっこそのものは {{{{ と }}}} と書いてください"
        raise ValueError(why) from None
    return [re.split(r"[.\[]", name, maxsplit=1)[0] for name in fields]


def _strings_and_captures(data: Any) -> Iterator[tuple[str, str]]:
    """(key, value) of every string in a YAML value, keys included, at any depth."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if isinstance(key, str):
                yield "", key
            if isinstance(value, str):
                yield str(key), value
            else:
                yield from _strings_and_captures(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings_and_captures(value) if not isinstance(value, str) else iter((("", value),))


def _filled_by(data: Any) -> set[str]:
    """The capture names and regular expressions' named groups anywhere in a rule's or concept's data."""
    found: set[str] = set()
    for key, value in _strings_and_captures(data):
        if key == "capture":
            found.add(value)
        found.update(_NAMED_GROUP.findall(value))
    return found


def available(data: Mapping[str, Any], concepts: Mapping[str, Any]) -> set[str]:
    """Every name a match of this rule (its raw YAML mapping) can fill. ``concepts`` maps a concept's name
    to its raw data, whose captures count when the rule names the concept."""
    names = set(ALWAYS | EXAMPLE_DATES) | _filled_by(data)
    if data.get("kind") == "substitution" or data.get("fix") is not None:
        names.add("replacement")
    if data.get("kind") == "metric" and isinstance(data.get("when"), Mapping):
        names.update(str(key).removeprefix("count:") for key in data["when"])
    if data.get("kind") == "date":
        names.update(DATE_VALUES.get(str(data.get("test")), ()))
    todo = [value.removeprefix("count:") for _, value in _strings_and_captures(data)]
    seen: set[str] = set()
    while todo:  # the concepts named, and those they include
        name = todo.pop()
        if name in seen or name not in concepts:
            continue
        seen.add(name)
        concept = concepts[name]
        names |= _filled_by(concept)
        todo.extend(concept.get("include", []) if isinstance(concept, Mapping) else [])
    return names


def check(data: Mapping[str, Any], concepts: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(field location, problem) for each message or suggestion naming what this rule cannot fill."""
    known = available(data, concepts)
    templates: list[tuple[tuple[str | int, ...], object]] = [(("message",), data.get("message"))]
    suggest = data.get("suggest")
    if isinstance(suggest, list):
        templates += [(("suggest", number), text) for number, text in enumerate(suggest)]
    else:
        templates.append((("suggest",), suggest))
    problems = []
    for loc, template in templates:
        if not isinstance(template, str):
            continue  # the model reports a missing or mistyped field
        try:
            unknown = [name for name in names_used(template) if name not in known]
        except ValueError as error:
            problems.append((loc, str(error)))
            continue
        for name in dict.fromkeys(unknown):
            close = _closest(name, known)
            listed = ", ".join(sorted(known - EXAMPLE_DATES))
            hint = f"。{{{close}}} のことでしょうか" if close else f"（この規則で使えるもの: {listed}）"
            problems.append((loc, f"プレースホルダー {{{name}}} はありません{hint}"))
    return problems


def _closest(name: str, known: set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None
