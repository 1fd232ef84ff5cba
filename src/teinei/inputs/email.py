"""E-mail: RFC 5322 messages (.eml files, raw mail on stdin) parsed with the standard library into a subject
and a body document, with the attachments' names and the Date header as the reference date.

The ``compat32`` policy is used on purpose: it keeps raw 8-bit headers and undecoded payloads, so every
charset decision (mislabelled Shift_JIS, ISO-2022-JP with Windows extensions) is made in ``charsets``.

The standard library's parser, header decoder and date parser are imported where a message is parsed: a plain
text asks this module only whether it looks like mail or whether its subject is a reply's, and a check of a
.txt draft then imports no ``email`` package beyond its exceptions (about 10 ms of start-up). ``compat32`` is
taken from ``email._policybase``, where ``email.policy`` gets it too: ``email.policy`` would also import the
header registry and its parser, which ``compat32`` never uses.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import re
from typing import TYPE_CHECKING

from teinei.document import Document
from teinei.errors import InputError
from teinei.inputs import charsets, plain, template
from teinei.lazy_re import lazy

if TYPE_CHECKING:
    from email.message import Message

_FIELD_NAME = lazy(rb"^[!-9;-~]{1,76}[ \t]*:")
_KNOWN_FIELD = lazy(
    rb"^(?:From|To|Cc|Subject|Date|Message-ID|MIME-Version|Received|Return-Path|Content-Type|Delivered-To|"
    rb"Reply-To|In-Reply-To|References|Sender|X-Mailer)[ \t]*:",
    re.I,
)
_REPLY_SUBJECT = lazy(r"^\s*(?:(?:re|ｒｅ|返信|回答)\s*(?:\[\d+\])?\s*[:：]\s*)+", re.I)
_HEADER_END = lazy(rb"\r?\n\r?\n")  # the empty line between the header fields and the body
_FORWARD_SUBJECT = lazy(r"^\s*(?:fwd?|ｆｗｄ?|転送)\s*[:：]", re.I)
# Damage that makes the body unreliable: report the file instead of linting half a message. A multipart body
# without its closing boundary is not here: mail clients show what it holds (iPhone forwards, bounces do this).
_FATAL_DEFECTS = (
    (email.errors.NoBoundaryInMultipartDefect, "マルチパートのメールに区切り（boundary）の指定がありません"),
    (email.errors.StartBoundaryNotFoundDefect, "マルチパートの本文に最初の区切りがありません（MIME の形式の誤り）"),
    (email.errors.MultipartInvariantViolationDefect, "マルチパートの構造が壊れています"),
)
_BASE64_DEFECTS = (
    email.errors.InvalidBase64PaddingDefect,
    email.errors.InvalidBase64LengthDefect,
    email.errors.InvalidBase64CharactersDefect,
)


def looks_like_email(data: bytes) -> bool:
    """Whether bytes without a file name hold raw mail: they open with a block of RFC 5322 header fields."""
    lines = data[:16384].splitlines()
    if lines and lines[0].startswith(b"From "):  # an mbox envelope line
        lines = lines[1:]
    known = 0
    for index, line in enumerate(lines):
        if not line.strip():
            return index > 0 and known >= 2
        if line[:1] in (b" ", b"\t") and index > 0:
            continue  # a folded continuation of the field above
        if not _FIELD_NAME.match(line):
            return False
        known += bool(_KNOWN_FIELD.match(line))
    return known >= 2


def thread_facts(subject: str) -> set[str]:
    """"reply" for 「Re: …」 and "forward" for 「Fw: …」 subjects: the subject came from an earlier message."""
    if _FORWARD_SUBJECT.match(subject):
        return {"forward"}
    return {"reply"} if _REPLY_SUBJECT.match(subject) else set()


def header_text(value: object) -> str:
    """A header's text with encoded words decoded in their (or a recognised) charset; never raises."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = re.sub(r"\r?\n(?=[ \t])", "", value)
        if "=?" not in value:  # no encoded word: decode_header would give it back as it is (a mail's most headers)
            return re.sub(r"[\r\n\t]+", " ", value).strip()
    from email.header import decode_header

    try:
        chunks = decode_header(value)  # type: ignore[arg-type]
    except Exception:  # a broken encoded word: keep the raw text rather than lose the header
        return str(value)
    parts: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            parts.append(chunk)
            continue
        try:
            parts.append(charsets.decode_declared(chunk, charset)[0])
        except charsets.Undecodable:
            parts.append(chunk.decode("utf-8", errors="replace"))
    return re.sub(r"[\r\n\t]+", " ", "".join(parts)).strip()


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return disposition == "attachment" or (disposition != "inline" and part.get_filename() is not None)


def _leaves(part: Message, related: bool = False):  # -> Iterator[tuple[Message, bool]]
    """Leaf parts in reading order, each with whether it is an inline part of an HTML page (a logo)."""
    if part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), list):
        inside = related or part.get_content_subtype() == "related"
        for child in part.get_payload():
            yield from _leaves(child, inside)
    else:
        yield part, related


def _attachment_name(part: Message) -> str:
    name = part.get_filename() or part.get_param("name")
    if isinstance(name, tuple):  # an RFC 2231 value the stdlib could not collapse
        name = name[2]
    if name:
        return header_text(str(name))
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        subject = header_text(inner[0].get("Subject")) if isinstance(inner, list) and inner else ""
        return f"{subject or 'message'}.eml"
    return part.get_content_type()


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: a line ending in a space continues on the next one."""
    out: list[str] = []
    for line in text.split("\n"):
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        if out and out[-1].endswith(" ") and out[-1] != "-- ":
            out[-1] = (out[-1][:-1] if delsp else out[-1]) + line
        else:
            out.append(line)
    return "\n".join(out)


def _body_text(part: Message, path: str) -> tuple[str, str]:
    payload = part.get_payload(decode=True)
    if any(isinstance(d, _BASE64_DEFECTS) for d in part.defects):
        raise InputError(path, "本文の base64 が壊れているか、途中で切れています")
    if not isinstance(payload, bytes):
        payload = b""
    try:
        text, encoding = charsets.decode_declared(payload, part.get_content_charset())
    except charsets.Undecodable as error:
        raise InputError(path, error.in_body) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if part.get_content_subtype() == "html":
        from teinei.inputs.html import html_to_text

        return html_to_text(text), encoding
    if (part.get_param("format") or "").lower() == "flowed":
        text = _unflow(text, (part.get_param("delsp") or "").lower() == "yes")
    return text, encoding


def _first_body_line(data: bytes, message: Message, body: str) -> int:
    """The line of the file the body starts on, when the body's lines are the file's: one text/plain part,
    neither encoded (7bit, 8bit, binary) nor reflowed. Otherwise 1: lines count from the body's first line."""
    if message.is_multipart() or message.get_content_type() != "text/plain":
        return 1
    if (message.get("Content-Transfer-Encoding") or "7bit").strip().lower() not in ("7bit", "8bit", "binary"):
        return 1
    if (message.get_param("format") or "").lower() == "flowed":
        return 1
    end = _HEADER_END.search(data)
    if end is None or data.count(b"\n", end.end()) != body.count("\n"):
        return 1  # no body, or one the parser changed: its lines are not the file's
    return data.count(b"\n", 0, end.end()) + 1


def _check_structure(message: Message, path: str) -> None:
    if not message.keys():
        raise InputError(path, "メールではありません（本文の前にヘッダーがありません）")
    for part in message.walk():
        for defect in part.defects:
            for kind, why in _FATAL_DEFECTS:
                if isinstance(defect, kind):
                    raise InputError(path, why)


def parse(data: bytes, path: str) -> Document:
    if b"\x00" in data:
        raise InputError(path, "テキストではありません（NUL バイトを含むバイナリです）")
    from email import message_from_bytes
    from email._policybase import compat32

    try:
        message = message_from_bytes(data, policy=compat32)
        _check_structure(message, path)
        leaves = list(_leaves(message))
    except InputError:
        raise
    except Exception as error:  # the stdlib parser is lenient, but hostile input has raised odd errors
        raise InputError(path, f"メールの形式が壊れています（{error}）") from None
    texts = [(p, r) for p, r in leaves if p.get_content_maintype() == "text" and not _is_attachment(p)]
    body_part = next((p for p, _ in texts if p.get_content_subtype() == "plain"), None)
    body_part = body_part or next((p for p, _ in texts if p.get_content_subtype() == "html"), None)
    if body_part is None:
        raise InputError(path, "テキストの本文がありません（添付ファイルだけか、扱えない形式です）")
    body, encoding = _body_text(body_part, path)
    alternatives = {id(p) for p, _ in texts}
    document = Document(text=body, path=path, encoding=encoding, first_line=_first_body_line(data, message, body))
    document.facts |= {"email", "attachment-list"}
    document.attachments = [
        _attachment_name(p)
        for p, related in leaves
        if id(p) not in alternatives and not (related and p.get("Content-ID") and not _is_attachment(p))
    ]
    if document.attachments:
        document.facts.add("attachments")
    document.sent_at = _sent_at(message)
    document.date = document.sent_at.date() if document.sent_at else None
    subject = header_text(message.get("Subject"))
    document.subject = Document(text=subject, path=path, part="subject")
    template.mark_template(document.subject)
    document.facts |= thread_facts(subject)
    if not document.facts & {"forward", "reply"} and (message.get("In-Reply-To") or message.get("References")):
        document.facts.add("reply")
    template.mark_template(document)
    plain.mark_quotes_and_signature(document)
    return plain.share_facts(document)


def _sent_at(message: Message) -> dt.datetime | None:
    """The Date header as the sender's clock read it (naive, in the sender's time zone)."""
    value = header_text(message.get("Date"))
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    from teinei.reference import REFERENCE_YEARS

    try:
        sent = parsedate_to_datetime(value).replace(tzinfo=None)
    except Exception:  # an unparseable or out-of-range Date header gives no reference date
        return None
    return sent if sent.year in REFERENCE_YEARS else None  # (year 9999: a broken clock, not a date to read from)
