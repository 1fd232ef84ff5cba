"""What a configuration file may say, as plain frozen data: the built-in defaults, the settings validated
from a file (``teinei.config_file``), and the form they are kept in between runs. No pydantic here: most runs
have no configuration file, or one whose validated settings were kept, and need no validator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

from teinei.ruleset.terms import Profile, Severity

GlobPattern = str  # a path pattern; see ``teinei.globs``


@dataclass(frozen=True)
class Vocabulary:
    """The company's own words: ``preferred`` maps a written form to the one to use; ``banned`` never to use."""

    preferred: dict[str, str] = field(default_factory=dict)
    banned: list[str] = field(default_factory=list)


class ClosureSetting(NamedTuple):
    """Days the company is closed (inclusive): ``{start = 2026-08-11, end = 2026-08-16, name = "夏季休業"}``."""

    start: dt.date
    end: dt.date
    name: str = "休業期間"


@dataclass(frozen=True)
class Settings:
    """Everything a configuration file may hold (keys are kebab-case, as written in TOML: ``key``)."""

    profile: Profile = "external"
    per_path_profiles: dict[GlobPattern, Profile] = field(default_factory=dict)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)  # extra folders of YAML rules
    exclude: list[GlobPattern] = field(default_factory=list)
    per_file_ignores: dict[GlobPattern, list[str]] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    fail_level: Severity = Severity.WARNING
    closures: list[ClosureSetting] = field(default_factory=list)  # company closures, besides weekends and holidays
    year_end_closure: bool = True  # 12/29-1/3 counts as closed, as at most Japanese companies

    def as_data(self) -> dict[str, Any]:
        """The settings as JSON data, keys as written in TOML (the form they are fingerprinted and kept in)."""
        data: dict[str, Any] = {}
        for name in setting_names():
            value = getattr(self, name)
            if name == "vocabulary":
                value = {"preferred": dict(value.preferred), "banned": list(value.banned)}
            elif name == "closures":
                value = [{"start": c.start.isoformat(), "end": c.end.isoformat(), "name": c.name} for c in value]
            elif name == "severity":
                value = {key: level.value for key, level in value.items()}
            elif name == "fail_level":
                value = value.value
            data[key(name)] = value
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Settings:
        """Settings from ``as_data``'s form, or from a validated table (dates and severities already typed)."""
        values = {name: data[key(name)] for name in setting_names() if key(name) in data}
        if "vocabulary" in values:
            values["vocabulary"] = Vocabulary(**values["vocabulary"])
        if "closures" in values:
            values["closures"] = [
                ClosureSetting(_date(c["start"]), _date(c["end"]), c["name"]) for c in values["closures"]
            ]
        if "severity" in values:
            values["severity"] = {name: Severity(level) for name, level in values["severity"].items()}
        if "fail_level" in values:
            values["fail_level"] = Severity(values["fail_level"])
        return cls(**values)


def key(name: str) -> str:
    """A setting's key as written in TOML (``fail_level`` -> ``fail-level``)."""
    return name.replace("_", "-")


def setting_names() -> list[str]:
    """Every setting's name, in the order the model declares them."""
    return [f.name for f in fields(Settings)]


def _date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
