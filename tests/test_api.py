"""The library API: what other tools import, without the CLI."""

from __future__ import annotations

import teinei
from teinei import Finding, Linter, LintResult, lint


def test_lint_returns_pydantic_findings_with_positions() -> None:
    result = lint("お世話になっております。\n完成までもうしばらくお待ちください。")
    assert isinstance(result, LintResult)
    (finding,) = result.findings
    assert isinstance(finding, Finding)
    assert (finding.rule, finding.category, finding.severity.value) == ("deadline/vague", "deadline", "warning")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 5, 2, 11)
    assert (finding.start, finding.end) == (17, 23)
    assert finding.model_dump(mode="json")["severity"] == "warning"


def test_select_ignore_and_profile() -> None:
    text = "了解しました。資料を送ってください。"
    assert [f.rule for f in lint(text, select=["keigo"]).findings] == ["keigo/ryokai"]
    assert "keigo/ryokai" not in [f.rule for f in lint(text, ignore=["keigo/ryokai"]).findings]
    assert "keigo/ryokai" not in [f.rule for f in lint(text, profile="chat").findings]


def test_linter_is_reusable_and_fixes() -> None:
    linter = Linter(select=["keigo/ryokai"])
    assert [f.rule for f in linter.lint("了解です。").findings] == ["keigo/ryokai"]
    assert linter.lint("承知しました。").findings == []
    fixed, applied = linter.fix("日程の件、了解です。明日、了解しました。")
    assert fixed == "日程の件、承知しました。明日、承知しました。"
    assert [f.fix.replacement for f in applied] == ["承知しました", "承知しました"]


def test_import_is_lazy() -> None:
    assert teinei.__version__
    assert "lint" in teinei.__all__


def test_quoted_lines_are_not_linted_but_make_a_reply() -> None:
    text = "承知しました。明日伺います。\n\n> 了解しました。\n> もうしばらくお待ちください。\n"
    rules = [f.rule for f in lint(text).findings]
    assert "deadline/vague" not in rules and "keigo/ryokai" not in rules


def test_placeholders_are_opaque_nouns() -> None:
    text = "{{name}}様\nいつもお世話になっております。\n{{deadline}}までに資料をお送りいただけますでしょうか。\nよろしくお願いいたします。"
    assert [f.rule for f in lint(text).findings if f.severity.value != "info"] == []


def test_findings_without_advice_are_the_same_findings_with_nothing_to_read() -> None:
    """An audit counts findings: ``advice=False`` finds the same ones, without message, suggestions or fix."""
    from teinei.inputs import text_document

    linter = Linter(today="2026-11-20")
    text = "了解しました。\n資料を送ってください。完成までもうしばらくお待ちください。"
    advised = linter.lint_document(text_document(text)).findings
    counted = linter.lint_document(text_document(text), advice=False).findings
    assert [(f.rule, f.line, f.column, f.severity) for f in advised] == [
        ("keigo/ryokai", 1, 1, "warning"),
        ("curt/te-request", 2, 4, "warning"),
        ("deadline/missing", 2, 4, "warning"),
        ("deadline/vague", 2, 16, "warning"),
    ]
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column, f.severity, f.category, f.part) for f in counted] == [
        (f.rule, f.line, f.column, f.end_line, f.end_column, f.severity, f.category, f.part) for f in advised
    ]
    assert all(f.message and f.suggestions for f in advised) and advised[0].fix is not None
    assert all(f.message == "" and f.suggestions == [] and f.fix is None for f in counted)
