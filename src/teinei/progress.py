"""The progress line of ``teinei check`` on standard error: 「確認中 [=====     ] 1,234/3,000 ファイル」.

Only on a terminal, for more than one file, and only once a run has taken about a second: a quick check,
a single file (the line could only say 1/1), a pipe, a log file or ``--quiet`` get nothing extra (3,000
files took 20 s of silence). The line is rewritten in place, and cleared before any other line is written to
standard error and before the report."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

AFTER_SECONDS = 1.0  # a run shorter than this shows nothing
EVERY_SECONDS = 0.1  # redrawn at most this often
_CLEAR = "\r\x1b[K"  # back to the start of the line, erase it


class ProgressLine:
    def __init__(self, total: int, *, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 1 and _is_terminal(self.stream)
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False

    def advance(self, done: int) -> None:
        """``done`` files of ``total`` are finished."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < AFTER_SECONDS or (now - self.drawn_at < EVERY_SECONDS and done < self.total):
            return
        self.drawn_at = now
        counts = f" {done:,}/{self.total:,} ファイル"
        room = _columns(self.stream) - len("確認中 []") - 2 - len(counts) - 6  # (CJK: two columns each)
        size = max(0, min(30, room))
        filled = size * done // self.total
        bar = f" [{'=' * filled}{' ' * (size - filled)}]" if size >= 5 else ""
        self.stream.write(f"{_CLEAR}確認中{bar}{counts}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the line (before another line goes to standard error, and at the end of the run)."""
        if self.shown:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self.shown = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80  # (0: a terminal that never said its size)
    except (AttributeError, OSError, ValueError):
        return 80
