"""Click's usage errors in Japanese (an unknown option, a refused value, a missing argument), said from what
each exception knows; imported only when a command line is wrong."""

from __future__ import annotations

import click

from teinei.errors import did_you_mean


def said(error: click.UsageError) -> str:
    """Click's usage error in Japanese, from what the exception knows (its option, parameter and choices)."""
    if isinstance(error, click.NoSuchOption):
        return f"オプション {error.option_name} はありません。{did_you_mean(error.possibilities)}".rstrip("。")
    no_such_command = getattr(click.exceptions, "NoSuchCommand", None)  # (click 8.4 and later)
    if no_such_command is not None and isinstance(error, no_such_command):
        return f"コマンド '{error.command_name}' はありません。{did_you_mean(error.possibilities)}".rstrip("。")
    if isinstance(error, click.MissingParameter):
        name = _parameter_name(error.param) if error.param is not None else "引数"
        return f"{name} を指定してください"
    if isinstance(error, BadValue):
        return _bad_value(error)
    if isinstance(error, click.BadParameter):
        name = _parameter_name(error.param) if error.param is not None else error.param_hint or "引数"
        return f"{name} の値が正しくありません（{_plain(error.message)}）"
    if isinstance(error, click.BadOptionUsage):
        option = _option_named(error.ctx, error.option_name)
        if option is not None and option.is_flag:
            return f"{error.option_name} には値を付けられません。{error.option_name} だけを指定してください"
        return f"{error.option_name} の値がありません。{error.option_name} のあとに値を指定してください"
    if isinstance(error, click.BadArgumentUsage):
        return f"引数の数が正しくありません（{_plain(error.message)}）"
    return f"コマンドの使い方が正しくありません（{_plain(error.format_message())}）"


def _plain(message: str) -> str:
    """Click's own words on one line, without the final period (inside a Japanese sentence)."""
    return " ".join(message.split()).rstrip(".")


def _parameter_name(param: click.Parameter) -> str:
    """``--jobs`` for an option (its first long name), ``PATHS`` for an argument."""
    if isinstance(param, click.Option):
        return next((name for name in param.opts if name.startswith("--")), param.opts[0])
    return param.human_readable_name


def _option_named(ctx: click.Context | None, name: str) -> click.Option | None:
    if ctx is None:
        return None
    for param in ctx.command.params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


class BadValue(click.BadParameter):
    """A value the command line's choices and integer ranges refuse, with the value itself (click's own error has
    only words)."""

    def __init__(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> None:
        super().__init__(f"{value!r}", ctx=ctx, param=param)
        self.value = value


def _bad_value(error: BadValue) -> str:
    """``--format 'xml' は使えません。text、json のいずれかを指定してください`` and the like."""
    assert error.param is not None
    name, value, kind = _parameter_name(error.param), error.value, error.param.type
    if isinstance(kind, click.Choice):
        choices = "、".join(str(choice) for choice in kind.choices)
        return f"{name} '{value}' は使えません。{choices} のいずれかを指定してください"
    assert isinstance(kind, click.IntRange)
    if kind.max is None:
        wanted = f"{kind.min} 以上の整数"
    elif kind.min is None:
        wanted = f"{kind.max} 以下の整数"
    else:
        wanted = f"{kind.min} から {kind.max} までの整数"
    try:
        int(str(value))
    except ValueError:
        return f"{name} '{value}' を読めません。{wanted}を指定してください"
    return f"{name} '{value}' は使えません。{wanted}を指定してください"
