"""Checks the linter does on its own advice (issue 18): a rewrite of any rule's bad example, applied alone and
linted again on the same reference date, removes its finding and brings no warning that was not there; an
example quoted in a suggestion (例：「…」), linted on its own, draws no deadline error and no other rule's
warning. Rules that judge a whole message (a missing deadline or thanks, a one-line message) are not asked of
a quoted phrase: a phrase is not a message."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from teinei.linter import Linter
from teinei.ruleset.load import read_rules
from teinei.ruleset.model import BadExample, Severity

from .conftest import ROOT, TODAY

RULES = read_rules(()).rules
BAD = [(rule_id, example) for rule_id, loaded in RULES.items() for example in loaded.rule.examples.bad]
MESSAGE_RULES = frozenset({
    "curt/one-line", "curt/terse-reply", "deadline/missing", "acknowledgement/missing-thanks",
    "acknowledgement/reply-without-thanks",
})
# 例：「A」「B」 — the examples a suggestion quotes; a quote followed by → is the wrong form it starts from.
_EXAMPLES = re.compile(r"例：((?:「[^「」]*」(?:→|、|や|と)?)+)")
_QUOTE = re.compile(r"「([^「」]*)」(→)?")


def _relinted(linter: Linter, rule_id: str, example: BadExample) -> list[str]:
    """For each rewrite of ``rule_id`` on the example: what is wrong after applying it alone ('' when nothing)."""
    def lint(text: str):
        return linter.lint(text, profile=example.profile, subject=example.subject, today=TODAY)

    result = lint(example.text)
    before = {f.rule for f in result.at_least(Severity.WARNING)}
    problems = []
    for finding in result.findings:
        fix = finding.fix
        if finding.rule != rule_id or fix is None or finding.part != "body":
            continue
        fixed = example.text[: fix.start] + fix.replacement + example.text[fix.end :]
        after = lint(fixed)
        still = [f for f in after.findings if f.rule == rule_id and f.start == finding.start]
        new = sorted({f.rule for f in after.at_least(Severity.WARNING)} - before)
        problems.append(f"{fixed!r}: {'still there; ' if still else ''}{', '.join(new)}" if still or new else "")
    return problems


# Known conflicts between two rules' matching, left to the rules' owner: each fails today, and strict xfail
# says so the day it is fixed.
KNOWN: dict[tuple[str, str], str] = {}


def _cases() -> list[object]:
    return [
        pytest.param(r, e, marks=pytest.mark.xfail(reason=KNOWN[(r, e.text)], strict=True))
        if (r, e.text) in KNOWN else pytest.param(r, e)
        for r, e in BAD
    ]


@pytest.mark.parametrize(("rule_id", "example"), _cases(), ids=[f"{r}:{e.text[:12]}" for r, e in BAD])
def test_a_rewrite_removes_its_finding_and_adds_no_warning(linter: Linter, rule_id: str, example: BadExample) -> None:
    assert [p for p in _relinted(linter, rule_id, example) if p] == []


def test_most_warnings_of_the_rules_own_examples_carry_a_rewrite(linter: Linter) -> None:
    """Not every sentence allows a rewrite (完成までもうしばらく), but most do: a floor that only rises."""
    rewritten = total = 0
    for rule_id, example in BAD:
        result = linter.lint(example.text, profile=example.profile, subject=example.subject, today=TODAY)
        for finding in result.at_least(Severity.WARNING):
            if finding.rule == rule_id:
                total += 1
                rewritten += finding.fix is not None
    assert rewritten / total >= 0.6, f"{rewritten} of {total}"


def _quoted_examples(suggestion: str) -> list[str]:
    return [
        text for group in _EXAMPLES.findall(suggestion) for text, arrow in _QUOTE.findall(group)
        if not arrow and "〜" not in text and "{" not in text
    ]


@pytest.mark.parametrize(("rule_id", "example"), BAD, ids=[f"{r}:{e.text[:12]}" for r, e in BAD])
def test_examples_in_suggestions_are_not_mistakes_themselves(
    linter: Linter, rule_id: str, example: BadExample
) -> None:
    result = linter.lint(example.text, profile=example.profile, subject=example.subject, today=TODAY)
    wrong = []
    for finding in (f for f in result.findings if f.rule == rule_id):
        for quoted in (q for s in finding.suggestions for q in _quoted_examples(s)):
            for other in linter.lint(quoted, profile=example.profile, today=TODAY).findings:
                deadline_error = other.rule.startswith("deadline/") and other.severity is Severity.ERROR
                warned = other.rule != rule_id and other.severity.rank >= 1 and other.rule not in MESSAGE_RULES
                if deadline_error or warned:
                    wrong.append(f"「{quoted}」: {other.rule} at 「{quoted[other.start : other.end]}」")
    assert wrong == []


# Corpus items whose rewrite exposes another rule's finding, left to the rules' owner (as KNOWN above).
KNOWN_CORPUS = {
    "wording/colloquial: irai-020: scope/vague":
        "ちょっと修正 → 少し修正: scope/vague flags 少し on a change but not ちょっと",
}


def test_corpus_rewrites_relint_clean(linter: Linter) -> None:
    """Every corpus (tuned and blind), scored as bench/rewrites.py does: every rewrite re-lints clean."""
    sys.path.insert(0, str(ROOT / "bench"))
    from accuracy import BLIND_DIR, CORPUS_DIR, corpus_files, load_corpus
    from rewrites import tally  # bench/ is not a package

    items = load_corpus(corpus_files(Path(CORPUS_DIR)) + corpus_files(Path(BLIND_DIR)))
    failures = {f"{rule}: {f}" for rule, t in tally(items, linter).items() for f in t.failed}
    assert failures == set(KNOWN_CORPUS)


_WRITTEN_DATE = re.compile(r"\d{1,2}月\d{1,2}日|\d{1,2}/\d{1,2}|[(（][月火水木金土日][)）]|明日|明後日")


def test_no_message_or_suggestion_writes_a_date_in() -> None:
    """A date written into a rule's text is wrong on some weekday of some year (12月5日(金) is a Saturday in
    2026); such texts name {example_deadline}, {example_next_day} or {example_reply} instead."""
    written = [
        f"{rule_id}: {text}" for rule_id, loaded in RULES.items()
        for text in (loaded.rule.message, *loaded.rule.suggest) if _WRITTEN_DATE.search(text)
    ]
    assert written == []


def test_fixing_with_unsafe_fixes_is_stable_and_never_adds_warnings(linter: Linter) -> None:
    """--fix --unsafe-fixes on every rule's bad example: a second run changes nothing, and the fixed text has no
    more warnings than the original (display rewrites are never applied)."""
    from teinei.fix import fix_text

    problems = []
    for rule_id, example in BAD:
        def lint(text: str, example: BadExample = example):
            return linter.lint(text, profile=example.profile, subject=example.subject, today=TODAY)

        fixed, _ = fix_text(lint, example.text, unsafe=True)
        again, _ = fix_text(lint, fixed, unsafe=True)
        more = len(lint(fixed).at_least(Severity.WARNING)) > len(lint(example.text).at_least(Severity.WARNING))
        if again != fixed or more:
            problems.append(f"{rule_id}: {example.text!r} -> {fixed!r}")
    assert problems == []
