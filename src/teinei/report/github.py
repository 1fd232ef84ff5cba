"""GitHub Actions workflow commands: one ``::warning file=…,line=…::message`` annotation per finding."""

from __future__ import annotations

from teinei.findings import Finding, LintResult, MessageRef

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """Escape a command's message (the runner decodes %25, %0D and %0A)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a property value, where ':' and ',' separate the command's parts."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding, message: MessageRef | None = None) -> str:
    properties = [f"file={_property(path)}"]
    if finding.part == "body":  # a subject is a header, not a line of the file
        properties += [
            f"line={finding.line}", f"endLine={finding.end_line}",
            f"col={finding.column}", f"endColumn={finding.end_column}",
        ]
    mail = f" メール {message.index} 通目" if message is not None else ""  # (its lines are the mailbox's)
    properties.append(f"title={_property(f'teinei [{finding.rule}]{mail}')}")
    lines = [("件名: " if finding.part == "subject" else "") + finding.message]
    lines.extend(f"提案: {s}" for s in finding.suggestions)
    return f"::{_LEVELS[finding.severity.value]} {','.join(properties)}::{_data(chr(10).join(lines))}"


def render(results: list[LintResult]) -> str:
    """Annotations sorted by path, line, column and rule; problems that stopped a check become errors."""
    lines: list[str] = []
    for result in sorted(results, key=lambda r: r.path):
        lines.extend(
            annotation(result.path, f, result.message) for f in sorted(result.findings, key=Finding.sort_key)
        )
        problems = ([result.error] if result.error is not None else []) + result.errors
        at = f",line={result.message.line}" if result.message is not None else ""
        lines.extend(f"::error file={_property(result.path)}{at}::{_data(problem)}" for problem in problems)
    return "".join(line + "\n" for line in lines)
