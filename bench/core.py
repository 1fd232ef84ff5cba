"""Side-by-side timings of the lint core with and without one of its speed devices, in one process, the
variants alternated round by round (so load on the machine hits both alike). Prints one table.

    .venv/bin/python bench/core.py gc          # the garbage collector left alone, or paused per lint

Work: the single messages of examples/ and the corpus (each linted as an e-mail draft would be), the files
of the 10,000-template tree (``Linter.lint_path``, one process: per-file cost, no start-up), and the 1 MB
text. Times are the process's CPU time (a machine shared with other work slows the wall clock of one variant
more than the other's), the median of the rounds; ``--tree N`` checks the first N tree files (default all);
``--as-cli`` sets the collector as ``teinei check`` does for its whole run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from inputs import build, corpus_texts
from teinei.linter import Linter


def _variants(name: str) -> dict[str, Callable[[], contextlib.AbstractContextManager[None]]]:
    """Each variant: a context in which the core runs that way."""
    if name == "gc":
        lint_document = Linter.lint_document

        def paused_lint(self: Linter, *args: object, **kwargs: object) -> object:
            enabled = gc.isenabled()
            gc.disable()
            try:
                return lint_document(self, *args, **kwargs)  # type: ignore[arg-type]
            finally:
                if enabled:
                    gc.enable()

        @contextlib.contextmanager
        def paused() -> Iterator[None]:
            Linter.lint_document = paused_lint  # type: ignore[method-assign]
            try:
                yield
            finally:
                Linter.lint_document = lint_document  # type: ignore[method-assign]

        return {"gc left alone (today)": contextlib.nullcontext, "gc paused per lint": paused}
    raise SystemExit(f"unknown comparison {name!r} (gc)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("comparison", choices=["gc"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tree", type=int, default=None, help="tree files checked (default: all 10,000)")
    parser.add_argument("--as-cli", action="store_true",
                        help="the collector set as `teinei check` sets it for a run (frozen, high threshold)")
    options = parser.parse_args()
    inputs = build()
    linter = Linter(today="2026-11-20")
    texts = corpus_texts()
    tree = sorted(p for p in inputs.tree.rglob("*") if p.is_file())[: options.tree]
    big = inputs.text_1mb.read_text(encoding="utf-8")
    linter.lint(texts[0])  # rules, tagger and tables loaded before any timing
    linter.lint(big)  # and the long text's words known: the first variant timed pays no first sight
    if options.as_cli:
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)
    work: dict[str, Callable[[], object]] = {
        f"{len(texts)} single messages (ms each)": lambda: [linter.lint(t) for t in texts],
        f"{len(tree)} tree files (ms each)": lambda: [linter.lint_path(p) for p in tree],
        "1 MB text (s)": lambda: linter.lint(big),
    }
    scale = {0: 1000 / len(texts), 1: 1000 / max(1, len(tree)), 2: 1.0}
    variants = _variants(options.comparison)
    times: dict[tuple[str, str], list[float]] = {}
    findings: dict[str, object] = {}
    for _ in range(options.rounds):
        for label, make in variants.items():
            for number, (item, run) in enumerate(work.items()):
                with make():
                    if not options.as_cli:
                        gc.collect()
                    start = time.process_time()
                    result = run()
                    times.setdefault((item, label), []).append((time.process_time() - start) * scale[number])
                if item.startswith("1 MB"):
                    findings[label] = [(f.rule, f.start, f.end) for f in result]  # type: ignore[attr-defined]
    labels = list(variants)
    print(f"{'work':<34}" + "".join(f"{label:>30}" for label in labels) + f"{'change':>10}")
    for item in work:
        medians = [statistics.median(times[(item, label)]) for label in labels]
        change = (medians[1] - medians[0]) / medians[0] * 100
        print(f"{item:<34}" + "".join(f"{m:>30.2f}" for m in medians) + f"{change:>+9.1f}%")
    same = len({repr(v) for v in findings.values()}) == 1
    print(f"1 MB text: the same findings in every variant: {same}")


if __name__ == "__main__":
    main()
