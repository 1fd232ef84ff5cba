"""Quoted reply text: ``>`` lines and everything after a reply header are context, not the author's words.

Reply headers are found here rather than with mail-parser-reply. That library was tried: of the Japanese
forms below it knows only Gmail's 「2024年12月1日(日) 10:00 名前 <addr>:」, and only with ASCII brackets
and single spaces; it misses Outlook's 差出人:/送信日時: block, Apple Mail's 「…のメール:」 and Thunderbird's
「…さんは書きました:」; and it rewrites the text it reads (strips every line, joins CRLF), so its results
cannot be mapped back to the offsets every finding here is reported at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from teinei.document import Document, Region, RegionRole
from teinei.lazy_re import lazy

_QUOTE_MARKS = ">＞≫"
QUOTE_LINE = lazy(rf"^[ \t\u3000]*[{_QUOTE_MARKS}].*$", re.M)

_DASHES = r"[-－―‐ー─━=＝_＿]{2,}"
# -----Original Message----- (Outlook), -------- Forwarded Message -------- (Thunderbird), ----- 元のメッセージ -----
_SEPARATOR = lazy(
    rf"^[ \t\u3000]*{_DASHES}[ \t\u3000]*"
    r"(?:(?P<reply>Original Message|Original|元のメッセージ|オリジナル ?メッセージ|返信元の?メッセージ)"
    r"|(?P<forward>Forwarded [Mm]essage|Forwarded|Forward|転送(?:された)?メッセージ|転送メール))"
    rf"[ \t\u3000]*{_DASHES}[ \t\u3000]*\r?$",
    re.M | re.I,
)
_DATE = r"\d{4}[ \t]*[年/／.\-][ \t]*\d{1,2}[ \t]*[月/／.\-][ \t]*\d{1,2}"
_MARKER = (
    r"(?:[>＞]|\bwrote|\bwrites|書きました|書き込みました|のメール|からのメール|のメッセージ)[ \t]*[:：][ \t]*\r?$"
)
_NEXT_LINE = r"(?:\r?\n(?![ \t\u3000]*[>＞≫])[^\n]{0,300}?)?"  # a header that the client wrapped
_HEADERS = (
    # On Mon, Dec 1, 2024 at 10:00 AM Taro Yamada <taro@example.com> wrote:   (may wrap onto a second line)
    lazy(r"^[ \t]*On[ \t][^\n]{1,300}?" + _NEXT_LINE + _MARKER, re.M),
    # 2024年12月1日(日) 10:00 山田太郎 <taro@example.com>:          (Gmail)
    # 2024/12/01 10:00、山田太郎 <taro@example.com>のメール:         (Apple Mail, iPhone)
    # 2024/12/01 10:00 に 山田太郎 さんは書きました:                 (Thunderbird)
    lazy(rf"^[ \t]*{_DATE}[^\n]{{0,200}}?" + _NEXT_LINE + _MARKER, re.M),
    # 山田太郎 <taro@example.com> wrote: / 山田太郎 さんは書きました:
    lazy(
        r"^(?![ \t\u3000]*[>＞≫])[^\n]{1,200}?(?:\bwrote|\bwrites|は書きました|書き込みました)[ \t]*[:：][ \t]*\r?$",
        re.M,
    ),
)
# How that form's lines end. (The word boundary is tested after the first letter, so that every alternative
# starts with a character and ``re`` can skip ahead to where one occurs.)
_WROTE_END = lazy(r"(?:w(?<!\w.)r(?:ote|ites)|は書きました|書き込みました)[ \t]*[:：][ \t]*\r?$", re.M)
# Outlook writes the original's header fields instead: 差出人: … / 送信日時: … / 宛先: … / 件名: …
_FIELD_SOURCE = (
    r"^[ \t]*\*?(?:(?P<sender>From|差出人|送信者)|(?P<date>Sent|Date|送信日時|日時|日付)"
    r"|(?P<other>To|Cc|Subject|宛先|件名))\*?[ \t]*[:：]"
)
_FIELD = lazy(_FIELD_SOURCE, re.I)
# Two header-field lines in a row, the least a block needs (line breaks as ``str.splitlines`` reads them).
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_FIELD_LINE = re.sub(r"\(\?P<\w+>", "(?:", _FIELD_SOURCE.removeprefix("^"))
_FIELD_PAIR = lazy(
    rf"(?:\A|(?<=[{_BREAKS}])){_FIELD_LINE}[^{_BREAKS}]*(?:\r\n|[{_BREAKS}]){_FIELD_LINE}", re.I
)
_RULE = lazy(r"^[ \t\u3000]*[-－―‐─━=＝_＿*＊]{5,}[ \t\u3000]*$")


class _Header(NamedTuple):
    """A block of quoted header fields (From:, Date:…) in the text, and whether it opens a forward."""

    start: int
    end: int
    forward: bool


def _field_blocks(text: str) -> list[_Header]:
    """Runs of two or more header-field lines naming a sender and a date or subject. A run at the very top
    is a memo's To:/From: lines, not a quoted original, so some authored text must come before it."""
    if _FIELD_PAIR.search(text) is None:  # most messages: no line-by-line reading needed
        return []
    return _field_blocks_of_lines(text)


def _field_blocks_of_lines(text: str) -> list[_Header]:
    found: list[_Header] = []
    run: list[tuple[int, int, set[str]]] = []
    text_before_run = seen_text = False

    def close() -> None:
        labels = set().union(*(k for _, _, k in run)) if run else set()
        if len(run) >= 2 and text_before_run and "sender" in labels and labels & {"date", "other"}:
            found.append(_Header(run[0][0], run[-1][1], False))

    offset = 0
    for line in text.splitlines(keepends=True):
        match = _FIELD.match(line)
        if match:
            if not run:
                text_before_run = seen_text
            run.append((offset, offset + len(line.rstrip("\r\n")), {k for k, v in match.groupdict().items() if v}))
        else:
            close()
            run = []
            if line.strip() and not QUOTE_LINE.match(line):
                seen_text = True
        offset += len(line)
    close()
    return found


def _wrote_lines(text: str) -> Iterator[re.Match[str]]:
    """``_HEADERS[2].finditer(text)``: that form can start anywhere on a line, so it is tried only at the start
    of the lines that end the way it must (「…wrote:」「…は書きました：」), not on every line."""
    pattern, tried = _HEADERS[2], -1
    for end in _WROTE_END.finditer(text):
        start = text.rfind("\n", 0, end.start()) + 1
        if start != tried:
            tried = start
            found = pattern.match(text, start)
            if found is not None:
                yield found


# What each form of header cannot do without: a separator line one of these words (whatever their case), a
# header line ending in a marker one of these (and a colon), header fields their colons. Most messages hold
# no header, and are then never searched: compiling the patterns is about 2 ms of a one-shot check.
_SEPARATOR_WORDS = ("original", "forward", "メッセージ", "転送")
_MARKER_WORDS = (">", "＞", "wrote", "writes", "書きました", "書き込みました", "のメール", "のメッセージ")


def find_headers(text: str) -> list[_Header]:
    """Reply and forward headers, earliest first."""
    headers: list[_Header] = []
    lowered = text.lower()
    if any(word in lowered for word in _SEPARATOR_WORDS):
        headers.extend(_Header(m.start(), m.end(), m.group("forward") is not None) for m in _SEPARATOR.finditer(text))
    if ":" in text or "：" in text:
        if any(word in text for word in _MARKER_WORDS):
            for pattern in _HEADERS[:2]:
                headers.extend(_Header(m.start(), m.end(), False) for m in pattern.finditer(text))
            headers.extend(_Header(m.start(), m.end(), False) for m in _wrote_lines(text))
        headers.extend(_field_blocks(text))
    headers.sort(key=lambda h: (h.start, -h.end))
    return headers


_BLANKS = lazy(r"[\r\n \t\u3000]*")


def _followed_by_quote_lines(text: str, end: int) -> bool:
    """Whether the first non-blank line after ``end`` is a ``>`` line (an inline reply follows the header)."""
    at = _BLANKS.match(text, end).end()  # not a copy of the rest of the text for every header
    return at < len(text) and text[at] in ">＞≫"


def _include_rule_above(text: str, start: int) -> int:
    """Outlook puts a line of underscores right above its header fields; that line belongs to the quote."""
    if start == 0:
        return start
    above_start = text.rfind("\n", 0, start - 1) + 1
    return above_start if _RULE.match(text[above_start : start - 1].rstrip("\r")) else start


# A deadline the other side set in the quoted original (「12月5日までに」「本日中に」): a reply that promises
# to meet it (「承知しました。お送りいたします。」) refers to that date and need not repeat it.
QUOTED_DEADLINE = lazy(
    r"(?:[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日|[0-9０-９]{1,2}\s*[/／]\s*[0-9０-９]{1,2}|[0-9０-９]{1,2}\s*日"
    r"|本日|今日|明日|明後日|今週|来週|月末|週明け|[月火水木金土日]曜日?)"
    r"[^。\n]{0,12}?(?:まで|迄|中に|締め?切|〆切|期限)"
)


def mark_quotes(document: Document) -> int:
    """Mark quoted lines and the text after a reply header; returns where the author's own part ends."""
    text = document.text
    quoted = any(mark in text for mark in _QUOTE_MARKS)
    regions = [Region(m.start(), m.end(), RegionRole.QUOTE) for m in QUOTE_LINE.finditer(text)] if quoted else []
    tail = len(text)
    covered = 0
    for header in find_headers(text):
        if header.start < covered:
            continue
        if header.forward:
            document.facts.add("forward")
        else:
            document.facts.add("reply")
        if _followed_by_quote_lines(text, header.end):
            regions.append(Region(header.start, header.end, RegionRole.QUOTE))
            covered = header.end
            continue
        tail = _include_rule_above(text, header.start)
        regions.append(Region(tail, len(text), RegionRole.QUOTE))
        break
    if any(r.role is RegionRole.QUOTE and QUOTE_LINE.match(text, r.start) for r in regions):
        document.facts.add("reply")
    if any(QUOTED_DEADLINE.search(text, r.start, r.end) for r in regions):
        document.facts.add("quoted-deadline")
    document.regions.extend(regions)
    return tail
