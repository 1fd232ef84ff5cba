"""E-mail input: real messages built with the standard library in every Japanese charset and transfer
encoding, read back through ``read_bytes`` and the CLI, with exact findings and positions."""

from __future__ import annotations

import datetime as dt
import email.policy
import json
from email import encoders
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from teinei.document import RegionRole
from teinei.inputs import read_bytes
from teinei.linter import Linter

from .conftest import TODAY, run_cli

SMTP = email.policy.compat32.clone(linesep="\r\n")

BODY = """株式会社サンプル
佐藤様

いつもお世話になっております。山田です。

見積書を添付いたします。
完成までもうしばらくお待ちください。

よろしくお願いいたします。
"""
# (rule, part, line, column, end_column) that BODY with the subject 「お願い」 and no attachment must give.
EXPECTED = [
    ("clarity/vague-subject", "subject", 1, 1, 4),
    ("clarity/missing-attachment", "body", 6, 5, 12),
    ("deadline/vague", "body", 7, 5, 11),
]
RULES = ["clarity", "deadline/vague", "scope/vague", "rudeness", "keigo/ryokai"]


@pytest.fixture(scope="module")
def selected() -> Linter:
    return Linter(profile="external", select=RULES, today=TODAY)


def _where(findings) -> list[tuple[str, str, int, int, int]]:
    return [(f.rule, f.part, f.line, f.column, f.end_column) for f in findings]


def _headers(message: Message, subject: str, charset: str, date: str = "Fri, 20 Nov 2026 10:00:00 +0900") -> bytes:
    message["From"] = "yamada@teinei.example.jp"
    message["To"] = "sato@sample.example.jp"
    message["Subject"] = Header(subject, charset)
    message["Date"] = date
    message["Message-ID"] = "<20261120100000.1@teinei.example.jp>"
    return message.as_bytes(policy=SMTP)


def _text_mail(body: str, charset: str, transfer: str, subject: str = "お願い", codec: str | None = None) -> bytes:
    """A text/plain message whose body is encoded with ``codec`` (default: the charset) and ``transfer``."""
    part = MIMEBase("text", "plain", charset=charset)
    part.set_payload(body.replace("\n", "\r\n").encode(codec or charset))
    if transfer == "base64":
        encoders.encode_base64(part)
    elif transfer == "quoted-printable":
        encoders.encode_quopri(part)
    else:
        part["Content-Transfer-Encoding"] = transfer
    return _headers(part, subject, charset if charset != "shift_jis" else "iso-2022-jp")


@pytest.mark.parametrize(
    ("charset", "transfer", "codec"),
    [
        ("iso-2022-jp", "7bit", "iso2022_jp"),
        ("iso-2022-jp", "base64", "iso2022_jp"),
        ("shift_jis", "base64", "cp932"),
        ("shift_jis", "quoted-printable", "cp932"),
        ("shift_jis", "8bit", "cp932"),
        ("euc-jp", "quoted-printable", "euc_jp"),
        ("euc-jp", "base64", "euc_jp"),
        ("utf-8", "base64", "utf-8"),
        ("utf-8", "quoted-printable", "utf-8"),
        ("utf-8", "8bit", "utf-8"),
    ],
)
def test_every_charset_and_transfer_encoding_gives_the_same_findings(
    selected: Linter, charset: str, transfer: str, codec: str
) -> None:
    data = _text_mail(BODY, charset, transfer, codec=codec)
    document = read_bytes(data, "mail.eml")
    assert document.text == BODY  # decoded, CRLF read as line breaks
    assert document.subject is not None and document.subject.text == "お願い"
    assert document.facts >= {"email"} and "attachments" not in document.facts
    assert (document.date, document.sent_at) == (dt.date(2026, 11, 20), dt.datetime(2026, 11, 20, 10, 0))
    # Lines are the file's where the body's lines are (not encoded), else counted from the body's first line.
    if transfer in ("7bit", "8bit"):
        first = data.split(b"\n")[document.first_line - 1].decode(codec).rstrip("\r")
        assert document.first_line > 1 and first == BODY.split("\n")[0]
    else:
        assert document.first_line == 1
    shift = document.first_line - 1
    found = [(r, p, line - shift if p == "body" else line, *c) for r, p, line, *c in _where(
        selected.lint_document(document).findings)]
    assert found == EXPECTED


def test_windows_characters_in_mail_labelled_shift_jis_and_iso_2022_jp(selected: Linter) -> None:
    # Windows mailers label CP932 text Shift_JIS, and put NEC row 13 (①, ㈱) into ISO-2022-JP.
    text = "①見積書　㈱サンプル　髙橋様\n"
    sjis = read_bytes(_text_mail(text, "shift_jis", "base64", codec="cp932"), "a.eml")
    assert sjis.text == text
    jis = MIMEBase("text", "plain", charset="iso-2022-jp")
    jis.set_payload(b"\x1b$B-!8+@Q=q\x1b(B \x1b$B-j%5%s%W%k\x1b(B\r\n")
    jis["Content-Transfer-Encoding"] = "7bit"
    assert read_bytes(_headers(jis, "見積書の件", "iso-2022-jp"), "b.eml").text == "①見積書 ㈱サンプル\n"


def test_mislabelled_charset_falls_back_to_what_the_bytes_are() -> None:
    data = _text_mail("完成までもうしばらくお待ちください。\n", "iso-2022-jp", "8bit", codec="utf-8")
    assert read_bytes(data, "a.eml").text == "完成までもうしばらくお待ちください。\n"


def test_raw_8bit_and_folded_encoded_word_subjects_are_decoded() -> None:
    raw = (
        "From: a@example.jp\r\nSubject: 見積書送付のお願い\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n"
        "お世話になっております。\r\n"
    ).encode("cp932")
    document = read_bytes(raw, "a.eml")
    assert (document.subject.text, document.text) == ("見積書送付のお願い", "お世話になっております。\n")
    long_subject = "【ご確認のお願い】12/5締切 トップページ制作に関する見積書と作業スケジュールについて"
    message = MIMEText("お世話になっております。", "plain", "iso-2022-jp")
    data = _headers(message, long_subject, "iso-2022-jp")
    assert b"\r\n =?iso-2022-jp?" in data  # folded into several encoded words
    assert read_bytes(data, "b.eml").subject.text == long_subject


def test_multipart_alternative_prefers_text_plain() -> None:
    outer = MIMEMultipart("alternative")
    outer.attach(MIMEText("お世話になっております。\n", "plain", "utf-8"))
    outer.attach(MIMEText("<p>HTML版の本文です。</p>", "html", "utf-8"))
    document = read_bytes(_headers(outer, "見積書送付のお願い", "utf-8"), "a.eml")
    assert document.text == "お世話になっております。\n"
    assert document.attachments == []


HTML = """<html><head><style>p {{ margin: 0 }}</style></head><body>
<div>株式会社サンプル<br>佐藤様</div>
<div><br></div>
<div>いつもお世話になっております。山田です。</div>
<div>見積書を添付いたします。完成まで<b>もうしばらく</b>お待ち
ください。</div>
{quote}</body></html>
"""


def test_html_only_multipart_mail_is_read_as_text_with_attachment_names(selected: Linter) -> None:
    outer = MIMEMultipart("mixed")
    outer.attach(MIMEText(HTML.format(quote=""), "html", "utf-8"))
    pdf = MIMEApplication(b"%PDF-1.4\n", "pdf")
    pdf.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "御見積書.pdf"))
    outer.attach(pdf)
    logo = MIMEBase("image", "png")
    logo.set_payload(b"\x89PNG")
    # Japanese mailers often put an encoded word in the filename parameter instead of RFC 2231.
    logo.add_header("Content-Disposition", "attachment", filename=Header("ロゴ.png", "iso-2022-jp").encode())
    outer.attach(logo)
    document = read_bytes(_headers(outer, "お願い", "utf-8"), "a.eml")
    assert document.text == (
        "株式会社サンプル\n佐藤様\n\nいつもお世話になっております。山田です。\n"
        "見積書を添付いたします。完成までもうしばらくお待ちください。\n"
    )
    assert document.attachments == ["御見積書.pdf", "ロゴ.png"]
    assert "attachments" in document.facts
    # The attachment is there, so only the subject and the vague deadline are findings.
    assert _where(selected.lint_document(document).findings) == [
        ("clarity/vague-subject", "subject", 1, 1, 4),
        ("deadline/vague", "body", 5, 17, 23),
    ]


def test_html_reply_blockquote_is_quoted_text(selected: Linter) -> None:
    quote = (
        '<div class="gmail_quote"><div class="gmail_attr">2026年11月19日(木) 18:02 佐藤花子 &lt;'
        '<a href="mailto:sato@example.jp">sato@example.jp</a>&gt;:<br></div>'
        "<blockquote>資料とかもういいです。<br>早く送れ。</blockquote></div>"
    )
    outer = MIMEMultipart("alternative")
    outer.attach(MIMEText(HTML.format(quote=quote), "html", "iso-2022-jp"))
    document = read_bytes(_headers(outer, "Re: お願い", "iso-2022-jp"), "a.eml")
    lines = document.text.splitlines()
    assert lines[-3:] == ["2026年11月19日(木) 18:02 佐藤花子 <sato@example.jp>:", "> 資料とかもういいです。", "> 早く送れ。"]
    assert "reply" in document.facts
    # 「とか」 and 「送れ」 are in the quote; the subject is a reply's; the attachment is missing.
    assert _where(selected.lint_document(document).findings) == [
        ("clarity/missing-attachment", "body", 5, 5, 12),
        ("deadline/vague", "body", 5, 17, 23),
    ]


REPLY = """株式会社サンプル
佐藤様

いつもお世話になっております。テイネイ制作の山田です。
原稿をお送りいただき、ありがとうございます。

トップページの修正版は、近日中にお送りします。

━━━━━━━━━━━━━━━━━━━━━━━━
株式会社テイネイ制作　ウェブ制作部
山田 太郎（Yamada Taro）
TEL: 03-1234-5678 / FAX: 03-1234-5679
Mail: yamada@teinei.example.jp
━━━━━━━━━━━━━━━━━━━━━━━━

2026年11月19日(木) 18:02 佐藤花子 <sato@sample.example.jp>:
> 山田様
>
> 原稿をお送りします。もうしばらくお待ちくださいと言われてから一週間です。
> 追加の画像とかもういいです。早く教えろ。了解です。
>
> 佐藤
"""


def test_japanese_reply_with_quoted_original_and_boxed_signature() -> None:
    message = MIMEText(REPLY, "plain", "iso-2022-jp")
    message["In-Reply-To"] = "<20261119180200.7@sample.example.jp>"
    document = read_bytes(_headers(message, "Re: トップページ原稿の送付", "iso-2022-jp"), "reply.eml")
    assert document.text == REPLY
    assert document.facts >= {"email", "reply"}
    lines = [i + 1 for i, line in enumerate(REPLY.splitlines()) if line.strip()]
    quoted = [n for n in lines if document.in_role(_offset(REPLY, n), RegionRole.QUOTE)]
    signed = [n for n in lines if document.in_role(_offset(REPLY, n), RegionRole.SIGNATURE)]
    assert quoted == [16, 17, 18, 19, 20, 21, 22]
    assert signed == [9, 10, 11, 12, 13, 14]
    # Every built-in rule: the only finding is the author's own vague date; nothing from the quote or the box.
    findings = Linter(profile="external", today=TODAY).lint_document(document).findings
    body_line = document.first_line - 1  # findings give the file's lines: the body's line 7 is the file's 7 + this
    assert body_line == 10  # nine header fields and the empty line
    assert all(f.line - body_line < 9 for f in findings), _where(findings)
    vague = [f for f in findings if f.rule == "deadline/vague"]
    assert _where(vague) == [("deadline/vague", "body", 17, 13, 15)]
    # the example date is three business days after the reference date (11月23日 is a holiday)
    assert vague[0].suggestions[0] == "「11月26日(木)17時までに」「本日中に」のように具体的な日時に置き換えましょう。"


def _offset(text: str, line: int) -> int:
    """The offset of the first non-space character of a 1-based line."""
    start = sum(len(x) + 1 for x in text.split("\n")[: line - 1])
    return start + len(text.split("\n")[line - 1]) - len(text.split("\n")[line - 1].lstrip())


def test_outlook_reply_in_shift_jis_quotes_everything_after_the_header_block(selected: Linter) -> None:
    body = (
        "佐藤様\n\nお世話になっております。\n追ってご連絡いたします。\n\n"
        "-----Original Message-----\n差出人: 佐藤 <sato@sample.example.jp>\n送信日時: 2026年11月19日 18:02\n"
        "宛先: 山田\n件名: 資料\n\n資料とか至急送ってください。\n"
    )
    document = read_bytes(_text_mail(body, "shift_jis", "base64", codec="cp932"), "a.eml")
    assert "reply" in document.facts
    # A reply keeps the thread's subject, so 「お願い」 is not the author's choice; the quote is not linted.
    assert _where(selected.lint_document(document).findings) == [("deadline/vague", "body", 4, 1, 7)]


def test_format_flowed_lines_are_joined() -> None:
    part = MIMEText("", "plain", "utf-8")
    part.set_param("format", "flowed")
    part.set_param("delsp", "yes")
    part.set_payload("お世話になっております。完成までもう \r\nしばらくお待ちください。\r\n-- \r\n山田\r\n".encode())
    part.replace_header("Content-Transfer-Encoding", "8bit")
    document = read_bytes(_headers(part, "進捗のご報告", "utf-8"), "a.eml")
    assert document.text == "お世話になっております。完成までもうしばらくお待ちください。\n-- \n山田\n"


def test_attached_message_is_an_attachment_not_the_body() -> None:
    outer = MIMEMultipart("mixed")
    outer.attach(MIMEText("ご参考までに、先方のメールを添付いたします。\n", "plain", "utf-8"))
    inner = MIMEText("早く送れ。", "plain", "utf-8")
    inner["Subject"] = Header("至急", "utf-8")
    wrapper = MIMEBase("message", "rfc822")
    wrapper.set_payload([inner])
    outer.attach(wrapper)
    document = read_bytes(_headers(outer, "先方からのご連絡の共有", "utf-8"), "a.eml")
    assert document.text == "ご参考までに、先方のメールを添付いたします。\n"
    assert document.attachments == ["至急.eml"]


def test_raw_mail_on_stdin_reports_subject_and_body_parts_in_json() -> None:
    data = _text_mail(BODY, "iso-2022-jp", "7bit")
    proc = run_cli("check", "--format", "json", "--select", ",".join(RULES), "-", input=data)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    shift = read_bytes(data, "-").first_line - 1  # a 7bit body: lines are the file's
    assert [(f["rule"], f["part"], f["line"] - shift if f["part"] == "body" else f["line"], f["column"],
             f["end_column"]) for f in findings] == EXPECTED
    assert data.split(b"\n")[findings[1]["line"] - 1].startswith(b"\x1b$B")  # the file's line: ISO-2022-JP text
    assert findings[0]["message"] == "件名「お願い」では、何についてのメールなのかが分かりません。"
    assert findings[0]["suggestions"] == ["用件と期限が一目で分かる件名にしましょう。例：「【ご確認のお願い】11月26日(木)締切 見積書について」"]
    assert findings[1]["message"] == "「添付いたします」と書かれていますが、このメールには添付ファイルがありません。"


def test_example_emails_in_the_text_report(tmp_path: Path) -> None:
    proc = run_cli("check", "examples/missing-attachment.eml", "examples/reply-quoted.eml", "examples/html-estimate.eml")
    out = proc.stdout.decode()
    assert proc.returncode == 1, proc.stderr
    assert "examples/missing-attachment.eml:subject:1: warning [clarity/vague-subject] 件名「ご確認」では" in out
    # Lines are the file's: editors and code scanning jump to them (the body starts after the header).
    assert "examples/missing-attachment.eml:16:6: warning [clarity/missing-attachment] 「添付いたします」と" in out
    assert "examples/reply-quoted.eml:17:13: warning [deadline/vague] 「近日」では" in out
    assert "html-estimate.eml" not in out  # its PDF is attached and its subject names the topic
    for line in out.splitlines():
        assert not line.startswith("examples/reply-quoted.eml:") or int(line.split(":")[1]) < 19, line
