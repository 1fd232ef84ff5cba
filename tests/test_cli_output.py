"""What ``teinei check`` prints around the findings (issue 19): colour on request, NO_COLOR and FORCE_COLOR,
a summary that counts the files checked and those with findings, and progress on a terminal only."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_cli

BOLD = b"\x1b[1m"


def test_color_is_forced_into_a_pipe_by_the_flag_or_force_color() -> None:
    assert BOLD not in run_cli("check", "examples/reply-vague.txt", env={"NO_COLOR": ""}).stdout  # a pipe
    forced = run_cli("check", "--color", "examples/reply-vague.txt").stdout  # the flag wins over NO_COLOR
    assert forced.startswith(BOLD + b"examples/reply-vague.txt:")
    by_environment = run_cli("check", "examples/reply-vague.txt", env={"NO_COLOR": "", "FORCE_COLOR": "1"}).stdout
    assert by_environment == forced
    assert BOLD not in run_cli("check", "examples/reply-vague.txt", env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout
    assert BOLD not in run_cli("check", "--no-color", "examples/reply-vague.txt", env={"FORCE_COLOR": "1"}).stdout


def test_the_summary_counts_files_checked_and_files_with_findings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("進捗を教えてください\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "お世話になっております。\n資料を12月4日(金)までにお送りいただけますでしょうか。\nよろしくお願いいたします。\n",
        encoding="utf-8",
    )
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    proc = run_cli("check", "--select", "curt/one-line", "a.txt", "b.txt", cwd=tmp_path)
    assert proc.stdout.decode().splitlines()[-1] == "1 件の指摘（2 ファイルを確認、うち 1 ファイルに指摘）"
    proc = run_cli("check", "--select", "curt/one-line", "a.txt", "b.txt", "c.txt", cwd=tmp_path)
    assert proc.stdout.decode().splitlines()[-1] == (
        "1 件の指摘（2 ファイルを確認、うち 1 ファイルに指摘）。確認できなかったファイル・フォルダが 1 件あります（理由は上記）"
    )
