"""Which rules run: profile, --select / --ignore by rule id or whole category."""

from __future__ import annotations

from collections.abc import Iterable

from teinei.errors import TeineiError
from teinei.ruleset.rule_set import LoadedRule
from teinei.ruleset.terms import CATEGORIES, PROFILES


def _matches(rule_id: str, selector: str) -> bool:
    return rule_id == selector or rule_id.startswith(selector.rstrip("/") + "/")


def check_selectors(selectors: Iterable[str], rules: dict[str, LoadedRule]) -> None:
    for selector in selectors:
        if selector in CATEGORIES or any(_matches(rule_id, selector) for rule_id in rules):  # a pack's own too
            continue
        raise TeineiError(f"unknown rule or category '{selector}' (see `teinei rules`)")


def check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise TeineiError(f"unknown profile '{profile}' (known: {', '.join(PROFILES)})")


def select_rules(
    rules: dict[str, LoadedRule],
    profile: str,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[LoadedRule]:
    """The rules active for ``profile``, narrowed by ``select`` and then ``ignore`` (ids or categories)."""
    check_profile(profile)
    chosen = list(select or ())
    dropped = list(ignore or ())
    check_selectors(chosen + dropped, rules)
    active = []
    for rule_id, loaded in rules.items():
        if profile not in loaded.rule.profiles:
            continue
        if chosen and not any(_matches(rule_id, s) for s in chosen):
            continue
        if any(_matches(rule_id, s) for s in dropped):
            continue
        active.append(loaded)
    return active
