"""Bad input: every file that cannot be read is one clear line on stderr, the other files are still checked,
and the exit code is 2. A user's regular expression that backtracks catastrophically is bounded in time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from teinei.errors import InputError
from teinei.inputs import read_bytes
from teinei.linter import Linter

from .conftest import TODAY, run_cli

HEAD = b"From: yamada@teinei.example.jp\r\nTo: sato@sample.example.jp\r\nSubject: =?UTF-8?B?6KaL56mN5pu444Gu6YCB5LuY?=\r\n"
MULTIPART = HEAD + b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n'
TEXT_PART = b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + "お世話になっております。\r\n".encode()

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "undecodable.txt": ("進捗".encode() + b"\x81\x7f\xfe\xff", "文字コードを判別できません（UTF-8・Shift_JIS・EUC-JP・ISO-2022-JP のどれでも読めません。6 バイト目が 0x81）"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "テキストではありません（NUL バイトを含むバイナリです）"),
    "no-boundary.eml": (
        HEAD + b"Content-Type: multipart/mixed\r\n\r\n" + "本文".encode(), "マルチパートのメールに区切り（boundary）の指定がありません"
    ),
    "damaged-base64.eml": (
        HEAD + b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n44GK5LiW6Kmx44Gr\r\n44G",
        "本文の base64 が壊れているか、途中で切れています",
    ),
    "undecodable-body.eml": (
        HEAD + b"Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n\x82\xa8\xff\xfe\xfd",
        "本文の文字コードを判別できません（宣言された iso-2022-jp でも、UTF-8・Shift_JIS・EUC-JP でも読めません）",
    ),
    "no-headers.eml": ("お世話になっております。\n".encode(), "メールではありません（本文の前にヘッダーがありません）"),
    "attachment-only.eml": (
        MULTIPART + b"--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\n"
        b"%PDF\r\n--b1--\r\n",
        "テキストの本文がありません（添付ファイルだけか、扱えない形式です）",
    ),
    "empty-body.eml": (HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\n", "チェックする文章がありません（本文が空です）"),
    "empty.txt": (b"", "チェックする文章がありません（ファイルが空です）"),
    "blank.txt": (b"\r\n \n\t\n", "チェックする文章がありません（ファイルが空です）"),
    "quoted-only.txt": (
        "2026年11月19日(木) 18:02 佐藤花子 <sato@example.jp>:\n> 資料をお送りください。\n> 佐藤\n".encode(),
        "チェックする文章がありません（返信・転送で、引用のほかに書かれた文章がありません）",
    ),
    "signature-only.txt": (
        "-- \n山田 太郎\nTEL: 03-1234-5678\n".encode(), "チェックする文章がありません（署名・コード・テンプレートの記法のほかに文章がありません）"
    ),
}


def test_each_unreadable_file_is_one_line_and_the_rest_are_still_checked(tmp_path: Path) -> None:
    names = []
    for name, (data, _) in BAD_FILES.items():
        (tmp_path / name).write_bytes(data)
        names.append(str(tmp_path / name))
    huge = tmp_path / "huge.txt"
    huge.write_bytes("あ".encode() * (10 * 1024 * 1024 // 3 + 1))
    proc = run_cli("check", "--format", "json", *names, str(huge), "examples/progress-request.txt")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Traceback" not in err
    expected = [f"{tmp_path / name}: {why}" for name, (_, why) in BAD_FILES.items()]
    expected.append(f"{huge}: ファイルが 10,485,762 バイトあり、上限の 4,194,304 バイトを超えています")
    assert err.splitlines() == expected
    (checked,) = [f for f in json.loads(proc.stdout)["files"] if "error" not in f]
    assert checked["path"] == "examples/progress-request.txt"
    assert "curt/one-line" in [f["rule"] for f in checked["findings"]]


def test_a_multipart_without_its_closing_boundary_is_read_as_mail_clients_show_it(linter: Linter) -> None:
    body = "お世話になっております。\r\n了解しました。\r\n".encode()
    document = read_bytes(MULTIPART + TEXT_PART + body, "unclosed.eml")
    assert document.text == "お世話になっております。\nお世話になっております。\n了解しました。"
    assert "keigo/ryokai" in [f.rule for f in linter.lint_document(document).findings]


def test_empty_standard_input() -> None:
    proc = run_cli("check", "-", input=b"\n \n")
    assert (proc.returncode, proc.stderr.decode()) == (2, "-: チェックする文章がありません（標準入力が空です）\n")
    with pytest.raises(InputError, match=r"^-: チェックする文章がありません（標準入力が空です）$"):
        read_bytes(b"", "-")


@pytest.mark.parametrize(("name", "case"), list(BAD_FILES.items()))
def test_read_bytes_raises_input_error_with_the_same_line(name: str, case: tuple[bytes, str]) -> None:
    data, why = case
    with pytest.raises(InputError) as raised:
        read_bytes(data, name)
    assert str(raised.value) == f"{name}: {why}"


def test_damaged_headers_do_not_stop_the_body_being_checked() -> None:
    data = (
        b"From: yamada\r\nSubject: =?UTF-8?B?@@@broken?= =?X-UNKNOWN?Q?abc?=\r\nDate: 32 Foo 99999 99:99\r\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n"
        + "お世話になっております。\r\n完成までもうしばらくお待ちください。\r\n".encode("cp932")
    )
    document = read_bytes(data, "odd.eml")
    assert document.date is None
    assert document.text == "お世話になっております。\n完成までもうしばらくお待ちください。\n"
    finding = Linter(select=["deadline/vague"], today=TODAY).lint_document(document).findings[0]
    assert (finding.line, finding.column) == (7, 5)  # the file's line: four header lines and an empty one first


SLOW_RULE = """\
kind: phrase
severity: warning
description: 同じ文字の繰り返しを二通りに読む、破滅的なバックトラックを起こす正規表現。
message: 「{match}」
suggest: 書き直しましょう。
regex: ["(あ|あ)+い"]
examples: {bad: [あい], good: [う]}
"""


@pytest.fixture()
def slow_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "my-rules" / "wording"
    folder.mkdir(parents=True)
    (folder / "backtrack.yaml").write_text(SLOW_RULE, encoding="utf-8")
    return folder.parent


def test_catastrophic_user_regex_is_reported_as_an_error_through_the_cli(tmp_path: Path, slow_rules: Path) -> None:
    slow = tmp_path / "slow.txt"
    slow.write_text("いつもお世話になっております。" + "あ" * 40 + "う。\n", encoding="utf-8")
    proc = run_cli("check", "--format", "json", "--rules", str(slow_rules), str(slow), "examples/good-request.txt")
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"{slow}: 規則 'wording/backtrack': 正規表現が 1 秒の上限を超えたため、この規則を中止しました\n"
    files = {f["path"]: f for f in json.loads(proc.stdout)["files"]}
    assert files["examples/good-request.txt"] == {"path": "examples/good-request.txt", "findings": []}
    assert files[str(slow)]["errors"] == ["規則 'wording/backtrack': 正規表現が 1 秒の上限を超えたため、この規則を中止しました"]


def test_catastrophic_regex_timeout_is_a_setting_of_the_linter(slow_rules: Path) -> None:
    linter = Linter(rules_dirs=[slow_rules], select=["wording/backtrack"], regex_timeout=0.05)
    result = linter.lint("あ" * 40 + "うい")  # (an "い" after the run: without one the search is skipped)
    assert result.findings == []
    assert result.errors == ["規則 'wording/backtrack': 正規表現が 0.05 秒の上限を超えたため、この規則を中止しました"]
    assert linter.lint("あ" * 40 + "う").errors == []  # every match needs "い" (regex_gate.py): not searched
    assert [f.rule for f in linter.lint("ああい").findings] == ["wording/backtrack"]  # the rule itself works
