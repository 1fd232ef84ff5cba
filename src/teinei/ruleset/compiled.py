"""Compiled rules kept between runs: a rule set compiled before from the same files is unpickled instead of
parsed, validated and compiled again (most of a single check's time), and so are the rules a configuration's
vocabulary makes. Rule and concept models are pickled as plain records (``teinei.ruleset.record``), so
unpickling imports neither pydantic nor YAML; each regular expression's literal gate (``teinei.regex_gate``)
is kept beside them, so a one-shot check does not read the expressions' syntax again (about 14 ms of it)."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from teinei.storage import (
    code_fingerprint,
    digest,
    prune,
    read_own_file,
    rules_fingerprint,
    user_cache_folder,
    write_atomic,
)
from teinei.storage import make_private_folder as _private_folder

if TYPE_CHECKING:
    from teinei.ruleset.rule_set import RuleSet

FORMAT = "10"  # bump when what is pickled changes shape
T = TypeVar("T")

_KEPT_RULE_SETS = 16  # compiled rule sets kept (most recently used first), and as many of each other kind
_rule_sets: dict[str, RuleSet] = {}  # this process's, by key (servers' threads share it)
_memo_lock = threading.Lock()


def compiled_rules(folders: tuple[str, ...] = ()) -> RuleSet:
    """``ruleset.load.read_rules``, but a rule set compiled before from the same files is unpickled instead
    (YAML parsing, validation and regular expression compiling are most of a single check's time).

    The pickle is keyed by the rule files, teinei's code and the files' labels (relative to the current
    folder when inside it: one compiled set serves every project folder), and kept in the user's cache
    folder: a pickle can run code, so one is only ever read from where the user's own runs wrote it
    (``read_own_file``), not from a folder that came with a repository, and only after the key it starts
    with is the one asked for. Loading errors are never cached: a broken rule file fails exactly as without
    the cache.
    """
    key = digest(FORMAT, code_fingerprint(), rules_fingerprint(folders, labels=True))
    with _memo_lock:
        found = _rule_sets.pop(key, None)
    if found is None:
        found = kept("rules", key, lambda: _compile(folders))
    with _memo_lock:
        _rule_sets[key] = found  # (last: the most recently used)
        while len(_rule_sets) > _KEPT_RULE_SETS:  # a server whose rule files are edited all day stays its size
            del _rule_sets[next(iter(_rule_sets))]
    return found


def _compile(folders: tuple[str, ...]) -> RuleSet:
    from teinei.ruleset import load  # (YAML and pydantic: only when the rules were not kept)

    return load.read_rules(folders)


def kept(kind: str, key: str, compile_: Callable[[], T]) -> T:
    """What ``compile_`` returns, unpickled from the user's cache folder when a run kept it under ``key``
    (which should hold teinei's code fingerprint), else compiled and kept. Either way the caller gets the
    objects a later run will read: pydantic models come back as records."""
    import pickle

    from teinei.regex_gate import learn

    path = user_cache_folder() / f"{kind}-{key[:32]}.pickle"
    header = f"teinei-{kind} {key}\n".encode("ascii")  # compared before a byte of the pickle is read
    raw = read_own_file(path)
    if raw is not None and raw.startswith(header):
        found: T | None = None
        with contextlib.suppress(Exception):  # damaged, or from an incompatible run: compile
            found, gates = pickle.loads(memoryview(raw)[len(header) :])
            learn(gates)
        if found is not None:  # (what is kept is never None)
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept by the pruning below
            return found
    data = _dumps(compile_())
    with contextlib.suppress(Exception):  # a cache that cannot be written only means no caching
        _private_folder(path.parent)
        write_atomic(path, header + data)
        prune(path, f"{kind}-*.pickle", _KEPT_RULE_SETS)
    found, gates = pickle.loads(data)
    learn(gates)
    return found  # type: ignore[no-any-return]


def _dumps(compiled: object) -> bytes:
    """The pickle of compiled rules and the gates of their regular expressions (``(rules, gates)``), each
    pydantic model in them pickled as a ``Record`` of its fields."""
    import io
    import pickle

    import regex
    from pydantic import BaseModel

    from teinei.checks.token_pattern import TokenTest
    from teinei.lazy_re import kept as kept_pattern
    from teinei.regex_gate import gate
    from teinei.ruleset.record import record_reduction

    aliases: dict[type, dict[str, str]] = {}
    gates: dict[tuple[str, int], object] = {}
    tests: dict[tuple[object, ...], TokenTest] = {}

    class _Pickler(pickle.Pickler):
        def reducer_override(self, obj: object) -> object:
            if isinstance(obj, regex.Pattern):  # built on first use (most are ruled out by their gate)
                gates[obj.pattern, obj.flags] = gate(obj)
                return kept_pattern(obj)
            if isinstance(obj, TokenTest):  # rules repeat conditions (a particle, a polite ending): kept once
                first = tests.setdefault(obj.shape(), obj)
                return NotImplemented if first is obj else (_same, (first,))
            return record_reduction(obj, aliases, _apart) if isinstance(obj, BaseModel) else NotImplemented

    def _apart(value: object) -> bytes:
        apart = io.BytesIO()
        _Pickler(apart, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        return apart.getvalue()

    buffer = io.BytesIO()
    # The gates are filled while the rules are pickled, and pickled after them (a tuple's items in order).
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((compiled, gates))
    return buffer.getvalue()


def _same(kept: T) -> T:
    """How a condition equal to one pickled before is unpickled: as that one (one memo serves both)."""
    return kept
