"""What the stores teinei keeps between runs (compiled rules, lint results) are keyed by: digests of teinei's
code, its libraries and the rule files; and the atomic write both use, so no reader ever sees half a file."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from teinei import __version__

# Libraries whose upgrade can change a result (tokens, regular expressions, holidays).
_LIBRARIES = ("fugashi", "unidic_lite", "regex", "jpholiday", "pydantic")


try:  # the interpreter's own BLAKE2: importing hashlib would first load OpenSSL, a few ms of every run
    from _blake2 import blake2b as _hash
except ImportError:  # pragma: no cover - Pythons built without it
    from hashlib import blake2b as _hash


def digest(*parts: str | bytes) -> str:
    hasher = _hash(digest_size=32)
    for part in parts:
        # A file name that is not UTF-8 holds surrogates (os.fsdecode): hashed as the bytes it was.
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """teinei's version and source files, and the files of the libraries it relies on (size and time)."""
    import importlib.util

    package = Path(__file__).resolve().parent
    stats = [__version__]
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        stats.append(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            info = os.stat(origin)
            stats.append(f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}")
    return digest(*stats)


def rules_fingerprint(folders: tuple[str, ...]) -> str:
    """The content of every rule and concept file in the built-in and extra rule folders."""
    from teinei.ruleset.load import builtin_rules_dir, concept_paths, read_rule_file, rule_paths

    parts: list[str | bytes] = []
    for folder in (str(builtin_rules_dir()), *folders):
        root = Path(folder)
        parts.append(str(root.resolve()))
        # The files the loader reads, no others: a rule folder named `/` is not walked.
        for path in [*concept_paths(root), *rule_paths(root)] if root.is_dir() else ():
            parts.extend((str(path.relative_to(root)), read_rule_file(path)))
    return digest(*parts)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place: readers never see half a file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
