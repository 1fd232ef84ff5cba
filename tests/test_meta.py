"""Meta-tests over the whole rule set (the rules are data; these keep the data honest)."""

from __future__ import annotations

from pathlib import Path

from teinei.ruleset import placeholders
from teinei.ruleset.load import builtin_rules_dir, read_rules
from teinei.ruleset.model import CATEGORIES, PROFILES

RULESET = read_rules()


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
    """Every {name} of a message or suggestion is one the rule can fill (the loader refuses others; this checks
    the shipped rules against the same list, and that the list is not so loose that anything passes)."""
    concepts = {name: c.concept.model_dump(by_alias=True) for name, c in RULESET.concepts.items()}
    for rule_id, loaded in RULESET.rules.items():
        data = loaded.rule.model_dump(by_alias=True, exclude_none=True)
        assert placeholders.check(data, concepts) == [], rule_id
        known = placeholders.available(data, concepts)
        for template in (loaded.rule.message, *loaded.rule.suggest):
            assert set(placeholders.names_used(template)) <= known, rule_id
        assert "matched" not in known and "replacment" not in known
        assert placeholders.check({**data, "message": "「{matched}」"}, concepts), rule_id


def test_every_concept_is_used() -> None:
    used: set[str] = set()
    for loaded in RULESET.rules.values():
        rule = loaded.rule
        used |= set(rule.unless)
        used |= set(getattr(rule, "when", []) if isinstance(getattr(rule, "when", []), list) else [])
        used |= set(getattr(rule, "require", []))
        used |= {k.removeprefix("count:") for k in getattr(rule, "when", {}) if isinstance(k, str)}
    for concept in RULESET.concepts.values():
        used |= set(concept.concept.include) | set(concept.concept.unless)
    unused = set(RULESET.concepts) - used
    assert not unused, f"concepts no rule uses: {sorted(unused)}"


def test_rule_files_are_utf8_yaml_in_category_folders() -> None:
    root = builtin_rules_dir()
    for path in root.rglob("*"):
        if path.is_file():
            assert path.suffix == ".yaml", path
            path.read_text(encoding="utf-8")
            assert Path(path).parent.name in (*CATEGORIES, "_concepts", "_words")


def test_every_word_list_is_named_by_a_concept_or_rule() -> None:
    root = builtin_rules_dir()
    lists = {path.stem for path in (root / "_words").glob("*.yaml")}
    assert lists
    texts = [path.read_text(encoding="utf-8") for path in root.rglob("*.yaml") if path.parent.name != "_words"]
    unused = {name for name in lists if not any(f"{{words: {name}}}" in text for text in texts)}
    assert not unused, f"word lists nothing names: {sorted(unused)}"
