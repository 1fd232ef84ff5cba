"""One message of the archive, linted exactly as ``teinei check`` lints it as an .eml file on its own (its
Date header is its reference date), with what the report groups it by: sender, month and template."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from email.message import Message
from email.utils import parseaddr

from teinei.errors import InputError
from teinei.findings import LintResult
from teinei.inputs import _require_authored_text
from teinei.inputs import email as email_input
from teinei.linter import Linter

_HEADER_END = re.compile(rb"\r?\n\r?\n")
# A field of interest with its folded continuation lines (a name at the start of a line, up to the next one).
_FIELD = re.compile(rb"^(From|Message-ID|Date)[ \t]*:[ \t]*((?:[^\r\n]|\r?\n[ \t])*)", re.I | re.M)
_DIGITS = re.compile(r"[0-9０-９]+")
_ADDRESSEE = re.compile(r"(?:様|さま|殿|御中|各位|さん|くん)\s*$")
_ADDRESSEE_LINES = 4  # the addressee block opens a mail: 株式会社サンプル / 営業部 / 佐藤様
_NAMED = re.compile(r"[^\s、。，．,.「」（）()]{1,20}(?=様|殿)")  # 「佐藤様、先日は…」: the name, not the 様
_SPACE = re.compile(r"\s+")
EXCERPT_CHARACTERS = 160


@dataclass
class Mail:
    """A readable message: its headers of interest, its findings, and its template fingerprint."""

    where: str
    sender: str | None
    message_id: str
    sent_at: dt.datetime | None
    subject: str
    result: LintResult
    template: str  # fingerprint of the body with what changes between two sendings taken out
    excerpt: str

    @property
    def month(self) -> str | None:
        return self.sent_at.strftime("%Y-%m") if self.sent_at else None


@dataclass(frozen=True)
class Filters:
    """``--from``, ``--since`` and ``--until``: which mails are audited (a mail without a date is left out
    when a date range is given)."""

    senders: tuple[str, ...] = ()  # sorted: the options' repr names a resumed audit, and a set's order varies
    since: dt.date | None = None
    until: dt.date | None = None

    def keep(self, sender: str | None, sent_at: dt.datetime | None) -> bool:
        if self.senders and sender not in self.senders:
            return False
        if self.since is None and self.until is None:
            return True
        if sent_at is None:
            return False
        day = sent_at.date()
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


def sender_of(data: bytes) -> tuple[str | None, str, dt.datetime | None]:
    """(sender address in lower case, Message-ID, Date) from the header alone: the filters are applied
    before a mail is linted. Only the three fields are picked out of the header block (the full parser costs
    as much again as the rest of the reading)."""
    end = _HEADER_END.search(data)
    fields: dict[str, str] = {}
    for match in _FIELD.finditer(data, 0, end.start() if end else len(data)):
        name = match[1].decode("ascii").lower()
        fields.setdefault(name, match[2].decode("utf-8", errors="replace"))
    address = parseaddr(email_input.header_text(fields.get("from")))[1].strip().lower() or None
    message_id = email_input.header_text(fields.get("message-id")).strip()
    date = Message()
    date["Date"] = fields.get("date", "")
    return address, message_id, email_input._sent_at(date)  # as check reads it


def lint_mail(
    linter: Linter, where: str, data: bytes, today: dt.date | None, filters: Filters
) -> Mail | None:
    """The linted mail, or None when the filters leave it out; raises ``InputError`` when it cannot be read
    (with the same reasons ``teinei check`` gives for an .eml file)."""
    if not data.strip():
        raise InputError(where, "nothing to check: the message is empty")
    sender, message_id, sent_at = sender_of(data)
    if not filters.keep(sender, sent_at):
        return None
    document = email_input.parse(data, where)
    _require_authored_text(document)  # as check: a mail with nothing of the author's is unreadable
    result = linter.lint_document(document, today=None if document.date else today)
    authored = document.authored_text()
    subject = document.subject.text if document.subject is not None else ""
    return Mail(
        where, sender, message_id, document.sent_at, subject, result, fingerprint(authored), _excerpt(authored)
    )


def fingerprint(authored: str) -> str:
    """Near-identical bodies (one template sent to many people) share a fingerprint: what differs between
    two sendings is set aside: the addressee block (the company and name lines down to the one ending in
    様, 御中, 各位…, within the first lines), a name before 様 or 殿 elsewhere, numbers (dates, amounts,
    order numbers) and spacing."""
    lines = [line for line in authored.splitlines() if line.strip()]
    for index, line in enumerate(lines[:_ADDRESSEE_LINES]):
        if _ADDRESSEE.search(line):
            lines = lines[index + 1 :]
            break
    text = _NAMED.sub("", _DIGITS.sub("0", "\n".join(lines)))
    normal = _SPACE.sub(" ", text).strip()
    return hashlib.blake2b(normal.encode(), digest_size=8).hexdigest()


def _excerpt(authored: str) -> str:
    text = _SPACE.sub(" ", authored).strip()
    return text if len(text) <= EXCERPT_CHARACTERS else text[: EXCERPT_CHARACTERS - 1] + "…"
