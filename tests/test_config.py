"""Configuration: discovery from each file upwards, every setting's effect, command-line overrides, the
company vocabulary as rules, ``teinei init``, and one-line errors naming the file and key."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from teinei.config import Config
from teinei.config_file import load_config
from teinei.errors import TeineiError
from teinei.globs import compile_glob
from teinei.linter import Linter
from teinei.ruleset.model import Severity
from teinei.settings import Settings, key, setting_names
from teinei.starter import STARTER
from teinei.vocabulary import vocabulary_rules
from teinei.workspace import Workspace, find_config

from .conftest import ROOT, TODAY, WORK, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CURT = "進捗を教えてください\n"  # curt/one-line (external, internal), curt/te-request (external), deadline/missing


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules_by_path(proc) -> dict[str, list[str]]:
    data = json.loads(proc.stdout)
    return {Path(f["path"]).as_posix(): [x["rule"] for x in f["findings"]] for f in data["files"]}


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("templates/internal/**", ["templates/internal/a.txt", "templates/internal/x/b.md"],
         ["templates/internal", "templates/internals/a.txt", "other/templates/internal/a.txt"]),
        ("*.txt", ["a.txt", "deep/er/a.txt"], ["a.txt.j2", "a.md"]),
        ("drafts", ["drafts/a.txt", "x/drafts/y/b.md"], ["drafts.txt", "mydrafts/a.txt"]),
        ("templates/notices/*.txt", ["templates/notices/a.txt"], ["templates/notices/old/a.txt"]),
        ("**/legacy/*.eml", ["legacy/a.eml", "a/b/legacy/c.eml"], ["legacy/a/c.eml"]),
        ("mail-?.[jt]xt", ["mail-1.txt", "mail-2.jxt"], ["mail-10.txt", "mail-1.md"]),
        ("mail-[!0-9].txt", ["mail-a.txt"], ["mail-1.txt"]),
        ("./templates/", ["templates/a.txt"], ["x/templates/a.txt"]),
    ],
)
def test_globs_are_gitignore_like(pattern: str, matches: list[str], misses: list[str]) -> None:
    glob = compile_glob(pattern)
    assert [m for m in matches if not glob.match(m)] == []
    assert [m for m in misses if glob.match(m)] == []


def test_nearest_file_wins_and_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "teinei.toml", 'profile = "chat"\n')
    write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.teinei]: keep looking up
    write(tmp_path / "b" / "pyproject.toml", '[tool.teinei]\nprofile = "internal"\n')
    write(tmp_path / "c" / "teinei.toml", 'profile = "internal"\n')
    write(tmp_path / "c" / ".teinei.toml", 'profile = "external"\n')  # .teinei.toml first, as in ruff
    write(tmp_path / "c" / "pyproject.toml", '[tool.teinei]\nprofile = "chat"\n')
    assert find_config(tmp_path / "a") == tmp_path / "teinei.toml"
    assert find_config(tmp_path / "b") == tmp_path / "b" / "pyproject.toml"
    assert find_config(tmp_path / "c") == tmp_path / "c" / ".teinei.toml"
    workspace = Workspace()
    profiles = {
        d: workspace.config_for(str(write(tmp_path / d / "m.txt", CURT))).profile_for(tmp_path / d / "m.txt")
        for d in ("a", "b", "c")
    }
    assert profiles == {"a": "chat", "b": "internal", "c": "external"}
    # One configuration object per file, shared by every folder under it.
    assert workspace.config_for(str(tmp_path / "a" / "m.txt")) is workspace.config_for(str(tmp_path / "x.txt"))


def test_each_file_is_checked_with_its_own_configuration(tmp_path: Path) -> None:
    write(tmp_path / "customer" / "m.txt", CURT)
    write(tmp_path / "team" / "teinei.toml", 'profile = "chat"\n')
    write(tmp_path / "team" / "m.txt", CURT)
    proc = run_cli("check", "--format", "json", str(tmp_path))
    found = rules_by_path(proc)
    assert found[(tmp_path / "customer" / "m.txt").as_posix()] == ["curt/one-line", "curt/te-request", "deadline/missing"]
    assert found[(tmp_path / "team" / "m.txt").as_posix()] == ["deadline/missing"]


def test_every_setting_takes_effect(tmp_path: Path) -> None:
    write(tmp_path / "teinei.toml", """
profile = "external"
ignore = ["curt/te-request"]
exclude = ["drafts", "*.bak.txt"]
fail-level = "error"

[per-path-profiles]
"templates/internal/**" = "internal"
"templates/**" = "chat"

[severity]
"deadline/missing" = "error"
"curt" = "info"

[per-file-ignores]
"templates/notices/*.txt" = ["deadline"]
""")
    files = {
        "top.txt": CURT,
        "templates/internal/a.txt": CURT,
        "templates/customer/b.txt": CURT,
        "templates/notices/c.txt": CURT,
        "drafts/d.txt": CURT,
        "e.bak.txt": CURT,
    }
    for name, text in files.items():
        write(tmp_path / name, text)
    proc = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    data = json.loads(proc.stdout)
    found = {f["path"]: [(x["rule"], x["severity"]) for x in f["findings"]] for f in data["files"]}
    assert found == {
        "./top.txt": [("curt/one-line", "info"), ("deadline/missing", "error")],
        # the first matching per-path profile wins: internal, not chat
        "./templates/internal/a.txt": [("curt/one-line", "info"), ("deadline/missing", "error")],
        "./templates/customer/b.txt": [("deadline/missing", "error")],  # chat: no one-line rule
        "./templates/notices/c.txt": [],  # chat, and deadline ignored for notices
    }
    assert proc.returncode == 1  # deadline/missing was raised to error, and the fail level is error
    # Exclusion applies to files named on the command line too (a git hook names them).
    named = run_cli("check", "drafts/d.txt", "e.bak.txt", cwd=tmp_path)
    assert (named.returncode, named.stdout.decode()) == (0, "指摘はありません（0 ファイルを確認）\n")


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    write(tmp_path / "teinei.toml", """
select = ["curt"]
ignore = ["curt/te-request"]
fail-level = "info"
[per-path-profiles]
"chat/**" = "chat"
""")
    write(tmp_path / "chat" / "m.txt", CURT)
    assert rules_by_path(run_cli("check", "--format", "json", "chat/m.txt", cwd=tmp_path)) == {"chat/m.txt": []}
    # --profile applies to every path, per-path profiles included; --select replaces the file's select.
    proc = run_cli("check", "--format", "json", "--profile", "external", "--select", "curt,deadline", "chat/m.txt",
                   cwd=tmp_path)
    assert rules_by_path(proc) == {"chat/m.txt": ["curt/one-line", "deadline/missing"]}  # file's ignore still holds
    # --ignore adds to the file's; --fail-level replaces it.
    workspace = Workspace(profile="external", ignore=["curt/one-line"], fail_level="error")
    path = str(tmp_path / "chat" / "m.txt")
    assert [f.rule for f in workspace.linter_for(path).lint_path(path).findings] == []
    assert workspace.fail_level_for(path) is Severity.ERROR
    assert Workspace().fail_level_for(path) is Severity.INFO


def test_explicit_config_is_used_for_every_path_and_globs_are_relative_to_it(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "teinei.toml", 'profile = "internal"\n')  # would be found, but --config wins
    write(tmp_path / "elsewhere" / "m.txt", CURT)
    settings = write(tmp_path / "conf" / "pyproject.toml", '[tool.teinei]\nprofile = "chat"\n')
    proc = run_cli("check", "--format", "json", "--config", str(settings), str(tmp_path / "elsewhere"))
    assert list(rules_by_path(proc).values()) == [["deadline/missing"]]


def test_extra_rule_folders_are_relative_to_the_file(tmp_path: Path) -> None:
    write(tmp_path / "house-rules" / "wording" / "asap.yaml", """
kind: phrase
description: 「ASAP」は期限が曖昧です。
message: 「{match}」では、いつまでかが伝わりません。
suggest: 具体的な日時を書きましょう。
phrases: [ASAP]
examples:
  bad: [{text: ASAPでお願いします。, at: ASAP}]
  good: [明日までにお願いします。]
""")
    write(tmp_path / "teinei.toml", 'rules = ["house-rules"]\nselect = ["wording"]\n')
    write(tmp_path / "sub" / "m.txt", "お世話になっております。\n資料をASAPでお願いします。\n")
    proc = run_cli("check", "--format", "json", str(tmp_path / "sub" / "m.txt"))
    (entry,) = json.loads(proc.stdout)["files"]
    assert [(f["rule"], f["line"], f["column"]) for f in entry["findings"]] == [("wording/asap", 2, 4)]


def test_vocabulary_becomes_substitution_and_phrase_rules(tmp_path: Path) -> None:
    path = write(tmp_path / "teinei.toml", """
[vocabulary]
banned = ["弊社的には"]
[vocabulary.preferred]
"ユーザー様" = "お客様"
"御社" = "貴社"
""")
    config = load_config(path)
    linter = Linter(config=config, today=TODAY)
    result = linter.lint("いつもお世話になっております。\n御社のユーザー様向けの資料ですが、弊社的には問題ございません。\n")
    vocabulary = [(f.rule, f.line, f.column, f.message, f.fix.replacement if f.fix else None)
                  for f in result.findings if f.category == "wording"]
    assert vocabulary == [
        ("wording/preferred-term", 2, 1, "「御社」は、社内の用語集では「貴社」と書くことになっています。", "貴社"),
        ("wording/preferred-term", 2, 4, "「ユーザー様」は、社内の用語集では「お客様」と書くことになっています。", "お客様"),
        ("wording/banned-term", 2, 18, "「弊社的には」は、社内の用語集で使わないことになっている言葉です。", None),
    ]
    fixed, _ = linter.fix("御社のユーザー様向けの資料です。")
    assert fixed == "貴社のお客様向けの資料です。"
    # The generated rules carry examples like rule files do, and they hold.
    for rule in vocabulary_rules(config.settings.vocabulary):
        for bad in rule.examples.bad:
            spans = [bad.text[f.start:f.end] for f in linter.lint(bad.text).findings if f.rule == rule.id]
            assert spans == [bad.at]
        for good in rule.examples.good:
            assert [f for f in linter.lint(good.text).findings if f.rule == rule.id] == []


def test_vocabulary_rules_can_be_selected_and_given_a_severity(tmp_path: Path) -> None:
    write(tmp_path / "teinei.toml", """
select = ["wording/preferred-term"]
[severity]
"wording/preferred-term" = "error"
[vocabulary.preferred]
"ユーザー様" = "お客様"
""")
    write(tmp_path / "m.txt", "ユーザー様各位\n")
    proc = run_cli("check", "--format", "json", "m.txt", cwd=tmp_path)
    (entry,) = json.loads(proc.stdout)["files"]
    assert [(f["rule"], f["severity"]) for f in entry["findings"]] == [("wording/preferred-term", "error")]


def test_init_writes_a_commented_starter_that_loads_as_the_defaults(tmp_path: Path) -> None:
    proc = run_cli("init", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.decode() == "teinei.toml を書き出しました。各設定に説明があります。使う設定のコメントを外してください\n"
    config = load_config(tmp_path / "teinei.toml")
    assert config.settings == Settings()
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.decode() == "teinei: teinei.toml: すでにあります。先に削除するか、別のパスを指定してください\n"
    assert (tmp_path / "teinei.toml").read_text(encoding="utf-8") == STARTER


def test_starter_documents_every_setting() -> None:
    keys = set(tomllib.loads(STARTER)) | {"vocabulary.preferred", "vocabulary.banned"}
    for name in setting_names():
        assert key(name) in keys, name
    uncommented = STARTER.replace("# ", "")
    assert '"templates/internal/**" = "internal"' in uncommented


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("teinei.toml", 'fail_level = "error"\n', "teinei.toml: fail_level: このキーはありません。'fail-level' のことでしょうか"),
        ("teinei.toml", 'profile = "formal"\n',
         "teinei.toml: profile: 'external'、'internal'、'chat' のいずれかを指定してください"),
        ("teinei.toml", '[severity]\n"deadline/vague" = "high"\n',
         "teinei.toml: severity.deadline/vague: 'info'、'warning'、'error' のいずれかを指定してください"),
        ("teinei.toml", '[per-path-profiles]\n"a/**" = "boss"\n',
         "teinei.toml: per-path-profiles.a/**: 'external'、'internal'、'chat' のいずれかを指定してください"),
        ("teinei.toml", "select = \"curt\"\n", "teinei.toml: select: リストで指定してください"),
        ("teinei.toml", '[vocabulary]\nprefered = {"a" = "b"}\n',
         "teinei.toml: vocabulary.prefered: このキーはありません。'preferred' のことでしょうか"),
        ("teinei.toml", '[vocabulary.preferred]\n"お客様" = "お客様"\n',
         "teinei.toml: vocabulary.preferred: 'お客様' が同じ語に置き換えられています。別の語を指定してください"),
        ("teinei.toml", 'ignore = ["deadline/nope"]\n',
         "teinei.toml: ignore: 規則またはカテゴリー 'deadline/nope' はありません。deadline または deadline/vague "
         "または deadline/past-date のことでしょうか（一覧は `teinei rules`）"),
        ("teinei.toml", '[per-file-ignores]\n"*.txt" = ["tone"]\n',
         "teinei.toml: per-file-ignores.*.txt: 規則またはカテゴリー 'tone' はありません（一覧は `teinei rules`）"),
        ("teinei.toml", 'rules = ["missing-folder"]\n', "teinei.toml: rules: 'missing-folder' は規則のフォルダではありません"),
        ("teinei.toml", 'profile = "chat"\nprofile = "internal"\n',
         "teinei.toml:2: TOML として読めません（Cannot overwrite a value）"),
        ("pyproject.toml", '[tool.teinei]\nprofiles = "chat"\n',
         "pyproject.toml: tool.teinei.profiles: このキーはありません。'profile' のことでしょうか"),
        ("teinei.toml", "mood = true\n", "teinei.toml: mood: このキーはありません（使えるキー: closures, exclude, "
         "fail-level, ignore, per-file-ignores, per-path-profiles, profile, rules, select, severity, vocabulary, "
         "year-end-closure）"),
        ("teinei.toml", "year-end-closure = \"maybe\"\n", "teinei.toml: year-end-closure: true か false で指定してください"),
        ("teinei.toml", "exclude = [3]\n", "teinei.toml: exclude.0: 文字列で指定してください"),
        ("teinei.toml", "vocabulary = 3\n", "teinei.toml: vocabulary: テーブルで指定してください"),
        ("teinei.toml", "closures = [{start = 2026-12-08}]\n", "teinei.toml: closures.0.end: 必須の項目です。値を指定してください"),
    ],
)
def test_mistakes_name_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: str
) -> None:
    write(tmp_path / name, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TeineiError) as caught:
        Workspace().linter_for("m.txt")
    assert str(caught.value) == expected


def test_a_mistake_stops_the_command_with_one_line_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path / "templates" / "teinei.toml", '[per-path-profiles]\n"internal/**" = "boss"\n')
    write(tmp_path / "templates" / "internal" / "m.txt", "ご確認ください。\n")
    write(tmp_path / "a.txt", "ご確認ください。\n")  # checked with no configuration, but no output comes first
    proc = run_cli("check", ".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr.decode()) == (
        2, b"", "teinei: templates/teinei.toml: per-path-profiles.internal/**: "
        "'external'、'internal'、'chat' のいずれかを指定してください\n",
    )


def test_config_option_mistakes(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    cases = {
        str(tmp_path / "none.toml"): f"teinei: {tmp_path / 'none.toml'}: 設定ファイルがありません\n",
        str(tmp_path / "pyproject.toml"): f"teinei: {tmp_path / 'pyproject.toml'}: [tool.teinei] テーブルがありません\n",
    }
    for path, expected in cases.items():
        proc = run_cli("check", "--config", path, "-", input="ご確認ください。")
        assert (proc.returncode, proc.stderr.decode()) == (2, expected)


def test_fingerprint_follows_the_resolved_settings(tmp_path: Path) -> None:
    one = Config(settings=Settings(profile="chat"), root=tmp_path)
    assert one.fingerprint() == Config(settings=Settings(profile="chat"), root=tmp_path).fingerprint()
    assert one.fingerprint() != Config(settings=Settings(profile="internal"), root=tmp_path).fingerprint()
    assert one.fingerprint() != Config(settings=Settings(profile="chat"), root=tmp_path / "sub").fingerprint()
    assert '"fail-level": "warning"' in one.fingerprint()


def test_library_errors_are_teinei_errors(tmp_path: Path) -> None:
    bad = write(tmp_path / "teinei.toml", 'profile = 3\n')
    with pytest.raises(TeineiError) as caught:
        load_config(bad)
    assert caught.value.field == "profile"
    # A configuration object can be built in code too; keywords win over it.
    config = Config(settings=Settings(profile="chat", severity={"deadline": Severity.ERROR}), root=tmp_path)
    linter = Linter(config=config, today=TODAY)
    assert [(f.rule, f.severity.value) for f in linter.lint(CURT).findings] == [("deadline/missing", "error")]
    assert [f.rule for f in Linter(config=config, profile="external", today=TODAY).lint(CURT).findings] == [
        "curt/one-line", "curt/te-request", "deadline/missing",
    ]


def test_example_template_repository_is_clean_and_its_config_matters() -> None:
    example = ROOT / "examples" / "template-repo"
    proc = run_cli("check", ".", cwd=WORK / "examples" / "template-repo")  # a copy: the cache stays out of the checkout
    assert (proc.returncode, proc.stdout.decode()) == (0, "指摘はありません（4 ファイルを確認）\n")
    # Without its configuration the notice is a one-line message and the internal report reads as external.
    empty = Config(root=example)
    linter = Linter(config=empty, today=TODAY)
    notice = example / "templates" / "notices" / "maintenance.txt"
    report = example / "templates" / "internal" / "weekly-report.md"
    assert [f.rule for f in linter.lint_path(notice).findings] == ["curt/one-line"]
    assert [f.rule for f in linter.lint_path(report).findings] == ["curt/bare-request"]


def test_company_closures_and_year_end_setting_reach_the_deadline_rules(tmp_path: Path) -> None:
    (tmp_path / "teinei.toml").write_text(
        'year-end-closure = false\nclosures = [{start = 2026-12-07, end = 2026-12-08, name = "棚卸休業"}]\n',
        encoding="utf-8",
    )
    message = tmp_path / "notice.txt"
    message.write_text("お手数ですが、12月8日(火)までにご提出いただけますでしょうか。\n修正版は12月29日(火)までにお送りします。\n", encoding="utf-8")
    proc = run_cli("check", "--format", "json", "--select", "deadline/non-business-day", "--date", "2026-11-20", str(message))
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert [(f["line"], f["column"], f["message"]) for f in findings] == [
        (1, 8, "「12月8日(火)」（2026年12月8日(火)）は棚卸休業（12月7日(月)〜12月8日(火)）で、営業日ではありません。"),
    ]


def test_a_closure_that_ends_before_it_starts_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "teinei.toml").write_text('closures = [{start = 2026-12-08, end = 2026-12-07}]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("お世話になっております。", encoding="utf-8")
    proc = run_cli("check", str(tmp_path / "a.txt"))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1
    assert err.endswith(": closures.0.end: 終了日 2026-12-07 が開始日 2026-12-08 より前です\n"), err


def test_files_reached_through_symbolic_links_take_their_real_folders_configuration(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "drafts").mkdir(parents=True)
    (real / "teinei.toml").write_text('profile = "internal"\nexclude = ["drafts/**"]\n', encoding="utf-8")
    (real / "drafts" / "a.txt").write_text("お疲れさまです。", encoding="utf-8")
    (real / "b.txt").write_text("お疲れさまです。", encoding="utf-8")
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "linked.txt").symlink_to(real / "b.txt")
    (tmp_path / "other" / "plain.txt").write_text("お疲れさまです。", encoding="utf-8")
    workspace = Workspace()
    through_folder = str(tmp_path / "alias" / "drafts" / "a.txt")
    linked, plain = str(tmp_path / "other" / "linked.txt"), str(tmp_path / "other" / "plain.txt")
    assert workspace.config_for(linked).settings.profile == "internal"
    assert workspace.config_for(plain).settings.profile == "external"  # same folder, not a link: its own
    assert workspace.config_for(through_folder).settings.profile == "internal"
    assert workspace.included([through_folder, linked, plain]) == [linked, plain]


def test_the_schema_validates_every_setting_and_no_other() -> None:
    from teinei.settings_schema import SettingsModel

    assert [f.alias for f in SettingsModel.model_fields.values()] == [key(name) for name in setting_names()]
    assert Settings.from_data(SettingsModel().model_dump(by_alias=True)) == Settings()


def test_validated_settings_are_kept_and_read_back_equal(tmp_path: Path) -> None:
    path = write(tmp_path / "teinei.toml", '''profile = "chat"
closures = [{start = 2026-08-11, end = 2026-08-16, name = "夏季休業"}]
[severity]
"deadline" = "error"
[vocabulary.preferred]
"御社" = "貴社"
''')
    first = load_config(path).settings
    again = load_config(path).settings  # from the kept settings this time
    assert again == first
    assert (again.profile, again.severity, again.vocabulary.preferred) == ("chat", {"deadline": Severity.ERROR},
                                                                           {"御社": "貴社"})
    assert [(c.start.isoformat(), c.name) for c in again.closures] == [("2026-08-11", "夏季休業")]
