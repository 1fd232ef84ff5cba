"""Usage mistakes and help text (issue 19): one line and exit 2 for a mistake, help without markup."""

from __future__ import annotations

import click
import pytest

from teinei.cli import main

from .conftest import run_cli


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("check", "--jobs", "0", "x.txt"),
         "teinei: Invalid value for '--jobs' / '-j': 0 is not in the range x>=1 (see `teinei check --help`)"),
        (("check", "--format", "xml", "x.txt"),
         "teinei: Invalid value for '--format': 'xml' is not one of 'text', 'json', 'sarif', 'github' "
         "(see `teinei check --help`)"),
        (("check", "--fail-level", "fatal", "x.txt"),
         "teinei: Invalid value for '--fail-level': 'fatal' is not one of 'error', 'warning', 'info' "
         "(see `teinei check --help`)"),
        (("check", "--frobnicate", "x.txt"),
         "teinei: No such option '--frobnicate'. Did you mean '--format'? (see `teinei check --help`)"),
        (("chek", "x.txt"), "teinei: No such command 'chek'. Did you mean 'check'? (see `teinei --help`)"),
        (("--frobnicate",), "teinei: No such option '--frobnicate' (see `teinei --help`)"),
        (("hook", "instal"),
         "teinei: No such command 'instal'. (Did you mean one of: 'install', 'uninstall'?) (see `teinei hook --help`)"),
    ],
)
def test_a_usage_mistake_is_one_line_and_exit_2(args: tuple[str, ...], line: str) -> None:
    proc = run_cli(*args)
    assert (proc.returncode, proc.stdout, proc.stderr.decode()) == (2, b"", line + "\n")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_help_shows_no_markup_and_says_which_options_may_be_repeated() -> None:
    repeatable = []
    for path, command in _commands(main):
        help_text = run_cli(*path, "--help").stdout.decode()
        assert "``" not in help_text, path
        for option in command.params:
            if isinstance(option, click.Option) and option.multiple:
                assert "repeat" in (option.help or ""), (path, option.name)
                repeatable.append((path[-1], option.opts[0]))
    assert ("check", "--select") in repeatable and ("check", "--rules") in repeatable
    assert "Check files, folders, or standard input (- or a pipe)." in run_cli("check", "--help").stdout.decode()
