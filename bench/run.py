"""Performance benchmark: prints one table with every figure of the performance targets.

    .venv/bin/python bench/run.py            # every figure, medians of several runs (about 10 minutes)
    .venv/bin/python bench/run.py --quick    # one run of each slow figure (for a first look)

Inputs are built from examples/ and the labeled corpus into bench/out/ (see bench/inputs.py). The command
line is timed from process start to exit with the interpreter running this script (use the project's
virtualenv python, not a version-manager shim, whose own start-up would be counted). Nothing here is a
test: figures depend on the machine and on what else runs on it, so the machine and its load are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inputs  # bench/ is not a package: its modules are imported from its folder
import startup as startup_bench

PYTHON = sys.executable
TEINEI = [PYTHON, "-m", "teinei"]
PROBE = str(Path(__file__).resolve().parent / "probe.py")
WORK = inputs.OUT / "work"  # the current folder of timed runs: .teinei_cache/ goes there
# Timed runs use compiled bytecode, as an installed teinei does (pip compiles it on install). It is kept in
# bench/out/ so that the source tree stays clean, even where PYTHONDONTWRITEBYTECODE is set.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(inputs.OUT / "pycache")


@dataclass
class Row:
    figure: str
    teinei: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None


def _run(command: Sequence[str], *, cwd: Path = WORK, stdin: bytes | None = None) -> tuple[float, bytes]:
    """Wall time of a command, from start to exit, and its standard output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, check=False, env=ENV)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    return seconds, done.stdout


def _median(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def _probe(*args: str) -> dict[str, float]:
    done = subprocess.run([PYTHON, PROBE, *args], cwd=WORK, capture_output=True, check=True, text=True, env=ENV)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cache_entries() -> int:
    folder = WORK / ".teinei_cache"
    return sum(1 for _ in folder.rglob("*.json")) if folder.is_dir() else 0


def machine() -> list[str]:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), model)
    except OSError:
        model = platform.processor() or model
    cores = os.cpu_count() or 1
    return [
        f"machine: {cores} cores (nproc), {model}, {platform.system()} {platform.release()}",
        f"python:  {platform.python_version()} ({PYTHON})",
    ]


def load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return -1.0


def wait_for_quiet(limit: float, patience: float) -> None:
    """Wait (at most ``patience`` seconds) for the 1-minute load average to drop below ``limit``."""
    deadline = time.monotonic() + patience
    while load() > limit and time.monotonic() < deadline:
        print(f"  load {load():.2f} > {limit}: waiting for a quieter machine…", file=sys.stderr)
        time.sleep(20)


def startup(runs: int) -> list[Row]:
    """(a): ``bench/startup.py``'s alternated rounds, against the floor of this design (a process that loads
    the fugashi tagger and parses one line)."""
    medians = startup_bench.measure(startup_bench.variants(None, None), runs)
    (floor, _), (warm, _), (cold, _), (draft, _) = medians.values()
    floor_text = f"fugashi tagger, one line {floor * 1000:.0f} ms"
    target = startup_bench.TARGET
    return [
        Row("(a) one e-mail, `teinei check`, rules and settings kept", f"{warm * 1000:.0f} ms", floor_text,
            f"{warm / floor:.1f}x", f"<= {target:.0f}x", warm <= target * floor),
        Row("    the same, `--no-cache` (linted)", f"{cold * 1000:.0f} ms", "", f"{cold / floor:.1f}x", "", None),
        Row("    its words as a .txt draft, `--no-cache`", f"{draft * 1000:.0f} ms", "", f"{draft / floor:.1f}x", "",
            None),
    ]


def throughput(runs: int, text: Path) -> list[Row]:
    found = _probe("throughput", str(text), str(runs))
    ratio = found["lint_mb_s"] / found["raw_mb_s"]
    return [
        Row(f"(b) Linter.lint, {found['mb']:.1f} MB text", f"{found['lint_mb_s']:.2f} MB/s",
            f"raw fugashi {found['raw_mb_s']:.2f} MB/s", f"{ratio:.2f}x", ">= 0.50x", ratio >= 0.5),
    ]


def tree(runs: int, folder: Path) -> tuple[list[Row], bytes]:
    outputs: dict[int, bytes] = {}

    def timed(jobs: int) -> float:
        seconds, outputs[jobs] = _run([*TEINEI, "check", "--no-cache", "--jobs", str(jobs), str(folder)])
        return seconds

    # Alternated, so that a spell of other work on the machine slows both alike rather than one of them.
    pairs = [(timed(1), timed(2)) for _ in range(runs)]
    one, two = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    if outputs[1] != outputs[2]:
        raise SystemExit("--jobs 2 printed something else than --jobs 1")
    speedup = one / two
    files = inputs.TREE_FILES
    return [
        Row(f"(c) {files:,}-file tree, --jobs 1", f"{one:.1f} s", "", f"{files / one:.0f} files/s", "", None),
        Row(f"    {files:,}-file tree, --jobs 2", f"{two:.1f} s", "--jobs 1", f"{speedup:.2f}x faster", ">= 1.70x",
            speedup >= 1.7),
    ], outputs[1]


def recheck(runs: int, folder: Path, expected: bytes) -> list[Row]:
    """Fill the cache, then check the unchanged tree again. Somebody editing teinei's code meanwhile
    changes every key (the code is part of them): such a round is detected and run again."""
    for _attempt in range(3):
        shutil.rmtree(WORK / ".teinei_cache", ignore_errors=True)
        fill, output = _run([*TEINEI, "check", str(folder)])
        entries = _cache_entries()
        times = []
        for _ in range(runs):
            seconds, again = _run([*TEINEI, "check", str(folder)])
            times.append(seconds)
            if again != expected or output != expected:
                raise SystemExit("the cached re-check printed something else than the first check")
        if _cache_entries() == entries:  # nothing was linted again: every result came from the cache
            seconds = statistics.median(times)
            return [
                Row("(d) the same tree again, unchanged (cache)", f"{seconds:.2f} s", f"first run {fill:.1f} s",
                    f"{fill / seconds:.0f}x faster", "< 1 s", seconds < 1.0),
            ]
        print("  teinei's code changed during the cache measurement; measuring again", file=sys.stderr)
    raise SystemExit("the cache could not be measured: teinei's code kept changing")


def growth(runs: int, small: Path, large: Path) -> list[Row]:
    one = [_probe("lint", str(small)) for _ in range(runs)]
    ten = [_probe("lint", str(large)) for _ in range(runs)]
    t1 = statistics.median(r["seconds"] for r in one)
    t10 = statistics.median(r["seconds"] for r in ten)
    peak = max(ten, key=lambda r: r["peak_total_mb"])
    heap = statistics.median(r["peak_heap_mb"] for r in ten)
    errors = sum(r["errors"] for r in one + ten)
    rows = [
        Row(f"(e) Linter.lint {ten[0]['mb']:.0f} MB vs {one[0]['mb']:.0f} MB", f"{t10:.1f} s",
            f"{t1:.2f} s", f"{t10 / t1:.1f}x", "<= 12x", t10 / t1 <= 12),
        Row(f"(f) peak memory, {ten[0]['mb']:.0f} MB text (total RSS)", f"{peak['peak_total_mb']:.0f} MB",
            f"dictionary pages {peak['dictionary_mb']:.0f} MB", "", "< 300 MB", peak["peak_total_mb"] < 300),
        Row("    of which heap (anonymous memory)", f"{heap:.0f} MB",
            f"{peak['heap_before_mb']:.0f} MB before linting", "", "", None),
    ]
    if errors:
        rows.append(Row("    (rules that timed out)", str(errors), "", "", "", False))
    return rows


def _textlint() -> list[str] | None:
    """The textlint command with the Japanese preset, when node and textlint are installed."""
    if shutil.which("node") is None:
        return None
    local = inputs.ROOT / "node_modules" / ".bin" / "textlint"
    command = str(local) if local.exists() else shutil.which("textlint")
    if command is None:
        return None
    done = subprocess.run([command, "--version"], capture_output=True, check=False, env=ENV)
    return [command, "--preset", "preset-japanese"] if done.returncode == 0 else None


def textlint(runs: int, email_text: Path, folder: Path) -> list[Row]:
    """textlint with its Japanese preset on the same e-mail (as text) and the same tree, when installed."""
    command = _textlint()
    if command is None:
        return [Row("textlint (preset-japanese)", "skipped: node or textlint not installed")]
    one = _median(runs, lambda: _run([*command, str(email_text)])[0])
    many = _run([*command, str(folder)])[0]
    teinei_one = _median(runs, lambda: _run([*TEINEI, "check", "--no-cache", str(email_text)])[0])
    teinei_tree = _run([*TEINEI, "check", "--no-cache", str(folder)])[0]
    return [
        Row("textlint, one e-mail", f"{one * 1000:.0f} ms", f"teinei {teinei_one * 1000:.0f} ms",
            f"teinei {one / teinei_one:.1f}x faster", "", None),
        Row("textlint, the tree", f"{many:.1f} s", f"teinei {teinei_tree:.1f} s",
            f"teinei {many / teinei_tree:.1f}x faster", "", None),
    ]


def table(rows: list[Row]) -> str:
    header = Row("figure", "teinei", "reference", "ratio", "target")
    cells = [
        [r.figure, r.teinei, r.reference, r.ratio, r.target, "" if r.met is None else ("met" if r.met else "MISSED")]
        for r in [header, *rows]
    ]
    cells[0][5] = ""
    widths = [max(len(c[i]) for c in cells) for i in range(6)]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(6)).rstrip() for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one run of each slow figure")
    parser.add_argument("--runs", type=int, default=15, help="runs of each start-up figure (median)")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of each slow figure (median)")
    parser.add_argument("--quiet-load", type=float, default=0.5, help="wait for the load average to drop below")
    parser.add_argument("--patience", type=float, default=0, help="seconds to wait for that (0: do not wait)")
    args = parser.parse_args(argv)
    slow = 1 if args.quick else args.slow_runs
    fast = 5 if args.quick else args.runs

    print("building inputs in bench/out/ …", file=sys.stderr)
    built = inputs.build()
    WORK.mkdir(parents=True, exist_ok=True)
    email_text = WORK / "message.txt"
    email_text.write_text((inputs.ROOT / "examples" / "good-request.txt").read_text(encoding="utf-8"), encoding="utf-8")
    if args.patience:
        wait_for_quiet(args.quiet_load, args.patience)
    load_before = load()
    rows: list[Row] = []
    print("(a) start-up …", file=sys.stderr)
    rows += startup(fast)
    print("(b) throughput …", file=sys.stderr)
    rows += throughput(max(slow, 5), built.text_1mb)  # a ratio of two timings: more runs, less noise
    print("(c) the tree, --jobs 1 and 2 …", file=sys.stderr)
    tree_rows, expected = tree(slow, built.tree)
    rows += tree_rows
    print("(d) the tree again, cached …", file=sys.stderr)
    rows += recheck(max(slow, 3), built.tree, expected)
    print("(e, f) 1 MB and 10 MB …", file=sys.stderr)
    rows += growth(slow, built.text_1mb, built.text_10mb)
    rows += textlint(slow, email_text, built.tree)
    print()
    print("\n".join(machine()))
    print(f"load:    {load_before:.2f} before, {load():.2f} after (1-minute average)")
    print(f"runs:    median of {fast} (start-up) and {slow} (others), bytecode compiled as after an install")
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
