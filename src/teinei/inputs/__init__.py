"""Input readers: each turns bytes into a ``Document`` (decoded text plus the regions that are not the
author's words). ``read_bytes`` picks the reader from the file name; ``text_document`` serves text given
directly (the library's ``lint``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from teinei.document import Document
from teinei.errors import InputError, os_reason

MAX_BYTES = 4 * 1024 * 1024  # an e-mail or template larger than this is not a message a person wrote
EMAIL_SUFFIXES = frozenset({".eml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TEMPLATE_SUFFIXES = frozenset({".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".hbs", ".mustache"}) | HTML_SUFFIXES
TEXT_SUFFIXES = frozenset({".txt", ".text"})
LINTABLE_SUFFIXES = EMAIL_SUFFIXES | MARKDOWN_SUFFIXES | TEMPLATE_SUFFIXES | TEXT_SUFFIXES


def read_bytes(data: bytes, path: str = "-", *, max_bytes: int = MAX_BYTES) -> Document:
    """The document for a file's bytes; raises ``InputError`` (one line, never a traceback) when it cannot be
    read, or when it holds nothing of the author's to check (empty, or only quoted text and a signature)."""
    if len(data) > max_bytes:
        raise InputError(path, too_large(len(data), max_bytes))
    if not data.strip():
        raise InputError(path, nothing("標準入力が空です" if path == "-" else "ファイルが空です"))
    suffix = Path(path).suffix.lower() if path != "-" else ""
    from teinei.inputs import mbox, plain, template

    if mbox.is_mailbox(data):  # read as one message, every mail after the first would pass for quoted text
        why = "複数のメールを収めた mbox です（`teinei check` はメールを 1 通ずつ報告します）"
        raise InputError(path, why)  # (inputs.messages splits it)

    if suffix in EMAIL_SUFFIXES or (suffix not in LINTABLE_SUFFIXES and _looks_like_email(data)):
        from teinei.inputs import email  # (only for mail: a .txt draft imports no ``email`` package at all)

        document = email.parse(data, path)
    else:
        text, encoding = plain.decode(data, path)
        newline = "\r" if "\r" in text and "\n" not in text else "\n"  # (see Document.newline)
        text = text.replace("\r", "\n") if newline == "\r" else text
        html = suffix in HTML_SUFFIXES or (suffix in TEMPLATE_SUFFIXES and bool(template.LOOKS_LIKE_HTML.search(text)))
        document = Document(text=text, path=path, encoding=encoding, newline=newline)
        plain.mark(document, markdown=suffix in MARKDOWN_SUFFIXES, html=html)
        plain.share_facts(document)
    _require_authored_text(document)
    return document


def _looks_like_email(data: bytes) -> bool:
    from teinei.inputs import email

    return email.looks_like_email(data)


def _require_authored_text(document: Document) -> None:
    why = nothing_to_check(document, "ファイルが空です")
    if why is not None:
        raise InputError(document.path, nothing(why))


def nothing(why: str) -> str:
    """``チェックする文章がありません（why）``: the reason a document with nothing of the author's is refused."""
    return f"チェックする文章がありません（{why}）"


def too_large(size: int | None, max_bytes: int) -> str:
    """A file over the size limit (its size when known)."""
    if size is None:
        return f"ファイルが上限の {max_bytes:,} バイトを超えています"
    return f"ファイルが {size:,} バイトあり、上限の {max_bytes:,} バイトを超えています"


def nothing_to_check(document: Document, empty: str = "テキストが空です") -> str | None:
    """Why a document holds nothing of the author's to check, or None when it does. The command line and
    the library both refuse such a text: "no findings" would claim a check that never happened."""
    if document.has_authored_text():
        return None
    if not document.text.strip():
        return "本文が空です" if "email" in document.facts else empty
    if "reply" in document.facts or "forward" in document.facts:
        return "返信・転送で、引用のほかに書かれた文章がありません"
    return "署名・コード・テンプレートの記法のほかに文章がありません"


_SPECIAL = {stat.S_IFIFO: "名前付きパイプ", stat.S_IFCHR: "装置", stat.S_IFBLK: "装置", stat.S_IFSOCK: "ソケット"}


def read_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and its status, read once. A named pipe would block the run forever and
    /dev/zero never ends, so only regular files are read (opened without blocking, then checked), and never
    more than ``max_bytes`` + 1 bytes whatever the size the file claims."""
    label = os.fsdecode(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(descriptor, "rb") as file:
            info = os.fstat(descriptor)  # before reading: a change made after it shows in the next run
            if stat.S_ISDIR(info.st_mode):
                raise InputError(label, "フォルダです")
            if not stat.S_ISREG(info.st_mode):
                what = _SPECIAL.get(stat.S_IFMT(info.st_mode), "特殊なファイル")
                raise InputError(label, f"通常のファイルではありません（{what}です）")
            if info.st_size > max_bytes:
                raise TooLarge(label, too_large(info.st_size, max_bytes))
            data = file.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(label, "フォルダです") from None
    except OSError as error:
        raise InputError(label, f"読み込めません（{os_reason(error)}）") from None
    if len(data) > max_bytes:
        raise TooLarge(label, too_large(None, max_bytes))
    return data, info


class TooLarge(InputError):
    """A file over the size limit: refused as one message, but an mbox that large is read message by
    message (``inputs.messages``), the limit applying to each."""


class StdinTooLarge(InputError):
    """Standard input over the limit; ``data`` is what was read of it (``--fix -`` gives it all back)."""

    def __init__(self, data: bytes, max_bytes: int) -> None:
        super().__init__("-", f"標準入力が上限の {max_bytes:,} バイトを超えています")
        self.data = data


def read_stdin(*, max_bytes: int = MAX_BYTES) -> bytes:
    """Standard input, bounded like a file (``- < /dev/zero`` must not fill the memory)."""
    import sys

    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise StdinTooLarge(data, max_bytes)
    return data


def read_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    data, _ = read_file(path, max_bytes=max_bytes)
    return read_bytes(data, os.fsdecode(path), max_bytes=max_bytes)


def text_document(
    text: str,
    path: str = "-",
    *,
    subject: str | None = None,
    attachments: Iterable[str] | None = None,
) -> Document:
    """A document for text given directly, marked like a .txt file. A subject or a list of attachments makes
    it an e-mail draft (fact "email"). Its attachments are known (fact "attachment-list") only when listed, if
    only as an empty list: a draft pasted with its subject says nothing of the files that will go with it."""
    from teinei.inputs import plain, template

    document = Document(text=text, path=path)
    if subject is not None or attachments is not None:
        document.facts.add("email")
    if attachments is not None:
        document.facts.add("attachment-list")
        document.attachments = list(attachments)
        if document.attachments:
            document.facts.add("attachments")
    if subject is not None:
        document.subject = Document(text=subject, path=path, part="subject")
        template.mark_template(document.subject)
        from teinei.inputs import email

        document.facts |= email.thread_facts(subject)
    return plain.share_facts(plain.mark(document))
