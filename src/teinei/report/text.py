"""Human output: ``path:line:col: severity [rule] message``, the rewrite (修正例), the suggestions, then the line
with the span marked."""

from __future__ import annotations

import unicodedata

from teinei.findings import Finding, LintResult, MessageRef

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


_HOW = {
    "safe": "--fix で自動修正できます",
    "unsafe": "要確認: --unsafe-fixes で適用できます",
    "display": "例です。自動では適用しません",
}
_SLOT = "例です。〇〇を埋めてお使いください。自動では適用しません"


def _rewrite(finding: Finding, line_text: str, color: bool) -> list[str]:
    """「修正例:」 the finding's line with its fix in place, the changed part in 【】 (bold in colour), then how
    the fix is applied. A rewrite of several lines (a whole message) is shown below, indented."""
    fix = finding.fix
    if fix is None:
        return []
    slot = fix.applicability == "display" and "〇〇" in fix.replacement
    how = f"（{_SLOT if slot else _HOW[fix.applicability]}）"
    if "\n" in fix.replacement.strip("\n") or finding.part != "body" or not line_text:
        shown = fix.replacement.strip("\n").splitlines()
        return [f"  修正例: {how}", *(f"    {line}" for line in shown)]
    # The fix's offsets inside the finding's line (a rewrite may reach past the finding's span, never its line).
    line_start = finding.start - (finding.column - 1)
    if not line_start <= fix.start <= fix.end <= line_start + len(line_text):
        return [f"  修正例: {_marked('', fix.replacement, color)} {how}"]
    before, old = line_text[: fix.start - line_start], line_text[fix.start - line_start : fix.end - line_start]
    after = line_text[fix.end - line_start :]
    return [f"  修正例: {before}{_marked(old, fix.replacement, color)}{after} {how}"]


def _marked(old: str, new: str, color: bool) -> str:
    """``new`` with what differs from ``old`` in 【】 (bold green in colour), a deletion as 【－して】: the reader
    sees what changed."""
    import difflib

    # Runs of new text, an unchanged run shorter than three characters joined to the changes around it
    # (【しないでいただけま】す【でしょうか】 reads as one change).
    runs: list[tuple[bool, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        changed, part = tag != "equal", new[j1:j2] if tag != "delete" else f"－{old[i1:i2]}"
        if runs and runs[-1][0] and (changed or (len(part) < 3 and j2 < len(new))):
            runs[-1] = (True, runs[-1][1] + part)
        elif part:
            runs.append((changed, part))
    pieces = [(_paint(part, "1;32") if color else f"【{part}】") if changed else part for changed, part in runs]
    return "".join(pieces)


def mail_line(message: MessageRef) -> str:
    """Which message of a mailbox a finding is in, on a line of its own: the first line stays
    ``path:line:col:`` (the mailbox's line), which editors' problem matchers read."""
    named = f" {message.id}" if message.id else ""
    return f"  メール: {message.index} 通目{named}（{message.line} 行目から）"


def render_finding(
    path: str, finding: Finding, line_text: str, color: bool = False, message: MessageRef | None = None
) -> str:
    if finding.part == "subject":
        where = f"{path}:subject:{finding.column}:"
    else:
        where = f"{path}:{finding.line}:{finding.column}:"
    severity = finding.severity.value
    rule = f"[{finding.rule}]"
    if color:
        where, rule, severity = _paint(where, "1"), _paint(rule, "1"), _paint(severity, _COLORS[severity])
    lines = [f"{where} {severity} {rule} {finding.message}"]
    if message is not None:
        lines.append(mail_line(message))
    lines.extend(_rewrite(finding, line_text, color))
    lines.extend([f"  提案: {s}" for s in finding.suggestions])
    lines.extend(["  " + line for line in _excerpt(finding, line_text)])
    return "\n".join(lines)


def render(results: list[LintResult], *, color: bool = False, quiet: bool = False) -> str:
    """All findings, then one summary line (``quiet``: the findings only, nothing at all when clean)."""
    blocks = [
        render_finding(result.path, finding, line, color, result.message)
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
    if any(r.message is not None for r in results):
        return _mailbox_summary(results, findings)
    files = sum(1 for r in results if r.findings)
    missed = sum(1 for r in results if not r.checked)
    if not missed and not findings:
        return f"指摘はありません（{len(results)} ファイルを確認）"
    checked, why = len(results) - missed, f"確認できなかったファイル・フォルダが {missed} 件あります（理由は上記）"
    # Both counts: the files checked, and among them those with findings (one alone reads as the other).
    found = f"{findings} 件の指摘（{checked} ファイルを確認、うち {files} ファイルに指摘）"
    if not missed:
        return found
    if findings:
        return f"{found}。{why}"
    return f"確認できたのは {checked} ファイル（指摘 0 件）。{why}"


def _mailbox_summary(results: list[LintResult], findings: int) -> str:
    """The closing line when mailboxes were checked: their messages are counted as mail (通), other files
    as files, so three mails of one mbox never read as three files."""

    def count(chosen: list[LintResult]) -> str:
        mails = sum(1 for r in chosen if r.message is not None)
        files = sum(1 for r in chosen if r.message is None)
        return "・".join([f"{files} ファイル"] * bool(files) + [f"メール {mails} 通"] * bool(mails))

    checked = [r for r in results if r.checked]
    missed = len(results) - len(checked)
    if not missed and not findings:
        return f"指摘はありません（{count(results)}を確認）"
    why = f"確認できなかったファイル・フォルダ・メールが {missed} 件あります（理由は上記）"
    hit = [r for r in results if r.findings]
    found = f"{findings} 件の指摘（{count(checked) or '0 ファイル'}を確認、うち {count(hit)}に指摘）"
    if not missed:
        return found
    if findings:
        return f"{found}。{why}"
    return f"確認できたのは {count(checked) or '0 ファイル'}（指摘 0 件）。{why}"
