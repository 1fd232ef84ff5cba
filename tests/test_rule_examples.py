"""Every rule's own examples: each bad text triggers the rule (at the given span, fixed as given),
each good text does not. The rule files are thereby both documentation and tests."""

from __future__ import annotations

import pytest

from teinei.linter import Linter
from teinei.ruleset.load import read_rules

from .conftest import TODAY

RULES = read_rules().rules


def _profile(rule_profiles: list[str], wanted: str | None) -> str:
    return wanted or ("external" if "external" in rule_profiles else rule_profiles[0])


def _cases(kind: str) -> list[pytest.param]:
    cases = []
    for rule_id, loaded in RULES.items():
        examples = getattr(loaded.rule.examples, kind)
        for index, example in enumerate(examples):
            cases.append(pytest.param(rule_id, example, id=f"{rule_id}-{kind}{index}"))
    return cases


_LINTERS: dict[tuple[str, str], Linter] = {}


def _linter(rule_id: str, profile: str) -> Linter:
    key = (rule_id, profile)
    if key not in _LINTERS:
        _LINTERS[key] = Linter(profile=profile, select=[rule_id], today=TODAY)
    return _LINTERS[key]


@pytest.mark.parametrize(("rule_id", "example"), _cases("bad"))
def test_bad_example_triggers_rule(rule_id: str, example) -> None:
    rule = RULES[rule_id].rule
    linter = _linter(rule_id, _profile(rule.profiles, example.profile))
    result = linter.lint(example.text, subject=example.subject, attachments=example.attachments)
    findings = [f for f in result.findings if f.rule == rule_id]
    assert findings, f"{rule_id} did not fire on {example.text!r}"
    if example.at is not None:
        spans = [result.line_text(f)[f.column - 1 : f.end_column - 1] if f.line == f.end_line else None for f in findings]
        texts = [example.text[f.start : f.end] if f.part == "body" else (example.subject or "")[f.start : f.end] for f in findings]
        assert example.at in texts, f"spans {texts} ({spans}) do not include {example.at!r}"
    for finding in findings:
        assert finding.message and finding.suggestions
    if example.fixed is not None:
        fixed, applied = linter.fix(example.text)
        assert applied
        assert fixed == example.fixed


@pytest.mark.parametrize(("rule_id", "example"), _cases("good"))
def test_good_example_is_quiet(rule_id: str, example) -> None:
    rule = RULES[rule_id].rule
    linter = _linter(rule_id, _profile(rule.profiles, example.profile))
    if example.profile is not None and example.profile not in rule.profiles:
        assert linter.rules_for(example.profile) == []
        return
    findings = linter.lint(example.text, subject=example.subject, attachments=example.attachments).findings
    assert not findings, f"{rule_id} fired on good text {example.text!r}: {[f.message for f in findings]}"
