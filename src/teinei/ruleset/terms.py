"""The words of the rule format that run-time code needs (severities, categories, profiles), kept apart
from the pydantic models of ``teinei.ruleset.model`` so that a check served from compiled rules imports no
pydantic."""

from __future__ import annotations

from enum import Enum
from typing import Literal

CATEGORIES = ("curt", "acknowledgement", "scope", "deadline", "keigo", "rudeness", "wording", "clarity")
PROFILES = ("external", "internal", "chat")

Category = Literal["curt", "acknowledgement", "scope", "deadline", "keigo", "rudeness", "wording", "clarity"]
Profile = Literal["external", "internal", "chat"]
Part = Literal["body", "subject"]

# ruff's model: ``safe`` is applied by --fix, ``unsafe`` (the meaning may shift a little) only with
# --unsafe-fixes, ``display`` (the rewrite holds a slot such as 〇〇 for the writer to fill) is shown, never applied.
Applicability = Literal["safe", "unsafe", "display"]


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
