"""``teinei check --stdin-filename PATH`` (issue 19): piped text gets the configuration, profile and file type
of PATH and is reported under it, as an editor piping an unsaved buffer expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli

CURT = "進捗を教えてください\n"
CONFIG = '[per-path-profiles]\n"chat/**" = "chat"\n\n[per-file-ignores]\n"notices/*.txt" = ["curt/one-line"]\n'


def rules_found(proc) -> list[str]:
    return [line.split(" ")[0] + " " + line.split(" ")[2] for line in proc.stdout.decode().splitlines() if "] " in line]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "teinei.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def test_the_path_gives_the_profile_and_per_file_ignores_and_names_the_report(project: Path) -> None:
    def check(name: str):
        return run_cli("check", "--select", "curt", "--stdin-filename", name, input=CURT, cwd=project)

    assert rules_found(check("mail/a.txt")) == ["mail/a.txt:1:1: [curt/one-line]", "mail/a.txt:1:4: [curt/te-request]"]
    assert rules_found(check("notices/n.txt")) == ["notices/n.txt:1:4: [curt/te-request]"]  # per-file-ignores
    chat = check("chat/a.txt")  # the chat profile: a one-line message is normal
    assert (chat.returncode, chat.stdout.decode()) == (0, "指摘はありません（1 ファイルを確認）\n")


def test_the_path_gives_the_file_type(project: Path) -> None:
    text = "お世話になっております。\n`了解しました` と書く例です。\nよろしくお願いいたします。\n"
    as_markdown = run_cli("check", "--select", "keigo/ryokai", "--stdin-filename", "a.md", input=text, cwd=project)
    assert (as_markdown.returncode, as_markdown.stdout.decode()) == (0, "指摘はありません（1 ファイルを確認）\n")
    as_text = run_cli("check", "--select", "keigo/ryokai", "--stdin-filename", "a.txt", input=text, cwd=project)
    assert rules_found(as_text) == ["a.txt:2:2: [keigo/ryokai]"]


def test_json_names_the_path(project: Path) -> None:
    proc = run_cli("check", "--format", "json", "--stdin-filename", "drafts/new.txt", input=CURT, cwd=project)
    assert '"path": "drafts/new.txt"' in proc.stdout.decode()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("--stdin-filename", "a.txt", "b.txt"),
         "teinei: --stdin-filename はパイプで渡す内容の名前です。ほかのファイル（- を除く）や --staged は指定しないでください"),
    ],
)
def test_mistakes_are_one_line(project: Path, args: tuple[str, ...], line: str) -> None:
    proc = run_cli("check", *args, input=CURT, cwd=project)
    assert (proc.returncode, proc.stderr.decode()) == (2, line + "\n")
    assert not (project / "a.txt").exists()


def test_fix_gives_the_fixed_text_back_and_never_writes_the_file(project: Path) -> None:
    (project / "notes").mkdir()
    saved = project / "notes" / "a.txt"
    saved.write_text("保存された本文です。\n", encoding="utf-8")  # the editor's buffer differs from the file
    draft = "了解しました。明日伺います。\n"
    args = ("check", "--select", "keigo", "--stdin-filename", "notes/a.txt")
    fixed = run_cli(*args[:1], "--fix", *args[1:], input=draft, cwd=project)
    assert (fixed.returncode, fixed.stdout.decode()) == (0, "承知しました。明日伺います。\n")
    assert fixed.stderr.decode() == "指摘はありません（1 ファイルを確認）\n1 件を自動修正しました（1 ファイル）\n"
    assert saved.read_text(encoding="utf-8") == "保存された本文です。\n"
    diff = run_cli(*args[:1], "--diff", *args[1:], input=draft, cwd=project)
    assert diff.stdout.decode().splitlines()[:2] == ["--- notes/a.txt", "+++ notes/a.txt"]
    assert saved.read_text(encoding="utf-8") == "保存された本文です。\n"
