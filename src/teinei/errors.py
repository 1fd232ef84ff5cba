"""The one user-error type: everything a user can get wrong becomes one line and exit code 2."""

from __future__ import annotations

import errno
from pathlib import Path


class TeineiError(Exception):
    """A mistake in the user's input, rules or configuration (never a bug in teinei).

    Rendered as ``path:line: context: field: problem`` on one line, each part only when known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        context: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.context = context
        self.field = field

    def __str__(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            parts.append(self.path if self.line is None else f"{self.path}:{self.line}")
        if self.context:
            parts.append(self.context)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class TeineiErrors(TeineiError):
    """Several mistakes found at once (every broken rule file of a run), one line each, so that a user fixes
    them in one go instead of one per run."""

    def __init__(self, errors: list[TeineiError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)

    @classmethod
    def of(cls, errors: list[TeineiError]) -> TeineiError:
        """One error as itself, several as one ``TeineiErrors``."""
        return errors[0] if len(errors) == 1 else cls(errors)


class InputError(TeineiError):
    """A file or stream that cannot be read as a message (``path: why``, the reason in Japanese)."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(why, path=path)
        self.why = why


_OS_REASONS = {
    errno.ENOENT: "見つかりません",
    errno.EACCES: "読み書きする権限がありません",
    errno.EPERM: "読み書きする権限がありません",
    errno.EISDIR: "フォルダです",
    errno.ENOTDIR: "途中の名前がフォルダではありません",
    errno.ELOOP: "シンボリックリンクが循環しています",
    errno.ENAMETOOLONG: "名前が長すぎます",
    errno.EIO: "入出力エラーが起きました",
    errno.ENOSPC: "ディスクに空きがありません",
    errno.EROFS: "読み取り専用の場所です",
}


def bad_byte(error: UnicodeDecodeError) -> str:
    """Where a text stopped decoding, as every reader says it (``6 バイト目が 0x81``; the offset counts from 0)."""
    return f"{error.start} バイト目が 0x{error.object[error.start]:02x}"


def did_you_mean(names: list[str]) -> str:
    """Close matches as a Japanese question (``keigo/ryokai のことでしょうか``), or nothing."""
    return f"{' または '.join(names)} のことでしょうか" if names else ""


def os_reason(error: OSError) -> str:
    """An operating system's error (a file that went away, a folder not readable) in Japanese."""
    known_reason = _OS_REASONS.get(error.errno or 0)
    if known_reason is not None:
        return known_reason
    return f"読み書きできません（{error.strerror or error}）"


def display_path(path: Path, cwd: Path | None = None) -> str:
    """How a file is named in messages: relative to the current folder (``cwd``: as resolved, when the caller
    names many files) when inside it, else as given."""
    try:
        return str(path.resolve().relative_to(cwd or Path.cwd().resolve()))
    except ValueError:
        return str(path)
