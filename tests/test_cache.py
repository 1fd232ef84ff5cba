"""The results cache (.teinei_cache/) and the compiled-rules cache, end to end and through the library."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from teinei import cache
from teinei.linter import Linter
from teinei.ruleset import compiled

from .conftest import ROOT, TODAY, run_cli

REQUEST = "進捗を教えてください\n"  # one line, no greeting, no deadline: three findings
POLITE = (ROOT / "examples" / "good-request.txt").read_text(encoding="utf-8")

RULE = """\
description: 社内の禁止表現「{word}」。
kind: phrase
phrases: [{word}]
message: 「{word}」は社外向けの文書では使いません。
suggest: 「{better}」と書きましょう。
examples:
  bad: [{word}を送ります。]
  good: [{better}を送ります。]
"""


def entries(folder: Path) -> list[Path]:
    return sorted((folder / ".teinei_cache").rglob("*.json"))


def check(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli("check", *args, cwd=folder)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "request.txt").write_text(REQUEST, encoding="utf-8")
    (tmp_path / "polite.txt").write_text(POLITE, encoding="utf-8")
    return tmp_path


def test_a_cached_result_is_the_same_result_and_is_really_reused(project: Path) -> None:
    first = check(project, "request.txt")
    assert first.returncode == 1
    assert "[curt/one-line]" in first.stdout.decode()
    (entry,) = entries(project)
    assert (project / ".teinei_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")

    second = check(project, "request.txt")
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
    assert entries(project) == [entry]

    # Proof that the second run read the entry: an entry edited by hand is what gets reported.
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["result"]["findings"][0]["message"] = "キャッシュから読みました。"
    entry.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    assert "キャッシュから読みました。" in check(project, "request.txt").stdout.decode()
    assert "キャッシュから読みました。" not in check(project, "--no-cache", "request.txt").stdout.decode()


def test_a_cached_email_result_points_at_the_same_lines_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "mail.eml").write_bytes((ROOT / "examples" / "missing-attachment.eml").read_bytes())
    first = check(tmp_path, "mail.eml")
    second = check(tmp_path, "mail.eml")
    assert len(entries(tmp_path)) == 1
    assert second.stdout == first.stdout
    out = second.stdout.decode()
    assert "mail.eml:16:6: warning [clarity/missing-attachment]" in out  # the body starts on line 10
    assert "\n    16 | お見積書を添付いたします。" in out


def test_no_cache_neither_reads_nor_writes(project: Path) -> None:
    proc = check(project, "--no-cache", "request.txt", "polite.txt")
    assert proc.returncode == 1
    assert not (project / ".teinei_cache").exists()


def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(project: Path) -> None:
    expected = check(project, "--no-cache", "request.txt")
    check(project, "request.txt")
    (entry,) = entries(project)
    for damage in (b"{\"key\": \"tru", b"\x00\xff garbage", json.dumps({"key": "another", "result": {}}).encode()):
        entry.write_bytes(damage)
        again = check(project, "request.txt")
        assert (again.returncode, again.stdout, again.stderr) == (expected.returncode, expected.stdout, expected.stderr)
        assert json.loads(entry.read_text(encoding="utf-8"))["result"]["path"] == "request.txt"


def test_a_changed_file_is_linted_again(project: Path) -> None:
    assert check(project, "request.txt").returncode == 1
    (project / "request.txt").write_text(POLITE, encoding="utf-8")
    proc = check(project, "request.txt")
    assert proc.returncode == 0, proc.stdout.decode()
    assert len(entries(project)) == 2


def test_a_changed_rule_file_is_used_at_once(project: Path) -> None:
    rules = project / "house-rules" / "wording"
    rules.mkdir(parents=True)
    (project / "memo.txt").write_text("いつもお世話になっております。\nブツを送ります。\n", encoding="utf-8")
    (rules / "butsu.yaml").write_text(RULE.format(word="ブツ", better="品物"), encoding="utf-8")
    first = check(project, "--rules", "house-rules", "--select", "wording/butsu", "memo.txt")
    assert "「ブツ」は社外向けの文書では使いません。" in first.stdout.decode()

    (rules / "butsu.yaml").write_text(RULE.format(word="送ります", better="お送りします"), encoding="utf-8")
    second = check(project, "--rules", "house-rules", "--select", "wording/butsu", "memo.txt")
    out = second.stdout.decode()
    assert "「送ります」は社外向けの文書では使いません。" in out
    assert "ブツ" not in out.split("\n")[0]


def test_a_changed_configuration_is_used_at_once(project: Path) -> None:
    assert "[curt/one-line]" in check(project, "request.txt").stdout.decode()
    (project / "teinei.toml").write_text('ignore = ["curt"]\n', encoding="utf-8")
    out = check(project, "request.txt").stdout.decode()
    assert "[curt/" not in out
    assert "[deadline/missing]" in out


def test_the_reference_date_is_part_of_the_key(project: Path) -> None:
    (project / "due.txt").write_text(
        "お世話になっております。\n恐れ入りますが、12月4日(金)までにご返信いただけますでしょうか。\n", encoding="utf-8"
    )
    before = check(project, "--date", "2026-11-20", "due.txt")
    after = check(project, "--date", "2026-12-10", "due.txt")
    assert "[deadline/past-date]" not in before.stdout.decode()
    assert "[deadline/past-date]" in after.stdout.decode()
    linter = Linter()
    keys = {cache.ResultCache(project).key(linter, "due.txt", b"x", day) for day in (dt.date(2026, 11, 20), dt.date(2026, 1, 5))}
    assert len(keys) == 2


def test_concurrent_runs_share_the_cache_safely(project: Path) -> None:
    for number, text in enumerate([REQUEST, POLITE] * 5):
        (project / f"mail-{number:02d}.txt").write_text(text + f"（{number}）\n", encoding="utf-8")
    expected = check(project, "--no-cache", "--jobs", "1", ".")
    command = [sys.executable, "-m", "teinei", "check", "--jobs", "1", "."]
    env = {**os.environ, "NO_COLOR": "1", "TEINEI_DATE": TODAY.isoformat()}  # the date `check` pins
    runs = [
        subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(out == (expected.stdout, expected.stderr) for out in outputs)
    assert len(entries(project)) == 12
    assert not list((project / ".teinei_cache").rglob("*.tmp"))
    for entry in entries(project):
        assert json.loads(entry.read_text(encoding="utf-8"))["key"]
    again = check(project, ".")
    assert (again.stdout, again.stderr) == (expected.stdout, expected.stderr)


def test_results_with_errors_are_not_cached(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    linter = Linter()
    result = linter.lint(REQUEST, path="request.txt")
    result.errors.append("規則 'x': 正規表現が 1 秒の上限を超えたため、この規則を中止しました")
    store = cache.ResultCache(folder)
    store.put("k" * 64, result, None)
    assert store.get("k" * 64, "request.txt") is None


def test_compiled_rules_are_reused_and_a_damaged_pickle_is_ignored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    rules = tmp_path / "rules" / "wording"
    rules.mkdir(parents=True)
    (rules / "butsu.yaml").write_text(RULE.format(word="ブツ", better="品物"), encoding="utf-8")
    compiled._rule_sets.clear()
    linter = Linter(rules_dirs=[tmp_path / "rules"], select=["wording/butsu"])
    assert [f.rule for f in linter.lint("ブツを送ります。").findings] == ["wording/butsu"]
    (pickled,) = (tmp_path / "home-cache" / "teinei").glob("rules-*.pickle")

    compiled._rule_sets.clear()  # a new process: the pickle is read
    again = Linter(rules_dirs=[tmp_path / "rules"], select=["wording/butsu"])
    assert again.lint("ブツを送ります。").findings == linter.lint("ブツを送ります。").findings

    pickled.write_bytes(b"not a pickle")
    compiled._rule_sets.clear()
    damaged = Linter(rules_dirs=[tmp_path / "rules"], select=["wording/butsu"])
    assert [f.rule for f in damaged.lint("ブツを送ります。").findings] == ["wording/butsu"]

    (rules / "butsu.yaml").write_text(RULE.format(word="送ります", better="お送りします"), encoding="utf-8")
    changed = Linter(rules_dirs=[tmp_path / "rules"], select=["wording/butsu"])
    assert [f.message for f in changed.lint("ブツを送ります。").findings] == ["「送ります」は社外向けの文書では使いません。"]


def test_pruning_a_store_never_removes_the_entry_just_written(tmp_path: Path) -> None:
    """Pruning reads use from modification times; entries used under a clock that ran ahead (a clock set back
    since, or a shifted clock in tests) look newer than the one a run just wrote, which must still stay."""
    from teinei.storage import prune

    ahead = time.time() + 365 * 86400
    for number in range(5):
        used = tmp_path / f"rules-{number}.pickle"
        used.write_bytes(b"x")
        os.utime(used, (ahead + number, ahead + number))
    written = tmp_path / "rules-new.pickle"
    written.write_bytes(b"x")
    (tmp_path / "settings-1.json").write_bytes(b"{}")  # another store's file: never touched
    prune(written, "rules-*.pickle", 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "rules-3.pickle", "rules-4.pickle", "rules-new.pickle", "settings-1.json",
    ]
