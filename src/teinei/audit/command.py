"""What ``teinei audit`` does once its options are parsed: plan, run, render, write (cli.py stays thin)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import click

from teinei.errors import TeineiError, os_reason

EXTRA = "pip install 'teinei[audit]'"
RowSink = Callable[[list[list[Any]]], None]


@dataclass
class Options:
    """What `teinei audit` was asked, as the command line gave it."""

    paths: tuple[str, ...]
    senders: tuple[str, ...]
    since: dt.date | None
    until: dt.date | None
    output_format: str
    output: str | None
    jobs: int
    dask: str | None
    resume: str | None
    anonymize: bool
    partition_bytes: int | None  # None: chosen from the archive's size
    config_file: str | None
    profile: str | None
    select: list[str]
    ignore: list[str]
    rules_dirs: tuple[str, ...]
    today: dt.date | None


def require_extra(options: Options, progress: bool) -> None:
    """The packages of the ``audit`` extra that these options need, or one line saying how to install them."""
    needed = ["tqdm"] if progress else []
    needed += ["distributed"] if options.dask else []
    needed += ["pyarrow"] if options.output_format == "parquet" else []
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        raise TeineiError(f"この指定には {'、'.join(missing)} が必要です。次のコマンドで入れてください: {EXTRA}")


def audit(options: Options) -> None:
    from teinei.audit import sources
    from teinei.audit.mail import Filters
    from teinei.audit.progress import Progress
    from teinei.audit.report import document
    from teinei.audit.run import run
    from teinei.audit.work import Settings, linter_for
    from teinei.reference import run_date

    if options.since is not None and options.until is not None and options.since > options.until:
        period = f"--since（{options.since}）が --until（{options.until}）"
        raise TeineiError(f"{period}より後の日付です。期間を指定し直してください")
    if options.output_format == "parquet" and options.output is None:
        raise TeineiError("--format parquet はファイルに書き出す形式です。--output FILE で書き出し先を指定してください")
    show_progress = sys.stderr.isatty()
    require_extra(options, show_progress)
    partitions = sources.plan(list(options.paths), options.partition_bytes)
    # Absolute: Dask workers run in folders of their own.
    settings = Settings(
        options.config_file and os.path.abspath(options.config_file), options.profile, tuple(options.select),
        tuple(options.ignore), tuple(os.path.abspath(d) for d in options.rules_dirs),
        run_date(options.today),  # once: an audit that crosses midnight reads every mail on one day
        Filters(tuple(sorted({s.lower() for s in options.senders})), options.since, options.until),
        rows=options.output_format in ("csv", "parquet"),
    )
    if partitions:  # a wrong option, configuration or rule file is one line before any work
        linter_for(settings, partitions[0].path).ruleset  # noqa: B018 - the property loads them
    hide = None
    if options.anonymize:
        salt = secrets.token_hex(16)
        click.echo(f"送信者アドレスを匿名化しました。照合用のソルト: {salt}", err=True)
        hide = document.anonymizer(salt)
    progress = Progress(sum(p.size for p in partitions), enabled=show_progress)
    with _rows_writer(options, hide) as on_rows:
        tally = run(
            partitions, settings, jobs=options.jobs, dask=options.dask, resume=options.resume, progress=progress,
            on_resume=_told_resumed, on_rows=on_rows,
        )
    if not settings.rows:
        _write(options, document.build(tally, hide))


def _told_resumed(done: int, total: int) -> None:
    if done:
        click.echo(f"前回の続きから再開します（全 {total} 区画のうち {done} 区画は前回の結果を使います）", err=True)


@contextmanager
def _rows_writer(options: Options, hide: Callable[[str | None], str | None] | None) -> Iterator[RowSink | None]:
    """csv and parquet: where each partition's rows go as soon as they are merged (None for the reports)."""
    from teinei.audit.report import table
    from teinei.audit.report.document import hide_rows

    if options.output_format not in ("csv", "parquet"):
        yield None
        return
    with ExitStack() as stack:
        try:
            if options.output_format == "parquet":
                assert options.output is not None
                writer: table.CsvRows | table.ParquetRows = table.ParquetRows(options.output)
                stack.callback(writer.close)
            else:
                stream = sys.stdout
                if options.output:
                    stream = stack.enter_context(open(options.output, "w", encoding="utf-8", newline=""))
                writer = table.CsvRows(stream)
        except OSError as error:
            raise TeineiError(f"書き込めません（{os_reason(error)}）", path=options.output) from None
        yield (lambda rows: writer.write(hide_rows(rows, hide))) if hide else writer.write


def _write(options: Options, report: dict) -> None:
    from teinei.audit.report import html, json, text

    rendered = {"text": text.render, "json": json.render, "html": html.render}[options.output_format](report)
    if options.output is None:
        click.echo(rendered, nl=False)
        return
    try:
        with open(options.output, "w", encoding="utf-8", newline="") as file:
            file.write(rendered)
    except OSError as error:
        raise TeineiError(f"書き込めません（{os_reason(error)}）", path=options.output) from None
