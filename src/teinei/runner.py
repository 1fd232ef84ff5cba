"""Checking many files: results from the cache where the file is unchanged, the rest linted in ``jobs``
worker processes, everything reported in the order the files were given. An mbox is many messages: each is
checked, cached and reported on its own (``Outcome.parts``), named by its place in the mailbox.

A single file, or a handful, is checked in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from teinei.errors import InputError
from teinei.lazy_re import lazy
from teinei.reference import run_date

if TYPE_CHECKING:
    from teinei.cache import ResultCache
    from teinei.document import Document
    from teinei.findings import LintResult, MessageRef
    from teinei.folder_index import FolderIndexes, Signature, State
    from teinei.inputs.messages import Message
    from teinei.linter import Linter
    from teinei.workspace import Workspace

    # --fix / --diff for one document: (result, fixes made); raises WriteError when the file was not written.
    Fixer = Callable[[Linter, Document, dt.date | None], tuple[LintResult, int]]

_PARALLEL_FROM = 8  # files to lint (not cached) below which workers are not worth starting
_LOOKUPS_FROM = 512  # files from which even cache lookups are shared among workers
_CHUNK = 32  # most files per task sent to a worker: enough to amortise the round trip
_INDEX_FROM = 64  # files from which the cache's folder indexes are read (each holds a whole folder)
CRASHED = "cannot check: the process checking this file stopped abruptly (a crash in teinei or a library it uses)"
# One line (exit 2): a message rewritten inside a mailbox could not be written back byte for byte.
NOT_FIXED_MBOX = (
    "修正していません: mbox の中のメールは自動修正できません（--fix と --diff を外すと、1 通ずつ指摘を表示します）"
)


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Outcome:
    """What checking one file gave: its result (None when unreadable) and its lines for standard error.
    An mbox gives one outcome per message in ``parts`` (its own ``result`` is then None, its ``messages``
    are theirs)."""

    name: str
    result: LintResult | None = None
    messages: list[str] = field(default_factory=list)
    fixes: int = 0
    state: State | None = None  # for the cache's folder index (None: not to be indexed)
    failed: bool = False  # checked, but --fix could not write it (its findings are still reported)
    raw: bytes | None = None  # standard input that could not be checked, for --fix to pass through unchanged
    parts: list[Outcome] | None = None  # the messages of a mailbox, in the mailbox's order
    mail: MessageRef | None = None  # which message of a mailbox this is (for one that could not be read)

    def units(self) -> list[Outcome]:
        """The outcomes reported: each message of a mailbox, or this file's own."""
        return self.parts if self.parts else [self]


class Run(NamedTuple):
    """A whole run: results in the order of the files, and what --fix / --diff did."""

    outcomes: list[Outcome]

    @property
    def results(self) -> list[LintResult]:
        return [u.result for o in self.outcomes for u in o.units() if u.result is not None]

    @property
    def reported(self) -> list[LintResult]:
        """Every file (every message of a mailbox) for the report: one not read is a result with its
        ``error`` and no findings, so the summary, JSON and SARIF say it was not checked instead of leaving
        it out."""
        from teinei.findings import LintResult

        return [
            u.result if u.result is not None else LintResult(path=u.name, message=u.mail, error=_why(u))
            for o in self.outcomes
            for u in o.units()
        ]

    @property
    def unreadable(self) -> bool:
        """Whether a file or message could not be read, or (--fix) written: the run's exit code is then 2."""
        return any(u.result is None or u.failed for o in self.outcomes for u in o.units())

    @property
    def fixes(self) -> int:
        return sum(o.fixes for o in self.outcomes)

    @property
    def changed_files(self) -> int:
        return sum(1 for o in self.outcomes if o.fixes)


def _why(outcome: Outcome) -> str:
    """A file's error without its name (``path: why`` -> ``why``; a message's without its name, line and
    label)."""
    prefix = f"{outcome.name}: "
    if outcome.mail is not None:
        prefix = f"{outcome.name}:{outcome.mail.line}: "
    why = "; ".join(_unlabelled(m.removeprefix(prefix)) for m in outcome.messages)
    return why or "チェックしていません"


_LABELLED = lazy(r"\d+ 通目のメール")  # (compiled on first use: a one-shot check never asks)


def _unlabelled(why: str) -> str:
    """``3 通目のメール <id>: why`` -> ``why`` (the result names its message)."""
    return why.split(": ", 1)[1] if _LABELLED.match(why) and ": " in why else why


@dataclass
class _Context:
    """What every file of a run shares. Worker processes inherit it (fork) or rebuild it (spawn)."""

    workspace: Workspace | None
    make_workspace: Callable[[], Workspace] | None
    today: dt.date  # the run's reference date (``reference.run_date``)
    blobs: dict[str, bytes]
    cache: ResultCache | None

    folders: dict[str, Linter] = field(default_factory=dict)
    files: dict[str, Linter] = field(default_factory=dict)  # asked several times per file in a large run
    stdin_name: str = "-"  # what standard input is checked as (``--stdin-filename``)

    def linter_for(self, name: str) -> Linter:
        """The workspace's linter for a file; files of one folder share it (the configuration is found per
        folder), except a symbolic link, which the workspace follows to its target's folder."""
        linter = self.files.get(name)
        if linter is not None:
            return linter
        if self.workspace is None:
            assert self.make_workspace is not None
            self.workspace = self.make_workspace()
        shared = name != "-" and not self.workspace.is_link(name)
        folder = os.path.dirname(name)
        linter = self.folders.get(folder) if shared else None
        if linter is None:
            linter = self.workspace.linter_for(name)
            if shared:
                self.folders[folder] = linter
        self.files[name] = linter
        return linter


_context: _Context | None = None  # set in each worker process


def check_files(
    names: Sequence[str],
    workspace: Workspace,
    *,
    today: dt.date | None = None,
    blobs: dict[str, bytes] | None = None,
    jobs: int | None = None,
    cache: ResultCache | None = None,
    fixer: Fixer | None = None,
    make_workspace: Callable[[], Workspace] | None = None,
    report: Callable[[Outcome], None] | None = None,
    progress: Callable[[int], None] | None = None,
    stdin_name: str | None = None,
) -> Run:
    """Check ``names`` (``-`` is standard input; with ``blobs``, the staged contents by name).

    ``report`` is called with each file's outcome in the order of ``names``. With ``fixer`` (--fix, --diff)
    files are rewritten one after the other in this process and nothing is cached. ``make_workspace``
    rebuilds the workspace in worker processes on systems that cannot fork. ``progress`` is called with the
    number of files done so far as they finish, in any order (for a progress bar). ``stdin_name`` is the name
    standard input is checked as (its content is in ``blobs``): with ``fixer`` it is given back like ``-``.
    """
    today = run_date(today)  # once: a run that crosses midnight keys and lints every file on one day
    context = _Context(workspace, make_workspace, today, blobs or {}, cache if fixer is None else None)
    context.stdin_name = stdin_name or "-"
    emit = report or (lambda outcome: None)
    finished = 0

    def tick(count: int = 1) -> None:
        nonlocal finished
        finished += count
        if progress is not None and count:
            progress(finished)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    outcomes: list[Outcome | None] = [None] * len(names)
    contents: dict[int, _Read] = {}  # files read for their cache key, not to be read twice
    files = [i for i, name in enumerate(names) if name != "-"]
    indexes = None
    if fixer is None and context.cache is not None and len(files) >= _INDEX_FROM:
        from teinei.folder_index import FolderIndexes

        indexes = FolderIndexes(context.cache, today)
        for index in files:
            outcomes[index] = _indexed(context, indexes, names[index])
        tick(sum(outcomes[i] is not None for i in files))
        files = [i for i in files if outcomes[i] is None]
    if fixer is None and jobs > 1 and context.cache is not None and len(files) >= _LOOKUPS_FROM:
        # A large run: workers look up the cache too, and lint what it lacks. A stored entry comes back as
        # its bytes, parsed here: sending results between processes would cost more than it saves.
        found = _in_workers(context, [names[i] for i in files], jobs, _work_or_stored)
        for index, item in zip(files, found, strict=True):
            outcomes[index] = item if isinstance(item, Outcome) else _from_entry(context, item)
            tick()
    else:
        for index in files if fixer is None and context.cache is not None else ():
            stored, read = _stored(context, names[index])
            if read is not None:
                contents[index] = read
            if stored is not None:
                outcomes[index] = _from_entry(context, stored)
                tick()
        todo = [i for i in files if outcomes[i] is None]
        if fixer is None and jobs > 1 and len(todo) >= _PARALLEL_FROM:
            contents.clear()  # workers read their files themselves
            workspace.compile_rules()  # once, here: forked workers inherit the compiled rules
            done = _in_workers(context, [names[i] for i in todo], jobs, _work)
            for index, outcome in zip(todo, done, strict=True):
                outcomes[index] = outcome
                tick()
    checked: list[Outcome] = []
    for index, name in enumerate(names):
        outcome = outcomes[index]
        if outcome is None:
            outcome = _check(context, name, fixer, contents.pop(index, None))
            tick()
        emit(outcome)
        checked.append(outcome)
    if indexes is not None:
        for outcome in checked:
            if not _indexable(context, outcome.name):
                continue
            linter = context.linter_for(outcome.name)
            if outcome.parts is not None:
                indexes.record_messages(outcome.name, linter, [part.state for part in outcome.parts])
            else:
                indexes.record(outcome.name, linter, outcome.state)
        indexes.save()
    return Run(checked)


def _indexable(context: _Context, name: str) -> bool:
    """Whether a file is one a folder index can answer for: a file on disk (not staged), not a link."""
    assert context.workspace is not None  # (indexes are read and written by the run's own process)
    return name not in context.blobs and not context.workspace.is_link(name)


def _indexed(context: _Context, indexes: FolderIndexes, name: str) -> Outcome | None:
    """A file's outcome from its folder's index (None when the index does not hold it unchanged); a
    mailbox's, with each of its messages."""
    if not _indexable(context, name):
        return None
    linter = context.linter_for(name)
    found = indexes.lookup(name, linter)
    if found is not None:
        return Outcome(name, found[0], state=(found[1], found[2]))
    mails = indexes.lookup_messages(name, linter)
    if mails is None:
        return None
    parts = [Outcome(name, result, state=(signature, key), mail=result.message) for result, signature, key in mails]
    return Outcome(name, None, parts=parts)


_Read = tuple[bytes, "Signature | None"]  # a file's bytes, and its signature when read (see ``_read``)


def _read(context: _Context, name: str) -> _Read:
    """The bytes of a file as the run sees it (its staged content, or the file), with ``read_path``'s
    checks and messages, and the file's signature for the cache's folder index (None for staged content)."""
    if name in context.blobs:
        return context.blobs[name], None
    from teinei.inputs import read_file

    data, info = read_file(name)
    if context.cache is None:  # (no folder index to keep)
        return data, None
    from teinei.folder_index import signature

    return data, signature(info, time.time_ns())


class _Entry(NamedTuple):
    """A file's stored result as the bytes of its cache entry (parsed in the process that reports it)."""

    name: str
    key: str
    raw: bytes  # (not the file's content: should the entry not parse, the file is read again to lint it)
    signature: Signature | None


def _stored(context: _Context, name: str) -> tuple[_Entry | None, _Read | None]:
    """The cache entry of an unchanged file (or None), and what was read to find it."""
    assert context.cache is not None
    try:
        read = data, found = _read(context, name)
    except InputError:
        return None, None  # reported when the file is checked
    from teinei.inputs.mbox import is_mailbox

    if is_mailbox(data):
        return None, read  # each message is looked up when the mailbox is checked
    key = context.cache.key(context.linter_for(name), name, data, context.today)
    raw = context.cache.read(key) if key is not None else None
    return (_Entry(name, key, raw, found) if key is not None and raw is not None else None), read


def _from_entry(context: _Context, entry: _Entry) -> Outcome:
    assert context.cache is not None
    result = context.cache.parse(entry.key, entry.raw, entry.name)
    if result is None:
        return _check(context, entry.name, None)
    return Outcome(entry.name, result, state=(entry.signature, entry.key) if entry.signature else None)


def _check(context: _Context, name: str, fixer: Fixer | None, read: _Read | None = None) -> Outcome:
    """Read (unless given what was read), lint (or fix) and cache one file."""
    import io

    from teinei.inputs import StdinTooLarge, TooLarge, read_bytes, read_stdin
    from teinei.inputs.mbox import is_mailbox

    data = None
    try:
        if read is None and name == "-" and name not in context.blobs:
            read = (read_stdin(), None)
        elif read is None:
            read = _read(context, name)
        data, found = read
        if is_mailbox(data):
            from teinei.inputs.messages import split_mbox  # (mailboxes only: a file of one message needs none)

            return _check_mailbox(context, name, fixer, split_mbox(io.BytesIO(data)), data, found)
        document = read_bytes(data, name)
    except InputError as error:
        from teinei.inputs.messages import open_mailbox, split_mbox

        mailbox = open_mailbox(name) if isinstance(error, TooLarge) and name not in context.blobs else None
        if mailbox is not None:  # the size limit is a message's: a large mailbox is read a message at a time
            with mailbox:
                return _check_mailbox(context, name, fixer, split_mbox(mailbox))
        # `pbpaste | teinei check --fix - | pbcopy` must give the text back even when there is nothing to check.
        data = error.data if isinstance(error, StdinTooLarge) else data
        piped = name in ("-", context.stdin_name)
        return Outcome(name, None, [str(error)], raw=data if piped and fixer is not None else None)
    linter = context.linter_for(name)
    # An e-mail's own Date header outranks --date: it says when the message was (or will be) sent.
    when = None if document.date else context.today
    fixes = 0
    state = None
    raw = None
    if fixer is not None:
        from teinei.writeback import WriteError

        if name in ("-", context.stdin_name) and "email" in document.facts:  # e-mail is given back unchanged
            raw = data
        try:
            result, fixes = fixer(linter, document, when)
        except WriteError as error:  # left as it was: its findings are still the report's
            result = linter.lint_document(document, today=when)
            return Outcome(name, result, [str(error), *(f"{name}: {p}" for p in result.errors)], failed=True)
    else:
        result = linter.lint_document(document, today=when)
        if context.cache is not None and name != "-":
            key = context.cache.key(linter, name, data, context.today)
            if key is not None:
                context.cache.put(key, result, document)
                state = (found, key) if found is not None else None
    return Outcome(name, result, [f"{name}: {problem}" for problem in result.errors], fixes, state, raw=raw)


def _check_mailbox(
    context: _Context,
    name: str,
    fixer: Fixer | None,
    mails: Iterator[Message],
    data: bytes | None = None,
    found: Signature | None = None,
) -> Outcome:
    """Each message of a mailbox checked (and cached) on its own, in the mailbox's order; ``found`` is the
    mailbox's signature when it was read (its messages are then indexed). --fix and --diff are refused: a
    message rewritten inside the mailbox could not be written back byte for byte."""
    if fixer is not None:
        piped = name in ("-", context.stdin_name)
        return Outcome(name, None, [f"{name}: {NOT_FIXED_MBOX}"], raw=data if piped else None)
    linter = context.linter_for(name)
    parts = [_check_message(context, linter, name, mail, found) for mail in mails]
    return Outcome(name, None, [line for part in parts for line in part.messages], parts=parts)


def _check_message(
    context: _Context, linter: Linter, name: str, mail: Message, found: Signature | None = None
) -> Outcome:
    """One message of a mailbox: its stored result when the cache has one for its bytes and place, else
    read, linted and stored. Its lines for standard error start with the mailbox's line of the message."""
    from teinei.inputs.messages import document as message_document

    ref = mail.ref()
    where = f"{name}:{mail.line}: "
    key = None
    if context.cache is not None and name != "-" and mail.problem is None:
        key = context.cache.key(linter, name, mail.data, context.today, message=f"{mail.index}:{mail.line}")
        raw = context.cache.read(key) if key is not None else None
        stored = context.cache.parse(key, raw, name) if key is not None and raw is not None else None
        if stored is not None and stored.message == ref:
            assert key is not None
            return Outcome(name, stored, state=(found, key) if found is not None else None, mail=ref)
    try:
        document = message_document(mail, name)
    except InputError as error:
        return Outcome(name, None, [f"{where}{mail.label()}: {error.why}"], mail=ref)
    result = linter.lint_document(document, today=None if document.date else context.today)
    result.message = ref
    state = None
    if key is not None:
        assert context.cache is not None
        context.cache.put(key, result, document)
        state = (found, key) if found is not None else None
    lines = [f"{where}{mail.label()}: {problem}" for problem in result.errors]
    return Outcome(name, result, lines, state=state, mail=ref)


def _in_workers(
    context: _Context, names: list[str], jobs: int, work: Callable[[list[str]], list[Any]]
) -> Iterator[Any]:
    """``work`` over chunks of ``names`` in ``jobs`` processes; one item per name, in the order of ``names``,
    each chunk's as soon as it is done (the caller works on it while the workers go on).

    A worker that dies (MeCab or another native library crashing on some input) must neither hang the run
    nor lose the other files: the chunks it left unfinished are checked again one process at a time, and
    the file that kills its process again is one line of its own."""
    global _context
    import multiprocessing  # only when workers are started: its import is a cost single checks skip
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(_CHUNK, -(-len(names) // (jobs * 4))))  # a few chunks per worker, to balance
    chunks = [names[at : at + size] for at in range(0, len(names), size)]
    jobs = min(jobs, len(chunks))
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        # Workers inherit the loaded rules, the tagger and the configuration: nothing to rebuild.
        _context = context
        start: dict[str, Any] = {"mp_context": multiprocessing.get_context("fork")}
    else:
        shared = _Context(None, context.make_workspace, context.today, context.blobs, context.cache)
        if shared.make_workspace is None:  # nothing to build the workspace with: check here
            yield from (_check(context, name, None) for name in names)
            return
        start = {"mp_context": multiprocessing.get_context("spawn"), "initializer": _start_worker,
                 "initargs": (shared,)}
    try:
        with ProcessPoolExecutor(jobs, **start) as pool:
            futures = [pool.submit(work, chunk) for chunk in chunks]
            broken = len(futures)
            for index, future in enumerate(futures):
                try:
                    items = future.result()
                except BrokenProcessPool:
                    broken = index
                    break
                yield from items
        if broken < len(futures):
            alone = _OneAtATime(work, start)
            try:
                for future, chunk in zip(futures[broken:], chunks[broken:], strict=True):
                    finished = future.done() and future.exception() is None
                    yield from future.result() if finished else alone.run(chunk)
            finally:
                alone.close()
    finally:
        _context = None


class _OneAtATime:
    """The files a dead worker left, each alone in a one-worker pool (a new pool after each death), so the
    file that kills its process is known and is one line of its own."""

    def __init__(self, work: Callable[[list[str]], list[Any]], start: dict[str, Any]) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.work, self.start = work, start
        self.pool = ProcessPoolExecutor(1, **start)

    def run(self, chunk: list[str]) -> list[Any]:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        items: list[Any] = []
        for name in chunk:
            try:
                items += self.pool.submit(self.work, [name]).result()
            except BrokenProcessPool:
                items.append(Outcome(name, None, [f"{name}: {CRASHED}"]))
                self.pool.shutdown()
                self.pool = ProcessPoolExecutor(1, **self.start)
        return items

    def close(self) -> None:
        self.pool.shutdown()


def _start_worker(context: _Context) -> None:
    global _context
    _context = context


def _work(chunk: list[str]) -> list[Outcome]:
    assert _context is not None
    return [_check(_context, name, None) for name in chunk]


def _work_or_stored(chunk: list[str]) -> list[Outcome | _Entry]:
    """Each file's stored entry when the cache has it, else its outcome (linted and stored)."""
    assert _context is not None
    done: list[Outcome | _Entry] = []
    for name in chunk:
        entry, read = _stored(_context, name)
        done.append(entry if entry is not None else _check(_context, name, None, read))
    return done
