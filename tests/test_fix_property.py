"""Fixing is idempotent: on any text built from the rules' own examples, a second fix changes nothing, no
safe fix is left behind, and what is not the author's (placeholders, quoted lines) survives unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teinei.linter import Linter
from teinei.ruleset.load import read_rules

from .conftest import TODAY

_RULES = read_rules().rules
# Every example text of every rule, bad and good: real sentences that trigger (or narrowly avoid) each rule.
EXAMPLES = sorted(
    {
        example.text
        for loaded in _RULES.values()
        for example in (*loaded.rule.examples.bad, *loaded.rule.examples.good)
        if example.subject is None
    }
)
FIXABLE = sorted(
    {
        example.text
        for loaded in _RULES.values()
        for example in loaded.rule.examples.bad
        if example.fixed is not None and example.subject is None
    }
)
LINTERS = {p: Linter(profile=p, today=TODAY) for p in ("external", "internal", "chat")}

pieces = st.one_of(st.sampled_from(FIXABLE), st.sampled_from(EXAMPLES), st.sampled_from(["{{ name }}様", "〇〇様"]))
separators = st.sampled_from(["\n", "", "。", "\n\n", "、", "\r\n"])


@st.composite
def messages(draw: st.DrawFn) -> str:
    parts = draw(st.lists(pieces, min_size=1, max_size=6))
    joined = parts[0]
    for part in parts[1:]:
        joined += draw(separators) + part
    return joined


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=messages(), profile=st.sampled_from(sorted(LINTERS)))
def test_a_second_fix_changes_nothing(text: str, profile: str) -> None:
    linter = LINTERS[profile]
    fixed, _ = linter.fix(text)
    again, applied = linter.fix(fixed)
    assert again == fixed
    assert applied == []
    left = [f for f in linter.lint(fixed).findings if f.fix is not None and f.fix.applicability == "safe"]
    assert left == []


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(body=messages(), quoted=st.sampled_from(FIXABLE))
def test_placeholders_and_quoted_lines_survive_fixing(body: str, quoted: str) -> None:
    quote = "> " + quoted.replace("\n", "\n> ")
    text = "{{ customer }}様\n\n" + body + "\n\n" + quote + "\n"
    fixed, _ = LINTERS["external"].fix(text)
    assert fixed.startswith("{{ customer }}様\n\n")
    assert fixed.endswith("\n\n" + quote + "\n")
