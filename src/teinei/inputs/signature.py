"""Signature blocks: the ``-- `` delimiter, the boxed signatures Japanese mail ends with (lines of ━ ─ ＝ *
around company, 部署, TEL and Mail), and a plain trailing block of name and contact lines."""

from __future__ import annotations

import re
from collections import deque

from teinei.document import Document, Region, RegionRole, blanked
from teinei.inputs.quotes import QUOTE_LINE
from teinei.lazy_re import lazy

_DELIMITER = lazy(r"^-- ?\r?$", re.M)
_RULE_CHARS = frozenset("-－―‐─━=＝*＊_＿~～■□◆◇◎●○☆★・+#┏┓┗┛┃│┌┐└┘━┳┻")
# A line that only a signature holds: a labelled phone, fax or address, an e-mail address, a URL, a postcode.
_CONTACT = lazy(
    r"(?:TEL|ＴＥＬ|Phone|電話|FAX|ＦＡＸ|携帯|Mobile|直通|内線|E-?mail|Ｅ-?ｍａｉｌ|Mail|ＭＡＩＬ|メール|URL|Web|HP)\s*[:：]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|https?://|www\."
    r"|〒\s*\d{3}-?\d{4}"
    r"|(?<!\d)0\d{1,4}[-－(（]\d{1,4}[-－)）]\d{3,4}(?!\d)",
    re.I,
)
# Prose ends in a sentence mark or a polite predicate; a signature line does not.
_PROSE_END = lazy(r"(?:[。．！？!?]|ます|です|ました|ください|下さい|さい)[\s」』）)]*$")
_BOX_WINDOW = 10  # a contact line must come this soon after the top rule of a box
_MAX_LINES = 25  # a signature is short; a "box" followed by more than this is a section of the message
_WINDOW = 4096  # characters at the end of the text split into lines first (more only when that is not enough)


def _is_rule(line: str) -> bool:
    stripped = line.strip(" \t\u3000\r")
    return len(stripped) >= 5 and all(ch in _RULE_CHARS or ch in " \u3000" for ch in stripped)


def _signature_like(line: str) -> bool:
    stripped = line.strip(" \t\u3000\r")
    return bool(stripped) and len(stripped) <= 60 and not _PROSE_END.search(stripped) and not QUOTE_LINE.match(line)


def _is_contact(line: str) -> bool:
    return _signature_like(line) and bool(_CONTACT.search(line))


class _NeedMore(Exception):
    """The lines read so far do not reach far enough up the text to decide."""


class _Lines(list[tuple[int, str]]):
    """The last lines of the author's part as (offset, line without its break); ``complete`` when they reach
    the top. A signature is found near the end, so only a tail of the text is split into lines."""

    def __init__(self, text: str, end: int, size: int) -> None:
        start = max(0, end - size)
        parts = text[start:end].splitlines(keepends=True)
        offset = start
        if start > 0 and parts:  # the first part may be the end of a longer line
            offset += len(parts[0])
            parts = parts[1:]
        super().__init__()
        for line in parts:
            self.append((offset, line.rstrip("\r\n")))
            offset += len(line)
        self.complete = start == 0


def _walk_up(lines: _Lines, index: int) -> int:
    """The first line of the run of signature-like lines that ends just above ``index``."""
    while index > 0 and (_signature_like(lines[index - 1][1]) or _is_rule(lines[index - 1][1])):
        index -= 1
    if index == 0 and not lines.complete:
        raise _NeedMore
    return index


def find_signature(text: str, end: int) -> int | None:
    """Where the signature in ``text[:end]`` (the author's part) starts, or None."""
    delimiters = deque(_DELIMITER.finditer(text, 0, end), maxlen=1)  # the last one counts
    if delimiters:
        return delimiters[0].start()
    size = _WINDOW
    while True:
        try:
            return _find_in(_Lines(text, end, size))
        except _NeedMore:
            size *= 4


def _find_in(lines: _Lines) -> int | None:
    content = [i for i, (_, line) in enumerate(lines) if line.strip() and not QUOTE_LINE.match(line)]
    if len(content) <= _MAX_LINES and not lines.complete:
        raise _NeedMore  # only the last _MAX_LINES lines with text can start a box
    if not content:
        return None
    # A signature ends the author's part: after it comes no prose (a box of event details followed by
    # 「ご都合をお知らせください。」 is part of the message). Inside a closed box anything goes (a slogan).
    tail_ok = [False] * (len(content) + 1)
    tail_ok[-1] = True
    for position in range(len(content) - 1, -1, -1):
        line = lines[content[position]][1]
        tail_ok[position] = tail_ok[position + 1] and (_signature_like(line) or _is_rule(line))
    for position, index in enumerate(content):
        if len(content) - position > _MAX_LINES or not _is_rule(lines[index][1]):
            continue
        following = content[position + 1 : position + _BOX_WINDOW]
        if not any(_is_contact(lines[i][1]) for i in following):
            continue
        closing = next((p for p in range(position + 2, len(content)) if _is_rule(lines[content[p]][1])), None)
        if tail_ok[position] or (closing is not None and tail_ok[closing + 1]):
            return lines[_walk_up(lines, index)][0]
    # No box: the last paragraph, from the first contact line and the name and company lines above it.
    last = content[-1]
    first = last
    while first > 0 and last - first < _MAX_LINES:  # a longer paragraph is no signature
        above = lines[first - 1][1]
        if not above.strip() or QUOTE_LINE.match(above):
            break
        first -= 1
    if last - first >= _MAX_LINES:
        return None
    if first == 0 and not lines.complete:
        raise _NeedMore
    for index in range(first, last + 1):
        if _is_contact(lines[index][1]):
            return lines[_walk_up(lines, index)][0] if tail_ok[content.index(index)] else None
    return None


def mark_signature(document: Document, end: int | None = None) -> None:
    """Mark the signature of the author's part (``text[:end]``) as not linted."""
    end = len(document.text) if end is None else end
    text = document.text
    quoted = [r for r in document.regions if r.role is RegionRole.QUOTE and r.start < end]
    if quoted:  # a reply header above quoted lines names an address, but it is not the author's signature
        text = blanked(text, [(r.start, min(r.end, end)) for r in quoted], keep="\n", stop=end)
    start = find_signature(text, end)
    if start is None:
        return
    end = min([end] + [r.start for r in quoted if r.start > start])  # a quoted original below it is no signature
    if start < end:
        document.regions.append(Region(start, end, RegionRole.SIGNATURE))
