"""The ``teinei`` command: a thin click shell over the library (exit codes in one place)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import IntEnum

import click

from teinei import __version__
from teinei.errors import TeineiError, did_you_mean
from teinei.report import FORMATS


class Exit(IntEnum):
    OK = 0  # nothing at or above the fail level
    FINDINGS = 1
    ERROR = 2  # usage, input or configuration error
    INTERNAL = 3  # a bug in teinei (or a library): one line, the traceback with --debug


class _KnowsItsContext:
    """A command whose parsing mistakes know the command (click's parser leaves them without a context, so
    that the error line could name neither the command's help nor whether an option is a flag)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as error:
            if error.ctx is None:
                error.ctx, error.cmd = ctx, self
            raise


class _Command(_KnowsItsContext, click.Command):
    pass


class _Group(_KnowsItsContext, click.Group):
    """Every command runs here: an exception no one expected is one line and exit code 3, never a traceback
    that reads like bad input, nor exit 1 (which means "findings")."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            _usage_mistake(error)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except TeineiError as error:  # a user error found late (rules loaded on first use): still one line
            if _debug:
                raise
            _fail(str(error))  # (several mistakes found at once: one teinei: line each)
        except Exception as error:  # (SystemExit and KeyboardInterrupt are not Exceptions: they pass)
            if _debug:
                raise
            where = f"{type(error).__name__}: {error}".splitlines()[0]
            click.echo(f"teinei: 内部エラーが起きました（{where}）。--debug を付けて実行すると詳細が表示されます",
                       err=True)
            sys.exit(Exit.INTERNAL)

    command_class = _Command
    group_class = type  # (a group's subgroup is a _Group too)

    def make_context(self, *args, **kwargs) -> click.Context:  # type: ignore[no-untyped-def]
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:  # an unknown option before the command
            _usage_mistake(error)
            raise  # unreachable: _usage_mistake exits


def _usage_mistake(error: click.UsageError) -> None:
    """An unknown option, ``--jobs 0`` or a bad ``--format``: one line and exit 2, like every other error
    (click's usage, hint, blank line and error are four lines for one mistake), in Japanese."""
    from teinei.usage_words import said

    command = error.ctx.command_path if error.ctx is not None else "teinei"
    click.echo(f"teinei: {said(error)}（使い方は `{command} --help`）", err=True)
    sys.exit(Exit.ERROR)


class _KeepsRefusedValue:
    """A parameter type whose refusal carries the value (said in Japanese by ``_usage_mistake``)."""

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> object:
        try:
            return super().convert(value, param, ctx)  # type: ignore[misc]
        except click.BadParameter:
            from teinei.usage_words import BadValue

            raise BadValue(value, param, ctx) from None


class _Choice(_KeepsRefusedValue, click.Choice):
    pass


class _IntRange(_KeepsRefusedValue, click.IntRange):
    pass


_debug = False


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    global _debug
    _debug = _debug or value


_DEBUG = click.option(
    "--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
    help="Show the traceback of an internal error (exit code 3).",
)


def _split(values: tuple[str, ...]) -> list[str]:
    """``--select a,b --select c`` -> [a, b, c]."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _fail(message: str) -> None:
    """The error (several mistakes found at once are several lines, each its own ``teinei:`` line) and exit 2."""
    for line in message.splitlines() or [message]:
        click.echo(f"teinei: {line}", err=True)
    sys.exit(Exit.ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teinei")
@_DEBUG
def main() -> None:
    """teinei (丁寧): lint the tone and clarity of Japanese business messages."""
    # Pydantic looks for plugins (validation observers for applications) by scanning every installed
    # package's metadata, a fifth of a single check's time; the command line validates only teinei's own
    # files and needs none. Set, not forced: a user who names plugins keeps them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    # A file name that is not UTF-8 reaches the output as surrogates: written as \udcXX escapes, so the output
    # stays UTF-8 (and JSON gives the name back), instead of an encoding error after the whole run.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "output_format", type=_Choice(FORMATS), default="text", show_default=True)
@click.option("--profile", default=None, help="external, internal or chat [default: the configuration's, or external].")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated; repeatable).")
@click.option("--rules", "rules_dirs", multiple=True, help="An extra folder of YAML rules (repeatable).")
@click.option(
    "--fail-level", type=_Choice(["error", "warning", "info"]), default=None,
    help="Exit 1 when a finding is at or above this severity [default: the configuration's, or warning].",
)
@click.option("--config", "config_file", help="Use this configuration file for every path (no discovery).")
@click.option("--staged", is_flag=True, help="Check the files staged for commit, as staged (the git hook).")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule made, not the findings.")
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no summary, no progress line; nothing when clean.")
@click.option(
    "--date", "reference", metavar="YYYY-MM-DD", envvar="TEINEI_DATE", show_envvar=True,
    help="The date deadlines are read against when a message has no Date header [default: today].",
)
@click.option(
    "--color/--no-color", default=None,
    help="Colour the text output, even into a pipe [default: on a terminal, unless NO_COLOR is set; FORCE_COLOR "
    "colours a pipe too].",
)
@click.option("--fix", is_flag=True, help="Rewrite files in place with every safe fix, then report what is left.")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff instead of writing them.")
@click.option(
    "--unsafe-fixes", is_flag=True,
    help="With --fix or --diff: also apply the fixes marked unsafe (a rewrite whose meaning you should check).",
)
@click.option(
    "--jobs", "-j", type=_IntRange(min=1), default=None,
    help="Check files in this many processes [default: the number of cores].",
)
@click.option("--no-cache", is_flag=True, help="Lint every file again, ignoring the results kept in .teinei_cache/.")
@click.option(
    "--stdin-filename", metavar="PATH",
    help="Check standard input as this file: its configuration, profile and file type, and reported under its "
    "name (an editor's unsaved buffer).",
)
@_DEBUG
def check(
    paths: tuple[str, ...],
    output_format: str,
    profile: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules_dirs: tuple[str, ...],
    fail_level: str | None,
    config_file: str | None,
    staged: bool,
    statistics: bool,
    quiet: bool,
    reference: str | None,
    color: bool | None,
    fix: bool,
    diff: bool,
    unsafe_fixes: bool,
    jobs: int | None,
    no_cache: bool,
    stdin_filename: str | None,
) -> None:
    """Check files, folders, or standard input (- or a pipe)."""
    _quiet_garbage_collector(one_file=len(paths) == 1 and not staged and (paths[0] == "-" or os.path.isfile(paths[0])))
    from functools import partial

    from teinei.cache import ResultCache
    from teinei.discovery import discover
    from teinei.findings import LintResult
    from teinei.inputs import LINTABLE_SUFFIXES
    from teinei.report import STATISTICS_FORMATS, renderer, statistics_renderer
    from teinei.runner import check_files
    from teinei.workspace import Workspace

    today = _reference_date(reference) if reference is not None else None
    if unsafe_fixes and not (fix or diff):
        _fail("--unsafe-fixes は適用する修正の範囲を選ぶものです。--fix または --diff と一緒に指定してください")
    if (fix or diff) and staged:
        _fail("--fix と --diff はステージされた内容ではなく作業ツリーのファイルを書き換えます。"
              "--staged を付けずに指定してください")
    if statistics and output_format not in STATISTICS_FORMATS:
        _fail(f"--statistics は表を出力します。--format {' または '.join(STATISTICS_FORMATS)} と一緒に指定してください")
    if stdin_filename is not None:
        if staged or any(path != "-" for path in paths):
            _fail("--stdin-filename はパイプで渡す内容の名前です。"
                  "ほかのファイル（- を除く）や --staged は指定しないでください")
        if sys.stdin.isatty():
            _fail("チェックする文章がありません。`teinei check --stdin-filename PATH` にパイプで文章を渡してください")
    if not paths and not staged:
        if sys.stdin.isatty():
            _fail("チェックする文章がありません。"
                  "ファイルかフォルダを指定するか、`teinei check -` にパイプで文章を渡してください")
        paths = ("-",)
    try:
        make_workspace = partial(
            Workspace, config_file, profile=profile, select=_split(select) or None, ignore=_split(ignore),
            rules_dirs=rules_dirs, fail_level=fail_level,
        )
        workspace = make_workspace()
        blobs: dict[str, bytes] = {}
        if staged:
            from teinei.hook import staged_files

            blobs = staged_files(paths, LINTABLE_SUFFIXES)
        if stdin_filename is not None:  # read as that file would be (its content is what is piped in)
            from teinei.inputs import read_stdin

            blobs = {stdin_filename: read_stdin()}
        found, unsearched, notes = (list(blobs), [], []) if staged or stdin_filename is not None else discover(paths)
        names = workspace.included(found)
        for folder, note in notes:
            click.echo(f"{folder}: {note}", err=True)
        for name in names:
            workspace.linter_for(name)  # every configuration is validated before any output
    except TeineiError as error:
        _fail(str(error))
    from teinei.progress import ProgressLine

    progress = ProgressLine(len(names), enabled=not quiet)  # on a terminal, for a run of over a second
    run = check_files(
        names, workspace, today=today, blobs=blobs, jobs=jobs, make_workspace=make_workspace,
        cache=None if no_cache else ResultCache(),
        fixer=partial(_fix_one, write=not diff, unsafe=unsafe_fixes, stdin_name=stdin_filename) if fix or diff
        else None,
        report=partial(_echo_messages, progress=progress), progress=progress.advance, stdin_name=stdin_filename,
    )
    progress.clear()
    results, unreadable, fixes, changed_files = run.reported, run.unreadable, run.fixes, run.changed_files
    for folder, why in unsearched:  # a folder that gave no files is reported, not passed as clean
        click.echo(f"{folder}: {why}", err=True)
        results.append(LintResult(path=folder, error=why))
    results.sort(key=lambda r: r.path)
    # With --fix on standard input, standard output carries the fixed text, so the report goes to stderr.
    to_stderr = fix and not diff and ("-" in names or stdin_filename in names)
    if diff:
        click.echo(f"{fixes} 件の自動修正を表示しました（{changed_files} ファイル、書き込みはしていません）", err=True)
    elif statistics:
        click.echo(statistics_renderer(output_format)(results), nl=False, err=to_stderr)
    elif output_format == "text":
        use_color = _use_color(color, sys.stderr if to_stderr else sys.stdout)
        text = renderer("text")(results, color=use_color, quiet=quiet)  # type: ignore[call-arg]
        click.echo(text, nl=False, err=to_stderr, color=use_color)  # (click strips colour off a terminal)
    elif output_format == "sarif":
        sarif = renderer("sarif")(results, rules=workspace.rule_models())  # type: ignore[call-arg]
        click.echo(sarif, nl=False, err=to_stderr)
    else:
        click.echo(renderer(output_format)(results), nl=False, err=to_stderr)
    if fix and not diff:
        for passed in (o.raw for o in run.outcomes if o.raw is not None):  # standard input, unchanged
            import shutil

            sys.stdout.buffer.write(passed)
            shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)  # (what was past the size limit)
            sys.stdout.buffer.flush()
        done = f"{fixes} 件を自動修正しました（{changed_files} ファイル）"
        click.echo(done if fixes else "自動修正できる指摘はありませんでした", err=True)
    if unreadable or unsearched or any(r.errors for r in results):
        sys.exit(Exit.ERROR)
    failed = any(r.at_least(workspace.fail_level_for(r.path)) for r in results)
    sys.exit(Exit.FINDINGS if failed else Exit.OK)


def _use_color(flag: bool | None, stream: object) -> bool:
    """--color / --no-color win; then NO_COLOR, then FORCE_COLOR (no-color.org, force-color.org: set and
    not empty); else colour only on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def _quiet_garbage_collector(*, one_file: bool) -> None:
    """Called before the rules are loaded. A run keeps every result until the report and makes almost no
    reference cycles, so the collector's repeated scans of the growing heap (and of everything imported) are
    wasted: a tenth of a cached re-check of a large tree. Objects so far are frozen out of its scans, and it
    runs less often. A run of one file (at most the 4 MB input limit: no more garbage than one message
    makes) is over before any scan could pay for itself: there the collector stays off, about a tenth of a
    one-shot check (the kept rules alone are 20,000 objects)."""
    import gc

    if one_file:
        gc.disable()
        return
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _echo_messages(outcome, progress=None) -> None:  # (runner.Outcome) a file's errors, as each file is done
    if outcome.messages and progress is not None:
        progress.clear()  # the error on a line of its own; the progress line comes back on the next file
    for line in outcome.messages:
        click.echo(line, err=True)


def _fix_one(linter, document, today, *, write: bool, unsafe: bool = False, stdin_name: str | None = None):
    """--fix / --diff for one document: the findings left and the number of fixes made (or shown with
    --diff); raises ``WriteError`` when the file could not be written (it is then left as it was). Standard
    input (``-``, or the ``--stdin-filename`` it is checked as) is fixed onto standard output, never a file."""
    from teinei.fix import fix_document, unified_diff
    from teinei.writeback import encode, write_back

    if "email" in document.facts:
        why = "メール（MIME）は書き換えません。メールソフトで直してください"
        click.echo(f"{document.path}: 書き換えていません（{why}）", err=True)
        return linter.lint_document(document, today=today), 0
    outcome = fix_document(linter, document, today=today, unsafe=unsafe)
    for finding in outcome.unwritable:
        assert finding.fix is not None
        why = f"「{finding.fix.replacement}」はこのファイルの文字コード（{document.encoding}）で書けません"
        where = f"{document.path}:{finding.line}:{finding.column}"
        click.echo(f"{where}: [{finding.rule}] 修正していません（{why}）", err=True)
    if not write:
        if outcome.changed:
            click.echo(unified_diff(document.path, document.text, outcome.text), nl=False)
        return linter.lint_document(document, today=today), len(outcome.applied)
    if document.path in ("-", stdin_name):
        sys.stdout.buffer.write(encode(document, outcome.text))
        sys.stdout.buffer.flush()
    elif outcome.changed:
        write_back(document, outcome.text)
    return outcome.result, len(outcome.applied)


def _reference_date(value: str) -> dt.date:
    """``--date``: YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a time too (deadlines due within hours)."""
    from teinei.reference import REFERENCE_YEARS

    try:
        day = dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--date '{value}' を読めません。"
              "YYYY-MM-DD または YYYY-MM-DDTHH:MM の形で指定してください（例: 2026-12-01）")
        raise  # unreachable: _fail exits
    if day.year not in REFERENCE_YEARS:
        first, last = REFERENCE_YEARS[0], REFERENCE_YEARS[-1]
        _fail(f"--date '{value}' は使えません。{first} 年から {last} 年までの日付を指定してください")
    return day


@main.command("rules")
@click.option("--rules", "rules_dirs", multiple=True, help="An extra folder of YAML rules (repeatable).")
@click.option("--format", "output_format", type=_Choice(("text", "json")), default="text", show_default=True)
def list_rules(rules_dirs: tuple[str, ...], output_format: str) -> None:
    """List every rule: id, severity, fix, profiles and what it catches (its first sentence; fitted to the
    terminal's width)."""
    import shutil

    from teinei import rule_list
    from teinei.ruleset.compiled import compiled_rules

    try:
        ruleset = compiled_rules(rules_dirs)
    except TeineiError as error:
        _fail(str(error))
    if output_format == "json":
        click.echo(rule_list.as_json(ruleset.rules), nl=False)
        return
    columns = shutil.get_terminal_size((0, 0)).columns  # COLUMNS, else the terminal's; a pipe: whole lines
    click.echo(rule_list.as_text(ruleset.rules, columns or None), nl=False)


@main.command()
@click.argument("rule_id")
@click.option("--rules", "rules_dirs", multiple=True, help="An extra folder of YAML rules (repeatable).")
@click.option(
    "--date", "reference", metavar="YYYY-MM-DD", envvar="TEINEI_DATE", show_envvar=True,
    help="The date the example dates in suggestions are computed from [default: today].",
)
def explain(rule_id: str, rules_dirs: tuple[str, ...], reference: str | None) -> None:
    """Explain a rule: why it matters, what to write instead, and examples."""
    from teinei.explain import explain_rule
    from teinei.ruleset.compiled import compiled_rules

    try:
        ruleset = compiled_rules(rules_dirs)
    except TeineiError as error:
        _fail(str(error))
    loaded = ruleset.rules.get(rule_id)
    if loaded is None:
        from teinei.ruleset.select import closest_ids

        close = closest_ids(rule_id, list(ruleset.rules))
        hint = f"。{did_you_mean(close)}" if close else ""
        _fail(f"規則 '{rule_id}' はありません{hint}（一覧は `teinei rules`）")
    today = _reference_date(reference) if reference is not None else None
    click.echo(explain_rule(loaded, today=today))


@main.command()
@click.argument("path", default="teinei.toml")
def init(path: str) -> None:
    """Write a commented starter configuration file (teinei.toml)."""
    from teinei.starter import write_starter

    try:
        written = write_starter(path)
    except TeineiError as error:
        _fail(str(error))
    click.echo(f"{written} を書き出しました。各設定に説明があります。使う設定のコメントを外してください")


@main.group()
def hook() -> None:
    """A plain git pre-commit hook that checks the staged files (for repositories without pre-commit)."""


@hook.command("install")
@click.option("--force", is_flag=True, help="Replace a hook teinei did not write (it is kept beside it).")
def hook_install(force: bool) -> None:
    """Write .git/hooks/pre-commit to run `teinei check --staged` before each commit."""
    from teinei import hook as git_hook

    try:
        path, kept = git_hook.install(force=force)
    except TeineiError as error:
        _fail(str(error))
    if kept is not None:
        click.echo(f"それまでのフックを {kept} として残しました")
    click.echo(f"{path} をインストールしました")


@hook.command("uninstall")
def hook_uninstall() -> None:
    """Remove the hook `teinei hook install` wrote (and put back a hook it had kept aside)."""
    from teinei import hook as git_hook

    try:
        path, restored = git_hook.uninstall()
    except TeineiError as error:
        _fail(str(error))
    if path is None:
        click.echo("pre-commit フックはインストールされていません。削除するものはありません")
        return
    click.echo(f"teinei のフック {path} を削除しました" + ("。それまでのフックを元に戻しました" if restored else ""))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on (others: a warning).")
@click.option("--port", type=_IntRange(0, 65535), default=8765, show_default=True, help="0: any free port.")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the default browser.")
@click.option(
    "--workers", type=_IntRange(min=1),
    help="Processes answering requests, each with its own warm linter [default: 2 on 2 or more cores, else 1].",
)
@click.option("--config", "config_file", help="Use this configuration file (default: found from this folder).")
@click.option("--rules", "rules_dirs", multiple=True, help="An extra folder of YAML rules (repeatable).")
@click.option(
    "--date", "reference", metavar="YYYY-MM-DD", envvar="TEINEI_DATE", show_envvar=True,
    help="The date deadlines are read against when a request gives none [default: today].",
)
def serve(
    host: str,
    port: int,
    no_browser: bool,
    workers: int | None,
    config_file: str | None,
    rules_dirs: tuple[str, ...],
    reference: str | None,
) -> None:
    """Open a local page (and an HTTP API) that checks drafts as you type; nothing leaves this computer."""
    from teinei.serve import INSTALL_HINT

    today = _reference_date(reference) if reference is not None else None
    try:
        from teinei.serve.server import serve as run_server
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in ("fastapi", "starlette", "uvicorn"):
            raise
        _fail(INSTALL_HINT)
    try:
        run_server(
            host, port, open_browser=not no_browser, config_file=config_file, rules_dirs=rules_dirs, today=today,
            workers=workers,
        )
    except TeineiError as error:
        _fail(str(error))


def _missing_extra(error: ModuleNotFoundError, extra: str, modules: tuple[str, ...]) -> None:
    """One line naming the extra to install when a server's library is missing (other errors propagate)."""
    if (error.name or "").split(".")[0] not in modules:
        raise error
    _fail(f"`teinei {extra}` には追加の依存パッケージ '{extra}' が必要です。"
          f"pip install 'teinei[{extra}]' でインストールしてください")


_SERVER_DATE = click.option(
    "--date", "reference", metavar="YYYY-MM-DD", envvar="TEINEI_DATE", show_envvar=True,
    help="The date deadlines are read against when a message has no Date header [default: today].",
)


@main.command()
@_SERVER_DATE
def lsp(reference: str | None) -> None:
    """Serve diagnostics, quick fixes and hover to an editor (Language Server Protocol over stdio)."""
    today = _reference_date(reference) if reference is not None else None
    try:
        from teinei import lsp as language_server
    except ModuleNotFoundError as error:
        _missing_extra(error, "lsp", ("pygls", "lsprotocol"))
    language_server.serve(today)


@main.command()
@_SERVER_DATE
def mcp(reference: str | None) -> None:
    """Serve check, fix and explain tools to an AI assistant (Model Context Protocol over stdio)."""
    today = _reference_date(reference) if reference is not None else None
    try:
        from teinei import mcp_server
    except ModuleNotFoundError as error:
        _missing_extra(error, "mcp", ("mcp", "mcp_types"))
    mcp_server.serve(today)


def _byte_size(value: str) -> int:
    """``--partition-size``: bytes, or with a K, M or G suffix (64K, 8M)."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    number, unit = (value[:-1], units[value[-1].upper()]) if value[-1:].upper() in units else (value, 1)
    try:
        size = int(number) * unit
    except ValueError:
        size = 0
    if size <= 0:
        _fail(f"--partition-size '{value}' を読めません。バイト数で指定してください（例: 65536、512K、8M）")
    return size


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--from", "senders", multiple=True, metavar="ADDR", help="Only mail from this address (repeatable).")
@click.option("--since", metavar="YYYY-MM-DD", help="Only mail dated on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only mail dated on or before this day.")
@click.option("--profile", default=None, help="external, internal or chat [default: the configuration's, or external].")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated; repeatable).")
@click.option("--rules", "rules_dirs", multiple=True, help="An extra folder of YAML rules (repeatable).")
@click.option("--config", "config_file", help="Use this configuration file (no discovery).")
@click.option(
    "--format", "output_format", type=_Choice(("text", "json", "csv", "parquet", "html")), default="text",
    show_default=True,
)
@click.option("--output", "-o", metavar="FILE", help="Write the report here [default: standard output].")
@click.option(
    "--jobs", "-j", type=_IntRange(min=1), default=None,
    help="Processes (or --dask local workers) [default: the number of cores].",
)
@click.option("--dask", metavar="ADDRESS|local", help="Run on this Dask scheduler, or on a LocalCluster started here.")
@click.option("--resume", metavar="DIR", help="Keep finished partitions in DIR; run again to finish the audit.")
@click.option("--anonymize", is_flag=True, help="Replace sender addresses by a salted hash (the salt goes to stderr).")
@click.option("--partition-size", help="Bytes of mail per task, e.g. 512K [default: from the archive's size].")
@click.option(
    "--date", "reference", metavar="YYYY-MM-DD", envvar="TEINEI_DATE", show_envvar=True,
    help="The date deadlines are read against when a mail has no Date header [default: today].",
)
def audit(
    paths: tuple[str, ...], senders: tuple[str, ...], since: str | None, until: str | None, profile: str | None,
    select: tuple[str, ...], ignore: tuple[str, ...], rules_dirs: tuple[str, ...], config_file: str | None,
    output_format: str, output: str | None, jobs: int | None, dask: str | None, resume: str | None,
    anonymize: bool, partition_size: str | None, reference: str | None,
) -> None:
    """Audit an archive of sent mail (mbox files, Maildir or .eml folders): findings by sender, month, rule
    and template."""
    from teinei.audit.command import Options
    from teinei.audit.command import audit as run_audit
    from teinei.runner import default_jobs

    days = {}
    for name, value in (("--since", since), ("--until", until)):
        try:
            days[name] = dt.date.fromisoformat(value) if value else None
        except ValueError:
            _fail(f"{name} の日付 '{value}' を読めません。YYYY-MM-DD の形で指定してください（例: 2026-04-01）")
    options = Options(
        paths, senders, days["--since"], days["--until"], output_format, output, jobs or default_jobs(), dask,
        resume, anonymize, _byte_size(partition_size) if partition_size else None, config_file, profile,
        _split(select), _split(ignore), rules_dirs, _reference_date(reference) if reference is not None else None,
    )
    try:
        run_audit(options)
    except TeineiError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        hint = (f"同じコマンドをもう一度実行すると {resume} から再開します" if resume
                else "次からは --resume DIR を付けて実行すると、中断しても続きから再開できます")
        click.echo(f"teinei: 監査を中断しました。{hint}", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
