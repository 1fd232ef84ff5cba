"""The audit's own lines in Japanese: why a mail could not be read, and why a file or folder could not be used.

The readers the audit shares with ``teinei check`` (``inputs``) give their reasons in English, as check prints
them; the audit's report and its error lines are read by the team lead who ordered it, so each known reason is
said again here in Japanese (a reason not in the table keeps its English words, inside a Japanese sentence).
"""

from __future__ import annotations

import errno
import re

_CHARSETS = "UTF-8・Shift_JIS・EUC-JP"
_NOTHING = "チェックする文章がありません"
# (the reason as ``inputs`` words it, the same in Japanese); matched whole, in this order.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(english), japanese)
    for english, japanese in (
        (r"binary file \(contains NUL bytes\)", "テキストではありません（NUL バイトを含むバイナリです）"),
        (r"multipart message without a boundary", "マルチパートのメールに区切り（boundary）の指定がありません"),
        (r"multipart body without its first boundary \(malformed MIME\)",
         "マルチパートの本文に最初の区切りがありません（MIME の形式の誤り）"),
        (r"malformed multipart structure", "マルチパートの構造が壊れています"),
        (r"not an e-mail: no header fields before the body", "メールではありません（本文の前にヘッダーがありません）"),
        (r"malformed e-mail: (.*)", r"メールの形式が壊れています（\1）"),
        (r"the e-mail has no text body \(only attachments or an unknown content type\)",
         "テキストの本文がありません（添付ファイルだけか、扱えない形式です）"),
        (r"the body's base64 encoding is damaged or truncated", "本文の base64 が壊れているか、途中で切れています"),
        (r"body: text is not valid (.+) \(the declared charset\) nor UTF-8, Shift_JIS or EUC-JP",
         rf"本文の文字コードを判別できません（宣言された \1 でも、{_CHARSETS} でも読めません）"),
        (r"body: not valid UTF-8 \(byte 0x([0-9a-f]{2}) at offset (\d+)\) nor Shift_JIS, EUC-JP or ISO-2022-JP text",
         rf"本文の文字コードを判別できません（{_CHARSETS}・ISO-2022-JP のどれでも読めません。\2 バイト目が 0x\1）"),
        (r"body: not valid (\S+) \(byte 0x([0-9a-f]{2}) at offset (\d+)\)",
         r"本文が \1 として読めません（\3 バイト目が 0x\2）"),
        (r"body: binary file \(contains NUL bytes\)", "本文がテキストではありません（NUL バイトを含むバイナリです）"),
        (r"nothing to check: the message is empty", f"{_NOTHING}（メールが空です）"),
        (r"nothing to check: the e-mail body is empty", f"{_NOTHING}（本文が空です）"),
        (r"nothing to check: the text is all quoted \(a reply or forward with nothing written\)",
         f"{_NOTHING}（返信・転送で、引用のほかに書かれた文章がありません）"),
        (r"nothing to check: no text outside the signature, code and template markup",
         f"{_NOTHING}（署名・コード・テンプレートの記法のほかに文章がありません）"),
        (r"message larger than the limit of ([\d,]+) bytes", r"メールが上限の \1 バイトを超えています"),
    )
)
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


def unreadable(reason: str) -> str:
    """Why a mail could not be read, in Japanese (the reasons ``teinei check`` gives, without "cannot read: ")."""
    for english, japanese in _REASONS:
        found = english.fullmatch(reason)
        if found is not None:
            return found.expand(japanese)
    return f"読み込めません（{reason}）"


def known(reason: str) -> bool:
    """Whether a reason is in the table (the tests hold every reason ``inputs`` gives to it)."""
    return any(english.fullmatch(reason) for english, _ in _REASONS)


def os_error(error: OSError) -> str:
    """An operating system's error (a file that went away, a folder not writable) in Japanese."""
    known_reason = _OS_REASONS.get(error.errno or 0)
    if known_reason is not None:
        return known_reason
    return f"読み書きできません（{error.strerror or error}）"
