"""Start the server: bind the socket first (so a port in use is one line, not uvicorn's log), warm the
linter, open the page in the browser, and serve until Ctrl+C."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import mmap
import os
import signal
import socket
import struct
import sys
import threading
import webbrowser
from collections.abc import Iterable

import uvicorn  # here, not in serve(): a missing extra must fail the import, which the command line reports

from teinei.errors import TeineiError
from teinei.serve.app import create_app
from teinei.serve.checker import Checker
from teinei.serve.guard import LOOPBACK, WILDCARD, served_names


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: any free port)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise TeineiError(f"ホスト「{host}」のアドレスが分かりません。--host を確かめてください。") from None
    # The protocol must be named: asyncio turns Nagle's algorithm off only on sockets that say they are TCP, and
    # with it on, each answer on a kept-alive connection waited 40 ms for the client's delayed acknowledgement.
    sock = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        if error.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            why = f"ポート {port} はほかのプログラムが使っています"
            raise TeineiError(f"{why}。--port で別の番号を指定してください。") from None
        raise TeineiError(f"{host}:{port} で待ち受けられません（{error.strerror or error}）。") from None
    sock.listen(128)
    return sock


def url_for(sock: socket.socket) -> str:
    """The page's address: the address bound (``localhost`` may be ::1), loopback for a wildcard."""
    address, port = sock.getsockname()[:2]
    if address in WILDCARD:
        address = "::1" if sock.family == socket.AF_INET6 else "127.0.0.1"
    return f"http://[{address}]:{port}/" if ":" in address else f"http://{address}:{port}/"


def default_workers() -> int:
    """Two processes where there are two cores and ``fork``: one process lints on one core at a time, and a
    second, forked from the warm first, doubles the checks a second for little memory (the rules and the
    tagger stay shared). Not on macOS, where a forked process may crash in the system's libraries."""
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return 1
    return min(2, os.cpu_count() or 1)


def serve(
    host: str,
    port: int,
    *,
    open_browser: bool,
    config_file: str | None = None,
    rules_dirs: Iterable[str] = (),
    today: dt.date | None = None,
    workers: int | None = None,
) -> None:
    if workers is None:
        workers = default_workers()
    if workers > 1 and not hasattr(os, "fork"):
        raise TeineiError("--workers は、この OS では使えません（1 で起動してください）。")
    checker = Checker(config_file, rules_dirs, today)
    checker.warm()  # a broken configuration or rule file stops here, before anything listens
    # What the warm-up loaded (the rules, the tagger's dictionary, the modules: some 75,000 objects) lives as
    # long as the server. Frozen, the collector no longer walks it: a full collection made the slowest check of
    # a run (146 ms in 2,000), and in forked workers it wrote to every object's header, copying shared pages.
    gc.collect()
    gc.freeze()
    sock = bind(host, port)
    port = sock.getsockname()[1]
    if host not in LOOPBACK and not host.startswith("127."):
        print(
            f"警告: {host} で待ち受けます。このパソコンの外からも下書きを送れるようになります。"
            "自分だけで使うときは --host を付けずに起動してください。",
            file=sys.stderr, flush=True,
        )
    url = url_for(sock)
    app = create_app(checker, served_names(host), port)
    # No access log: a line per request is noise, and the page's drafts must never reach a log.
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    print(f"teinei serve: {url} で待機しています（終了は Ctrl+C）", flush=True)
    opener = threading.Timer(0.3, webbrowser.open, args=(url,)) if open_browser else None
    # SIGTERM (a service manager, ``kill``) stops the server as Ctrl+C does, exit line included.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if workers > 1:
            checks = _run_forked(config, sock, workers, checker, opener)
        else:
            if opener is not None:
                opener.start()
            _run(config, sock)
            checks = checker.checks
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()
    print(f"teinei serve: 終了しました（確認 {checks:,} 件）", flush=True)


def _run(config: uvicorn.Config, sock: socket.socket) -> None:
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn shuts down on Ctrl+C, then raises the signal again
        uvicorn.Server(config).run(sockets=[sock])


def _run_forked(
    config: uvicorn.Config, sock: socket.socket, workers: int, checker: Checker, opener: threading.Timer | None
) -> int:
    """``workers`` processes forked from this one, so each starts with the warm linter (shared until written)
    and accepts on the same socket; Ctrl+C or SIGTERM here stops them all. Each worker leaves its count of
    checks in a page shared with this process; the sum is returned. The browser is opened after the forks (a
    process with a second thread must not fork)."""
    counts = mmap.mmap(-1, 8 * workers)
    children = []
    for slot in range(workers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - a worker; its exit code is its parent's concern
            code = 0
            try:
                _run(config, sock)
            except BaseException:
                code = 1
            finally:
                struct.pack_into("q", counts, 8 * slot, checker.checks)
                os._exit(code)
        children.append(pid)
    # From here Ctrl+C and SIGTERM are read with sigwait, blocked in every thread (the browser's too, started
    # after the block): a second one while the workers stop is simply read again, where a raised
    # KeyboardInterrupt would end this process first and leave the workers serving on, holding its output open.
    wanted = {signal.SIGINT, signal.SIGTERM, signal.SIGCHLD}
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    try:
        if opener is not None:
            opener.start()
        _supervise(children, wanted)
    finally:
        while wanted & signal.sigpending():  # the signals read no longer: none may strike once unblocked
            signal.sigwait(wanted)
        signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
    return sum(struct.unpack_from(f"{workers}q", counts))


def _supervise(children: list[int], wanted: set[signal.Signals]) -> None:
    """Wait for the workers to end; on the first Ctrl+C or SIGTERM, tell each to stop (a Ctrl+C in a terminal
    reaches them too) and wait on."""
    alive = set(children)
    stopping = False
    while True:
        for pid in list(alive):
            if os.waitpid(pid, os.WNOHANG)[0]:
                alive.discard(pid)
        if not alive:
            return
        if signal.sigwait(wanted) != signal.SIGCHLD and not stopping:
            stopping = True
            for pid in alive:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)


def _interrupt(*_: object) -> None:
    """SIGTERM handled as Ctrl+C: uvicorn, stopped by a signal, raises it again once it has shut down, and
    SIGTERM's default would end the process there (a worker before it leaves its count). Raised directly, as a
    process started in the background ignores SIGINT."""
    raise KeyboardInterrupt
