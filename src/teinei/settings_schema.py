"""The pydantic schema of a configuration file: what ``teinei.config_file`` validates a TOML table with
before it becomes plain ``teinei.settings.Settings``. Imported only when a file's settings were not kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from teinei.ruleset.terms import Profile, Severity
from teinei.settings import GlobPattern, key


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=key)


class VocabularyModel(_Section):
    """The company's own words: ``preferred`` maps a written form to the one to use; ``banned`` never to use."""

    preferred: dict[str, str] = {}
    banned: list[str] = []

    @field_validator("preferred")
    @classmethod
    def _distinct(cls, value: dict[str, str]) -> dict[str, str]:
        for written, preferred in value.items():
            if not written.strip() or not preferred.strip():
                raise ValueError("空の語は指定できません")
            if written == preferred:
                raise ValueError(f"'{written}' が同じ語に置き換えられています。別の語を指定してください")
        return value

    @field_validator("banned")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if any(not term.strip() for term in value):
            raise ValueError("空の語は指定できません")
        return value


class ClosureModel(_Section):
    """Days the company is closed (inclusive)."""

    start: dt.date
    end: dt.date
    name: str = "休業期間"

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: dt.date, info: Any) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"終了日 {end} が開始日 {start} より前です")
        return end


class SettingsModel(_Section):
    """Everything a configuration file may hold (the fields of ``teinei.settings.Settings``, validated)."""

    profile: Profile = "external"
    per_path_profiles: dict[GlobPattern, Profile] = {}
    select: list[str] = []
    ignore: list[str] = []
    severity: dict[str, Severity] = {}
    rules: list[str] = []
    exclude: list[GlobPattern] = []
    per_file_ignores: dict[GlobPattern, list[str]] = {}
    vocabulary: VocabularyModel = Field(default_factory=VocabularyModel)
    fail_level: Severity = Severity.WARNING
    closures: list[ClosureModel] = []
    year_end_closure: bool = True
