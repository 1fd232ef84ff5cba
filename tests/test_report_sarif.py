"""SARIF 2.1.0 output, validated against the official OASIS schema kept in tests/data."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema

from teinei.findings import Finding, LintResult
from teinei.linter import Linter
from teinei.report import sarif
from teinei.ruleset.model import Severity
from teinei.suppress import META_ID, META_RULE

from .conftest import ROOT, run_cli

# sarif-schema-2.1.0.json: the SARIF 2.1.0 (Errata 01) JSON schema as published by the OASIS SARIF TC
# (oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json); kept here so that tests never need the network.
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


@lru_cache(maxsize=1)
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid(log: object) -> None:
    errors = sorted(validator().iter_errors(log), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_schema_is_the_official_one_and_rejects_broken_logs() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert "result" in schema["definitions"] and "reportingDescriptor" in schema["definitions"]
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "teinei"}},
                                             "results": [{"message": {"text": "x"}, "level": "info"}]}]}
    assert not validator().is_valid(broken)  # "info" is not a SARIF level; "note" is


def results(linter: Linter) -> list[LintResult]:
    # Given out of order: the renderer sorts by path, line, column and rule itself.
    return [
        linter.lint("了解しました。資料は完成までもうしばらくお待ちください。", path="b/返信.txt"),
        linter.lint("進捗を教えてください", path="a/mail.txt"),
    ]


def test_findings_become_results_with_rules_regions_and_fixes(linter: Linter) -> None:
    log = sarif.document(results(linter), {i: r.rule for i, r in linter.ruleset.rules.items()})
    assert_valid(log)
    assert (log["$schema"], log["version"]) == ("https://json.schemastore.org/sarif-2.1.0.json", "2.1.0")
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "curt/one-line", "curt/te-request", "deadline/missing", "deadline/vague", "keigo/ryokai",
    ]
    vague = rules[3]
    assert vague["defaultConfiguration"] == {"level": "warning"}
    assert vague["properties"] == {"category": "deadline", "tags": ["deadline"]}
    assert vague["shortDescription"]["text"] == linter.ruleset.rules["deadline/vague"].rule.description.splitlines()[0]
    located = [
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"], r["level"],
         r["locations"][0]["physicalLocation"]["region"]["startLine"],
         r["locations"][0]["physicalLocation"]["region"]["startColumn"],
         r["locations"][0]["physicalLocation"]["region"]["endColumn"])
        for r in run["results"]
    ]
    assert located == [
        ("a/mail.txt", "curt/one-line", "warning", 1, 1, 11),
        ("a/mail.txt", "curt/te-request", "warning", 1, 4, 11),
        ("a/mail.txt", "deadline/missing", "warning", 1, 4, 11),
        ("b/%E8%BF%94%E4%BF%A1.txt", "keigo/ryokai", "warning", 1, 1, 7),
        ("b/%E8%BF%94%E4%BF%A1.txt", "deadline/vague", "warning", 1, 15, 21),
    ]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    ryokai = run["results"][3]
    finding = next(f for f in results(linter)[0].findings if f.rule == "keigo/ryokai")
    assert ryokai["message"]["text"] == "\n".join([finding.message, *(f"提案: {s}" for s in finding.suggestions)])
    assert ryokai["properties"] == {"category": "keigo", "part": "body", "suggestions": finding.suggestions}
    (fix,) = ryokai["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 7},
        "insertedContent": {"text": "承知しました"},
    }]
    assert (fix["description"], fix["properties"]) == ({"text": "「承知しました」に置き換える（--fix で適用）"},
                                                       {"applicability": "safe"})
    # A rewrite that inserts (a proposed deadline) is an empty region before the request, and says so.
    (deadline,) = run["results"][2]["fixes"]
    assert deadline["description"] == {"text": "「11月26日(木)までに」を入れる（要確認、--unsafe-fixes で適用）"}
    assert deadline["artifactChanges"][0]["replacements"][0]["deletedRegion"] == {
        "startLine": 1, "startColumn": 4, "endLine": 1, "endColumn": 4,
    }
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_subject_findings_errors_and_unknown_rules_stay_valid() -> None:
    subject = Finding(rule="clarity/empty-subject", category="clarity", severity=Severity.WARNING,
                      message="件名がありません。", suggestions=["用件が分かる件名を付けましょう。"], line=1, column=1,
                      end_line=1, end_column=1, part="subject", start=0, end=0)
    result = LintResult(path="/srv/mail/in box.eml", findings=[subject],
                        errors=["規則 'x/y': 正規表現が 1 秒の上限を超えたため、この規則を中止しました"])
    log = sarif.document([result, LintResult(path="clean.txt")])
    assert_valid(log)
    (entry,) = log["runs"][0]["results"]
    location = entry["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "file:///srv/mail/in%20box.eml"}}  # a header has no region
    assert entry["message"]["text"] == "件名: 件名がありません。\n提案: 用件が分かる件名を付けましょう。"
    assert entry["properties"]["part"] == "subject"
    assert log["runs"][0]["tool"]["driver"]["rules"] == [{"id": "clarity/empty-subject"}]
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "規則 'x/y': 正規表現が 1 秒の上限を超えたため、この規則を中止しました"


def test_meta_rule_is_described(linter: Linter) -> None:
    result = linter.lint("{# teinei: ignore[scope] #}\nお世話になっております。\n", path="t.j2")
    log = sarif.document([result], {META_ID: META_RULE.rule})
    assert_valid(log)
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert (rule["id"], rule["defaultConfiguration"]["level"], rule["properties"]["category"]) == (
        META_ID, "note", "teinei",
    )


def test_cli_sarif_is_valid_deterministic_and_keeps_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("了解しました。\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("お世話になっております。\n完成までもうしばらくお待ちください。\n", encoding="utf-8")
    first = run_cli("check", "--format", "sarif", ".", cwd=tmp_path)
    second = run_cli("check", "--format", "sarif", ".", cwd=tmp_path)
    assert first.returncode == 1 and first.stdout == second.stdout
    log = json.loads(first.stdout)
    assert_valid(log)
    run = log["runs"][0]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in run["results"]] == [
        ("deadline/vague", "a.md"), ("curt/one-line", "b.txt"), ("keigo/ryokai", "b.txt"),
    ]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["curt/one-line", "deadline/vague", "keigo/ryokai"]
    clean = run_cli("check", "--format", "sarif", "examples/good-request.txt")
    assert clean.returncode == 0
    assert_valid(json.loads(clean.stdout))
    assert json.loads(clean.stdout)["runs"][0]["results"] == []
