"""The pydantic models of the result classes of ``teinei.findings``: their validation and JSON schema (the
same names, fields and descriptions). Imported only when a result is validated or described, never by a
check that makes, prints or caches results."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from teinei.ruleset.terms import Applicability, Severity

_CONFIG = ConfigDict(from_attributes=True)


class Fix(BaseModel):
    """Replace ``text[start:end]`` with ``replacement``. ``safe`` fixes are applied by --fix, ``unsafe`` ones
    only with --unsafe-fixes; a ``display`` fix holds a slot (〇〇) for the writer and is never applied."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    replacement: str
    start: int
    end: int
    applicability: Applicability = "safe"


class Finding(BaseModel):
    """One problem. Lines and columns are 1-based and count characters; ``end_column`` is exclusive."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    rule: str
    category: str
    severity: Severity
    message: str
    suggestions: list[str]
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = None
    part: Literal["body", "subject"] = "body"
    start: int = Field(description="0-based character offset into the part's text")
    end: int
    data: dict[str, object] = {}


class MessageRef(BaseModel):
    """Which message of a mailbox a result is about: a file holds one message, an mbox many, and a result
    (its findings, its cache entry) is one message's."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    index: int = Field(description="1-based place of the message in the mailbox")
    line: int = Field(description="line of the mailbox file where the message starts (its From line)")
    id: str | None = Field(default=None, description="the message's Message-ID header")


class LintResult(BaseModel):
    """The findings for one text, file or message of a mailbox, sorted by part, line, column and rule."""

    model_config = _CONFIG

    path: str = "-"
    message: MessageRef | None = None
    findings: list[Finding] = []
    errors: list[str] = []
    error: str | None = None
