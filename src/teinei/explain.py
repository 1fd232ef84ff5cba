"""Rule documentation generated from the rule itself (``teinei explain``)."""

from __future__ import annotations

import datetime as dt

from teinei.ruleset.rule_set import LoadedRule


class _ExampleDates(dict[str, str]):
    """The example dates filled in; any other {name} (a match's capture) is shown as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _with_dates(template: str, dates: _ExampleDates) -> str:
    try:
        return template.format_map(dates)
    except (ValueError, IndexError, AttributeError):
        return template


def _example_dates(today: dt.date | None) -> _ExampleDates:
    """The example dates for ``today`` (default: the current date)."""
    from teinei.dates import example_dates
    from teinei.reference import run_date

    return _ExampleDates(example_dates(today.date() if isinstance(today, dt.datetime) else run_date(today)))


def templates_with_dates(loaded: LoadedRule, today: dt.date | None = None) -> tuple[str, list[str]]:
    """The rule's message and suggestions with their example dates filled in from ``today``; a match's own
    placeholders ({match}, captures) stay as written, for the reader of the rule to see what is filled."""
    dates = _example_dates(today)
    return _with_dates(loaded.rule.message, dates), [_with_dates(s, dates) for s in loaded.rule.suggest]


def explain_rule(loaded: LoadedRule, today: dt.date | None = None) -> str:
    """The rule's documentation; example dates in its texts are computed from ``today`` (default: the current
    date), so that none is a Saturday in the year it is read."""
    message, suggestions = templates_with_dates(loaded, today)
    rule = loaded.rule
    kind = getattr(rule, "kind", "")
    fix = rule.fix.applicability if rule.fix else ("safe" if kind == "substitution" else None)
    lines = [
        f"{loaded.id}  ({rule.severity.value}, {kind})",
        "",
        rule.description.strip(),
        "",
        f"プロファイル: {', '.join(rule.profiles)}",
        f"自動修正: {'あり (' + fix + ')' if fix else 'なし'}",
        f"メッセージ: {message}",
        *(f"提案: {suggestion}" for suggestion in suggestions),
        "",
        "悪い例:",
    ]
    for bad in rule.examples.bad:
        line = f"  ✗ {bad.text.strip()}"
        if bad.at:
            line += f"   ← 「{bad.at}」"
        lines.append(line)
        if bad.fixed:
            lines.append(f"    → {bad.fixed.strip()}")
    lines.append("良い例:")
    lines.extend(f"  ✓ {good.text.strip()}" for good in rule.examples.good)
    lines.append(f"\n定義: {loaded.path}")
    return "\n".join(lines)
