"""Rule loading: broken rule files are one-line user errors naming file, line, rule and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from teinei.errors import TeineiError
from teinei.linter import Linter
from teinei.ruleset.load import read_rules

from .conftest import run_cli

VALID = """\
kind: phrase
severity: warning
description: 社内の略語は社外の方に通じません。
message: 「{match}」は社内の略語です。
suggest: 正式な名称で書きましょう。
phrases: [KPI会]
examples:
  bad: [KPI会の資料です。]
  good: [定例会議の資料です。]
"""


def write_rule(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rules_folder_adds_a_rule(tmp_path: Path) -> None:
    write_rule(tmp_path, "wording/internal-jargon.yaml", VALID)
    result = Linter(rules_dirs=[tmp_path], select=["wording/internal-jargon"]).lint("明日のKPI会の件です。")
    (finding,) = result.findings
    assert (finding.rule, finding.line, finding.column, finding.end_column) == ("wording/internal-jargon", 1, 4, 8)
    assert finding.message == "「KPI会」は社内の略語です。"
    assert finding.suggestions == ["正式な名称で書きましょう。"]


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (VALID.replace("severity: warning", "severity: fatal"),
         "wording/x.yaml:2: 規則 'wording/x': severity: 'info'、'warning'、'error' のいずれかを指定してください"),
        (VALID.replace("kind: phrase", "kind: phrasee"),
         "wording/x.yaml:1: 規則 'wording/x': kind: phrase、pattern、substitution、requirement、metric、date "
         "のいずれかを指定してください"),
        (VALID + "colour: red\n", "wording/x.yaml:10: 規則 'wording/x': colour: この名前の項目はありません。名前を確かめてください"),
        (VALID.replace("phrases: [KPI会]", "regex: ['(KPI']"),
         "wording/x.yaml:6: 規則 'wording/x': regex: 正規表現 '(KPI' を読めません（"),
        (VALID.replace("  good: [定例会議の資料です。]\n", ""),
         "wording/x.yaml:7: 規則 'wording/x': examples.good: 必須の項目です。値を指定してください"),
        (VALID + "unless: [no-such-concept]\n",
         "wording/x.yaml:10: 規則 'wording/x': unless: 概念 'no-such-concept' はありません（あるもの: "),
        (VALID + "fix: {swap_regex: {'(KPI)会': '\\2会議'}}\n",
         "wording/x.yaml:10: 規則 'wording/x': fix.swap_regex: テンプレート '\\\\2会議' が、'(KPI)会' にないグループを参照しています"),
        (VALID.replace("kind: phrase", "kind: substitution").replace("phrases: [KPI会]", "swap_regex: {'(KPI)会': '\\2'}"),
         "wording/x.yaml:6: 規則 'wording/x': swap_regex: テンプレート '\\\\2' が、'(KPI)会' にないグループを参照しています"),
        (VALID + "fix: {replacement: 定例会議, swap_regex: {KPI会: 定例会議}}\n",
         "wording/x.yaml:10: 規則 'wording/x': fix: replacement、swap_regex、rewrite のうち一つを指定してください"),
        ("kind: phrase\n  bad: [", "wording/x.yaml:2: YAML として読めません（"),
        ("- just a list\n", "wording/x.yaml: 規則 'wording/x': 規則ファイルは項目のマッピングで書いてください"),
    ],
)
def test_broken_rule_file_is_one_line_error(tmp_path: Path, broken: str, expected: str) -> None:
    write_rule(tmp_path, "wording/x.yaml", broken)
    with pytest.raises(TeineiError) as caught:
        read_rules((tmp_path,))
    message = str(caught.value)
    assert "\n" not in message
    assert message.replace(str(tmp_path) + "/", "").startswith(expected), message


def test_a_fix_can_rewrite_the_matched_text_by_the_first_regular_expression_found_in_it(tmp_path: Path) -> None:
    rule = VALID.replace("phrases: [KPI会]", "regex: ['(?:KPI|OKR)会議?']") + (
        "fix:\n  swap_regex:\n    '^KPI会議?': 重要業績評価指標の会議\n    '^(OKR)会$': '\\1の会議'\n"
    )
    write_rule(tmp_path, "wording/x.yaml", rule)
    result = Linter(rules_dirs=[tmp_path], select=["wording/x"]).lint("KPI会とOKR会議の資料です。")
    first, second = result.findings
    assert first.fix is not None and first.fix.replacement == "重要業績評価指標の会議"
    assert (first.fix.start, first.fix.end) == (0, 4)
    assert second.fix is None  # 「OKR会議」: neither expression is found in it, so no fix
    assert Linter(rules_dirs=[tmp_path], select=["wording/x"]).lint("OKR会の件").findings[0].fix.replacement == "OKRの会議"


def test_rule_outside_a_category_folder_is_rejected(tmp_path: Path) -> None:
    write_rule(tmp_path, "Style/x.yaml", VALID)  # a pack's own category is lower-case (tests/test_rule_packs.py)
    with pytest.raises(TeineiError, match="規則ファイルはカテゴリーのフォルダ"):
        read_rules((tmp_path,))


def test_id_must_match_path(tmp_path: Path) -> None:
    write_rule(tmp_path, "wording/x.yaml", "id: wording/y\n" + VALID)
    with pytest.raises(TeineiError, match=r"x.yaml:1: 規則 'wording/x': id: 'wording/y' がファイルのパスと合いません（'wording/x' にしてください）$"):
        read_rules((tmp_path,))


def test_cli_reports_broken_rule_with_exit_2(tmp_path: Path) -> None:
    write_rule(tmp_path, "deadline/vague2.yaml", VALID.replace("severity: warning", "severity: loud"))
    proc = run_cli("check", "--rules", str(tmp_path), "-", input="ご確認ください")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("teinei: ") and (
        "deadline/vague2.yaml:2: 規則 'deadline/vague2': severity: 'info'、'warning'、'error' のいずれかを指定してください\n"
    ) in err


PATTERN = """\
kind: pattern
severity: warning
description: 社内でしか通じない作業の呼び方です。
message: 「{match}」は社外の方に通じません。
suggest: 作業の中身を書きましょう。
patterns:
  - - {lemma: {words: jargon}}
examples:
  bad: [{text: 明日はバラシです。, at: バラシ}]
  good: [明日は撤去作業です。]
"""


def test_a_word_list_is_written_once_and_named_in_token_conditions(tmp_path: Path) -> None:
    write_rule(tmp_path, "_words/jargon.yaml", "description: 現場の言い方\nwords: [バラシ, 仕込み]\n")
    write_rule(tmp_path, "wording/jargon.yaml", PATTERN)
    # A list among literals, and a built-in list named from a user's concept.
    write_rule(tmp_path, "_concepts/soft-ask.yaml", (
        "description: 気づかいのお願い\ntokens:\n  - - {lemma: [{words: courtesy-verbs}, 焦る], pos1: [動詞, 名詞]}\n"
    ))
    ruleset = read_rules((tmp_path,))
    patterns = ruleset.rules["wording/jargon"].rule.patterns  # type: ignore[attr-defined]
    assert patterns[0][0].lemma == ["バラシ", "仕込み"]
    lemmas = ruleset.concepts["soft-ask"].concept.tokens[0][0].lemma
    assert lemmas[0] == "容赦" and lemmas[-1] == "焦る" and "待つ" in lemmas
    result = Linter(rules_dirs=[tmp_path], select=["wording/jargon"]).lint("明日の仕込みは9時からです。")
    assert [(f.rule, f.line, f.column, f.end_column) for f in result.findings] == [("wording/jargon", 1, 4, 7)]


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        ("wording/x.yaml", PATTERN.replace("words: jargon", "words: jargn"),
         "wording/x.yaml:7: 規則 'wording/x': patterns.0.0.lemma: 単語リスト 'jargn' はありません（あるもの: courtesy-verbs, "
         "jargon。単語リストは _words/NAME.yaml に置きます）"),
        ("_concepts/alpha.yaml", "description: a\ntokens:\n  - - {surface: [あ, {words: nothing}]}\n",
         "_concepts/alpha.yaml:3: 概念 'alpha': tokens.0.0.surface.1: 単語リスト 'nothing' はありません（あるもの: "),
        ("_words/empty.yaml", "description: 空\nwords: []\n",
         "_words/empty.yaml:2: 単語リスト 'empty': words: 1 個以上指定してください"),
        ("_words/blank.yaml", "description: 空\nwords: [バラシ, '']\n",
         "_words/blank.yaml:2: 単語リスト 'blank': words.1: 1 文字以上で指定してください"),
    ],
)
def test_a_word_list_that_is_missing_or_broken_is_a_load_error(
    tmp_path: Path, where: str, text: str, expected: str
) -> None:
    write_rule(tmp_path, "_words/jargon.yaml", "description: 現場の言い方\nwords: [バラシ, 仕込み]\n")
    write_rule(tmp_path, where, text)
    with pytest.raises(TeineiError) as caught:
        read_rules((tmp_path,))
    assert str(caught.value).replace(str(tmp_path) + "/", "").startswith(expected), str(caught.value)


def test_an_edited_word_list_is_read_again_by_the_next_run(tmp_path: Path) -> None:
    rules = tmp_path / "my-rules"
    words = write_rule(rules, "_words/jargon.yaml", "description: 現場の言い方\nwords: [バラシ]\n")
    write_rule(rules, "wording/jargon.yaml", PATTERN)
    (tmp_path / "m.txt").write_text("明日の仕込みは9時からです。\n", encoding="utf-8")
    command = ("check", "--no-cache", "--select", "wording/jargon", "--rules", "my-rules", "m.txt")
    assert run_cli(*command, cwd=tmp_path).returncode == 0
    words.write_text("description: 現場の言い方\nwords: [バラシ, 仕込み]\n", encoding="utf-8")
    result = run_cli(*command, cwd=tmp_path)
    assert (result.returncode, result.stdout.decode().splitlines()[0]) == (
        1, "m.txt:1:4: warning [wording/jargon] 「仕込み」は社外の方に通じません。"
    )


def test_word_lists_reach_every_token_feature_that_takes_values() -> None:
    from teinei.ruleset.model import TokenCondition
    from teinei.ruleset.words import FEATURES

    valued = set(TokenCondition.model_fields) - {"placeholder", "not_", "optional", "repeat", "capture"}
    assert valued == FEATURES


def test_a_concept_nested_as_deep_as_yaml_allows_is_one_error_line(tmp_path: Path) -> None:
    # 980 levels: the C parser takes up to about 1,000; looking for word lists must not recurse that deep.
    write_rule(tmp_path, "rules/_concepts/deep.yaml", "description: x\nphrases: " + "[" * 980 + "x" + "]" * 980 + "\n")
    (tmp_path / "m.txt").write_text("お世話になっております。\n", encoding="utf-8")
    result = run_cli("check", "--rules", "rules", "m.txt", cwd=tmp_path)
    assert (result.returncode, result.stderr.decode()) == (
        2, "teinei: rules/_concepts/deep.yaml:2: 概念 'deep': phrases.0: 文字列で指定してください\n"
    )
