"""What the API accepts: the JSON bodies of ``/api/check`` and ``/api/fix``, strictly typed, unknown fields
refused (a misspelt ``profle`` would otherwise be ignored and the check run with the wrong profile)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CheckRequest(BaseModel):
    """A draft to check, with the options ``teinei check`` takes on the command line."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(description="本文")
    subject: str | None = Field(None, description="件名（指定するとメールの下書きとして確認します）")
    attachments: list[str] | None = Field(None, description="添付ファイル名")
    profile: str | None = Field(None, description="external、internal、chat のいずれか")
    date: str | None = Field(None, description="期限を判断する基準日（YYYY-MM-DD または YYYY-MM-DDTHH:MM）")
    select: list[str] | str | None = Field(None, description="このルール ID・カテゴリだけを使う")
    ignore: list[str] | str | None = Field(None, description="このルール ID・カテゴリを使わない")


class FixRequest(CheckRequest):
    """A draft to fix: every safe fix (and the unsafe ones too with ``unsafe``), until nothing changes."""

    unsafe: bool = Field(False, description="要確認の修正も適用する")
