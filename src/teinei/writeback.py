"""Writing a fixed text back to its file: same encoding, same line endings, same permissions, written
atomically (a temporary file in the same folder, then a rename), or not written at all."""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
from pathlib import Path

from teinei.document import Document
from teinei.errors import TeineiError, os_reason


class WriteError(TeineiError):
    """A fixed file that could not be written; the file on disk is left exactly as it was."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"書き換えていません（{why}）", path=path)


def _same_newlines(before: str, after: str) -> str:
    """A file written with CRLF keeps CRLF even if a fix brought a bare LF (mixed files are left alone)."""
    if "\r\n" in before and "\n" not in before.replace("\r\n", ""):
        return after.replace("\r\n", "\n").replace("\n", "\r\n")
    return after


def encode(document: Document, text: str, original: bytes | None = None) -> bytes:
    """``text`` in the document's own encoding. UTF-16 keeps the byte order of the ``original`` bytes'
    mark; a character the encoding cannot hold raises ``WriteError``."""
    encoding = document.encoding
    text = _same_newlines(document.text, text)
    if document.newline == "\r":  # a classic Mac file, read with LF (see Document.newline)
        text = text.replace("\r\n", "\n").replace("\n", "\r")
    try:
        if encoding == "iso2022_jp_ms":  # (no such Python codec: mail with ①, ㈱, 髙)
            from teinei.inputs.charsets import encode_iso2022_jp_ms

            return encode_iso2022_jp_ms(text)
        if encoding == "utf-16" and original is not None and original.startswith(codecs.BOM_UTF16_BE):
            return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
        if encoding == "utf-16":
            return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        char = error.object[error.start : error.end]
        raise WriteError(document.path, f"「{char}」はこのファイルの文字コード（{encoding}）で書けません") from None


def can_encode(document: Document, text: str) -> bool:
    """Whether ``text`` (a fix's replacement) can be written in the document's encoding."""
    try:
        encode(document, text)
    except WriteError:
        return False
    return True


def write_back(document: Document, text: str) -> None:
    """Replace the document's file with ``text``, or raise ``WriteError`` and leave the file untouched.

    The file must still hold exactly the bytes the document was read from, and re-encoding the unfixed
    text must give those bytes back: otherwise rewriting would change more than the fixes. A symbolic link
    is not rewritten: its target may lie outside the folder being checked."""
    path = document.path
    # A repository may commit `notes.txt -> ../outside/secret.txt`: a link is never written through.
    if os.path.islink(path):
        raise WriteError(path, "シンボリックリンクには書き込みません。リンク先のファイルを直してください")
    target = Path(path)
    try:
        current = target.read_bytes()
        mode = target.stat()
    except OSError as error:
        raise WriteError(path, os_reason(error)) from None
    # Read-only means "do not change": root could write it anyway, and the rename would replace it regardless.
    if not mode.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise WriteError(path, "読み取り専用のファイルです")
    if encode(document, document.text, current) != current:
        why = f"読み込んだあとにファイルが変わったか、{document.encoding} で読み書きすると元のバイト列に戻りません"
        raise WriteError(path, why)
    data = encode(document, text, current)
    _replace_atomically(target, data, mode, path, current)


def _replace_atomically(target: Path, data: bytes, mode: os.stat_result, label: str, expected: bytes) -> None:
    """Write ``data`` beside ``target`` and rename it over ``target``, unless ``target`` no longer holds
    ``expected``: a line appended by another program while the fixed file was being written is not lost,
    the fix is given up instead. (What remains: a write that lands between that last comparison and the
    rename, a window of microseconds, is lost; no portable rename can compare and swap.)"""
    import tempfile  # (here: a check imports this module for WriteError, and tempfile imports shutil, random…)

    try:  # a read-only folder, or a disk with no space or inodes left
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".teinei", dir=target.parent)
    except OSError as error:
        raise WriteError(label, f"フォルダに書き込めません（{os_reason(error)}）") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if hasattr(os, "chown"):
            # Only root may give a file away; when that fails the mode is still kept, which is what matters.
            # (Before chmod: changing the owner clears the setuid and setgid bits.)
            with contextlib.suppress(OSError):
                os.chown(temporary, mode.st_uid, mode.st_gid)
        os.chmod(temporary, stat.S_IMODE(mode.st_mode))
        if target.read_bytes() != expected:
            raise WriteError(label, "修正中にファイルが変わりました。もう一度 --fix を実行してください")
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise WriteError(label, os_reason(error)) from None
        raise
