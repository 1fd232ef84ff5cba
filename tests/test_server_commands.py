"""`teinei lsp` and `teinei mcp` as commands: their libraries are optional and never loaded by `teinei check`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import CACHE_HOME, TODAY, WORK


def python(code: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat(), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", code], input=input, capture_output=True, text=True, cwd=WORK, env=env, timeout=120,
        check=False,
    )


def test_check_loads_neither_server_library() -> None:
    code = (
        "import sys\n"
        "from teinei.cli import main\n"
        "try:\n"
        "    main(['check', '-'])\n"
        "except SystemExit as done:\n"
        "    loaded = sorted(m for m in ('pygls', 'lsprotocol', 'mcp', 'teinei.lsp', 'teinei.mcp_server') if m in sys.modules)\n"
        "    print(done.code, loaded, file=sys.stderr)\n"
    )
    done = python(code, input="了解しました。")
    assert "keigo/ryokai" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "1 []"


@pytest.mark.parametrize(
    ("command", "blocked"), [("lsp", ("pygls", "lsprotocol")), ("mcp", ("mcp", "mcp_types"))]
)
def test_without_the_extra_the_server_command_says_what_to_install(command: str, blocked: tuple[str, ...]) -> None:
    code = (
        "import sys\n"
        f"sys.modules.update(dict.fromkeys({blocked!r}))  # as if not installed: importing them fails\n"
        "from teinei.cli import main\n"
        f"main([{command!r}])\n"
    )
    done = python(code)
    assert done.returncode == 2
    assert done.stderr == (f"teinei: `teinei {command}` には追加の依存パッケージ '{command}' が必要です。"
                           f"pip install 'teinei[{command}]' でインストールしてください\n")
    assert done.stdout == ""


@pytest.mark.parametrize("command", ["lsp", "mcp"])
def test_a_bad_date_is_one_line(command: str) -> None:
    done = python(f"from teinei.cli import main\nmain([{command!r}, '--date', '2026-02-30'])\n")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--date '2026-02-30' を読めません。" in done.stderr
