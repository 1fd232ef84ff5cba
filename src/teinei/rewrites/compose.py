"""A whole-message rewrite takes in the other rewrites of its sentence: the proposed message for 「納期の件、
了解いたしました。」 says 承知いたしました, so that pasting it back draws none of the findings it was built from.
Run once per text, after every rule, since a builder sees one match and not the others' findings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from teinei.findings import Finding, Fix

if TYPE_CHECKING:
    from teinei.ruleset.load import LoadedRule

_MESSAGE_RULES: dict[int, frozenset[str]] = {}


def _message_rules(rules: Mapping[str, LoadedRule]) -> frozenset[str]:
    """Ids of the rules whose fix is a whole message (decided once per rule set)."""
    found = _MESSAGE_RULES.get(id(rules))
    if found is None:
        found = _MESSAGE_RULES[id(rules)] = frozenset(
            rule_id for rule_id, loaded in rules.items()
            if loaded.rule.fix is not None and loaded.rule.fix.rewrite == "message"
        )
    return found


def _clear(fix: Fix, taken: list[Fix]) -> bool:
    """Whether ``fix`` can join ``taken``: it overlaps none of them (an insertion may sit at an edit's edge), and
    no other rule's fix of the very same span was taken (two rules may rewrite one phrase alike)."""
    for other in taken:
        if (other.start, other.end) == (fix.start, fix.end):
            return False
        if fix.start == fix.end or other.start == other.end:
            point, span = (fix, other) if fix.start == fix.end else (other, fix)
            if span.start < point.start < span.end:
                return False
        elif fix.start < other.end and other.start < fix.end:
            return False
    return True


def _with_fixes(text: str, start: int, end: int, others: list[Finding]) -> str:
    """``text[start:end]`` with the other findings' fixes inside it applied: the smallest first, an edit that
    overlaps one already taken left out (a sentence-wide request rewrite yields to a word's fix, since the
    message's own softening conjugates the request again)."""
    inside = [f for f in others if f.fix is not None and start <= f.fix.start <= f.fix.end <= end]
    inside.sort(key=lambda f: (f.fix.end - f.fix.start, f.fix.start, f.rule))  # type: ignore[union-attr]
    taken: list[Fix] = []
    for finding in inside:
        fix = finding.fix
        assert fix is not None
        if _clear(fix, taken):
            taken.append(fix)
    pieces, cursor = [], start
    ordered = sorted(taken, key=lambda t: (t.start, t.end))
    for index, fix in enumerate(ordered):
        replacement = fix.replacement
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if fix.start == fix.end and following is not None and following.start == fix.start:
            # An insertion (a date) where a rewrite begins with its cushion goes after the cushion:
            # お手数ですが、11月26日(木)までにご確認を…, not 11月26日(木)までにお手数ですが、…
            cushion = _leading_cushion(following.replacement)
            if cushion:
                ordered[index + 1] = following.model_copy(
                    update={"replacement": cushion + replacement + following.replacement[len(cushion) :]}
                )
                continue
        pieces += [text[cursor : fix.start], replacement]
        cursor = fix.end
    return "".join(pieces) + text[cursor:end]


def _leading_cushion(replacement: str) -> str:
    """The cushion a request rewrite opens with (お手数ですが、), or ""."""
    from teinei.rewrites.request import CUSHIONS  # (its regular expressions: only when a rewrite is composed)

    return next((cushion for cushion in CUSHIONS if replacement.startswith(cushion)), "")


def compose_messages(findings: list[Finding], text: str, rules: Mapping[str, LoadedRule]) -> list[Finding]:
    """``findings`` with each whole-message rewrite rebuilt from its sentence as the other rewrites leave it."""
    from teinei.rewrites.message import frame_of, framed

    names = _message_rules(rules)
    if not any(f.rule in names and f.fix is not None for f in findings):
        return findings
    body = [f for f in findings if f.part == "body" and f.rule not in names]
    composed = []
    for finding in findings:
        fix = finding.fix
        frame = frame_of(fix.replacement) if fix is not None and finding.rule in names else None
        if fix is None or frame is None or finding.part != "body":
            composed.append(finding)
            continue
        sentence = _with_fixes(text, fix.start, fix.end, body).strip()
        rewrite = fix.model_copy(update={"replacement": framed(frame, sentence)})
        composed.append(finding.model_copy(update={"fix": rewrite}))
    return composed
