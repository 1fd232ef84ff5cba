"""The README's shell blocks are what a newcomer copies (issue 19): every ```sh block holds only commands that a
shell accepts as written (``bash -n``), with no output or prompts mixed in (transcripts go in ```console blocks,
each command after a ``$``), and the Quick start says what its first command exits with, which is true."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
BLOCKS = [(kind, body, README.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(README) for kind, body in [m.groups()]]
SH = [(body, line) for kind, body, line in BLOCKS if kind == "sh"]
CONSOLE = [(body, line) for kind, body, line in BLOCKS if kind == "console"]
# What a line of a shell block may start with: the commands the README uses, or a path to one.
COMMANDS = {
    "teinei", "python3", "pip", "pipx", "cd", "printf", "rm", "pbpaste", "cat", "dask", "git", ".", "source",
    "pre-commit", "export", "less",
}
PLACEHOLDER = re.compile(r"(?<![\"'])<[A-Za-z][\w-]*>")  # tcp://<host>:8786 is a redirection to a shell


def _commands(body: str) -> list[str]:
    """The block's lines without comments and blank lines, continuation lines joined to theirs."""
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _first_word(line: str) -> str:
    word = line.split()[0]
    return word if "/" not in word else "/"


def test_the_readme_has_shell_blocks() -> None:
    assert len(SH) >= 8 and CONSOLE


@pytest.mark.parametrize(("body", "line"), SH, ids=[f"line-{line}" for _, line in SH])
def test_every_sh_block_is_commands_a_shell_accepts(body: str, line: str) -> None:
    checked = subprocess.run(["bash", "-n"], input=body, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, f"README line {line}: {checked.stderr}"
    for command in _commands(body):
        assert not command.startswith(("$ ", "> ")), f"README line {line}: a prompt in a sh block: {command}"
        assert _first_word(command) in COMMANDS | {"/"}, f"README line {line}: not a command (output?): {command}"
        code = command.split(" #")[0]
        assert not PLACEHOLDER.search(code), f"README line {line}: a placeholder the shell would misread: {command}"


@pytest.mark.parametrize(("body", "line"), CONSOLE, ids=[f"line-{line}" for _, line in CONSOLE])
def test_every_console_block_shows_its_commands_after_a_prompt(body: str, line: str) -> None:
    commands = [text[2:] for text in body.splitlines() if text.startswith("$ ")]
    assert commands, f"README line {line}: a console block without a $ command"
    checked = subprocess.run(["bash", "-n"], input="\n".join(commands), capture_output=True, text=True, check=False)
    assert checked.returncode == 0, f"README line {line}: {checked.stderr}"


def test_the_quick_start_says_what_its_first_command_exits_with() -> None:
    start = README.index("## Quick start")
    first = README.index("```sh\n", start)
    command = README[first + len("```sh\n") : README.index("\n```", first)]
    assert command.endswith(".venv/bin/teinei check examples/reply-vague.txt")
    after = README[README.index("\n```", first) + 4 :].lstrip().split("\n\n")[0]
    assert "exits with status 1" in after
    assert run_cli("check", "examples/reply-vague.txt").returncode == 1  # as said


def test_the_readme_says_how_to_get_teinei_on_the_path_and_install_without_test_extras() -> None:
    set_up = README[README.index("## Quick start") : README.index("## Command line")]
    commands = [c for body, _ in SH for c in _commands(body) if README.index(body) < README.index("## Command line")]
    assert ". .venv/bin/activate" in commands
    assert "pipx install ." in commands
    assert any(c.startswith("python3 -m pip install .") and "[test]" not in c for c in commands)
    assert "PATH" in set_up


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_ci_script_runs_the_quick_start() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "## Quick start" in script  # it takes the command from the README, so the two cannot drift apart
    checked = subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
