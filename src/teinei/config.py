"""The settings that apply to a file (``Config``): its configuration file's settings, or the built-in ones,
with the folder their globs and rule folders are relative to. Which file applies to which path is
``teinei.workspace``'s job; reading and validating one is ``teinei.config_file``'s.

Every mistake is a ``TeineiError`` naming the file and the key.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teinei.errors import TeineiError
from teinei.globs import Glob, compile_glob
from teinei.settings import Settings

if TYPE_CHECKING:
    from teinei.ruleset.load import LoadedRule, RuleSet


@dataclass(frozen=True, eq=False)
class Config:
    """The settings that apply to a file, with the folder their globs and rule folders are relative to."""

    settings: Settings = field(default_factory=Settings)
    root: Path = field(default_factory=Path.cwd)
    source: str | None = None  # the file it came from (None: built-in defaults)
    table: str = ""  # "tool.teinei." for pyproject.toml: how keys are named in errors

    @cached_property
    def _globs(self) -> dict[str, Glob]:
        s = self.settings
        return {g: compile_glob(g) for g in (*s.per_path_profiles, *s.exclude, *s.per_file_ignores)}

    @cached_property
    def _real_root(self) -> str:
        return os.path.realpath(self.root)

    @cached_property
    def _real_folders(self) -> dict[str, str]:
        return {}  # folder as named -> its real path (a run asks about thousands of files in few folders)

    def relative(self, path: str | Path) -> str | None:
        """``path`` relative to the configuration's folder, '/'-separated (None for stdin or outside it)."""
        name = os.fspath(path)
        if name == "-":
            return None
        real = real_path(name, self._real_folders)
        root = self._real_root
        if real == root:
            return "."
        if not real.startswith(root.rstrip(os.sep) + os.sep):
            return None
        return Path(real[len(root.rstrip(os.sep)) + 1 :]).as_posix()

    def _matching(self, patterns: Iterable[str], path: str | Path) -> list[str]:
        if not patterns:
            return []  # nothing to match: the path need not even be resolved
        relative = self.relative(path)
        if relative is None:
            return []
        return [p for p in patterns if self._globs[p].match(relative)]

    def excluded(self, path: str | Path) -> bool:
        return bool(self._matching(self.settings.exclude, path))

    def profile_for(self, path: str | Path) -> str:
        """The first matching per-path profile (in the order written), else the default profile."""
        matched = self._matching(self.settings.per_path_profiles, path)
        return self.settings.per_path_profiles[matched[0]] if matched else self.settings.profile

    def ignores_for(self, path: str | Path) -> list[str]:
        """Rule ids and categories the per-file ignores switch off for this file."""
        table = self.settings.per_file_ignores
        return [selector for glob in self._matching(table, path) for selector in table[glob]]

    def drop_ignored(self, rules: list[LoadedRule], path: str | Path) -> list[LoadedRule]:
        """``rules`` less those the per-file ignores switch off for ``path`` (they do not run at all)."""
        ignored = self.ignores_for(path)
        if not ignored:
            return rules
        return [r for r in rules if not any(r.id == i or r.id.startswith(i.rstrip("/") + "/") for i in ignored)]

    def merge(
        self,
        profile: str | None,
        select: Iterable[str] | None,
        ignore: Iterable[str] | None,
        rules_dirs: Iterable[str | Path],
        severity: dict[str, Any] | None,
    ) -> tuple[str, list[str], list[str], list[Path], dict[str, Any]]:
        """Explicit settings (command line or keywords) over this file's: ``select`` and ``profile`` replace,
        ``ignore``, rule folders and severities add to what the file says."""
        s = self.settings
        return (
            profile or s.profile,
            list(select) if select is not None else list(s.select),
            [*s.ignore, *(ignore or ())],
            [*self.rules_dirs, *(Path(d) for d in rules_dirs)],
            {**s.severity, **(severity or {})},
        )

    @property
    def rules_dirs(self) -> list[Path]:
        return [self.root / folder for folder in self.settings.rules]

    def fingerprint(self) -> str:
        """A stable text of the resolved settings and their folder, for keying caches of results."""
        # Built-in defaults are described by teinei's version and code, which key every cache entry too.
        defaults = self.settings == Settings()
        settings = "defaults" if defaults else self.settings.as_data()
        return json.dumps({"root": str(self.root), "settings": settings}, sort_keys=True, ensure_ascii=False)

    def key(self, name: str) -> str:
        """How a key is written in this file, for error messages."""
        return self.table + name

    def error(self, message: str, key: str) -> TeineiError:
        return TeineiError(message, path=self.source, field=self.key(key))

    def extend_ruleset(self, ruleset: RuleSet) -> RuleSet:
        """``ruleset`` plus the company vocabulary's rules, compiled like rule files (the label is this file)."""
        vocabulary = self.settings.vocabulary
        if not (vocabulary.preferred or vocabulary.banned):
            return ruleset
        from teinei.vocabulary import extend_ruleset

        return extend_ruleset(ruleset, vocabulary, self.source or "(configuration)", self.error)

    def names_rules(self) -> bool:
        """Whether the file names rules or adds some (rule names to check, vocabulary to compile)."""
        s = self.settings
        vocabulary = s.vocabulary.preferred or s.vocabulary.banned
        return bool(s.select or s.ignore or s.severity or s.per_file_ignores or s.rules or vocabulary)

    def check_rule_names(self, rules: dict[str, Any]) -> None:
        """Every rule id or category the file names exists (checked once the rule folders are loaded)."""
        from teinei.ruleset.select import check_selectors
        from teinei.suppress import without_meta

        s = self.settings
        named: list[tuple[str, Iterable[str]]] = [
            ("select", s.select), ("ignore", s.ignore), ("severity", s.severity),
            *((f"per-file-ignores.{glob}", ids) for glob, ids in s.per_file_ignores.items()),
        ]
        for key, selectors in named:
            try:
                check_selectors(without_meta(selectors), rules)
            except TeineiError as error:
                raise self.error(error.message, key) from None


def real_path(name: str, folders: dict[str, str], link: bool | None = None) -> str:
    """``os.path.realpath(name)``, with the real path of each folder remembered in ``folders``: resolving
    every component of every file's path again is most of the time of a cached re-check of a large tree.
    ``link`` says whether ``name`` is a symbolic link, when the caller already knows."""
    if os.path.islink(name) if link is None else link:
        return os.path.realpath(name)  # a link's target may be anywhere
    folder, base = os.path.split(os.path.join(os.getcwd(), name))  # not normalised: realpath handles ".."
    if not base:  # a name ending in a separator
        return os.path.realpath(name)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, base)
