"""Rewrites built from the writer's own sentence (issue 18): each kind on real sentences, exact output; how
they are shown (text 修正例, JSON, SARIF) and applied (--fix safe only, --unsafe-fixes, display never)."""

from __future__ import annotations

import json

import pytest

from teinei.linter import Linter

from .conftest import TODAY, run_cli


def rewrite(linter: Linter, text: str, rule: str, profile: str | None = None) -> tuple[str, str]:
    """The text with the one fix of ``rule`` applied, and the fix's applicability."""
    found = [f for f in linter.lint(text, profile=profile, today=TODAY).findings if f.rule == rule]
    assert len(found) == 1, [f.rule for f in linter.lint(text, profile=profile, today=TODAY).findings]
    fix = found[0].fix
    assert fix is not None, f"{rule} has no rewrite for {text!r}"
    return text[: fix.start] + fix.replacement + text[fix.end :], fix.applicability


# --- requests -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        ("curt/bare-request", "11月27日(金)までに見積書をお送りください。",
         "お手数ですが、11月27日(金)までに見積書をお送りいただけますでしょうか。"),
        ("curt/bare-request", "11月27日(金)までにご確認ください。",
         "お手数ですが、11月27日(金)までにご確認いただけますでしょうか。"),
        ("curt/bare-request", "12月1日(火)までにレビューお願いします。",
         "お手数ですが、12月1日(火)までにレビューをお願いできますでしょうか。"),
        ("rudeness/imperative", "11月27日(金)までに資料を送れ。",
         "お手数ですが、11月27日(金)までに資料をお送りいただけますでしょうか。"),
        ("rudeness/imperative", "Aをするためにはどうすればいいのか教えろ。",
         "お手数ですが、Aをするためにはどうすればいいのか教えていただけますでしょうか。"),
        ("rudeness/imperative", "マニュアルをよく読みなさい。", "お手数ですが、マニュアルをよくお読みいただけますでしょうか。"),
        ("rudeness/imperative", "明日までに見積書を送ってくれ。", "お手数ですが、明日までに見積書を送っていただけますでしょうか。"),
        ("rudeness/imperative", "すぐ確認しろ。", "お手数ですが、すぐご確認いただけますでしょうか。"),
        # a prohibition: 恐れ入りますが, and the verb in its ないで form
        ("rudeness/imperative", "勝手に仕様を変更するな。", "恐れ入りますが、勝手に仕様を変更しないでいただけますでしょうか。"),
        # a sentence that already has a cushion gets no second one
        ("rudeness/imperative", "恐れ入りますが、資料を送れ。", "恐れ入りますが、資料をお送りいただけますでしょうか。"),
    ],
)
def test_requests_are_conjugated_into_a_polite_question(linter: Linter, rule: str, text: str, fixed: str) -> None:
    assert rewrite(linter, text, rule) == (fixed, "unsafe")


# --- how rewrites are shown and applied ---------------------------------------------------------------


def test_text_report_shows_the_rewrite_first_with_the_changed_part_marked() -> None:
    proc = run_cli("check", "--select", "rudeness/imperative", "-", input="勝手に仕様を変更するな。\n")
    assert proc.stdout.decode().splitlines()[:3] == [
        "-:1:9: error [rudeness/imperative] 命令や禁止の形「するな」は相手を見下した言い方です。",
        "  修正例: 【恐れ入りますが、】勝手に仕様を変更【しないでいただけますでしょうか】。"
        " （要確認: --unsafe-fixes で適用できます）",
        "  提案: 「〜していただけますでしょうか」と依頼の形にしましょう（例：「教えろ」→「教えていただけますでしょうか」）。",
    ]


def test_unsafe_rewrites_are_applied_only_with_unsafe_fixes() -> None:
    text = "11月27日(金)までにご確認してください。\n"
    safe = run_cli("check", "--select", "curt,keigo", "--fix", "-", input=text)
    assert safe.stdout.decode() == "11月27日(金)までにご確認ください。\n"  # keigo/o-shite-itadaku's safe fix only
    both = run_cli("check", "--select", "curt,keigo", "--fix", "--unsafe-fixes", "-", input=text)
    assert both.stdout.decode() == "お手数ですが、11月27日(金)までにご確認いただけますでしょうか。\n"
    alone = run_cli("check", "--unsafe-fixes", "-", input=text)
    assert alone.returncode == 2
    assert alone.stderr.decode() == "teinei: --unsafe-fixes says which fixes to apply: use it with --fix or --diff\n"


def test_json_and_sarif_carry_the_rewrite_and_its_region() -> None:
    text = "勝手に仕様を変更するな。\n"
    data = json.loads(run_cli("check", "--select", "rudeness", "--format", "json", "-", input=text).stdout)
    assert data["version"] == 1
    assert data["files"][0]["findings"][0]["fix"] == {
        "replacement": "恐れ入りますが、勝手に仕様を変更しないでいただけますでしょうか", "start": 0, "end": 11,
        "applicability": "unsafe",
    }
    sarif = json.loads(run_cli("check", "--select", "rudeness", "--format", "sarif", "-", input=text).stdout)
    (fix,) = sarif["runs"][0]["results"][0]["fixes"]
    assert fix["properties"] == {"applicability": "unsafe"}
    (change,) = fix["artifactChanges"]
    # The rewrite starts at the sentence (column 1), not at the finding (column 9).
    assert change["replacements"][0]["deletedRegion"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 12}


def test_polite_forms_of_plain_request_phrases() -> None:
    from teinei.rewrites.request import polite

    assert polite("ご確認してください") == "ご確認いただけますでしょうか"
    assert polite("教えてください") == "教えていただけますでしょうか"
    assert polite("確認お願いします") == "確認をお願いできますでしょうか"
    assert polite("ご了承") is None
