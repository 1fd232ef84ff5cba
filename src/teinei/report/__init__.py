"""Renderers: pure functions from lint results to text, one module per output format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads FORMATS at start-up; keep that import cheap
    from teinei.findings import LintResult

Renderer = Callable[[list["LintResult"]], str]


def renderer(name: str) -> Renderer:
    """The renderer of one format; only its module is imported (a check prints one format)."""
    if name == "text":
        from teinei.report import text as module
    elif name == "json":
        from teinei.report import json as module  # type: ignore[no-redef]
    elif name == "sarif":
        from teinei.report import sarif as module  # type: ignore[no-redef]
    elif name == "github":
        from teinei.report import github as module  # type: ignore[no-redef]
    else:
        raise KeyError(name)
    return module.render  # type: ignore[return-value]


def statistics_renderer(name: str) -> Renderer:
    """``--statistics`` output: a table for people, or JSON."""
    from teinei.report import statistics

    return {"text": statistics.render, "json": statistics.render_json}[name]


FORMATS = ("text", "json", "sarif", "github")
STATISTICS_FORMATS = ("text", "json")
