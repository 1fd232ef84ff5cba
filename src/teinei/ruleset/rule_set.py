"""A loaded rule set: each rule (validated, id and category filled in) with where it came from and its
compiled check, and the concepts the checks share. What the compiled-rule cache pickles; no pydantic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from teinei.checks import Check
    from teinei.checks.concept import ConceptRegistry


class LoadedRule(NamedTuple):
    """A validated rule (id and category filled in), where it came from, and its compiled check."""

    rule: Any  # a rule model (``teinei.ruleset.model``), or its ``Record`` once compiled rules are kept
    path: str
    check: Check

    @property
    def id(self) -> str:
        return self.rule.id  # type: ignore[return-value]


class RuleSet(NamedTuple):
    """Every loaded rule by id, and the concepts their checks name."""

    rules: dict[str, LoadedRule]
    concepts: ConceptRegistry
