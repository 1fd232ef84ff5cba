"""Renderers: pure functions from lint results to text, one module per output format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads FORMATS at start-up; keep that import cheap
    from teinei.findings import LintResult

Renderer = Callable[[list["LintResult"]], str]


def renderer(name: str) -> Renderer:
    from teinei.report import github, json, sarif, text

    return {"text": text.render, "json": json.render, "sarif": sarif.render, "github": github.render}[name]


def statistics_renderer(name: str) -> Renderer:
    """``--statistics`` output: a table for people, or JSON."""
    from teinei.report import statistics

    return {"text": statistics.render, "json": statistics.render_json}[name]


FORMATS = ("text", "json", "sarif", "github")
STATISTICS_FORMATS = ("text", "json")
