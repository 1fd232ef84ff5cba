"""Where the mail is: mbox files split at ``From `` lines into byte ranges, Maildir and .eml folders into
lists of files. Partitions are read as a stream, one message at a time: memory is bounded by a message."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from teinei.errors import TeineiError, os_reason
from teinei.inputs import MAX_BYTES
from teinei.inputs.mbox import is_separator
from teinei.inputs.messages import TOO_LARGE as _TOO_LARGE
from teinei.inputs.messages import split_mbox

# Partitions of an archive by default. The run ends when its last partition does, while the other workers
# wait: half a partition's time on average, which is small beside the run only when they are many.
AUTO_PARTITIONS = 64
MIN_PARTITION_BYTES = 128 * 1024  # about 100 mails: a task's round trip is small beside its work
MAX_PARTITION_BYTES = 4 * 1024 * 1024  # the most a resumed audit redoes, and a worker holds, of one partition
TYPICAL_MAIL_BYTES = 4096  # a partition of files holds partition bytes / this many files


@dataclass(frozen=True)
class Partition:
    """A piece of the archive audited as one task: a byte range of an mbox file, or a list of mail files."""

    path: str  # the mbox file; for a list of files, the first one (its folder's configuration applies)
    start: int = 0
    end: int = 0
    files: tuple[str, ...] = ()
    size: int = 0  # bytes to read (files: their sizes when planned), for the progress bar
    # The folder the names are relative to: where the audit was started, which a Dask worker's own current
    # folder is not. Mail is still named as given.
    base: str = ""

    def located(self, name: str) -> str:
        """Where a file named in the partition is, from any current folder."""
        return os.path.join(self.base, name)

    @property
    def key(self) -> str:
        """A stable name for the partition: the file it is kept in by ``--resume``."""
        identity = (self.base, self.path, self.start, self.end, self.files)
        digest = hashlib.blake2b(repr(identity).encode(), digest_size=10)
        return digest.hexdigest()


@dataclass(frozen=True)
class RawMail:
    """One message's bytes and where it is (``file`` or ``mbox#byte offset of its From line``)."""

    where: str
    data: bytes
    problem: str | None = None  # why it could not be read at all (in Japanese, as the report gives it)


def plan(paths: list[str], partition_bytes: int | None = None) -> list[Partition]:
    """The partitions of every path, in a stable order: the same archive always gives the same plan. Without
    ``partition_bytes``, it is chosen from the archive's size alone (never from --jobs, which may change
    between an interrupted run and its resumption): a few dozen partitions, to share among the workers."""
    mboxes: list[str] = []
    lists: list[list[str]] = []
    loose: list[str] = []  # .eml files named one by one
    for name in paths:
        path = Path(name)
        if path.is_dir():
            lists.append(_folder_mails(path))
        elif path.is_file():
            (mboxes if _is_mbox(path) else loose).append(name)
        else:
            raise TeineiError("ファイルもフォルダも見つかりません", path=name)
    lists.append(loose)
    if partition_bytes is None:
        estimate = sum(os.path.getsize(m) for m in mboxes) + sum(map(len, lists)) * TYPICAL_MAIL_BYTES
        partition_bytes = min(max(estimate // AUTO_PARTITIONS, MIN_PARTITION_BYTES), MAX_PARTITION_BYTES)
    partitions: list[Partition] = []
    for name in paths:  # in the order given
        if name in mboxes:
            partitions += _mbox_partitions(name, partition_bytes)
    for files in lists:
        partitions += _file_partitions(files, partition_bytes)
    base = os.getcwd()
    return [replace(p, base=base) for p in partitions]


def _is_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(5) == b"From "
    except OSError as error:
        raise TeineiError(f"読み込めません（{os_reason(error)}）", path=str(path)) from None


def _folder_mails(folder: Path) -> list[str]:
    """A Maildir's messages (``cur`` and ``new``; ``tmp`` holds mail still being delivered), else every .eml
    file under the folder; hidden files and folders are skipped."""
    if (folder / "cur").is_dir() or (folder / "new").is_dir():
        found = []
        for sub in ("cur", "new"):
            if (folder / sub).is_dir():
                found += [str(folder / sub / f) for f in sorted(os.listdir(folder / sub)) if not f.startswith(".")]
        return found
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, f) for f in sorted(files) if f.lower().endswith(".eml")]
    return found


def _file_partitions(files: list[str], partition_bytes: int) -> list[Partition]:
    """Lists of files, as many as typical mails of ``partition_bytes`` would be: counted, not measured, so a
    file that changes between two runs does not move the others into other partitions (``--resume``)."""
    count = max(1, partition_bytes // TYPICAL_MAIL_BYTES)
    partitions = []
    for at in range(0, len(files), count):
        batch = tuple(files[at : at + count])
        size = 0
        for name in batch:
            with contextlib.suppress(OSError):  # reported as unreadable when the partition is read
                size += os.stat(name).st_size
        partitions.append(Partition(batch[0], files=batch, size=size))
    return partitions


def _mbox_partitions(name: str, partition_bytes: int) -> list[Partition]:
    """Byte ranges of about ``partition_bytes``, each starting at a separator line."""
    size = os.path.getsize(name)
    starts = [0]
    with open(name, "rb") as file:
        while starts[-1] + partition_bytes < size:
            found = _next_separator(file, starts[-1] + partition_bytes)
            if found is None:
                break
            starts.append(found)
    ends = [*starts[1:], size]
    return [Partition(name, start, end, size=end - start) for start, end in zip(starts, ends, strict=True)]


def _next_separator(file: BinaryIO, offset: int) -> int | None:
    """The offset of the first separator line that starts after ``offset``."""
    file.seek(offset)
    file.readline()  # the rest of the line ``offset`` falls in
    position = file.tell()
    file.seek(max(0, position - 3))  # to know whether the line before the first whole one is empty
    before = file.read(position - file.tell())
    after_empty = before.endswith((b"\n\n", b"\n\r\n"))
    for line in file:
        if is_separator(line, after_empty):
            return position
        after_empty = line in (b"\n", b"\r\n")
        position += len(line)
    return None


def read(partition: Partition) -> Iterator[RawMail]:
    """The messages of a partition, one at a time, in file order."""
    if partition.files:
        for name in partition.files:
            yield _read_file(name, partition.located(name))
    else:
        yield from _read_mbox(partition)


def shown_name(name: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 (kept by the file system as surrogates, which
    no UTF-8 report can hold) written as ``\\udcff`` escapes."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _read_file(name: str, path: str) -> RawMail:
    name = shown_name(name)
    try:
        # Opened without blocking and checked: a named pipe in a mail folder must not stall the whole audit.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return RawMail(name, b"", problem="通常のファイルではありません（名前付きパイプや装置など）")
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        return RawMail(name, b"", problem=os_reason(error))
    if len(data) > MAX_BYTES:
        return RawMail(name, b"", problem=_TOO_LARGE)
    return RawMail(name, data)


def _read_mbox(partition: Partition) -> Iterator[RawMail]:
    """The partition's messages as ``teinei check`` splits an mbox (``inputs.messages.split_mbox``)."""
    with open(partition.located(partition.path), "rb") as file:
        for mail in split_mbox(file, partition.start, partition.end):
            yield RawMail(f"{shown_name(partition.path)}#{mail.offset}", mail.data, mail.problem)
