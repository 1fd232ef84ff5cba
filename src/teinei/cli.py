"""The ``teinei`` command: a thin click shell over the library (exit codes in one place)."""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from pathlib import Path

import click

from teinei import __version__
from teinei.errors import TeineiError


class Exit(IntEnum):
    OK = 0  # nothing at or above the fail level
    FINDINGS = 1
    ERROR = 2  # usage, input or configuration error


_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".teinei_cache"})


def _split(values: tuple[str, ...]) -> list[str]:
    """``--select a,b --select c`` -> [a, b, c]."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _fail(message: str) -> None:
    click.echo(f"teinei: {message}", err=True)
    sys.exit(Exit.ERROR)


def discover(paths: tuple[str, ...]) -> list[str]:
    """Files to check: named files as given, directories searched for message and template files."""
    from teinei.inputs import LINTABLE_SUFFIXES

    found: list[str] = []
    for name in paths:
        path = Path(name)
        if name == "-" or not path.is_dir():
            found.append(name)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            found.extend(
                os.path.join(root, f) for f in sorted(files) if Path(f).suffix.lower() in LINTABLE_SUFFIXES
            )
    return found


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teinei")
def main() -> None:
    """teinei (丁寧): lint the tone and clarity of Japanese business messages."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--profile", default="external", show_default=True, help="external, internal or chat.")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated).")
@click.option("--rules", "rules_dirs", multiple=True, help="An extra folder of YAML rules.")
@click.option(
    "--fail-level", type=click.Choice(["error", "warning", "info"]), default="warning", show_default=True,
    help="Exit 1 when a finding is at or above this severity.",
)
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
def check(
    paths: tuple[str, ...],
    output_format: str,
    profile: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules_dirs: tuple[str, ...],
    fail_level: str,
    color: bool | None,
) -> None:
    """Check files, folders, or standard input (``-`` or a pipe)."""
    from teinei.errors import InputError
    from teinei.findings import LintResult
    from teinei.inputs import read_bytes, read_path
    from teinei.linter import Linter
    from teinei.report import renderer
    from teinei.ruleset.model import Severity

    if not paths:
        if sys.stdin.isatty():
            _fail("nothing to check: give files or folders, or pipe a message into `teinei check -`")
        paths = ("-",)
    try:
        linter = Linter(profile=profile, select=_split(select), ignore=_split(ignore), rules_dirs=rules_dirs)
    except TeineiError as error:
        _fail(str(error))
    results: list[LintResult] = []
    unreadable = False
    for name in discover(paths):
        try:
            document = read_bytes(sys.stdin.buffer.read(), "-") if name == "-" else read_path(name)
        except InputError as error:
            click.echo(str(error), err=True)
            unreadable = True
            continue
        result = linter.lint_document(document)
        for problem in result.errors:
            click.echo(f"{name}: {problem}", err=True)
        results.append(result)
    results.sort(key=lambda r: r.path)
    if output_format == "text":
        use_color = sys.stdout.isatty() and "NO_COLOR" not in os.environ if color is None else color
        click.echo(renderer("text")(results, color=use_color), nl=False)  # type: ignore[call-arg]
    else:
        click.echo(renderer(output_format)(results), nl=False)
    if unreadable or any(r.errors for r in results):
        sys.exit(Exit.ERROR)
    level = Severity(fail_level)
    sys.exit(Exit.FINDINGS if any(r.at_least(level) for r in results) else Exit.OK)


@main.command("rules")
@click.option("--rules", "rules_dirs", multiple=True, help="An extra folder of YAML rules.")
def list_rules(rules_dirs: tuple[str, ...]) -> None:
    """List every rule: id, category, severity, profiles and what it catches."""
    from teinei.ruleset.load import load_rules

    try:
        ruleset = load_rules(rules_dirs)
    except TeineiError as error:
        _fail(str(error))
    width = max((len(i) for i in ruleset.rules), default=10)
    for rule_id, loaded in ruleset.rules.items():
        rule = loaded.rule
        summary = rule.description.strip().splitlines()[0]
        fixable = "fix" if rule.fix is not None or getattr(rule, "kind", "") == "substitution" else "   "
        click.echo(f"{rule_id:<{width}}  {rule.severity.value:<7}  {fixable}  {summary}")


@main.command()
@click.argument("rule_id")
@click.option("--rules", "rules_dirs", multiple=True, help="An extra folder of YAML rules.")
def explain(rule_id: str, rules_dirs: tuple[str, ...]) -> None:
    """Explain a rule: why it matters, what to write instead, and examples."""
    from teinei.explain import explain_rule
    from teinei.ruleset.load import load_rules

    try:
        ruleset = load_rules(rules_dirs)
    except TeineiError as error:
        _fail(str(error))
    loaded = ruleset.rules.get(rule_id)
    if loaded is None:
        _fail(f"unknown rule '{rule_id}' (see `teinei rules`)")
    click.echo(explain_rule(loaded))


if __name__ == "__main__":  # pragma: no cover
    main()
