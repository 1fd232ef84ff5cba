"""The audit report as one self-contained HTML page (inline CSS and SVG, nothing fetched): the trend of each
category by month, findings per 100 mails by sender, the most frequent rules and the templates to fix first."""

from __future__ import annotations

from html import escape
from typing import Any

from teinei.audit.report import svg

TOP_SENDERS = 25
TOP_RULES = 15

_STYLE = """
body{font-family:"Hiragino Sans","Yu Gothic","Meiryo","Noto Sans CJK JP","IPAGothic",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top}
td.n{text-align:right}.excerpt{color:#555;font-size:.9em}.summary{font-size:1.1em}
"""


def _per_hundred(findings: int, messages: int) -> float:
    return round(100 * findings / messages, 1) if messages else 0.0


def render(report: dict[str, Any]) -> str:
    messages, findings = report["messages"], report["findings"]
    sections = [
        f'<p class="summary">監査したメール <b>{messages:,}</b> 通、指摘 <b>{findings:,}</b> 件'
        f"（100通あたり {_per_hundred(findings, messages)} 件）。"
        + (f"読めなかったメール {len(report['unreadable']):,} 通。" if report["unreadable"] else "")
        + "</p>",
        _trend(report),
        _senders(report),
        _rules(report),
        _templates(report),
        _unreadable(report),
    ]
    body = "\n".join(s for s in sections if s)
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        "<title>teinei 監査レポート</title>"
        f"<style>{_STYLE}</style></head><body>\n<h1>teinei 監査レポート</h1>\n{body}\n</body></html>\n"
    )


def _trend(report: dict[str, Any]) -> str:
    months = [m for m in report["months"] if m["month"]]
    if not months:
        return ""
    categories = sorted({c for m in months for c in m["findings"]})
    series = {c: [_per_hundred(m["findings"].get(c, 0), m["messages"]) for m in months] for c in categories}
    chart = svg.lines("カテゴリごとの指摘の推移（100通あたり）", [m["month"] for m in months], series, "件/100通")
    return f"<h2>カテゴリごとの推移（100通あたりの指摘）</h2>\n{chart}"


def _senders(report: dict[str, Any]) -> str:
    senders = report["senders"][:TOP_SENDERS]
    if not senders:
        return ""
    items = [
        (f"{s['sender'] or '（不明）'}（{s['messages']:,}通）",
         _per_hundred(sum(s["findings"].values()), s["messages"]))
        for s in senders
    ]
    chart = svg.bars("差出人ごとの100通あたりの指摘", items, "件/100通")
    return f"<h2>差出人ごとの100通あたりの指摘（通数の多い順）</h2>\n{chart}"


def _rules(report: dict[str, Any]) -> str:
    rules = list(report["rules"].items())[:TOP_RULES]
    if not rules:
        return ""
    chart = svg.bars("よく出るルール", [(rule, float(count)) for rule, count in rules], "件")
    return f"<h2>よく出るルール</h2>\n{chart}"


def _templates(report: dict[str, Any]) -> str:
    if not report["templates"]:
        return ""
    rows = []
    for template in report["templates"]:
        example = template["example"]
        total = sum(template["findings"].values())
        rules = "<br>".join(f"{escape(rule)} {count:,}" for rule, count in template["rules"].items())
        rows.append(
            f"<tr><td class=n>{template['messages']:,}</td><td class=n>{total / template['messages']:.1f}</td>"
            f"<td>{rules}</td><td>件名「{escape(example['subject'])}」<br>"
            f"<span class=excerpt>{escape(example['excerpt'])}</span><br><small>{escape(example['where'])}</small>"
            "</td></tr>"
        )
    return (
        "<h2>直すと効果の大きいテンプレート（同じ本文で何度も送られたもの）</h2>\n<table><tr><th>通数</th>"
        "<th>1通あたりの指摘</th><th>ルール</th><th>例</th></tr>" + "".join(rows) + "</table>"
    )


def _unreadable(report: dict[str, Any]) -> str:
    if not report["unreadable"]:
        return ""
    rows = "".join(
        f"<tr><td>{escape(u['where'])}</td><td>{escape(u['reason'])}</td></tr>" for u in report["unreadable"]
    )
    return f"<h2>読めなかったメール</h2>\n<table><tr><th>場所</th><th>理由</th></tr>{rows}</table>"
