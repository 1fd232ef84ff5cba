"""Human output: ``path:line:col: severity [rule] message``, the suggestion, then the line with the span marked."""

from __future__ import annotations

import unicodedata

from teinei.findings import Finding, LintResult

_COLORS = {"error": "31", "warning": "33", "info": "36"}


class _Widths(dict[str, int]):
    """Terminal columns of each character, looked up once per character (a report marks thousands of spans
    in the same few hundred characters)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()


def _width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(map(_WIDTHS.__getitem__, text))


def _paint(text: str, code: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m"


def _excerpt(finding: Finding, line_text: str) -> list[str]:
    if not line_text:
        return []
    column = finding.column
    end = finding.end_column if finding.end_line == finding.line else len(line_text) + 1
    before = line_text[: column - 1]
    marked = line_text[column - 1 : max(end - 1, column)]
    gutter = f"{finding.line:>4} | "
    return [gutter + line_text, " " * (len(gutter) - 2) + "| " + " " * _width(before) + "^" * max(_width(marked), 1)]


def render_finding(path: str, finding: Finding, line_text: str, color: bool = False) -> str:
    if finding.part == "subject":
        where = f"{path}:subject:{finding.column}:"
    else:
        where = f"{path}:{finding.line}:{finding.column}:"
    severity = finding.severity.value
    rule = f"[{finding.rule}]"
    if color:
        where, rule, severity = _paint(where, "1"), _paint(rule, "1"), _paint(severity, _COLORS[severity])
    lines = [f"{where} {severity} {rule} {finding.message}"]
    lines.extend([f"  提案: {s}" for s in finding.suggestions])
    if finding.fix is not None:
        fixable = "--fix で自動修正できます" if finding.fix.applicability == "safe" else "修正案あり（要確認）"
        lines.append(f"  修正: 「{finding.fix.replacement}」 ({fixable})")
    lines.extend(["  " + line for line in _excerpt(finding, line_text)])
    return "\n".join(lines)


def render(results: list[LintResult], *, color: bool = False, quiet: bool = False) -> str:
    """All findings, then one summary line (``quiet``: the findings only, nothing at all when clean)."""
    blocks = [
        render_finding(result.path, finding, line, color)
        for result in results
        if result.findings
        for finding, line in zip(result.findings, result.line_texts(), strict=True)
    ]
    if quiet:
        return "".join(block + "\n\n" for block in blocks).removesuffix("\n")
    blocks.append(summary(results, len(blocks)))
    return "\n\n".join(blocks) + "\n"


def summary(results: list[LintResult], findings: int) -> str:
    """The closing line. 「指摘はありません」 only when every file was read and every rule ran: a file
    that could not be checked is counted apart, never passed as clean."""
    files = sum(1 for r in results if r.findings)
    missed = sum(1 for r in results if not r.checked)
    if not missed and not findings:
        return f"指摘はありません（{len(results)} ファイルを確認）"
    found = f"{findings} 件の指摘（{files} ファイル）"
    if not missed:
        return found
    checked, why = len(results) - missed, f"確認できなかったファイル・フォルダが {missed} 件あります（理由は上記）"
    if findings:
        return f"{found}。確認できたのは {checked} ファイルで、{why}"
    return f"確認できたのは {checked} ファイル（指摘 0 件）。{why}"
