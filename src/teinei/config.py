"""Configuration: the nearest teinei.toml / .teinei.toml / pyproject.toml [tool.teinei] above each checked
file, validated with pydantic, and the company vocabulary turned into ordinary rules.

Like ruff, the nearest file wins (settings are not merged across folders); globs and folders in a file are
relative to the file's own folder. Every mistake is a ``TeineiError`` naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from teinei.errors import TeineiError, display_path
from teinei.globs import Glob, compile_glob
from teinei.ruleset.model import Profile, Severity

if TYPE_CHECKING:
    from teinei.linter import Linter
    from teinei.ruleset.load import LoadedRule, RuleSet
    from teinei.ruleset.model import RuleBase

# Looked for in this order in each folder, from the checked file's folder upwards (ruff's order).
CONFIG_NAMES = (".teinei.toml", "teinei.toml", "pyproject.toml")
PREFERRED_TERM_ID = "wording/preferred-term"
BANNED_TERM_ID = "wording/banned-term"


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    # defer_build: validators are built when a configuration file is first read (most runs have none).
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=_kebab, defer_build=True)


class Vocabulary(_Section):
    """The company's own words: ``preferred`` maps a written form to the one to use; ``banned`` never to use."""

    preferred: dict[str, str] = {}
    banned: list[str] = []

    @field_validator("preferred")
    @classmethod
    def _distinct(cls, value: dict[str, str]) -> dict[str, str]:
        for written, preferred in value.items():
            if not written.strip() or not preferred.strip():
                raise ValueError("terms must not be empty")
            if written == preferred:
                raise ValueError(f"'{written}' is mapped to itself")
        return value

    @field_validator("banned")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if any(not term.strip() for term in value):
            raise ValueError("terms must not be empty")
        return value


GlobPattern = str  # a path pattern; see ``teinei.globs``


class ClosureSetting(_Section):
    """Days the company is closed (inclusive): ``{start = 2026-08-11, end = 2026-08-16, name = "夏季休業"}``."""

    start: dt.date
    end: dt.date
    name: str = "休業期間"

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: dt.date, info: Any) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"end {end} is before start {start}")
        return end


class Settings(_Section):
    """Everything a configuration file may hold (keys are kebab-case, as written in TOML)."""

    profile: Profile = "external"
    per_path_profiles: dict[GlobPattern, Profile] = {}
    select: list[str] = []
    ignore: list[str] = []
    severity: dict[str, Severity] = {}
    rules: list[str] = []  # extra folders of YAML rules
    exclude: list[GlobPattern] = []
    per_file_ignores: dict[GlobPattern, list[str]] = {}
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    fail_level: Severity = Severity.WARNING
    closures: list[ClosureSetting] = []  # company closures, on top of weekends and public holidays
    year_end_closure: bool = True  # 12/29-1/3 counts as closed, as at most Japanese companies


def default_settings() -> Settings:
    """The built-in settings, made without validation (they are the models' own defaults): most runs have
    no configuration file, and building the validators would be most of their configuration cost."""
    return Settings.model_construct(vocabulary=Vocabulary.model_construct())


@dataclass(frozen=True, eq=False)
class Config:
    """The settings that apply to a file, with the folder their globs and rule folders are relative to."""

    settings: Settings = field(default_factory=lambda: default_settings())
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
        defaults = self.settings == default_settings()
        settings = "defaults" if defaults else self.settings.model_dump(mode="json", by_alias=True)
        return json.dumps({"root": str(self.root), "settings": settings}, sort_keys=True, ensure_ascii=False)

    def key(self, name: str) -> str:
        """How a key is written in this file, for error messages."""
        return self.table + name

    def error(self, message: str, key: str) -> TeineiError:
        return TeineiError(message, path=self.source, field=self.key(key))

    def vocabulary_rules(self) -> list[RuleBase]:
        """The company vocabulary as substitution and phrase rules, so it runs through the normal pipeline."""
        from teinei.ruleset.model import PhraseRule, SubstitutionRule

        vocabulary = self.settings.vocabulary
        rules: list[RuleBase] = []
        if vocabulary.preferred:
            written, preferred = next(iter(vocabulary.preferred.items()))
            rules.append(SubstitutionRule(
                kind="substitution",
                id=PREFERRED_TERM_ID,
                category="wording",
                description="社内の用語集で表記を統一している言葉です（設定ファイルの vocabulary.preferred）。",
                message="「{match}」は、社内の用語集では「{replacement}」と書くことになっています。",
                suggest=["「{replacement}」に置き換えましょう。"],
                swap=dict(vocabulary.preferred),
                examples={"bad": [{"text": written, "at": written, "fixed": preferred}], "good": [preferred]},
            ))
        if vocabulary.banned:
            term = vocabulary.banned[0]
            rules.append(PhraseRule(
                kind="phrase",
                id=BANNED_TERM_ID,
                category="wording",
                description="社内の用語集で、使わないことになっている言葉です（設定ファイルの vocabulary.banned）。",
                message="「{match}」は、社内の用語集で使わないことになっている言葉です。",
                suggest=["別の言い方に書き換えましょう。"],
                phrases=list(vocabulary.banned),
                examples={"bad": [{"text": term, "at": term}], "good": ["よろしくお願いいたします。"]},
            ))
        return rules

    def extend_ruleset(self, ruleset: RuleSet) -> RuleSet:
        """``ruleset`` plus the vocabulary rules, compiled like rule files (the label is this file)."""
        from teinei.checks import build_check
        from teinei.ruleset.load import LoadedRule, RuleSet

        extra = self.vocabulary_rules()
        if not extra:
            return ruleset
        rules = dict(ruleset.rules)
        for rule in extra:
            try:
                check = build_check(rule, ruleset.concepts)
            except TeineiError as error:
                raise self.error(error.message, "vocabulary") from None
            rules[rule.id] = LoadedRule(rule, self.source or "(configuration)", check)  # type: ignore[index]
        return RuleSet(dict(sorted(rules.items())), ruleset.concepts)

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


# ---------------------------------------------------------------------------------------------- loading


def _validation_error(error: ValidationError, config: Config) -> TeineiError:
    first = error.errors()[0]
    loc = [str(p) for p in first["loc"]]
    key = ".".join(loc) or "(file)"
    if first["type"] == "extra_forbidden":
        known = sorted(f.alias or n for n, f in _fields_at(loc[:-1]).items())
        close = difflib.get_close_matches(loc[-1], known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        return config.error(f"unknown key ({hint})", key)
    return config.error(first["msg"], key)


def _fields_at(loc: list[str]) -> dict[str, Any]:
    """The model fields at a location, to list the keys a user may write there."""
    model: type[BaseModel] = Settings
    for part in loc:
        fields = {f.alias or n: f for n, f in model.model_fields.items()}
        annotation = fields[part].annotation if part in fields else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return {}
    return dict(model.model_fields)


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs find no configuration file to read
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    label = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TeineiError(f"cannot read: {error}", path=label) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        line = int(where.group(1)) if where else None
        message = message[: where.start()] if where else message
        raise TeineiError(f"invalid TOML: {message}", path=label, line=line) from None


def _table(path: Path) -> dict[str, Any] | None:
    """The teinei table of a configuration file, or None for a pyproject.toml that has none."""
    data = _read_toml(path)
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("teinei") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def load_config(path: str | Path, *, found: bool = False) -> Config:
    """The configuration in one file (``--config``); a pyproject.toml must have a [tool.teinei] table.
    ``found``: the file was found beside the checked files (it came with the repository), so its rule
    folders must lie inside the repository; one named by the user (``--config``) may name any."""
    path = Path(path)
    label = display_path(path)
    if not path.is_file():
        raise TeineiError("no such configuration file", path=label)
    table = _table(path)
    if table is None:
        raise TeineiError("no [tool.teinei] table", path=label)
    config = _config(path, table)
    if found:
        _rules_inside_repository(config)
    return config


def _rules_inside_repository(config: Config) -> None:
    """A repository's configuration may only add rule folders of its own: ``rules = ["/"]`` or
    ``["../../.."]`` would have teinei read (and walk) folders the repository does not hold."""
    top = repository_top(config.root)
    for folder, name in zip(config.rules_dirs, config.settings.rules, strict=True):
        real = Path(os.path.realpath(folder))
        if real != top and top not in real.parents:
            raise config.error(
                f"'{name}' is outside the repository ({top}); name a folder of rules outside it with --rules",
                "rules",
            )


def repository_top(folder: Path) -> Path:
    """The top of the git repository holding ``folder`` (its real path), or ``folder`` itself outside one."""
    real = Path(os.path.realpath(folder))
    for candidate in (real, *real.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return real


def _config(path: Path, table: dict[str, Any]) -> Config:
    prefix = "tool.teinei." if path.name == "pyproject.toml" else ""
    shell = Config(root=path.resolve().parent, source=display_path(path), table=prefix)
    try:
        settings = Settings.model_validate(table)
    except ValidationError as error:
        raise _validation_error(error, shell) from None
    config = Config(settings=settings, root=shell.root, source=shell.source, table=prefix)
    compiled: dict[str, Glob] = {}
    for key, globs in (("per-path-profiles", settings.per_path_profiles), ("exclude", settings.exclude),
                       ("per-file-ignores", settings.per_file_ignores)):
        for glob in globs:  # compiled now: a broken glob is one error line before any file is read
            try:
                compiled[glob] = compile_glob(glob)
            except TeineiError as error:
                raise config.error(error.message, key) from None
    config.__dict__["_globs"] = compiled  # the cached property's value (the dataclass is frozen)
    for folder, name in zip(config.rules_dirs, settings.rules, strict=True):
        if not folder.is_dir():
            raise config.error(f"'{name}' is not a folder of rules", "rules")
    return config


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
        found = next((c for c in (folder / name for name in CONFIG_NAMES) if _is_config(c)), None)
        if found is not None:
            break
    known.update(dict.fromkeys(walked, found))
    return found


def _is_config(candidate: Path) -> bool:
    # os.path.isfile, not Path.is_file: a folder that cannot be searched, or a path longer than PATH_MAX,
    # holds no configuration to find (Path.is_file raised, a traceback for naming a file in such a folder).
    return os.path.isfile(candidate) and (candidate.name != "pyproject.toml" or _table(candidate) is not None)


# ---------------------------------------------------------------------------------------------- a whole run


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

    def load_rules(self) -> None:
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


# ---------------------------------------------------------------------------------------------- teinei init

STARTER = """\
# teinei configuration. teinei uses the nearest teinei.toml, .teinei.toml or pyproject.toml ([tool.teinei])
# found from each checked file's folder upwards. Globs and folders here are relative to this file's folder.
# Command-line options (--profile, --select, --ignore, --rules, --fail-level) override these settings.

# Who messages are written for, unless a per-path profile says otherwise: external (customers and
# partners), internal (colleagues and superiors) or chat.
profile = "external"

# Exit with 1 when a finding is at or above this level: error, warning or info.
fail-level = "warning"

# Run only these rules or categories (empty: all of them), and skip these.
select = []
ignore = []

# Files and folders never checked, even when named on the command line or by a git hook.
exclude = []

# Extra folders of YAML rules, laid out as <category>/<name>.yaml.
rules = []

# Deadlines on non-business days are reported: weekends, public holidays, the year-end closure (12/29-1/3;
# set false if your company works through it) and the company closures listed here.
year-end-closure = true
closures = [
  # {start = 2026-08-11, end = 2026-08-16, name = "夏季休業"},
]

[per-path-profiles]
# "templates/internal/**" = "internal"
# "templates/chat/**" = "chat"

[severity]
# A rule id or a whole category, and the severity its findings get.
# "deadline/vague" = "error"
# "scope" = "info"

[per-file-ignores]
# Plain .txt and .eml files have no comment syntax for inline suppressions: switch rules off per file here.
# "templates/notices/*.txt" = ["curt/one-line"]

[vocabulary]
# Words your company never uses in its mail (rule wording/banned-term).
banned = []

[vocabulary.preferred]
# A written form and the form your company uses instead (rule wording/preferred-term; fixable).
# "ユーザー様" = "お客様"
"""


def write_starter(path: str | Path) -> Path:
    """Write the commented starter file; never overwrites an existing file."""
    target = Path(path)
    if target.name == "pyproject.toml":
        raise TeineiError("add a [tool.teinei] table to pyproject.toml by hand (see the README)", path=str(target))
    if target.exists():
        raise TeineiError("already exists; remove it first or give another path", path=str(target))
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(STARTER)
    except OSError as error:
        raise TeineiError(f"cannot write: {error.strerror or error}", path=str(target)) from None
    return target
