"""Reading one configuration file: TOML, validated with pydantic, every mistake a ``TeineiError`` naming the
file and the key. The validated settings are kept in the user's cache folder, keyed by the file's bytes and
teinei's code, so a run whose configuration did not change reads neither TOML nor pydantic."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teinei.config import Config
from teinei.errors import TeineiError, bad_byte, display_path, os_reason
from teinei.globs import Glob, compile_glob
from teinei.settings import Settings
from teinei.storage import (
    code_fingerprint,
    digest,
    make_private_folder,
    prune,
    read_own_file,
    user_cache_folder,
    write_atomic,
)

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

FORMAT = "1"  # bump when the kept form of the settings changes shape


def load_config(path: str | Path, *, found: bool = False) -> Config:
    """The configuration in one file (``--config``); a pyproject.toml must have a [tool.teinei] table.
    ``found``: the file was found beside the checked files (it came with the repository), so its rule
    folders must lie inside the repository; one named by the user (``--config``) may name any."""
    path = Path(path)
    label = display_path(path)
    if not path.is_file():
        raise TeineiError("設定ファイルがありません", path=label)
    settings = read_settings(path)
    if settings is None:
        raise TeineiError("[tool.teinei] テーブルがありません", path=label)
    config = _config(path, settings)
    if found:
        _rules_inside_repository(config)
    return config


def is_config(candidate: Path) -> bool:
    """Whether a file named like a configuration file is one (a pyproject.toml needs a [tool.teinei] table)."""
    # os.path.isfile, not Path.is_file: a folder that cannot be searched, or a path longer than PATH_MAX,
    # holds no configuration to find (Path.is_file raised, a traceback for naming a file in such a folder).
    return os.path.isfile(candidate) and (candidate.name != "pyproject.toml" or read_settings(candidate) is not None)


def read_settings(path: Path) -> Settings | None:
    """The validated settings of a configuration file (None: a pyproject.toml without a [tool.teinei] table),
    from the store when the same bytes were validated before by the same teinei."""
    label = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TeineiError(f"読み込めません（{os_reason(error)}）", path=label) from None
    pyproject = path.name == "pyproject.toml"
    key = digest("settings", FORMAT, code_fingerprint(), str(pyproject), raw)
    kept = _kept(key)
    if kept is not None:
        return kept[0]
    table = _table(raw, label, pyproject)
    settings = None if table is None else _validated(table, label, "tool.teinei." if pyproject else "")
    _keep(key, settings)
    return settings


def _store(key: str) -> Path:
    return user_cache_folder() / f"settings-{key[:32]}.json"


def _kept(key: str) -> tuple[Settings | None] | None:
    """The settings kept under ``key`` (as a 1-tuple: they may be None), or None when none are."""
    path = _store(key)
    raw = read_own_file(path)
    if raw is None:
        return None
    with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
        data = json.loads(raw)
        if data["key"] == key:
            kept = None if data["settings"] is None else Settings.from_data(data["settings"])
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept by the pruning below
            return (kept,)
    return None  # damaged, or from an incompatible run: validated again


_KEPT_SETTINGS = 64  # files of kept settings (most recently used first); older ones are removed


def _keep(key: str, settings: Settings | None) -> None:
    data = {"key": key, "settings": None if settings is None else settings.as_data()}
    with contextlib.suppress(OSError):  # a store that cannot be written only means validating again
        path = _store(key)
        make_private_folder(path.parent)
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        prune(path, "settings-*.json", _KEPT_SETTINGS)  # (each version of teinei and of each file made one)


def _read_toml(raw: bytes, label: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs read no configuration file
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TeineiError(f"UTF-8 として読めません（{bad_byte(error)}）", path=label) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        line = int(where.group(1)) if where else None
        message = message[: where.start()] if where else message
        raise TeineiError(f"TOML として読めません（{message}）", path=label, line=line) from None


def _table(raw: bytes, label: str, pyproject: bool) -> dict[str, Any] | None:
    """The teinei table of a configuration file, or None for a pyproject.toml that has none."""
    data = _read_toml(raw, label)
    if not pyproject:
        return data
    tool = data.get("tool")
    table = tool.get("teinei") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _validated(table: dict[str, Any], label: str, prefix: str) -> Settings:
    from pydantic import ValidationError

    from teinei.settings_schema import SettingsModel

    try:
        model = SettingsModel.model_validate(table)
    except ValidationError as error:
        raise _validation_error(error, label, prefix) from None
    return Settings.from_data(model.model_dump(by_alias=True))


def _validation_error(error: ValidationError, label: str, prefix: str) -> TeineiError:
    import difflib

    from teinei.validation_words import said

    first = error.errors()[0]
    loc = [str(p) for p in first["loc"]]
    key = ".".join(loc) or "(file)"
    message = said(first)
    if first["type"] == "extra_forbidden":
        known = sorted(f.alias or n for n, f in _fields_at(loc[:-1]).items())
        close = difflib.get_close_matches(loc[-1], known, n=1)
        hint = f"。'{close[0]}' のことでしょうか" if close else f"（使えるキー: {', '.join(known)}）"
        message = f"このキーはありません{hint}"
    return TeineiError(message, path=label, field=prefix + key)


def _fields_at(loc: list[str]) -> dict[str, Any]:
    """The model fields at a location, to list the keys a user may write there."""
    from pydantic import BaseModel

    from teinei.settings_schema import SettingsModel

    model: type[BaseModel] = SettingsModel
    for part in loc:
        fields = {f.alias or n: f for n, f in model.model_fields.items()}
        annotation = fields[part].annotation if part in fields else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return {}
    return dict(model.model_fields)


def _config(path: Path, settings: Settings) -> Config:
    prefix = "tool.teinei." if path.name == "pyproject.toml" else ""
    config = Config(settings=settings, root=path.resolve().parent, source=display_path(path), table=prefix)
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
            raise config.error(f"'{name}' は規則のフォルダではありません", "rules")
    return config


def _rules_inside_repository(config: Config) -> None:
    """A repository's configuration may only add rule folders of its own: ``rules = ["/"]`` or
    ``["../../.."]`` would have teinei read (and walk) folders the repository does not hold."""
    top = repository_top(config.root)
    for folder, name in zip(config.rules_dirs, config.settings.rules, strict=True):
        real = Path(os.path.realpath(folder))
        if real != top and top not in real.parents:
            raise config.error(
                f"'{name}' はリポジトリ（{top}）の外にあります。"
                "リポジトリの外の規則のフォルダは --rules で指定してください",
                "rules",
            )


def repository_top(folder: Path) -> Path:
    """The top of the git repository holding ``folder`` (its real path), or ``folder`` itself outside one."""
    real = Path(os.path.realpath(folder))
    for candidate in (real, *real.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return real

