"""Audit throughput: mails per second of `teinei audit` on a generated mbox of typical 1-2 KB mails, with
--jobs 1 and 2, and on Dask with one and two worker processes; and the audit's own cost per mail (all but
linting), side by side with an older teinei.

    .venv/bin/python bench/audit.py                                           # 6,000 mails, 3 rounds
    .venv/bin/python bench/audit.py --mails 3000 --runs 2 --baseline /tmp/base-audit/src
    .venv/bin/python bench/audit.py --src /tmp/head-audit/src --baseline /tmp/base-audit/src

The mbox is built from the labeled corpus into bench/out/audit/ (fixed seed: the same bytes on every machine).
Each code (``--src``, ``--baseline``) runs with its source folder first on PYTHONPATH, its own bytecode
(written by a warm-up run into bench/out/, as an installed teinei has its bytecode compiled) and its own cache
folder. Rounds alternate the codes and the runs, so the load of a shared machine falls on all of them alike;
the table gives each figure's best round (the least disturbed) and the median.

Command-line figures are timed from process start to exit (start-up included), with the processor time of
the process and its workers. Dask figures use a cluster of worker processes of one thread each, started
for each code by a process of its own (its workers import that code) before the timed runs: its workers
already hold their linter when timed, as a long-lived cluster's do (their start-up is excluded). What a run
costs whatever its size (start-up, connecting, loading the rules in the command) is timed on an archive of
10 mails and taken out for the "work" ratio. "audit's own cost per mail" is measured in one process: every
mail audited twice, the second time with each body's lint result taken from a memo, so what is left is
reading, parsing, filtering, fingerprinting and counting. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import mailbox
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inputs  # bench/ is not a package: its modules are imported from its folder

OUT = inputs.OUT / "audit"
SRC = inputs.ROOT / "src"
TINY_MAILS = 10  # an archive whose run time is the fixed cost of a run
SENDERS = [f"{name}@example.co.jp" for name in ("yamada", "sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe")]


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


def environment(label: str, src: Path) -> dict[str, str]:
    """A code's environment: its source first on the path, its own bytecode and caches (see the docstring)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env.update(
        PYTHONPATH=str(src), PYTHONPYCACHEPREFIX=str(OUT / label / "pycache"), XDG_CACHE_HOME=str(OUT / label / "xdg"),
        TEINEI_DATE="2026-11-20",
    )
    return env


def timed(env: dict[str, str], args: list[str], cluster: Cluster | None = None) -> tuple[float, float]:
    """`teinei audit ARGS` to JSON once: wall and processor seconds (its worker processes included, and on
    Dask what the cluster's processes used meanwhile: scheduler, nannies and workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = cluster.processor_seconds() if cluster is not None else 0.0
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "teinei", "audit", "--format", "json", "-o", os.devnull, *args], env=env,
                   check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = cluster.processor_seconds() - used if cluster is not None else 0.0
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime + used


class Cluster:
    """A LocalCluster of ``workers`` processes in a process of its own, started with a code's environment so
    that its workers import that code; its address is read from a file it writes."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        handle, name = tempfile.mkstemp(prefix="teinei-cluster-", dir=OUT)
        os.close(handle)
        self.file = Path(name)
        self.file.unlink()
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve-cluster", str(workers), "--address-file", str(self.file)], env=env,
            stdin=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while not self.file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the Dask cluster did not start")
            time.sleep(0.1)
        self.address = self.file.read_text().strip()

    def processor_seconds(self) -> float:
        """User and system seconds used so far by the cluster's process and every process under it."""
        import psutil  # (a dependency of distributed)

        total = 0.0
        top = psutil.Process(self.process.pid)
        for process in [top, *top.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()  # the cluster's process ends when its standard input does
        self.process.wait(timeout=60)
        self.file.unlink(missing_ok=True)


def serve_cluster(workers: int, address_file: Path) -> None:
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        partial = address_file.with_suffix(".partial")
        partial.write_text(cluster.scheduler_address)
        os.replace(partial, address_file)
        sys.stdin.read()


def overhead(env: dict[str, str], archive: Path) -> tuple[float, float]:
    """(processor ms per mail of an audit in one process, of which the audit's own: all but linting)."""
    done = subprocess.run([sys.executable, __file__, "--overhead-of", str(archive)], env=env, check=True,
                          capture_output=True, text=True)
    total, own = done.stdout.split()
    return float(total), float(own)


def measure_overhead(archive: Path) -> None:
    """Audit every partition of the archive (warm), then again with ``lint_document`` answered from a memo of
    the first pass's results: the second pass costs the audit's own work alone. Best of 3 each."""
    from teinei.audit import sources
    from teinei.audit.work import Settings, audit_partition
    from teinei.linter import Linter
    from teinei.reference import run_date

    settings = Settings(today=run_date(None))
    partitions = sources.plan([str(archive)])
    memo: dict[str, object] = {}
    lint = Linter.lint_document

    def remembered(self: Linter, document: Any, **options: Any) -> Any:  # lint_document, from the memo
        found = memo.get(document.text)
        if found is None:
            found = memo[document.text] = lint(self, document, **options)
        return found

    def best_of_three() -> float:
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            mails = sum(audit_partition(partition, settings).mails_seen for partition in partitions)
            best = min(best, (time.process_time() - started) / mails * 1000)
        return best

    for partition in partitions:  # warm: rules, tagger, the linter's memos
        audit_partition(partition, settings)
    total = best_of_three()
    Linter.lint_document = remembered  # type: ignore[method-assign]
    for partition in partitions:  # the memo filled
        audit_partition(partition, settings)
    own = best_of_three()
    print(f"{total:.4f} {own:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3, help="alternated rounds")
    parser.add_argument("--src", type=Path, default=SRC, help="the source folder measured [default: this checkout]")
    parser.add_argument("--baseline", type=Path, help="the source folder of a teinei to compare with")
    parser.add_argument("--serve-cluster", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--address-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--overhead-of", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve_cluster:
        serve_cluster(options.serve_cluster, options.address_file)
        return
    if options.overhead_of:
        measure_overhead(options.overhead_of)
        return
    archive, mean = build(options.mails)
    tiny, _ = build(TINY_MAILS)
    small, _ = build(1000)
    codes = {"this": environment("this", options.src)}
    if options.baseline:
        codes["baseline"] = environment("baseline", options.baseline)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{platform.processor() or platform.machine()}, {cores} cores, Python {platform.python_version()}, "
          f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"{options.mails:,} mails in one mbox, {archive.stat().st_size / 1e6:.1f} MB, {mean:,.0f} bytes a mail; "
          + ", ".join(f"{label}: {env['PYTHONPATH']}" for label, env in codes.items()))
    loads = [os.getloadavg()[0]]
    for env in codes.values():  # warm-up: bytecode written, rules compiled
        timed(env, ["--jobs", "1", str(tiny)])
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    runs: list[tuple[str, list[str], Cluster | None]] = [
        (f"--jobs {jobs}", ["--jobs", str(jobs), str(archive)], None) for jobs in (1, 2)
    ]
    _rounds(codes, runs, options.runs, results, loads)
    for label, env in codes.items():  # one code's clusters at a time (idle ones load the machine too), their
        clusters = {workers: Cluster(env, workers) for workers in (1, 2)}  # runs alternated: the ratio is fair
        try:
            dask_runs = []
            for workers, cluster in clusters.items():  # each worker loads its linter before the timed runs
                timed(env, ["--dask", cluster.address, "--partition-size", "1K", str(tiny)])
                name = f"Dask, {workers} worker{'s' if workers > 1 else ''}"
                dask_runs += [(name, ["--dask", cluster.address, str(archive)], cluster),
                              (f"{name}, {TINY_MAILS} mails", ["--dask", cluster.address, str(tiny)], cluster)]
            _rounds({label: env}, dask_runs, options.runs, results, loads)
        finally:
            for cluster in clusters.values():
                cluster.close()
    runs += [(name, [], None) for name in ("Dask, 1 worker", "Dask, 2 workers")]
    runs += [(f"Dask, {n} worker{'s' if n > 1 else ''}, {TINY_MAILS} mails", [], None) for n in (1, 2)]
    own = {label: overhead(env, small) for label, env in codes.items()}
    loads.append(os.getloadavg()[0])
    _print(options.mails, codes, runs, results, own)
    shown = ", ".join(f"{x:.2f}" for x in loads)
    print(f"\nload average (1 min) at the start, after each round and at the end: {shown}")


def _rounds(codes: dict[str, dict[str, str]], runs: list[tuple[str, list[str], Cluster | None]], count: int,
            results: dict[tuple[str, str], list[tuple[float, float]]], loads: list[float]) -> None:
    """``count`` rounds of every run of every code, the codes' order reversed every other round."""
    for number in range(count):
        order = list(codes) if number % 2 == 0 else list(reversed(codes))
        for name, args, cluster in runs:
            for label in order:
                results.setdefault((name, label), []).append(timed(codes[label], args, cluster))
        loads.append(os.getloadavg()[0])


def _print(mails: int, codes: dict, runs: list, results: dict, own: dict) -> None:
    labels = list(codes)
    heads = "".join(f"  {label + ' mails/s best (median)':>30}  {'mails/CPU-s':>11}" for label in labels)
    # (mails/CPU-s: of the best round; on Dask, the command's and its cluster's processes together)
    print(f"\n{'run':<24}{heads}")
    best: dict[tuple[str, str], float] = {}
    for name, *_ in runs:
        count = TINY_MAILS if name.endswith(" mails") else mails
        cells = []
        for label in labels:
            walls = [wall for wall, _ in results[name, label]]
            fastest = min(results[name, label])
            best[name, label] = fastest[0]
            if count == mails:
                per_cpu = f"{count / fastest[1]:11,.0f}"
                cells.append(f"  {f'{count / fastest[0]:,.0f} ({count / statistics.median(walls):,.0f})':>30}"
                             f"  {per_cpu}")
            else:
                cells.append(f"  {f'{fastest[0]:.2f} s ({statistics.median(walls):.2f} s)':>30}  {'':>11}")
        print(f"{name:<24}" + "".join(cells))
    print()
    for label in labels:
        # Processor seconds a mail (median round): the same work spread over two processes. On two free cores,
        # two processes could be at most 2 x (one's / two's) as fast as one: a bound other load does not move.
        cpu = {name: statistics.median(c for _, c in results[name, label])
               for name in ("--jobs 1", "--jobs 2", "Dask, 1 worker", "Dask, 2 workers")}
        ms = {name: seconds / mails * 1000 for name, seconds in cpu.items()}
        jobs_bound, dask_bound = 2 * ms["--jobs 1"] / ms["--jobs 2"], 2 * ms["Dask, 1 worker"] / ms["Dask, 2 workers"]
        print(f"{label}: processor ms a mail, --jobs 1 / 2: {ms['--jobs 1']:.2f} / {ms['--jobs 2']:.2f} (bound "
              f"{jobs_bound:.2f}x); Dask 1 / 2 workers, cluster included: {ms['Dask, 1 worker']:.2f} / "
              f"{ms['Dask, 2 workers']:.2f} (bound {dask_bound:.2f}x)")
    for label in labels:
        jobs = best["--jobs 1", label] / best["--jobs 2", label]
        dask = best["Dask, 1 worker", label] / best["Dask, 2 workers", label]
        fixed = {n: best[f"Dask, {n} worker{'s' if n > 1 else ''}, {TINY_MAILS} mails", label] for n in (1, 2)}
        work = (best["Dask, 1 worker", label] - fixed[1]) / (best["Dask, 2 workers", label] - fixed[2])
        total, mine = own[label]
        print(f"{label}: --jobs 2 / --jobs 1 {jobs:.2f}x; Dask 2 workers / 1: {dask:.2f}x as timed, {work:.2f}x "
              f"without a run's fixed cost ({fixed[1]:.2f} s, {fixed[2]:.2f} s); in one process "
              f"{total:.2f} ms of processor time a mail, of which the audit's own (all but linting) {mine:.3f} ms")


if __name__ == "__main__":
    main()
