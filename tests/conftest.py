"""Shared fixtures: one Linter per profile for the whole session (the tagger and rules load once)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from teinei.linter import Linter

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 20)  # a fixed reference date (a Friday) so that date reasoning is repeatable

# The command line runs in a scratch folder holding a copy of examples/ (relative paths in tests stay the same),
# with its own cache home and the reference date pinned, so no test writes into the checkout or the user's
# home, and none depends on the day it runs.
SCRATCH = Path(tempfile.mkdtemp(prefix="teinei-tests-"))
WORK = SCRATCH / "work"
shutil.copytree(ROOT / "examples", WORK / "examples")
CACHE_HOME = SCRATCH / "cache-home"
CACHE_HOME.mkdir()
os.environ["XDG_CACHE_HOME"] = str(CACHE_HOME)  # in-process runs too


if "FAKETIME" in os.environ:
    # libfaketime's nanosleep sometimes fails with EINVAL, which breaks subprocess.run(timeout=...) while it
    # waits for a child; select() sleeps the same without going through it. Only in the shifted-clock pass.
    import select
    import time

    def _sleep(seconds: float) -> None:
        select.select([], [], [], max(0.0, seconds))

    time.sleep = _sleep


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under libfaketime (CI runs the suite a year ahead) the few tests that need the real clock are skipped."""
    if "FAKETIME" in os.environ:
        skip = pytest.mark.skip(reason="needs the real clock; the clock is shifted by libfaketime")
        for item in items:
            if "real_clock" in item.keywords:
                item.add_marker(skip)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter(profile="external", today=TODAY)


@pytest.fixture(scope="session")
def linters() -> dict[str, Linter]:
    return {p: Linter(profile=p, today=TODAY) for p in ("external", "internal", "chat")}


def run_cli(
    *args: str, input: str | bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the installed ``teinei`` entry point in a subprocess, as a user would, on the pinned date."""
    data = input.encode() if isinstance(input, str) else input
    env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat(), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "teinei", *args],
        input=data,
        capture_output=True,
        cwd=cwd or WORK,
        env=env,
        timeout=120,
        check=False,
    )


def found(linter: Linter, text: str, profile: str | None = None, subject: str | None = None) -> list[tuple]:
    """(rule, line, column, spanned text) of every body finding: the shape most rule tests assert on."""
    result = linter.lint(text, profile=profile, subject=subject)
    return [(f.rule, f.line, f.column, text[f.start : f.end]) for f in result.findings if f.part == "body"]
