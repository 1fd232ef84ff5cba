"""What the one time bound on rule expressions costs: in-process lint times of a short message and of long
texts, medians of several runs. CPU time of this process, not the clock: on
a shared, loaded machine the clock mostly measures the other processes.

    .venv/bin/python bench/time_bound.py [--runs 7]

Run it with PYTHONPATH pointing at another checkout's src/ to compare two versions on the same inputs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inputs  # bench/ is not a package: its modules are imported from its folder


def _median_ms(runs: int, lint, text: str) -> float:  # lint: Linter.lint
    times = []
    for _ in range(runs):
        start = time.process_time()
        lint(text)
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    import teinei
    from teinei import Linter

    texts = inputs.corpus_texts()
    linter = Linter(today="2026-11-20")
    short = texts[0]
    linter.lint(short)  # load rules and tagger
    print(f"teinei from {Path(teinei.__file__).parent}")
    for label, size in (("short message", 0), ("40 KB text", 40_000), ("200 KB text", 200_000)):
        text = short if size == 0 else inputs._text_of_size(texts, size)
        print(f"{label:>14}: {_median_ms(args.runs, linter.lint, text):9.1f} ms  ({len(text):,} characters)")


if __name__ == "__main__":
    main()
