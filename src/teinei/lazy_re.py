"""Compiled patterns built on first use.

A one-shot check imports the input, date and rewrite modules for one short message, which uses a fraction of
their expressions: compiled at import, the ones it never uses cost about 10 ms of ``re``'s pure-Python
compiler in every process. ``lazy(...)`` stands for a compiled pattern and compiles it when first read.

The kept rules (``teinei.ruleset.compiled``) hold their ``regex`` expressions the same way, as ``kept(...)``:
each literal gate (``teinei.regex_gate``) needs only the expression's text and flags, and most expressions
of a rule set are ruled out by theirs on a given message, so building them all when the rules are unpickled
(about 2 ms) is mostly wasted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, AnyStr, cast

# What a pattern offers, kept on the stand-in once built: later reads find them without ``__getattr__``.
_KEPT = (
    "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
    "pattern", "flags", "groups", "groupindex",
)


class _Deferred:
    """A pattern built on first use: the first read of what only the built pattern has builds it and copies
    its methods and attributes here, so every later read is a plain attribute of this object (as fast as the
    pattern's). ``known`` attributes (a kept expression's text and flags) are there from the start."""

    def __init__(self, build: Callable[[], Any], **known: object) -> None:
        self._build = build
        self.__dict__.update(known)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # (copy, pickle and the like probe for special methods: not a pattern's)
            raise AttributeError(name)
        built = self._build()
        for attribute in _KEPT:
            setattr(self, attribute, getattr(built, attribute))
        return getattr(built, name)

    def __repr__(self) -> str:
        return f"<pattern built on first use: {self.__dict__.get('pattern', self._build)!r}>"


def lazy(source: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(source, flags)``, compiled when the pattern is first used."""
    return cast("re.Pattern[AnyStr]", _Deferred(functools.partial(re.compile, source, int(flags))))


class _Kept(_Deferred):
    """A kept ``regex`` expression: ``build(*arguments)`` is how ``regex`` itself unpickles the pattern."""

    def __init__(self, pattern: str, flags: int, build: Callable[..., Any], arguments: tuple[Any, ...]) -> None:
        super().__init__(functools.partial(build, *arguments), pattern=pattern, flags=flags)
        self._arguments = build, arguments

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Kept, (self.pattern, self.flags, *self._arguments))


def kept(compiled: Any) -> tuple[Any, ...]:
    """How a compiled ``regex`` pattern is pickled to come back as a pattern built on first use."""
    import copyreg

    build, arguments = copyreg.dispatch_table[type(compiled)](compiled)
    return (_Kept, (compiled.pattern, compiled.flags, build, arguments))
