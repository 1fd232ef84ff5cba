"""JSON output (schema version 1): files with their findings, and a summary. A message of an mbox is an
entry of its own, with the mailbox's path and a ``message`` object (an addition within version 1)."""

from __future__ import annotations

import json
from collections import Counter

from teinei.findings import LintResult

SCHEMA_VERSION = 1
_FINDING_FIELDS = {
    "rule", "category", "severity", "message", "suggestions", "line", "column", "end_line", "end_column",
    "fix", "part", "data",
}


def document(results: list[LintResult]) -> dict[str, object]:
    severities: Counter[str] = Counter()
    files = []
    for result in results:
        findings = [f.model_dump(mode="json", include=_FINDING_FIELDS) for f in result.findings]
        severities.update(f["severity"] for f in findings)
        entry: dict[str, object] = {"path": result.path}
        if result.message is not None:
            entry["message"] = result.message.model_dump(mode="json")
        entry["findings"] = findings
        if result.errors:
            entry["errors"] = result.errors
        if result.error is not None:
            entry["error"] = result.error
        files.append(entry)
    summary = {
        "files": len(results),
        "checked": sum(1 for r in results if r.checked),
        "not_checked": sum(1 for r in results if not r.checked),
        "findings": sum(severities.values()),
        "by_severity": {s: severities.get(s, 0) for s in ("error", "warning", "info")},
    }
    return {"version": SCHEMA_VERSION, "files": files, "summary": summary}


def render(results: list[LintResult]) -> str:
    return json.dumps(document(results), ensure_ascii=False, indent=2) + "\n"
