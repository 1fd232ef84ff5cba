"""Where a source becomes messages, the unit every check, result and cache entry is about.

A ``.txt``, ``.md``, template or ``.eml`` file is one message; an mbox is many, split at its ``From `` lines
as a stream (one message in memory at a time), so ``teinei check`` and ``teinei audit`` read a mailbox the
same way. A message of a mailbox keeps where it is: its place (1-based), its Message-ID and the line of its
``From `` line, so that its findings can be given as lines of the mailbox file, where an editor jumps to.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from teinei.inputs import MAX_BYTES, read_bytes
from teinei.inputs.mbox import is_mailbox, is_separator
from teinei.lazy_re import lazy

if TYPE_CHECKING:
    from teinei.document import Document
    from teinei.findings import MessageRef

_ESCAPED_FROM = lazy(rb"^>(>*From )", re.M)  # mboxrd: body lines that began with "From " were quoted
_HEADER_END = lazy(rb"\r?\n\r?\n")
_MESSAGE_ID = lazy(rb"^Message-ID[ \t]*:[ \t]*((?:[^\r\n]|\r?\n[ \t])*)", re.I | re.M)
TOO_LARGE = f"メールが上限の {MAX_BYTES:,} バイトを超えています"


@dataclass(frozen=True)
class Message:
    """One message's bytes and where it is in its source. ``index`` is 0 for a source that is one message."""

    data: bytes
    index: int = 0  # 1-based place in a mailbox
    offset: int = 0  # byte offset of its ``From `` line (from where the reading started)
    line: int = 1  # line of its ``From `` line (counted from where the reading started)
    problem: str | None = None  # why it cannot be read at all (too large)

    @property
    def message_id(self) -> str | None:
        """The Message-ID header, read from the header block alone (None when there is none)."""
        end = _HEADER_END.search(self.data)
        found = _MESSAGE_ID.search(self.data, 0, end.start() if end else len(self.data))
        if found is None:
            return None
        from teinei.inputs.email import header_text

        return header_text(found[1].decode("utf-8", errors="replace")) or None

    def ref(self) -> MessageRef | None:
        """What names the message in results, reports and cache entries (None for a one-message source)."""
        if not self.index:
            return None
        from teinei.findings import MessageRef

        return MessageRef(index=self.index, line=self.line, id=self.message_id)

    def label(self) -> str:
        """The message as error lines name it (``3 通目のメール <id@example.jp>``)."""
        message_id = self.message_id
        return f"{self.index} 通目のメール" + (f" {message_id}" if message_id else "")


def split_mbox(file: BinaryIO, start: int = 0, end: int | None = None) -> Iterator[Message]:
    """The messages of an mbox file between byte offsets ``start`` (a separator line) and ``end``, one at a
    time: memory is bounded by a message. Each is given without its ``From `` line and the empty line that
    ends it, with ``>From `` body lines read back as ``From ``; one over ``MAX_BYTES`` comes without its bytes
    and with its ``problem``. Offsets and lines are counted from ``start``."""
    file.seek(start)
    offset, line_number = start, 1
    at: tuple[int, int] | None = None  # offset and line of the current message's From line
    lines: list[bytes] = []
    size, index = 0, 0
    after_empty = True
    for line in file:
        if end is not None and offset >= end:
            break
        if is_separator(line, after_empty):
            if at is not None:
                index += 1
                yield _message(index, at, lines, size)
            at, lines, size = (offset, line_number), [], 0
        elif size <= MAX_BYTES:
            lines.append(line)
            size += len(line)
        after_empty = line in (b"\n", b"\r\n")
        offset += len(line)
        line_number += 1
    if at is not None:
        yield _message(index + 1, at, lines, size)


def _message(index: int, at: tuple[int, int], lines: list[bytes], size: int) -> Message:
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]  # the empty line that separates it from the next message
    if size > MAX_BYTES:
        return Message(b"", index, at[0], at[1], problem=TOO_LARGE)
    return Message(_ESCAPED_FROM.sub(rb"\1", b"".join(lines)), index, at[0], at[1])


def messages(data: bytes) -> Iterator[Message]:
    """The messages of a source's bytes: several for an mbox (a separator line first, and another after
    it), else the one message that is the whole source."""
    if is_mailbox(data):
        yield from split_mbox(io.BytesIO(data))
    else:
        yield Message(data)


def document(message: Message, path: str) -> Document:
    """The document of one message, as ``read_bytes`` reads a file of its own; raises ``InputError``. A
    mailbox's message is read as an ``.eml`` file, and when its body's lines are the message's lines (see
    ``email._first_body_line``), they are numbered as lines of the mailbox."""
    if not message.index:
        return read_bytes(message.data, path)
    from teinei.errors import InputError
    from teinei.inputs import nothing

    if message.problem is not None:
        raise InputError(path, message.problem)
    if not message.data.strip():
        raise InputError(path, nothing("メールが空です"))
    from teinei.inputs import _require_authored_text, email

    found = email.parse(message.data, path)  # as an .eml file, whatever the mailbox's name
    _require_authored_text(found)
    if found.first_line > 1:  # the body's lines are the message's: the message starts after its From line
        found.first_line += message.line
    return found


def open_mailbox(path: str) -> BinaryIO | None:
    """The file opened for reading when it opens with an mbox separator line, else None: a mailbox over
    the size limit of one message is still read, a message at a time."""
    from teinei.inputs.mbox import SEPARATOR

    try:
        file = open(path, "rb")  # noqa: SIM115 (returned open, for the caller's with)
    except OSError:
        return None
    if SEPARATOR.match(file.readline(4096)) is None:
        file.close()
        return None
    return file
