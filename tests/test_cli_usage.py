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
         "teinei: --jobs '0' は使えません。1 以上の整数を指定してください（使い方は `teinei check --help`）"),
        (("check", "-j", "many", "x.txt"),
         "teinei: --jobs 'many' を読めません。1 以上の整数を指定してください（使い方は `teinei check --help`）"),
        (("serve", "--port", "70000"),
         "teinei: --port '70000' は使えません。0 から 65535 までの整数を指定してください（使い方は `teinei serve --help`）"),
        (("check", "--format", "xml", "x.txt"),
         "teinei: --format 'xml' は使えません。text、json、sarif、github のいずれかを指定してください"
         "（使い方は `teinei check --help`）"),
        (("check", "--fail-level", "fatal", "x.txt"),
         "teinei: --fail-level 'fatal' は使えません。error、warning、info のいずれかを指定してください"
         "（使い方は `teinei check --help`）"),
        (("check", "--frobnicate", "x.txt"),
         "teinei: オプション --frobnicate はありません。--format のことでしょうか（使い方は `teinei check --help`）"),
        (("chek", "x.txt"), "teinei: コマンド 'chek' はありません。check のことでしょうか（使い方は `teinei --help`）"),
        (("--frobnicate",), "teinei: オプション --frobnicate はありません（使い方は `teinei --help`）"),
        (("hook", "instal"),
         "teinei: コマンド 'instal' はありません。install または uninstall のことでしょうか（使い方は `teinei hook --help`）"),
        (("check", "--format"),
         "teinei: --format の値がありません。--format のあとに値を指定してください（使い方は `teinei check --help`）"),
        (("check", "--fix=yes", "x.txt"),
         "teinei: --fix には値を付けられません。--fix だけを指定してください（使い方は `teinei check --help`）"),
        (("audit",), "teinei: PATHS を指定してください（使い方は `teinei audit --help`）"),
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
