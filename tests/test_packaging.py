"""The built wheel carries the rules, and the installed command finds them from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_contains_rules_and_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("teinei-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.yaml")}
    assert {"teinei/" + p for p in shipped} <= names
    assert "teinei/cli.py" in names
    assert "teinei/py.typed" in names  # type checkers read the package's own hints (PEP 561)
    page = ROOT / "src" / "teinei" / "serve" / "static"
    assert {f"teinei/serve/static/{f.name}" for f in page.iterdir()} <= names  # the page works offline
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "teinei = teinei.__main__:run" in zipfile.ZipFile(wheel).read(entry).decode()
