"""``--fix`` at the edges: files it must not or cannot write keep their findings, encodings without a
Python codec, fixes the file's encoding cannot hold, file modes, standard input, classic Mac line ends,
and another program writing the file while it is fixed."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from teinei.inputs.charsets import encode_iso2022_jp_ms, iso2022_jp_ms_to_cp932

from .conftest import CACHE_HOME, TODAY, run_cli

MAIL = "お世話になっております。\n了解しました。\n"
FIXED = "お世話になっております。\n承知しました。\n"


def _findings(result: subprocess.CompletedProcess) -> list[tuple[str, str, int]]:
    return [(e["path"], f["rule"], f["line"]) for e in json.loads(result.stdout)["files"] for f in e["findings"]]


def test_a_cp932_file_that_does_not_round_trip_keeps_its_findings(tmp_path: Path) -> None:
    data = MAIL.encode("cp932") + b"\xfa\x5c" + "様の件です。\n".encode("cp932")  # FA 5C: cp932 writes it back as another code
    (tmp_path / "old.txt").write_bytes(data)
    result = run_cli("check", "--fix", "--format", "json", "old.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert _findings(result) == [("old.txt", "keigo/ryokai", 2)]
    assert result.stderr.decode().splitlines()[0] == (
        "old.txt: 書き換えていません（読み込んだあとにファイルが変わったか、cp932 で読み書きすると元のバイト列に戻りません）"
    )
    assert (tmp_path / "old.txt").read_bytes() == data


def test_iso2022jp_with_windows_characters_is_fixed_and_diffed(tmp_path: Path) -> None:
    text = "お世話になっております。\n①の件、了解しました。\n"
    (tmp_path / "jis.txt").write_bytes(encode_iso2022_jp_ms(text))
    diff = run_cli("check", "--diff", "jis.txt", cwd=tmp_path)
    assert diff.returncode == 1, diff.stderr  # (the file itself still says 了解しました)
    assert "+①の件、承知しました。\n" in diff.stdout.decode()
    fixed = run_cli("check", "--fix", "jis.txt", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    written = (tmp_path / "jis.txt").read_bytes()
    assert iso2022_jp_ms_to_cp932(written).decode("cp932") == text.replace("了解", "承知")
    assert written.isascii() and b"\x1b$B-!" in written  # ① in JIS row 13, 7-bit as the mail carried it


def test_a_fix_the_encoding_cannot_hold_is_skipped_alone(tmp_path: Path) -> None:
    (tmp_path / "teinei.toml").write_text('[vocabulary.preferred]\n"御社" = "貴社🙂"\n')
    text = "お世話になっております。\n了解しました。御社の資料をお送りします。\n"
    (tmp_path / "sj.txt").write_bytes(text.encode("shift_jis"))
    result = run_cli("check", "--fix", "--format", "json", "sj.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert (tmp_path / "sj.txt").read_bytes().decode("shift_jis") == text.replace("了解", "承知")
    assert _findings(result) == [("sj.txt", "wording/preferred-term", 2)]
    assert result.stderr.decode().splitlines()[0] == (
        "sj.txt:2:8: [wording/preferred-term] 修正していません（「貴社🙂」はこのファイルの文字コード（cp932）で書けません）"
    )


def test_read_only_files_are_not_rewritten_and_setuid_bits_are_kept(tmp_path: Path) -> None:
    """Tests run as root, who may write a 0444 file: teinei's own check of the mode is what is tested."""
    (tmp_path / "ro.txt").write_text(MAIL)
    (tmp_path / "ro.txt").chmod(0o444)
    (tmp_path / "su.txt").write_text(MAIL)
    (tmp_path / "su.txt").chmod(0o6755)
    result = run_cli("check", "--fix", "--format", "json", "ro.txt", "su.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[0] == "ro.txt: 書き換えていません（読み取り専用のファイルです）"
    assert _findings(result) == [("ro.txt", "keigo/ryokai", 2)]
    assert (tmp_path / "ro.txt").read_text() == MAIL and (tmp_path / "su.txt").read_text() == FIXED
    assert stat.S_IMODE((tmp_path / "su.txt").stat().st_mode) == 0o6755


def _script(body: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``teinei check`` in a subprocess, after ``body`` has replaced part of the library."""
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat()}
    script = textwrap.dedent(body) + "\nimport sys\nfrom teinei.cli import main\nsys.argv = ['teinei', *sys.argv[1:]]\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=env
    )


def test_a_full_disk_or_read_only_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text(MAIL)
    result = _script("""
        import errno, os, tempfile
        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        tempfile.mkstemp = full
    """, tmp_path, "check", "--fix", "m.txt")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "m.txt: 書き換えていません（フォルダに書き込めません（ディスクに空きがありません））"
    assert "keigo/ryokai" in result.stdout and (tmp_path / "m.txt").read_text() == MAIL


def test_a_line_appended_while_the_file_is_fixed_is_not_lost(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text(MAIL)
    result = _script("""
        import os
        fsync = os.fsync
        def fsync_then_append(descriptor):
            fsync(descriptor)
            with open("m.txt", "a") as other_writer:  # another program, between teinei's check and its rename
                other_writer.write("追記です。\\n")
        os.fsync = fsync_then_append
    """, tmp_path, "check", "--fix", "m.txt")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "m.txt: 書き換えていません（修正中にファイルが変わりました。もう一度 --fix を実行してください）"
    assert (tmp_path / "m.txt").read_text() == MAIL + "追記です。\n"
    assert [n for n in os.listdir(tmp_path) if n.endswith(".teinei")] == []


def test_fix_on_standard_input_always_prints_the_text(tmp_path: Path) -> None:
    mail = "From: a@example.jp\nTo: b@example.jp\nSubject: test\n\n了解しました。\n".encode()
    raw = run_cli("check", "--fix", "-", input=mail, cwd=tmp_path)
    assert raw.stdout == mail
    quoted = "> 了解しました。\n> よろしく\n".encode()
    reply = run_cli("check", "--fix", "-", input=quoted, cwd=tmp_path)
    assert (reply.returncode, reply.stdout) == (2, quoted)
    plain = run_cli("check", "--fix", "-", input=MAIL, cwd=tmp_path)
    assert (plain.returncode, plain.stdout.decode()) == (0, FIXED)


def test_classic_mac_line_ends_keep_quotes_quoted(tmp_path: Path) -> None:
    (tmp_path / "mac.txt").write_bytes("お世話になっております。\r> 了解しました。\r了解しました。\r".encode())
    lines = run_cli("check", "--format", "json", "--select", "keigo", "mac.txt", cwd=tmp_path)
    assert _findings(lines) == [("mac.txt", "keigo/ryokai", 3)]  # the quoted line 2 is not the author's
    result = run_cli("check", "--fix", "--select", "keigo", "mac.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mac.txt").read_bytes() == "お世話になっております。\r> 了解しました。\r承知しました。\r".encode()


def test_fix_on_standard_input_over_the_size_limit_gives_it_all_back(tmp_path: Path) -> None:
    big = ("了解しました。" * 250_000 + "\n").encode()  # 5.25 MB, over the 4 MB limit
    result = run_cli("check", "--fix", "-", input=big, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == big
    assert result.stderr.decode().splitlines()[0] == (
        "-: 標準入力が上限の 4,194,304 バイトを超えています"
    )


def test_a_read_only_folder_is_one_line_and_the_findings_stay(tmp_path: Path) -> None:
    from .test_robustness import _without_root_powers

    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "m.txt").write_text(MAIL)
    folder.chmod(0o555)
    try:
        result = _without_root_powers("check", "--fix", "--format", "json", "ro/m.txt", cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "ro/m.txt: 書き換えていません（フォルダに書き込めません（読み書きする権限がありません））"
    assert [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]] == ["keigo/ryokai"]
    assert (folder / "m.txt").read_text() == MAIL
