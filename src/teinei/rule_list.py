"""``teinei rules``: the rule table (text fitted to the terminal, or JSON for tools)."""

from __future__ import annotations

import json
import unicodedata

from teinei.ruleset.rule_set import LoadedRule
from teinei.ruleset.terms import PROFILES

HEADER = ("ID", "SEVERITY", "FIX", "PROFILES", "DESCRIPTION")
_NARROWEST_DESCRIPTION = 30  # columns
_SENTENCE_ENDS, _OPENING, _CLOSING = "。．！？!?", "「『（(", "」』）)"


def fixable(loaded: LoadedRule) -> str | None:
    """How the rule's fixes apply (safe, unsafe, display), or None when it has none."""
    rule = loaded.rule
    if rule.fix is not None:
        return rule.fix.applicability
    return "safe" if getattr(rule, "kind", "") == "substitution" else None


def first_sentence(text: str) -> str:
    """The description's first sentence: what the rule catches, without the reasons that follow. Its lines
    are joined first (a YAML block breaks Japanese sentences anywhere)."""
    joined = ""
    for line in text.strip().splitlines():
        line = line.strip()
        space = " " if joined and joined[-1].isascii() and line[:1].isascii() else ""
        joined += space + line
    depth = 0  # a 。 inside 「…」 or （…） quotes an example, and does not end the description's sentence
    for at, character in enumerate(joined):
        if character in _OPENING:
            depth += 1
        elif character in _CLOSING:
            depth = max(0, depth - 1)
        elif character in _SENTENCE_ENDS and not depth:
            return joined[: at + 1]
    return joined


def profiles(loaded: LoadedRule) -> str:
    """The profiles a rule runs in (``all`` for every one, to keep the column narrow)."""
    chosen = list(loaded.rule.profiles)
    return "all" if set(chosen) == set(PROFILES) else ",".join(chosen)


def width_of(text: str) -> int:
    """Columns a text takes on a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text: str, columns: int) -> str:
    """The text cut to ``columns`` terminal columns, ending in … when cut."""
    if width_of(text) <= columns:
        return text
    kept, used = [], 0
    for character in text:
        size = width_of(character)
        if used + size > columns - 1:
            break
        kept.append(character)
        used += size
    return "".join(kept) + "…"


def as_text(rules: dict[str, LoadedRule], columns: int | None = None) -> str:
    """A header and one line per rule; with ``columns`` (a terminal's width) each line fits in it."""
    rows = [HEADER] + [
        (rule_id, loaded.rule.severity.value, fixable(loaded) or "-", profiles(loaded),
         first_sentence(loaded.rule.description))
        for rule_id, loaded in rules.items()
    ]
    widths = [max(width_of(row[i]) for row in rows) for i in range(len(HEADER) - 1)]
    # A terminal too narrow for the descriptions beside the other columns gets each under its rule.
    below = columns is not None and columns - sum(w + 2 for w in widths) < _NARROWEST_DESCRIPTION
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - width_of(cell)) for i, cell in enumerate(row[:-1])]
        if below:
            lines += ["  ".join(cells).rstrip(), fit("    " + row[-1], columns or 0)]
            continue
        line = "  ".join([*cells, row[-1]])
        lines.append(fit(line, columns) if columns else line)
    return "\n".join(lines) + "\n"


def as_json(rules: dict[str, LoadedRule]) -> str:
    """Every rule's fields for tools: id, category, kind, severity, fix, profiles, summary, description."""
    items = [
        {
            "id": rule_id,
            "category": loaded.rule.category,
            "kind": getattr(loaded.rule, "kind", None),
            "severity": loaded.rule.severity.value,
            "fix": fixable(loaded),
            "profiles": list(loaded.rule.profiles),
            "summary": first_sentence(loaded.rule.description),
            "description": loaded.rule.description.strip(),
        }
        for rule_id, loaded in rules.items()
    ]
    return json.dumps({"version": 1, "rules": items}, ensure_ascii=False, indent=2) + "\n"
