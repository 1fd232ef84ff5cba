"""One run over many files: finding each file's configuration (the nearest teinei.toml, .teinei.toml or
pyproject.toml [tool.teinei] above it, searched once per folder) and a linter per configuration.

Like ruff, the nearest file wins (settings are not merged across folders); globs and folders in a file are
relative to the file's own folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teinei.config import Config, real_path
from teinei.config_file import is_config, load_config
from teinei.ruleset.terms import Severity

if TYPE_CHECKING:
    from teinei.linter import Linter
    from teinei.ruleset.model import RuleBase

# Looked for in this order in each folder, from the checked file's folder upwards (ruff's order).
CONFIG_NAMES = (".teinei.toml", "teinei.toml", "pyproject.toml")


def find_config(start: Path, known: dict[Path, Path | None] | None = None) -> Path | None:
    """The nearest configuration file in ``start`` or a folder above it. ``known`` remembers the answer of
    every folder on the way, so that the folders of a large tree share their parents' search."""
    known = {} if known is None else known
    walked: list[Path] = []
    found: Path | None = None
    for folder in (start, *start.parents):
        if folder in known:
            found = known[folder]
            break
        walked.append(folder)
        found = next((c for c in (folder / name for name in CONFIG_NAMES) if is_config(c)), None)
        if found is not None:
            break
    known.update(dict.fromkeys(walked, found))
    return found




class Workspace:
    """One run over many files: each file's configuration (found once per folder) and a linter per
    configuration. Command-line options override every file's settings."""

    def __init__(
        self,
        config_file: str | Path | None = None,
        *,
        profile: str | None = None,
        select: list[str] | None = None,
        ignore: Iterable[str] = (),
        rules_dirs: Iterable[str | Path] = (),
        fail_level: str | None = None,
        today: Any = None,
    ) -> None:
        self.explicit = load_config(config_file) if config_file is not None else None
        self.overrides: dict[str, Any] = {
            "profile": profile, "select": select, "ignore": list(ignore), "rules_dirs": list(rules_dirs),
        }
        self.fail_level = Severity(fail_level) if fail_level else None
        self.today = today
        self._by_folder: dict[Path, Config] = {}
        self._real_folders: dict[str, str] = {}
        self._found: dict[Path, Path | None] = {}  # folder -> its nearest configuration file
        self._links: dict[str, bool] = {}
        self._by_name: dict[str | None, Config] = {}  # folder as named on the command line (not a link)
        self._by_file: dict[str | None, Config] = {}
        self._by_path: dict[str, Config] = {}  # each file as named
        self._linters: dict[int, Linter] = {}

    def config_for(self, name: str) -> Config:
        if self.explicit is not None:
            return self.explicit
        found = self._by_path.get(name)  # a large run asks again for each file: filtering, linters, fail levels
        if found is None:
            found = self._by_path[name] = self._resolve(name)
        return found

    def _resolve(self, name: str) -> Config:
        link = name != "-" and self.is_link(name)
        named = None if name == "-" or link else os.path.dirname(name)
        if named in self._by_name:  # another file of the same folder, as named: nothing to resolve
            return self._by_name[named]
        folder = Path.cwd() if name == "-" else Path(real_path(name, self._real_folders, link)).parent
        if folder not in self._by_folder:
            found = find_config(folder, self._found)
            key = str(found) if found else None
            if key not in self._by_file:
                self._by_file[key] = load_config(found, found=True) if found else Config()
            self._by_folder[folder] = self._by_file[key]
        if named is not None:
            self._by_name[named] = self._by_folder[folder]
        return self._by_folder[folder]

    def is_link(self, name: str) -> bool:
        """Whether ``name`` is a symbolic link, asked of the file system once per file and run."""
        found = self._links.get(name)
        if found is None:
            found = self._links[name] = os.path.islink(name)
        return found

    def included(self, names: Iterable[str]) -> list[str]:
        """The names not excluded by their configuration (exclusion applies to named files too, so that a
        pre-commit or git hook passing file names respects it)."""
        return [n for n in names if not self.config_for(n).excluded(n)]

    def linter_for(self, name: str) -> Linter:
        from teinei.linter import Linter

        config = self.config_for(name)
        if id(config) not in self._linters:
            self._linters[id(config)] = Linter(config=config, today=self.today, **self.overrides)
        return self._linters[id(config)]

    def compile_rules(self) -> None:
        """Compile the rules of every linter made so far (they are otherwise loaded on first use)."""
        for linter in self._linters.values():
            linter.ruleset  # noqa: B018 - the property loads them

    def fail_level_for(self, name: str) -> Severity:
        return self.fail_level or self.config_for(name).settings.fail_level

    def rule_models(self) -> dict[str, RuleBase]:
        """Every rule the run's linters know (for SARIF's rule list), the suppression meta rule included."""
        from teinei.suppress import META_RULE

        models: dict[str, RuleBase] = {META_RULE.id: META_RULE.rule}
        for linter in self._linters.values():
            models.update((rule_id, loaded.rule) for rule_id, loaded in linter.ruleset.rules.items())
        return models


