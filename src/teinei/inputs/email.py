"""E-mail: RFC 5322 messages parsed with the standard library into subject and body documents."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from teinei.document import Document
from teinei.errors import InputError

_HEADER = re.compile(rb"^(From|To|Subject|Date|Message-ID|MIME-Version|Received|Return-Path|Content-Type):", re.I)


def looks_like_email(data: bytes) -> bool:
    """Whether stdin holds raw mail: its first lines are RFC 5322 headers."""
    head = data[:2048].split(b"\n", 3)
    return sum(1 for line in head[:3] if _HEADER.match(line)) >= 2


def _body_part(message: EmailMessage) -> tuple[str, str]:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", "utf-8"
    content = part.get_content()
    if isinstance(content, bytes):
        content = content.decode(part.get_content_charset() or "utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        from teinei.inputs.html import html_to_text

        content = html_to_text(content)
    return content, part.get_content_charset() or "utf-8"


def parse(data: bytes, path: str) -> Document:
    from teinei.inputs import plain, template

    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes)")
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        body, charset = _body_part(message)  # type: ignore[arg-type]
        subject = str(message.get("Subject", "") or "")
    except (LookupError, ValueError, TypeError, AttributeError) as error:
        raise InputError(path, f"malformed e-mail: {error}") from None
    document = Document(text=body, path=path, encoding=charset)
    document.facts.add("email")
    document.attachments = [p.get_filename() or "" for p in message.iter_attachments()]  # type: ignore[attr-defined]
    if document.attachments:
        document.facts.add("attachments")
    try:
        date = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    document.date = date.date() if date else None
    document.subject = Document(text=subject, path=path, part="subject")
    if re.match(r"^\s*(re|ｒｅ|返信)\s*[:：]", subject, re.I):
        document.facts.add("reply")
    template.mark_template(document)
    plain.mark_quotes_and_signature(document)
    return document
