"""Compiled rule sets kept between runs: a rule set compiled before from the same files is unpickled instead
of parsed, validated and compiled again (most of a single check's time)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from teinei.storage import code_fingerprint, digest, rules_fingerprint, write_atomic

if TYPE_CHECKING:
    from teinei.ruleset.load import RuleSet

FORMAT = "1"  # bump when what is pickled changes shape


def _rules_folder() -> Path:
    """Where compiled rule sets are kept: the user's cache folder, never the project's (see below). A
    relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification says: it would name a folder of
    whatever repository teinei runs in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "teinei"


def _pickle_header(key: str) -> bytes:
    """What a compiled-rule file starts with: its key is compared before a byte of the pickle is read."""
    return f"teinei-rules {key}\n".encode("ascii")


def _own_file(path: Path) -> bytes | None:
    """The bytes of ``path`` when it and its folder belong to this user and nobody else can write to them
    (and neither is a link); else None. A pickle can run code: one that another user could have put or
    changed there is never read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        if not _private(os.lstat(path.parent)):
            return None
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        return file.read() if stat.S_ISREG(info.st_mode) and _private(info) else None


def _private_folder(folder: Path) -> None:
    """Create the folder of compiled rules for this user alone; one of this user's that others may write to
    (made under a umask of 002) is made private, else ``_own_file`` would never read from it."""
    with contextlib.suppress(FileExistsError):
        os.makedirs(folder, mode=0o700)  # (its files are made 0600 by write_atomic)
    info = os.lstat(folder)
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if stat.S_ISDIR(info.st_mode) and mine and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        os.chmod(folder, stat.S_IMODE(info.st_mode) & ~(stat.S_IWGRP | stat.S_IWOTH))


def _private(info: os.stat_result) -> bool:
    """Owned by this user (where there are owners) and writable by no one else; not a link."""
    if stat.S_ISLNK(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


_KEPT_RULE_SETS = 16  # compiled rule sets kept (most recently used first); older ones are removed
_rule_sets: dict[str, RuleSet] = {}


def load_rules(folders: tuple[str, ...] = ()) -> RuleSet:
    """``ruleset.load.load_rules``, but a rule set compiled before from the same files is unpickled instead
    (YAML parsing, validation and regular expression compiling are most of a single check's time).

    The pickle is keyed by the rule files' content, teinei's code and the current folder (rule labels are
    relative to it), and kept in the user's cache folder: a pickle can run code, so one is only ever read
    from where the user's own runs wrote it (``_own_file``), not from a folder that came with a repository,
    and only after the key it starts with is the one asked for. Loading errors are never cached: a broken
    rule file fails exactly as without the cache.
    """
    import pickle

    from teinei.ruleset import load

    key = digest(
        FORMAT, code_fingerprint(), rules_fingerprint(tuple(str(Path(f).resolve()) for f in folders)), os.getcwd()
    )
    if key in _rule_sets:
        return _rule_sets[key]
    path = _rules_folder() / f"rules-{key[:32]}.pickle"
    ruleset = None
    header = _pickle_header(key)
    raw = _own_file(path)
    if raw is not None and raw.startswith(header):
        with contextlib.suppress(Exception):  # damaged, or from an incompatible run: compile
            ruleset = pickle.loads(memoryview(raw)[len(header) :])
            os.utime(path)  # recently used: kept by the pruning below
    if ruleset is None:
        ruleset = load.load_rules(folders)
        with contextlib.suppress(Exception):  # a cache that cannot be written only means no caching
            _private_folder(path.parent)
            write_atomic(path, header + pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL))
            _prune(path.parent)
    _rule_sets[key] = ruleset
    return ruleset


def _prune(folder: Path) -> None:
    kept = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in kept[_KEPT_RULE_SETS:]:
        stale.unlink(missing_ok=True)
