"""Compiled rule sets kept between runs: a rule set compiled before from the same files is unpickled instead
of parsed, validated and compiled again (most of a single check's time). Rule and concept models are pickled
as plain records (``teinei.ruleset.record``), so unpickling imports neither pydantic nor YAML."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from teinei.storage import code_fingerprint, digest, read_own_file, rules_fingerprint, user_cache_folder, write_atomic
from teinei.storage import make_private_folder as _private_folder

if TYPE_CHECKING:
    from teinei.ruleset.load import RuleSet

FORMAT = "2"  # bump when what is pickled changes shape


def _pickle_header(key: str) -> bytes:
    """What a compiled-rule file starts with: its key is compared before a byte of the pickle is read."""
    return f"teinei-rules {key}\n".encode("ascii")


_KEPT_RULE_SETS = 16  # compiled rule sets kept (most recently used first); older ones are removed
_rule_sets: dict[str, RuleSet] = {}


def load_rules(folders: tuple[str, ...] = ()) -> RuleSet:
    """``ruleset.load.load_rules``, but a rule set compiled before from the same files is unpickled instead
    (YAML parsing, validation and regular expression compiling are most of a single check's time).

    The pickle is keyed by the rule files' content, teinei's code and the current folder (rule labels are
    relative to it), and kept in the user's cache folder: a pickle can run code, so one is only ever read
    from where the user's own runs wrote it (``read_own_file``), not from a folder that came with a repository,
    and only after the key it starts with is the one asked for. Loading errors are never cached: a broken
    rule file fails exactly as without the cache.
    """
    import pickle

    key = digest(
        FORMAT, code_fingerprint(), rules_fingerprint(tuple(str(Path(f).resolve()) for f in folders)), os.getcwd()
    )
    if key in _rule_sets:
        return _rule_sets[key]
    path = user_cache_folder() / f"rules-{key[:32]}.pickle"
    ruleset = None
    header = _pickle_header(key)
    raw = read_own_file(path)
    if raw is not None and raw.startswith(header):
        with contextlib.suppress(Exception):  # damaged, or from an incompatible run: compile
            ruleset = pickle.loads(memoryview(raw)[len(header) :])
            os.utime(path)  # recently used: kept by the pruning below
    if ruleset is None:
        from teinei.ruleset import load

        data = _dumps(load.load_rules(folders))
        # What was just compiled is used as a later run will read it (records, not models): the same objects.
        ruleset = pickle.loads(data)
        with contextlib.suppress(Exception):  # a cache that cannot be written only means no caching
            _private_folder(path.parent)
            write_atomic(path, header + data)
            _prune(path.parent)
    _rule_sets[key] = ruleset
    return ruleset


def _dumps(ruleset: RuleSet) -> bytes:
    """The pickle of a rule set, each pydantic model in it pickled as a ``Record`` of its fields."""
    import io
    import pickle

    from pydantic import BaseModel

    from teinei.ruleset.record import record_reduction

    aliases: dict[type, dict[str, str]] = {}

    class _Pickler(pickle.Pickler):
        def reducer_override(self, obj: object) -> object:
            return record_reduction(obj, aliases) if isinstance(obj, BaseModel) else NotImplemented

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(ruleset)
    return buffer.getvalue()


def _prune(folder: Path) -> None:
    kept = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in kept[_KEPT_RULE_SETS:]:
        stale.unlink(missing_ok=True)
