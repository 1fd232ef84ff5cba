"""`teinei serve` under load: a 10-line e-mail checked through POST /api/check by 20 concurrent clients.

    .venv/bin/python bench/serve.py                        # paced, then saturated: 30 s each (the README's figures)
    .venv/bin/python bench/serve.py --mode memory          # 100,000 checks back to back, memory every 10,000
    .venv/bin/python bench/serve.py --seconds 10 --workers 1

Two loads, because they answer different questions:

* **paced**: each client checks as the page does while someone types: one check per debounce interval of the
  page (``DEBOUNCE_MS`` in static/app.js, read from there) plus a random gap of up to a third of it, on its own
  schedule. A check that cannot start on time (the previous one is still out) is timed from when it was due,
  so a slow server is not hidden by clients that politely wait for it. This is the latency people see.
* **saturated**: each client sends its next check as soon as the last one is answered. This measures how many
  checks a second the server can do; its latency is queueing, not speed: by Little's law a closed loop of N
  clients waits N / throughput on average, however fast one check is.

The server is started as a user starts it (``teinei serve --port 0 --no-browser``, in an empty scratch folder)
and warmed; memory and CPU are read from /proc for the server and its worker processes (Linux). The clients
speak HTTP/1.1 on raw keep-alive connections (a full HTTP client costs more CPU than the server's framework and
would take it from the server on a 2-core machine); they run in this process, on the same machine, so the
figures are an upper bound of what a lone user sees. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
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
from dataclasses import dataclass, field
from pathlib import Path

PAGE_SCRIPT = Path(__file__).resolve().parents[1] / "src" / "teinei" / "serve" / "static" / "app.js"
MAIL = """株式会社サンプル
山田様

いつもお世話になっております。テイネイ制作の鈴木です。
先日お送りした見積書の件ですが、ご確認いただけましたでしょうか。
了解しましたら、すみませんがご連絡ください。
追加の資料とかもあれば、完成までもうしばらくお待ちください。
よろしくお願いいたします。

鈴木
"""
BODY = {"text": MAIL, "subject": "お見積りのご確認", "date": "2026-11-20"}


def debounce_seconds() -> float:
    """The page's pause before it checks (``const DEBOUNCE_MS = 300;`` in app.js)."""
    found = re.search(r"const DEBOUNCE_MS = (\d+);", PAGE_SCRIPT.read_text(encoding="utf-8"))
    if found is None:
        sys.exit(f"DEBOUNCE_MS not found in {PAGE_SCRIPT}")
    return int(found.group(1)) / 1000


# ------------------------------------------------------------------------------------------ the server


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


@dataclass
class Usage:
    """One reading of the server's process family: CPU seconds so far, resident memory (each process's RSS
    added up, which counts the pages the forked workers share with their parent once per process) and the
    anonymous part of it (RssAnon: the heap, what a leak grows, without the mapped files such as the tagger's
    dictionary; "private" or proportional memory would move with other programs on the machine mapping or
    unmapping those same files)."""

    cpu: float
    rss: int
    anonymous: int
    processes: int


def usage(pid: int) -> Usage:
    cpu = 0.0
    rss = anonymous = 0
    family = _family(pid)
    for entry in family:
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        cpu += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        rss += _kilobytes(status, "VmRSS:")
        anonymous += _kilobytes(status, "RssAnon:")
    return Usage(cpu, rss, anonymous, len(family))


def _kilobytes(text: str, key: str) -> int:
    line = next((line for line in text.splitlines() if line.startswith(key)), f"{key} 0 kB")
    return int(line.split()[1]) * 1024


def start_server(folder: str, workers: int | None) -> tuple[subprocess.Popen[str], str, int]:
    command = [sys.executable, "-m", "teinei", "serve", "--port", "0", "--no-browser"]
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()  # type: ignore[union-attr]
    found = re.search(r"http://([^/:]+):(\d+)/", line)
    if found is None:
        process.kill()
        sys.exit(f"the server did not start: {line}{process.stderr.read()}")  # type: ignore[union-attr]
    return process, found.group(1), int(found.group(2))


# ------------------------------------------------------------------------------------------ the clients


class Connection:
    """One keep-alive HTTP/1.1 connection that posts the same JSON body again and again."""

    def __init__(self, host: str, port: int, path: str) -> None:
        self.host, self.port = host, port
        body = json.dumps(BODY, ensure_ascii=False).encode()
        head = f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        self.request = f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def check(self) -> str | None:
        """One check; None if it was answered with findings, else what went wrong."""
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            self.writer.write(self.request)
            head = await self.reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if length is None:
                raise ConnectionError(f"no Content-Length: {head[:80]!r}")
            body = await self.reader.readexactly(int(length.group(1)))
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError) as error:
            await self.close()
            return f"{type(error).__name__}: {error}"
        status = head[9:12]
        if status != b"200":
            return f"HTTP {status.decode()}: {body[:200].decode(errors='replace')}"
        if json.loads(body)["summary"]["findings"] == 0:
            return "answered without findings"
        return None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    cpu: float = 0.0  # the server's
    client_cpu: float = 0.0  # this process's

    def line(self) -> str:
        lat = sorted(self.latencies)
        n = len(lat)
        p99 = lat[min(n - 1, int(n * 0.99))]
        return (
            f"{n:,} checks in {self.elapsed:.0f} s ({n / self.elapsed:,.0f}/s), errors {len(self.errors)}; "
            f"latency median {statistics.median(lat) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms; "
            f"server CPU {self.cpu / n * 1000:.2f} ms a check (clients {self.client_cpu / n * 1000:.2f} ms)"
        )


async def paced_client(connection: Connection, until: float, interval: float, run: Run) -> None:
    """Checks on the page's schedule: one per ``interval`` plus up to a third more, timed from when each was
    due (not from when the previous answer let it go)."""
    due = time.perf_counter() + random.uniform(0, interval)  # typists do not start in step
    while due < until:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        problem = await connection.check()
        run.latencies.append(time.perf_counter() - due)
        if problem:
            run.errors.append(problem)
        due += interval * random.uniform(1.0, 4 / 3)
    await connection.close()


async def closed_client(connection: Connection, until: float, budget: list[int], run: Run, on_count: object) -> None:
    """Checks back to back until the time is up or the shared budget of checks is spent."""
    while time.perf_counter() < until and budget[0] > 0:
        budget[0] -= 1
        started = time.perf_counter()
        problem = await connection.check()
        run.latencies.append(time.perf_counter() - started)
        if problem:
            run.errors.append(problem)
        if callable(on_count):
            on_count(len(run.latencies))
    await connection.close()


async def load(
    host: str, port: int, path: str, pid: int, clients: int, *, seconds: float = 0, pace: float = 0,
    requests: int = 0, on_count: object = None,
) -> Run:
    run = Run()
    connections = [Connection(host, port, path) for _ in range(clients)]
    before, client_before = usage(pid), time.process_time()
    started = time.perf_counter()
    until = started + (seconds or 1e9)
    if pace:
        await asyncio.gather(*(paced_client(c, until, pace, run) for c in connections))
    else:
        budget = [requests or 1 << 62]
        await asyncio.gather(*(closed_client(c, until, budget, run, on_count) for c in connections))
    run.elapsed = time.perf_counter() - started
    run.cpu = usage(pid).cpu - before.cpu
    run.client_cpu = time.process_time() - client_before
    return run


# ------------------------------------------------------------------------------------------ reports


def machine() -> str:
    return (
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def megabytes(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def memory_run(host: str, port: int, path: str, pid: int, clients: int, requests: int, every: int) -> None:
    """``requests`` checks back to back; the family's memory at the start and after every ``every``."""
    start = usage(pid)
    print(f"memory after warm-up ({start.processes} processes): RSS {megabytes(start.rss)}, "
          f"of which anonymous {megabytes(start.anonymous)}", flush=True)
    marks = iter(range(every, requests + 1, every))
    state = {"next": next(marks, 0), "clock": time.perf_counter()}

    def on_count(count: int) -> None:
        if count != state["next"]:
            return
        now, seen = time.perf_counter(), usage(pid)
        rate = every / (now - state["clock"])
        print(f"{count:>8,} checks: RSS {megabytes(seen.rss)} ({(seen.rss / start.rss - 1) * 100:+.1f} %), "
              f"anonymous {megabytes(seen.anonymous)} ({(seen.anonymous / start.anonymous - 1) * 100:+.1f} %), "
              f"{rate:,.0f}/s, "
              f"{load_average()}",
              flush=True)
        state["next"], state["clock"] = next(marks, 0), now

    run = asyncio.run(load(host, port, path, pid, clients, requests=requests, on_count=on_count))
    end = usage(pid)
    print(f"end: {run.line()}")
    print(f"memory: RSS {megabytes(start.rss)} -> {megabytes(end.rss)} ({(end.rss / start.rss - 1) * 100:+.1f} %), "
          f"anonymous {megabytes(start.anonymous)} -> {megabytes(end.anonymous)} "
          f"({(end.anonymous / start.anonymous - 1) * 100:+.1f} %)")
    if run.errors:
        print(f"first error: {run.errors[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("both", "paced", "saturated", "memory"), default="both")
    parser.add_argument("--seconds", type=float, default=30.0, help="of each load (paced, saturated)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, help="the server's --workers [default: the server's own]")
    parser.add_argument("--requests", type=int, default=100_000, help="checks in the memory run")
    parser.add_argument("--every", type=int, default=10_000, help="checks between memory readings")
    parser.add_argument("--detail", action="store_true", help="ask for ?detail=true, as the page does")
    args = parser.parse_args()
    path = "/api/check?detail=true" if args.detail else "/api/check"
    print(f"{machine()}; {load_average()}")
    with tempfile.TemporaryDirectory(prefix="teinei-bench-serve-") as folder:
        process, host, port = start_server(folder, args.workers)
        pid = process.pid
        try:
            asyncio.run(load(host, port, path, pid, args.clients, requests=2_000))  # warm-up: every worker, every path
            workers = max(1, usage(pid).processes - 1)
            print(f"server: {workers} worker(s); {args.clients} clients posting a 10-line mail to {path}", flush=True)
            if args.mode == "memory":
                memory_run(host, port, path, pid, args.clients, args.requests, args.every)
            if args.mode in ("both", "paced"):
                pace = debounce_seconds()
                run = asyncio.run(load(host, port, path, pid, args.clients, seconds=args.seconds, pace=pace))
                print(f"paced (a check every {pace * 1000:.0f}-{pace * 4000 / 3:.0f} ms a client): {run.line()}; "
                      f"{load_average()}", flush=True)
            if args.mode in ("both", "saturated"):
                run = asyncio.run(load(host, port, path, pid, args.clients, seconds=args.seconds))
                queue = args.clients / (len(run.latencies) / run.elapsed) * 1000
                print(f"saturated (back to back): {run.line()}; {load_average()}")
                print(f"  Little's law: {args.clients} clients / {len(run.latencies) / run.elapsed:,.0f} a second "
                      f"= {queue:.1f} ms a check on average")
                if run.errors:
                    print(f"first error: {run.errors[0]}")
        finally:
            process.send_signal(signal.SIGTERM)  # not SIGINT: a bench started in the background ignores it
            process.communicate(timeout=30)


if __name__ == "__main__":
    main()
