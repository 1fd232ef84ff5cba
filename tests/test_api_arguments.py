"""The library as a person meets it (issue 19): arguments given the obvious way work, wrong ones are one
``TeineiError`` line, the result iterates its findings, and the documented examples run."""

from __future__ import annotations

import datetime as dt
import doctest
import subprocess
import sys

import pytest

import teinei
from teinei import Linter, LintResult, TeineiError, deadlines, lint

from .conftest import ROOT, run_cli

VAGUE = "お世話になっております。\n完成までもうしばらくお待ちください。"


def test_a_single_rule_or_category_may_be_a_string() -> None:
    assert [f.rule for f in lint(VAGUE).findings] == ["deadline/vague"]
    assert lint(VAGUE, ignore="deadline").findings == []
    assert [f.rule for f in Linter(select="deadline/vague").lint("進捗を教えてください。了解です。")] == []
    assert [f.rule for f in Linter(ignore="curt", select=["keigo"]).lint("了解です。")] == ["keigo/ryokai"]


def test_a_rules_folder_may_be_a_string(tmp_path) -> None:
    (tmp_path / "deadline").mkdir()
    (tmp_path / "deadline" / "asap.yaml").write_text(
        "kind: phrase\nseverity: error\nprofiles: [external]\ndescription: 至急は期限ではありません。\n"
        "message: 「{match}」では期限が伝わりません。\nsuggest: 日時を書きましょう。\nphrases: [至急]\n"
        "examples: {bad: [{text: 至急お願いします。, at: 至急}], good: [本日中にお願いします。]}\n",
        encoding="utf-8",
    )
    assert [f.rule for f in Linter(rules=str(tmp_path), select="deadline/asap").lint("至急お願いします。")] == [
        "deadline/asap"
    ]


def test_today_may_be_an_iso_string() -> None:
    text = "お世話になっております。\n資料を12月5日(金)までにお送りください。"
    by_string = [f.message for f in lint(text, today="2026-11-20", select="deadline")]
    by_date = [f.message for f in lint(text, today=dt.date(2026, 11, 20), select="deadline")]
    assert by_string == by_date == ["「12月5日(金)」の曜日が日付と合いません。2026年12月5日は土曜日です。"]
    assert [f.message for f in Linter(today="2026-11-20", select="deadline").lint(text)] == by_string
    assert [f.message for f in Linter(select="deadline").lint(text, today="2026-11-20")] == by_string
    (mention,) = deadlines("来週の金曜日までにご返信ください。", today="2026-11-20")
    assert mention.date == dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: lint(None), "text must be a str, not NoneType"),
        (lambda: lint(b"\xe4\xba\x86"), "text must be a str, not bytes: decode it first (e.g. data.decode('utf-8'))"),
        (lambda: Linter().lint(42), "text must be a str, not int"),
        (lambda: deadlines(None), "text must be a str, not NoneType"),
        (lambda: lint(VAGUE, today="2026-13-01"), "today must be a date such as '2026-12-06' or '2026-12-06T15:00', not '2026-13-01'"),
        (lambda: deadlines(VAGUE, today=20261120), "today must be a date or an ISO date string, not int"),
        (lambda: Linter(severity={"scope": "fatal"}), "severity for 'scope' must be info, warning or error, not 'fatal'"),
        (lambda: Linter(severity=["scope"]), "severity must map rule ids or categories to a severity, not list"),
        (lambda: Linter(regex_timeout=-1), "regex_timeout must be a positive number of seconds, not -1"),
        (lambda: Linter(regex_timeout="1"), "regex_timeout must be a positive number of seconds, not '1'"),
        (lambda: Linter(ignore=42), "ignore must be a rule id or category, or a list of them, not int"),
        (lambda: Linter(select=[None]), "select must hold rule ids or categories as strings, not NoneType"),
        (lambda: Linter(ignore="curt/no-such-rule"), "規則またはカテゴリー 'curt/no-such-rule' はありません（一覧は `teinei rules`）"),
    ],
)
def test_wrong_arguments_are_one_clear_line(call, message: str) -> None:
    with pytest.raises(TeineiError) as caught:
        call()
    assert str(caught.value) == message


def test_an_empty_or_all_quoted_text_is_refused_as_by_the_command_line() -> None:
    cases = {
        "": "チェックする文章がありません（テキストが空です）",
        "  \n": "チェックする文章がありません（テキストが空です）",
        "> 資料を送ってください。\n": "チェックする文章がありません（返信・転送で、引用のほかに書かれた文章がありません）",
    }
    for text, why in cases.items():
        result = lint(text)
        assert (result.findings, result.error, result.checked) == ([], why, False)
        cli = run_cli("check", "-", input=text)
        assert cli.returncode == 2
        assert cli.stderr.decode().startswith("-: チェックする文章がありません（")


def test_a_result_iterates_its_findings() -> None:
    result = lint(VAGUE)
    assert [f.rule for f in result] == ["deadline/vague"]
    assert list(LintResult()) == []


def test_public_names_are_listed_and_typed() -> None:
    assert set(teinei.__all__) <= set(dir(teinei))
    assert {"lint", "Linter", "deadlines", "LintResult", "TeineiError"} <= set(dir(teinei))
    assert (ROOT / "src" / "teinei" / "py.typed").is_file()


def test_a_type_checker_sees_the_package_as_typed(tmp_path) -> None:
    """The installed package says it is typed: its files, not only a stub, are what checkers read."""
    code = "import importlib.resources as r; print(r.files('teinei').joinpath('py.typed').is_file())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "True"


@pytest.mark.parametrize("documented", [lint, Linter, Linter.lint, Linter.fix, deadlines], ids=lambda o: o.__qualname__)
def test_the_documented_examples_run(documented) -> None:
    (test,) = doctest.DocTestFinder(recurse=False).find(documented, globs={"Linter": Linter, "lint": lint, "deadlines": deadlines})
    assert len(test.examples) >= 2  # an example, and what it gives
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    outcome = runner.run(test)
    assert (outcome.failed, outcome.attempted) == (0, len(test.examples))


def test_a_result_says_whether_it_fails_as_the_command_line_would() -> None:
    result = lint(VAGUE)  # one warning
    assert result.fails() and result.fails("warning") and not result.fails("error")
    assert [f.rule for f in result.at_least("warning")] == ["deadline/vague"]
    assert run_cli("check", "--fail-level", "error", "-", input=VAGUE).returncode == 0
    with pytest.raises(TeineiError, match=r"^level must be info, warning or error, not 'fatal'$"):
        result.fails("fatal")
