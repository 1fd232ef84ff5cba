"""Running an audit: the partitions not already done (``--resume``) are audited in this process, in
``--jobs`` worker processes, or on a Dask cluster; the tallies are merged in plan order as soon as every
earlier one is in, and their rows handed on then, so a run holds the counts and not every finding."""

from __future__ import annotations

import gc
import signal
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from teinei.audit.progress import Progress
from teinei.audit.resume import ResumeStore
from teinei.audit.sources import Partition
from teinei.audit.tally import Tally
from teinei.audit.work import Settings, audit_partition, linter_for

_WARM_UP_TEXT = "お世話になっております。資料をお送りします。"
TEMPLATES_KEPT = 200_000  # distinct bodies remembered before those sent once are forgotten (about 200 MB)


def run(
    partitions: list[Partition],
    settings: Settings,
    *,
    jobs: int = 1,
    dask: str | None = None,
    resume: str | None = None,
    progress: Progress | None = None,
    on_resume: Callable[[int, int], None] | None = None,  # told how many partitions a resumed run skips
    on_rows: Callable[[list[list[Any]]], None] | None = None,  # each partition's rows, in plan order
) -> Tally:
    store = None
    kept: set[int] = set()
    if resume is not None:
        settings = replace(settings, rows=True)  # a kept partition serves every format
        store = ResumeStore(resume, settings, partitions)
        kept = {index for index, partition in enumerate(partitions) if store.has(partition)}
        if on_resume is not None:
            on_resume(len(kept), len(partitions))
    progress = progress or Progress(0, enabled=False)
    todo = [(index, partition) for index, partition in enumerate(partitions) if index not in kept]
    merged = _Merge(partitions, store, settings, on_rows)
    for index in sorted(kept):
        progress.advance(partitions[index].size, 0)
        merged.done(index, None)
    if dask is not None:
        from teinei.audit.dask import on_dask

        done = on_dask(dask, todo, settings, jobs)
    else:
        done = _locally(todo, settings, jobs)
    try:
        for index, tally in done:
            if store is not None:
                store.save(partitions[index], tally)
            progress.advance(partitions[index].size, tally.mails_seen)
            merged.done(index, tally)
    finally:
        progress.close()
    return merged.total


class _Merge:
    """Tallies merged in plan order: one that finishes early waits for those before it (a kept one is read
    back from the resume folder only when its turn comes)."""

    def __init__(self, partitions: list[Partition], store: ResumeStore | None, settings: Settings,
                 on_rows: Callable[[list[list[Any]]], None] | None) -> None:
        self.partitions, self.store, self.settings, self.on_rows = partitions, store, settings, on_rows
        self.total = Tally()
        self.waiting: dict[int, Tally | None] = {}
        self.next = 0

    def done(self, index: int, tally: Tally | None) -> None:
        self.waiting[index] = tally
        while self.next in self.waiting:
            found = self.waiting.pop(self.next)
            if found is None:  # kept by an earlier run; redone here should its file have been damaged since
                assert self.store is not None
                partition = self.partitions[self.next]
                found = self.store.load(partition) or audit_partition(partition, self.settings)
            if self.on_rows is not None:
                self.on_rows(found.rows)
            found.rows = []
            self.total.merge(found)
            self.total.forget_single_templates(TEMPLATES_KEPT)
            self.next += 1


def _locally(todo: list[tuple[int, Partition]], settings: Settings, jobs: int) -> Iterator[tuple[int, Tally]]:
    if jobs <= 1 or len(todo) <= 1:
        for index, partition in todo:
            yield index, audit_partition(partition, settings)
        return
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        # Loaded here once, the rules and the tagger are inherited by every forked worker.
        linter_for(settings, todo[0][1].path).lint(_WARM_UP_TEXT)
        # Frozen out of the collector's scans, the inherited objects are not written to by them, so the
        # workers' pages stay shared with this process instead of being copied one by one.
        gc.freeze()
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    with context.Pool(min(jobs, len(todo)), initializer=_ignore_interrupts) as pool:
        yield from pool.imap_unordered(_task, [(index, partition, settings) for index, partition in todo])


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the workers too: the main process alone answers it (one line, the pool ended), where
    each worker would print its traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _task(job: tuple[int, Partition, Settings]) -> tuple[int, Tally]:
    index, partition, settings = job
    return index, audit_partition(partition, settings)
