"""Path globs of configuration files: gitignore's semantics (``pathspec``), matched in time linear in the path.

A configuration that came with a repository supplies these patterns. Compiled to Python's ``re`` (pathspec's
default, and teinei's own translation before), ``**a**a**a**a**a**a**b`` took 44 s on one 90-character path
and ``*a*a…*b`` minutes; RE2 (google-re2, pathspec's ``re2`` backend) matches any pattern without
backtracking.
"""

from __future__ import annotations

import re

from teinei.errors import TeineiError


class Glob:
    """One pattern, as a line of a .gitignore in the configuration's folder: a pattern with no ``/`` matches
    a file or folder name at any depth (``*.txt``, ``drafts``); one with a ``/`` (or starting ``./``) is
    anchored at the configuration's folder; ``*`` and ``?`` stay inside a folder, ``**`` crosses folders,
    and matching a folder matches everything inside it."""

    __slots__ = ("_spec", "pattern")

    def __init__(self, pattern: str) -> None:
        import pathspec  # here: most runs have no configuration, or one without globs

        self.pattern = pattern
        line = pattern.strip()
        if line.startswith("./"):  # git has no `./`; it meant "anchored here", which a leading `/` says
            line = "/" + line[2:]
        try:
            self._spec = pathspec.GitIgnoreSpec.from_lines([line], backend="re2")
        except (re.error, ValueError) as error:
            why = re.sub(r" at position \d+$", "", str(error))  # a position in the translation, not the glob
            raise TeineiError(f"グロブ {pattern!r} を読めません（{why}）") from None

    def match(self, relative: str) -> bool:
        """Whether the '/'-separated path, relative to the configuration's folder, matches."""
        return self._spec.match_file(relative)


def compile_glob(pattern: str) -> Glob:
    return Glob(pattern)
