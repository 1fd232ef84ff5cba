"""A company's own rule pack may bring its own category (house/banned-word): it loads, runs, is selected and
suppressed by its category, and shows in `teinei rules` and `teinei explain`; the shipped rules keep theirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from teinei.errors import TeineiError
from teinei.linter import Linter

from .conftest import TODAY, run_cli

BANNED = """\
kind: phrase
severity: warning
description: 社外の文面では、社内の呼び名ではなく正式な製品名を使います。
message: 「{match}」は社内の呼び名です。
suggest: 正式な製品名「クラウド会計 Pro」と書きましょう。
phrases: [例のシステム2]
examples:
  bad: [例のシステム2の導入時期をご案内します。]
  good: [クラウド会計 Proの導入時期をご案内します。]
"""
TEXT = "お世話になっております。\n例のシステム2の導入時期を12月4日(金)までにご案内します。\n"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    (tmp_path / "pack" / "house").mkdir(parents=True)
    (tmp_path / "pack" / "house" / "banned-word.yaml").write_text(BANNED, encoding="utf-8")
    return tmp_path / "pack"


def test_a_pack_with_its_own_category_loads_and_runs(pack: Path) -> None:
    linter = Linter(rules=str(pack), select="house", today=TODAY)
    [finding] = linter.lint(TEXT).findings
    assert (finding.rule, finding.category, finding.line, finding.column) == ("house/banned-word", "house", 2, 1)
    ignored = Linter(rules=str(pack), ignore="house", today=TODAY).lint(TEXT).findings
    assert "house/banned-word" not in {f.rule for f in ignored}


def test_the_category_is_suppressed_by_name(pack: Path, tmp_path: Path) -> None:
    template = tmp_path / "notice.j2"
    template.write_text("お世話になっております。\n{# teinei: ignore[house] 旧称を残す告知 #}\n例のシステム2の導入時期をご案内します。\n", encoding="utf-8")
    proc = run_cli("check", "--format", "json", "--rules", str(pack), "--select", "house", str(template))
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert json.loads(proc.stdout)["files"][0]["findings"] == []


def test_rules_and_explain_show_the_pack(pack: Path) -> None:
    listed = run_cli("rules", "--rules", str(pack), "--format", "json")
    assert listed.returncode == 0, listed.stderr.decode()
    assert "house/banned-word" in listed.stdout.decode()
    explained = run_cli("explain", "--rules", str(pack), "house/banned-word")
    assert explained.returncode == 0, explained.stderr.decode()
    assert "社内の呼び名ではなく正式な製品名" in explained.stdout.decode()


@pytest.mark.parametrize("folder", ["House", "teinei", "has space"])
def test_a_category_name_must_be_plain(tmp_path: Path, folder: str) -> None:
    (tmp_path / "pack" / folder).mkdir(parents=True)
    (tmp_path / "pack" / folder / "x.yaml").write_text(BANNED, encoding="utf-8")
    with pytest.raises(TeineiError, match="規則ファイルはカテゴリーのフォルダ"):
        Linter(rules=str(tmp_path / "pack"), today=TODAY)
