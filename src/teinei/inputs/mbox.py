"""mbox: the ``From `` separator lines that split a mailbox file into messages.

A separator opens the file or follows an empty line, and carries the envelope sender and a time
(``From sato@example.jp Thu Nov 19 18:02:00 2026``): a body line that merely starts with "From " is not one.
"""

from __future__ import annotations

from teinei.lazy_re import lazy

SEPARATOR = lazy(rb"From \S+ +[^\r\n]*\d{1,2}:\d{2}[^\r\n]*\r?\n")
_LATER_SEPARATOR = lazy(rb"\n\r?\nFrom \S+ +[^\r\n]*\d{1,2}:\d{2}")


def is_mailbox(data: bytes) -> bool:
    """Whether bytes are an mbox of several messages: a separator line first and at least one more after it."""
    return SEPARATOR.match(data) is not None and _LATER_SEPARATOR.search(data) is not None


def is_separator(line: bytes, after_empty_line: bool) -> bool:
    """Whether one line (with its newline) opens the next message of a mailbox."""
    return after_empty_line and line.startswith(b"From ") and SEPARATOR.match(line) is not None
