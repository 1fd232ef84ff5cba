"""Running an audit: the partitions not already done (``--resume``) are audited in this process, in
``--jobs`` worker processes, or on a Dask cluster; the tallies are merged in plan order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from teinei.audit.progress import Progress
from teinei.audit.resume import ResumeStore
from teinei.audit.sources import Partition
from teinei.audit.tally import Tally
from teinei.audit.work import Settings, audit_partition, linter_for

_WARM_UP_TEXT = "お世話になっております。資料をお送りします。"


def run(
    partitions: list[Partition],
    settings: Settings,
    *,
    jobs: int = 1,
    dask: str | None = None,
    resume: str | None = None,
    progress: Progress | None = None,
    on_resume=None,  # (done, total) -> None: told how many partitions a resumed run skips
) -> Tally:
    store = None
    if resume is not None:
        settings = replace(settings, rows=True)  # a kept partition serves every format
        store = ResumeStore(resume, settings, partitions)
    tallies: dict[int, Tally] = {}
    for index, partition in enumerate(partitions):
        kept = store.load(partition) if store is not None else None
        if kept is not None:
            tallies[index] = kept
    if store is not None and on_resume is not None:
        on_resume(len(tallies), len(partitions))
    todo = [(index, partition) for index, partition in enumerate(partitions) if index not in tallies]
    progress = progress or Progress(0, enabled=False)
    for index in tallies:
        progress.advance(partitions[index].size, tallies[index].mails_seen)
    if dask is not None:
        from teinei.audit.dask import on_dask

        done = on_dask(dask, todo, settings, jobs)
    else:
        done = _locally(todo, settings, jobs)
    try:
        for index, tally in done:
            if store is not None:
                store.save(partitions[index], tally)
            tallies[index] = tally
            progress.advance(partitions[index].size, tally.mails_seen)
    finally:
        progress.close()
    total = Tally()
    for index in range(len(partitions)):
        total.merge(tallies[index])
    return total


def _locally(todo: list[tuple[int, Partition]], settings: Settings, jobs: int) -> Iterator[tuple[int, Tally]]:
    if jobs <= 1 or len(todo) <= 1:
        for index, partition in todo:
            yield index, audit_partition(partition, settings)
        return
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        # Loaded here once, the rules and the tagger are inherited by every forked worker.
        linter_for(settings, todo[0][1].path).lint(_WARM_UP_TEXT)
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    with context.Pool(min(jobs, len(todo))) as pool:
        yield from pool.imap_unordered(_task, [(index, partition, settings) for index, partition in todo])


def _task(job: tuple[int, Partition, Settings]) -> tuple[int, Tally]:
    index, partition, settings = job
    return index, audit_partition(partition, settings)
