"""One message of the archive, linted exactly as ``teinei check`` lints it as an .eml file on its own (its
Date header is its reference date), with what the report groups it by: sender, month and template."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from email.message import Message
from email.utils import parseaddr
from functools import cached_property

from teinei.errors import InputError
from teinei.findings import LintResult
from teinei.inputs import _require_authored_text, nothing
from teinei.inputs import email as email_input
from teinei.linter import Linter

_HEADER_END = re.compile(rb"\r?\n\r?\n")
# A field of interest with its folded continuation lines (a name at the start of a line, up to the next one).
_FIELD = re.compile(rb"^(From|Message-ID|Date)[ \t]*:[ \t]*((?:[^\r\n]|\r?\n[ \t])*)", re.I | re.M)
_DIGITS = re.compile(r"[0-9０-９]+")
_ADDRESSEE = re.compile(r"(?:様|さま|殿|御中|各位|さん|くん)\s*$")
_ADDRESSEE_LINES = 4  # the addressee block opens a mail: 株式会社サンプル / 営業部 / 佐藤様
_NAMED = re.compile(r"[^\s、。，．,.「」（）()]{1,20}(?=様|殿)")  # 「佐藤様、先日は…」: the name, not the 様
_NAME_CHARACTERS = 20  # the {1,20} of _NAMED
_RUN = re.compile(r"[^\s、。，．,.「」（）()]+")  # the characters _NAMED takes, in runs no match crosses
_SPACE = re.compile(r"\s+")
# A From header that is a plain address, bare or in <>, after a display name with nothing special in it: what
# parseaddr would find, found without its tokenizer (anything else still goes to parseaddr).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDRESS = rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})*"
_PLAIN_ADDRESS = re.compile(rf"[^<>\"(),;:@\\\[\]]*<({_ADDRESS})>[ \t]*|[ \t]*({_ADDRESS})[ \t]*")
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
    authored: str  # the author's own text, for the excerpt (only the mail that stands for a template needs it)

    @property
    def month(self) -> str | None:
        return f"{self.sent_at.year:04d}-{self.sent_at.month:02d}" if self.sent_at else None

    @cached_property
    def excerpt(self) -> str:
        text = _SPACE.sub(" ", self.authored).strip()
        return text if len(text) <= EXCERPT_CHARACTERS else text[: EXCERPT_CHARACTERS - 1] + "…"


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


def sender_of(data: bytes, *, dated: bool = True) -> tuple[str | None, str, dt.datetime | None]:
    """(sender address in lower case, Message-ID, Date) from the header alone: the filters are applied
    before a mail is linted. Only the three fields are picked out of the header block (the full parser costs
    as much again as the rest of the reading). ``dated=False`` leaves the Date out (None): without a date
    range, the parsed mail's own gives it, read once."""
    end = _HEADER_END.search(data)
    fields: dict[str, str] = {}
    for match in _FIELD.finditer(data, 0, end.start() if end else len(data)):
        name = match[1].decode("ascii").lower()
        fields.setdefault(name, match[2].decode("utf-8", errors="replace"))
    sender = email_input.header_text(fields.get("from"))
    plain = _PLAIN_ADDRESS.fullmatch(sender)
    address = (plain[1] or plain[2] if plain else parseaddr(sender)[1]).strip().lower() or None
    message_id = email_input.header_text(fields.get("message-id")).strip()
    if not dated:
        return address, message_id, None
    date = Message()
    date["Date"] = fields.get("date", "")
    return address, message_id, email_input._sent_at(date)  # as check reads it


def lint_mail(
    linter: Linter, where: str, data: bytes, today: dt.date | None, filters: Filters
) -> Mail | None:
    """The linted mail, or None when the filters leave it out; raises ``InputError`` when it cannot be read
    (with the same reasons ``teinei check`` gives for an .eml file)."""
    if not data.strip():
        raise InputError(where, nothing("メールが空です"))
    dated = filters.since is not None or filters.until is not None
    sender, message_id, sent_at = sender_of(data, dated=dated)
    if not filters.keep(sender, sent_at):
        return None
    document = email_input.parse(data, where)
    _require_authored_text(document)  # as check: a mail with nothing of the author's is unreadable
    result = linter.lint_document(document, today=None if document.date else today, advice=False)  # counted only
    authored = document.authored_text()
    subject = document.subject.text if document.subject is not None else ""
    return Mail(where, sender, message_id, document.sent_at, subject, result, fingerprint(authored), authored)


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
    text = _DIGITS.sub("0", "\n".join(lines))
    if "様" in text or "殿" in text:
        text = _RUN.sub(_without_names, text)  # as _NAMED.sub("", text), without trying it at every character
    normal = _SPACE.sub(" ", text).strip()
    return hashlib.blake2b(normal.encode(), digest_size=8).hexdigest()


def _without_names(run: re.Match[str]) -> str:
    """``_NAMED.sub("", run)`` for one run of the characters it takes (a match never crosses a run's end),
    worked out from where 様 and 殿 are: the regular expression tries up to 20 characters at each one, the
    costliest part of reading a mail apart from linting it. The output is the same (fingerprints are kept
    by ``--resume``)."""
    text = run[0]
    if "様" not in text and "殿" not in text:
        return text
    kept: list[str] = []
    at, end = 0, len(text)
    while at < end:
        reach = min(at + _NAME_CHARACTERS + 1, end)
        honorific = max(text.rfind("様", at + 1, reach), text.rfind("殿", at + 1, reach))
        if honorific > at:  # the longest name before an honorific in reach is dropped; the honorific stays
            at = honorific
            continue
        later = [found for found in (text.find("様", reach), text.find("殿", reach)) if found >= 0]
        if not later:
            kept.append(text[at:])
            break
        start = max(at + 1, min(later) - _NAME_CHARACTERS)  # the first place a name could start from
        kept.append(text[at:start])
        at = start
    return "".join(kept)
