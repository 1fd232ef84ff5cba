"""The company vocabulary of a configuration file (``[vocabulary]``) turned into ordinary rules, so that it
runs through the normal pipeline: preferred forms as a substitution rule, banned words as a phrase rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from teinei.errors import TeineiError

if TYPE_CHECKING:
    from teinei.ruleset.model import RuleBase
    from teinei.ruleset.rule_set import LoadedRule, RuleSet
    from teinei.settings import Vocabulary

PREFERRED_TERM_ID = "wording/preferred-term"
BANNED_TERM_ID = "wording/banned-term"


def vocabulary_rules(vocabulary: Vocabulary) -> list[RuleBase]:
    """The vocabulary as substitution and phrase rules (none for an empty vocabulary)."""
    from teinei.ruleset.model import PhraseRule, SubstitutionRule

    rules: list[RuleBase] = []
    if vocabulary.preferred:
        written, preferred = next(iter(vocabulary.preferred.items()))
        rules.append(SubstitutionRule(
            kind="substitution",
            id=PREFERRED_TERM_ID,
            category="wording",
            description="社内の用語集で表記を統一している言葉です（設定ファイルの vocabulary.preferred）。",
            message="「{match}」は、社内の用語集では「{replacement}」と書くことになっています。",
            suggest=["「{replacement}」に置き換えましょう。"],
            swap=dict(vocabulary.preferred),
            examples={"bad": [{"text": written, "at": written, "fixed": preferred}], "good": [preferred]},
        ))
    if vocabulary.banned:
        term = vocabulary.banned[0]
        rules.append(PhraseRule(
            kind="phrase",
            id=BANNED_TERM_ID,
            category="wording",
            description="社内の用語集で、使わないことになっている言葉です（設定ファイルの vocabulary.banned）。",
            message="「{match}」は、社内の用語集で使わないことになっている言葉です。",
            suggest=["別の言い方に書き換えましょう。"],
            phrases=list(vocabulary.banned),
            examples={"bad": [{"text": term, "at": term}], "good": ["よろしくお願いいたします。"]},
        ))
    return rules


def extend_ruleset(
    ruleset: RuleSet, vocabulary: Vocabulary, label: str, error: Callable[[str, str], TeineiError]
) -> RuleSet:
    """``ruleset`` plus the vocabulary's rules, compiled like rule files; ``label`` names the configuration
    file they come from, ``error`` makes a mistake an error of its ``vocabulary`` key. The compiled rules are
    kept like the rule files' (``teinei.ruleset.compiled``), keyed by the vocabulary, the label and teinei's
    code, so a run with an unchanged vocabulary imports no pydantic to build them."""
    from teinei.ruleset.compiled import FORMAT, kept
    from teinei.ruleset.rule_set import RuleSet
    from teinei.storage import code_fingerprint, digest

    words = json.dumps([vocabulary.preferred, vocabulary.banned, label], ensure_ascii=False)  # (in order)
    key = digest(FORMAT, code_fingerprint(), words)
    rules = dict(ruleset.rules)
    rules.update((loaded.id, loaded) for loaded in kept("vocabulary", key, lambda: _compiled(vocabulary, label, error)))
    return RuleSet(dict(sorted(rules.items())), ruleset.concepts)


def _compiled(vocabulary: Vocabulary, label: str, error: Callable[[str, str], TeineiError]) -> list[LoadedRule]:
    from teinei.checks import build_check
    from teinei.checks.concept import ConceptRegistry
    from teinei.ruleset.rule_set import LoadedRule

    found = []
    for rule in vocabulary_rules(vocabulary):
        try:  # (the vocabulary's rules name no concept)
            check = build_check(rule, ConceptRegistry.build({}))
        except TeineiError as mistake:
            raise error(mistake.message, "vocabulary") from None
        found.append(LoadedRule(rule, label, check))
    return found
