"""Check kinds: each compiles one kind of rule once, then yields ``Match`` spans for an ``Analysis``.

Checks never build findings; ``findings.py`` does that for all of them in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from teinei.analysis import Analysis, Match


class Check(Protocol):
    def find(self, analysis: Analysis) -> Iterator[Match]:
        """The matches of the rule in one analysis (shared work through ``analysis.concept`` and ``once``)."""
        ...


def build_check(rule, concepts) -> Check:  # (RuleModel, ConceptRegistry); kept untyped to avoid a cycle
    """Compile one validated rule into its check; concept names are resolved (and checked) here."""
    from teinei.checks import metric, pattern, phrase, requirement, substitution
    from teinei.ruleset.model import MetricRule, PatternRule, PhraseRule, RequirementRule, SubstitutionRule

    unless = concepts.require(rule.unless, "unless")
    if isinstance(rule, PhraseRule):
        return phrase.PhraseCheck(rule, unless)
    if isinstance(rule, PatternRule):
        return pattern.PatternCheck(rule, unless, concepts.require(rule.when, "when"))
    if isinstance(rule, SubstitutionRule):
        return substitution.SubstitutionCheck(rule, unless)
    if isinstance(rule, RequirementRule):
        when = concepts.require(rule.when, "when")
        require = concepts.require(rule.require, "require")
        return requirement.RequirementCheck(rule, when, require, unless)
    if isinstance(rule, MetricRule):
        counted = {}
        for name in rule.when:
            if name.startswith(metric.COUNT_PREFIX):
                counted[name] = concepts.require([name.removeprefix(metric.COUNT_PREFIX)], "when")[0]
            elif name not in metric.MEASURES:
                from teinei.errors import TeineiError

                known = ", ".join(metric.MEASURES)
                raise TeineiError(f"尺度 '{name}' はありません（使えるもの: {known}, count:CONCEPT）", field="when")
        return metric.MetricCheck(rule, counted, unless)
    from teinei.ruleset.model import DateRule

    if isinstance(rule, DateRule):
        from teinei.checks import date

        return date.DateCheck(rule, concepts.require(rule.when, "when"), unless)
    raise TypeError(f"no check for {type(rule).__name__}")
