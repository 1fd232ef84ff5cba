"""Rule documentation generated from the rule itself (``teinei explain``)."""

from __future__ import annotations

from teinei.ruleset.load import LoadedRule


def explain_rule(loaded: LoadedRule) -> str:
    rule = loaded.rule
    kind = getattr(rule, "kind", "")
    fix = rule.fix.applicability if rule.fix else ("safe" if kind == "substitution" else None)
    lines = [
        f"{loaded.id}  ({rule.severity.value}, {kind})",
        "",
        rule.description.strip(),
        "",
        f"プロファイル: {', '.join(rule.profiles)}",
        f"自動修正: {'あり (' + fix + ')' if fix else 'なし'}",
        f"メッセージ: {rule.message}",
        *(f"提案: {s}" for s in rule.suggest),
        "",
        "悪い例:",
    ]
    for bad in rule.examples.bad:
        line = f"  ✗ {bad.text.strip()}"
        if bad.at:
            line += f"   ← 「{bad.at}」"
        lines.append(line)
        if bad.fixed:
            lines.append(f"    → {bad.fixed.strip()}")
    lines.append("良い例:")
    lines.extend(f"  ✓ {good.text.strip()}" for good in rule.examples.good)
    lines.append(f"\n定義: {loaded.path}")
    return "\n".join(lines)
