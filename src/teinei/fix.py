"""Applying fixes: safe edits (unsafe ones when asked, display-only ones never) sorted, overlaps skipped
deterministically, never inside text that is not the author's (placeholders, quotes, signature, code), repeated
until nothing changes."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from teinei.document import Document, RegionRole
from teinei.findings import Finding, LintResult

if TYPE_CHECKING:  # pragma: no cover
    import datetime as dt


class Linter(Protocol):
    """What fixing asks of a linter (``teinei.linter.Linter`` is one): fixes sit above linting."""

    def lint_document(self, document: Document, *, today: dt.date | None = None) -> LintResult: ...

# One pass applies every non-overlapping fix; a fix can only expose another one next to it, so a few passes
# always settle. The bound keeps a pair of rules that undo each other from looping.
MAX_PASSES = 5
# Regions a fix must not touch: a template placeholder is markup, the rest are someone else's words.
PROTECTED = frozenset({RegionRole.PLACEHOLDER, RegionRole.QUOTE, RegionRole.SIGNATURE, RegionRole.CODE})

Span = tuple[int, int]


def protected_spans(document: Document | None) -> list[Span]:
    """The spans of ``document`` that no fix may edit."""
    if document is None:
        return []
    return [(r.start, r.end) for r in document.regions if r.role in PROTECTED]


def _touches(start: int, end: int, spans: Iterable[Span]) -> bool:
    """Whether the edit [start, end) overlaps a span (an insertion counts when strictly inside one)."""
    if start == end:
        return any(s < start < e for s, e in spans)
    return any(s < end and start < e for s, e in spans)


def apply_fixes(
    text: str, findings: list[Finding], *, unsafe: bool = False, protected: Iterable[Span] = ()
) -> tuple[str, list[Finding]]:
    """One pass: apply each applicable fix in order of position. An edit overlapping an earlier one waits for
    the next pass; ties are broken by (start, end, rule id), so the outcome never depends on rule order."""
    protected = list(protected)
    candidates = [
        f
        for f in findings
        if f.part == "body"
        and f.fix is not None
        and (f.fix.applicability == "safe" or (unsafe and f.fix.applicability == "unsafe"))
        and 0 <= f.fix.start <= f.fix.end <= len(text)
        and not _touches(f.fix.start, f.fix.end, protected)
    ]
    candidates.sort(key=lambda f: (f.fix.start, f.fix.end, f.rule))  # type: ignore[union-attr]
    chosen: list[Finding] = []
    last_end = -1
    for finding in candidates:
        fix = finding.fix
        assert fix is not None
        if fix.start < last_end or text[fix.start : fix.end] == fix.replacement:
            continue
        chosen.append(finding)
        last_end = max(fix.end, fix.start + 1)  # two insertions at one point would be ordered arbitrarily
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


def _findings_and_protected(linted: LintResult | list[Finding]) -> tuple[list[Finding], list[Span]]:
    if isinstance(linted, LintResult):
        return linted.findings, protected_spans(linted._document)
    return linted, []


def fix_text(
    lint: Callable[[str], LintResult | list[Finding]], text: str, *, unsafe: bool = False
) -> tuple[str, list[Finding]]:
    """Fix, re-lint and fix again until stable, so that one ``--fix`` leaves nothing fixable behind.

    ``lint`` returns the findings for a text, or better its ``LintResult``, whose document tells which
    regions (placeholders, quotes, signature) must stay as they are."""
    applied: list[Finding] = []
    for _ in range(MAX_PASSES):
        findings, protected = _findings_and_protected(lint(text))
        new_text, chosen = apply_fixes(text, findings, unsafe=unsafe, protected=protected)
        if not chosen or new_text == text:
            break
        applied.extend(chosen)
        text = new_text
    return text, applied


@dataclass
class FixOutcome:
    """A document's text before and after fixing, the fixes made, and what is left to report."""

    document: Document
    text: str
    applied: list[Finding] = field(default_factory=list)
    result: LintResult | None = None  # the findings left in ``text``
    unwritable: list[Finding] = field(default_factory=list)  # fixes left out: the file's encoding lacks a character

    @property
    def changed(self) -> bool:
        return self.text != self.document.text


def fix_document(
    linter: Linter, document: Document, *, today: dt.date | None = None, unsafe: bool = False
) -> FixOutcome:
    """Fix a document read from a file or standard input.

    Each pass reads the fixed text back the way the file itself was read (same reader, same regions), so a
    fix never lands in a quote, a signature or template markup, and the findings left are exactly those a
    fresh ``teinei check`` of the written file would report."""
    from teinei.errors import TeineiError
    from teinei.inputs import read_bytes
    from teinei.writeback import can_encode, encode

    results: dict[str, LintResult] = {}
    unwritable: dict[tuple[str, str], Finding] = {}

    def lint(text: str) -> LintResult:
        if text not in results:
            reread = document if text == document.text else read_bytes(encode(document, text), document.path)
            results[text] = linter.lint_document(reread, today=today)
        return results[text]

    def writable(text: str) -> LintResult:
        """``lint``, without the fixes whose replacement the file's encoding cannot hold (「貴社🙂」 in a
        Shift_JIS file): those are left out one by one, and the others still apply."""
        result = lint(text)
        kept = [f for f in result.findings if f.fix is None or can_encode(document, f.fix.replacement)]
        if len(kept) == len(result.findings):
            return result
        for finding in result.findings:
            if finding.fix is not None and not any(k is finding for k in kept):
                unwritable.setdefault((finding.rule, finding.fix.replacement), finding)  # type: ignore[union-attr]
        narrowed = LintResult.model_construct(path=result.path, findings=kept, errors=result.errors)
        narrowed._document = result._document
        return narrowed

    try:
        text, applied = fix_text(writable, document.text, unsafe=unsafe)
    except TeineiError:
        # The fixed text no longer reads as the file did (cannot happen with the built-in rules): keep it all.
        text, applied = document.text, []
    return FixOutcome(document, text, applied, lint(text), list(unwritable.values()))


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file's text (``patch -p0`` applies it), line endings kept as they are."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=path, tofile=path
    )
    out: list[str] = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)
