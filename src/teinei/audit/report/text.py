"""The audit report as a terminal summary: totals, then tables by sender, rule, month and template."""

from __future__ import annotations

import unicodedata
from typing import Any

TOP = 15  # rows per table: a terminal summary, the JSON and HTML reports have everything


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int, right: bool = False) -> str:
    pad = " " * max(0, width - _width(text))
    return pad + text if right else text + pad


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        lines.append("  " + "  ".join(_cell(v, widths[i], i in right) for i, v in enumerate(row)).rstrip())
    return lines


def _rate(findings: int, messages: int) -> str:
    return f"{100 * findings / messages:.1f}" if messages else "-"


def _top(findings: dict[str, int], count: int = 3) -> str:
    return "、".join(f"{k} {v}" for k, v in list(findings.items())[:count])


def render(report: dict[str, Any]) -> str:
    lines = [
        f"監査したメール: {report['messages']:,} 通　指摘: {report['findings']:,} 件"
        f"（100通あたり {_rate(report['findings'], report['messages'])} 件）",
    ]
    if report["unreadable"]:
        lines.append(f"読めなかったメール: {len(report['unreadable']):,} 通（末尾に一覧）")
    if report["senders"]:
        lines += ["", "差出人ごと"]
        rows = [
            [s["sender"] or "（不明）", f"{s['messages']:,}", f"{sum(s['findings'].values()):,}",
             _rate(sum(s["findings"].values()), s["messages"]), _top(s["findings"])]
            for s in report["senders"][:TOP]
        ]
        lines += _table(["差出人", "通数", "指摘", "100通あたり", "多いカテゴリ"], rows, {1, 2, 3})
    if report["rules"]:
        lines += ["", "よく出るルール"]
        rows = [[rule, f"{count:,}"] for rule, count in list(report["rules"].items())[:TOP]]
        lines += _table(["ルール", "件数"], rows, {1})
    if report["months"]:
        lines += ["", "月ごと"]
        rows = [
            [m["month"] or "（日付なし）", f"{m['messages']:,}", f"{sum(m['findings'].values()):,}",
             _rate(sum(m["findings"].values()), m["messages"]), _top(m["findings"])]
            for m in report["months"]
        ]
        lines += _table(["月", "通数", "指摘", "100通あたり", "多いカテゴリ"], rows, {1, 2, 3})
    if report["templates"]:
        lines += ["", "直すと効果の大きいテンプレート（同じ本文で何度も送られたもの）"]
        for template in report["templates"][:TOP]:
            findings = sum(template["findings"].values())
            lines.append(
                f"  {template['messages']:,} 通　1通あたり {findings / template['messages']:.1f} 件"
                f"　{_top(template['rules'])}"
            )
            example = template["example"]
            lines.append(f"    例: {example['where']}　件名「{example['subject']}」")
            lines.append(f"    {example['excerpt']}")
    if report["unreadable"]:
        lines += ["", "読めなかったメール"]
        lines += [f"  {u['where']}: {u['reason']}" for u in report["unreadable"]]
    return "\n".join(lines) + "\n"
