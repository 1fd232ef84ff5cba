"""Meta-tests over the whole rule set (the rules are data; these keep the data honest)."""

from __future__ import annotations

import string
from pathlib import Path

from teinei.ruleset.load import builtin_rules_dir, load_rules
from teinei.ruleset.model import CATEGORIES, PROFILES

RULESET = load_rules()


def test_every_category_has_rules_and_ids_match_paths() -> None:
    root = builtin_rules_dir()
    for rule_id, loaded in RULESET.rules.items():
        category, name = rule_id.split("/")
        assert category in CATEGORIES
        assert loaded.rule.category == category
        assert (root / category / f"{name}.yaml").is_file()
        assert name == name.lower() and " " not in name  # kebab-case names


def test_every_kind_is_used_by_a_shipped_rule() -> None:
    kinds = {loaded.rule.kind for loaded in RULESET.rules.values()}  # type: ignore[attr-defined]
    assert {"phrase", "pattern", "substitution", "requirement", "metric"} <= kinds


def test_every_rule_has_bad_and_good_examples_and_fixable_rules_show_the_fix() -> None:
    for rule_id, loaded in RULESET.rules.items():
        rule = loaded.rule
        assert rule.examples.bad and rule.examples.good, rule_id
        fixable = rule.fix is not None or rule.kind == "substitution"  # type: ignore[attr-defined]
        if fixable and rule.fix and rule.fix.applicability == "safe":
            assert any(b.fixed for b in rule.examples.bad), f"{rule_id}: no example shows the fix"
        assert set(rule.profiles) <= set(PROFILES)


def test_messages_only_name_known_fields() -> None:
    base = {"match", "sentence", "replacement"}
    for rule_id, loaded in RULESET.rules.items():
        names = {f for _, f, _, _ in string.Formatter().parse(loaded.rule.message) if f}
        extra = names - base
        # Any other name must be a capture the rule's own check provides; the examples prove it renders.
        assert all(n.isidentifier() for n in extra), rule_id


def test_every_concept_is_used() -> None:
    used: set[str] = set()
    for loaded in RULESET.rules.values():
        rule = loaded.rule
        used |= set(rule.unless)
        used |= set(getattr(rule, "when", []) if isinstance(getattr(rule, "when", []), list) else [])
        used |= set(getattr(rule, "require", []))
        used |= {k.removeprefix("count:") for k in getattr(rule, "when", {}) if isinstance(k, str)}
    for concept in RULESET.concepts.values():
        used |= set(concept.concept.include)
    unused = set(RULESET.concepts) - used
    assert not unused, f"concepts no rule uses: {sorted(unused)}"


def test_rule_files_are_utf8_yaml_in_category_folders() -> None:
    root = builtin_rules_dir()
    for path in root.rglob("*"):
        if path.is_file():
            assert path.suffix == ".yaml", path
            path.read_text(encoding="utf-8")
            assert Path(path).parent.name in (*CATEGORIES, "_concepts")
