"""Pydantic's validation errors in Japanese, for a configuration key or a rule field.

Said from the error's ``type`` and ``ctx`` (what pydantic knows), not from its English message; a rare type
keeps pydantic's own words inside a Japanese sentence. A ``value_error`` is one of teinei's own validators,
whose text is Japanese already.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_KINDS = {
    "string_type": "文字列",
    "string_unicode": "文字列",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数値",
    "float_parsing": "数値",
    "bool_type": "true か false",
    "bool_parsing": "true か false",
    "list_type": "リスト",
    "tuple_type": "リスト",
    "set_type": "リスト",
}
_MAPPINGS = ("dict_type", "model_type", "model_attributes_type", "mapping_type")
_DATES = ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact")
_BOUNDS = {
    "greater_than": ("gt", "より大きい"),
    "greater_than_equal": ("ge", "以上の"),
    "less_than": ("lt", "より小さい"),
    "less_than_equal": ("le", "以下の"),
}


def one_of(expected: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` (a literal's or an enum's ``ctx``) as ``'a'、'b'、'c'``."""
    return "、".join(part for part in re.split(r", | or ", expected) if part)


def said(error: Mapping[str, Any], *, mapping: str = "テーブル") -> str:
    """One of ``ValidationError.errors()`` in Japanese. ``mapping``: what a table of keys is called where the
    mistake was made (a TOML table, a YAML mapping)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("literal_error", "enum") and "expected" in ctx:
        return f"{one_of(str(ctx['expected']))} のいずれかを指定してください"
    if kind == "missing":
        return "必須の項目です。値を指定してください"
    if kind == "extra_forbidden":
        return "この名前の項目はありません。名前を確かめてください"
    if kind in _KINDS:
        word = _KINDS[kind]
        return f"{word}{' ' if word[-1].isascii() else ''}で指定してください"
    if kind in _MAPPINGS:
        return f"{mapping}で指定してください"
    if kind in _DATES:
        return "日付を YYYY-MM-DD の形で指定してください（例: 2026-12-29）"
    if kind in _BOUNDS:
        name, words = _BOUNDS[kind]
        return f"{ctx.get(name)} {words}値を指定してください"
    if kind == "string_too_short" and "min_length" in ctx:
        return f"{ctx['min_length']} 文字以上で指定してください"
    if kind == "too_short" and "min_length" in ctx:
        return f"{ctx['min_length']} 個以上指定してください"
    if kind == "string_too_long" and "max_length" in ctx:
        return f"{ctx['max_length']} 文字以内で指定してください"
    if kind == "too_long" and "max_length" in ctx:
        return f"{ctx['max_length']} 個以内で指定してください"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    return f"値が正しくありません（{error['msg']}）"
