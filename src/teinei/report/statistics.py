"""``--statistics``: how many findings each rule made, most frequent first (text or JSON)."""

from __future__ import annotations

import json
from collections import Counter
from typing import NamedTuple

from teinei.findings import LintResult
from teinei.report.text import summary
from teinei.ruleset.terms import Severity


class Row(NamedTuple):
    rule: str
    count: int
    fixable: int  # findings that carry a fix
    severity: str  # the highest severity the rule's findings were given


def rows(results: list[LintResult]) -> list[Row]:
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    worst: dict[str, Severity] = {}
    for finding in (f for r in results for f in r.findings):
        counts[finding.rule] += 1
        fixable[finding.rule] += finding.fix is not None
        if finding.rule not in worst or finding.severity.rank > worst[finding.rule].rank:
            worst[finding.rule] = finding.severity
    order = sorted(counts, key=lambda rule: (-counts[rule], rule))
    return [Row(rule, counts[rule], fixable[rule], worst[rule].value) for rule in order]


def render(results: list[LintResult]) -> str:
    table = rows(results)
    if not table:
        return summary(results, 0) + "\n"
    width = max(len(row.rule) for row in table)
    lines = [
        f"{row.count:>5}  {row.rule:<{width}}  {row.severity:<7}" + (f"  修正可 {row.fixable}" if row.fixable else "")
        for row in table
    ]
    lines.append(summary(results, sum(row.count for row in table)))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_json(results: list[LintResult]) -> str:
    table = rows(results)
    data = {
        "version": 1,
        "statistics": [row._asdict() for row in table],
        "summary": {
            "files": len(results), "not_checked": sum(1 for r in results if not r.checked),
            "findings": sum(row.count for row in table),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
