"""Start-up of a one-shot check (issue 17): the installed ``teinei check`` on one e-mail, with the rules and
settings kept by an earlier run (results cached, and ``--no-cache``), and on the same words as a .txt draft
(``--no-cache``: a pre-send check of a new draft, which reads no e-mail headers), against the floor of this
design: a Python process that loads the fugashi tagger and parses one line. Target: at most 5 times the floor.

    .venv/bin/python bench/startup.py                                   # this checkout
    .venv/bin/python bench/startup.py --baseline /tmp/base/src          # and an older teinei, side by side
    .venv/bin/python bench/startup.py --src /tmp/head/src --runs 21     # code from a worktree (see below)

Every round runs each variant once, in an order that rotates from round to round, so that the load of a
shared machine falls on all of them alike; the table gives the median of the rounds' wall times (start to
exit) and CPU times (user + system, of the child process). Each code runs with its own source folder first on
``PYTHONPATH``, its own cache folders and its own bytecode (written by the warm-up runs into bench/out/, as
an installed teinei has its bytecode compiled). Edits to the measured source folder during a run change
teinei's code fingerprint, and with it every cache key: measure a worktree (``--src``) on a busy checkout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "startup"
PYTHON = sys.executable
FLOOR = "import fugashi; t = fugashi.Tagger(); t('こんにちは')"
TARGET = 5.0  # times the floor
# Each code runs as its installed command does (what a user or a hook runs: it skips ``runpy``, 3 ms of ``-m``):
# a launcher script calling the entry point that code's own pyproject.toml names, run by this Python so that
# the code's source folder comes first on PYTHONPATH.
_ENTRY_POINT = re.compile(r'^teinei\s*=\s*"([\w.]+):(\w+)"', re.M)


@dataclass
class Variant:
    name: str
    command: list[str]
    env: dict[str, str]
    cwd: Path
    status: int  # the exit status every run must have (1 for a check with findings)
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    output: bytes | None = None

    def run(self) -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(self.command, cwd=self.cwd, env=self.env, capture_output=True, check=False)
        self.wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != self.status or done.stderr:
            raise SystemExit(f"{self.name} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
        if self.output is not None and done.stdout != self.output:
            raise SystemExit(f"{self.name}: the output changed between runs")
        self.output = done.stdout


def message() -> bytes:
    """One e-mail with findings: a vague reply, as sent."""
    mail = EmailMessage()
    mail["From"] = "山田 太郎 <yamada@example.co.jp>"
    mail["To"] = "佐藤 花子 <sato@example.com>"
    mail["Subject"] = "Re: 原稿の件"
    mail["Date"] = format_datetime(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))))
    mail.set_content((ROOT / "examples" / "reply-vague.txt").read_text(encoding="utf-8"))
    return bytes(mail)


def environment(label: str, src: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env.update(
        PYTHONPYCACHEPREFIX=str(OUT / label / "pycache"), XDG_CACHE_HOME=str(OUT / label / "xdg"),
        TEINEI_DATE="2026-11-20", NO_COLOR="1",
    )
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def launcher(label: str, src: Path | None) -> Path:
    """A script that runs the entry point ``[project.scripts]`` names in the code's own pyproject.toml, as the
    script pip installs does."""
    found = _ENTRY_POINT.search(((src.parent if src is not None else ROOT) / "pyproject.toml").read_text("utf-8"))
    if found is None:
        raise SystemExit(f"{label}: no teinei entry point in its pyproject.toml")
    script = OUT / label / "teinei"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(f"import sys\nfrom {found[1]} import {found[2]}\nsys.exit({found[2]}())\n", encoding="utf-8")
    return script


def variants(src: Path | None, baseline: Path | None) -> list[Variant]:
    mail = message()
    floor = [PYTHON, "-c", FLOOR]
    found = [Variant("floor: fugashi tagger, one line", floor, environment("floor", None), OUT, 0)]
    for label, code in (("this", src), ("baseline", baseline)):
        if label == "baseline" and code is None:
            continue
        work = OUT / label / "work"
        shutil.rmtree(work, ignore_errors=True)  # (the results cache of an earlier run)
        work.mkdir(parents=True)
        (work / "message.eml").write_bytes(mail)
        shutil.copy(ROOT / "examples" / "reply-vague.txt", work / "draft.txt")  # the same words, as a draft
        env = environment(label, code)
        teinei = [PYTHON, str(launcher(label, code)), "check"]
        found.append(Variant(f"{label}: check, cached", [*teinei, "message.eml"], env, work, 1))
        found.append(Variant(f"{label}: check --no-cache", [*teinei, "--no-cache", "message.eml"], env, work, 1))
        found.append(Variant(f"{label}: .txt draft --no-cache", [*teinei, "--no-cache", "draft.txt"], env, work, 1))
    return found


def measure(measured: list[Variant], runs: int) -> dict[str, tuple[float, float]]:
    """Warm every variant up (bytecode written, rules compiled, settings and results kept), then run ``runs``
    alternated rounds: the median wall and CPU seconds of each, by name."""
    OUT.mkdir(parents=True, exist_ok=True)
    for variant in measured:
        for _ in range(2):
            variant.run()
        variant.wall.clear()
        variant.cpu.clear()
    outputs = {v.name.split(":")[0]: v.output for v in measured if "cached" in v.name}
    for variant in measured:
        if "check --no-cache" in variant.name and variant.output != outputs[variant.name.split(":")[0]]:
            raise SystemExit(f"{variant.name}: not the output of the cached check")
    for round_ in range(runs):
        shift = round_ % len(measured)
        for variant in measured[shift:] + measured[:shift]:
            variant.run()
    return {v.name: (statistics.median(v.wall), statistics.median(v.cpu)) for v in measured}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="rounds (each variant once per round; median)")
    parser.add_argument("--src", type=Path, help="the source folder of the teinei to measure [default: this one]")
    parser.add_argument("--baseline", type=Path, help="the source folder of a teinei to compare with")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    medians = measure(variants(args.src, args.baseline), args.runs)
    floor_wall, floor_cpu = next(iter(medians.values()))
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.runs} alternated rounds, "
          f"bytecode compiled; 1-minute load {load:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(f"{'':34}{'wall ms':>9}{'× floor':>9}{'CPU ms':>9}{'× floor':>9}")
    for name, (wall, cpu) in medians.items():
        print(f"{name:34}{wall * 1000:9.0f}{wall / floor_wall:8.1f}×{cpu * 1000:9.0f}{cpu / floor_cpu:8.1f}×")
    print(f"target: at most {TARGET:.0f}× the floor")


if __name__ == "__main__":
    main()
