"""teinei (丁寧): a linter for the tone and clarity of Japanese business messages.

Public API: ``lint``, ``Linter``, ``Finding``, ``Fix``, ``LintResult``, ``TeineiError``, ``deadlines``. Imports
are lazy so that ``import teinei`` costs nothing until a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Finding", "Fix", "LintResult", "Linter", "TeineiError", "__version__", "deadlines", "lint"]

_EXPORTS = {
    "lint": "teinei.linter",
    "Linter": "teinei.linter",
    "Finding": "teinei.findings",
    "Fix": "teinei.findings",
    "LintResult": "teinei.findings",
    "TeineiError": "teinei.errors",
    "deadlines": "teinei.linter",
}

if TYPE_CHECKING:
    from teinei.errors import TeineiError
    from teinei.findings import Finding, Fix, LintResult
    from teinei.linter import Linter, deadlines, lint


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'teinei' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    """The public names, as ``dir(teinei)`` and completion show them (they are loaded on first use)."""
    return sorted({*(name for name in globals() if name.startswith("__")), *__all__})
