"""Plain text and template files: decode the bytes, then find what is not the author's own words (front matter,
code, template logic, placeholders, quoted replies, the signature)."""

from __future__ import annotations

from teinei.document import Document
from teinei.errors import InputError
from teinei.inputs import charsets, quotes, signature, template


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding) for the bytes of a text file, or an ``InputError`` for binary or undecodable data."""
    try:
        return charsets.detect(data)
    except charsets.Undecodable as error:
        raise InputError(path, str(error)) from None


def mark_quotes_and_signature(document: Document) -> None:
    """Quoted lines, everything after a reply header, and the signature of the author's part."""
    end = quotes.mark_quotes(document)
    signature.mark_signature(document, end)


def mark(document: Document, *, markdown: bool = False, html: bool = False) -> Document:
    """Mark every foreign region of a text document, in the order that lets later steps see earlier ones."""
    template.mark_front_matter(document)
    template.mark_fences(document)
    if markdown:
        template.mark_markdown(document)
    if html:
        template.mark_html(document)
    template.mark_template(document)
    mark_quotes_and_signature(document)
    return document


def share_facts(document: Document) -> Document:
    """The last step of reading a message: its subject gets the message's facts (a reply's subject is read as
    a reply's), so that linting has nothing left to add to either."""
    if document.subject is not None:
        document.subject.facts |= document.facts
    return document
