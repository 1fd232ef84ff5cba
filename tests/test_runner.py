"""Checking many files: worker processes give the same output as one process, in the same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from teinei import runner
from teinei.cache import ResultCache
from teinei.workspace import Workspace

from .conftest import ROOT, run_cli


def corpus_texts() -> list[str]:
    items = yaml.safe_load((ROOT / "tests" / "corpus" / "core.yaml").read_text(encoding="utf-8"))["items"]
    return [item["text"] for item in items[:24]]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """24 real messages in two folders, plus a binary file and an empty one (each a one-line error)."""
    for number, text in enumerate(corpus_texts()):
        sub = tmp_path / ("inbox" if number % 2 else "sent")
        sub.mkdir(exist_ok=True)
        (sub / f"mail-{number:02d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "sent" / "broken.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "inbox" / "empty.txt").write_text("", encoding="utf-8")
    return tmp_path


def test_two_jobs_print_exactly_what_one_job_prints(folder: Path) -> None:
    for output in ("text", "json"):
        one = run_cli("check", "--no-cache", "--jobs", "1", "--format", output, ".", cwd=folder)
        two = run_cli("check", "--no-cache", "--jobs", "2", "--format", output, ".", cwd=folder)
        assert one.returncode == two.returncode == 2  # findings, and two files that cannot be read
        assert two.stdout == one.stdout
        assert two.stderr == one.stderr
    assert one.stdout.decode().count('"path"') == 26  # the two not read are listed with their error


def test_each_unreadable_file_is_one_line_in_file_order(folder: Path) -> None:
    proc = run_cli("check", "--no-cache", "--jobs", "2", ".", cwd=folder)
    assert proc.stderr.decode().splitlines() == [
        "./inbox/empty.txt: チェックする文章がありません（ファイルが空です）",
        "./sent/broken.txt: テキストではありません（NUL バイトを含むバイナリです）",
    ]


def test_cached_and_parallel_runs_agree(folder: Path) -> None:
    plain = run_cli("check", "--no-cache", "--jobs", "1", ".", cwd=folder)
    filled = run_cli("check", "--jobs", "2", ".", cwd=folder)
    cached = run_cli("check", "--jobs", "2", ".", cwd=folder)
    assert filled.stdout == cached.stdout == plain.stdout
    assert filled.stderr == cached.stderr == plain.stderr
    assert len(list((folder / ".teinei_cache").rglob("*.json"))) == 24


def names(folder: Path, *, readable: bool = False) -> list[str]:
    found = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.txt"))
    return [n for n in found if n not in ("inbox/empty.txt", "sent/broken.txt")] if readable else found


def test_library_outcomes_come_back_in_the_order_given(folder: Path, monkeypatch) -> None:
    monkeypatch.chdir(folder)
    given = list(reversed(names(folder)))
    one = runner.check_files(given, Workspace(), jobs=1)
    two = runner.check_files(given, Workspace(), jobs=2)
    assert [o.name for o in two.outcomes] == given
    assert [(o.name, o.messages) for o in two.outcomes] == [(o.name, o.messages) for o in one.outcomes]
    assert [r.model_dump() for r in two.results] == [r.model_dump() for r in one.results]
    assert two.unreadable and len(two.results) == 24
    # Results that crossed a process boundary still show their lines.
    first = next(r for r in two.results if r.findings)
    assert first.line_text(first.findings[0])


def test_few_files_are_checked_in_this_process(folder: Path, monkeypatch) -> None:
    def no_workers(*args: object) -> None:
        raise AssertionError("workers started for a handful of files")

    monkeypatch.chdir(folder)
    monkeypatch.setattr(runner, "_in_workers", no_workers)
    run = runner.check_files(names(folder, readable=True)[:3], Workspace(), jobs=2)
    assert len(run.results) == 3
    # With every result cached, nothing is left to lint, so no workers either.
    store = ResultCache(folder / ".cache")
    everything = names(folder, readable=True)
    monkeypatch.setattr(runner, "_PARALLEL_FROM", 10_000)
    runner.check_files(everything, Workspace(), jobs=1, cache=store)
    monkeypatch.setattr(runner, "_PARALLEL_FROM", 1)
    cached = runner.check_files(everything, Workspace(), jobs=2, cache=store)
    assert len(cached.results) == 24


def test_workers_look_up_the_cache_of_a_large_run_and_a_broken_entry_is_linted_again(
    folder: Path, monkeypatch
) -> None:
    monkeypatch.chdir(folder)
    monkeypatch.setattr(runner, "_LOOKUPS_FROM", 4)  # as if the folder held thousands of files
    given = names(folder)
    store = ResultCache(folder / ".cache")
    expected = runner.check_files(given, Workspace(), jobs=1)
    filled = runner.check_files(given, Workspace(), jobs=2, cache=store)  # linted in workers and stored
    entries = sorted((folder / ".cache").rglob("*.json"))
    assert len(entries) == 24
    entries[0].write_bytes(b'{"key": "not this one"')  # a torn or foreign entry: ignored, linted again
    again = runner.check_files(given, Workspace(), jobs=2, cache=store)
    for run in (filled, again):
        assert [(o.name, o.messages) for o in run.outcomes] == [(o.name, o.messages) for o in expected.outcomes]
        assert [r.model_dump() for r in run.results] == [r.model_dump() for r in expected.results]
    first = next(r for r in again.results if r.findings)
    assert first.line_text(first.findings[0])  # a result parsed from its entry still shows its lines
    assert json.loads(entries[0].read_bytes())["key"] != "not this one"  # the broken entry was rewritten


def test_jobs_must_be_positive(folder: Path) -> None:
    proc = run_cli("check", "--jobs", "0", ".", cwd=folder)
    assert proc.returncode == 2
    assert "--jobs" in proc.stderr.decode()
