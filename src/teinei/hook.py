"""The plain git pre-commit hook: install and uninstall it, and read the staged files it checks.

The hook runs ``teinei check --staged --quiet``, which lints what is about to be committed (the index), not the
working tree. ``install`` never replaces a hook teinei did not write unless forced, and then keeps the old one
beside it; ``uninstall`` removes only teinei's own hook and puts such a kept hook back.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from teinei.errors import TeineiError

MARKER = "# teinei-hook: written by `teinei hook install`"
KEPT_SUFFIX = ".before-teinei"


def _git(*args: str, cwd: str | Path | None = None, data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
    except OSError as error:
        raise TeineiError(f"git を実行できません（{error.strerror or error}）") from None
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise TeineiError(message[-1] if message else f"git {args[0]} が失敗しました")
    return proc.stdout


def hook_path(cwd: str | Path | None = None) -> Path:
    """Where git looks for the pre-commit hook (honours core.hooksPath and worktrees)."""
    try:
        relative = _git("rev-parse", "--git-path", "hooks/pre-commit", cwd=cwd).decode().strip()
    except TeineiError:
        raise TeineiError("git リポジトリではありません。リポジトリの中で実行してください") from None
    return Path(cwd or ".") / relative


def script(python: str = sys.executable) -> str:
    """The hook: this installation's Python when it still exists, else ``teinei`` on the PATH.

    Git runs hooks from the repository's top folder, and ``python -m`` would put that folder first on
    ``sys.path``: a committed ``click.py`` or ``teinei/`` would be imported instead of the installed one.
    ``-P`` (Python 3.11+) leaves it out; ``-I`` does on older Pythons (it also ignores PYTHON* variables)."""
    quoted = shlex.quote(python)
    safe = "-P" if sys.version_info >= (3, 11) else "-I"
    return f"""#!/bin/sh
{MARKER}; `teinei hook uninstall` removes it.
# Checks the staged message and template files. Skip once with `git commit --no-verify`.
if [ -x {quoted} ]; then
    {quoted} {safe} -m teinei check --staged --quiet
elif command -v teinei >/dev/null 2>&1; then
    teinei check --staged --quiet
else
    echo "teinei: teinei が見つかりません。インストールするか、\\`teinei hook uninstall\\` でフックを外してください" >&2
    exit 1
fi
status=$?
if [ "$status" -eq 1 ]; then
    echo "teinei: コミットを止めました。上の指摘を見直してステージし、もう一度コミットしてください" >&2
fi
exit "$status"
"""


def is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def install(*, force: bool = False, cwd: str | Path | None = None) -> tuple[Path, Path | None]:
    """Write the hook; returns its path and where a hook it replaced was kept (with ``force``)."""
    path = hook_path(cwd)
    kept = None
    if path.exists() and not is_ours(path):
        if not force:
            raise TeineiError("teinei が書いたものではない pre-commit フックがあります。--force を付けると、"
                              f"それを {path.name}{KEPT_SUFFIX} として残して teinei のフックを入れます",
                              path=str(path))
        kept = path.with_name(path.name + KEPT_SUFFIX)
        if kept.exists():
            raise TeineiError("すでにあります。先に別の場所へ移してください", path=str(kept))
        path.rename(kept)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script(), encoding="utf-8", newline="\n")
        path.chmod(path.stat().st_mode | 0o755)
    except OSError as error:
        raise TeineiError(f"書き込めません（{error.strerror or error}）", path=str(path)) from None
    return path, kept


def uninstall(*, cwd: str | Path | None = None) -> tuple[Path | None, Path | None]:
    """Remove teinei's hook; returns its path (None when there was none) and a restored earlier hook."""
    path = hook_path(cwd)
    if not path.exists():
        return None, None
    if not is_ours(path):
        raise TeineiError("この pre-commit フックは teinei が書いたものではないため、そのままにしました",
                          path=str(path))
    path.unlink()
    kept = path.with_name(path.name + KEPT_SUFFIX)
    if kept.exists():
        kept.rename(path)
        return path, path
    return path, None


def staged_files(pathspecs: tuple[str, ...] = (), suffixes: frozenset[str] | None = None) -> dict[str, bytes]:
    """Staged (added, copied, modified or renamed) files and their content in the index, by path relative to
    the current folder, sorted; only files with one of ``suffixes`` when given."""
    top = Path(os.fsdecode(_git("rev-parse", "--show-toplevel").rstrip(b"\n")))
    names = _git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--", *pathspecs)
    # Names as the file system has them: one that is not UTF-8 is still checked (surrogates, os.fsdecode).
    wanted = [os.fsdecode(n) for n in names.split(b"\0") if n]
    if suffixes is not None:
        wanted = [n for n in wanted if Path(n).suffix.lower() in suffixes]
    # A name with a line break cannot be asked for in a batch (one name per line): it is read on its own
    # (it was left out, and the hook let its findings through).
    contents = {os.path.relpath(top / n): _git("cat-file", "blob", f":{n}", cwd=top) for n in wanted if "\n" in n}
    wanted = [n for n in wanted if "\n" not in n]
    if not wanted:
        return dict(sorted(contents.items()))
    # One `git cat-file --batch` for all files: ":path" names the staged blob (paths relative to the top).
    output = _git("cat-file", "--batch", cwd=top, data=b"".join(b":" + os.fsencode(n) + b"\n" for n in wanted))
    position = 0
    for name in wanted:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        if len(header) != 3:  # "<name> missing": not a blob in the index
            position = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        contents[os.path.relpath(top / name)] = output[start : start + size]
        position = start + size + 1
    return dict(sorted(contents.items()))
