"""How many warnings carry a rewrite, per rule, on the blind corpus, and whether each rewrite re-lints clean.

    .venv/bin/python bench/rewrites.py                  # the blind corpus (tests/corpus/blind/*.yaml)
    .venv/bin/python bench/rewrites.py --pairs 3        # and a few before/after pairs per rule
    .venv/bin/python bench/rewrites.py tests/corpus/core.yaml

A warning (or error) "carries a rewrite" when its finding has a ``fix``, whatever its applicability. A rewrite
"re-lints clean" when the text with that one fix applied, linted again with the same profile, subject and
reference date, no longer has the finding (same rule at the same place) and has no warning of a rule that the
original text did not have. The items are read with bench/accuracy.py's ``load_corpus``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import BLIND_DIR, TODAY, Item, corpus_files, load_corpus  # bench/ is not a package


@dataclass
class RuleTally:
    """Warnings of one rule, those with a rewrite, and the rewrites that did not re-lint clean."""

    warnings: int = 0
    rewritten: int = 0
    by_applicability: Counter[str] = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _sentence(text: str, start: int, end: int) -> str:
    """The line around [start, end): what a reader needs to see the rewrite in place."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start : line_end if line_end >= 0 else len(text)].strip()


def tally(items: Sequence[Item], linter) -> dict[str, RuleTally]:
    """Per rule id: the warnings, and what their rewrites do once applied (``linter``: a teinei.Linter)."""
    from teinei.ruleset.model import Severity

    rules: dict[str, RuleTally] = defaultdict(RuleTally)
    for item in items:
        def lint(text: str, item: Item = item):
            return linter.lint(text, profile=item.profile, subject=item.subject, today=item.today or TODAY)

        result = lint(item.text)
        before = {f.rule for f in result.at_least(Severity.WARNING)}
        for finding in result.at_least(Severity.WARNING):
            counts = rules[finding.rule]
            counts.warnings += 1
            if finding.fix is None or finding.part != "body":
                continue
            counts.rewritten += 1
            counts.by_applicability[finding.fix.applicability] += 1
            fix = finding.fix
            fixed = item.text[: fix.start] + fix.replacement + item.text[fix.end :]  # display ones too
            after = lint(fixed)
            again = [f for f in after.findings if f.rule == finding.rule and f.start == finding.start]
            new = {f.rule for f in after.at_least(Severity.WARNING)} - before
            if again or new:
                counts.failed.append(f"{item.id}: {', '.join(sorted(new)) or 'still there'}")
            end = fix.start + len(fix.replacement)
            counts.pairs.append((_sentence(item.text, fix.start, fix.end), _sentence(fixed, fix.start, end)))
    return dict(rules)


def format_table(rules: dict[str, RuleTally], pairs: int = 0) -> str:
    total = sum(t.warnings for t in rules.values())
    rewritten = sum(t.rewritten for t in rules.values())
    failed = sum(len(t.failed) for t in rules.values())
    lines = ["| rule | warnings | with a rewrite | share | safe / unsafe / display | re-lint failures |",
             "|---|---:|---:|---:|---|---:|"]
    for rule_id, t in sorted(rules.items(), key=lambda kv: (-kv[1].warnings, kv[0])):
        share = f"{t.rewritten / t.warnings:.0%}" if t.warnings else "—"
        kinds = " / ".join(str(t.by_applicability.get(k, 0)) for k in ("safe", "unsafe", "display"))
        lines.append(f"| `{rule_id}` | {t.warnings} | {t.rewritten} | {share} | {kinds} | {len(t.failed)} |")
    share = f"{rewritten / total:.1%}" if total else "—"
    lines.append(f"| **all** | {total} | {rewritten} | {share} | | {failed} |")
    # curt/one-line is most of a corpus of one-sentence items: the share without it, for comparison
    rest = {k: t for k, t in rules.items() if k != "curt/one-line"}
    rest_total = sum(t.warnings for t in rest.values())
    if rest_total and len(rest) < len(rules):
        rest_share = sum(t.rewritten for t in rest.values()) / rest_total
        lines.append(f"| all but `curt/one-line` | {rest_total} | {sum(t.rewritten for t in rest.values())} "
                     f"| {rest_share:.1%} | | |")
    for rule_id, t in sorted(rules.items()):
        for failure in t.failed:
            lines.append(f"re-lint failure [{rule_id}] {failure}")
        for before, after in t.pairs[:pairs]:
            lines.append(f"[{rule_id}]\n  before: {before}\n  after:  {after}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="corpus files [default: the blind corpus]")
    parser.add_argument("--pairs", type=int, default=0, help="before/after pairs to print per rule")
    args = parser.parse_args(argv)
    from teinei.linter import Linter

    items = load_corpus(args.paths or corpus_files(BLIND_DIR))
    print(format_table(tally(items, Linter()), args.pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
