"""Renderers: pure functions from lint results to text, one module per output format."""

from __future__ import annotations

from collections.abc import Callable

from teinei.findings import LintResult

Renderer = Callable[[list[LintResult]], str]


def renderer(name: str) -> Renderer:
    from teinei.report import json, text

    return {"text": text.render, "json": json.render}[name]


FORMATS = ("text", "json")
