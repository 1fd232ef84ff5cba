"""Measurements made inside a fresh process, printed as one JSON line for ``bench/run.py``.

``lint FILE``: ``Linter.lint`` time on the file's text, and the process's peak memory: total (VmHWM), the
part that is the MeCab dictionary mapped from disk (RssFile), and the heap (RssAnon, sampled every 5 ms).
``throughput FILE RUNS``: ``Linter.lint`` against raw fugashi tokenization of the same text, alternated.
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from pathlib import Path


def _status() -> dict[str, int]:
    """Memory figures of this process in MB (Linux /proc; zeros elsewhere)."""
    wanted = {"VmHWM", "VmRSS", "RssAnon", "RssFile"}
    found = dict.fromkeys(wanted, 0)
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in wanted:
                    found[key] = int(value.split()[0]) // 1024
    except OSError:
        pass
    return found


class _HeapPeak:
    """The highest RssAnon seen by a background thread (the kernel keeps no peak for it)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _status()["RssAnon"])
            time.sleep(0.005)

    def __enter__(self) -> _HeapPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _status()["RssAnon"])


# The default bound on one regular expression search (1 s) is meant for a message; a search over a
# 10 MB text legitimately takes longer, and a rule cut short would flatter the figures.
REGEX_TIMEOUT = 600.0


def lint(path: str) -> dict[str, float]:
    from teinei.linter import Linter

    linter = Linter(regex_timeout=REGEX_TIMEOUT)
    linter.lint("お世話になっております。資料をお送りします。")  # rules compiled, dictionary opened
    # Read as bytes and decoded: ``read_text``'s incremental decoder leaves about 1.4 times the text's size of
    # freed memory in the heap, which would be counted here as the linter's.
    text = Path(path).read_bytes().decode("utf-8")
    before = _status()
    with _HeapPeak() as heap:
        start = time.perf_counter()
        result = linter.lint(text)
        seconds = time.perf_counter() - start
    after = _status()
    return {
        "seconds": seconds,
        "mb": len(text.encode("utf-8")) / 1e6,
        "findings": len(result.findings),
        "errors": len(result.errors),
        "peak_total_mb": after["VmHWM"],
        "dictionary_mb": after["RssFile"],
        "peak_heap_mb": heap.peak,
        "heap_before_mb": before["RssAnon"],
    }


def raw_tokenize(text: str) -> int:
    """What any token rule needs at the least: a Tagger over the text, each token's surface and features."""
    from teinei.tokens import tagger

    count = 0
    for node in tagger()(text):
        _ = node.surface, node.feature_raw
        count += 1
    return count


def throughput(path: str, runs: int) -> dict[str, float]:
    from teinei.linter import Linter

    text = Path(path).read_text(encoding="utf-8")
    size = len(text.encode("utf-8")) / 1e6
    linter = Linter(regex_timeout=REGEX_TIMEOUT)
    raw_tokenize(text)  # warm: dictionary pages read, per-word decisions made, as in a long run
    linter.lint(text)
    lint_times, raw_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        raw_tokenize(text)
        raw_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        linter.lint(text)
        lint_times.append(time.perf_counter() - start)
    return {
        "mb": size,
        "lint_mb_s": size / statistics.median(lint_times),
        "raw_mb_s": size / statistics.median(raw_times),
    }


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "lint":
        print(json.dumps(lint(args[0])))
    elif command == "throughput":
        print(json.dumps(throughput(args[0], int(args[1]))))
    else:
        raise SystemExit(f"unknown probe {command!r}")
