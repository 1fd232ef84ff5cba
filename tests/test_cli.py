"""The command line end to end, in a subprocess: output formats, exit codes and user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli


def test_json_on_stdin_matches_the_documented_schema() -> None:
    proc = run_cli("check", "--format", "json", "-", input="ご確認ください")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["version"] == 1
    (entry,) = data["files"]
    assert entry["path"] == "-"
    rules = [f["rule"] for f in entry["findings"]]
    assert rules == ["curt/bare-request", "curt/one-line", "deadline/missing"]
    first = entry["findings"][0]
    assert set(first) == {
        "rule", "category", "severity", "message", "suggestions", "line", "column", "end_line", "end_column",
        "fix", "part", "data",
    }
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (1, 1, 1, 8)
    assert first["message"] == "「ご確認ください」はクッション言葉がなく、指示のように響きます。"
    assert data["summary"] == {
        "files": 1, "checked": 1, "not_checked": 0, "findings": 3, "by_severity": {"error": 0, "warning": 2, "info": 1}
    }


def test_text_output_shows_location_rule_suggestion_and_marked_span() -> None:
    proc = run_cli("check", "examples/reply-vague.txt")
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "examples/reply-vague.txt:7:19: warning [deadline/vague] 「もうしばらく」では、いつなのかが相手に伝わりません。" in out
    # the example date is three business days after the pinned date (Friday 2026-11-20; 11/23 is a holiday)
    assert "  提案: 「11月26日(木)17時までに」「本日中に」のように具体的な日時に置き換えましょう。" in out
    # 18 wide characters before the span -> 36 columns of padding under the source line.
    assert "       |" + " " * 37 + "^" * 12 + "\n" in out
    assert "\x1b[" not in out  # no colour when not on a terminal
    assert out.rstrip().endswith("5 件の指摘（1 ファイルを確認、うち 1 ファイルに指摘）")


def test_exit_codes_follow_fail_level() -> None:
    good = run_cli("check", "--date", "2026-11-20", "examples/good-request.txt")  # its deadlines stay ahead
    assert (good.returncode, good.stdout.decode()) == (0, "指摘はありません（1 ファイルを確認）\n")
    info_only = run_cli("check", "--select", "curt/bare-request", "-", input="資料を明日お送りください。")
    assert info_only.returncode == 0
    strict = run_cli("check", "--select", "curt/bare-request", "--fail-level", "info", "-", input="資料を明日お送りください。")
    assert strict.returncode == 1
    errors_only = run_cli("check", "--fail-level", "error", "examples/reply-vague.txt")
    assert errors_only.returncode == 0


def test_select_and_ignore_by_category_and_id() -> None:
    proc = run_cli("check", "--format", "json", "--select", "deadline", "--ignore", "deadline/missing",
                   "examples/reply-vague.txt")
    rules = [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]]
    assert rules == ["deadline/vague", "deadline/vague"]


def test_profile_chat_drops_one_line_rule() -> None:
    proc = run_cli("check", "--profile", "chat", "--format", "json", "-", input="進捗を教えてください")
    rules = [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]]
    assert "curt/one-line" not in rules


def test_directory_is_searched_for_message_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("進捗を教えてください", encoding="utf-8")
    (tmp_path / "b.md").write_text("了解しました。", encoding="utf-8")
    (tmp_path / "skip.py").write_text("print('了解しました')", encoding="utf-8")
    proc = run_cli("check", "--format", "json", str(tmp_path))
    paths = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(proc.stdout)["files"]]
    assert paths == ["a/one.txt", "b.md"]


def test_user_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    cases = [
        (("check", "--select", "deadline/nope", "-"), "teinei: 規則またはカテゴリー 'deadline/nope' はありません"),
        (("check", "--profile", "formal", "-"), "teinei: プロファイル 'formal' はありません（使えるもの: external, internal, chat）"),
        (("explain", "keigo/nope"), "teinei: 規則 'keigo/nope' はありません"),
        (("check", "--rules", str(tmp_path / "none"), "-"), "teinei: " + str(tmp_path / "none") + ": 規則のフォルダではありません"),
    ]
    for args, expected in cases:
        proc = run_cli(*args, input="ご確認ください")
        err = proc.stderr.decode()
        assert proc.returncode == 2, args
        assert err.startswith(expected) and err.count("\n") == 1 and "Traceback" not in err, err


@pytest.mark.parametrize(
    ("selector", "first"),
    [
        ("kiego", "keigo"),  # a category misspelt
        ("keigo/ryokia", "keigo/ryokai"),
        ("ryokai", "keigo/ryokai"),  # the name without its category
        ("zzzz", None),
    ],
)
def test_an_unknown_selector_says_what_was_probably_meant(selector: str, first: str | None) -> None:
    proc = run_cli("check", "--select", selector, "-", input="ご確認ください")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1 and err.endswith("（一覧は `teinei rules`）\n"), err
    said = f"teinei: 規則またはカテゴリー '{selector}' はありません"
    assert err.startswith(f"{said}。{first}" if first else f"{said}（一覧は"), err


def test_unreadable_files_are_reported_and_the_rest_still_checked(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "bad.txt").write_bytes("進捗".encode() + b"\xff\xfe\xfa")
    missing = tmp_path / "missing.txt"
    proc = run_cli("check", "--format", "json", str(tmp_path / "bin.txt"), str(tmp_path / "bad.txt"),
                   str(missing), "examples/progress-request.txt")
    assert proc.returncode == 2
    err = proc.stderr.decode().splitlines()
    assert err == [
        f"{tmp_path / 'bin.txt'}: テキストではありません（NUL バイトを含むバイナリです）",
        f"{tmp_path / 'bad.txt'}: 文字コードを判別できません（UTF-8・Shift_JIS・EUC-JP・ISO-2022-JP のどれでも読めません。"
        "6 バイト目が 0xff）",
        f"{missing}: 読み込めません（見つかりません）",
    ]
    files = json.loads(proc.stdout)["files"]
    assert [f["path"] for f in files if "error" not in f] == ["examples/progress-request.txt"]
    assert sorted(f["path"] for f in files if "error" in f) == sorted(line.split(": ")[0] for line in err)


def test_shift_jis_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "sjis.txt"
    path.write_bytes("お世話になっております。\r\n完成までもうしばらくお待ちください。\r\n".encode("cp932"))
    proc = run_cli("check", "--format", "json", "--select", "deadline/vague", str(path))
    (finding,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert (finding["line"], finding["column"], finding["end_column"]) == (2, 5, 11)


def test_rules_and_explain() -> None:
    listing = run_cli("rules", cwd=Path("/"))
    assert listing.returncode == 0
    lines = listing.stdout.decode().splitlines()
    assert any(line.startswith("deadline/vague") and "warning" in line for line in lines)
    assert any(line.startswith("keigo/ryokai") and " safe " in line for line in lines)  # its fixes apply with --fix
    explained = run_cli("explain", "keigo/ryokai").stdout.decode()
    assert explained.startswith("keigo/ryokai  (warning, substitution)")
    assert "  ✗ 了解しました。明日伺います。   ← 「了解しました」" in explained
    assert "    → 承知しました。明日伺います。" in explained


def test_help_and_version() -> None:
    assert run_cli("--version").stdout.decode().startswith("teinei, version ")
    assert "check" in run_cli("--help").stdout.decode()
    assert ROOT.joinpath("README.md").is_file()
