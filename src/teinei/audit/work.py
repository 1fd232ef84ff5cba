"""The task every worker runs: audit one partition with a warm ``Linter`` (rules and tagger loaded once per
worker thread, then reused for every partition it is given)."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from teinei.audit.mail import Filters, lint_mail
from teinei.audit.sources import Partition, read, shown_name
from teinei.audit.tally import Tally
from teinei.errors import InputError, os_reason
from teinei.linter import Linter


@dataclass(frozen=True)
class Settings:
    """The options that decide what is counted (sent to the workers, and part of a resumed run's identity)."""

    config_file: str | None = None
    profile: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules_dirs: tuple[str, ...] = ()
    today: dt.date | None = None  # --date: for mails without a Date header, as check
    filters: Filters = field(default_factory=Filters)
    rows: bool = False  # keep one row per finding (csv, parquet, --resume)


_local = threading.local()  # a Dask worker with several threads gives each its own linter


def linter_for(settings: Settings, path: str) -> Linter:
    """The linter ``teinei check`` would use for a file at ``path`` (the nearest configuration applies)."""
    from teinei.workspace import Workspace

    workspaces: dict[Settings, Workspace] = _local.__dict__.setdefault("workspaces", {})
    workspace = workspaces.get(settings)
    if workspace is None:
        workspace = workspaces[settings] = Workspace(
            settings.config_file, profile=settings.profile, select=list(settings.select) or None,
            ignore=settings.ignore, rules_dirs=settings.rules_dirs,
        )
    return workspace.linter_for(path)


def audit_partition(partition: Partition, settings: Settings) -> Tally:
    """The counts of one partition. A message that cannot be read is listed with why; nothing stops the run."""
    linter = linter_for(settings, partition.located(partition.path))
    tally = Tally()
    try:
        with _fewer_collections():
            _audit(partition, settings, linter, tally)
    except OSError as error:  # the archive went away or cannot be read: the rest of the run goes on
        tally.unreadable.append((shown_name(partition.path), os_reason(error)))
    return tally


_collections = threading.Lock()
_auditing = 0  # partitions being audited in this process (a Dask worker may run several threads)
_threshold: tuple[int, int, int] = (700, 10, 10)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Linting a mail makes tens of thousands of short-lived objects and next to no reference cycles, and a
    partition keeps only counts: the collector's young scans, every 700 allocations by default, are wasted
    work (a tenth of an audit's processor time in bench/audit.py). While a partition is audited it runs
    every 50,000 (as ``teinei check`` sets it for its run); the process's own setting comes back after the
    last one, so a Dask worker shared with other work keeps its own."""
    global _auditing, _threshold
    with _collections:
        if not _auditing:
            _threshold = gc.get_threshold()
            gc.set_threshold(50_000, 20, 20)
        _auditing += 1
    try:
        yield
    finally:
        with _collections:
            _auditing -= 1
            if not _auditing:
                gc.set_threshold(*_threshold)


def _audit(partition: Partition, settings: Settings, linter: Linter, tally: Tally) -> None:
    for raw in read(partition):
        tally.mails_seen += 1
        if raw.problem is not None:
            tally.unreadable.append((raw.where, raw.problem))
            continue
        try:
            mail = lint_mail(linter, raw.where, raw.data, settings.today, settings.filters)
        except InputError as error:
            tally.unreadable.append((raw.where, error.why))
            continue
        if mail is not None:
            tally.add(mail, rows=settings.rows)
