"""The literal gate before a rule's regular expression (regex_gate.py) never skips a text the pattern matches.

A wrong gate would silently drop findings, so every shipped pattern is checked against every corpus text, and
hand-written patterns with the constructs that make literals optional or unprovable get no gate or a right one.
"""

from __future__ import annotations

import pytest
import regex
import yaml

from teinei.alternation import Alternation
from teinei.regex_gate import gate, may_match, required

from .conftest import ROOT
from .test_fast_paths import RULES, corpus_texts


def _patterns() -> list[regex.Pattern[str]]:
    """Every compiled expression of the shipped rules and concepts (phrases, regexes, swaps, excludes, fixes)."""
    found: dict[str, regex.Pattern[str]] = {}

    def collect(value: object) -> None:
        if isinstance(value, regex.Pattern):
            found[value.pattern] = value
        elif isinstance(value, Alternation):  # the whole and each piece
            collect([value.whole, *value.pieces])
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    holders = [*RULES.concepts.values()]
    for loaded in RULES.rules.values():
        holders.append(loaded.check)
        holders.append(getattr(loaded.check, "fix", None))
    for holder in holders:
        for value in vars(holder).values() if hasattr(holder, "__dict__") else ():
            collect(value)
    return list(found.values())


def _texts() -> list[str]:
    texts = corpus_texts()
    for path in sorted((ROOT / "tests" / "corpus" / "blind").glob("*.yaml")):
        items = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("items", [])
        texts.extend(item["text"] for item in items if isinstance(item.get("text"), str))
    return texts


PATTERNS = _patterns()


def test_the_shipped_rules_have_patterns_and_most_get_a_gate() -> None:
    assert len(PATTERNS) > 100
    assert sum(gate(p) is not None for p in PATTERNS) > len(PATTERNS) // 2  # else the gate buys nothing


def test_no_gate_says_no_where_the_pattern_matches() -> None:
    texts = _texts()
    wrong = []
    for pattern in PATTERNS:
        need = gate(pattern)
        if need is None:
            continue
        for text in texts:
            if not may_match(pattern, text) and pattern.search(text) is not None:
                wrong.append((pattern.pattern, text[:40]))
    assert not wrong


def test_every_match_holds_what_one_alternative_needs() -> None:
    """Stronger than the text test: the literals are proven inside the match itself (overlaps included)."""
    text = "\n\n".join(_texts())
    for pattern in PATTERNS:
        alternatives = gate(pattern)
        if alternatives is None:
            continue
        for m in pattern.finditer(text, overlapped=True):
            held = [all(any(lit in m.group() for lit in need) for need in needs) for needs in alternatives]
            assert any(held), (pattern.pattern, m.group())


def _sets(pattern: str) -> list[list[set[str]]] | None:
    alternatives = required(pattern)
    return None if alternatives is None else [[set(need) for need in needs] for needs in alternatives]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("ますか|ますが", [[{"ますか", "ますが"}]]),  # the parser's common prefix, then the product
        ("[^。\n]*ますか", [[{"ますか"}]]),
        ("(?:ます)?です", [[{"です"}]]),  # an optional literal is not necessary
        ("(?:よろしく)*お願い", [[{"お願い"}]]),
        ("x{0,2}y", [[{"y"}]]),
        ("(?:ご確認)+ください", [[{"ください"}, {"ご確認"}]]),  # a repeat of at least one is necessary
        ("(?<=お)願い", [[{"願い"}]]),  # a lookbehind's text is not inside the match
        ("(?<!ご)確認(?=を)", [[{"確認"}]]),
        (r"(\p{Han}[ぁ-ん]?)させ(?=て|られ)", [[{"させ"}]]),
        (r"[\p{Han}ー]{1,8}(?:まで|迄)に", [[{"までに", "迄に"}]]),  # a property in a class is no literal
        ("ま[すしせ](?:でしょう)?か", [[{"ますか", "ましか", "ませか", "ますでしょうか", "ましでしょうか", "ませでしょうか"}]]),
        (r"(い)\1る", [[{"い"}, {"る"}]]),  # a backreference proves nothing itself
        ("お世話|ありがとう|(?:恐縮)", [[{"お世話"}], [{"ありがとう"}], [{"恐縮"}]]),  # branch by branch
        ("(?:拝見|確認)しました", [[{"拝見しました", "確認しました"}]]),
        ("(?:(?:拝見|確認)(?:し|いた))|(?:ご査収)", [[{"拝見し", "確認し", "拝見いた", "確認いた"}], [{"ご査収"}]]),
        ("[^。]*?(?:お|ご)?連絡(?:を)?ください", [[{"連絡ください", "連絡をください"}]]),  # optional parts
        ("(?:[0-9０-９]+)年", [[{"年"}, set("0123456789０１２３４５６７８９")]]),  # a repeat: its class
    ],
)
def test_a_gate_is_what_every_match_needs(pattern: str, expected: list[list[set[str]]]) -> None:
    assert _sets(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        "(?:ます)?",  # only optional literals
        "abc|\\d+",  # a branch with no literal
        "お願い|.{3}",
        "[^。]+",
        "(?i)abc",  # case folding: "ABC" matches
        "(?i:abc)",
        "(?x)a b c",  # verbose: the spaces are not literals
        "(?<=お願い)",  # a lookbehind alone
        "(?=です).",
        r"(a)?\1",
        r"\p{Han}+",
        "[[:alpha:]]x",  # a POSIX class: ``re`` would read "]x" as literal
        "[[a]]b",
        r"\m単語",  # regex-only syntax ``re`` does not parse
        "(?:お願い){e<=1}",  # fuzzy matching: "お願ひ" matches
        "お願い\\{",  # an escaped brace: not proven either way, so no gate
        "",
    ],
)
def test_no_gate_where_no_literal_is_proven(pattern: str) -> None:
    assert required(pattern) is None


def test_case_folding_flags_give_no_gate() -> None:
    compiled = regex.compile("お願いabc", regex.IGNORECASE)
    assert gate(compiled) is None
    assert may_match(compiled, "お願いABC")
    plain = regex.compile("お願いabc")
    assert gate(plain) == ((("お願いabc",),),)
    assert not may_match(plain, "お願いABC")
