"""A progress bar with rate and ETA on standard error, only when it is a terminal (a pipe or a log file gets
nothing): bytes of the archive done, and mails per second."""

from __future__ import annotations

import sys
import time
from typing import Any


class Progress:
    def __init__(self, total_bytes: int, *, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.mails = 0
        self.started = time.monotonic()
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total_bytes, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr,
                desc="監査", dynamic_ncols=True,
            )

    def advance(self, size: int, mails: int) -> None:
        self.mails += mails
        if self._bar is not None:
            rate = self.mails / max(time.monotonic() - self.started, 1e-9)
            self._bar.set_postfix_str(f"{self.mails:,} 通, {rate:,.0f} 通/秒", refresh=False)
            self._bar.update(size)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
