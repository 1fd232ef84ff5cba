"""What the stores teinei keeps between runs (compiled rules, validated settings, lint results) are keyed by:
digests of teinei's code, its libraries and the rule files; the atomic write they use, so no reader ever sees
half a file; and the user's own cache folder, read only where nobody else could have written."""

from __future__ import annotations

import contextlib
import os
import stat
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
    """teinei's version and source files (size, modification and change times), and the files of the
    libraries it relies on (size and time)."""
    import importlib.util

    package = os.path.dirname(os.path.abspath(__file__))
    stats = [__version__]
    folders = [""]  # relative to the package (os.scandir: a pathlib walk costs a few ms of every run)
    while folders:
        relative = folders.pop()
        with os.scandir(os.path.join(package, relative)) as entries:
            for entry in entries:
                name = os.path.join(relative, entry.name)
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    folders.append(name)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    stats.append(f"{name}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}")
    stats[1:] = sorted(stats[1:])
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            info = os.stat(origin)
            stats.append(f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}")
    return digest(*stats)


def rules_fingerprint(folders: tuple[str, ...], *, labels: bool = False) -> str:
    """Every rule, concept and word-list file the loader reads from the built-in and extra rule folders, by
    name, size, modification and change times and file number (as the code is fingerprinted): an edit changes
    the key (the change time too when a copy keeps the old modification time: no tool can set it), and a run
    reads no rule file's content to find its kept rules. A path that is not a regular file keys its kind too:
    the loader refuses it, so no kept rule set can match it.

    ``labels``: also how the files are named in messages (``rule_label``: relative to the current folder when
    inside it, else as given), the one thing compiled rules take from the current folder; a key with them
    serves every folder that names the files alike, not only the folder it was compiled in."""
    from teinei.errors import display_path
    from teinei.ruleset.files import builtin_rules_dir, rule_folder_files

    parts: list[str | bytes] = []
    cwd = Path.cwd().resolve() if labels else None
    for folder in (str(builtin_rules_dir()), *folders):
        root = Path(folder)
        parts.append(str(root.resolve()))
        named: set[str] = set()
        # The files the loader reads, no others: a rule folder named `/` is not walked.
        for name in rule_folder_files(root) if root.is_dir() else ():
            where = os.path.dirname(name)
            if labels and where not in named:
                named.add(where)
                parts.append(f"label:{display_path(root / where, cwd)}")
            try:
                info = os.stat(os.path.join(folder, name))
                parts.append(f"{name}:{info.st_mode}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}")
            except OSError as error:  # the loader will say why it cannot be read
                parts.append(f"{name}:{error.errno}")
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


def prune(written: Path, pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` most recently used files matching ``pattern`` beside ``written``, never
    ``written`` itself: use is read from modification times, which a clock set back (or a shifted clock in
    tests) can leave older than those of files used before it, and the entry a run just wrote is the one
    its next run asks for."""
    others = [p for p in written.parent.glob(pattern) if p != written]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in others[max(0, keep - 1) :]:
        stale.unlink(missing_ok=True)


def user_cache_folder() -> Path:
    """Where compiled rule sets and validated settings are kept: the user's cache folder, never the project's
    (a pickle can run code). A relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification says: it would
    name a folder of whatever repository teinei runs in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "teinei"


def read_own_file(path: Path) -> bytes | None:
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


def make_private_folder(folder: Path) -> None:
    """Create the folder of compiled rules for this user alone; one of this user's that others may write to
    (made under a umask of 002) is made private, else ``read_own_file`` would never read from it."""
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
