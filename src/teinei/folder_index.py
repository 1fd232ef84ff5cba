"""Folder indexes of the result cache: in a large run, a file whose size, times and inode are those it had
when it was last checked is answered from its folder's index, without being read or hashed.

The result cache proper is keyed by content (``cache.ResultCache``). An index only remembers, for one folder
and one linter's settings, each file's signature (``os.stat``) and a copy of the entry its content had, so
that re-checking a large unchanged tree reads one index per folder instead of every file and its entry. As in
git's index, a file changed within a moment of being read could keep its times, so such a file is not indexed
(``_SETTLING_NS``). An index that cannot be read is ignored; one is rewritten whole, renamed into place, when
a file of its folder changed, so concurrent runs at worst undo each other's update, never corrupt one.

An mbox is indexed message by message: one item per message, named by the mailbox and the message's place
(``sent.mbox``, NUL, ``3``: no file name holds a NUL), each with the mailbox's signature and the message's
entry. A mailbox is answered from its index only when every message has its item.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teinei.cache import FORMAT, ResultCache, code_fingerprint, digest, entry_document, entry_model

if TYPE_CHECKING:
    from teinei.findings import LintResult
    from teinei.linter import Linter

Signature = tuple[int, int, int, int, int]  # size, modification and change times (ns), inode, device
State = tuple[Signature, str]  # what an index records of a file: its signature when read, and its entry's key
_SETTLING_NS = 2_000_000_000  # a file changed less than this before it was read is not indexed
_MESSAGE = "\0"  # between a mailbox's name and a message's place in an item's name


def _item_name(name: str, index: int) -> str:
    return f"{name}{_MESSAGE}{index}"


def _source(item_name: str) -> str:
    """The file an item is about (a mailbox, for one of its messages)."""
    return item_name.partition(_MESSAGE)[0]


def signature(info: os.stat_result, read_ns: int) -> Signature | None:
    """What identifies a file's state, or None when it changed too shortly before ``read_ns`` (when it was
    read) for a later change to be sure to show in its times."""
    if max(info.st_mtime_ns, info.st_ctime_ns) > read_ns - _SETTLING_NS:
        return None
    return _signature(info)


def _signature(info: os.stat_result) -> Signature:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


@lru_cache(maxsize=1)
def _index_model() -> Any:
    """An index's layout: name -> the file's signature and its cache entry, parsed and checked in one pass."""
    from pydantic import ConfigDict, create_model

    config = ConfigDict(extra="forbid")
    item = create_model("IndexItem", __config__=config, signature=(tuple[int, int, int, int, int], ...),
                        entry=(entry_model(), ...))
    return create_model("FolderIndex", __config__=config, files=(dict[str, item], ...))  # type: ignore[valid-type]


class _Folder:
    """One folder's index as read (its items by name) and what this run found of its files."""

    def __init__(self, path: str, items: dict[str, Any]) -> None:
        self.path = path
        self.items = items  # name -> IndexItem
        self.seen: dict[str, State | None] = {}  # name -> what this run found of it


class FolderIndexes:
    """The folder indexes a run reads and updates (``lookup`` each file, ``record`` what was checked, then
    ``save``)."""

    def __init__(self, cache: ResultCache, today: dt.date) -> None:
        self.cache = cache
        self.today = today
        self._folders: dict[tuple[str, int], _Folder | None] = {}  # (folder as named, linter) -> its index

    def _folder(self, name: str, linter: Linter) -> _Folder | None:
        folder = os.path.dirname(name)
        key = (folder, id(linter))
        if key not in self._folders:
            settings = self.cache.settings(linter)
            if settings is None:  # this linter's results are not cached at all
                self._folders[key] = None
                return None
            when = self.today.isoformat()
            named = digest(FORMAT, "folder", code_fingerprint(), settings, when, os.path.abspath(folder))
            path = os.path.join(self.cache.folder, f"v{FORMAT}", "folders", f"{named[:32]}.index")
            self._folders[key] = _Folder(path, _read(path))
        return self._folders[key]

    def lookup(self, name: str, linter: Linter) -> tuple[LintResult, Signature, str] | None:
        """The stored result of an unchanged file, with its signature and entry key, or None."""
        folder = self._folder(name, linter)
        item = folder.items.get(name) if folder is not None else None
        if item is None:
            return None
        try:
            info = os.stat(name)
        except OSError:
            return None
        found = _signature(info)
        entry = item.entry
        if found != item.signature or entry.result.path != name:
            return None
        result = entry.result
        result._document = entry_document(entry, name)
        return result, found, entry.key

    def lookup_messages(self, name: str, linter: Linter) -> list[tuple[LintResult, Signature, str]] | None:
        """The stored results of an unchanged mailbox, one per message in the mailbox's order, or None."""
        folder = self._folder(name, linter)
        if folder is None or _item_name(name, 1) not in folder.items:
            return None
        try:
            found = _signature(os.stat(name))
        except OSError:
            return None
        results = []
        index = 1
        while (item := folder.items.get(_item_name(name, index))) is not None:
            entry = item.entry
            message = entry.result.message
            if item.signature != found or entry.result.path != name or message is None or message.index != index:
                return None
            result = entry.result
            result._document = entry_document(entry, name)
            results.append((result, found, entry.key))
            index += 1
        return results

    def record(self, name: str, linter: Linter, state: State | None) -> None:
        """What this run found of a file: its signature and entry key, or None (not to be indexed)."""
        folder = self._folder(name, linter)
        if folder is not None:
            folder.seen[name] = state

    def record_messages(self, name: str, linter: Linter, states: list[State | None]) -> None:
        """What this run found of a mailbox's messages; unless every one can be indexed, none is (a lookup
        must never miss a message), and items of messages the mailbox no longer has are dropped."""
        folder = self._folder(name, linter)
        if folder is None:
            return
        whole = all(state is not None for state in states)
        for index, state in enumerate(states, 1):
            folder.seen[_item_name(name, index)] = state if whole else None
        index = len(states) + 1
        while _item_name(name, index) in folder.items:
            folder.seen[_item_name(name, index)] = None
            index += 1

    def save(self) -> None:
        """Rewrite the index of each folder where a file's state differs from what its index holds."""
        for folder in self._folders.values():
            if folder is None or not folder.seen:
                continue
            held = {name: (item.signature, item.entry.key) for name, item in folder.items.items()}
            if all(held.get(name) == state for name, state in folder.seen.items()):
                continue
            states = {**held, **folder.seen}
            with contextlib.suppress(OSError):  # an index that cannot be written only means a slower re-check
                self._write(folder.path, states)

    def _write(self, path: str, states: dict[str, State | None]) -> None:
        """The index of ``states`` with a copy of each entry, as stored now (a file whose entry is missing or
        does not hold its result is left out)."""
        items: dict[str, bytes] = {}
        incomplete: set[str] = set()  # mailboxes with a message left out: all of theirs are (see record_messages)
        for name, state in sorted(states.items()):
            if state is None:
                continue
            found, key = state
            source = _source(name)
            raw = self.cache.read(key)
            if raw is None or self.cache.parse(key, raw, source) is None:
                incomplete.add(source)
                continue
            named, signed = json.dumps(name).encode(), json.dumps(found).encode()
            items[name] = b'%s:{"signature":%s,"entry":%s}' % (named, signed, raw)
        parts = [item for name, item in items.items() if _MESSAGE not in name or _source(name) not in incomplete]
        self.cache.write(Path(path), b'{"files":{' + b",".join(parts) + b"}}")


def _read(path: str) -> dict[str, Any]:
    """An index's items by name; none when it is missing or does not parse."""
    from pydantic import ValidationError

    try:
        with open(path, "rb") as file:
            return _index_model().model_validate_json(file.read()).files
    except (OSError, ValueError, ValidationError):
        return {}
