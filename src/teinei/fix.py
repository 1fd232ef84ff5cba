"""Applying fixes: safe edits sorted, overlaps skipped deterministically, repeated until nothing changes."""

from __future__ import annotations

from collections.abc import Callable

from teinei.findings import Finding

MAX_PASSES = 5


def apply_fixes(text: str, findings: list[Finding], *, unsafe: bool = False) -> tuple[str, list[Finding]]:
    """One pass: apply each applicable fix in order of position; an edit overlapping an earlier one waits."""
    chosen: list[Finding] = []
    last_end = -1
    candidates = [f for f in findings if f.part == "body" and f.fix is not None]
    candidates.sort(key=lambda f: (f.fix.start, f.fix.end, f.rule))  # type: ignore[union-attr]
    for finding in candidates:
        fix = finding.fix
        assert fix is not None
        if fix.applicability != "safe" and not unsafe:
            continue
        if fix.start < last_end:
            continue
        chosen.append(finding)
        last_end = max(fix.end, fix.start + 1)
    pieces: list[str] = []
    cursor = 0
    for finding in chosen:
        fix = finding.fix
        assert fix is not None
        pieces.append(text[cursor : fix.start])
        pieces.append(fix.replacement)
        cursor = fix.end
    pieces.append(text[cursor:])
    return "".join(pieces), chosen


def fix_text(
    lint: Callable[[str], list[Finding]], text: str, *, unsafe: bool = False
) -> tuple[str, list[Finding]]:
    """Fix, re-lint and fix again until stable, so that one ``--fix`` leaves nothing fixable behind."""
    applied: list[Finding] = []
    for _ in range(MAX_PASSES):
        new_text, chosen = apply_fixes(text, lint(text), unsafe=unsafe)
        if not chosen or new_text == text:
            break
        applied.extend(chosen)
        text = new_text
    return text, applied
