"""Bytes to text for Japanese mail and files: UTF-8 (and UTF-16 with a BOM), Shift_JIS/CP932, EUC-JP and
ISO-2022-JP, whether the charset is declared (a MIME part) or has to be recognised (a file on disk)."""

from __future__ import annotations

import codecs
import contextlib
from functools import lru_cache

from teinei.errors import bad_byte

# Legacy encodings tried, in order, when the bytes are not UTF-8; each decode is strict.
_LEGACY = ("cp932", "euc_jp", "euc_jis_2004")

# What senders write in ``charset=`` mapped to the codecs that decode what they actually send. Mail labelled
# Shift_JIS, EUC-JP or ISO-2022-JP routinely carries the Windows extensions (①, ㈱, 髙), so each label
# falls back to the superset that has them.
_DECLARED = {
    "shift_jis": ("cp932",),
    "shift-jis": ("cp932",),
    "sjis": ("cp932",),
    "x-sjis": ("cp932",),
    "ms_kanji": ("cp932",),
    "csshiftjis": ("cp932",),
    "windows-31j": ("cp932",),
    "cp932": ("cp932",),
    "euc-jp": ("euc_jp", "euc_jis_2004"),
    "x-euc-jp": ("euc_jp", "euc_jis_2004"),
    "eucjp-ms": ("euc_jis_2004",),
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ms"),
    "csiso2022jp": ("iso2022_jp", "iso2022_jp_ms"),
    "iso-2022-jp-ms": ("iso2022_jp_ms",),
    "utf-8": ("utf-8",),
    "utf8": ("utf-8",),
}
_ASCII_LABELS = frozenset({"us-ascii", "ascii", "unknown-8bit", "x-unknown", "unknown", ""})


class Undecodable(ValueError):
    """Bytes that are none of the encodings tried; the message says which byte and where (in Japanese, of a
    file), ``in_body`` says it of an e-mail's body."""

    def __init__(self, why: str, in_body: str) -> None:
        super().__init__(why)
        self.in_body = in_body


_CHARSETS = "UTF-8・Shift_JIS・EUC-JP"
_BINARY = "テキストではありません（NUL バイトを含むバイナリです）"


def detect(data: bytes) -> tuple[str, str]:
    """(text, encoding) of bytes whose encoding is not declared; raises ``Undecodable``."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Windows "Unicode" text files
        text = _try(data, "utf-16")
        if text is not None and _plausible(text):
            return text, "utf-16"
    if b"\x00" in data:
        raise Undecodable(_BINARY, f"本文が{_BINARY}")
    if data.isascii() and (b"\x1b$" in data or b"\x1b(" in data):  # ISO-2022-JP is 7-bit, so also valid UTF-8
        for encoding in ("iso2022_jp", "iso2022_jp_ms"):
            text = _try(data, encoding)
            if text is not None:
                return text, encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        first_error = error
    # EUC-JP bytes often decode as Shift_JIS too (into half-width katakana): keep the most Japanese-looking.
    decoded = [(text, encoding) for encoding in _LEGACY if (text := _try(data, encoding)) is not None]
    decoded = [(text, encoding) for text, encoding in decoded if _plausible(text)]
    if decoded:
        return max(decoded, key=lambda pair: _japanese_score(pair[0]))
    why = (f"文字コードを判別できません（{_CHARSETS}・ISO-2022-JP のどれでも読めません。"
           f"{bad_byte(first_error)}）")
    raise Undecodable(why, f"本文の{why}")


def decode_declared(data: bytes, charset: str | None) -> tuple[str, str]:
    """(text, encoding) of a MIME part with a declared charset; a wrong label falls back to recognition."""
    label = (charset or "").strip().strip('"').lower()
    if label in _ASCII_LABELS:
        return detect(data)
    codecs_to_try = _DECLARED.get(label, (label,))
    for encoding in codecs_to_try:
        text = _try(data, encoding)
        if text is not None:
            return text, encoding
    try:
        return detect(data)
    except Undecodable:
        why = f"文字コードを判別できません（宣言された {label} でも、{_CHARSETS} でも読めません）"
        raise Undecodable(why, f"本文の{why}") from None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        if encoding == "iso2022_jp_ms":
            return iso2022_jp_ms_to_cp932(data).decode("cp932")
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError, ValueError):
        return None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        why = f"{encoding} として読めません（{bad_byte(error)}）"
        raise Undecodable(why, f"本文が {why}") from None


def _japanese_score(text: str) -> int:
    """Kana and kanji count for a reading; half-width katakana, rare in real mail, counts against it."""
    score = 0
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x4E00 <= code <= 0x9FFF or code in (0x3001, 0x3002):
            score += 1
        elif 0xFF61 <= code <= 0xFF9F:
            score -= 2
    return score


def _plausible(text: str) -> bool:
    """Legacy decodes of random bytes succeed too often; demand mostly printable text."""
    if not text:
        return True
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(text) < 0.01


# ISO-2022-JP as Windows mailers write it ("ISO-2022-JP-MS"): JIS X 0208 rows 13 and 89-92 carry the NEC and
# IBM extensions that Python's iso2022_jp codec rejects. Re-encoding each JIS pair as Shift_JIS lets the cp932
# codec decode them.
_MODES = {b"\x1b(B": "ascii", b"\x1b(J": "ascii", b"\x1b$@": "jis", b"\x1b$B": "jis", b"\x1b(I": "kana"}


def iso2022_jp_ms_to_cp932(data: bytes) -> bytes:
    out = bytearray()
    mode = "ascii"
    index = 0
    size = len(data)
    while index < size:
        byte = data[index]
        if byte == 0x1B:
            for sequence, new_mode in _MODES.items():
                if data.startswith(sequence, index):
                    mode = new_mode
                    index += len(sequence)
                    break
            else:
                raise ValueError(f"unknown escape sequence at offset {index}")
            continue
        if byte in (0x0A, 0x0D) or mode == "ascii":
            if byte >= 0x80:
                raise ValueError(f"8-bit byte at offset {index}")
            out.append(byte)
            index += 1
        elif mode == "kana":
            if not 0x21 <= byte <= 0x5F:
                raise ValueError(f"bad half-width katakana at offset {index}")
            out.append(byte + 0x80)
            index += 1
        else:
            if index + 1 >= size or not (0x21 <= byte <= 0x7E and 0x21 <= data[index + 1] <= 0x7E):
                raise ValueError(f"bad JIS X 0208 pair at offset {index}")
            out.extend(_jis_to_sjis(byte, data[index + 1]))
            index += 2
    return bytes(out)


def encode_iso2022_jp_ms(text: str) -> bytes:
    """``text`` as ISO-2022-JP with the Windows extensions (①, ㈱, 髙 in JIS rows 13 and 89-92), the inverse
    of ``iso2022_jp_ms_to_cp932``: Python has no such codec (--fix raised LookupError on these files).
    Back to ASCII before each line break and at the end, as mail software writes it; a character outside
    the 7-bit table raises ``UnicodeEncodeError``."""
    out = bytearray()
    mode = "ascii"
    for index, char in enumerate(text):
        if char < "\x80":
            wanted, code = "ascii", char.encode("ascii")
        else:
            try:
                code = _nec_selected().get(char) or char.encode("cp932")
            except UnicodeEncodeError:
                code = b""
            if len(code) == 1 and 0xA1 <= code[0] <= 0xDF:
                wanted, code = "kana", bytes([code[0] - 0x80])
            elif len(code) == 2 and code[0] < 0xF0:
                wanted, code = "jis", bytes(_sjis_to_jis(code[0], code[1]))
            else:
                raise UnicodeEncodeError("iso2022_jp_ms", text, index, index + 1, "not in ISO-2022-JP-MS")
        if wanted != mode:
            out += {"ascii": b"\x1b(B", "jis": b"\x1b$B", "kana": b"\x1b(I"}[wanted]
            mode = wanted
        out += code
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


def _sjis_to_jis(lead: int, trail: int) -> tuple[int, int]:
    """The inverse of ``_jis_to_sjis``."""
    row = (lead - 0x40 if lead >= 0xE0 else lead) - 0x81
    if trail >= 0x9F:
        return row * 2 + 0x22, trail - 0x7E
    return row * 2 + 0x21, (trail - 1 if trail > 0x7F else trail) - 0x1F


@lru_cache(maxsize=1)
def _nec_selected() -> dict[str, bytes]:
    """CP932 writes the IBM extensions (髙, ⅰ…) in rows 0xFA-0xFC, beyond 7-bit JIS; their NEC-selected
    twins in rows 0xED-0xEE are what ISO-2022-JP-MS mail carries."""
    table: dict[str, bytes] = {}
    for lead in (0xED, 0xEE):
        for trail in [*range(0x40, 0x7F), *range(0x80, 0xFD)]:
            with contextlib.suppress(UnicodeDecodeError):
                table.setdefault(bytes([lead, trail]).decode("cp932"), bytes([lead, trail]))
    return table



def _jis_to_sjis(first: int, second: int) -> tuple[int, int]:
    lead = ((first - 0x21) >> 1) + 0x81
    if lead > 0x9F:
        lead += 0x40
    if first & 1:
        trail = second + 0x1F
        if trail >= 0x7F:
            trail += 1
    else:
        trail = second + 0x7E
    return lead, trail
