"""Which rules run: profile, --select / --ignore by rule id or whole category."""

from __future__ import annotations

from collections.abc import Iterable

from teinei.errors import TeineiError, did_you_mean
from teinei.ruleset.rule_set import LoadedRule
from teinei.ruleset.terms import CATEGORIES, PROFILES


def _matches(rule_id: str, selector: str) -> bool:
    return rule_id == selector or rule_id.startswith(selector.rstrip("/") + "/")


def check_selectors(selectors: Iterable[str], rules: dict[str, LoadedRule]) -> None:
    for selector in selectors:
        if selector in CATEGORIES or any(_matches(rule_id, selector) for rule_id in rules):  # a pack's own too
            continue
        close = closest_ids(selector, [*CATEGORIES, *rules])
        hint = f"。{did_you_mean(close)}" if close else ""
        raise TeineiError(f"規則またはカテゴリー '{selector}' はありません{hint}（一覧は `teinei rules`）")


def closest_ids(name: str, ids: list[str], limit: int = 3) -> list[str]:
    """The rule ids (or categories) a mistyped or partial one most likely meant: those whose name is the one
    given (``ryokai`` -> ``keigo/ryokai``) or starts with it, then the closest spellings of the id or its name."""
    import difflib  # (only for a mistake)

    wanted = name.strip("/").lower()
    names = {rule_id: rule_id.rsplit("/", 1)[-1] for rule_id in ids}
    chosen = [i for i in ids if names[i] == wanted]
    chosen += [i for i in ids if names[i].startswith(wanted) and i not in chosen]
    chosen += difflib.get_close_matches(wanted, ids, n=limit, cutoff=0.6)
    by_name = difflib.get_close_matches(wanted, list(names.values()), n=limit, cutoff=0.6)
    chosen += [i for i in ids if names[i] in by_name]
    return list(dict.fromkeys(chosen))[:limit]


def check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise TeineiError(f"プロファイル '{profile}' はありません（使えるもの: {', '.join(PROFILES)}）")


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
