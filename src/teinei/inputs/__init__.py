"""Input readers: each turns bytes into a ``Document`` (decoded text plus the regions that are not the
author's words). ``read_bytes`` picks the reader from the file name."""

from __future__ import annotations

from pathlib import Path

from teinei.document import Document
from teinei.errors import InputError

MAX_BYTES = 4 * 1024 * 1024  # an e-mail or template larger than this is not a message a person wrote
EMAIL_SUFFIXES = frozenset({".eml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEMPLATE_SUFFIXES = frozenset({".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".hbs", ".mustache", ".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
LINTABLE_SUFFIXES = EMAIL_SUFFIXES | MARKDOWN_SUFFIXES | TEMPLATE_SUFFIXES | TEXT_SUFFIXES


def read_bytes(data: bytes, path: str = "-", *, max_bytes: int = MAX_BYTES) -> Document:
    """The document for a file's bytes; raises ``InputError`` (one line, never a traceback) when it cannot."""
    if len(data) > max_bytes:
        raise InputError(path, f"file is {len(data):,} bytes, larger than the limit of {max_bytes:,}")
    suffix = Path(path).suffix.lower() if path != "-" else ""
    from teinei.inputs import email, plain, template

    if suffix in EMAIL_SUFFIXES or (suffix == "" and email.looks_like_email(data)):
        return email.parse(data, path)
    text, encoding = plain.decode(data, path)
    document = Document(text=text, path=path, encoding=encoding)
    if suffix in MARKDOWN_SUFFIXES:
        template.mark_markdown(document)
    template.mark_template(document)
    plain.mark_quotes_and_signature(document)
    return document


def read_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    label = str(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise InputError(label, f"file is {size:,} bytes, larger than the limit of {max_bytes:,}")
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(label, error.strerror or str(error)) from None
    return read_bytes(data, label, max_bytes=max_bytes)
