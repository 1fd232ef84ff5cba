"""`teinei serve` under load: a 10-line e-mail checked through POST /api/check by concurrent clients.

    .venv/bin/python bench/serve.py                  # 20 clients for 30 s (the issue's figure)
    .venv/bin/python bench/serve.py --seconds 10     # a shorter look

Starts the server as a user does (`teinei serve --port 0 --no-browser`, in an empty scratch folder), warms it,
then prints the median and p99 latency seen by the clients, the throughput, the errors, and the server's
resident memory after the warm-up and at the end. The clients run in this process on the same machine, so
they take CPU from the server: the figures are an upper bound of what a lone user sees. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

MAIL = """株式会社サンプル
山田様

いつもお世話になっております。テイネイ制作の鈴木です。
先日お送りした見積書の件ですが、ご確認いただけましたでしょうか。
了解しましたら、すみませんがご連絡ください。
追加の資料とかもあれば、完成までもうしばらくお待ちください。
よろしくお願いいたします。

鈴木
"""


def _family(pid: int) -> list[Path]:
    """The /proc folders of a process and its children (the workers), on Linux."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if int(entry.name) == pid or parent == pid:
            found.append(entry)
    return found


def resident(pid: int) -> int:
    """Resident memory of a process and its children, in bytes."""
    total = 0
    for entry in _family(pid):
        try:
            status = (entry / "status").read_text()
            total += int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1]) * 1024
        except (OSError, StopIteration):
            continue
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children: unlike latency, it does not depend
    on what else the machine is running."""
    total = 0
    for entry in _family(pid):
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(stat[11]) + int(stat[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def start_server(folder: str, workers: int) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "teinei", "serve", "--port", "0", "--no-browser", "--workers", str(workers)],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline()  # type: ignore[union-attr]
    found = re.search(r"http://\S+/", line)
    if found is None:
        process.kill()
        sys.exit(f"the server did not start: {line}{process.stderr.read()}")  # type: ignore[union-attr]
    return process, found.group(0)


async def client(
    http: httpx.AsyncClient, until: float, pace: float, latencies: list[float], errors: list[str]
) -> None:
    """One client: a check, then ``pace`` seconds of typing before the next (0: back to back)."""
    body = {"text": MAIL, "subject": "お見積りのご確認", "date": "2026-11-20"}
    await asyncio.sleep(random.uniform(0, pace))  # typists do not start in step
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            response = await http.post("/api/check", json=body)
            ok = response.status_code == 200 and response.json()["summary"]["findings"] > 0
        except httpx.HTTPError as error:
            ok, response = False, error
        latencies.append(time.perf_counter() - started)
        if not ok:
            errors.append(str(response))
        if pace:
            await asyncio.sleep(pace)


async def load(url: str, clients: int, seconds: float, pace: float) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as http:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(client(http, until, pace, latencies, errors) for _ in range(clients)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="the server's --workers")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring")
    parser.add_argument(
        "--pace", type=float, default=0.0,
        help="seconds each client waits between its checks (the page checks 0.3 s after typing stops); 0: none",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teinei-bench-serve-") as folder:
        process, url = start_server(folder, args.workers)
        try:
            asyncio.run(load(url, args.clients, args.warmup, args.pace))
            rss_start = resident(process.pid)
            cpu_start = cpu_seconds(process.pid)
            started = time.perf_counter()
            latencies, errors = asyncio.run(load(url, args.clients, args.seconds, args.pace))
            elapsed = time.perf_counter() - started
            rss_end = resident(process.pid)
            cpu = cpu_seconds(process.pid) - cpu_start
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}"
    print(f"machine: {machine}, Python {platform.python_version()}; server with {args.workers} worker(s)")
    pace = f"{args.pace:g} s between a client's checks" if args.pace else "back to back"
    print(f"{args.clients} clients ({pace}) for {args.seconds:g} s after {args.warmup:g} s of warm-up: a 10-line mail")
    print(f"requests        {len(latencies):,} ({len(latencies) / elapsed:,.0f}/s), errors {len(errors)}")
    print(f"latency median  {statistics.median(latencies) * 1000:.1f} ms")
    print(f"latency p99     {p99 * 1000:.1f} ms")
    print(f"server CPU      {cpu / max(1, len(latencies)) * 1000:.1f} ms a request")
    growth = (rss_end / rss_start - 1) * 100
    print(f"server RSS      {rss_start / 2**20:.1f} MB -> {rss_end / 2**20:.1f} MB ({growth:+.1f} %)")
    if errors:
        print(f"first error: {errors[0]}")


if __name__ == "__main__":
    main()
