"""SARIF 2.1.0 output, for code-scanning services and editors; the rule list is built from the rule files.

Columns count Unicode code points (``columnKind``), as everywhere in teinei; a finding in an e-mail's subject
has no region (the subject is a header, not a line of the file) and says so in its properties. A finding in
a message of an mbox is located in the mailbox file (its lines are the file's) and names the message in its
properties (``message``: place, line of its ``From `` line, Message-ID).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import PurePath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from teinei import __version__
from teinei.document import Document
from teinei.findings import Finding, LintResult, MessageRef

if TYPE_CHECKING:
    from teinei.ruleset.model import RuleBase

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A URI reference for a path as the user gave it: relative paths stay relative (to the checkout)."""
    pure = PureWindowsPath(path) if "\\" in path else PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(os.fsencode(pure.as_posix()), safe="/")  # a name that is not UTF-8: its bytes, %-encoded


def _descriptor(rule_id: str, rule: RuleBase | None) -> dict[str, object]:
    if rule is None:
        return {"id": rule_id}
    description = rule.description.strip()
    return {
        "id": rule_id,
        "name": rule_id.split("/")[-1],
        "shortDescription": {"text": description.splitlines()[0]},
        "fullDescription": {"text": description},
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "properties": {"category": rule.category or rule_id.split("/")[0], "tags": [rule.category or "teinei"]},
    }


def _message(finding: Finding) -> str:
    lines = [("件名: " if finding.part == "subject" else "") + finding.message]
    lines.extend(f"提案: {s}" for s in finding.suggestions)
    return "\n".join(lines)


def _region(finding: Finding) -> dict[str, int]:
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }


_FIX_KINDS = {
    "safe": "--fix で適用",
    "unsafe": "要確認、--unsafe-fixes で適用",
    "display": "〇〇を埋めて使う例、自動では適用しない",
}


def _fix_region(finding: Finding, document: Document | None) -> dict[str, int]:
    """The region the fix replaces: its own span (a rewrite may reach past the finding's), else the finding's."""
    fix = finding.fix
    if document is None or fix is None or (fix.start, fix.end) == (finding.start, finding.end):
        return _region(finding)
    (line, column), (end_line, end_column) = document.position(fix.start), document.position(fix.end)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _result(
    path: str, finding: Finding, index: dict[str, int], document: Document | None = None,
    message: MessageRef | None = None,
) -> dict[str, object]:
    location: dict[str, object] = {"artifactLocation": {"uri": _uri(path)}}
    if finding.part == "body":
        location["region"] = _region(finding)
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _LEVELS[finding.severity.value],
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": location}],
        "properties": {"category": finding.category, "part": finding.part, "suggestions": finding.suggestions},
    }
    if message is not None:
        result["properties"]["message"] = message.model_dump(mode="json")  # type: ignore[index]
    if finding.fix is not None and finding.part == "body":
        fix = finding.fix
        replacement = {"deletedRegion": _fix_region(finding, document), "insertedContent": {"text": fix.replacement}}
        result["fixes"] = [{
            "description": {"text": f"「{fix.replacement}」{'を入れる' if fix.start == fix.end else 'に置き換える'}"
                                    f"（{_FIX_KINDS[fix.applicability]}）"},
            "properties": {"applicability": fix.applicability},
            "artifactChanges": [{"artifactLocation": {"uri": _uri(path)}, "replacements": [replacement]}],
        }]
    return result


def document(results: list[LintResult], rules: Mapping[str, RuleBase] | None = None) -> dict[str, object]:
    """The SARIF log: one run, results sorted by path, line, column and rule; only rules that were hit."""
    rules = rules or {}
    ordered = sorted(results, key=lambda r: r.path)
    hit = sorted({f.rule for r in ordered for f in r.findings})
    index = {rule_id: i for i, rule_id in enumerate(hit)}
    sarif_results = [
        _result(r.path, f, index, r._document, r.message)
        for r in ordered
        for f in sorted(r.findings, key=Finding.sort_key)
    ]
    notifications = [
        _notification(r, problem) for r in ordered for problem in ([r.error] if r.error is not None else []) + r.errors
    ]
    run: dict[str, object] = {
        "tool": {"driver": {
            "name": "teinei",
            "version": __version__,
            "rules": [_descriptor(rule_id, rules.get(rule_id)) for rule_id in hit],
        }},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _notification(result: LintResult, problem: str) -> dict[str, object]:
    """A problem that stopped a check; for a message of an mbox, at the line where the message starts."""
    location: dict[str, object] = {"artifactLocation": {"uri": _uri(result.path)}}
    notification: dict[str, object] = {"level": "error", "message": {"text": problem}}
    if result.message is not None:
        location["region"] = {"startLine": result.message.line}
        notification["properties"] = {"message": result.message.model_dump(mode="json")}
    notification["locations"] = [{"physicalLocation": location}]
    return notification


def render(results: list[LintResult], *, rules: Mapping[str, RuleBase] | None = None) -> str:
    return json.dumps(document(results, rules), ensure_ascii=False, indent=2) + "\n"
