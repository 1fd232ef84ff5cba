"""Result cache: an unchanged file is not linted again.

Each result is stored in ``.teinei_cache/`` under a key made of the file's name and content, the resolved
settings of its linter (profile, selection, configuration file, reference date…), the rule files and the
teinei code and libraries that produced it. Any change to one of those is a different key, so an entry is
never stale; old entries are simply not read again (delete the folder to reclaim the space).

Entries are JSON, never pickle: a cache folder that came with a repository must not be able to run code.
Writes go to a temporary file renamed into place, so concurrent runs never see half an entry, and an entry
that cannot be read or does not hold what its key says is ignored and rewritten. (A large run also keeps an
index per folder, ``folder_index``, answering unchanged files without reading them.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import stat
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teinei.storage import code_fingerprint, digest, rules_fingerprint, write_atomic

if TYPE_CHECKING:
    from teinei.document import Document
    from teinei.findings import LintResult
    from teinei.linter import Linter

CACHE_DIR = ".teinei_cache"
FORMAT = "1"  # bump when the entry layout changes


def _describe(value: Any) -> Any:
    """A stable, JSON-able description of a setting (None when there is none: the run is not cached)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "fingerprint"):
        return value.fingerprint()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _describe(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted((_describe(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_describe(v) for v in value]
    text = repr(value)  # dataclasses (the business calendar): their repr is their value
    if " at 0x" in text:
        raise _Unstable(type(value).__name__)
    return text


class _Unstable(Exception):
    """A setting without a stable description: results of that linter are not cached."""


# Compiled rules (fingerprinted by their files), the calendar (built from the closures and the configuration,
# both described) and a memo.
_SKIPPED = frozenset({"_ruleset", "_calendar", "_active", "_plans"})  # built from the settings on first use


def settings_fingerprint(linter: Linter) -> str | None:
    """Everything a linter was configured with, or None when some setting cannot be described stably."""
    try:
        settings = {k: _describe(v) for k, v in sorted(vars(linter).items()) if k not in _SKIPPED}
    except _Unstable:
        return None
    folders = tuple(str(Path(d).resolve()) for d in getattr(linter, "rules_dirs", ()))
    # Relative names, per-path profiles and ignores are resolved from the current folder.
    settings["cwd"] = os.getcwd()
    return digest(json.dumps(settings, sort_keys=True, ensure_ascii=False), rules_fingerprint(folders))


class ResultCache:
    """Lint results by key, in ``folder`` (default ``.teinei_cache`` in the current folder)."""

    def __init__(self, folder: str | Path = CACHE_DIR) -> None:
        self.folder = Path(folder)
        self._entries = os.path.join(self.folder, f"v{FORMAT}")
        self._settings: dict[int, tuple[Linter, str | None]] = {}
        self._prepared = False
        self._made: set[str] = set()  # folders of the cache checked to be real folders, not links
        # A repository may commit `.teinei_cache -> ../../victim/Documents`: such a cache is not used at all.
        self.usable = _absent_or_folder(self.folder)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_settings": {}}  # linters stay in their process (workers have their own)

    def key(self, linter: Linter, name: str, data: bytes, today: dt.date, message: str = "") -> str | None:
        """The key of a file's result, or None when this linter's results cannot be cached. ``today`` is the
        run's reference date (``reference.run_date``): results depend on the day when no date is given. For
        a message of a mailbox, ``data`` is the message's bytes and ``message`` where it is (its place and
        line, which its result carries): a mail appended to the mailbox leaves the others' entries valid."""
        settings = self.settings(linter)
        if settings is None:
            return None
        if message:
            return digest(FORMAT, code_fingerprint(), settings, name, today.isoformat(), data, message)
        return digest(FORMAT, code_fingerprint(), settings, name, today.isoformat(), data)

    def settings(self, linter: Linter) -> str | None:
        """``settings_fingerprint(linter)``, worked out once per linter."""
        cached = self._settings.get(id(linter))
        if cached is None or cached[0] is not linter:
            cached = self._settings[id(linter)] = (linter, settings_fingerprint(linter))
        return cached[1]

    def _path(self, key: str) -> str:
        # Plain strings: this runs once per file of a run, where pathlib's joins are a measurable cost.
        return os.path.join(self._entries, key[:2], key[2:] + ".json")

    def get(self, key: str, name: str) -> LintResult | None:
        """The stored result, or None (missing, unreadable, or not what the key says: recomputed)."""
        raw = self.read(key)
        return self.parse(key, raw, name) if raw is not None else None

    def read(self, key: str) -> bytes | None:
        """The bytes of the entry stored under ``key`` (None when there is none)."""
        if not self.usable:
            return None
        try:
            with open(self._path(key), "rb") as file:
                return file.read()
        except OSError:
            return None

    def parse(self, key: str, raw: bytes, name: str) -> LintResult | None:
        """The result in an entry's bytes, or None when they do not hold a result for ``key`` and ``name``."""
        entry = read_entry(raw)
        if entry is None or entry.key != key or entry.result.path != name:
            return None
        result = entry.result
        result._document = entry_document(entry, name)
        return result

    def put(self, key: str, result: LintResult, document: Document | None) -> None:
        """Store a result; results with errors (a rule that timed out) and results that would not read back
        identically are not stored."""
        from teinei.result_json import result_from_json

        if result.errors:
            return
        stored = result.model_dump(mode="json")
        try:
            back = result_from_json(json.loads(json.dumps(stored)))
        except (ValueError, TypeError):
            return  # some finding data is not plain JSON: keep it out rather than change it
        if back.model_dump() != result.model_dump():
            return
        entry: dict[str, object] = {"key": key, "result": stored}
        if result.findings and document is not None:  # the lines findings point at, for the text report
            entry["text"] = document.text
            if document.first_line != 1:
                entry["first_line"] = document.first_line
            if document.subject is not None:
                entry["subject"] = document.subject.text
        # A folder that cannot be written to, or a file name that is not UTF-8, only means no caching.
        with contextlib.suppress(OSError, UnicodeEncodeError):
            self.write(Path(self._path(key)), json.dumps(entry, ensure_ascii=False).encode("utf-8"))

    def write(self, path: Path, data: bytes) -> None:
        """Write a file of the cache folder (created, and marked as a cache, on the first write). Never
        through a link: every folder on the way is a real folder, and the rename replaces a link itself."""
        if not self.usable:
            raise OSError(errno.ELOOP, "the cache folder is a symbolic link or not a folder")
        if not self._prepared:
            self._prepare()
        self._make_folders(path.parent)
        write_atomic(path, data)

    def _make_folders(self, folder: Path) -> None:
        """Create ``folder`` inside the cache folder one level at a time, refusing any that is a link."""
        name = os.fspath(folder)
        if name in self._made:
            return
        current = self.folder
        for part in folder.relative_to(self.folder).parts:
            current = current / part
            with contextlib.suppress(FileExistsError):
                os.mkdir(current)
            if not _absent_or_folder(current):
                raise OSError(errno.ELOOP, "a folder of the cache is a symbolic link", os.fspath(current))
        self._made.add(name)

    def _prepare(self) -> None:
        """Create the folder, telling git (and backup tools) to leave it alone. The markers are created only
        where nothing is, not even a link: `.gitignore -> ~/.config/git/ignore` must not become a file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if not _absent_or_folder(self.folder):
            raise OSError(errno.ELOOP, "the cache folder is a symbolic link", os.fspath(self.folder))
        _create(self.folder / ".gitignore", "# Created by teinei: results cache, safe to delete.\n*\n")
        _create(self.folder / "CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# teinei results cache\n")
        self._prepared = True


def _absent_or_folder(path: str | Path) -> bool:
    """Whether nothing is at ``path`` or a real folder is (not a link to one)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _create(path: Path, text: str) -> None:
    """Write a new file, unless something (a file, a folder, a link, even a dangling one) is already there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


class Entry:
    """An entry as read: its key, its result and what the text report needs of the document."""

    __slots__ = ("first_line", "key", "result", "subject", "text")

    def __init__(self, key: str, result: LintResult, text: str | None, subject: str | None, first_line: int) -> None:
        self.key, self.result, self.text, self.subject, self.first_line = key, result, text, subject, first_line


_ENTRY_KEYS = frozenset(("key", "result", "text", "subject", "first_line"))


def read_entry(raw: bytes) -> Entry | None:
    """The entry in ``raw``, every field's type checked (None when it is not an entry teinei wrote): plain
    JSON and ``result_json``, no pydantic, which a check answered from the cache would import for this alone."""
    from teinei.result_json import result_from_json

    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or not data.keys() <= _ENTRY_KEYS:
            return None
        key, text, subject, first_line = data["key"], data.get("text"), data.get("subject"), data.get("first_line", 1)
        if not (isinstance(key, str) and isinstance(text, str | None) and isinstance(subject, str | None)
                and type(first_line) is int):
            return None
        return Entry(key, result_from_json(data["result"]), text, subject, first_line)
    except (ValueError, KeyError, RecursionError):  # (not JSON or UTF-8, a field missing or of a wrong type)
        return None


@lru_cache(maxsize=1)
def entry_model() -> Any:
    """The layout of an entry, as a pydantic model (the folder indexes parse theirs in one pass with it)."""
    from pydantic import ConfigDict, create_model

    from teinei.findings import LintResult

    return create_model(
        "Entry",
        __config__=ConfigDict(extra="forbid"),
        key=(str, ...),
        result=(LintResult, ...),
        text=(str | None, None),
        subject=(str | None, None),
        first_line=(int, 1),
    )


def entry_document(entry: Any, name: str) -> Document | None:
    """Enough of a document to show the lines an entry's findings point at."""
    if not isinstance(entry.text, str):
        return None
    from teinei.document import Document

    document = Document(text=entry.text, path=name, first_line=entry.first_line)
    if isinstance(entry.subject, str):
        document.subject = Document(text=entry.subject, path=name, part="subject")
    return document
