"""GitHub Actions annotations, and the other CI-facing switches: ``--statistics`` and ``--quiet``."""

from __future__ import annotations

import json
from pathlib import Path

from teinei.findings import Finding, LintResult
from teinei.report import github
from teinei.ruleset.model import Severity

from .conftest import run_cli


def house_rules(root: Path) -> Path:
    """Two rules of our own, so that the expected output does not follow the shipped rules' wording."""
    for name, severity, phrase, message in [
        ("asap", "warning", "ASAP", "「{match}」では、いつまでかが伝わりません。"),
        ("tbd", "info", "TBD", "「{match}」は、読み手には何のことか分かりません。"),
    ]:
        path = root / "wording" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"kind: phrase\nseverity: {severity}\ndescription: 略語の{phrase}。\nmessage: {message}\n"
            f"suggest: [具体的に書きましょう。, 例：「12月5日(金)17時まで」]\nphrases: [{phrase}]\n"
            f"examples: {{bad: [{{text: {phrase}です, at: {phrase}}}], good: [明日です]}}\n",
            encoding="utf-8",
        )
    return root


SELECT = ("--rules", "rules", "--select", "wording/asap,wording/tbd")


def test_annotations_for_a_file(tmp_path: Path) -> None:
    house_rules(tmp_path / "rules")
    (tmp_path / "mail.txt").write_text("お世話になっております。\n日程はTBDです。\n資料はASAPでお願いします。\n", encoding="utf-8")
    proc = run_cli("check", "--format", "github", *SELECT, "mail.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == [
        "::notice file=mail.txt,line=2,endLine=2,col=4,endColumn=7,title=teinei [wording/tbd]::"
        "「TBD」は、読み手には何のことか分かりません。%0A提案: 具体的に書きましょう。%0A提案: 例：「12月5日(金)17時まで」",
        "::warning file=mail.txt,line=3,endLine=3,col=4,endColumn=8,title=teinei [wording/asap]::"
        "「ASAP」では、いつまでかが伝わりません。%0A提案: 具体的に書きましょう。%0A提案: 例：「12月5日(金)17時まで」",
    ]


def test_escaping_subjects_errors_and_order() -> None:
    def finding(rule: str, line: int, part: str = "body", message: str = "m") -> Finding:
        return Finding(rule=rule, category=rule.split("/")[0], severity=Severity.ERROR, message=message,
                       suggestions=[], line=line, column=1, end_line=line, end_column=3, part=part, start=0, end=2)

    results = [
        LintResult(path="z.txt", findings=[finding("scope/vague", 1)]),
        LintResult(path="dir,with:odd%/a.eml",
                   findings=[finding("deadline/vague", 4, message="100%\r\n完了"), finding("clarity/subject", 1, "subject")],
                   errors=["規則 'x/y': 正規表現が 1 秒の上限を超えたため、この規則を中止しました"]),
    ]
    assert github.render(results).splitlines() == [
        "::error file=dir%2Cwith%3Aodd%25/a.eml,title=teinei [clarity/subject]::件名: m",
        "::error file=dir%2Cwith%3Aodd%25/a.eml,line=4,endLine=4,col=1,endColumn=3,title=teinei [deadline/vague]::"
        "100%25%0D%0A完了",
        "::error file=dir%2Cwith%3Aodd%25/a.eml::規則 'x/y': 正規表現が 1 秒の上限を超えたため、この規則を中止しました",
        "::error file=z.txt,line=1,endLine=1,col=1,endColumn=3,title=teinei [scope/vague]::m",
    ]
    assert github.render([]) == ""


def test_statistics_count_findings_per_rule(tmp_path: Path) -> None:
    house_rules(tmp_path / "rules")
    (tmp_path / "a.txt").write_text("了解しました。ASAPでお願いします。\n了解です。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("件名はTBDです。資料はASAPでお願いします。\n", encoding="utf-8")
    select = ("--rules", "rules", "--select", "wording/asap,wording/tbd,keigo/ryokai")
    proc = run_cli("check", "--statistics", *select, ".", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode() == (
        "    2  keigo/ryokai  warning  修正可 2\n"
        "    2  wording/asap  warning\n"
        "    1  wording/tbd   info\n"
        "5 件の指摘（2 ファイルを確認、うち 2 ファイルに指摘）\n"
    )
    data = json.loads(run_cli("check", "--statistics", "--format", "json", *select, ".", cwd=tmp_path).stdout)
    assert data["statistics"][0] == {"rule": "keigo/ryokai", "count": 2, "fixable": 2, "severity": "warning"}
    assert data["summary"] == {"files": 2, "not_checked": 0, "findings": 5}
    wrong = run_cli("check", "--statistics", "--format", "sarif", ".", cwd=tmp_path)
    assert (wrong.returncode, wrong.stderr.decode()) == (
        2, "teinei: --statistics は表を出力します。--format text または json と一緒に指定してください\n",
    )


def test_quiet_prints_findings_only(tmp_path: Path) -> None:
    house_rules(tmp_path / "rules")
    (tmp_path / "bad.txt").write_text("資料はASAPでお願いします。\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("資料は明日までにお願いします。\n", encoding="utf-8")
    clean = run_cli("check", "--quiet", *SELECT, "good.txt", cwd=tmp_path)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, b"", b"")
    noisy = run_cli("check", "-q", *SELECT, "bad.txt", "good.txt", cwd=tmp_path)
    assert noisy.returncode == 1
    assert noisy.stdout.decode() == (
        "bad.txt:1:4: warning [wording/asap] 「ASAP」では、いつまでかが伝わりません。\n"
        "  提案: 具体的に書きましょう。\n"
        "  提案: 例：「12月5日(金)17時まで」\n"
        "     1 | 資料はASAPでお願いします。\n"
        "       |       ^^^^\n"
    )
