"""Rule folders (issue 19): every YAML file is loaded or refused with a line, all mistakes at once, a built-in
rule is replaced only when a user rule says so, and a placeholder no match can fill is a load error."""

from __future__ import annotations

from pathlib import Path

import pytest

from teinei.errors import TeineiError
from teinei.linter import Linter
from teinei.ruleset.load import read_rules

from .conftest import run_cli
from .test_ruleset_load import VALID as RULE


def write(root: Path, name: str, text: str = RULE) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors(root: Path) -> list[str]:
    """The lines `teinei check --rules ROOT` prints, with the folder left out (exit code 2 checked)."""
    proc = run_cli("check", "--rules", str(root), "-", input="お世話になっております。\n明日のKPI会の件です。\n")
    assert proc.returncode == 2, proc.stdout.decode()
    assert "Traceback" not in proc.stderr.decode()
    return proc.stderr.decode().replace(str(root) + "/", "").splitlines()


def test_a_yml_file_is_a_rule_file(tmp_path: Path) -> None:
    write(tmp_path, "wording/internal-jargon.yml")
    result = Linter(rules=tmp_path, select="wording/internal-jargon").lint("明日のKPI会の件です。")
    assert [(f.rule, f.message) for f in result] == [("wording/internal-jargon", "「KPI会」は社内の略語です。")]


def test_a_rule_file_directly_in_the_folder_is_refused_not_ignored(tmp_path: Path) -> None:
    write(tmp_path, "internal-jargon.yaml")
    write(tmp_path, "wording/ok.yaml")
    assert errors(tmp_path) == [
        "teinei: internal-jargon.yaml: 規則 'internal-jargon': 規則ファイルはカテゴリーのフォルダ"
        "（curt, acknowledgement, scope, deadline, keigo, rudeness, wording, clarity）に置いてください"
        "（独自の規則パックのカテゴリー名には、小文字・数字・ハイフンが使えます）"
    ]


def test_the_same_rule_as_yaml_and_yml_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "wording/x.yaml")
    write(tmp_path, "wording/x.yml")
    assert errors(tmp_path) == ["teinei: wording/x.yml: wording/x.yaml と同じ規則を定義しています"]


def test_a_built_in_id_is_replaced_only_when_the_rule_says_so(tmp_path: Path) -> None:
    ryokai = RULE.replace("phrases: [KPI会]", "phrases: [了解でーす]")
    write(tmp_path, "keigo/ryokai.yaml", ryokai)
    assert errors(tmp_path) == [
        "teinei: keigo/ryokai.yaml: 規則 'keigo/ryokai': 組み込みの規則に同じ id があります。"
        "この規則に置き換えるには `replaces: keigo/ryokai` を加え、そうでなければファイルに別の名前を付けてください"
    ]
    write(tmp_path, "keigo/ryokai.yaml", ryokai + "replaces: keigo/ryokai\n")
    linter = Linter(rules=tmp_path, select="keigo/ryokai")
    assert [f.rule for f in linter.lint("了解でーす。")] == ["keigo/ryokai"]
    assert list(linter.lint("了解しました。")) == []  # the built-in rule no longer runs
    write(tmp_path, "keigo/ryokai.yaml", ryokai + "replaces: keigo/ryoukai\n")
    assert errors(tmp_path) == [
        "teinei: keigo/ryokai.yaml: 規則 'keigo/ryokai': replaces: 組み込みの規則 'keigo/ryoukai' はありません（一覧は `teinei rules`）"
    ]


def test_a_rule_may_replace_a_built_in_rule_under_its_own_name(tmp_path: Path) -> None:
    write(tmp_path, "keigo/ryokai-strict.yaml", RULE.replace("phrases: [KPI会]", "phrases: [了解]") + "replaces: keigo/ryokai\n")
    ruleset = read_rules((tmp_path,))
    assert "keigo/ryokai-strict" in ruleset.rules and "keigo/ryokai" not in ruleset.rules


def test_every_mistake_of_every_rule_file_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, "wording/a.yaml", RULE.replace("severity: warning", "severity: loud"))
    write(tmp_path, "wording/b.yaml", RULE.replace("description: 社内の略語は社外の方に通じません。\n", "").replace(
        "message: 「{match}」は社内の略語です。\n", ""))
    write(tmp_path, "wording/c.yaml", RULE)
    write(tmp_path, "deadline/d.yaml", "kind: phrase\n  bad: [")
    assert errors(tmp_path) == [
        "teinei: deadline/d.yaml:2: YAML として読めません（mapping values are not allowed in this context）",
        "teinei: wording/a.yaml:2: 規則 'wording/a': severity: 'info'、'warning'、'error' のいずれかを指定してください",
        "teinei: wording/b.yaml:1: 規則 'wording/b': description: 必須の項目です。値を指定してください",
        "teinei: wording/b.yaml:1: 規則 'wording/b': message: 必須の項目です。値を指定してください",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("「{match}」は", "「{matched}」は"),
         "wording/x.yaml:4: 規則 'wording/x': message: プレースホルダー {matched} はありません。{match} のことでしょうか"),
        (("suggest: 正式な名称で書きましょう。", "suggest:\n  - 正式な名称で書きましょう。\n  - 「{replacement}」と書きましょう。"),
         "wording/x.yaml:7: 規則 'wording/x': suggest.1: プレースホルダー {replacement} はありません"
         "（この規則で使えるもの: match, sentence）"),
        (("「{match}」は", "「{match」は"),
         "wording/x.yaml:4: 規則 'wording/x': message: テンプレートとして読めません（"),
    ],
)
def test_a_placeholder_no_match_can_fill_is_a_load_error(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    write(tmp_path, "wording/x.yaml", RULE.replace(*change))
    with pytest.raises(TeineiError) as caught:
        read_rules((tmp_path,))
    assert str(caught.value).replace(str(tmp_path) + "/", "").startswith(expected), str(caught.value)


def test_captures_named_groups_and_fixes_fill_placeholders(tmp_path: Path) -> None:
    write(tmp_path, "wording/group.yaml", RULE.replace("phrases: [KPI会]", "regex: ['(?P<name>KPI|OKR)会']").replace(
        "suggest: 正式な名称で書きましょう。", "suggest: 「{name}」の正式な名称を書きましょう。"))
    write(tmp_path, "wording/fixed.yaml", RULE.replace("suggest: 正式な名称で書きましょう。", "suggest: 「{replacement}」と書きましょう。")
          + "fix: {replacement: 定例会議}\n")
    result = Linter(rules=tmp_path, select=["wording/group", "wording/fixed"]).lint("明日のOKR会とKPI会の件です。")
    assert [s for f in result for s in f.suggestions] == [
        "「OKR」の正式な名称を書きましょう。", "「定例会議」と書きましょう。", "「KPI」の正式な名称を書きましょう。",
    ]
