"""What ``teinei check`` prints around the findings (issue 19): colour on request, NO_COLOR and FORCE_COLOR,
a summary that counts the files checked and those with findings, and progress on a terminal only."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from .conftest import CACHE_HOME, TODAY, WORK, run_cli

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


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[str, str]:
    """Run ``teinei`` with standard error on a pseudo-terminal (standard output stays a pipe):
    (what the terminal showed, standard output)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "teinei", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is done with it
            break
        if not chunk:
            break
        shown += chunk
    out = proc.stdout.read() if proc.stdout else b""
    proc.wait(timeout=120)
    os.close(leader)
    return shown.decode(errors="replace"), out.decode()


def _long_messages(folder: Path, count: int) -> list[str]:
    """Messages long enough that checking them one at a time takes well over a second."""
    paragraph = "お世話になっております。先日の件につきまして、資料を拝見いたしました。" * 1500  # ~54,000 characters: 2.6 MB in all
    names = []
    for number in range(count):
        (folder / f"m{number:02}.txt").write_text(paragraph + "\n", encoding="utf-8")
        names.append(f"m{number:02}.txt")
    return names


def test_progress_shows_on_a_terminal_for_a_long_run_and_never_in_a_pipe_or_with_quiet(tmp_path: Path) -> None:
    names = _long_messages(tmp_path, 16)
    args = ["check", "--no-cache", "--jobs", "1", *names]
    shown, out = _on_a_terminal(args, tmp_path)
    assert "確認中" in shown and "16/16 ファイル" in shown, shown
    assert shown.endswith("\r\x1b[K")  # the line is cleared before the report
    assert "確認中" not in out
    quiet, _ = _on_a_terminal([*args[:1], "--quiet", *args[1:]], tmp_path)
    assert "確認中" not in quiet
    piped = run_cli(*args, cwd=tmp_path)
    assert "確認中" not in piped.stderr.decode() and "確認中" not in piped.stdout.decode()


def test_no_progress_for_a_single_file_on_a_terminal() -> None:
    """One file: the line could only say 1/1, however long it takes on a loaded machine."""
    shown, out = _on_a_terminal(["check", "examples/reply-vague.txt"], WORK)
    assert shown == "" and "reply-vague.txt" in out
