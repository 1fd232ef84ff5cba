"""The audit report (schema version 1) built from the merged tally: every count is of findings of every
severity, exactly as ``teinei check --format json`` lists them for each mail."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from typing import Any

from teinei.audit.tally import Group, Tally

SCHEMA_VERSION = 1
TOP_TEMPLATES = 20  # the report lists the templates that most need fixing, not every repeated body


def anonymizer(salt: str) -> Callable[[str | None], str | None]:
    """Sender addresses replaced by a salted hash: whoever holds the salt can match a hash back to a sender."""

    def hide(address: str | None) -> str | None:
        if address is None:
            return None
        return "anon-" + hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()[:12]

    return hide


def _counts(counter: Counter[str]) -> dict[str, int]:
    """Counts by key, largest first (then by key): the same order whatever order they were added in."""
    return dict(sorted(((k, v) for k, v in counter.items() if v), key=lambda item: (-item[1], item[0])))


def build(tally: Tally, hide: Callable[[str | None], str | None] | None = None) -> dict[str, Any]:
    hide = hide or (lambda address: address)
    rules = tally.rules
    senders = [
        {"sender": hide(key or None), "messages": g.messages, "findings": _counts(g.categories)}
        for key, g in sorted(tally.senders.items(), key=lambda item: (-item[1].messages, item[0]))
    ]
    months = [
        {"month": key or None, "messages": g.messages, "findings": _counts(g.categories)}
        for key, g in sorted(tally.months.items(), key=lambda item: (item[0] == "", item[0]))
    ]
    return {
        "version": SCHEMA_VERSION,
        "messages": tally.messages,
        "findings": sum(rules.values()),
        "unreadable": [{"where": where, "reason": reason} for where, reason in tally.unreadable],
        "senders": senders,
        "rules": _counts(rules),
        "months": months,
        "templates": _templates(tally.templates),
    }


def _templates(templates: dict[str, Group]) -> list[dict[str, Any]]:
    """Bodies sent at least twice, with findings, worst first (findings per mail, then mails)."""
    repeated = [(key, g) for key, g in templates.items() if g.messages >= 2 and g.rules.total()]
    repeated.sort(key=lambda item: (-item[1].rules.total() / item[1].messages, -item[1].messages, item[0]))
    listed = []
    for key, group in repeated[:TOP_TEMPLATES]:
        example = group.example or ["", "", "", ""]
        listed.append({
            "template": key,
            "messages": group.messages,
            "findings": _counts(group.categories),
            "rules": _counts(group.rules),
            "example": {"where": example[1], "subject": example[2], "excerpt": example[3]},
        })
    return listed


def hide_rows(rows: list[list[Any]], hide: Callable[[str | None], str | None]) -> list[list[Any]]:
    """Rows (``tally.ROW_COLUMNS``) with their senders hidden like the report's."""
    return [[row[0], hide(row[1]), *row[2:]] for row in rows]
