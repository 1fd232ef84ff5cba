"""``--dask ADDRESS|local``: the partitions as tasks on a Dask distributed cluster. Each worker keeps one warm
``Linter`` per thread (see ``work``) and reads its partitions itself, so the files must be at the same paths
on every worker (a shared or network file system); only the tallies travel back."""

from __future__ import annotations

import logging
import signal
import uuid
from collections.abc import Iterator

from teinei.audit.sources import Partition
from teinei.audit.tally import Tally
from teinei.audit.work import Settings, audit_partition
from teinei.errors import TeineiError

_CONNECT_SECONDS = 10


def on_dask(
    address: str, todo: list[tuple[int, Partition]], settings: Settings, workers: int
) -> Iterator[tuple[int, Tally]]:
    """Each partition's tally as soon as a worker returns it. ``local`` starts a ``LocalCluster`` of
    ``workers`` processes of one thread (the linter is pure Python: threads would share one core's worth);
    a single worker runs as a thread of this process, which starts seconds sooner and lints as fast."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    try:
        if address == "local":
            # Started with Ctrl-C ignored (which they inherit): the command alone answers it, in one line,
            # and closes the cluster, where each worker process would print its traceback.
            interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                # Reachable from this machine only (one worker: a thread, reached in-process), and its HTTP
                # server (always started) on a free port, not 8787, which another cluster may hold.
                processes = workers > 1
                cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=processes,
                    host="127.0.0.1" if processes else None, dashboard_address=":0", silence_logs=logging.ERROR,
                )
            finally:
                signal.signal(signal.SIGINT, interrupt)
            client = Client(cluster)
        else:
            client = Client(address, timeout=_CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:  # (ValueError: an address Dask cannot parse)
        if cluster is not None:
            cluster.close()
        raise TeineiError(f"Dask のスケジューラーに接続できません（{error}）", path=address) from None
    run = uuid.uuid4().hex[:12]
    try:
        futures = client.map(
            audit_partition, [p for _, p in todo], settings=settings, pure=False,
            key=[f"teinei-audit-{run}-{index}" for index, _ in todo],  # unique on a cluster other runs share
        )
        index_of = {future.key: index for future, (index, _) in zip(futures, todo, strict=True)}
        for future, tally in as_completed(futures, with_results=True):
            yield index_of[future.key], tally
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
