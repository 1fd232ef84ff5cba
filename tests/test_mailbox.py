"""A message is the unit: ``teinei check`` on an mbox checks, caches and reports each of its messages on its
own, exactly as each mail checked alone as an .eml file, with lines of the mailbox file (where an editor jumps)
and the message named in every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from teinei import folder_index, runner
from teinei.cache import ResultCache
from teinei.inputs import MAX_BYTES
from teinei.inputs.messages import messages
from teinei.workspace import Workspace

from .conftest import TODAY, run_cli

SEPARATOR = b"From sato@teinei.example.jp Thu Nov 19 10:30:00 2026\n"


def _mail(number: int, subject: str, body: str, charset: str = "utf-8") -> bytes:
    header = (
        f"From: 佐藤 <sato@teinei.example.jp>\nTo: customer@sample.example.jp\nSubject: {subject}\n"
        f"Date: Thu, 19 Nov 2026 10:30:00 +0900\nMessage-ID: <{number}@teinei.example.jp>\nMIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: 8bit\n\n"
    )
    return header.encode() + body.encode()


GOOD = _mail(1, "資料受領のお礼", (
    "株式会社サンプル\n佐藤様\n\nいつもお世話になっております。\n資料をお送りいただき、ありがとうございました。\n"
    "拝見のうえ、11月27日(金)までにご連絡いたします。\n\nよろしくお願いいたします。\n"
))
REQUEST = _mail(2, "見積書の件", (
    "株式会社サンプル\n鈴木様\n\nお世話になっております。\n見積書の資料を送ってください。\n\nよろしくお願いいたします。\n"
))
CURT = _mail(3, "Re: 納期の件", "了解しました。\n")
# Declared ISO-2022-JP, holding bytes no Japanese charset reads.
BROKEN = (
    b"From: sato@teinei.example.jp\nSubject: x\nDate: Mon, 12 Oct 2026 09:00:00 +0900\n"
    b"Message-ID: <9@teinei.example.jp>\nContent-Type: text/plain; charset=iso-2022-jp\n\n\x82\xa8\xff\xfe\xfd\n"
)
UNDECODABLE = "本文の文字コードを判別できません（宣言された iso-2022-jp でも、UTF-8・Shift_JIS・EUC-JP でも読めません）"


def mbox(*mails: bytes) -> bytes:
    return b"".join(SEPARATOR + mail + b"\n" for mail in mails)


def found(result: dict) -> list[tuple[str, int, int]]:
    return [(f["rule"], f["line"], f["column"]) for f in result["findings"]]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "sent.mbox").write_bytes(mbox(GOOD, REQUEST, CURT))
    for number, mail in enumerate((GOOD, REQUEST, CURT), 1):
        (tmp_path / f"{number}.eml").write_bytes(mail)
    return tmp_path


# The messages' From lines in sent.mbox: each mail is its lines, then the empty line that ends it.
STARTS = [1, 1 + 1 + GOOD.count(b"\n") + 1, 1 + 2 * 2 + GOOD.count(b"\n") + REQUEST.count(b"\n")]
IN_REQUEST = [("curt/te-request", 14, 8), ("deadline/missing", 14, 8)]  # 2.eml checked alone
IN_CURT = [("acknowledgement/reply-without-thanks", 10, 1), ("curt/one-line", 10, 1), ("keigo/ryokai", 10, 1)]


def test_each_message_has_the_findings_it_has_alone_at_the_mailbox_lines(folder: Path) -> None:
    assert STARTS == [1, 20, 38]
    alone = [json.loads(run_cli("check", "--format", "json", f"{n}.eml", cwd=folder).stdout)["files"][0]
             for n in (1, 2, 3)]
    assert [found(r) for r in alone] == [[], IN_REQUEST, IN_CURT]
    proc = run_cli("check", "--format", "json", "sent.mbox", cwd=folder)
    assert proc.returncode == 1 and proc.stderr == b""
    report = json.loads(proc.stdout)
    assert [(r["path"], r["message"]) for r in report["files"]] == [
        ("sent.mbox", {"index": 1, "line": 1, "id": "<1@teinei.example.jp>"}),
        ("sent.mbox", {"index": 2, "line": 20, "id": "<2@teinei.example.jp>"}),
        ("sent.mbox", {"index": 3, "line": 38, "id": "<3@teinei.example.jp>"}),
    ]
    # The same findings as each mail alone, their lines moved down to where the message is in the mailbox.
    assert [found(r) for r in report["files"]] == [[], [("curt/te-request", 34, 8), ("deadline/missing", 34, 8)], [
        ("acknowledgement/reply-without-thanks", 48, 1), ("curt/one-line", 48, 1), ("keigo/ryokai", 48, 1)]]
    for mine, theirs, start in zip(report["files"], alone, STARTS, strict=True):
        assert [{**f, "line": f["line"] - start, "end_line": f["end_line"] - start} for f in mine["findings"]] == \
            theirs["findings"]
    lines = (folder / "sent.mbox").read_text(encoding="utf-8").splitlines()
    assert (lines[34 - 1], lines[48 - 1]) == ("見積書の資料を送ってください。", "了解しました。")
    assert report["summary"] == {"files": 3, "checked": 3, "not_checked": 0, "findings": 5,
                                 "by_severity": {"error": 0, "warning": 5, "info": 0}}


def test_text_github_and_sarif_name_the_message(folder: Path) -> None:
    text = run_cli("check", "sent.mbox", cwd=folder).stdout.decode()
    assert text.startswith(
        "sent.mbox:34:8: warning [curt/te-request] 「送ってください」は、社外の方には指示のように響きます。\n"
        "  メール: 2 通目 <2@teinei.example.jp>（20 行目から）\n"
    )
    assert "    34 | 見積書の資料を送ってください。\n" in text
    assert text.count("  メール: 3 通目 <3@teinei.example.jp>（38 行目から）\n") == 3
    assert text.endswith("5 件の指摘（メール 3 通を確認、うち メール 2 通に指摘）\n")
    github = run_cli("check", "--format", "github", "sent.mbox", cwd=folder).stdout.decode().splitlines()
    assert github[0].startswith(
        "::warning file=sent.mbox,line=34,endLine=34,col=8,endColumn=15,title=teinei [curt/te-request] メール 2 通目::"
    )
    sarif = json.loads(run_cli("check", "--format", "sarif", "sent.mbox", cwd=folder).stdout)
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["properties"]["message"]["index"]) for r in results] == [
        ("curt/te-request", 34, 2), ("deadline/missing", 34, 2),
        ("acknowledgement/reply-without-thanks", 48, 3), ("curt/one-line", 48, 3), ("keigo/ryokai", 48, 3)]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {"sent.mbox"}
    assert results[0]["properties"]["message"] == {"index": 2, "line": 20, "id": "<2@teinei.example.jp>"}
    from .test_report_sarif import validator

    validator().validate(sarif)


def test_an_undecodable_message_is_one_line_and_the_others_are_checked(tmp_path: Path) -> None:
    (tmp_path / "sent.mbox").write_bytes(mbox(GOOD, BROKEN, CURT))
    proc = run_cli("check", "sent.mbox", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"sent.mbox:20: 2 通目のメール <9@teinei.example.jp>: {UNDECODABLE}\n"
    text = proc.stdout.decode()
    assert text.startswith("sent.mbox:39:1: warning [acknowledgement/reply-without-thanks] ")
    assert text.endswith("3 件の指摘（メール 2 通を確認、うち メール 1 通に指摘）。"
                         "確認できなかったファイル・フォルダ・メールが 1 件あります（理由は上記）\n")
    report = json.loads(run_cli("check", "--format", "json", "sent.mbox", cwd=tmp_path).stdout)
    assert report["files"][1] == {"path": "sent.mbox", "message": {"index": 2, "line": 20, "id": "<9@teinei.example.jp>"},
                                  "findings": [], "error": UNDECODABLE}
    assert [found(r) for r in report["files"]] == [[], [], [(rule, 39, 1) for rule, _, _ in IN_CURT]]


def test_a_rerun_from_the_cache_gives_the_same_output_and_a_new_mail_is_the_only_new_entry(folder: Path) -> None:
    def entries() -> list[Path]:
        return sorted((folder / ".teinei_cache").rglob("*.json"))

    first = run_cli("check", "sent.mbox", cwd=folder)
    stored = entries()
    assert len(stored) == 3  # one per message
    kept = [json.loads(path.read_bytes())["result"]["message"]["index"] for path in stored]
    assert sorted(kept) == [1, 2, 3]
    again = run_cli("check", "sent.mbox", cwd=folder)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    assert entries() == stored
    # A mail appended to the mailbox: the others keep their entries (keyed by their bytes and place).
    with open(folder / "sent.mbox", "ab") as file:
        file.write(mbox(CURT.replace(b"<3@", b"<4@")))
    proc = run_cli("check", "--format", "json", "sent.mbox", cwd=folder)
    assert len(entries()) == 4 and set(stored) <= set(entries())
    last = json.loads(proc.stdout)["files"][3]
    assert last["message"] == {"index": 4, "line": 50, "id": "<4@teinei.example.jp>"}
    assert found(last) == [(rule, 50 + 10, 1) for rule, _, _ in IN_CURT]


def test_fix_and_diff_refuse_a_mailbox_in_one_line_and_leave_it_as_it_was(folder: Path) -> None:
    before = (folder / "sent.mbox").read_bytes()
    refusal = ("sent.mbox: 修正していません: mbox の中のメールは自動修正できません"
               "（--fix と --diff を外すと、1 通ずつ指摘を表示します）")
    for option in ("--fix", "--diff"):
        proc = run_cli("check", option, "sent.mbox", cwd=folder)
        assert proc.returncode == 2, option
        assert proc.stderr.decode().splitlines()[0] == refusal
        assert "Traceback" not in proc.stderr.decode()
    assert (folder / "sent.mbox").read_bytes() == before


def test_a_mailbox_on_standard_input_is_reported_per_message() -> None:
    report = json.loads(run_cli("check", "--format", "json", "-", input=mbox(GOOD, REQUEST, CURT)).stdout)
    assert [(r["path"], r["message"]["index"], found(r)) for r in report["files"]] == [
        ("-", 1, []), ("-", 2, [("curt/te-request", 34, 8), ("deadline/missing", 34, 8)]),
        ("-", 3, [(rule, 48, 1) for rule, _, _ in IN_CURT])]


def test_the_size_limit_is_a_messages_in_a_large_mailbox(tmp_path: Path) -> None:
    """A mailbox over the limit of one file is read a message at a time; a message over it is one line."""
    huge = _mail(5, "大きな添付", "") + b"A" * (MAX_BYTES + 10) + b"\n"
    (tmp_path / "large.mbox").write_bytes(mbox(huge, CURT))
    proc = run_cli("check", "--format", "json", "large.mbox", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"large.mbox:1: 1 通目のメール: メールが上限の {MAX_BYTES:,} バイトを超えています\n"
    second = json.loads(proc.stdout)["files"][1]
    start = 1 + huge.count(b"\n") + 1 + 1
    assert second["message"] == {"index": 2, "line": start, "id": "<3@teinei.example.jp>"}
    assert found(second) == [(rule, start + 10, 1) for rule, _, _ in IN_CURT]


def test_messages_split_at_from_lines_only_and_give_back_escaped_from_lines() -> None:
    body = "株式会社サンプル\n山本様\n\nFrom Tokyo 工場から本日出荷いたしました。\n"
    escaped = _mail(6, "出荷のご連絡", body.replace("\nFrom ", "\n>From "))
    found_messages = list(messages(mbox(escaped, CURT)))
    assert [(m.index, m.line, m.offset, m.message_id) for m in found_messages] == [
        (1, 1, 0, "<6@teinei.example.jp>"),
        (2, 2 + escaped.count(b"\n") + 1, len(SEPARATOR) + len(escaped) + 1, "<3@teinei.example.jp>"),
    ]
    assert found_messages[0].data == _mail(6, "出荷のご連絡", body)
    assert found_messages[1].data == CURT
    one = list(messages(SEPARATOR + CURT))  # an mbox of one message is that message, as an .eml file
    assert [(m.index, m.data) for m in one] == [(0, SEPARATOR + CURT)]


def _units(run: runner.Run) -> list[tuple[str, list[str], dict | None]]:
    return [(u.name, u.messages, u.result.model_dump() if u.result else None) for o in run.outcomes for u in o.units()]


def test_the_folder_index_answers_an_unchanged_mailbox_message_by_message(tmp_path: Path, monkeypatch) -> None:
    for number, mail in enumerate((GOOD, REQUEST, CURT), 1):
        (tmp_path / f"{number}.eml").write_bytes(mail)
    (tmp_path / "sent.mbox").write_bytes(mbox(GOOD, REQUEST, CURT))
    (tmp_path / "broken.mbox").write_bytes(mbox(GOOD, BROKEN))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(runner, "_INDEX_FROM", 4)
    monkeypatch.setattr(folder_index, "_SETTLING_NS", 0)  # files written a moment ago count as settled
    names = ["1.eml", "2.eml", "3.eml", "broken.mbox", "sent.mbox"]

    def check() -> runner.Run:
        return runner.check_files(names, Workspace(), today=TODAY, jobs=1, cache=ResultCache(".cache"))

    first = check()
    assert [len(o.units()) for o in first.outcomes] == [1, 1, 1, 2, 3]
    read: list[str] = []
    real = runner._read

    def counted(context: runner._Context, name: str) -> runner._Read:
        read.append(name)
        return real(context, name)

    monkeypatch.setattr(runner, "_read", counted)
    again = check()
    assert _units(again) == _units(first)
    assert read == ["broken.mbox"]  # a mailbox with an unreadable message is not indexed: it is read again
    assert [u.result.message.index for u in again.outcomes[4].units() if u.result] == [1, 2, 3]
    with open("sent.mbox", "ab") as file:  # a changed mailbox is read again, all its messages reported
        file.write(mbox(CURT.replace(b"<3@", b"<4@")))
    read.clear()
    grown = check()
    assert read == ["broken.mbox", "sent.mbox"]
    assert [u.result.message.index for u in grown.outcomes[4].units() if u.result] == [1, 2, 3, 4]
    read.clear()
    assert _units(check()) == _units(grown) and read == ["broken.mbox"]


def test_the_library_refuses_to_read_a_mailbox_as_one_document(folder: Path, linter) -> None:
    from teinei.errors import InputError

    with pytest.raises(InputError) as raised:
        linter.lint_path(folder / "sent.mbox")
    assert str(raised.value).endswith(
        "sent.mbox: 複数のメールを収めた mbox です（`teinei check` はメールを 1 通ずつ報告します）"
    )


def test_an_encoded_body_keeps_the_lines_it_has_alone(tmp_path: Path) -> None:
    """A base64 body has no lines in the file: its lines count from the body's first line, in the mailbox
    as in an .eml file of its own."""
    encoded = CURT.replace(b"Content-Transfer-Encoding: 8bit", b"Content-Transfer-Encoding: base64")
    encoded = encoded.replace("了解しました。\n".encode(), b"5LqG6Kej44GX44G+44GX44Gf44CCCg==\n")
    (tmp_path / "alone.eml").write_bytes(encoded)
    (tmp_path / "sent.mbox").write_bytes(mbox(GOOD, encoded))
    alone = json.loads(run_cli("check", "--format", "json", "alone.eml", cwd=tmp_path).stdout)["files"][0]
    report = json.loads(run_cli("check", "--format", "json", "sent.mbox", cwd=tmp_path).stdout)["files"]
    assert found(alone) == [(rule, 1, 1) for rule, _, _ in IN_CURT]
    assert (report[1]["message"]["line"], found(report[1])) == (20, found(alone))
