"""The result cache's folder indexes: a large re-check answers unchanged files without reading them, and any
change to a file (content, times or the file itself) is seen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from teinei import folder_index, runner
from teinei.cache import ResultCache
from teinei.workspace import Workspace

from .conftest import ROOT

TEXTS = [item["text"] for item in yaml.safe_load((ROOT / "tests" / "corpus" / "core.yaml").read_text(encoding="utf-8"))["items"][:12]]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> list[str]:
    """12 real messages in two folders, checked as a large run (folder indexes are read from 4 files)."""
    for number, text in enumerate(TEXTS):
        folder = tmp_path / ("inbox" if number % 2 else "sent")
        folder.mkdir(exist_ok=True)
        (folder / f"mail-{number:02d}.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(runner, "_INDEX_FROM", 4)
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.txt"))


def check(names: list[str]) -> runner.Run:
    return runner.check_files(names, Workspace(), jobs=1, cache=ResultCache(".cache"))


def dumped(run: runner.Run) -> list[tuple[str, list[str], dict | None]]:
    return [(o.name, o.messages, o.result.model_dump() if o.result else None) for o in run.outcomes]


def unread(monkeypatch) -> list[str]:
    """Make reading a file fail the test, except for the names returned (those the test changes)."""
    allowed: list[str] = []
    real = runner._read

    def guarded(context: runner._Context, name: str) -> runner._Read:
        assert name in allowed, f"{name} was read again"
        return real(context, name)

    monkeypatch.setattr(runner, "_read", guarded)
    return allowed


def test_an_unchanged_tree_is_answered_from_the_indexes_without_reading_a_file(tree: list[str], monkeypatch) -> None:
    monkeypatch.setattr(folder_index, "_SETTLING_NS", 0)  # files written a moment ago count as settled
    expected = check(tree)
    assert len(list(Path(".cache").rglob("*.index"))) == 2  # one per folder
    unread(monkeypatch)
    again = check(tree)
    assert dumped(again) == dumped(expected)
    first = next(r for r in again.results if r.findings)
    assert first.line_text(first.findings[0])  # the index keeps the lines findings point at


def test_a_changed_file_is_read_and_linted_again_even_with_the_same_size(tree: list[str], monkeypatch) -> None:
    monkeypatch.setattr(folder_index, "_SETTLING_NS", 0)
    check(tree)
    changed, replaced = Path(tree[0]), Path(tree[1])
    before = changed.stat()
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text[::-1], encoding="utf-8")  # same size, other content
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    # A file replaced by another of the same size and times (a new inode): seen too.
    kept = replaced.stat()
    other = replaced.with_suffix(".new")
    other.write_text(replaced.read_text(encoding="utf-8")[::-1], encoding="utf-8")
    os.utime(other, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    os.replace(other, replaced)
    fresh = runner.check_files(tree, Workspace(), jobs=1)
    unread(monkeypatch).extend(tree[:2])  # only the two changed files are read
    assert dumped(check(tree)) == dumped(fresh)


@pytest.mark.real_clock
def test_a_file_changed_just_before_it_was_read_is_not_indexed(tree: list[str], monkeypatch) -> None:
    check(tree)  # the files were written a moment ago: their times cannot yet be trusted
    assert not any(f"mail-{n:02d}".encode() in p.read_bytes() for p in Path(".cache").rglob("*.index") for n in range(12))
    reads: list[str] = []
    real = runner._read
    monkeypatch.setattr(runner, "_read", lambda context, name: reads.append(name) or real(context, name))
    check(tree)
    assert sorted(reads) == tree


def test_a_damaged_index_is_ignored_and_rewritten(tree: list[str], monkeypatch) -> None:
    monkeypatch.setattr(folder_index, "_SETTLING_NS", 0)
    expected = check(tree)
    for index in Path(".cache").rglob("*.index"):
        index.write_bytes(b'{"files": {"sent/mail-00.txt": {"signature": [1, 2]')
    assert dumped(check(tree)) == dumped(expected)
    unread(monkeypatch)
    assert dumped(check(tree)) == dumped(expected)


def test_an_index_belongs_to_its_settings(tree: list[str], monkeypatch) -> None:
    monkeypatch.setattr(folder_index, "_SETTLING_NS", 0)
    check(tree)
    chat = runner.check_files(tree, Workspace(profile="chat"), jobs=1, cache=ResultCache(".cache"))
    fresh = runner.check_files(tree, Workspace(profile="chat"), jobs=1)
    assert dumped(chat) == dumped(fresh)
    assert len(list(Path(".cache").rglob("*.index"))) == 4
