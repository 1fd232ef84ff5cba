"""The ``teinei`` command's entry point: the installed script and ``python -m teinei`` (named ``teinei`` in its
messages either way)."""

import gc
import os
import sys


def run() -> None:
    """``teinei.cli.main`` as a process of its own, which starts and ends as fast as it safely can.

    The garbage collector is off while the command's modules are imported: that makes objects by the ten
    thousand and no garbage, and the collector's scans meanwhile were a few milliseconds of every run. What
    was imported is then frozen out of its scans (it lives as long as the process), and the collector is on
    again before any command runs (``check`` then decides for itself). At the end, when no exit handler or
    other thread is left to wait for, the process ends at once with its output flushed: tearing down the
    interpreter (every module and the unpickled rules, freed one by one) was about a tenth of a one-shot
    check, spent after its answer was written."""
    gc.disable()
    from teinei import cli

    gc.freeze()
    gc.enable()
    try:
        cli.main(prog_name="teinei")
    except SystemExit as done:
        _end_now(done.code)
        raise


def _end_now(code: object) -> None:
    """``os._exit(code)`` when that skips nothing but freeing memory; else return (a normal exit)."""
    import atexit
    import threading

    pending = getattr(atexit, "_ncallbacks", None)  # (CPython's: elsewhere, always a normal exit)
    if not isinstance(code, int | None) or pending is None or pending() or threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # a closed pipe: the normal exit says so as it always has
        return
    os._exit(int(code or 0))


if __name__ == "__main__":
    run()
