"""Plain text: decoding bytes (UTF-8 or a Japanese legacy charset) and finding quoted replies and signatures."""

from __future__ import annotations

import re

from teinei.document import Document, Region, RegionKind
from teinei.errors import InputError

# Tried in order; each decode is strict, so the first that succeeds without error is taken. ISO-2022-JP
# only when an escape sequence is present, since pure ASCII would otherwise always match it.
_LEGACY = ("cp932", "euc_jp")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding) for the bytes of a text file, or an ``InputError`` for binary or undecodable data."""
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        first_error = error
    if b"\x1b$" in data:
        try:
            return data.decode("iso2022_jp"), "iso2022_jp"
        except UnicodeDecodeError:
            pass
    for encoding in _LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, encoding
    raise InputError(
        path,
        f"not valid UTF-8 (byte 0x{data[first_error.start]:02x} at offset {first_error.start}) "
        "nor Shift_JIS, EUC-JP or ISO-2022-JP text",
    )


def _plausible(text: str) -> bool:
    """Legacy decodes of random bytes succeed too often; demand mostly printable text."""
    if not text:
        return True
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(text) < 0.01


_QUOTE_LINE = re.compile(r"^[ \t]*[>＞|｜].*$", re.M)
_SIGNATURE_DELIMITER = re.compile(r"^-- ?\r?$", re.M)


def mark_quotes_and_signature(document: Document) -> None:
    """Quoted lines (``>``, ``＞``) and everything after a ``-- `` line are not the author's words."""
    text = document.text
    quotes = [Region(m.start(), m.end(), RegionKind.QUOTE) for m in _QUOTE_LINE.finditer(text)]
    if quotes:
        document.facts.add("reply")
        document.regions.extend(quotes)
    signature = _SIGNATURE_DELIMITER.search(text)
    if signature:
        document.regions.append(Region(signature.start(), len(text), RegionKind.SIGNATURE))
