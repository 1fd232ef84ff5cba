"""Fixes: how edits are chosen (order, overlaps, protected regions, applicability), how files are written back
(encoding, line endings, permissions, atomically or not at all), and ``--fix`` / ``--diff`` end to end."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

from teinei.document import Document
from teinei.errors import TeineiError
from teinei.findings import Finding, Fix, LintResult
from teinei.fix import MAX_PASSES, apply_fixes, fix_text
from teinei.linter import Linter
from teinei.ruleset.model import Severity
from teinei.writeback import WriteError, encode, write_back

from .conftest import TODAY, run_cli


def finding(rule: str, start: int, end: int, replacement: str, *, applicability: str = "safe", part: str = "body"):
    return Finding(
        rule=rule, category=rule.split("/")[0], severity=Severity.WARNING, message="m", suggestions=["s"],
        line=1, column=start + 1, end_line=1, end_column=end + 1, part=part, start=start, end=end,
        fix=Fix(replacement=replacement, start=start, end=end, applicability=applicability),  # type: ignore[arg-type]
    )


# --- choosing the edits ------------------------------------------------------------------------------------


def test_edits_apply_in_position_order_and_an_overlapping_one_waits() -> None:
    text = "やっぱりすごく助かりました"
    later = finding("wording/colloquial", 4, 7, "大変")
    first = finding("wording/colloquial", 0, 4, "やはり")
    overlapping = finding("keigo/other", 2, 6, "XX")
    fixed, chosen = apply_fixes(text, [later, overlapping, first])
    assert fixed == "やはり大変助かりました"
    assert chosen == [first, later]


def test_ties_are_broken_by_rule_id_whatever_the_input_order() -> None:
    a = finding("a/rule", 0, 2, "AA")
    b = finding("b/rule", 0, 2, "BB")
    assert apply_fixes("xxyy", [b, a]) == ("AAyy", [a])
    assert apply_fixes("xxyy", [a, b]) == ("AAyy", [a])


def test_only_safe_fixes_apply_unless_unsafe_ones_are_asked_for() -> None:
    risky = finding("keigo/yoroshikatta", 0, 6, "よろしい", applicability="unsafe")
    text = "よろしかったでしょうか"
    assert apply_fixes(text, [risky]) == (text, [])
    assert apply_fixes(text, [risky], unsafe=True) == ("よろしいでしょうか", [risky])


def test_protected_regions_subject_findings_and_no_op_edits_are_skipped() -> None:
    text = "{{ name }}様、すみません"
    into_placeholder = finding("x/a", 3, 7, "NAME")
    inserting_inside = finding("x/b", 5, 5, "!")
    next_to_it = finding("keigo/sumimasen", 12, 17, "申し訳ございません")
    subject = finding("x/c", 0, 2, "zz", part="subject")
    unchanged = finding("x/d", 10, 11, "様")
    fixed, chosen = apply_fixes(
        text, [into_placeholder, inserting_inside, next_to_it, subject, unchanged], protected=[(0, 10)]
    )
    assert fixed == "{{ name }}様、申し訳ございません"
    assert chosen == [next_to_it]


def test_fixing_repeats_until_stable_and_is_bounded() -> None:
    def cascade(text: str) -> list[Finding]:  # each pass exposes the next fix, as a re-lint can
        i = text.find("a")
        return [finding("x/next", i, i + 1, "b")] if i >= 0 else []

    assert fix_text(cascade, "aaa")[0] == "bbb"
    calls = []

    def flip_flop(text: str) -> list[Finding]:  # two rules undoing each other must not loop forever
        calls.append(text)
        return [finding("x/flip", 0, 1, "b" if text == "a" else "a")]

    _, applied = fix_text(flip_flop, "a")
    assert len(calls) == MAX_PASSES and len(applied) == MAX_PASSES


@pytest.fixture(scope="module")
def packs() -> Linter:
    return Linter(profile="external", select=["keigo", "rudeness", "wording"], today=TODAY)


def test_linter_fix_leaves_placeholders_quotes_and_signature_alone(packs: Linter) -> None:
    text = (
        "{{ customer }}様\n\n"
        "ご連絡が遅くなり、すみませんでした。\n"
        "資料はちゃんと確認してます。\n\n"
        "> すみません、やっぱり資料が見つかりません。\n\n"
        "-- \n"
        "株式会社テスト 鈴木（やっぱり営業部）\n"
    )
    fixed, applied = packs.fix(text)
    assert fixed == text.replace("遅くなり、すみません", "遅くなり、申し訳ございません").replace(
        "ちゃんと確認してます", "きちんと確認しています"
    )
    assert [f.rule for f in applied] == ["keigo/sumimasen", "wording/colloquial", "wording/i-nuki"]
    assert packs.fix(fixed) == (fixed, [])  # a second fix changes nothing


def test_fix_document_rereads_each_pass_and_respects_suppressions(packs: Linter) -> None:
    from teinei.fix import fix_document
    from teinei.inputs import read_bytes

    text = (
        "お世話になっております。\n\n<!-- teinei: ignore[keigo/sumimasen] -->\nすみません、やっぱり遅れます。\n\n"
        "すみません、もう一点あります。\n"
    )
    document = read_bytes(text.encode("cp932"), "draft.md")
    outcome = fix_document(packs, document)
    assert outcome.text == text.replace("やっぱり", "やはり").replace("すみません、もう", "申し訳ございません、もう")
    assert [f.rule for f in outcome.applied] == ["wording/colloquial", "keigo/sumimasen"]
    assert outcome.changed and outcome.result is not None and outcome.result.findings == []


# --- writing back ------------------------------------------------------------------------------------------


def test_encoding_keeps_the_file_encoding_bom_and_line_endings() -> None:
    sjis = Document(text="すみません\r\n", path="a.txt", encoding="cp932")
    assert encode(sjis, "申し訳ございません\r\n") == "申し訳ございません\r\n".encode("cp932")
    assert encode(sjis, "申し訳ございません\n") == "申し訳ございません\r\n".encode("cp932")  # a CRLF file stays CRLF
    bom = Document(text="やっぱり", path="b.txt", encoding="utf-8-sig")
    assert encode(bom, "やはり") == codecs.BOM_UTF8 + "やはり".encode()
    utf16 = Document(text="やっぱり", path="c.txt", encoding="utf-16")
    original = codecs.BOM_UTF16_BE + "やっぱり".encode("utf-16-be")
    assert encode(utf16, "やはり", original) == codecs.BOM_UTF16_BE + "やはり".encode("utf-16-be")
    with pytest.raises(WriteError, match=r"c\.txt: 書き換えていません（「😊」はこのファイルの文字コード"):
        encode(Document(text="x", path="c.txt", encoding="cp932"), "😊")


def test_write_back_keeps_permissions_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    real = tmp_path / "mail.txt"
    real.write_bytes("すみません\r\n".encode("cp932"))
    real.chmod(0o640)
    write_back(Document(text="すみません\r\n", path=str(real), encoding="cp932"), "申し訳ございません\r\n")
    assert real.read_bytes() == "申し訳ございません\r\n".encode("cp932")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["mail.txt"]  # (links are never written through: test_security)


def test_write_back_refuses_a_file_that_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "mail.txt"
    path.write_text("すみません、少々お待ちください。\n", encoding="utf-8")
    document = Document(text="すみません\n", path=str(path))
    with pytest.raises(TeineiError, match="書き換えていません（読み込んだあとにファイルが変わったか"):
        write_back(document, "申し訳ございません\n")
    assert path.read_text(encoding="utf-8") == "すみません、少々お待ちください。\n"


def test_a_failed_rename_leaves_the_file_and_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "mail.txt"
    path.write_bytes("すみません\n".encode())

    def refuse(source: str, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("teinei.writeback.os.replace", refuse)
    with pytest.raises(WriteError, match=r"mail\.txt: 書き換えていません（ディスクに空きがありません）"):
        write_back(Document(text="すみません\n", path=str(path)), "申し訳ございません\n")
    assert path.read_bytes() == "すみません\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["mail.txt"]


def test_lint_result_protects_what_its_document_marks(packs: Linter) -> None:
    result = packs.lint("{{ x }}すみません")
    assert isinstance(result, LintResult) and result.findings
    assert fix_text(lambda t: packs.lint(t), "{{ x }}すみません")[0] == "{{ x }}申し訳ございません"


# --- the command line --------------------------------------------------------------------------------------

UTF8_TEXT = "株式会社トモエ 小川様\n\nお世話になっております。\nやっぱり今回は見送ります。\n"
SJIS_TEXT = (
    "株式会社ミナセ 藤田様\r\n\r\nお世話になっております。\r\n納品が遅れてしまい、すみませんでした。\r\n"
    "資料は現在作成してます。\r\n会議の資料はいつでも見れます。\r\nこちらが請求書になります。\r\n"
)
SELECT = ("--select", "keigo,rudeness,wording")


def _files(tmp_path: Path) -> tuple[Path, Path]:
    utf8 = tmp_path / "utf8.txt"
    utf8.write_bytes(UTF8_TEXT.encode("utf-8"))
    sjis = tmp_path / "sjis.txt"
    sjis.write_bytes(SJIS_TEXT.encode("cp932"))
    return utf8, sjis


def test_fix_rewrites_utf8_and_shift_jis_crlf_files_byte_for_byte(tmp_path: Path) -> None:
    utf8, sjis = _files(tmp_path)
    proc = run_cli("check", *SELECT, "--fix", str(utf8), str(sjis))
    assert utf8.read_bytes() == UTF8_TEXT.replace("やっぱり", "やはり").encode("utf-8")
    assert sjis.read_bytes() == (
        "株式会社ミナセ 藤田様\r\n\r\nお世話になっております。\r\n納品が遅れてしまい、申し訳ございませんでした。\r\n"
        "資料は現在作成しています。\r\n会議の資料はいつでも見られます。\r\nこちらが請求書になります。\r\n"
    ).encode("cp932")
    # What is left is reported: 〜になります has no safe fix.
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert f"{sjis}:7:1: warning [keigo/ni-narimasu] 「こちらが請求書になります」は" in out
    assert "すみません" not in out and "やっぱり" not in out and "見れます" not in out
    assert proc.stderr.decode() == "4 件を自動修正しました（2 ファイル）\n"

    again = run_cli("check", *SELECT, "--fix", str(utf8), str(sjis))
    assert again.returncode == 1
    assert utf8.read_bytes() == UTF8_TEXT.replace("やっぱり", "やはり").encode("utf-8")
    assert again.stderr.decode() == "自動修正できる指摘はありませんでした\n"
    assert again.stdout == proc.stdout


def test_diff_prints_the_fixes_and_writes_nothing(tmp_path: Path) -> None:
    utf8, sjis = _files(tmp_path)
    proc = run_cli("check", *SELECT, "--diff", str(utf8), str(sjis))
    assert utf8.read_bytes() == UTF8_TEXT.encode("utf-8")
    assert sjis.read_bytes() == SJIS_TEXT.encode("cp932")
    assert proc.returncode == 1  # the findings are still there
    assert proc.stdout.decode() == (
        f"--- {utf8}\n+++ {utf8}\n@@ -1,4 +1,4 @@\n 株式会社トモエ 小川様\n \n お世話になっております。\n"
        "-やっぱり今回は見送ります。\n+やはり今回は見送ります。\n"
        f"--- {sjis}\n+++ {sjis}\n@@ -1,7 +1,7 @@\n 株式会社ミナセ 藤田様\r\n \r\n お世話になっております。\r\n"
        "-納品が遅れてしまい、すみませんでした。\r\n-資料は現在作成してます。\r\n-会議の資料はいつでも見れます。\r\n"
        "+納品が遅れてしまい、申し訳ございませんでした。\r\n+資料は現在作成しています。\r\n"
        "+会議の資料はいつでも見られます。\r\n"
        " こちらが請求書になります。\r\n"
    )
    assert proc.stderr.decode() == "4 件の自動修正を表示しました（2 ファイル、書き込みはしていません）\n"


def test_an_undecodable_file_is_left_untouched_and_the_exit_code_is_2(tmp_path: Path) -> None:
    utf8, _ = _files(tmp_path)
    broken = tmp_path / "broken.txt"
    data = "すみません、やっぱり".encode() + b"\xff\xfe\xfd\xfc"
    broken.write_bytes(data)
    proc = run_cli("check", *SELECT, "--fix", str(broken), str(utf8))
    assert proc.returncode == 2
    assert broken.read_bytes() == data
    assert utf8.read_bytes() == UTF8_TEXT.replace("やっぱり", "やはり").encode("utf-8")  # the rest is still fixed
    assert proc.stderr.decode().splitlines()[0] == (
        f"{broken}: 文字コードを判別できません（UTF-8・Shift_JIS・EUC-JP・ISO-2022-JP のどれでも読めません。30 バイト目が 0xff）"
    )


def test_fix_on_standard_input_prints_the_fixed_text(tmp_path: Path) -> None:
    text = "お世話になっております。\nすみません、資料はちゃんと確認してます。\n"
    proc = run_cli("check", *SELECT, "--fix", "-", input=text.encode("cp932"))
    assert proc.stdout == "お世話になっております。\n申し訳ございません、資料はきちんと確認しています。\n".encode("cp932")
    assert proc.returncode == 0
    assert proc.stderr.decode().endswith("3 件を自動修正しました（1 ファイル）\n")


def test_email_files_are_reported_but_never_rewritten(tmp_path: Path) -> None:
    mail = tmp_path / "reply.eml"
    data = (
        "From: a@example.com\nTo: b@example.com\nSubject: =?utf-8?b?"
        + codecs.encode("ご連絡".encode(), "base64").decode().strip()
        + "?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        "お世話になっております。\nやっぱり今回は見送ります。\n"
    ).encode()
    mail.write_bytes(data)
    proc = run_cli("check", *SELECT, "--fix", str(mail))
    assert mail.read_bytes() == data
    assert proc.returncode == 1
    assert "[wording/colloquial]" in proc.stdout.decode()
    assert proc.stderr.decode().splitlines()[0] == (
        f"{mail}: 書き換えていません（メール（MIME）は書き換えません。メールソフトで直してください）"
    )


def test_fix_refuses_staged_mode() -> None:
    proc = run_cli("check", "--fix", "--staged")
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        "teinei: --fix と --diff はステージされた内容ではなく作業ツリーのファイルを書き換えます。"
        "--staged を付けずに指定してください\n"
    )


def test_a_read_only_file_is_reported_and_kept(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write into any folder")
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "mail.txt"
    path.write_bytes(UTF8_TEXT.encode())
    folder.chmod(0o500)
    try:
        proc = run_cli("check", *SELECT, "--fix", str(path))
    finally:
        folder.chmod(0o700)
    assert proc.returncode == 2
    assert path.read_bytes() == UTF8_TEXT.encode()
    assert f"{path}: 書き換えていません（" in proc.stderr.decode()
