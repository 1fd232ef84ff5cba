"""``teinei rules`` and ``teinei explain`` (issue 19): a table with a header and the profiles column, fitted to
the terminal; JSON for tools; an unknown id suggests the closest ones."""

from __future__ import annotations

import json
import re

from teinei.rule_list import first_sentence, width_of
from teinei.ruleset.load import read_rules

from .conftest import run_cli

PIPED = {"COLUMNS": ""}  # no terminal: whole first sentences


def test_the_table_has_a_header_profiles_and_first_sentences() -> None:
    proc = run_cli("rules", env=PIPED)
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert re.split(r"\s{2,}", lines[0]) == ["ID", "SEVERITY", "FIX", "PROFILES", "DESCRIPTION"]
    rows = {re.split(r"\s{2,}", line)[0]: re.split(r"\s{2,}", line) for line in lines[1:]}
    assert rows["keigo/ryokai"] == [
        "keigo/ryokai", "warning", "safe", "external,internal",
        "「了解」は目上の人や取引先には軽く響くとされ、ビジネスでは「承知しました」「かしこまりました」が無難です。",
    ]
    assert rows["deadline/vague"][3] == "all"
    # One sentence, never cut inside a quoted example: 「確認しました。問題ないです。」 stays whole.
    assert first_sentence("「確認しました。問題ないです。」のような返信は冷たく響きます。理由は…") == (
        "「確認しました。問題ないです。」のような返信は冷たく響きます。"
    )
    assert first_sentence("件名のないメールは、\n後回しにされます。ほかの文。") == "件名のないメールは、後回しにされます。"
    description_at = lines[0].index("DESCRIPTION")
    assert all(width_of(line[: len(line) - len(rows[line.split()[0]][4])]) == description_at for line in lines[1:])
    assert len(lines) == len(read_rules().rules) + 1


def test_the_table_fits_the_terminal_width() -> None:
    lines = run_cli("rules", env={"COLUMNS": "120"}).stdout.decode().splitlines()
    assert max(width_of(line) for line in lines) <= 120
    ryokai = next(line for line in lines if line.startswith("keigo/ryokai "))
    assert width_of(ryokai) in (119, 120) and ryokai.endswith("…")
    assert re.split(r"\s{2,}", ryokai)[4].startswith("「了解」は目上の人や取引先には")
    # Too narrow for the descriptions beside the rest: each goes under its rule, still fitted.
    lines = run_cli("rules", env={"COLUMNS": "80"}).stdout.decode().splitlines()
    assert max(width_of(line) for line in lines) <= 80
    at = lines.index(next(line for line in lines if line.startswith("keigo/ryokai ")))
    assert re.split(r"\s{2,}", lines[at]) == ["keigo/ryokai", "warning", "safe", "external,internal"]
    assert lines[at + 1].startswith("    「了解」は目上の人や取引先には") and lines[at + 1].endswith("…")


def test_json_lists_every_rule_for_tools() -> None:
    proc = run_cli("rules", "--format", "json")
    document = json.loads(proc.stdout)
    assert document["version"] == 1
    by_id = {rule["id"]: rule for rule in document["rules"]}
    assert set(by_id) == set(read_rules().rules)
    ryokai = by_id["keigo/ryokai"]
    assert {k: ryokai[k] for k in ("category", "kind", "severity", "fix", "profiles")} == {
        "category": "keigo", "kind": "substitution", "severity": "warning", "fix": "safe",
        "profiles": ["external", "internal"],
    }
    assert ryokai["summary"] == "「了解」は目上の人や取引先には軽く響くとされ、ビジネスでは「承知しました」「かしこまりました」が無難です。"


def test_explain_suggests_the_closest_ids() -> None:
    cases = {
        "ryokai": "teinei: 規則 'ryokai' はありません。keigo/ryokai または keigo/ryokai-superior のことでしょうか（一覧は `teinei rules`）",
        "double": "teinei: 規則 'double' はありません。keigo/double-honorific",  # (or keigo/double-title)
        "keigo/ryokia": "teinei: 規則 'keigo/ryokia' はありません。keigo/ryokai",
        "zzzz": "teinei: 規則 'zzzz' はありません（一覧は `teinei rules`）",
    }
    for given, line in cases.items():
        proc = run_cli("explain", given)
        assert proc.returncode == 2 and proc.stdout == b""
        assert proc.stderr.decode().startswith(line), proc.stderr.decode()
        assert proc.stderr.decode().count("\n") == 1
