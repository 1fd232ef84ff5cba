"""Audit throughput: mails per second of `teinei audit` on a generated mbox of typical 1-2 KB mails, with
--jobs 1 and 2, and on Dask with one and two worker processes.

    .venv/bin/python bench/audit.py               # 6,000 mails, best of 3 runs per figure
    .venv/bin/python bench/audit.py --mails 2000 --runs 1

The mbox is built from the labeled corpus into bench/out/audit/ (fixed seed: the same bytes on every machine).
Command-line figures are timed from process start to exit (start-up included). The Dask figures use a cluster
started here with worker processes of one thread each: "warm" runs on workers that already hold a linter
(a long-lived cluster), "cold" is the first run of a new cluster's workers. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import mailbox
import os
import platform
import random
import resource
import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inputs  # bench/ is not a package: its modules are imported from its folder

OUT = inputs.OUT / "audit"
TINY_MAILS = 10  # an archive whose run time is the fixed cost of a run
SENDERS = [f"{name}@example.co.jp" for name in ("yamada", "sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe")]
ENV = {**os.environ, "TEINEI_DATE": "2026-11-20", "PYTHONPYCACHEPREFIX": str(inputs.OUT / "pycache")}


def build(count: int) -> tuple[Path, float]:
    """An mbox of ``count`` mails of 1-2 KB each (bodies made of corpus texts); its path and mean mail size."""
    path = OUT / f"sent-{count}.mbox"
    sizes_file = path.with_suffix(".size")
    if path.exists() and sizes_file.exists():
        return path, float(sizes_file.read_text())
    OUT.mkdir(parents=True, exist_ok=True)
    texts = [t.strip() for t in inputs.corpus_texts() if t.strip()]
    rng = random.Random(22)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    box = mailbox.mbox(partial)
    total = 0
    for number in range(count):
        target = rng.randint(1000, 2000)
        body = "株式会社サンプル\n佐藤様\n\nお世話になっております。\n"
        while True:
            candidate = body + "\n" + rng.choice(texts) + "\n"
            if len(candidate.encode()) + 420 > target and len(body) > 40:  # 420: the header, roughly
                break
            body = candidate
        message = EmailMessage()
        message["From"] = rng.choice(SENDERS)
        message["To"] = "customer@example.com"
        message["Subject"] = f"お見積りの件（No.{number}）"
        sent = dt.datetime(2026, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=9))) + dt.timedelta(hours=number)
        message["Date"] = format_datetime(sent)
        message["Message-ID"] = f"<{number}@example.co.jp>"
        message.set_content(body)
        data = bytes(message)
        total += len(data)
        box.add(data)
    box.close()
    os.replace(partial, path)
    sizes_file.write_text(str(total / count))
    return path, total / count


def eml_folder(archive: Path, count: int) -> Path:
    """The first ``count`` mails of the archive as .eml files, for `teinei check` to compare with."""
    folder = OUT / f"eml-{archive.stem}-{count}"
    if not folder.exists():
        partial = folder.with_suffix(".partial")
        partial.mkdir(parents=True, exist_ok=True)
        for number, message in zip(range(count), mailbox.mbox(archive, create=False), strict=False):
            (partial / f"{number:06d}.eml").write_bytes(message.as_bytes())
        os.replace(partial, folder)
    return folder


def _best(command: list[str], runs: int, *, check: bool) -> tuple[float, float]:
    """The best wall time of ``runs`` runs of ``teinei COMMAND`` (best: the least disturbed by other load), and
    the processor time it used (its worker processes included), which other load disturbs much less."""
    best, cpu = float("inf"), float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "teinei", *command], env=ENV, check=check,
                       stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if wall < best:
            best = wall
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return best, cpu


def check_timed(folder: Path, runs: int) -> tuple[float, float]:
    """`teinei check --no-cache --jobs 1` on a folder (it exits 1 on findings): wall and processor seconds."""
    return _best(["check", "--no-cache", "--jobs", "1", "--format", "json", str(folder)], runs, check=False)


def timed(args: list[str], runs: int) -> tuple[float, float]:
    """`teinei audit ARGS` to JSON: wall and processor seconds, as ``_best``."""
    return _best(["audit", "--format", "json", "-o", os.devnull, *args], runs, check=True)


def on_cluster(workers: int, archive: Path, tiny: Path, runs: int) -> tuple[float, float, float]:
    """(cold, warm) wall times of the command line on a cluster of ``workers`` processes started here, and
    the warm time of an archive of a few mails: what a run costs whatever its size (start-up, connection)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        cold = timed(["--dask", cluster.scheduler_address, str(archive)], 1)[0]
        warm = timed(["--dask", cluster.scheduler_address, str(archive)], runs)[0]
        fixed = timed(["--dask", cluster.scheduler_address, str(tiny)], runs)[0]
    return cold, warm, fixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    archive, mean = build(options.mails)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{platform.processor() or platform.machine()}, {cores} cores, load {os.getloadavg()[0]:.2f}; "
          f"Python {platform.python_version()}")
    print(f"{options.mails:,} mails in one mbox, {archive.stat().st_size / 1e6:.1f} MB, {mean:,.0f} bytes a mail\n")
    rows: list[tuple[str, float, float | None]] = []  # (run, wall seconds, processor seconds)
    for jobs in (1, 2):
        rows.append((f"--jobs {jobs}", *timed(["--jobs", str(jobs), str(archive)], options.runs)))
    rows.append(("--dask local --jobs 2 (cluster started by the run)",
                 timed(["--dask", "local", "--jobs", "2", str(archive)], options.runs)[0], None))
    tiny, _ = build(TINY_MAILS)
    dask: dict[int, float] = {}
    fixed: dict[int, float] = {}
    for workers in (1, 2):
        cold, warm, fixed[workers] = on_cluster(workers, archive, tiny, options.runs)
        dask[workers] = warm
        name = f"Dask, {workers} worker process{'es' if workers > 1 else ''}"
        rows += [(f"{name}, cold", cold, None), (f"{name}, warm", warm, None)]
    width = max(len(row[0]) for row in rows)
    print(f"{'run':<{width}}  {'seconds':>8}  {'mails/s':>8}  {'mails/CPU-s':>11}")
    for name, seconds, cpu in rows:
        per_cpu = f"{options.mails / cpu:11,.0f}" if cpu else f"{'':11}"
        print(f"{name:<{width}}  {seconds:8.2f}  {options.mails / seconds:8,.0f}  {per_cpu}")
    folder = eml_folder(archive, min(1000, options.mails))
    count = len(list(folder.iterdir()))
    check_wall, check_cpu = check_timed(folder, options.runs)
    audit_wall, audit_cpu = timed(["--jobs", "1", str(folder)], options.runs)
    print(f"\nThe first {count:,} mails as .eml files, --jobs 1: `teinei check --no-cache` {check_wall:.2f} s "
          f"({count / check_cpu:,.0f} mails/CPU-s), `teinei audit` {audit_wall:.2f} s "
          f"({count / audit_cpu:,.0f} mails/CPU-s)")
    jobs_ratio = rows[0][1] / rows[1][1]
    print(f"\n--jobs 2 / --jobs 1: {jobs_ratio:.2f}x    Dask 2 workers / 1 worker (warm): {dask[1] / dask[2]:.2f}x")
    work = {n: dask[n] - fixed[n] for n in dask}
    print(f"Dask, what a run of {TINY_MAILS} mails costs: {fixed[1]:.2f} s (1 worker), {fixed[2]:.2f} s (2 workers); "
          f"without it, 2 workers / 1 worker: {work[1] / work[2]:.2f}x")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
