"""Module-level regular expressions compiled on first use.

A one-shot check imports the input, date and rewrite modules for one short message, which uses a fraction of
their expressions: compiled at import, the ones it never uses cost about 10 ms of ``re``'s pure-Python
compiler in every process. ``lazy(...)`` stands for a compiled pattern and compiles it when first read.
"""

from __future__ import annotations

import re
from typing import AnyStr, cast

# What a pattern offers, kept on the stand-in once compiled: later reads find them without ``__getattr__``.
_KEPT = (
    "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
    "pattern", "flags", "groups", "groupindex",
)


class _Deferred:
    """A pattern compiled on first use: the first attribute read compiles it and copies its methods and
    attributes here, so every later read is a plain attribute of this object (as fast as the pattern's)."""

    def __init__(self, source: str | bytes, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # (copy, pickle and the like probe for special methods: not a pattern's)
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        for attribute in _KEPT:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags})"


def lazy(source: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(source, flags)``, compiled when the pattern is first used."""
    return cast("re.Pattern[AnyStr]", _Deferred(source, int(flags)))
